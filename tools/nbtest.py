"""Run every notebook's tests with nbdev's own engine and print one line per notebook and a summary.

Cells flagged with a `tst_flags` flag of settings.ini (`#| slow`, `#| gpu`) are skipped, as by `nbdev_test`;
folders holding a `.notest` file (the papermill experiments) are not tested cell by cell: every experiment notebook is
executed instead, with papermill at the smoke scale, on one shared reproduction folder (tools/experiments.py).
Usage: python tools/nbtest.py [NOTEBOOK ...] [--flags "slow"] [--workers N] [--no-experiments]"""
import argparse, json, os, subprocess, sys, time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

def _child(fn, skip, force):
    "Test one notebook in this (fresh) process; exit status 0 when it passes."
    from nbdev.test import test_nb
    ok, _ = test_nb(Path(fn), skip_flags=skip, force_flags=force, basepath=ROOT)
    sys.exit(0 if ok else 1)

def _run(fn, skip, force):
    "Test one notebook in its own process (notebook code may replace __main__, spawn pools, set seeds...)."
    t = time.time()
    env = dict(os.environ, MPLBACKEND='Agg')
    env.setdefault('OPENBLAS_NUM_THREADS', '1')   # two notebooks share the 2 cores: BLAS threads waiting for a busy core stall numpy
    p = subprocess.run([sys.executable, __file__, '--child', json.dumps([str(fn), skip, force])],
                       capture_output=True, text=True, env=env)
    return p.returncode == 0, time.time() - t, p.stdout + p.stderr

ROOT = Path(__file__).resolve().parent.parent

def _eligible(p, top):
    "A notebook is tested unless a folder on its way (or its own name) starts with '.' or '_', or holds `.notest`."
    rel = p.relative_to(top)
    if any(part.startswith(('.', '_')) for part in rel.parts): return False
    return not any((top/d/'.notest').exists() for d in rel.parents)

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('notebooks', nargs='*', help='notebooks to test (default: all under nbs/)')
    ap.add_argument('--flags', default='', help='space-separated flags to run anyway, e.g. "slow"')
    ap.add_argument('--workers', type=int, default=2, help='notebooks tested at once')
    ap.add_argument('--no-experiments', action='store_true', help='skip the papermill run of the experiment notebooks')
    ap.add_argument('--child', help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child: return _child(*json.loads(a.child))
    from nbdev.config import get_config
    cfg = get_config(path=ROOT)
    nbs = [Path(p).resolve() for p in a.notebooks] or sorted(p for p in cfg.nbs_path.rglob('*.ipynb') if _eligible(p, cfg.nbs_path))
    skip, force = cfg.tst_flags.split(), a.flags.split()
    print(f"testing {len(nbs)} notebooks (skipping cells flagged {sorted(set(skip) - set(force))})", flush=True)
    t0, failed = time.time(), []
    with ThreadPoolExecutor(max(1, a.workers)) as ex:
        futs = {p: ex.submit(_run, p, skip, force) for p in nbs}
        for p, f in futs.items():
            ok, dt, log = f.result()
            print(f"{'PASS' if ok else 'FAIL'}  {p.relative_to(ROOT)}  ({dt:.1f} s)", flush=True)
            if not ok: failed.append(p); print(log.rstrip(), flush=True)
    print(f"notebooks: {len(nbs)} in {time.time() - t0:.0f} s", flush=True)
    n = len(nbs)
    if not a.notebooks and not a.no_experiments:
        import tempfile
        sys.path.insert(0, str(ROOT/'tools'))
        from experiments import ORDER, EXPERIMENTS, run
        t1 = time.time()
        with tempfile.TemporaryDirectory() as d:
            for name in [e for e in ORDER if (EXPERIMENTS/f'{e}.ipynb').exists()]:
                ok, dt, err = run(name, 'smoke', 2, Path(d)/'run', Path(d)/'data', '', False)
                n += 1
                print(f"{'PASS' if ok else 'FAIL'}  nbs/experiments/{name}.ipynb  ({dt:.1f} s, papermill, scale smoke)", flush=True)
                if not ok: failed.append(name); print(err[-3000:], flush=True)
        print(f"experiments: in {time.time() - t1:.0f} s", flush=True)
    print(f"{n - len(failed)} passed, {len(failed)} failed")
    sys.exit(1 if failed or not nbs else 0)

if __name__ == '__main__': main()
