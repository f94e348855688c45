"""Generation speed against N: DiT sampling and TexTok's detokenizer at the toy sizes, every N in one run.

Speed does not depend on what the weights learnt, so freshly built networks of the toy sizes are timed: the DiT
(`dit-toy`, class-conditional) drawing a batch with DDIM and guidance (two network passes per step, in the precision
of `DIT_SAMPLING`, as the toy reproduction samples), and TexTok's detokenizer (`textok-toy`, text in both) decoding a batch with captions of the
toy T5's width. The token counts are interleaved round by round so that the machine's load weighs on all alike.
Prints images/s per N and the ratio to the headline N; with --out, writes them as JSON.
Usage: python benchmarks/textok_speed.py [--batch 100] [--steps 5] [--reps 3] [--threads 1] [--out FILE]"""
import argparse, json, os, statistics, time
from pathlib import Path
import torch
from tokrepro.textok import TexTok, TEXTOK_SIZES, TEXTOK_N, HEADLINE_N
from tokrepro.dit import DiT, DIT_SIZES, Diffusion, DIT_SAMPLING
from tokrepro.train import sampling_autocast

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--batch', type=int, default=100); ap.add_argument('--steps', type=int, default=5, help='DDIM steps timed (images/s is given for the reproduction\'s steps)')
    ap.add_argument('--reps', type=int, default=3); ap.add_argument('--threads', type=int, default=1)
    ap.add_argument('--text-len', type=int, default=24, help='caption tokens of the decoded batch')
    ap.add_argument('--out', default=None, help='also write the results to this JSON file')
    a = ap.parse_args()
    torch.set_num_threads(a.threads); torch.manual_seed(0)
    out = dict(batch=a.batch, timed_steps=a.steps, sampling=DIT_SAMPLING, reps=a.reps, threads=a.threads, load=round(os.getloadavg()[0], 2),
               sizes={'dit-toy': DIT_SIZES['dit-toy'], 'textok-toy': TEXTOK_SIZES['textok-toy']}, n={})
    D, B = Diffusion('linear', 1000, 'eps'), a.batch
    nets = {n: (DiT(n, 8, **DIT_SIZES['dit-toy'], cond='class', n_classes=20).eval(),
                TexTok(**TEXTOK_SIZES['textok-toy'], n_tokens=n, token_dim=8, text_in='both', text_dim=64).eval()) for n in TEXTOK_N}
    y, states, mask = torch.arange(B) % 20, torch.randn(B, a.text_len, 64), torch.ones(B, a.text_len, dtype=torch.bool)
    t = {n: dict(sample=[], decode=[]) for n in TEXTOK_N}
    with torch.no_grad():
        for r in range(a.reps + 1):                                   # the first round warms up and is dropped
            for n, (dit, tok) in nets.items():
                with sampling_autocast('cpu', DIT_SAMPLING['precision']):   # as the reproduction samples
                    s = time.perf_counter(); D.sample(dit, (B, n, 8), y, a.steps, 'ddim', 0.0, DIT_SAMPLING['cfg'], torch.Generator().manual_seed(r))
                ts = (time.perf_counter() - s) * DIT_SAMPLING['steps'] / a.steps   # DDIM's cost is linear in its steps
                z = torch.randn(B, n, 8)
                s = time.perf_counter(); tok.decode(z, states, mask); td = time.perf_counter() - s
                if r: t[n]['sample'].append(ts); t[n]['decode'].append(td)
    ref = statistics.median(t[HEADLINE_N]['sample'])
    for n in TEXTOK_N:
        ts, td = statistics.median(t[n]['sample']), statistics.median(t[n]['decode'])
        out['n'][n] = dict(sample_images_per_s=round(B / ts, 2), decode_images_per_s=round(B / td, 1), sample_time_vs_headline=round(ts / ref, 3),
                           dit_params=sum(p.numel() for p in nets[n][0].parameters()))
        print(f"N = {n:>2}: DiT sampling {B / ts:7.2f} images/s ({DIT_SAMPLING['steps']} DDIM steps, guidance), "
              f"detokenizer {B / td:7.1f} images/s; sampling time {ts / ref:.2f}x N = {HEADLINE_N}'s", flush=True)
    if a.out: Path(a.out).write_text(json.dumps(out, indent=1))

if __name__ == '__main__': main()
