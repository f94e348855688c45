"""Quantizer speed at the VQ-KD setting, as ratios measured in one run.

8192 codes × 32 dims, cosine similarity, EMA k-means update, 64 × 256 tokens, training-mode forward + backward:
ours (`tokrepro.quantizers.VectorQuantizer`) against vector-quantize-pytorch's `VectorQuantize` with equivalent
settings (cosine, EMA decay 0.99, commitment weight 1, straight-through, no k-means init, no dead-code expiry), and
against the bare distance matmul (16384×32 @ 32×8192) that any implementation must do. Peak memory is the rise of
the process's peak RSS during the steps, each implementation measured in a fresh process.
Usage: python benchmarks/quantizer_speed.py [--reps 7] [--threads N]"""
import argparse, statistics, subprocess, sys, time
import torch

N_CODES, DIM, B, L = 8192, 32, 64, 256

def make(which):
    if which == 'ours':
        from tokrepro.quantizers import VectorQuantizer
        return VectorQuantizer(N_CODES, DIM, distance='cosine', codebook='ema', beta=1.0, decay=0.99).train()
    if which == 'reference':
        from vector_quantize_pytorch import VectorQuantize
        return VectorQuantize(dim=DIM, codebook_size=N_CODES, use_cosine_sim=True, decay=0.99, commitment_weight=1.0,
                              kmeans_init=False, threshold_ema_dead_code=0, rotation_trick=False).train()
    return None

def step_fn(which):
    torch.manual_seed(0)
    x = torch.randn(B, L, DIM)
    if which == 'matmul':
        z, e = torch.randn(B * L, DIM), torch.randn(N_CODES, DIM)
        return lambda: z @ e.t()
    q = make(which)
    def step():
        xx = x.clone().requires_grad_()
        out, idx, loss = q(xx)
        (out.sum() + loss).backward()
    return step

def _peak_rss_kib():
    "The process's peak resident set (VmHWM), in KiB."
    with open('/proc/self/status') as f:
        return next(int(l.split()[1]) for l in f if l.startswith('VmHWM'))

def peak_rss_rise(which, reps=3):
    "Run in a fresh process: rise of peak RSS (MiB) over `reps` steps after the set-up."
    fn = step_fn(which)
    base = _peak_rss_kib()
    for _ in range(reps): fn()
    return (_peak_rss_kib() - base) / 1024

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--reps', type=int, default=7); ap.add_argument('--threads', type=int, default=None)
    ap.add_argument('--memory', default=None, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    if a.memory: print(peak_rss_rise(a.memory)); return
    names = ('ours', 'reference', 'matmul')
    fns = {n: step_fn(n) for n in names}
    for f in fns.values(): f()                                  # warm-up
    times = {n: [] for n in names}
    for _ in range(a.reps):                                     # interleaved, so that drifts hit all alike
        for n in names:
            t = time.perf_counter(); fns[n](); times[n].append(time.perf_counter() - t)
    med = {n: statistics.median(v) for n, v in times.items()}
    mem = {n: float(subprocess.run([sys.executable, __file__, '--memory', n] + (['--threads', str(a.threads)] if a.threads else []),
                                   capture_output=True, text=True, check=True).stdout) for n in names}
    print(f"VQ-KD setting: {N_CODES} codes x {DIM} dims, cosine, EMA, {B}x{L} tokens, train forward+backward, "
          f"{torch.get_num_threads()} threads, median of {a.reps}")
    for n in names: print(f"  {n:<10} {med[n]*1000:8.1f} ms/step   peak RSS rise {mem[n]:7.1f} MiB")
    print(f"  speed-up over vector-quantize-pytorch: {med['reference']/med['ours']:.2f}x  (target >= 4x)")
    print(f"  ours / bare distance matmul:           {med['ours']/med['matmul']:.2f}x  (target <= 1.6x)")
    print(f"  peak memory, ours / reference:         {mem['ours']/max(mem['reference'], 1e-9):.2f}  (target < 1)")

if __name__ == '__main__': main()
