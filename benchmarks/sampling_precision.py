"""The toy NAR network sampled under bf16 autocast against float32: every measure, over sampling seeds, on a finished toy reproduction.

For each tokenizer asked for, the reproduction's trained NAR network draws one class-conditional sample per
reference image at the tuned guidance, with its trunk in float32 and under bf16 autocast (the head and the draws
are float32 in both), at the same sampling seeds; each set is measured as the generation stage measures it (FID
and KID in the toy classifier's features, the classifier's accuracy). The rule, fixed before any comparison:
bf16 stays if, for every network, the mean FID and the mean accuracy over the seeds differ between the precisions
by at most twice the standard error of that difference (from the seeds' spread), the rule of the verdict study.
Usage: python benchmarks/sampling_precision.py [RUNS] [--tokenizers vqgan,vqkd_clip] [--seeds 3] [--out FILE]"""
import argparse, json, statistics, time
from pathlib import Path
import multiprocessing as mp
import torch

PRECISIONS = ('float32', 'bf16')

def stage_results(src:Path) -> dict:
    "Each stage's recorded results in a finished reproduction's folder, by stage name."
    return {p.stem: json.loads(p.read_text())['results'] for p in (src/'stages').glob('*.json')}

def context(src:Path):
    "The finished toy reproduction's context: its folder and its stages' results."
    from tokrepro.pipeline import Context
    return Context('toy', src, src.parent, 0, stage_results(src))

def measure(args):
    "Every precision and seed of one tokenizer's NAR network: FID, KID, accuracy and sampling images/s."
    src, key, seeds = args
    torch.set_num_threads(1)
    from tokrepro.generation import load_proposal, generate, sample_metrics, class_accuracy, reference_split
    from tokrepro.data import split_images
    from tokrepro.fidclf import FID_CLASSIFIER, fid_spec
    from tokrepro.ar import proposal_id
    ctx = context(src)
    real, labels = split_images(ctx.root(), reference_split(ctx.root()), labels=True)
    p = load_proposal(ctx.run(proposal_id('nar', key)))
    rows = {prec: [] for prec in PRECISIONS}
    for seed in range(seeds):
        for prec in PRECISIONS:
            t = time.time(); g = generate(p, labels=labels, seed=seed, sampling=dict(precision=prec)); spent = time.time() - t
            m = sample_metrics(g['images'], real, fid_spec(ctx), isc=False)
            rows[prec].append(dict(seed=seed, fid=round(m['fid'], 4), kid=round(m['kid_mean'], 6),
                                   accuracy=round(class_accuracy(g['images'], labels, ctx.run(FID_CLASSIFIER)), 4), images_per_s=round(len(labels) / spent, 1)))
            print(f"{key:10s} seed {seed} {prec:8s} FID {rows[prec][-1]['fid']:.2f}  accuracy {100 * rows[prec][-1]['accuracy']:.1f}%  {rows[prec][-1]['images_per_s']} images/s", flush=True)
    return key, dict(n=len(labels), seeds=rows)

def compare(rows:dict, measure:str) -> dict:
    "Means and SDs over the seeds, the difference bf16 − float32 and its standard error (`tokrepro.metrics.t_test`); whether it passes the rule."
    from tokrepro.metrics import t_test
    f, b = ([r[measure] for r in rows[p]] for p in PRECISIONS)
    v = t_test(b, f)   # unpaired: the SE of the difference of the two means
    out = {p: (statistics.mean(x), statistics.stdev(x)) for p, x in zip(PRECISIONS, (f, b))}
    return dict(float32=round(out['float32'][0], 4), float32_sd=round(out['float32'][1], 4), bf16=round(out['bf16'][0], 4), bf16_sd=round(out['bf16'][1], 4),
                difference=round(out['bf16'][0] - out['float32'][0], 4), se=round(v['se'], 4), holds=abs(v['gain']) <= 2 * v['se'])   # the rule fixed for this benchmark: no difference beyond 2 SE either way

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('runs', nargs='?', default='runs/reproduce-toy'); ap.add_argument('--tokenizers', default='vqgan,vqkd_clip')
    ap.add_argument('--seeds', type=int, default=3); ap.add_argument('--jobs', type=int, default=2); ap.add_argument('--out', default=None)
    a = ap.parse_args()
    src, keys = Path(a.runs).resolve(), a.tokenizers.split(',')
    with mp.get_context('spawn').Pool(min(a.jobs, len(keys))) as pool: got = dict(pool.map(measure, [(src, k, a.seeds) for k in keys]))
    out = dict(rule="bf16 stays if, for every network, the mean FID and the mean accuracy over the sampling seeds move by at most twice the standard error of the difference",
               seeds=a.seeds, networks={})
    for k, r in got.items():
        speed = {prec: sum(x['images_per_s'] for x in r['seeds'][prec]) / a.seeds for prec in PRECISIONS}
        out['networks'][k] = dict(n=r['n'], fid=compare(r['seeds'], 'fid'), accuracy=compare(r['seeds'], 'accuracy'), kid=compare(r['seeds'], 'kid'),
                                  images_per_s={p: round(v, 1) for p, v in speed.items()}, speedup=round(speed['bf16'] / speed['float32'], 2), seeds=r['seeds'])
    out['holds'] = all(v[m]['holds'] for v in out['networks'].values() for m in ('fid', 'accuracy'))
    for k, v in out['networks'].items():
        print(f"{k}: FID {v['fid']['float32']:.2f} ± {v['fid']['float32_sd']:.2f} (float32) against {v['fid']['bf16']:.2f} ± {v['fid']['bf16_sd']:.2f} (bf16), "
              f"difference {v['fid']['difference']:+.2f}, 2 SE {2 * v['fid']['se']:.2f}; accuracy {100 * v['accuracy']['float32']:.1f}% against {100 * v['accuracy']['bf16']:.1f}%; "
              f"{v['images_per_s']['float32']} against {v['images_per_s']['bf16']} images/s ({v['speedup']}x)")
    print('bf16 stays' if out['holds'] else 'bf16 fails the rule: sample in float32')
    if a.out: Path(a.out).write_text(json.dumps(out, indent=1))

if __name__ == '__main__': main()
