"""How the toy TexTok and DiT presets were chosen: rule 2 (size and loss mix) and the DiT rule (its steps), as run.

Rule 2, fixed before any candidate ran: on the no-text twin alone (N = 8, d = 8, plain tokens, AdamW lr 1e-3 with betas
(0.9, 0.99) from rule 1, batch 32, no discriminator), each candidate trains for the same wall time (180 s, the issue's
3-minute share; steps = 180 / its seconds per step, measured by 40 steps first) with one thread, two runs at a time;
the lowest validation rFID wins (toy FID classifier, 2000 validation images), ties within 1.0 go to the lower val_l1.
The DiT rule: every toy DiT trains the steps dit-toy makes in 180 s at the sweep's largest N, timed in the stage's own
training loop (100 steps of the toy preset on that N's latent cache, the median rate past step 40, one thread, two runs
side by side as the stages run: the slower), with 20% to spare for the machine's drift (DIT_MARGIN). It first read a
bare float32 step at N = 8 (638 steps, kept under 'dit' in the recipe file), which the bf16 DiT at N = 32 overran
(234-237 s); a bare bf16 step at N = 32 (477 steps) still missed the loop's own cost and the drift (207-224 s).
Usage:
  python benchmarks/textok_recipe.py rule2 CANDIDATE --world W --perceptual RUN --fid-classifier RUN --out DIR
  python benchmarks/textok_recipe.py dit-steps --latents RUN/latents_textok_n32_both --out FILE   (two at once, each its FILE)
  python benchmarks/textok_recipe.py collect DIR... --out results/toy/textok_recipe.json   (keeps the DiT rule already there)
  python benchmarks/textok_recipe.py dit-rule FILE FILE --recipe results/toy/textok_recipe.json   (the slower of two side-by-side runs)
CANDIDATE: p4w128, p8w128 or p4w64, then -perc0.1 or -perc0 (e.g. p8w128-perc0.1)."""
import argparse, json, math, shutil, tempfile, time
from pathlib import Path
import torch

SIZES = {'p4w128': dict(image_size=32, patch=4, width=128, depth=4, heads=4, text_len=48),
         'p8w128': dict(image_size=32, patch=8, width=128, depth=4, heads=4, text_len=48),
         'p4w64':  dict(image_size=32, patch=4, width=64, depth=2, heads=2, text_len=48)}
BUDGET_S = 180.0
DIT_MARGIN = 1.2   # the DiT rule's allowance for this machine's drift: the same loop ran at 0.36-0.45 s a step within one hour

def rule2(a):
    import tokrepro.textok as T
    from tokrepro.train import fit, register_model, training_log
    size, perc = a.candidate.split('-perc')
    name = 'textok-rule-' + size
    T.TEXTOK_SIZES[name] = SIZES[size]
    register_model(name, 'textok', 'rule-2 candidate', hparams=SIZES[size])(lambda: T.TexTok(**SIZES[size], n_tokens=8, token_dim=8, text_in='none'))
    base = dict(model=name, data=a.world, text_in='none', kl_weight=0.0, lr=1e-3, beta1=0.9, disc_start=10**9, perceptual_weight=float(perc),
                perceptual=a.perceptual, fid='fidclf:' + a.fid_classifier, log_every=10, steps=40)
    out = Path(a.out)
    fit(T.TexTokTask(T.TexTokConfig.from_dict({**base, 'fid': '', 'warmup_steps': 5, 'eval_images': 8}).check()), out/'probe', quiet=True)
    log = training_log(out/'probe')
    s_step = 32 / log[-1]['images_per_s']                 # the last logged rate: past the first steps
    steps = math.floor(a.budget / s_step)
    r = fit(T.TexTokTask(T.TexTokConfig.from_dict({**base, 'steps': steps}).check()), out/'run', quiet=True)
    res = dict(candidate=a.candidate, s_per_step=round(s_step, 4), steps=steps, train_s=r['wall_s'], eval={k: round(v, 4) for k, v in r['eval'].items()})
    (out/'result.json').write_text(json.dumps(res, indent=1)); print(json.dumps(res))

