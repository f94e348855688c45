"""Does bf16 autocast hold the toy AR and NAR networks' quality at equal steps? Each network trained over seeds in both precisions, on a finished toy reproduction.

For each tokenizer asked for, the AR and the NAR stage's own config (its token cache, its steps, its seed offset) is
trained into a scratch folder in float32 and under bf16 autocast at each training seed; each network is then
measured as the reproduction measures it: its validation NLL (AR: per token; NAR: the masked cross-entropy), and
one class-conditional sample per reference image, drawn in the reproduction's sampling precision at one sampling
seed, scored by FID in the toy classifier's features and the classifier's accuracy. The rule, fixed before any
comparison: bf16 trains the toy proposal networks if, for every network, the mean NLL, FID and accuracy over the
training seeds differ between the precisions by at most twice the standard error of that difference (from the
seeds' spread), the rule of the verdict study. The speed is a ratio measured in one process: the two precisions'
training steps alternate, so both see the same machine.
Usage: python benchmarks/proposal_precision.py [RUNS] [--tokenizers vqgan,vqkd_vit] [--kinds ar,nar] [--seeds 3] [--first-seed 0] [--length rule] [--jobs 2] [--out FILE]"""
import argparse, dataclasses, json, statistics, tempfile, time
from pathlib import Path
import multiprocessing as mp
import torch
from tokrepro.ar import _task   # a proposal kind's Task class
from sampling_precision import compare, context   # the same rule on a measure's seeds (a two-sided test: its direction does not matter)

PRECISIONS = {'float32': 'no', 'bf16': 'bf16'}   # the name in the table -> TrainConfig.mixed_precision
NLL = {'ar': 'val_nll', 'nar': 'val_masked_ce'}   # the stage's validation measure of each kind

def config(ctx, kind:str, key:str, seed:int, precision:str, length:str=''):
    "The stage's config of proposal network (kind, key, seed offset, length) in one precision."
    from tokrepro.ar import proposal_config, proposal_id
    return dataclasses.replace(proposal_config(ctx, proposal_id(kind, key, seed=seed, length=length)), mixed_precision=PRECISIONS[precision])

def measure(args):
    "Every seed and precision of one network: validation NLL, FID, accuracy, training seconds."
    src, kind, key, seeds, first, length = args
    torch.set_num_threads(1)
    from tokrepro.train import fit, _import_stages
    from tokrepro.generation import load_proposal, generate, sample_metrics, class_accuracy, reference_split
    from tokrepro.data import split_images
    from tokrepro.fidclf import FID_CLASSIFIER, fid_spec
    _import_stages()
    ctx = context(src)
    real, labels = split_images(ctx.root(), reference_split(ctx.root()), labels=True)
    rows = {p: [] for p in PRECISIONS}
    with tempfile.TemporaryDirectory() as d:
        for seed in range(first, first + seeds):
            for prec in PRECISIONS:
                cfg, dest = config(ctx, kind, key, seed, prec, length), Path(d)/f'{kind}-{key}-{seed}-{prec}'
                t = time.time(); s = fit(_task(kind)(cfg), dest, quiet=True); train_s = time.time() - t
                g = generate(load_proposal(dest), labels=labels, seed=0)   # the reproduction's sampling precision, one stream for all
                m = sample_metrics(g['images'], real, fid_spec(ctx), isc=False)
                rows[prec].append(dict(seed=seed, nll=round(s['eval'][NLL[kind]], 5), fid=round(m['fid'], 4),
                                       accuracy=round(class_accuracy(g['images'], labels, ctx.run(FID_CLASSIFIER)), 4), train_s=round(train_s, 1)))
                r = rows[prec][-1]
                print(f"{kind} {key:9s} seed {seed} {prec:8s} NLL {r['nll']:.4f}  FID {r['fid']:.2f}  accuracy {100 * r['accuracy']:.1f}%  trained in {r['train_s']} s", flush=True)
    return (kind, key), dict(steps=cfg.steps, n=len(labels), seeds=rows)

