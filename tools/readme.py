"""Build README.md from nbs/index.ipynb (what `nbdev_readme` does through Quarto, which these machines lack).

Markdown cells are copied; code cells become ```python blocks followed by their text outputs; cells whose first
lines carry `#| hide` are left out, and other `#|` directive lines are dropped. `--check` exits 1 when README.md
is out of date instead of writing it."""
import sys
from pathlib import Path
import nbformat

ROOT = Path(__file__).resolve().parent.parent

def render(nb) -> str:
    out = []
    for c in nb.cells:
        lines = c.source.splitlines()
        if c.cell_type == 'markdown': out.append(c.source.strip()); continue
        if c.cell_type != 'code': continue
        directives = [l for l in lines if l.startswith('#|')]
        if any(d.split()[1:2] == ['hide'] for d in directives): continue
        code = '\n'.join(l for l in lines if not l.startswith('#|')).strip()
        if code: out.append(f"```python\n{code}\n```")
        for o in c.get('outputs', []):
            text = o.get('text') or o.get('data', {}).get('text/plain', '')
            if text: out.append(f"```\n{text.rstrip()}\n```")
    return '\n\n'.join(out) + '\n'

def main():
    text = "<!-- generated from nbs/index.ipynb by tools/readme.py (make readme): edit the notebook, not this file -->\n\n"
    text += render(nbformat.read(ROOT/'nbs'/'index.ipynb', as_version=4))
    readme = ROOT/'README.md'
    if '--check' in sys.argv:
        if not readme.exists() or readme.read_text() != text:
            sys.exit("README.md is out of date with nbs/index.ipynb: run `make readme` and commit it")
        return
    readme.write_text(text)

if __name__ == '__main__': main()
