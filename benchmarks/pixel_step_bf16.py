"""One training step of each toy pixel stage (VQGAN, FSQ, a pixel decoder) in float32 against bf16 autocast, in one run.

The stages' configs are read from a toy reproduction's run folders; both arms step the same models on the same batch,
interleaved, so that the machine's load weighs on both alike. Prints each arm's median step time and the ratio
bf16 / float32 (below 1: bf16 is faster). Steps before the discriminator starts and after are timed apart.
With --out, the times and ratios are also written as JSON (results/toy/pixel_step_bf16.json is what the reproduce
notebook shows).
Usage: python benchmarks/pixel_step_bf16.py [RUNS] [--reps 10] [--threads 1] [--out FILE]   (RUNS: default runs/reproduce-toy)"""
import argparse, json, os, statistics, time
from pathlib import Path
import torch
from tokrepro.train import TASKS, _import_stages

def stepper(run:Path, step:int):
    "A function that takes one optimizer step of every phase started at `step`, in float32 or under bf16 autocast."
    saved = json.loads((run/'config.json').read_text())
    T = TASKS[saved['stage']]
    c = T.Config.from_dict({**saved['config'], 'fid': ''})
    task = T(c); models, frozen = task.build_models(), task.frozen()
    if c.channels_last:
        for m in models.values(): m.to(memory_format=torch.channels_last)
    opts = {k: torch.optim.AdamW([p for p in m.parameters() if p.requires_grad], 1e-4) for k, m in models.items()}
    phases = [p for p in task.phases() if step >= p.start]
    x = torch.randint(0, 256, (c.batch_size, 3, c.image_size, c.image_size), dtype=torch.uint8, generator=torch.Generator().manual_seed(0))
    def one(bf16:bool):
        scratch = {}
        for ph in phases:
            with torch.autocast('cpu', dtype=torch.bfloat16, enabled=bf16):
                loss = task.losses(ph.name, {**models, **frozen}, dict(image=x), step, scratch)['loss']
            loss.backward()
            for m in ph.models: opts[m].step(); opts[m].zero_grad(set_to_none=True)
    return one, c

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('runs', nargs='?', default='runs/reproduce-toy')
    ap.add_argument('--reps', type=int, default=10); ap.add_argument('--threads', type=int, default=1)
    ap.add_argument('--out', default=None, help='also write the times and ratios to this JSON file')
    a = ap.parse_args()
    out = dict(reps=a.reps, threads=a.threads, load=round(os.getloadavg()[0], 2), cpus=os.cpu_count(), stages={})   # the machine's load when it started: other work slows both arms
    torch.set_num_threads(a.threads); _import_stages()
    for name in ('vqgan', 'fsq', 'decoder_vqkd_vit'):
        run = Path(a.runs)/name
        for at in ('before', 'after'):
            cfg = json.loads((run/'config.json').read_text())['config']
            one, c = stepper(run, 0 if at == 'before' else cfg['disc_start'])
            for bf16 in (False, True, False, True): one(bf16)   # warm-up
            t = {False: [], True: []}
            for _ in range(a.reps):
                for bf16 in (False, True):
                    s = time.perf_counter(); one(bf16); t[bf16].append(time.perf_counter() - s)
            f32, b16 = statistics.median(t[False]), statistics.median(t[True])
            print(f"{name:<17} {at:>6} the discriminator: float32 {f32:.3f} s, bf16 {b16:.3f} s per step of {c.batch_size}: ratio {b16 / f32:.2f}", flush=True)
            out['stages'].setdefault(name, {})[at] = dict(batch=c.batch_size, float32_s=round(f32, 4), bf16_s=round(b16, 4), ratio=round(b16 / f32, 3))
    if a.out: Path(a.out).write_text(json.dumps(out, indent=1))

if __name__ == '__main__': main()
