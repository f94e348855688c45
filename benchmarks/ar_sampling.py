"""AR sampling speed: the KV cache against recomputing the whole prefix every step, as a ratio measured in one run, and the
tokens/s of sampling toy images.

1. KV cache vs recompute: the toy AR size (`ar-toy`) on 256-token sequences (a 16×16 grid), batch 16, class-conditioned,
   guidance α = 1.75 (the batch is doubled), the same seed for both ways; both must draw the same tokens (checked).
2. Sampling 2000 toy images: the toy AR size on the toy grid (8×8 = 64 tokens, 512 codes), batch 250, with the toy sampling
   settings of tokrepro.generation.SAMPLING; tokens/s counts image tokens drawn (not the doubled guidance rows).
3. With --paper (for a GPU): the paper preset (`ar-llama-l`, 16384 codes, 256 tokens) at batch 64, bf16 autocast, with and
   without the KV cache (tokens/s of each).
4. With --paper-step: one training step of the paper preset (AdamW, the stage's loss) at batch 2 on the CPU (batch 96 in bf16
   on a GPU): that the paper-scale network builds and trains, its step time and peak memory.
Random weights throughout: speed does not depend on them.
Usage: python benchmarks/ar_sampling.py [--paper] [--paper-step] [--threads N] [--out FILE.json]"""
import argparse, json, resource, time
import torch
import torch.nn.functional as F

def timed(f):
    t = time.perf_counter(); out = f(); return out, time.perf_counter() - t

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--paper', action='store_true'); ap.add_argument('--paper-step', action='store_true')
    ap.add_argument('--threads', type=int, default=0)
    ap.add_argument('--out', default=None)
    a = ap.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    from tokrepro.ar import ARModel, AR_SIZES, ar_generate
    from tokrepro.generation import SAMPLING
    dev = 'cuda' if torch.cuda.is_available() else 'cpu'
    res = dict(device=torch.cuda.get_device_name() if dev == 'cuda' else f'cpu, {torch.get_num_threads()} threads')
    torch.manual_seed(0)
    m = ARModel(512, 256, 'class', 20, **AR_SIZES['ar-toy']).to(dev)
    torch.nn.init.normal_(m.head.weight, std=0.02)
    labels = torch.arange(16, device=dev) % 20
    gen = lambda kv: ar_generate(m, labels, cfg=1.75, generator=torch.Generator(dev).manual_seed(0), kv_cache=kv)
    gen(True)                                                   # warm-up
    (a_tok, t_kv), (b_tok, t_re) = timed(lambda: gen(True)), timed(lambda: gen(False))
    res['kv_vs_recompute'] = dict(tokens=256, batch=16, model='ar-toy', kv_cache_s=round(t_kv, 3), recompute_s=round(t_re, 3),
                                  speedup=round(t_re / t_kv, 1), same_tokens=bool(torch.equal(a_tok, b_tok)))
    toy = ARModel(512, 64, 'class', 20, **AR_SIZES['ar-toy']).to(dev)
    torch.nn.init.normal_(toy.head.weight, std=0.02)
    s = {k: v for k, v in SAMPLING['ar'].items()}
    g = torch.Generator(dev).manual_seed(0)
    def sample_2000():
        return torch.cat([ar_generate(toy, torch.arange(i, i + 250, device=dev) % 20, generator=g, **s) for i in range(0, 2000, 250)])
    out, t = timed(sample_2000)
    res['toy_2000_images'] = dict(images=len(out), tokens_per_image=64, seconds=round(t, 2), tokens_per_s=round(out.numel() / t), sampling=s)
    if a.paper:
        big = ARModel(16384, 256, 'class', 1000, **AR_SIZES['ar-llama-l']).to(dev)
        torch.nn.init.normal_(big.head.weight, std=0.02)
        lab = torch.arange(64, device=dev) % 1000
        with torch.autocast(device_type=dev, dtype=torch.bfloat16, enabled=dev == 'cuda'):
            for kv in (True, False):
                ar_generate(big, lab[:2], cfg=1.75, kv_cache=kv)   # warm-up
                if dev == 'cuda': torch.cuda.synchronize()
                o, t = timed(lambda: (ar_generate(big, lab, cfg=1.75, top_k=600, top_p=0.92, kv_cache=kv), torch.cuda.synchronize() if dev == 'cuda' else None)[0])
                res[f"paper_{'kv' if kv else 'recompute'}"] = dict(batch=64, seconds=round(t, 2), tokens_per_s=round(o.numel() / t))
    if a.paper_step:
        from tokrepro.train import param_groups, n_params
        big = ARModel(16384, 256, 'class', 1000, **AR_SIZES['ar-llama-l']).to(dev).train()
        opt = torch.optim.AdamW(param_groups([big], 0.2), lr=1e-4, betas=(0.9, 0.98))
        B = 96 if dev == 'cuda' else 2
        toks, lab = torch.randint(16384, (B, 256), device=dev), torch.arange(B, device=dev) % 1000
        times = []
        for _ in range(2):
            t = time.perf_counter()
            with torch.autocast(device_type=dev, dtype=torch.bfloat16, enabled=dev == 'cuda'):
                loss = F.cross_entropy(big(toks, lab, torch.rand(B, device=dev) < 0.1).flatten(0, 1).float(), toks.flatten())
            opt.zero_grad(); loss.backward(); opt.step()
            if dev == 'cuda': torch.cuda.synchronize()
            times.append(time.perf_counter() - t)
        peak = torch.cuda.max_memory_allocated() / 2**30 if dev == 'cuda' else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
        res['paper_step'] = dict(model='ar-llama-l', params_M=round(n_params(big) / 1e6, 1), batch=B, step_s=round(times[-1], 2),
                                 loss=round(loss.item(), 3), peak_GiB=round(peak, 2), note='GPU memory' if dev == 'cuda' else 'process max RSS')
    print(json.dumps(res, indent=1))
    if a.out: open(a.out, 'w').write(json.dumps(res, indent=1))

if __name__ == '__main__': main()
