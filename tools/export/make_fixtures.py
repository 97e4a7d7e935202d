#!/usr/bin/python3
"""Builds tiny SAM-shaped TorchScript fixtures (random weights, fixed seed) plus a model.json in Slicewise's
format and reference outputs computed in Python, for the engine parity test (DjlTorchScriptFixtureTest).

    /usr/bin/python3 tools/export/make_fixtures.py OUT_DIR

Encoder: [1,3,64,64] -> [1,32,8,8] (three stride-2 convs). Decoder: (embedding [1,32,8,8], boxes [B,4] in
input-frame pixels) -> (low-res mask logits [B,1,16,16], iou [B,1]); batched over B like MedSAM's
multi-box inference. Preprocessing replicated from Slicewise: 64x64 slice (no resize), min-max to [0,1],
three channels.
"""
import json
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F


class TinyEncoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(3, 16, 3, stride=2, padding=1)
        self.c2 = nn.Conv2d(16, 32, 3, stride=2, padding=1)
        self.c3 = nn.Conv2d(32, 32, 3, stride=2, padding=1)

    def forward(self, x):
        x = F.gelu(self.c1(x))
        x = F.gelu(self.c2(x))
        return self.c3(x)


class TinyDecoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.box = nn.Linear(4, 32)
        self.mix = nn.Conv2d(32, 16, 1)
        self.up = nn.ConvTranspose2d(16, 1, 2, stride=2)
        self.iou = nn.Linear(16, 1)

    def forward(self, emb, boxes):
        b = boxes.shape[0]
        feat = self.box(boxes / 64.0)  # [B, 32]
        x = emb.expand(b, -1, -1, -1) * feat[:, :, None, None]
        x = F.relu(self.mix(x))  # [B, 16, 8, 8]
        logits = self.up(x)  # [B, 1, 16, 16]
        # a box-shaped prior so the mask follows the prompt: low-res pixel centres in frame pixels
        g = (torch.arange(16, dtype=torch.float32) + 0.5) * 4.0 - 0.5
        gx = g[None, None, None, :]
        gy = g[None, None, :, None]
        x0 = boxes[:, 0][:, None, None, None]
        y0 = boxes[:, 1][:, None, None, None]
        x1 = boxes[:, 2][:, None, None, None]
        y1 = boxes[:, 3][:, None, None, None]
        inside = torch.minimum(torch.minimum(gx - x0, x1 - gx), torch.minimum(gy - y0, y1 - gy))
        logits = logits + inside / 2.0
        iou = torch.sigmoid(self.iou(x.mean(dim=(2, 3))))
        return logits, iou


def image64():
    """The fixed test slice (0..255), same formula as the Java test reads from reference.json."""
    ys = torch.arange(64, dtype=torch.float32)[:, None]
    xs = torch.arange(64, dtype=torch.float32)[None, :]
    img = 127.5 + 100.0 * torch.sin(xs * 0.21) * torch.cos(ys * 0.13) + 0.4 * xs
    return img.clamp(0, 255)


def main(out):
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(1234)
    enc = torch.jit.script(TinyEncoder().eval())
    dec = torch.jit.script(TinyDecoder().eval())
    enc.save(os.path.join(out, "encoder.pt"))
    dec.save(os.path.join(out, "decoder.pt"))
    img = image64()
    x = (img - img.min()) / torch.clamp(img.max() - img.min(), min=1e-8)
    x = x[None, None].expand(1, 3, 64, 64).contiguous()
    boxes = torch.tensor([[10.0, 12.0, 40.0, 50.0], [5.0, 5.0, 20.0, 30.0], [30.0, 2.0, 62.0, 33.0]])
    with torch.no_grad():
        emb = enc(x)
        low, iou = dec(emb, boxes)
        low1, iou1 = dec(emb, boxes[1:2])
    assert torch.allclose(low[1:2], low1, atol=1e-6)
    spec = {
        "schema": 1, "id": "tiny-sam-fixture", "name": "Tiny SAM-shaped TorchScript fixture (random weights)",
        "engine": "PyTorch",
        "encoder": {"file": "encoder.pt", "output": "0"},
        "decoder": {"file": "decoder.pt", "outputs": {"masks": "0", "iou": "1"}, "batch": True},
        "inputSize": 64, "resize": "square", "normalization": "minmax01", "prompt": "box-tensor",
        "embeddingShape": [32, 8, 8], "lowResSize": 16, "maskInput": False, "medical": False,
        "licence": "CC0-1.0 (random weights, test fixture)",
        "provenance": "tools/export/make_fixtures.py (torch " + torch.__version__ + ", seed 1234)",
    }
    with open(os.path.join(out, "model.json"), "w") as f:
        json.dump(spec, f, indent=2)
    ref = {
        "image": img.flatten().tolist(),
        "boxes": boxes.tolist(),
        "embedding": emb.flatten().tolist(),
        "lowRes": low.flatten().tolist(),
        "iou": iou.flatten().tolist(),
    }
    with open(os.path.join(out, "reference.json"), "w") as f:
        json.dump(ref, f)
    print("wrote fixtures to", out)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "tiny-sam")
