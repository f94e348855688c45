"""BLAS threads beside a busy core: the FID bootstrap of one sample set (tokrepro.metrics.bootstrap over Fréchet
distances, what `sample_measures` runs for every sample set) with numpy's BLAS left at its default threads against
the same limited to one thread, while a second process keeps one core busy as a stage side by side does.

Both are timed in the same run, alternating, on the same features (random, 2000 × 128: the toy FID classifier's
width and the toy sample count); the ratio is what the runner's `threadpool_limits` in `_run_stage` buys.
Usage: python benchmarks/blas_threads.py [--reps 50] [--repeats 3]"""
import argparse, multiprocessing as mp, time
import torch
from threadpoolctl import threadpool_limits
from tokrepro.metrics import bootstrap, frechet_to, feature_statistics

def busy(stop):
    "The other stage: float32 matrix products on one thread until told to stop."
    torch.set_num_threads(1); a = torch.randn(512, 512)
    while not stop.is_set(): a = (a @ a).clamp(-1, 1)

def fid_bootstrap(fs, fr, reps):
    to = frechet_to(*feature_statistics(fr))
    t = time.perf_counter(); bootstrap(lambda f: to(*feature_statistics(f)), fs, reps=reps); return time.perf_counter() - t

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--reps', type=int, default=50); ap.add_argument('--repeats', type=int, default=3)
    a = ap.parse_args()
    torch.set_num_threads(1)
    g = torch.Generator().manual_seed(0)
    fs, fr = torch.randn(2000, 128, generator=g), torch.randn(2000, 128, generator=g) * 1.1 + 0.1
    stop = mp.Event(); other = mp.Process(target=busy, args=(stop,)); other.start()
    try:
        free, one = [], []
        for _ in range(a.repeats):
            free.append(fid_bootstrap(fs, fr, a.reps))
            with threadpool_limits(1): one.append(fid_bootstrap(fs, fr, a.reps))
    finally: stop.set(); other.join()
    med = lambda x: sorted(x)[len(x) // 2]
    print(f"FID bootstrap, {a.reps} resamples, one core busy beside it: default BLAS threads {med(free):.2f} s, "
          f"one BLAS thread {med(one):.2f} s (medians of {a.repeats}); ratio {med(free) / med(one):.1f}×")

if __name__ == '__main__': main()
