"""Execute notebooks in place so that the docs show their outputs, then drop any output that names a path of the
machine it ran on (temporary folders, the checkout, the environment), which must never be committed.

With --skip-slow, cells flagged `#| slow` or `#| gpu` are not run and keep their committed outputs (what `make test`
skips; the rest of a notebook never depends on them), so that a notebook's outputs come from the current code in
minutes rather than the hours its slow cells take.

Usage: python tools/execute_nbs.py [--skip-slow] [NOTEBOOK ...]   (default: every notebook under nbs/ outside experiments)"""
import os, re, sys, tempfile
from pathlib import Path
import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
LOCAL = [re.escape(str(p)) for p in {ROOT, Path(sys.prefix), Path(tempfile.gettempdir()), Path.home()}]
LOCAL_RE = re.compile('|'.join(LOCAL))

def names_local_path(out) -> bool:
    "Whether a cell output's text mentions a local absolute path (images are base64 and name nothing)."
    texts = [out.get('text', ''), out.get('ename', ''), out.get('evalue', ''), *out.get('traceback', [])]
    texts += [v for k, v in out.get('data', {}).items() if not k.startswith('image/')]
    return any(LOCAL_RE.search(str(t)) for t in texts)

def _reencode_png(b64:str) -> str:
    "A PNG's base64 that does not spell a local path by chance (it happens: '.../tmpN9u8...'), by re-compressing it."
    import base64, io
    from PIL import Image
    im = Image.open(io.BytesIO(base64.b64decode(b64)))
    for level in range(9, -1, -1):
        buf = io.BytesIO(); im.save(buf, 'PNG', compress_level=level)
        out = base64.b64encode(buf.getvalue()).decode()
        if not LOCAL_RE.search(out): return out
    return None

SLOW = re.compile(r'^#\|\s*(slow|gpu)\s*$', re.M)

def execute(path:Path, skip_slow:bool=False):
    nb = nbformat.read(path, as_version=4)
    os.environ.setdefault('MPLBACKEND', 'module://matplotlib_inline.backend_inline')
    kept = {}
    if skip_slow:   # run the others only: a slow cell becomes a no-op while the notebook runs, then gets its outputs back
        for i, c in enumerate(nb.cells):
            if c.cell_type == 'code' and SLOW.search(c.source): kept[i] = (c.source, c.outputs); c.source = 'pass'
    NotebookClient(nb, timeout=1200, kernel_name='python3', resources={'metadata': {'path': str(path.parent)}}).execute()
    for i, (src, outs) in kept.items(): nb.cells[i].source, nb.cells[i].outputs = src, outs
    dropped = 0
    for c in nb.cells:
        if c.cell_type == 'code' and any(names_local_path(o) for o in c.outputs):
            c.outputs = []; dropped += 1
        for o in c.get('outputs', []):
            for k, v in o.get('data', {}).items():
                if k == 'image/png' and LOCAL_RE.search(v):
                    o['data'][k] = _reencode_png(v)
                    if o['data'][k] is None: c.outputs = []; dropped += 1; break
    nbformat.write(nb, path)
    print(f"{path.relative_to(ROOT)}: executed; outputs of {dropped} cells dropped for naming local paths")

if __name__ == '__main__':
    args = [a for a in sys.argv[1:] if a != '--skip-slow']
    nbs = [Path(p).resolve() for p in args] or sorted(p for p in (ROOT/'nbs').glob('*.ipynb') if not p.name.startswith(('.', '_')))
    for p in nbs: execute(p, '--skip-slow' in sys.argv)
