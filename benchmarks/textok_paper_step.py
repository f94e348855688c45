"""TexTok and its DiT at the paper's sizes: one training step's time and memory, and sampling speed against N (for a GPU).

TexTok-128 at 256 px (`textok-b-256`: ViT-B tokenizer and detokenizer, patch 8, N = 128, d = 8, captions of T5-XL's
width 2048 in 128 slots) takes the steps of its paper preset past the discriminator's start, through the task's own
`losses`: the generator's L2 + KL + perceptual + GAN, then the discriminator's hinge + LeCAM + R1 (lazy, every 4th
step, as the preset), each with its Adam step and only its own parameters trainable, as the engine does, and the EMA
update; bf16 autocast. Two things stand in for files the machine does not have: LPIPS-VGG is built with random weights
(the same network, so the same cost) and the captions are random states of T5-XL's width with padded lengths.
Then sampling: DiT-XL with patch 1 over N tokens (N = 32 and 256 at 256 px, and 1024 tokens, the sequence of DiT-XL/2
on 512-px SD-VAE latents, the paper's speed reference) with the paper's 250 DDPM steps and guidance (two passes per
step), and TexTok's detokenizer at the same N, in images/s. Prints a summary; with --out, writes JSON.
Usage: python benchmarks/textok_paper_step.py [--batch 8] [--steps 10] [--sample-batch 64] [--device cuda] [--out FILE]"""
import argparse, json, time, statistics
import torch
from torch.utils.flop_counter import FlopCounterMode
from tokrepro.textok import TexTok, TexTokConfig, TexTokTask, TEXTOK_SIZES, PAPER_TEXT_DIM
from tokrepro.metrics import LPIPS, VGG16Features, LPIPS_CHANNELS
from tokrepro.dit import DiT, DIT_SIZES, Diffusion

