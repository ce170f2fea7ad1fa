#!/usr/bin/env python3
"""Checks a djl-ssl export in PyTorch: strict state_dict loading and feature equality.

    djl-ssl export --run runs/simclr --out enc.safetensors --sample sample.safetensors
    python3 benchmarks/python/check_export.py enc.safetensors sample.safetensors

Builds the module the export's metadata describes -- torchvision's ResNet (fc = Identity, the
small-image stem when `small_stem` is true, narrower planes when `width` != 64) or timm's
VisionTransformer (num_classes=0, fc_norm=False; a minimal module with timm's exact state_dict
keys when timm is not installed) -- loads the weights with strict=True, runs the sample's `input`
in eval mode and compares with the `features` djl-ssl computed. Exit code 1 when the max abs
difference exceeds --tol.

Needs only torch (and torchvision for ResNets); safetensors is parsed here in a few lines so the
`safetensors` package is optional.
"""
import argparse
import json
import struct
import sys

import torch
import torch.nn as nn

DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16,
          "I64": torch.int64, "I32": torch.int32}


def read_safetensors(path):
    """Returns ({name: tensor}, metadata) of a safetensors file (little-endian host assumed)."""
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", {})
    data = bytearray(blob[8 + n:])
    tensors = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        dtype = DTYPES[info["dtype"]]
        flat = torch.frombuffer(data, dtype=dtype, count=(end - begin) // torch.tensor([], dtype=dtype).element_size(),
                                offset=begin) if end > begin else torch.empty(0, dtype=dtype)
        tensors[name] = flat.reshape(info["shape"]).clone()
    return tensors, metadata


# ---------------------------------------------------------------- ResNet (torchvision)