def step_ratio(src:Path, kind:str, key:str, steps:int=15) -> dict:
    "Median ms per training step in each precision, the two trainers' steps alternating in this process (one thread)."
    from tokrepro.train import Trainer, _import_stages
    torch.set_num_threads(1); _import_stages()
    ctx = context(src)
    with tempfile.TemporaryDirectory() as d:
        tr = {}
        for prec in PRECISIONS:
            t = Trainer(_task(kind)(config(ctx, kind, key, 0, prec)), Path(d)/prec, quiet=True); t.setup(); t.build()
            tr[prec] = (t, t.batches(t.task.train_dataset(), dict(step=0, epoch=0, batch=0, images=0)))
        for t, it in tr.values():
            for _ in range(3): t.step(next(it), 10)   # warm-up
        times = {p: [] for p in tr}
        for _ in range(steps):
            for p, (t, it) in tr.items():
                t0 = time.perf_counter(); t.step(next(it), 10); times[p].append(time.perf_counter() - t0)
    ms = {p: round(1000 * statistics.median(v), 1) for p, v in times.items()}
    return dict(ms_per_step=ms, speedup=round(ms['float32'] / ms['bf16'], 2))

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('runs', nargs='?', default='runs/reproduce-toy'); ap.add_argument('--tokenizers', default='vqgan,vqkd_vit')
    ap.add_argument('--seeds', type=int, default=3); ap.add_argument('--first-seed', type=int, default=0, help='the first training seed offset (fresh seeds for a second test)')
    ap.add_argument('--length', default='', help="the networks' length: '' (the preset's steps), 'xM' or 'rule' (the verdict study's, from RUNS' length rule)")
    ap.add_argument('--kinds', default='ar,nar'); ap.add_argument('--jobs', type=int, default=2); ap.add_argument('--out', default=None)
    a = ap.parse_args()
    src, keys = Path(a.runs).resolve(), a.tokenizers.split(',')
    kinds = a.kinds.split(',')
    if bad := [k for k in kinds if k not in NLL]: raise SystemExit(f"unknown kinds {bad}: say some of {list(NLL)}")
    work = [(src, kind, key, a.seeds, a.first_seed, a.length) for key in keys for kind in kinds]
    with mp.get_context('spawn').Pool(min(a.jobs, len(work))) as pool: got = dict(pool.map(measure, work))
    speed = {kind: step_ratio(src, kind, keys[0]) for kind in kinds}
    out = dict(rule="bf16 trains the toy proposal networks if, for every network, the mean validation NLL, FID and accuracy over the training seeds "
                    "move by at most twice the standard error of the difference", seeds=a.seeds, first_seed=a.first_seed, length=a.length or '1x', speed=speed, networks={})
    for (kind, key), r in got.items():
        out['networks'][f'{kind}_{key}'] = dict(steps=r['steps'], n=r['n'], nll=compare(r['seeds'], 'nll'), fid=compare(r['seeds'], 'fid'),
                                                accuracy=compare(r['seeds'], 'accuracy'), seeds=r['seeds'])
    out['holds'] = all(v[m]['holds'] for v in out['networks'].values() for m in ('nll', 'fid', 'accuracy'))
    for k, v in out['networks'].items():
        print(f"{k}: NLL {v['nll']['float32']:.4f} against {v['nll']['bf16']:.4f} (difference {v['nll']['difference']:+.4f}, 2 SE {2 * v['nll']['se']:.4f}); "
              f"FID {v['fid']['float32']:.2f} ± {v['fid']['float32_sd']:.2f} against {v['fid']['bf16']:.2f} ± {v['fid']['bf16_sd']:.2f} "
              f"(difference {v['fid']['difference']:+.2f}, 2 SE {2 * v['fid']['se']:.2f}); accuracy {100 * v['accuracy']['float32']:.1f}% against {100 * v['accuracy']['bf16']:.1f}%")
    for kind, s in speed.items(): print(f"{kind} training step: {s['ms_per_step']['float32']} ms float32, {s['ms_per_step']['bf16']} ms bf16 ({s['speedup']}x)")
    print('bf16 stays' if out['holds'] else 'bf16 fails the rule: train the proposal networks in float32')
    if a.out: Path(a.out).write_text(json.dumps(out, indent=1))

if __name__ == '__main__': main()
