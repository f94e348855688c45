"""LPIPS's per-layer term as a training loss: tokrepro's channel-sum form against the direct form, as a ratio measured in one run.

The direct form (LPIPS's own) divides both activation maps by their channel norms, differences, squares and sums over
channels; tokrepro's `lpips_layer` gets the same number from three channel sums (see nbs/03_metrics.ipynb). Both are
timed forward + backward on the shapes of the toy perceptual network's four layers, for a batch of 32 image pairs.
Usage: python benchmarks/lpips_layer.py [--reps 20] [--threads N]"""
import argparse, time
import torch
from tokrepro.metrics import lpips_layer

def direct(fx, fy, eps=1e-10):
    nx = fx / (fx.pow(2).sum(1, keepdim=True).sqrt() + eps)
    ny = fy / (fy.pow(2).sum(1, keepdim=True).sqrt() + eps)
    return (nx - ny).pow(2).sum(1).mean((1, 2))

def timed(f, fx, fy, reps):
    for _ in range(3): f(fx, fy).sum().backward()
    t = time.perf_counter()
    for _ in range(reps): f(fx, fy).sum().backward()
    return (time.perf_counter() - t) / reps

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--reps', type=int, default=20); ap.add_argument('--threads', type=int, default=None)
    a = ap.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    g = torch.Generator().manual_seed(0)
    total = [0.0, 0.0]
    for shape in ((32, 32, 32, 32), (32, 64, 16, 16), (32, 96, 8, 8), (32, 128, 4, 4)):
        fx = torch.relu(torch.randn(*shape, generator=g)).requires_grad_()
        fy = torch.relu(torch.randn(*shape, generator=g))
        td, to = timed(direct, fx, fy, a.reps), timed(lpips_layer, fx, fy, a.reps)
        total[0] += td; total[1] += to
        print(f"layer {str(shape):<18} direct {td*1000:6.2f} ms   channel sums {to*1000:6.2f} ms   ratio {td/to:4.1f}x")
    print(f"four layers: direct {total[0]*1000:.1f} ms, channel sums {total[1]*1000:.1f} ms: {total[0]/total[1]:.1f}x faster "
          f"({torch.get_num_threads()} threads)")

if __name__ == '__main__': main()