def build_resnet(meta):
    import torchvision
    from torchvision.models.resnet import BasicBlock, Bottleneck, ResNet

    depth = {"resnet18": (BasicBlock, [2, 2, 2, 2]), "resnet34": (BasicBlock, [3, 4, 6, 3]),
             "resnet50": (Bottleneck, [3, 4, 6, 3])}
    block, layers = depth[meta["encoder"]]
    width = int(meta["width"]) or 64
    in_chans = int(meta["input_channels"])
    small = meta.get("small_stem") == "true"

    class WidthResNet(ResNet):
        """torchvision's ResNet with every stage's planes scaled by width/64 (identical at 64)."""

        def __init__(self):
            self._width, self._first = width, True
            super().__init__(block, layers)

        def _make_layer(self, block, planes, blocks, stride=1, dilate=False):
            if self._first:  # torchvision hard-codes inplanes = 64 for the stem
                self.inplanes, self._first = width, False
            return super()._make_layer(block, planes * width // 64, blocks, stride, dilate)

    model = torchvision.models.resnet18() if (meta["encoder"] == "resnet18" and width == 64) else WidthResNet()
    if small:  # SimCLR's CIFAR stem: 3x3 stride-1 conv, no max-pool
        model.conv1 = nn.Conv2d(in_chans, width, kernel_size=3, stride=1, padding=1, bias=False)
        model.maxpool = nn.Identity()
    elif in_chans != 3 or width != 64:
        model.conv1 = nn.Conv2d(in_chans, width, kernel_size=7, stride=2, padding=3, bias=False)
    model.bn1 = nn.BatchNorm2d(width)
    model.fc = nn.Identity()
    return model, "torchvision ResNet (%s, width %d, %s stem, fc=Identity)" % (
        meta["encoder"], width, "small" if small else "ImageNet")


# ---------------------------------------------------------------- ViT (timm)

class _PatchEmbed(nn.Module):
    def __init__(self, in_chans, dim, patch):
        super().__init__()
        self.proj = nn.Conv2d(in_chans, dim, kernel_size=patch, stride=patch)

    def forward(self, x):
        return self.proj(x).flatten(2).transpose(1, 2)


class _Attention(nn.Module):
    def __init__(self, dim, heads, qkv_bias):
        super().__init__()
        self.heads, self.scale = heads, (dim // heads) ** -0.5
        self.qkv = nn.Linear(dim, 3 * dim, bias=qkv_bias)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        b, n, c = x.shape
        q, k, v = self.qkv(x).reshape(b, n, 3, self.heads, c // self.heads).permute(2, 0, 3, 1, 4)
        attn = ((q * self.scale) @ k.transpose(-2, -1)).softmax(dim=-1)
        return self.proj((attn @ v).transpose(1, 2).reshape(b, n, c))


class _Mlp(nn.Module):
    def __init__(self, dim, hidden):
        super().__init__()
        self.fc1, self.act, self.fc2 = nn.Linear(dim, hidden), nn.GELU(), nn.Linear(hidden, dim)

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))


class _Block(nn.Module):
    def __init__(self, dim, heads, hidden, qkv_bias, eps):
        super().__init__()
        self.norm1, self.attn = nn.LayerNorm(dim, eps=eps), _Attention(dim, heads, qkv_bias)
        self.norm2, self.mlp = nn.LayerNorm(dim, eps=eps), _Mlp(dim, hidden)

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class MinimalTimmViT(nn.Module):
    """timm's VisionTransformer(num_classes=0, fc_norm=False) forward, with timm's state_dict keys."""

    def __init__(self, img, patch, in_chans, dim, depth, heads, mlp_ratio, qkv_bias, class_token, pool, eps):
        super().__init__()
        prefix, tokens = (1 if class_token else 0), (img // patch) ** 2
        self.pool, self.prefix = pool, prefix
        self.cls_token = nn.Parameter(torch.zeros(1, 1, dim)) if class_token else None
        self.pos_embed = nn.Parameter(torch.zeros(1, prefix + tokens, dim))
        self.patch_embed = _PatchEmbed(in_chans, dim, patch)
        self.blocks = nn.Sequential(*[_Block(dim, heads, int(dim * mlp_ratio), qkv_bias, eps) for _ in range(depth)])
        self.norm = nn.LayerNorm(dim, eps=eps)

    def forward(self, x):
        x = self.patch_embed(x)
        if self.cls_token is not None:
            x = torch.cat([self.cls_token.expand(x.shape[0], -1, -1), x], dim=1)
        x = self.norm(self.blocks(x + self.pos_embed))
        return x[:, 0] if self.pool == "token" else x[:, self.prefix:].mean(dim=1)


def build_vit(meta, patch):
    img, in_chans = int(meta["image_size"]), int(meta["input_channels"])
    dim, depth, heads = int(meta["embed_dim"]), int(meta["depth"]), int(meta["num_heads"])
    mlp_ratio, qkv_bias = float(meta["mlp_ratio"]), meta["qkv_bias"] == "true"
    class_token, pool, eps = meta["class_token"] == "true", meta["global_pool"], float(meta["layer_norm_eps"])
    try:
        from timm.models.vision_transformer import VisionTransformer
    except ImportError:
        model = MinimalTimmViT(img, patch, in_chans, dim, depth, heads, mlp_ratio, qkv_bias, class_token, pool, eps)
        return model, "minimal timm-compatible ViT (timm not installed)"
    # timm's LayerNorm default eps is 1e-6, as djl-ssl's; fc_norm=False keeps the final norm per token.
    model = VisionTransformer(img_size=img, patch_size=patch, in_chans=in_chans, num_classes=0, global_pool=pool,
                              embed_dim=dim, depth=depth, num_heads=heads, mlp_ratio=mlp_ratio, qkv_bias=qkv_bias,
                              class_token=class_token, fc_norm=False)
    return model, "timm VisionTransformer"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("weights", help="djl-ssl export --format safetensors output")
    ap.add_argument("sample", help="djl-ssl export --sample output")
    ap.add_argument("--tol", type=float, default=1e-4, help="max abs feature difference (default 1e-4)")
    args = ap.parse_args()

    state, meta = read_safetensors(args.weights)
    sample, _ = read_safetensors(args.sample)
    if meta["encoder"].startswith("vit-"):
        model, kind = build_vit(meta, state["patch_embed.proj.weight"].shape[-1])
    else:
        model, kind = build_resnet(meta)
    result = model.load_state_dict(state, strict=True)  # raises on any missing/unexpected/misshapen key
    model.eval()
    with torch.no_grad():
        ours = model(sample["input"])
    diff = (ours - sample["features"]).abs().max().item()
    print("%s: %s" % (meta["architecture"], kind))
    print("  load_state_dict(strict=True): %d tensors, %s" % (len(state), result))
    print("  features %s, max |feature| = %.3g, max |torch - djl| = %.3g"
          % (tuple(ours.shape), sample["features"].abs().max().item(), diff))
    if not diff <= args.tol:
        print("FAIL: difference above --tol %g" % args.tol)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
