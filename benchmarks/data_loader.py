"""Is data loading the bottleneck at the toy scale? Images/s of the toy loader against a model step, in one run.

The model is timm's ViT-Tiny at 32 px with patch 4 (width 192, depth 12, 64 tokens), a stand-in of the size of the
toy teachers and encoders, doing forward, backward and an AdamW step. Three measurements, same process, same threads:
  1. the loader alone (PNG decode + the `strong` recipe + collation), with and without the in-memory cache;
  2. the model alone on one fixed batch;
  3. the model fed by the loader: the share of the step spent waiting for data.
Usage: python benchmarks/data_loader.py [--data data] [--batch 128] [--steps 30] [--model-steps 6] [--workers 2]"""
import argparse, time
from pathlib import Path
import torch, timm
from tokrepro.toyworld import ensure_toy_world, index_toy_world
from tokrepro.data import ImageDataset, make_transform, make_loader, to_pm1

def loader_rate(loader, steps):
    it = iter(loader); next(it)  # start the workers
    t = time.perf_counter(); n = 0
    for _ in range(steps): n += len(next(it)['image'])
    return n / (time.perf_counter() - t)

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--data', default='data'); ap.add_argument('--batch', type=int, default=128)
    ap.add_argument('--steps', type=int, default=30, help='loader batches timed')
    ap.add_argument('--model-steps', type=int, default=6, help='model steps timed')
    ap.add_argument('--workers', type=int, default=2)
    a = ap.parse_args()
    root = ensure_toy_world('toy', data_dir=a.data)
    idx = index_toy_world(root, 'train', workers=2)
    tf = make_transform('strong', 32)
    mk = lambda cache: make_loader(ImageDataset(idx, tf, cache=cache), a.batch, shuffle=True, workers=a.workers, seed=0, drop_last=True)
    r_files, r_cache = loader_rate(mk(False), a.steps), loader_rate(mk(True), a.steps)

    torch.manual_seed(0)
    model = timm.create_model('vit_tiny_patch16_224', img_size=32, patch_size=4, num_classes=20)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4)
    def step(b):
        loss = torch.nn.functional.cross_entropy(model(to_pm1(b['image'])), b['label'])
        opt.zero_grad(set_to_none=True); loss.backward(); opt.step()
    fixed = next(iter(mk(False)))
    step(fixed)
    t = time.perf_counter()
    for _ in range(a.model_steps): step(fixed)
    r_model = a.model_steps * a.batch / (time.perf_counter() - t)

    it = iter(mk(False)); step(next(it))
    wait, t = 0.0, time.perf_counter()
    for _ in range(a.model_steps):
        t0 = time.perf_counter(); b = next(it); wait += time.perf_counter() - t0
        step(b)
    total = time.perf_counter() - t
    r_fed = a.model_steps * a.batch / total
    print(f"toy loader, PNG files   : {r_files:8.0f} images/s ({a.workers} workers, batch {a.batch}, 'strong' recipe)")
    print(f"toy loader, cached      : {r_cache:8.0f} images/s")
    print(f"model step alone        : {r_model:8.0f} images/s (toy ViT, forward+backward+AdamW, {torch.get_num_threads()} threads)")
    print(f"model fed by the loader : {r_fed:8.0f} images/s; {wait/total:.1%} of the time waiting for data")
    print(f"ratio loader/model      : {r_files/r_model:.1f}x (files), {r_cache/r_model:.1f}x (cached)")

if __name__ == '__main__': main()
