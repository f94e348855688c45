"""Attention on the CPU: PyTorch's fused kernel against `tokrepro.train.attention` (explicit in bf16), in one run.

Measured at the toy sizes where it matters: the attention of the toy TexTok's text arm (32 images, 2 heads of 32,
64 patches + 8 latents + 34 caption slots with the padding masked) and of its twin (72 positions, no mask), forward
and backward, in bf16 and float32; then whole toy training steps (bf16 autocast, AdamW) of the TexTok text arm, its
twin and the toy DiT at N = 8, with the blocks' attention computed by the fused kernel (timm's Attention, same
weights) or by `attention`. Every pair is interleaved round by round; medians. With --out, writes JSON.
Usage: python benchmarks/attention_cpu.py [--reps 15] [--threads 1] [--out FILE]"""
import argparse, copy, json, os, statistics, time
from pathlib import Path
import torch, torch.nn.functional as F
from timm.layers import Attention as TimmAttention
from tokrepro.train import attention
from tokrepro.textok import TexTok, TEXTOK_SIZES
from tokrepro.dit import DiT, DIT_SIZES, Diffusion

def pair(fa, fb, reps):
    "Median seconds of two functions, interleaved (two warm-up calls each)."
    ta, tb = [], []
    for r in range(reps + 2):
        for f, t in ((fa, ta), (fb, tb)):
            s = time.perf_counter(); f(); e = time.perf_counter() - s
            if r >= 2: t.append(e)
    return statistics.median(ta), statistics.median(tb)

def attn_case(S, masked, dtype):
    g = torch.Generator().manual_seed(0)
    q, k, v = (torch.randn(32, 2, S, 32, generator=g).to(dtype).requires_grad_() for _ in range(3))
    m = None
    if masked: m = torch.ones(32, 1, 1, S, dtype=torch.bool); m[:, ..., S - 10:] = False
    def fused(): F.scaled_dot_product_attention(q, k, v, attn_mask=m).float().sum().backward()
    def ours(): attention(q, k, v, m).float().sum().backward()
    return fused, ours

def fused_copy(model):
    "The same model with every ViTAttention computed by timm's Attention (the fused kernel)."
    m = copy.deepcopy(model)
    for mod in m.modules():
        if type(mod).__name__ == 'ViTAttention': mod.__class__ = TimmAttention
    return m

def textok_step(tok):
    opt = torch.optim.AdamW(tok.parameters(), 1e-4)
    g = torch.Generator().manual_seed(0)
    x = torch.rand(32, 3, 32, 32, generator=g) * 2 - 1
    states, mask = torch.randn(32, 34, 64, generator=g), torch.arange(34)[None] < torch.randint(14, 35, (32, 1), generator=g)
    def step():
        with torch.autocast('cpu', dtype=torch.bfloat16):
            rec, _, _ = tok(x, states, mask) if tok.takes_text else tok(x)
        F.mse_loss(rec.float(), x).backward(); opt.step(); opt.zero_grad()
    return step

def dit_step(net):
    opt, D = torch.optim.AdamW(net.parameters(), 1e-4), Diffusion()
    x, y = torch.randn(128, 8, 8), torch.arange(128) % 20
    def step():
        with torch.autocast('cpu', dtype=torch.bfloat16): l = D.loss(net, x, y)
        l.backward(); opt.step(); opt.zero_grad()
    return step

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--reps', type=int, default=15); ap.add_argument('--threads', type=int, default=1)
    ap.add_argument('--out', default=None)
    a = ap.parse_args()
    torch.set_num_threads(a.threads); torch.manual_seed(0)
    rows = []
    def add(what, dtype, fa, fb):
        f, o = pair(fa, fb, a.reps)
        rows.append(dict(what=what, dtype=dtype, fused_ms=round(1000 * f, 2), explicit_ms=round(1000 * o, 2)))
        print(f"{what:58s} {dtype:8s} fused {1000 * f:8.2f} ms   attention {1000 * o:8.2f} ms   {f / o:5.2f}x", flush=True)
    for S, masked, what in ((106, True, 'attention, TexTok text arm (106 positions, padding masked)'), (72, False, 'attention, TexTok twin (72 positions)')):
        for dt, name in ((torch.bfloat16, 'bf16'), (torch.float32, 'float32')): add(what, name, *attn_case(S, masked, dt))
    for arm in ('both', 'none'):
        tok = TexTok(**TEXTOK_SIZES['textok-toy'], n_tokens=8, token_dim=8, text_in=arm, kl=False, text_dim=64)
        add(f"TexTok training step, text {'in both' if arm == 'both' else 'none (twin)'}", 'bf16', textok_step(fused_copy(tok)), textok_step(tok))
    net = DiT(8, 8, **DIT_SIZES['dit-toy'], cond='class', n_classes=20)
    add('DiT training step, N = 8, batch 128', 'bf16', dit_step(fused_copy(net)), dit_step(net))
    out = dict(rows=rows, reps=a.reps, threads=a.threads, load=round(os.getloadavg()[0], 2), torch=torch.__version__.split('+')[0])
    if a.out: Path(a.out).write_text(json.dumps(out, indent=1))

if __name__ == '__main__': main()
