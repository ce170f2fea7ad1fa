#!/usr/bin/env python3
"""PyTorch eager reference for `djl-ssl bench` (docs/performance.md).

The same SimCLR and MAE training steps as djl-ssl's, same shapes and batch, written plainly in
PyTorch: forward + backward + optimiser step on pre-made views, median of timed steps after
warm-up. Also MAE with the encoder on all tokens (masked ones as a mask token) and the classic
per-image torchvision SimCLR augmentation. Prints one JSON object per measurement.

    apt-get install python3-torch python3-torchvision     # Debian; or pip install torch torchvision
    python3 benchmarks/python/reference_step.py --threads 2 --batch 64 --steps 20
    python3 benchmarks/python/reference_step.py --only simclr --width 8

Models, matching djl-ssl's defaults at 32 px:
- SimCLR: torchvision-shaped ResNet-18 (BasicBlocks, width 64 → 512-d features) with the small-image
  stem (3×3 stride-1 conv, no max-pool); head Linear(512,512)-BN-ReLU-Linear(512,128); NT-Xent
  with τ = 0.5 over both views; SGD momentum 0.9, weight decay 5e-4.
- MAE: ViT-Tiny/4 (D 192, depth 12, 3 heads, MLP ×4, qkv bias, CLS token, fixed 2-D sin-cos
  positions, LayerNorm ε 1e-6) on 32 px → 64 patches, mask ratio 0.75 (16 visible); decoder of
  MaeConfig.smallImages(): D 128, depth 2, 4 heads; normalised-pixel loss on masked patches;
  AdamW (0.9, 0.95), weight decay 0.05.
"""
import argparse
import json
import math
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


# ---------------------------------------------------------------- timing

def timed(step, warmup, steps):
    """Median wall and process-CPU milliseconds of `steps` calls after `warmup` calls."""
    for _ in range(warmup):
        step()
    wall, cpu = [], []
    for _ in range(steps):
        w0, c0 = time.perf_counter(), time.process_time()
        step()
        wall.append((time.perf_counter() - w0) * 1e3)
        cpu.append((time.process_time() - c0) * 1e3)
    wall.sort()
    return statistics.median(wall), wall[min(len(wall) - 1, math.ceil(0.9 * len(wall)) - 1)], statistics.median(cpu)


def report(name, images, wall_p50, wall_p90, cpu_p50, **extra):
    row = {"name": name, "images": images, "step_ms_p50": round(wall_p50, 2), "step_ms_p90": round(wall_p90, 2),
           "cpu_ms_p50": round(cpu_p50, 2), "images_per_sec": round(images / (wall_p50 / 1e3), 2),
           "threads": torch.get_num_threads(), "torch": torch.__version__}
    row.update(extra)
    print(json.dumps(row), flush=True)


# ---------------------------------------------------------------- SimCLR

class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.downsample = None
        if stride != 1 or cin != cout:
            self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + (x if self.downsample is None else self.downsample(x)))


class SmallResNet18(nn.Module):
    """torchvision's ResNet-18 with the CIFAR stem: conv 3×3/1, no max-pool; returns pooled features."""

    def __init__(self, width=64, channels=3):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, width, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        layers, cin = [], width
        for s in range(4):
            cout = width << s
            layers.append(nn.Sequential(BasicBlock(cin, cout, 1 if s == 0 else 2), BasicBlock(cout, cout, 1)))
            cin = cout
        self.layers = nn.Sequential(*layers)
        self.feature_dim = cin

    def forward(self, x):
        x = self.layers(F.relu(self.bn1(self.conv1(x))))
        return x.mean(dim=(2, 3))


def nt_xent(z1, z2, temperature=0.5):
    z = F.normalize(torch.cat([z1, z2]), dim=1)
    n = z1.shape[0]
    sim = z @ z.t() / temperature
    sim.fill_diagonal_(float("-inf"))
    target = torch.cat([torch.arange(n, 2 * n), torch.arange(0, n)])
    return F.cross_entropy(sim, target)


