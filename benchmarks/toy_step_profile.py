"""Where a toy VQGAN step's time goes, in float32 and under bf16 autocast, measured in one run on one thread.

The toy VQGAN stage (taming layout, 32 px, batch 32, perceptual loss and PatchGAN from the first step) is built by the
engine exactly as the stage trains it; a few warm-up steps, then the median of timed steps for each precision, then
torch.profiler's top operators of each. It shows what bf16 buys on this CPU and what eats it: GroupNorm on the
channels-last bf16 tensors that the autocast convolutions return takes a slow path.
Usage: python benchmarks/toy_step_profile.py [--steps 8] [--top 8]"""
import argparse, tempfile, time
from pathlib import Path
import torch
from torch.profiler import profile, ProfilerActivity
from tokrepro.train import Trainer, fit
from tokrepro.convnets import VQGANTask
from tokrepro.perceptual import PerceptualTask, PerceptualConfig
from tokrepro.toyworld import ensure_toy_world

def trainer(tmp:Path, perceptual:Path, precision:str):
    cfg = VQGANTask.Config.preset('toy', data=str(ensure_toy_world('toy')), perceptual=str(perceptual), disc_start=0,
                                  mixed_precision=precision, steps=100)
    tr = Trainer(VQGANTask(cfg), tmp/f'vqgan-{precision}', quiet=True); tr.setup(); tr.build()
    return tr, tr.batches(tr.task.train_dataset(), dict(step=0, epoch=0, batch=0, images=0))

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--steps', type=int, default=8); ap.add_argument('--top', type=int, default=8)
    a = ap.parse_args()
    torch.set_num_threads(1)
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        fit(PerceptualTask(PerceptualConfig.preset('toy', steps=2, data=str(ensure_toy_world('toy')))), tmp/'perc', quiet=True)  # its size, not its skill, sets the cost
        runs = {p: trainer(tmp, tmp/'perc', p) for p in ('no', 'bf16')}
        times = {p: [] for p in runs}
        for p, (tr, it) in runs.items():
            for _ in range(3): tr.step(next(it), 10)
        for _ in range(a.steps):   # alternate, so that both precisions see the same machine
            for p, (tr, it) in runs.items():
                t = time.perf_counter(); tr.step(next(it), 10); times[p].append(time.perf_counter() - t)
        med = {p: sorted(v)[len(v) // 2] for p, v in times.items()}
        print(f"toy VQGAN step, batch 32, one thread: float32 {1000 * med['no']:.0f} ms, bf16 autocast {1000 * med['bf16']:.0f} ms "
              f"(ratio {med['no'] / med['bf16']:.2f}×, medians of {a.steps})")
        for p, (tr, it) in runs.items():
            with profile(activities=[ProfilerActivity.CPU]) as prof:
                for _ in range(3): tr.step(next(it), 10)
            ev = sorted(prof.key_averages(), key=lambda e: -e.self_cpu_time_total)
            total = sum(e.self_cpu_time_total for e in ev)
            print(f"\n{'float32' if p == 'no' else 'bf16 autocast'}: top operators by own time (3 steps)")
            for e in ev[:a.top]: print(f"  {e.key[:48]:48s} {100 * e.self_cpu_time_total / total:5.1f}%  {e.self_cpu_time_total / 3e3:7.1f} ms/step")

if __name__ == '__main__': main()
