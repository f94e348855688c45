"""Check that the notebooks read in dependency order: every notebook is in the docs sidebar (_quarto.yml), and each one
imports only modules exported by notebooks above it there (the home page, index.ipynb, shows the finished package
and is exempt). Also check that no notebook cites files that the project's users do not have.

Usage: python tools/check_order.py        (exit status 1, with one line per problem, when a check fails)"""
import json, re, sys
from pathlib import Path
import yaml

ROOT = Path(__file__).resolve().parent.parent
NBS = ROOT/'nbs'
IMPORT = re.compile(r'^\s*(?:from\s+tokrepro\.(\w+)\s+import\b|import\s+tokrepro\.(\w+))|import_module\(\s*[\'"]tokrepro\.(\w+)', re.M)
FOREIGN = ('PAPERS.md', 'DESIGN.md', '../shared')

def sidebar_order() -> list:
    "The notebooks of the docs sidebar, top to bottom."
    def walk(items):
        for it in items:
            if isinstance(it, str): yield it
            elif isinstance(it, dict): yield from walk(it.get('contents', [])) if 'contents' in it else ([it['href']] if 'href' in it else [])
    return [p for p in walk(yaml.safe_load((ROOT/'_quarto.yml').read_text())['website']['sidebar']['contents']) if p.endswith('.ipynb')]

def cells(path):
    return json.loads(path.read_text())['cells']

def exported(path):
    for c in cells(path):
        m = re.search(r'^#\|\s*default_exp\s+(\S+)', ''.join(c['source']), re.M)
        if m: return m.group(1)

def imported(path) -> set:
    return {next(g for g in m.groups() if g) for c in cells(path) if c['cell_type'] == 'code'
            for m in IMPORT.finditer(''.join(c['source']))}

def main() -> int:
    order = sidebar_order()
    notebooks = sorted(str(p.relative_to(NBS)) for p in NBS.rglob('*.ipynb')
                       if not any(part.startswith(('.', '_')) for part in p.relative_to(NBS).parts))
    problems = [f"{n}: not in the sidebar of _quarto.yml (add it where it belongs in the reading order)" for n in notebooks if n not in order]
    problems += [f"{n}: in the sidebar of _quarto.yml but not in nbs/" for n in order if n not in notebooks]
    where = {exported(NBS/n): i for i, n in enumerate(order) if (NBS/n).exists() and exported(NBS/n)}
    for i, n in enumerate(order):
        if not (NBS/n).exists() or n == 'index.ipynb': continue
        for mod in sorted(imported(NBS/n)):
            if mod not in where: problems.append(f"{n}: imports tokrepro.{mod}, which no notebook exports")
            elif where[mod] > i: problems.append(f"{n}: imports tokrepro.{mod}, exported by {order[where[mod]]}, which comes later in the reading order")
    for n in notebooks:
        text = (NBS/n).read_text()
        problems += [f"{n}: cites {f}, which the project's users do not have (cite papers.ipynb)" for f in FOREIGN if f in text]
    for p in problems: print(p)
    print(f"reading order: {len(order)} notebooks checked, {len(problems)} problem(s)")
    return 1 if problems else 0

if __name__ == '__main__': sys.exit(main())
