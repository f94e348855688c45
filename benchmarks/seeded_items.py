"""What seeding each training item costs: `SeededItems` seeds torch's CPU generator alone, against `torch.manual_seed`
(which also queues a seed for CUDA and XPU with a stack trace, on a machine where they are not initialised), timed in one
run, rounds alternating, on a dataset that draws from the global RNG as an augmentation does; and the items are equal.
With a reproduction's folder, also the toy training loops themselves (`fit`, each way, rounds alternating): the AR and NAR
networks on VQGAN's tokens and the DiT on the latents of TexTok at N = 32, their images/s past the first steps.
Usage: python benchmarks/seeded_items.py [--run runs/reproduce-toy] [--out results/toy/seeded_items.json]"""
import argparse, json, shutil, statistics, tempfile, time
from pathlib import Path
import torch
from torch.utils.data import Dataset
from tokrepro.train import SeededItems, item_seed

class Augmented(Dataset):
    "A stand-in for an augmentation: a few draws from the global RNG per item."
    def __len__(self): return 1000
    def __getitem__(self, i): return torch.rand(3) + torch.randint(0, 10, (1,))

class WithManualSeed(SeededItems):
    "The reference: the same seed through torch.manual_seed."
    def __getitem__(self, key):
        epoch, i = key
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(item_seed(self.seed, epoch, i))
            return self.ds[i]

def loop_rate(task, seeded) -> float:
    "Images/s of a toy training loop past its first steps, with `seeded` serving its items."
    import tokrepro.train as T
    from tokrepro.train import fit
    T.SeededItems, d = seeded, Path(tempfile.mkdtemp())
    try:
        fit(task, d/'run', quiet=True)
        rates = [r['images_per_s'] for r in T.training_log(d/'run') if 'images_per_s' in r][1:]
        return statistics.median(rates)
    finally: T.SeededItems = SeededItems; shutil.rmtree(d, ignore_errors=True)

def loops(run:Path, steps:int=60, rounds:int=2) -> dict:
    "Each toy loop's images/s with the CPU generator seeded and with torch.manual_seed, rounds alternating."
    from tokrepro.ar import ARTask, ARConfig
    from tokrepro.nar import NARTask, NARConfig
    from tokrepro.dit import DiTTask, DiTConfig
    make = {'ar': lambda: ARTask(ARConfig.preset('toy', tokens=str(run/'tokens_vqgan'), steps=steps, log_every=steps // 4, ckpt_every=0, eval_images=0)),
            'nar': lambda: NARTask(NARConfig.preset('toy', tokens=str(run/'tokens_vqgan'), steps=steps, log_every=steps // 4, ckpt_every=0, eval_images=0)),
            'dit': lambda: DiTTask(DiTConfig.preset('toy', latents=str(run/'latents_textok_n32_both'), steps=steps, log_every=steps // 4, ckpt_every=0))}
    out = {}
    for name, task in make.items():
        r = {'cpu generator': [], 'torch.manual_seed': []}
        for _ in range(rounds):
            r['cpu generator'].append(loop_rate(task(), SeededItems)); r['torch.manual_seed'].append(loop_rate(task(), WithManualSeed))
        m = {k: statistics.median(v) for k, v in r.items()}
        out[name] = dict(images_per_s={k: round(v, 1) for k, v in m.items()}, faster=round(m['cpu generator'] / m['torch.manual_seed'], 3))
        print(name, out[name], flush=True)
    return out

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0]); ap.add_argument('--out', default='')
    ap.add_argument('--run', default='', help="a toy reproduction's folder (its tokens_vqgan and latents_textok_n32_both)")
    a = ap.parse_args(); torch.set_num_threads(1)
    ours, ref = SeededItems(Augmented(), 3), WithManualSeed(Augmented(), 3)
    keys = [(e, i) for e in range(2) for i in range(500)]
    equal = all(torch.equal(ours[k], ref[k]) for k in keys)
    t = {'cpu generator': [], 'torch.manual_seed': []}
    for _ in range(7):
        for name, ds in (('cpu generator', ours), ('torch.manual_seed', ref)):
            s = time.perf_counter()
            for k in keys: ds[k]
            t[name].append((time.perf_counter() - s) / len(keys) * 1e6)
    res = dict(items_equal=equal, us_per_item={k: round(statistics.median(v), 1) for k, v in t.items()},
               ratio=round(statistics.median(t['torch.manual_seed']) / statistics.median(t['cpu generator']), 1))
    print(json.dumps(res), flush=True)
    if a.run: res['loops'] = dict(steps=60, threads=1, **loops(Path(a.run)))
    if a.out: Path(a.out).write_text(json.dumps(res, indent=1))