def simclr_step_fn(args):
    encoder = SmallResNet18(args.width, args.channels)
    d = encoder.feature_dim
    head = nn.Sequential(nn.Linear(d, d), nn.BatchNorm1d(d), nn.ReLU(), nn.Linear(d, 128))
    model = nn.Sequential(encoder, head).train()
    opt = torch.optim.SGD(model.parameters(), lr=0.06 * args.batch / 256, momentum=0.9, weight_decay=5e-4)
    g = torch.Generator().manual_seed(0)
    v1 = torch.randn(args.batch, args.channels, args.size, args.size, generator=g)
    v2 = torch.randn(args.batch, args.channels, args.size, args.size, generator=g)

    def step():
        z = model(torch.cat([v1, v2]))
        z1, z2 = z.chunk(2)
        loss = nt_xent(z1, z2)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
    return step


# ---------------------------------------------------------------- MAE

def sincos_2d(dim, grid, cls_token=True):
    """MAE's get_2d_sincos_pos_embed: [grid*grid (+1), dim], a zero row for the CLS token."""
    coords = torch.arange(grid, dtype=torch.float64)
    gy, gx = torch.meshgrid(coords, coords, indexing="ij")

    def one_d(d, pos):
        omega = 1.0 / 10000 ** (torch.arange(d // 2, dtype=torch.float64) / (d / 2.0))
        out = pos.reshape(-1)[:, None] * omega[None]
        return torch.cat([out.sin(), out.cos()], dim=1)
    emb = torch.cat([one_d(dim // 2, gx), one_d(dim // 2, gy)], dim=1).float()
    if cls_token:
        emb = torch.cat([torch.zeros(1, dim), emb])
    return emb.unsqueeze(0)


class Attention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(dim, dim * 3, bias=True)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        b, n, c = x.shape
        qkv = self.qkv(x).reshape(b, n, 3, self.heads, c // self.heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        attn = (q @ k.transpose(-2, -1)) * (c // self.heads) ** -0.5
        x = (attn.softmax(dim=-1) @ v).transpose(1, 2).reshape(b, n, c)
        return self.proj(x)


class Block(nn.Module):
    def __init__(self, dim, heads, mlp_ratio=4.0):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim, eps=1e-6)
        self.attn = Attention(dim, heads)
        self.norm2 = nn.LayerNorm(dim, eps=1e-6)
        hidden = int(dim * mlp_ratio)
        self.mlp = nn.Sequential(nn.Linear(dim, hidden), nn.GELU(), nn.Linear(hidden, dim))

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class Mae(nn.Module):
    """The official MAE structure (models_mae.py) at ViT-Tiny/4, 32 px."""

    def __init__(self, size=32, patch=4, channels=3, dim=192, depth=12, heads=3,
                 dec_dim=128, dec_depth=2, dec_heads=4, mask_ratio=0.75, mask_token_in_encoder=False):
        super().__init__()
        self.patch, self.grid, self.mask_ratio = patch, size // patch, mask_ratio
        self.mask_token_in_encoder = mask_token_in_encoder
        n = self.grid ** 2
        self.patch_embed = nn.Conv2d(channels, dim, patch, patch)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, dim))
        self.register_buffer("pos_embed", sincos_2d(dim, self.grid))
        self.blocks = nn.Sequential(*[Block(dim, heads) for _ in range(depth)])
        self.norm = nn.LayerNorm(dim, eps=1e-6)
        self.enc_mask_token = nn.Parameter(torch.zeros(1, 1, dim))
        self.decoder_embed = nn.Linear(dim, dec_dim)
        self.mask_token = nn.Parameter(torch.zeros(1, 1, dec_dim))
        self.register_buffer("dec_pos_embed", sincos_2d(dec_dim, self.grid))
        self.decoder_blocks = nn.Sequential(*[Block(dec_dim, dec_heads) for _ in range(dec_depth)])
        self.decoder_norm = nn.LayerNorm(dec_dim, eps=1e-6)
        self.decoder_pred = nn.Linear(dec_dim, patch * patch * channels)
        self.num_patches = n

    def patchify(self, imgs):
        b, c, h, w = imgs.shape
        p, g = self.patch, self.grid
        x = imgs.reshape(b, c, g, p, g, p).permute(0, 2, 4, 3, 5, 1)
        return x.reshape(b, g * g, p * p * c)

    def forward(self, imgs):
        b = imgs.shape[0]
        n = self.num_patches
        keep = int(n * (1 - self.mask_ratio))
        noise = torch.rand(b, n)
        shuffle = noise.argsort(dim=1)
        restore = shuffle.argsort(dim=1)
        mask = torch.ones(b, n)
        mask[:, :keep] = 0
        mask = torch.gather(mask, 1, restore)
        x = self.patch_embed(imgs).flatten(2).transpose(1, 2) + self.pos_embed[:, 1:]
        if self.mask_token_in_encoder:  # Table 1c "encoder w/ [M]": every position through the encoder
            x = x * (1 - mask.unsqueeze(-1)) + self.enc_mask_token * mask.unsqueeze(-1)
        else:
            x = torch.gather(x, 1, shuffle[:, :keep, None].expand(-1, -1, x.shape[2]))
        cls = (self.cls_token + self.pos_embed[:, :1]).expand(b, -1, -1)
        x = self.norm(self.blocks(torch.cat([cls, x], dim=1)))
        x = self.decoder_embed(x)
        if not self.mask_token_in_encoder:
            fill = self.mask_token.expand(b, n + 1 - x.shape[1], -1)
            body = torch.cat([x[:, 1:], fill], dim=1)
            body = torch.gather(body, 1, restore[:, :, None].expand(-1, -1, x.shape[2]))
            x = torch.cat([x[:, :1], body], dim=1)
        x = x + self.dec_pos_embed
        pred = self.decoder_pred(self.decoder_norm(self.decoder_blocks(x)))[:, 1:]
        target = self.patchify(imgs)
        mean, var = target.mean(-1, keepdim=True), target.var(-1, keepdim=True)
        target = (target - mean) / (var + 1e-6) ** 0.5
        loss = ((pred - target) ** 2).mean(-1)
        return (loss * mask).sum() / mask.sum()


def mae_step_fn(args, all_tokens):
    model = Mae(size=args.size, patch=args.patch, channels=args.channels, mask_token_in_encoder=all_tokens).train()
    opt = torch.optim.AdamW(model.parameters(), lr=1.5e-4 * args.batch / 256, betas=(0.9, 0.95), weight_decay=0.05)
    imgs = torch.randn(args.batch, args.channels, args.size, args.size, generator=torch.Generator().manual_seed(0))

    def step():
        loss = model(imgs)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
    return step


# ---------------------------------------------------------------- augmentation

def augmentation(args):
    """SimCLR's two views, per image, the classic way: PIL image → torchvision transforms → tensor."""
    import numpy as np
    from PIL import Image
    import torchvision.transforms as T
    view = T.Compose([
        T.RandomResizedCrop(args.size, scale=(0.08, 1.0)),
        T.RandomHorizontalFlip(),
        T.RandomApply([T.ColorJitter(0.4, 0.4, 0.4, 0.1)], p=0.8),
        T.RandomGrayscale(p=0.2),
        T.ToTensor(),
        T.Normalize((0.485, 0.456, 0.406), (0.229, 0.224, 0.225)),
    ])
    rng = np.random.default_rng(0)
    batch = args.aug_batch
    images = [Image.fromarray(rng.integers(0, 256, (args.size, args.size, 3), dtype=np.uint8)) for _ in range(batch)]

    def step():
        v1 = torch.stack([view(im) for im in images])
        v2 = torch.stack([view(im) for im in images])
        return v1, v2
    wall, p90, cpu = timed(step, 2, args.aug_repeats)
    report("torchvision_simclr_two_views_per_image_pil", batch, wall, p90, cpu, size=args.size)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--size", type=int, default=32)
    ap.add_argument("--channels", type=int, default=3)
    ap.add_argument("--width", type=int, default=64, help="ResNet first-stage width")
    ap.add_argument("--patch", type=int, default=4)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--aug-batch", type=int, default=256)
    ap.add_argument("--aug-repeats", type=int, default=10)
    ap.add_argument("--only", choices=["simclr", "mae", "mae_all_tokens", "augment"], action="append")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    parts = args.only or ["simclr", "mae", "mae_all_tokens", "augment"]
    for part in parts:
        if part == "simclr":
            report("simclr_resnet18", args.batch, *timed(simclr_step_fn(args), args.warmup, args.steps), width=args.width)
        elif part == "mae":
            report("mae_vit_tiny", args.batch, *timed(mae_step_fn(args, False), args.warmup, args.steps), patch=args.patch)
        elif part == "mae_all_tokens":
            report("mae_vit_tiny_all_tokens", args.batch, *timed(mae_step_fn(args, True), args.warmup, args.steps), patch=args.patch)
        else:
            augmentation(args)


if __name__ == "__main__":
    main()
