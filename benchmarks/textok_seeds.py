"""TexTok's headline over its five paired repeats, from one reproduction folder: does text help, and how often does a run fail?

Reads a folder where the runner trained `textok_keys('seeds')` and their DiTs (every repeat with the same world, judges
and code), and writes, per repeat and arm, the validation rFID and PSNR, the test rFID of its reconstructions, its
DiT's gFID and sample accuracy (colour, shape), and each run's last logged training losses; then the paired t test of
text against the twin on each measure (`tokrepro.metrics.verdict`, Holm over the measures) and the failure rule, fixed
before the runs were read: a run fails when its validation rFID lies more than 3 robust standard deviations
(1.4826 × the median absolute deviation) from the median of its arm's repeats. With --png, also the training curves.
The judges are this folder's: its FID classifier's extractor id is recorded, and its numbers compare only with a
report measured by the same extractor.
Usage: python benchmarks/textok_seeds.py RUNS [--out results/toy/textok_seeds.json] [--png results/toy/textok_seeds_curves.png]"""
import argparse, json, statistics
from pathlib import Path
from tokrepro.textok import textok_keys, textok_id, HEADLINE_N, TEXTOK_SEEDS
from tokrepro.dit import dit_generation_id, dit_id, plot_training_curves
from tokrepro.train import training_log
from tokrepro.metrics import t_test, judge

MEASURES = dict(rfid_val=('validation rFID', True), psnr_val=('validation PSNR', False), rfid=('test rFID', True), gfid=('gFID', True),
                accuracy=('sample accuracy', False))   # key -> (name, lower is better)

def record(runs:Path, name:str) -> dict:
    "A stage's results in a reproduction folder ({} if it has not run)."
    f = runs/'stages'/f'{name}.json'
    return (json.loads(f.read_text()).get('results') or {}) if f.is_file() else {}

def row(runs:Path, arm:str, seed:int) -> dict:
    "One repeat of one arm: its measures and its last logged losses."
    tok = textok_id(HEADLINE_N, arm, seed)
    t, g = record(runs, tok.name), record(runs, dit_generation_id(tok).name)
    last = lambda sid, key: next((r[key] for r in reversed(training_log(runs/sid.name)) if key in r), None)
    return dict(rfid_val=(t.get('ours') or {}).get('rfid'), psnr_val=(t.get('ours') or {}).get('val_psnr'),
                rfid=(g.get('reconstructions') or {}).get('fid'), gfid=(g.get('samples') or {}).get('fid'),
                accuracy=(g.get('samples') or {}).get('accuracy'), colour_accuracy=(g.get('samples') or {}).get('colour_accuracy'),
                shape_accuracy=(g.get('samples') or {}).get('shape_accuracy'), textok_last_l2=last(tok, 'generator/l2'),
                dit_last_loss=last(dit_id(tok), 'model/loss'), textok_train_s=t.get('train_s'))

def failures(values:list, k:float=3.0) -> list:
    "The indices of the values beyond k robust standard deviations of the median."
    med = statistics.median(values)
    mad = 1.4826 * statistics.median(abs(v - med) for v in values)
    return [i for i, v in enumerate(values) if mad > 0 and abs(v - med) > k * mad]

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('runs'); ap.add_argument('--out', default=None); ap.add_argument('--png', default=None)
    a = ap.parse_args()
    runs = Path(a.runs)
    rows = {arm: {s: row(runs, arm, s) for s in TEXTOK_SEEDS} for arm in ('both', 'none')}
    lines = [dict(claim='text helps', measure=name, key=k, pairs={'text vs twin': t_test([rows['both'][s][k] for s in TEXTOK_SEEDS],
                                                                                      [rows['none'][s][k] for s in TEXTOK_SEEDS], lower, paired=True)})
             for k, (name, lower) in MEASURES.items() if all(rows[arm][s][k] is not None for arm in rows for s in TEXTOK_SEEDS)]
    out = dict(n=HEADLINE_N, seeds=list(TEXTOK_SEEDS), fid_extractor=record(runs, 'fid_classifier').get('extractor'), rows=rows,
               tests=judge(lines), failed={})
    for arm in rows:   # among the repeats that have run
        ran = [s for s in TEXTOK_SEEDS if rows[arm][s]['rfid_val'] is not None]
        out['failed'][arm] = [ran[i] for i in failures([rows[arm][s]['rfid_val'] for s in ran])] if len(ran) > 2 else []
    for arm in rows:
        print(arm, ' '.join(f"s{s}: rFID val {r['rfid_val']}, test {r['rfid']}, gFID {r['gfid']}" for s, r in rows[arm].items()))
    for l in out['tests']:
        p = l['pairs']['text vs twin']
        print(f"{l['measure']}: text's advantage {p['gain']:+.3f} ± {p['se']:.3f} (t = {p['t']:.2f}, p = {p['p']:.4f}) -> {l['verdict']}")
    print('failed runs:', out['failed'])
    if a.out: Path(a.out).write_text(json.dumps(out, indent=1))
    if a.png and (fig := plot_training_curves(runs, textok_keys('seeds'))) is not None: fig.savefig(a.png, dpi=100, bbox_inches='tight')

if __name__ == '__main__': main()
