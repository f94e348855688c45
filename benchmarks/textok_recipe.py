"""How the toy TexTok and DiT presets were chosen: rule 2 (size and loss mix) and the DiT rule (its steps), as run.

Rule 2, fixed before any candidate ran: on the no-text twin alone (N = 8, d = 8, plain tokens, AdamW lr 1e-3 with betas
(0.9, 0.99) from rule 1, batch 32, no discriminator), each candidate trains for the same wall time (180 s, the issue's
3-minute share; steps = 180 / its seconds per step, measured by 40 steps first) with one thread, two runs at a time;
the lowest validation rFID wins (toy FID classifier, 2000 validation images), ties within 1.0 go to the lower val_l1.
The DiT rule: every toy DiT trains the steps dit-toy makes in 180 s at the headline N = 8 (30 timed steps, one thread).
Usage:
  python benchmarks/textok_recipe.py rule2 CANDIDATE --world W --perceptual RUN --fid-classifier RUN --out DIR
  python benchmarks/textok_recipe.py dit-steps --out FILE
  python benchmarks/textok_recipe.py collect DIR... --dit FILE --out results/toy/textok_recipe.json
CANDIDATE: p4w128, p8w128 or p4w64, then -perc0.1 or -perc0 (e.g. p8w128-perc0.1)."""
import argparse, json, math, time
from pathlib import Path
import torch

SIZES = {'p4w128': dict(image_size=32, patch=4, width=128, depth=4, heads=4, text_len=48),
         'p8w128': dict(image_size=32, patch=8, width=128, depth=4, heads=4, text_len=48),
         'p4w64':  dict(image_size=32, patch=4, width=64, depth=2, heads=2, text_len=48)}
BUDGET_S = 180.0

def rule2(a):
    import tokrepro.textok as T
    from tokrepro.train import fit, register_model
    size, perc = a.candidate.split('-perc')
    name = 'textok-rule-' + size
    T.TEXTOK_SIZES[name] = SIZES[size]
    register_model(name, 'textok', 'rule-2 candidate', hparams=SIZES[size])(lambda: T.TexTok(**SIZES[size], n_tokens=8, token_dim=8, text_in='none'))
    base = dict(model=name, data=a.world, text_in='none', kl_weight=0.0, lr=1e-3, beta1=0.9, disc_start=10**9, perceptual_weight=float(perc),
                perceptual=a.perceptual, fid='fidclf:' + a.fid_classifier, log_every=10, steps=40)
    out = Path(a.out)
    fit(T.TexTokTask(T.TexTokConfig.from_dict({**base, 'fid': '', 'warmup_steps': 5, 'eval_images': 8}).check()), out/'probe', quiet=True)
    log = [json.loads(l) for l in (out/'probe'/'log.jsonl').read_text().splitlines()]
    s_step = 32 / log[-1]['images_per_s']                 # the last logged rate: past the first steps
    steps = math.floor(a.budget / s_step)
    r = fit(T.TexTokTask(T.TexTokConfig.from_dict({**base, 'steps': steps}).check()), out/'run', quiet=True)
    res = dict(candidate=a.candidate, s_per_step=round(s_step, 4), steps=steps, train_s=r['wall_s'], eval={k: round(v, 4) for k, v in r['eval'].items()})
    (out/'result.json').write_text(json.dumps(res, indent=1)); print(json.dumps(res))

def dit_steps(a):
    from tokrepro.dit import DiT, DIT_SIZES, Diffusion
    from tokrepro.textok import TEXTOK_N
    B, out = 128, {}
    for n in TEXTOK_N:
        torch.manual_seed(0)
        net = DiT(n, 8, **DIT_SIZES['dit-toy'], cond='class', n_classes=20).fit_latent_stats(torch.randn(1000, n, 8))
        opt, D = torch.optim.AdamW(net.parameters(), lr=3e-4), Diffusion('linear', 1000, 'eps')
        def step():
            loss = D.loss(net, torch.randn(B, n, 8), torch.randint(0, 20, (B,)), torch.rand(B) < 0.1)
            opt.zero_grad(); loss.backward(); opt.step()
        for _ in range(5): step()
        t = time.time()
        for _ in range(30): step()
        s = (time.time() - t) / 30
        out[n] = dict(s_per_step=round(s, 4), steps_in_180s=int(BUDGET_S // s)); print(n, out[n], flush=True)
    Path(a.out).write_text(json.dumps(out, indent=1))

def collect(a):
    rows = [json.loads((Path(d)/'result.json').read_text()) for d in a.dirs]
    best = min(rows, key=lambda r: r['eval']['rfid'])
    ties = [r for r in rows if r['eval']['rfid'] <= best['eval']['rfid'] + 1.0]
    chosen = min(ties, key=lambda r: r['eval']['val_l1'])['candidate']
    Path(a.out).write_text(json.dumps(dict(budget_s=BUDGET_S, rule2=rows, chosen=chosen, dit=json.loads(Path(a.dit).read_text())), indent=1))
    print('chosen:', chosen)

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0]); sub = ap.add_subparsers(dest='cmd', required=True)
    r = sub.add_parser('rule2'); r.add_argument('candidate'); r.add_argument('--world', required=True); r.add_argument('--perceptual', required=True)
    r.add_argument('--fid-classifier', required=True); r.add_argument('--out', required=True)
    r.add_argument('--budget', type=float, default=BUDGET_S, help='seconds of training (the rule: 180)')
    d = sub.add_parser('dit-steps'); d.add_argument('--out', required=True)
    c = sub.add_parser('collect'); c.add_argument('dirs', nargs='+'); c.add_argument('--dit', required=True); c.add_argument('--out', required=True)
    a = ap.parse_args(); torch.set_num_threads(1)
    dict(rule2=rule2, collect=collect)[a.cmd](a) if a.cmd != 'dit-steps' else dit_steps(a)
