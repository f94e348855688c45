"""One paper-scale VQ-KD training step: the ViT-B/16 tokenizer (vqkd-vit-b16) distilled from a CLIP ViT-B/16 teacher at 224 px,
through the stage's own loss, with AdamW. Reports the step time, the share of it the frozen teacher takes (measured in the same
run), and the peak memory.

On a GPU: batch 16 in bf16 autocast (the issue's check; the paper trains at batch 512 over many GPUs). On a CPU: a reduced batch in
float32, which shows that the paper-scale step builds and runs; its time is not a GPU figure. Random weights for both networks
(the step's cost does not depend on them, and nothing is downloaded).
Usage: python benchmarks/vqkd_step.py [--batch 16] [--steps 3] [--out FILE.json]"""
import argparse, json, resource, time, warnings
import torch
warnings.filterwarnings('ignore')

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--batch', type=int, default=16); ap.add_argument('--steps', type=int, default=3)
    ap.add_argument('--out', default=None)
    a = ap.parse_args()
    import open_clip
    from tokrepro.train import build_model, n_params, param_groups, freeze
    from tokrepro.teachers import OpenClipTeacher, CLIP_MEAN, CLIP_STD
    from tokrepro.vqkd import VQKD, VQKD_SIZES, distill_loss
    from tokrepro.data import to_pm1
    dev = 'cuda' if torch.cuda.is_available() else 'cpu'
    batch = a.batch if dev == 'cuda' else min(a.batch, 2)
    amp = dict(device_type=dev, dtype=torch.bfloat16, enabled=dev == 'cuda')
    torch.manual_seed(0)
    tok = VQKD(**{**VQKD_SIZES['vqkd-vit-b16'], 'teacher_dim': 512}).to(dev).train()
    tea = freeze(OpenClipTeacher(open_clip.model.CLIP(**open_clip.get_model_config('ViT-B-16')).visual, 'clip-b16', CLIP_MEAN, CLIP_STD)).to(dev)
    opt = torch.optim.AdamW(param_groups([tok], 1e-4), lr=2e-4, betas=(0.9, 0.99))
    imgs = torch.randint(0, 256, (batch, 3, 224, 224), dtype=torch.uint8, device=dev)
    sync = torch.cuda.synchronize if dev == 'cuda' else (lambda: None)

    def step():
        with torch.autocast(**amp):
            pred, idx, commit = tok(to_pm1(imgs))
            loss = distill_loss(pred, tea(imgs, grid=tuple(pred.shape[-2:]))) + commit
        loss.backward(); opt.step(); opt.zero_grad(set_to_none=True)
        return loss.item()

    def teacher_only():
        with torch.autocast(**amp): tea(imgs, grid=(14, 14))

    step(); sync()                      # the first step also runs the lazy k-means initialisation of the codebook
    if dev == 'cuda': torch.cuda.reset_peak_memory_stats()
    t = time.perf_counter()
    for _ in range(a.steps): loss = step()
    sync(); step_s = (time.perf_counter() - t) / a.steps
    t = time.perf_counter()
    for _ in range(a.steps): teacher_only()
    sync(); teacher_s = (time.perf_counter() - t) / a.steps
    row = dict(device=torch.cuda.get_device_name() if dev == 'cuda' else 'cpu', threads=torch.get_num_threads(), batch=batch,
               dtype='bf16 autocast' if dev == 'cuda' else 'fp32', tokenizer_params_m=round(n_params(tok) / 1e6, 2),
               step_s=round(step_s, 3), images_per_s=round(batch / step_s, 1), teacher_share=round(teacher_s / step_s, 3),
               peak_gib=round(torch.cuda.max_memory_allocated() / 2**30, 2) if dev == 'cuda' else None,
               cpu_max_rss_gib=None if dev == 'cuda' else round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20, 2),
               loss=round(loss, 4))
    print(json.dumps(row), flush=True)
    if a.out: open(a.out, 'w').write(json.dumps(row, indent=1))

if __name__ == '__main__': main()
