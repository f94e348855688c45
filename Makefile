# tokrepro: the two commands of the README are `make test` and `make reproduce`.
# Both create .venv on first use (Python 3.10+) with the pinned set in constraints.txt, and reuse it after.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SCALE  ?= toy
JOBS   ?= 2
export PIP_DISABLE_PIP_VERSION_CHECK = 1

.PHONY: help venv test reproduce reproduce-more verdict textok lab docs export clean readme lock benchmark outputs check pages
help:
	@echo "make test       install (first run only) and run every notebook's tests"
	@echo "make reproduce  install (first run only) and run the main-table experiment (with TexTok's headline) at SCALE=$(SCALE) (smoke|toy|toy-large), JOBS=$(JOBS) stages at a time"
	@echo "make reproduce-more  the other experiments: teachers, feature tokenizers, the second table (multi-object world), the seed spread"
	@echo "make verdict    the verdict study: learning curves, the length rule, paired seeds, a verdict per claim (its own command; CLAIMS=core: claims (1) and (3) alone; CLAIMS=draws,usage,series,t2i,cluster,drawn,teachers: those parts; drawn: claims (1) and (3) over three tokenizer draws at a matched rFID)"
	@echo "make textok     TexTok with and without text, the injection ablation, a DiT on each (its own command; PART=headline|sweep|ablation|seeds|t2i|dit_rule: one part)"
	@echo "make lab        JupyterLab on the notebooks        make docs    the Quarto site (needs Quarto)"
	@echo "make export     notebooks -> tokrepro/ + README    make clean   strip notebook outputs/metadata"
	@echo "make benchmark  data loader vs model step (toy)  make outputs  execute notebooks for the docs"
	@echo "make check      the notebooks read in dependency order (no notebook imports a later one)"
	@echo "make pages      the docs pages without Quarto: nbdev-processed HTML and Chromium screenshots in _pages/"

$(STAMP): settings.ini setup.py constraints.txt
	@$(PYTHON) tools/check_python.py
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "installing tokrepro and its pinned dependencies into $(VENV) (a few minutes the first time)..."
	@if $(BIN)/python -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then \
	  $(BIN)/python -m pip install -qq -c constraints.txt -e ".[dev]"; \
	else \
	  echo "constraints.txt is tested on CPython 3.11: pinning only torch, torchvision and the nbdev 2 set here"; \
	  grep -E '^(torch|torchvision|nbdev|execnb|fastcore)==' constraints.txt > $(VENV)/core-constraints.txt; \
	  $(BIN)/python -m pip install -qq -c $(VENV)/core-constraints.txt -e ".[dev]"; \
	fi
	@touch $(STAMP)
	@echo "$(VENV) is ready."

venv: $(STAMP)

test: venv
	@$(BIN)/python tools/nbtest.py

# the main-table experiment through papermill; at the toy scale the report, tables and figures are also copied to results/toy/,
# the executed notebook to nbs/experiments/, and the README regenerated from them
PUBLISH = $(if $(filter toy,$(SCALE)),--publish results/toy)
reproduce: venv
	@$(BIN)/python tools/experiments.py main_table --scale $(SCALE) --jobs $(JOBS) $(PUBLISH)
	@if [ "$(SCALE)" = toy ]; then $(BIN)/python tools/readme.py && echo "README.md regenerated from results/toy/report.json"; fi

# the other experiments (teachers, feature tokenizers, the second table, the seed spread) on top of the cached main table
reproduce-more: venv
	@$(BIN)/python tools/experiments.py teachers cluster second_table seeds --scale $(SCALE) --jobs $(JOBS) $(PUBLISH)
	@if [ "$(SCALE)" = toy ]; then $(BIN)/python tools/readme.py && echo "README.md regenerated from results/toy/report.json"; fi

# the verdict study (nbs/experiments/verdict.ipynb) on top of the cached main table: its own command, never part of make reproduce
CLAIMS ?= all
verdict: venv
	@$(BIN)/python tools/experiments.py verdict --scale $(SCALE) --jobs $(JOBS) $(PUBLISH) -p claims=$(CLAIMS)
	@if [ "$(SCALE)" = toy ]; then $(BIN)/python tools/readme.py && echo "README.md regenerated from results/toy/report.json"; fi

# TexTok's experiment (nbs/experiments/textok.ipynb): its own command; PART=headline|sweep|ablation|seeds|t2i|dit_rule runs one part
PART ?= all
textok: venv
	@$(BIN)/python tools/experiments.py textok --scale $(SCALE) --jobs $(JOBS) $(PUBLISH) -p part=$(PART)
	@if [ "$(SCALE)" = toy ]; then $(BIN)/python tools/readme.py && echo "README.md regenerated from results/toy/report.json"; fi

check: venv
	@$(BIN)/python tools/check_order.py

lab: venv
	$(BIN)/jupyter lab nbs

export: venv
	$(BIN)/nbdev_export
	$(BIN)/python tools/readme.py

clean: venv
	$(BIN)/nbdev_clean

readme: venv
	$(BIN)/python tools/readme.py

docs: venv
	@if command -v quarto >/dev/null 2>&1; then $(BIN)/nbdev_docs; \
	else echo "make docs: Quarto is not installed on this machine, so the site cannot be rendered."; \
	     echo "Install Quarto (quarto.org, 'Get Started'), then run 'make docs' again; the site lands in _docs/."; \
	     echo "Meanwhile: JupyterLab ('make lab') shows the same notebooks, and README.md is built from nbs/index.ipynb."; exit 2; fi

# the notebooks' outputs from the current code; their `slow` cells keep their committed outputs unless SLOW=1
outputs: venv
	$(BIN)/python tools/execute_nbs.py $(if $(SLOW),,--skip-slow)
	$(BIN)/nbdev_clean

benchmark: venv
	$(BIN)/python benchmarks/data_loader.py

lock: venv
	$(BIN)/python tools/lock.py

pages: venv
	@$(BIN)/python tools/render_pages.py
