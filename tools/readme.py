"""Build README.md from nbs/index.ipynb, executed (what `nbdev_readme` does through Quarto, which these machines lack).

The notebook runs in nbs/ (with execnb, as `nbdev_test` runs notebooks), so every table it prints comes from what it
reads: the committed report of the last toy reproduction (results/toy/report.json) and the papers' tables
(tokrepro.papers); no number in the README is typed. Markdown cells are copied; code cells become ```python blocks
followed by their outputs (Markdown outputs as Markdown, text in ``` blocks); cells whose directives include
`#| hide` are left out, `#| echo: false` keeps only the outputs, and other `#|` directive lines are dropped.
`--check` exits 1, without writing, when README.md is not what the notebook and the report give now.

Usage: python tools/readme.py [--check]"""
import os, sys
from pathlib import Path
from execnb.nbio import read_nb
from execnb.shell import CaptureShell

ROOT = Path(__file__).resolve().parent.parent
HEAD = "<!-- generated from nbs/index.ipynb and results/toy/report.json by tools/readme.py (make readme): edit the notebook, not this file -->\n\n"

def executed(path:Path):
    "The notebook at `path`, run top to bottom in its own folder."
    nb, cwd = read_nb(path), os.getcwd()
    try:
        os.chdir(path.parent); sh = CaptureShell(); sh.set_path(path.parent.resolve())
        sh.run_all(nb, exc_stop=True)
    finally: os.chdir(cwd)
    return nb

def _outputs(c):
    for o in c.get('outputs', []):
        data = o.get('data', {})
        if 'text/markdown' in data: yield ''.join(data['text/markdown']).strip()
        elif o.get('output_type') == 'stream' or 'text/plain' in data:
            text = ''.join(o.get('text', '') or data.get('text/plain', '')).rstrip()
            if text: yield f"```\n{text}\n```"

def render(nb) -> str:
    out = []
    for c in nb.cells:
        if c.cell_type == 'markdown': out.append(c.source.strip()); continue
        if c.cell_type != 'code': continue
        lines = c.source.splitlines()
        directives = [l[2:].strip() for l in lines if l.startswith('#|')]
        if any(d.split()[:1] == ['hide'] for d in directives): continue
        code = '\n'.join(l for l in lines if not l.startswith('#|')).strip()
        if code and 'echo: false' not in directives: out.append(f"```python\n{code}\n```")
        out.extend(_outputs(c))
    return '\n\n'.join(out) + '\n'

def main():
    text = HEAD + render(executed(ROOT/'nbs'/'index.ipynb'))
    readme = ROOT/'README.md'
    if '--check' in sys.argv:
        if not readme.exists() or readme.read_text() != text:
            sys.exit("README.md is not what nbs/index.ipynb and results/toy/report.json give now: run `make readme` and commit it")
        return
    readme.write_text(text)

if __name__ == '__main__': main()