def dit_steps(a):
    from tokrepro.dit import DiTConfig, DiTTask, LatentCache
    from tokrepro.train import fit
    lc, run = LatentCache(a.latents), Path(tempfile.mkdtemp())/'run'   # a fresh run folder: a finished one would not train again
    cfg = DiTConfig.preset('toy', latents=a.latents, steps=100, log_every=20, ckpt_every=0)   # the stage's own loop: EMA, clipping, autocast
    fit(DiTTask(cfg.check()), run, quiet=True)
    log = [json.loads(l) for l in (run/'log.jsonl').read_text().splitlines() if 'images_per_s' in l]
    shutil.rmtree(run.parent)
    rates = [r['images_per_s'] for r in log if r['step'] > 40]                 # past the first steps
    s = cfg.batch_size / sorted(rates)[len(rates) // 2]
    out = dict(precision=cfg.mixed_precision, batch_size=cfg.batch_size, n_tokens=lc.n_tokens, s_per_step=round(s, 4),
               steps_in_180s=int(BUDGET_S // s), rates=[round(r, 1) for r in rates])
    print(out, flush=True); Path(a.out).write_text(json.dumps(out, indent=1))

def collect(a):
    rows = [json.loads((Path(d)/'result.json').read_text()) for d in a.dirs]
    best = min(rows, key=lambda r: r['eval']['rfid'])
    ties = [r for r in rows if r['eval']['rfid'] <= best['eval']['rfid'] + 1.0]
    chosen = min(ties, key=lambda r: r['eval']['val_l1'])['candidate']
    kept = {k: v for k, v in json.loads(Path(a.out).read_text()).items() if k.startswith('dit')} if Path(a.out).is_file() else {}
    Path(a.out).write_text(json.dumps(dict(budget_s=BUDGET_S, rule2=rows, chosen=chosen, **kept), indent=1))
    print('chosen:', chosen)

def dit_rule(a):
    runs = [json.loads(Path(f).read_text()) for f in a.files]
    slow = max(runs, key=lambda r: r['s_per_step'])                            # the slower of the runs side by side
    rule = dict(precision=slow['precision'], batch_size=slow['batch_size'], rule_n=slow['n_tokens'], side_by_side=len(runs),
                s_per_step=slow['s_per_step'], margin=DIT_MARGIN, steps=int(BUDGET_S / DIT_MARGIN // slow['s_per_step']), runs=[r['s_per_step'] for r in runs])
    recipe = json.loads(Path(a.recipe).read_text()); recipe['dit_rule'] = rule
    Path(a.recipe).write_text(json.dumps(recipe, indent=1)); print(json.dumps(rule))

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0]); sub = ap.add_subparsers(dest='cmd', required=True)
    r = sub.add_parser('rule2'); r.add_argument('candidate'); r.add_argument('--world', required=True); r.add_argument('--perceptual', required=True)
    r.add_argument('--fid-classifier', required=True); r.add_argument('--out', required=True)
    r.add_argument('--budget', type=float, default=BUDGET_S, help='seconds of training (the rule: 180)')
    d = sub.add_parser('dit-steps'); d.add_argument('--latents', required=True, help="a latent cache of the sweep's largest N"); d.add_argument('--out', required=True)
    c = sub.add_parser('collect'); c.add_argument('dirs', nargs='+'); c.add_argument('--out', required=True)
    g = sub.add_parser('dit-rule'); g.add_argument('files', nargs='+'); g.add_argument('--recipe', required=True)
    a = ap.parse_args(); torch.set_num_threads(1)
    {'rule2': rule2, 'collect': collect, 'dit-steps': dit_steps, 'dit-rule': dit_rule}[a.cmd](a)
