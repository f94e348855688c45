"""Throughput of the paper-scale teachers: images/s through each adapter at batch 64 in bf16 (on a GPU), beside the library's own
forward pass measured in the same run (the ratio is the adapter's overhead: resizing, normalising, reshaping).

Random weights (the speed does not depend on them, and nothing is downloaded). On a CPU it runs the ViT-B teachers at a small batch
in float32, as a smoke check of the script; throughput figures are meant for a GPU.
Usage: python benchmarks/teacher_throughput.py [--batch 64] [--iters 20] [--out FILE.json]"""
import argparse, json, time, warnings
import torch
warnings.filterwarnings('ignore')

def _build(name):
    "The adapter of paper teacher `name` with random weights, and the library's own forward of the same network."
    import timm, open_clip
    from tokrepro.teachers import PAPER_TEACHERS, TimmTeacher, OpenClipTeacher, freeze
    t = PAPER_TEACHERS[name]
    if t.library == 'timm':
        vit = timm.create_model(t.pretrained, pretrained=False, dynamic_img_size=True)
        c = vit.pretrained_cfg
        return freeze(TimmTeacher(vit, name, 224, tuple(c['mean']), tuple(c['std']))), vit.forward_features
    c = open_clip.get_pretrained_cfg(t.arch, t.pretrained)
    visual = open_clip.model.CLIP(**open_clip.get_model_config(t.arch)).visual
    visual.output_tokens = True
    return freeze(OpenClipTeacher(visual, name, tuple(c['mean']), tuple(c['std']), t.proj)), visual

def _rate(f, x, iters, dev):
    for _ in range(3): f(x)
    if dev == 'cuda': torch.cuda.synchronize()
    t = time.perf_counter()
    for _ in range(iters): f(x)
    if dev == 'cuda': torch.cuda.synchronize()
    return iters * len(x) / (time.perf_counter() - t)

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--batch', type=int, default=64); ap.add_argument('--iters', type=int, default=20)
    ap.add_argument('--out', default=None); ap.add_argument('--teachers', default=None, help='comma-separated names (default: all)')
    a = ap.parse_args()
    from tokrepro.teachers import PAPER_TEACHERS
    dev = 'cuda' if torch.cuda.is_available() else 'cpu'
    names = a.teachers.split(',') if a.teachers else (list(PAPER_TEACHERS) if dev == 'cuda' else ['vit-b16', 'clip-b16'])
    batch, iters = (a.batch, a.iters) if dev == 'cuda' else (min(a.batch, 4), min(a.iters, 2))
    rows = []
    for n in names:
        t, lib = _build(n)
        t, lib = t.to(dev), (lib.to(dev).eval().requires_grad_(False) if isinstance(lib, torch.nn.Module) else lib)
        imgs = torch.randint(0, 256, (batch, 3, 224, 224), dtype=torch.uint8, device=dev)
        x = (imgs.float() / 255 - t.mean) / t.std
        with torch.no_grad(), torch.autocast(dev, dtype=torch.bfloat16, enabled=dev == 'cuda'):
            ours, theirs = _rate(t, imgs, iters, dev), _rate(lib, x, iters, dev)
        mem = torch.cuda.max_memory_allocated() / 2**30 if dev == 'cuda' else None
        rows.append(dict(teacher=n, device=torch.cuda.get_device_name() if dev == 'cuda' else 'cpu', batch=batch,
                         dtype='bf16' if dev == 'cuda' else 'fp32', images_per_s=round(ours, 1), library_images_per_s=round(theirs, 1),
                         adapter_over_library=round(ours / theirs, 3), peak_gib=mem and round(mem, 2)))
        print(json.dumps(rows[-1]), flush=True)
        del t, lib
        if dev == 'cuda': torch.cuda.empty_cache(); torch.cuda.reset_peak_memory_stats()
    if a.out: open(a.out, 'w').write(json.dumps(rows, indent=1))

if __name__ == '__main__': main()
