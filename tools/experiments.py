"""Execute the experiment notebooks (nbs/experiments/) with papermill, as `make reproduce` and `make test` do.

Each notebook runs at the scale asked for on one reproduction folder, so later experiments reuse the stages the
earlier ones trained. The executed copies are written to OUT/experiments/; with --publish they also replace the
notebooks in nbs/experiments/ (outputs that name a local path dropped, metadata cleaned), so that the docs show the
last toy reproduction. One line per notebook (PASS/FAIL and its time) and the summary `N passed, N failed`.

Usage: python tools/experiments.py [NAME ...] --scale smoke|toy [--jobs 2] [--out DIR] [--data DIR] [--publish results/toy] [-p NAME=VALUE ...]"""
import argparse, os, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXPERIMENTS = ROOT/'nbs'/'experiments'
ORDER = ('main_table', 'teachers', 'cluster', 'second_table', 'seeds', 'verdict', 'textok')   # reading order; the main table first, the extras, the verdict study, then TexTok's

def run(name:str, scale:str, jobs:int, out:Path, data:Path, publish:str, log:bool, params:dict=None) -> tuple:
    "Execute one experiment notebook; (passed, seconds, the error if any)."
    import papermill as pm
    dest = out/'experiments'/f'{name}.ipynb'; dest.parent.mkdir(parents=True, exist_ok=True)
    t = time.time()
    try:
        rel = lambda p: os.path.relpath(p, ROOT) if Path(p).resolve().is_relative_to(ROOT) else str(p)   # the notebook shows no local path
        pm.execute_notebook(str(EXPERIMENTS/f'{name}.ipynb'), str(dest), cwd=str(ROOT), log_output=log, progress_bar=False,
                            parameters=dict(scale=scale, jobs=jobs, out=rel(out), data=rel(data), publish=publish or '', **(params or {})))
    except Exception as e:   # papermill's PapermillExecutionError names the cell and the error
        return False, time.time() - t, str(e)
    return True, time.time() - t, ''

def publish_notebook(name:str, executed:Path):
    "Replace nbs/experiments/NAME.ipynb by its executed copy, without outputs naming local paths and with nbdev's clean metadata."
    import nbformat
    sys.path.insert(0, str(ROOT/'tools'))
    from execute_nbs import names_local_path
    nb = nbformat.read(executed, as_version=4)
    nb.cells = [c for c in nb.cells if 'injected-parameters' not in c.metadata.get('tags', [])]
    for c in nb.cells:
        if c.cell_type == 'code': c.outputs = [o for o in c.outputs if not names_local_path(o)]
    nbformat.write(nb, EXPERIMENTS/f'{name}.ipynb')
    from nbdev.clean import nbdev_clean
    nbdev_clean(str(EXPERIMENTS/f'{name}.ipynb'))

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('names', nargs='*', help=f'experiments to run (default: all, in the order {ORDER})')
    ap.add_argument('--scale', default='toy'); ap.add_argument('--jobs', type=int, default=2)
    ap.add_argument('--out', default=None, help='the reproduction folder (default runs/reproduce-SCALE)')
    ap.add_argument('--data', default='data'); ap.add_argument('--publish', default='', help='copy the report here and the executed notebooks to nbs/experiments')
    ap.add_argument('--quiet', action='store_true', help="don't stream the notebooks' output")
    ap.add_argument('-p', '--param', action='append', default=[], metavar='NAME=VALUE', help="another parameter of the notebooks, e.g. -p claims=core (the verdict study's)")
    a = ap.parse_args()
    bad = [p for p in a.param if '=' not in p]
    if bad: sys.exit(f"a parameter is NAME=VALUE, got {bad}")
    params = dict(p.split('=', 1) for p in a.param)
    names = a.names or [n for n in ORDER if (EXPERIMENTS/f'{n}.ipynb').exists()]
    missing = sorted({p.stem for p in EXPERIMENTS.glob('*.ipynb')} - set(ORDER))
    if missing: sys.exit(f"experiments not in tools/experiments.py's ORDER: {missing}: add them where they belong")
    out = Path(a.out or f'runs/reproduce-{a.scale}').resolve()
    if not a.quiet:   # papermill streams each cell's output (the stages as they finish) through its logger, at INFO
        import logging; logging.basicConfig(level=logging.INFO, format='%(message)s')
        for noisy in ('traitlets', 'asyncio'): logging.getLogger(noisy).setLevel(logging.WARNING)
    failed = []
    for n in names:
        ok, dt, err = run(n, a.scale, a.jobs, out, Path(a.data).resolve(), a.publish, not a.quiet, params)
        print(f"{'PASS' if ok else 'FAIL'}  nbs/experiments/{n}.ipynb  ({dt:.1f} s, papermill, scale {a.scale})", flush=True)
        if not ok: failed.append(n); print(err[-3000:], flush=True)
        elif a.publish: publish_notebook(n, out/'experiments'/f'{n}.ipynb')
    print(f"{len(names) - len(failed)} passed, {len(failed)} failed")
    sys.exit(1 if failed else 0)

if __name__ == '__main__': main()
