"""Execute notebooks in place so that the docs show their outputs, then drop any output that names a path of the
machine it ran on (temporary folders, the checkout, the environment), which must never be committed.

Usage: python tools/execute_nbs.py [NOTEBOOK ...]   (default: every notebook under nbs/ outside experiments)"""
import os, re, sys, tempfile
from pathlib import Path
import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
LOCAL = [re.escape(str(p)) for p in {ROOT, Path(sys.prefix), Path(tempfile.gettempdir()), Path.home()}]
LOCAL_RE = re.compile('|'.join(LOCAL))

def names_local_path(out) -> bool:
    "Whether a cell output mentions a local absolute path."
    return bool(LOCAL_RE.search(str(out)))

def execute(path:Path):
    nb = nbformat.read(path, as_version=4)
    os.environ.setdefault('MPLBACKEND', 'module://matplotlib_inline.backend_inline')
    NotebookClient(nb, timeout=1200, kernel_name='python3', resources={'metadata': {'path': str(path.parent)}}).execute()
    dropped = 0
    for c in nb.cells:
        if c.cell_type == 'code' and any(names_local_path(o) for o in c.outputs):
            c.outputs = []; dropped += 1
    nbformat.write(nb, path)
    print(f"{path.relative_to(ROOT)}: executed; outputs of {dropped} cells dropped for naming local paths")

if __name__ == '__main__':
    nbs = [Path(p).resolve() for p in sys.argv[1:]] or sorted(
        p for p in (ROOT/'nbs').glob('*.ipynb') if not p.name.startswith(('.', '_')))
    for p in nbs: execute(p)