class RandomCaptions:
    "Stands in for a T5-XL caption cache: random states of its width, each caption padded after a random length."
    def __init__(self, dim:int, slots:int, device): self.dim, self.slots, self.device = dim, slots, device
    def __call__(self, captions:list):
        B, g = len(captions), torch.Generator().manual_seed(len(captions))
        mask = torch.arange(self.slots)[None] < torch.randint(self.slots // 4, self.slots + 1, (B, 1), generator=g)
        return (torch.randn(B, self.slots, self.dim, generator=g) * mask[..., None]).to(self.device), mask.to(self.device)

def sync(dev):
    if dev.type == 'cuda': torch.cuda.synchronize()

def train_step_bench(batch:int, steps:int, warmup:int, dev) -> dict:
    cfg = TexTokConfig.preset('paper')
    task = TexTokTask(cfg)
    task._captions = RandomCaptions(PAPER_TEXT_DIM, TEXTOK_SIZES[cfg.model]['text_len'], dev)
    models = {k: m.to(dev) for k, m in task.build_models().items()}
    models['perceptual'] = LPIPS(VGG16Features(), [torch.ones(c) for c in LPIPS_CHANNELS]).to(dev)
    tok, disc = models['tokenizer'], models['disc']
    ema = [p.detach().clone() for p in tok.parameters()]
    opts = dict(generator=torch.optim.Adam(tok.parameters(), cfg.lr, (cfg.beta1, cfg.beta2)),
                discriminator=torch.optim.Adam(disc.parameters(), cfg.d_lr, (cfg.beta1, cfg.beta2)))
    own = dict(generator=tok, discriminator=disc)
    g = torch.Generator(device=dev).manual_seed(0)
    data = dict(image=torch.randint(0, 256, (batch, 3, cfg.image_size, cfg.image_size), dtype=torch.uint8, device=dev, generator=g),
                caption=['a caption'] * batch)
    at = cfg.disc_start   # past the discriminator's start; R1 on every r1_every-th step, as the preset
    def step(i):
        scratch, out = {}, {}
        for phase in ('generator', 'discriminator'):
            for name, m in own.items(): m.requires_grad_(name == phase)
            with torch.autocast(dev.type, torch.bfloat16):
                losses = task.losses(phase, models, data, at + i, scratch)
            opts[phase].zero_grad(set_to_none=True); losses['loss'].backward(); opts[phase].step()
            out.update({k: float(v.detach()) for k, v in losses.items()})
        with torch.no_grad(): torch._foreach_lerp_(ema, [p.detach() for p in tok.parameters()], 1 - cfg.ema_decay)
        return out
    for i in range(warmup): step(i)
    sync(dev)
    if dev.type == 'cuda': torch.cuda.reset_peak_memory_stats()
    times = []
    for i in range(steps):
        t = time.perf_counter(); losses = step(warmup + i); sync(dev); times.append(time.perf_counter() - t)
    peak = torch.cuda.max_memory_allocated() / 2**30 if dev.type == 'cuda' else None
    with FlopCounterMode(display=False) as fc: step(1)   # a step without R1 (the flop counter's hooks cannot follow R1's autograd.grad)
    n = lambda m: sum(p.numel() for p in m.parameters())
    twin = TexTok(**TEXTOK_SIZES[cfg.model], n_tokens=cfg.n_tokens, token_dim=cfg.token_dim, text_in='none', kl=cfg.kl_weight > 0)
    r1_steps = [t for i, t in enumerate(times) if (warmup + i) % cfg.r1_every == 0]
    plain = [t for i, t in enumerate(times) if (warmup + i) % cfg.r1_every]
    return dict(model=cfg.model, n_tokens=cfg.n_tokens, batch=batch, image_size=cfg.image_size, mixed_precision='bf16 autocast',
                step_s_median=round(statistics.median(times), 4), step_s_all=[round(t, 4) for t in times],
                step_s_with_r1=round(statistics.median(r1_steps), 4) if r1_steps else None,
                step_s_without_r1=round(statistics.median(plain), 4) if plain else None,
                peak_memory_gib=round(peak, 2) if peak is not None else None, tflop_per_step_without_r1=round(fc.get_total_flops() / 1e12, 3),
                achieved_tflop_s=round(fc.get_total_flops() / 1e12 / statistics.median(plain), 1) if plain else None,
                params_m=dict(textok=round(n(tok) / 1e6, 1), twin=round(n(twin) / 1e6, 1), discriminator=round(n(disc) / 1e6, 1),
                              cited_textok=176, cited_discriminator=24),
                last_losses={k: round(v, 4) for k, v in losses.items()})

@torch.no_grad()
def sampling_bench(ns:tuple, batch:int, timed:int, reps:int, sample_steps:int, cfg_scale:float, dev) -> dict:
    D, out = Diffusion('linear', 1000, 'eps'), {}
    for n in ns:
        net = DiT(n, 8, **DIT_SIZES['dit-xl-1'], n_classes=1000).to(dev).eval()
        y, x = torch.arange(batch, device=dev) % 1000, torch.randn(batch, n, 8, device=dev)
        tok = TexTok(**TEXTOK_SIZES['textok-b-256'], n_tokens=n, token_dim=8, text_dim=PAPER_TEXT_DIM).to(dev).eval() if n <= 256 else None
        states, mask = RandomCaptions(PAPER_TEXT_DIM, TEXTOK_SIZES['textok-b-256']['text_len'], dev)(['c'] * batch)
        ts, td = [], []
        for r in range(reps + 1):   # the first round warms up and is dropped
            sync(dev); t = time.perf_counter()
            with torch.autocast(dev.type, torch.bfloat16):
                for k in range(timed): net.guided(x, torch.full((batch,), 999 - k, device=dev), y, cfg_scale)
            sync(dev); step = (time.perf_counter() - t) / timed
            if tok is not None:
                sync(dev); t = time.perf_counter()
                with torch.autocast(dev.type, torch.bfloat16): tok.decode(x, states, mask)
                sync(dev); dec = time.perf_counter() - t
            if r: ts.append(step); td.append(dec if tok is not None else None)
        s = statistics.median(ts)
        row = dict(dit_params_m=round(sum(p.numel() for p in net.parameters()) / 1e6, 1), dit_step_s=round(s, 5),
                   sample_images_per_s=round(batch / (s * sample_steps), 2))
        if tok is not None:
            d = statistics.median(td)
            row.update(decode_images_per_s=round(batch / d, 1), with_decode_images_per_s=round(batch / (s * sample_steps + d), 2))
        out[n] = row; del net, tok
        if dev.type == 'cuda': torch.cuda.empty_cache()
    for n in ns: out[n]['speedup_vs_1024'] = round(out[1024]['dit_step_s'] / out[n]['dit_step_s'], 2) if 1024 in out else None
    return out

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--batch', type=int, default=8, help="TexTok's training batch"); ap.add_argument('--steps', type=int, default=10)
    ap.add_argument('--warmup', type=int, default=3); ap.add_argument('--sample-batch', type=int, default=64)
    ap.add_argument('--timed', type=int, default=5, help='DiT passes timed per round (images/s is given for --sample-steps)')
    ap.add_argument('--reps', type=int, default=2); ap.add_argument('--sample-steps', type=int, default=250, help="DiT's 250 DDPM steps")
    ap.add_argument('--ns', default='32,256,1024'); ap.add_argument('--device', default='cuda'); ap.add_argument('--out', default=None)
    ap.add_argument('--skip-train', action='store_true')
    a = ap.parse_args()
    dev = torch.device(a.device); torch.manual_seed(0)
    res = dict(device=torch.cuda.get_device_name() if dev.type == 'cuda' else 'cpu', torch=torch.__version__)
    if dev.type == 'cuda': torch.backends.cuda.matmul.allow_tf32 = True
    if not a.skip_train:
        res['train_step'] = tr = train_step_bench(a.batch, a.steps, a.warmup, dev)
        print(f"TexTok-128 (textok-b-256) training step at batch {a.batch}: {tr['step_s_median'] * 1e3:.1f} ms median "
              f"({tr['step_s_with_r1'] and tr['step_s_with_r1'] * 1e3:.1f} ms with R1), peak {tr['peak_memory_gib']} GiB, "
              f"{tr['tflop_per_step_without_r1']} TFLOP per step without R1; params {tr['params_m']}", flush=True)
    res['sampling'] = dict(batch=a.sample_batch, steps=a.sample_steps, cfg=1.5, timed=a.timed, reps=a.reps,
                           n=sampling_bench(tuple(int(n) for n in a.ns.split(',')), a.sample_batch, a.timed, a.reps, a.sample_steps, 1.5, dev))
    for n, r in res['sampling']['n'].items(): print(f"DiT-XL/1, N = {n}: {r}", flush=True)
    if a.out:
        with open(a.out, 'w') as f: json.dump(res, f, indent=1)

if __name__ == '__main__': main()
