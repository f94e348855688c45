"""Does bf16 autocast hold a toy pixel stage's quality at equal steps? A finished float32 run's config trained again under bf16.

A stage's run folder (for instance runs/reproduce-toy/vqgan or runs/reproduce-toy/decoder_vqkd_vit) holds its float32
config and its evaluation. This trains the same config (same seed, data order, steps and evaluation) with
mixed_precision='bf16' into a scratch folder and prints both evaluations side by side, with each run's training
throughput read from its log (images/s, median over the logged steps). The toy stages are deterministic for a config,
so the difference is the precision's alone. Throughput compares only runs made on the same machine under the same
load: run this alone, or read the ratio as indicative.
Usage: python benchmarks/bf16_quality.py RUN [--threads 1] [--keep DIR]"""
import argparse, json, statistics, tempfile, time
from pathlib import Path
import torch
from tokrepro.train import TASKS, fit, _import_stages, training_log

def throughput(run:Path) -> float:
    "Median images/s over a run's logged steps."
    xs = [r['images_per_s'] for r in training_log(run) if 'images_per_s' in r]
    return statistics.median(xs) if xs else float('nan')

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('run', help='a finished float32 run folder')
    ap.add_argument('--threads', type=int, default=1); ap.add_argument('--keep', default=None, help='train the bf16 run here (default: a scratch folder)')
    a = ap.parse_args()
    torch.set_num_threads(a.threads); _import_stages()   # every stage's task registered
    run = Path(a.run)
    saved = json.loads((run/'config.json').read_text())
    summary = json.loads((run/'final'/'summary.json').read_text())
    task = TASKS[saved['stage']]
    if saved['config'].get('mixed_precision', 'no') != 'no': raise SystemExit(f"{run} trained under {saved['config']['mixed_precision']}: give a float32 run")
    cfg = task.Config.from_dict({**saved['config'], 'mixed_precision': 'bf16'})
    with tempfile.TemporaryDirectory() as d:
        dest = Path(a.keep or d)/f"{run.name}-bf16"
        t = time.time(); s = fit(task(cfg), dest, quiet=True); wall = time.time() - t
        f32, b16 = summary['eval'], s['eval']
        print(f"{saved['stage']} ({cfg.model}, {cfg.steps} steps): float32 against bf16 autocast at equal steps")
        for k in f32: print(f"  {k:<18} {f32[k]:>10.4f} {b16.get(k, float('nan')):>10.4f}")
        tf, tb = throughput(run), throughput(dest)
        print(f"  images/s           {tf:>10.1f} {tb:>10.1f}   (ratio {tb / tf:.2f}x; bf16 wall {wall:.0f} s on {a.threads} thread(s))")

if __name__ == '__main__': main()
