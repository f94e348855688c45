"""Engine overhead at the toy scale: `tokrepro.train.fit` against a bare PyTorch loop, same model, same data, one run.

Model: timm's ViT-Tiny at 32 px, patch 4 (the size of the toy teachers and encoders), classifying the toy world;
AdamW, batch 64, images decoded once into memory with the 'strong' recipe applied per sample. The engine runs with
everything a real stage uses: EMA, gradient clipping, the non-finite check, logging every 10 steps, the seeded
per-sample data order, a progress bar and a final checkpoint. Steady-state seconds per step are compared (the first
steps and the run's set-up and final save are left out of both).
Usage: python benchmarks/engine_overhead.py [--steps 30] [--batch 64] [--repeats 2]"""
import argparse, json, tempfile, time
from dataclasses import dataclass
from pathlib import Path
import torch, torch.nn as nn, timm
from tokrepro.toyworld import ensure_toy_world, index_toy_world
from tokrepro.data import ImageDataset, make_transform, to_pm1
from tokrepro.train import Task, TrainConfig, fit, param_groups

def make_model():
    torch.manual_seed(0)
    return timm.create_model('vit_tiny_patch16_224', img_size=32, patch_size=4, num_classes=20)

class Classify(Task):
    name = 'bench-classifier'
    def __init__(self, cfg, ds): super().__init__(cfg); self.ds = ds
    def build_models(self): return dict(model=make_model())
    def train_dataset(self): return self.ds
    def losses(self, phase, models, batch, step, scratch):
        loss = nn.functional.cross_entropy(models['model'](to_pm1(batch['image'])), batch['label'])
        return dict(loss=loss)

def bare(ds, steps, batch, warm=3):
    "The reference: the same model, optimizer and data in the plainest loop."
    model = make_model(); opt = torch.optim.AdamW(param_groups([model], 0.05), lr=1e-3)
    dl = torch.utils.data.DataLoader(ds, batch_size=batch, shuffle=True, num_workers=0, drop_last=True)
    it, times = iter(dl), []
    for i in range(steps + warm):
        t = time.perf_counter()
        b = next(it)
        loss = nn.functional.cross_entropy(model(to_pm1(b['image'])), b['label'])
        opt.zero_grad(set_to_none=True); loss.backward(); opt.step()
        if i >= warm: times.append(time.perf_counter() - t)
    return sum(times) / len(times)

def engine(ds, steps, batch, warm=3):
    "The engine: per-step time from its own log between the first and the last logged step."
    cfg = TrainConfig(steps=steps + warm, batch_size=batch, lr=1e-3, weight_decay=0.05, grad_clip=1.0, ema_decay=0.999,
                      workers=0, log_every=warm, ckpt_every=0)
    with tempfile.TemporaryDirectory() as d:
        fit(Classify(cfg, ds), d, quiet=True)
        log = [json.loads(l) for l in (Path(d)/'log.jsonl').read_text().splitlines()]
    # images_per_s of each log covers the steps since the previous log; skip the first (warm-up) window
    rates = [l['images_per_s'] for l in log[1:]]
    return batch / (sum(rates) / len(rates))

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--steps', type=int, default=30); ap.add_argument('--batch', type=int, default=64)
    ap.add_argument('--repeats', type=int, default=2); ap.add_argument('--data', default='data')
    a = ap.parse_args()
    root = ensure_toy_world('toy', data_dir=a.data)
    ds = ImageDataset(index_toy_world(root, 'train', workers=2), make_transform('strong', 32), cache=True)
    b, e = [], []
    for _ in range(a.repeats):   # interleaved, so that drifts of the machine hit both alike
        b.append(bare(ds, a.steps, a.batch)); e.append(engine(ds, a.steps, a.batch))
    tb, te = min(b), min(e)
    print(f"bare PyTorch loop : {tb*1000:8.1f} ms/step  (runs: {', '.join(f'{x*1000:.0f}' for x in b)})")
    print(f"tokrepro engine   : {te*1000:8.1f} ms/step  (runs: {', '.join(f'{x*1000:.0f}' for x in e)})")
    print(f"engine overhead   : {(te / tb - 1):+.1%} of the bare step ({torch.get_num_threads()} threads, batch {a.batch})")

if __name__ == '__main__': main()
