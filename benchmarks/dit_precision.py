"""The toy DiT in bf16 against float32 at equal steps: training and sampling, on a finished TexTok reproduction.

Takes the headline TexTok (N = 8, text in both) of a toy reproduction whose DiTs trained in float32 (the published
run's), trains the same DiT config under bf16 autocast in a side folder, and samples it twice, with the network in
float32 and under bf16 autocast; every set is measured by the reproduction's own generation stage. The float32
DiT's numbers, and the spread of the headline's two float32 repeats (the rule's yardstick: bf16 stays if the gFID
moves by less than two float32 draws differ), are read from the reproduction's stage records.
Usage: python benchmarks/dit_precision.py [RUNS] [--work DIR] [--out FILE]   (RUNS: default runs/reproduce-toy)"""
import argparse, json, time
from pathlib import Path
import torch
import tokrepro.dit as dit
from tokrepro.pipeline import Context
from tokrepro.textok import textok_id, HEADLINE_N
from tokrepro.train import fit, training_log
from sampling_precision import stage_results

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('runs', nargs='?', default='runs/reproduce-toy'); ap.add_argument('--work', default='runs/dit-precision')
    ap.add_argument('--out', default=None); ap.add_argument('--threads', type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    src, work = Path(a.runs).resolve(), Path(a.work).resolve()
    results = stage_results(src)
    tok, rep = textok_id(HEADLINE_N, 'both'), textok_id(HEADLINE_N, 'both', 1)
    work.mkdir(parents=True, exist_ok=True)
    for p in src.iterdir():   # the reproduction's folders, seen through links; only the DiT is this script's own
        if p.name not in (dit.dit_id(tok).name, 'stages') and not (work/p.name).exists(): (work/p.name).symlink_to(p)
    ctx = Context('toy', work, src.parent, 0, results)
    cfg = dit.dit_preset_config(ctx, tok); cfg.mixed_precision = 'bf16'   # the preset's steps, as it was measured
    t = time.time(); s = fit(dit.DiTTask(cfg), ctx.run(dit.dit_id(tok)), quiet=True)
    loss = lambda run: training_log(run)[-1]['model/loss']
    out = dict(tokenizer=tok.name, steps=s['steps'], rule="bf16 stays if the gFID moves by less than the headline's two float32 repeats differ",
               float32=dict(train_s=results[dit.dit_id(tok).name]['train_s'], final_loss=loss(src/dit.dit_id(tok).name), gfid=results[dit.dit_generation_id(tok).name]['samples']['fid'],
                            accuracy=results[dit.dit_generation_id(tok).name]['samples']['accuracy'], sample_images_per_s=results[dit.dit_generation_id(tok).name].get('sample_images_per_s')),
               repeat_gfid=results[dit.dit_generation_id(rep).name]['samples']['fid'], bf16=dict(train_s=s['wall_s'], final_loss=loss(ctx.run(dit.dit_id(tok)))), sampled={})
    out['yardstick'] = round(abs(out['float32']['gfid'] - out['repeat_gfid']), 4)
    for prec in ('float32', 'bf16'):
        dit.DIT_SAMPLING = dict(dit.DIT_SAMPLING, precision=prec)   # the generation stage samples with the module's settings
        g = dit.run_dit_generation(ctx, tok)
        out['sampled'][prec] = dict(gfid=g['samples']['fid'], accuracy=g['samples']['accuracy'], sample_images_per_s=g['sample_images_per_s'])
        print(f"bf16 DiT, sampled in {prec}: gFID {g['samples']['fid']:.2f}, accuracy {100 * g['samples']['accuracy']:.1f}%, {g['sample_images_per_s']} images/s", flush=True)
    f = out['float32']
    print(f"float32 DiT (the reproduction's): gFID {f['gfid']:.2f}, accuracy {100 * f['accuracy']:.1f}%; its repeat {out['repeat_gfid']:.2f} (yardstick {out['yardstick']:.2f})")
    print(f"final loss float32 {f['final_loss']:.4f}, bf16 {out['bf16']['final_loss']:.4f}")
    if a.out: Path(a.out).write_text(json.dumps(out, indent=1))

if __name__ == '__main__': main()
