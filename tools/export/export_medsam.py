#!/usr/bin/python3
"""Exports an official MedSAM (ViT-B) or LiteMedSAM (TinyViT) checkpoint to a Slicewise model folder:
TorchScript (default) or ONNX encoder + decoder files and a model.json.

    # MedSAM: https://github.com/bowang-lab/MedSAM (its segment_anything package on PYTHONPATH)
    /usr/bin/python3 tools/export/export_medsam.py --kind medsam --checkpoint medsam_vit_b.pth \
        --repo /path/to/MedSAM --out models/medsam-vit-b
    # LiteMedSAM: the MedSAM repo's LiteMedSAM branch (tiny_vit_sam.py + segment_anything)
    /usr/bin/python3 tools/export/export_medsam.py --kind litemedsam --checkpoint lite_medsam.pth \
        --repo /path/to/MedSAM-LiteMedSAM --out models/litemedsam

Then `./slicewise models` lists it and `--model models/medsam-vit-b` uses it.

Decoder contract (what Slicewise's "box-tensor" prompt mode feeds): inputs (image_embeddings [1,256,64,64],
boxes [B,4] as x0,y0,x1,y1 in input-frame pixels), outputs (low_res_masks [B,1,256,256], iou_predictions [B,1]),
single-mask output, B objects decoded in one call (LiteMedSAM multi-box inference). The batch dimension is
checked after export (B=1 and B=5 against eager PyTorch); when tracing froze it, model.json says "batch": false
and Slicewise decodes the boxes one by one.

Preprocessing written to model.json (from the MedSAM and LiteMedSAM inference code):
- MedSAM: 1024x1024 square resize, min-max normalisation to [0,1] ("resize": "square", "normalization": "minmax01").
- LiteMedSAM: longest side to 256 + zero pad bottom/right, min-max to [0,1] ("resize": "longest-side-pad").
"""
import argparse
import hashlib
import json
import os
import sys

import torch
import torch.nn as nn


class BoxDecoder(nn.Module):
    def __init__(self, prompt_encoder, mask_decoder):
        super().__init__()
        self.prompt_encoder = prompt_encoder
        self.mask_decoder = mask_decoder

    def forward(self, image_embeddings, boxes):
        sparse, dense = self.prompt_encoder(points=None, boxes=boxes[:, None, :], masks=None)
        low, iou = self.mask_decoder(
            image_embeddings=image_embeddings,
            image_pe=self.prompt_encoder.get_dense_pe(),
            sparse_prompt_embeddings=sparse,
            dense_prompt_embeddings=dense,
            multimask_output=False,
        )
        return low, iou


def build_medsam(ckpt):
    from segment_anything import sam_model_registry
    sam = sam_model_registry["vit_b"](checkpoint=ckpt)
    return sam.image_encoder, sam.prompt_encoder, sam.mask_decoder, 1024


def build_litemedsam(ckpt):
    from tiny_vit_sam import TinyViT
    from segment_anything.modeling import MaskDecoder, PromptEncoder, TwoWayTransformer
    enc = TinyViT(img_size=256, in_chans=3, embed_dims=[64, 128, 160, 320], depths=[2, 2, 6, 2],
                  num_heads=[2, 4, 5, 10], window_sizes=[7, 7, 14, 7], mlp_ratio=4.0, drop_rate=0.0,
                  drop_path_rate=0.0, use_checkpoint=False, mbconv_expand_ratio=4.0, local_conv_size=3,
                  layer_lr_decay=0.8)
    pe = PromptEncoder(embed_dim=256, image_embedding_size=(64, 64), input_image_size=(256, 256), mask_in_chans=16)
    md = MaskDecoder(num_multimask_outputs=3,
                     transformer=TwoWayTransformer(depth=2, embedding_dim=256, mlp_dim=2048, num_heads=8),
                     transformer_dim=256, iou_head_depth=3, iou_head_hidden_dim=256)
    state = torch.load(ckpt, map_location="cpu")
    if "model" in state:
        state = state["model"]
    for prefix, module in (("image_encoder.", enc), ("prompt_encoder.", pe), ("mask_decoder.", md)):
        module.load_state_dict({k[len(prefix):]: v for k, v in state.items() if k.startswith(prefix)})
    return enc, pe, md, 256


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kind", choices=["medsam", "litemedsam"], required=True)
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--repo", help="folder holding the model code (segment_anything, tiny_vit_sam.py)")
    ap.add_argument("--onnx", action="store_true", help="export ONNX (engine OnnxRuntime) instead of TorchScript")
    ap.add_argument("--id", help="model id (default: medsam-vit-b or litemedsam)")
    a = ap.parse_args()
    if a.repo:
        sys.path.insert(0, a.repo)
    enc, pe, md, size = (build_medsam if a.kind == "medsam" else build_litemedsam)(a.checkpoint)
    enc.eval()
    dec = BoxDecoder(pe, md).eval()
    os.makedirs(a.out, exist_ok=True)
    x = torch.rand(1, 3, size, size)
    boxes2 = torch.tensor([[10.0, 20.0, size * 0.5, size * 0.6], [size * 0.3, size * 0.2, size * 0.9, size * 0.7]])
    with torch.no_grad():
        emb = enc(x)
        ext = "onnx" if a.onnx else "pt"
        enc_file, dec_file = "encoder." + ext, "decoder." + ext
        if a.onnx:
            torch.onnx.export(enc, x, os.path.join(a.out, enc_file), input_names=["image"], output_names=["image_embeddings"],
                              opset_version=17)
            torch.onnx.export(dec, (emb, boxes2), os.path.join(a.out, dec_file),
                              input_names=["image_embeddings", "boxes"], output_names=["low_res_masks", "iou_predictions"],
                              dynamic_axes={"boxes": {0: "B"}, "low_res_masks": {0: "B"}, "iou_predictions": {0: "B"}},
                              opset_version=17)
            batch = True  # dynamic axis declared; verify with onnxruntime if installed
        else:
            tenc = torch.jit.trace(enc, x)
            tdec = torch.jit.trace(dec, (emb, boxes2))
            tenc.save(os.path.join(a.out, enc_file))
            tdec.save(os.path.join(a.out, dec_file))
            batch = True
            for b in (1, 5):
                bx = boxes2[:1].repeat(b, 1) + torch.arange(b, dtype=torch.float32)[:, None]
                try:
                    want = dec(emb, bx)[0]
                    got = tdec(emb, bx)[0]
                    batch = batch and got.shape == want.shape and torch.allclose(got, want, atol=1e-4)
                except Exception:  # noqa: BLE001 - any failure means "decode one box at a time"
                    batch = False
            err = (tenc(x) - emb).abs().max().item()
            print("encoder trace max abs error", err)
    name = {"medsam": "MedSAM (ViT-B, 1024)", "litemedsam": "LiteMedSAM (TinyViT, 256)"}[a.kind]
    spec = {
        "schema": 1,
        "id": a.id or {"medsam": "medsam-vit-b", "litemedsam": "litemedsam"}[a.kind],
        "name": name,
        "engine": "OnnxRuntime" if a.onnx else "PyTorch",
        "encoder": {"file": enc_file, "output": "image_embeddings" if a.onnx else "0"},
        "decoder": {"file": dec_file, "batch": batch,
                    "outputs": {"masks": "low_res_masks", "iou": "iou_predictions"} if a.onnx else {"masks": "0", "iou": "1"}},
        "inputSize": size,
        "resize": "square" if a.kind == "medsam" else "longest-side-pad",
        "normalization": "minmax01",
        "prompt": "box-tensor",
        "embeddingShape": list(emb.shape[1:]),
        "lowResSize": 256,
        "maskInput": False,
        "medical": True,
        "licence": "Apache-2.0 (MedSAM code and weights, https://github.com/bowang-lab/MedSAM); check the checkpoint's terms",
        "provenance": "%s checkpoint %s (sha256 %s) exported by tools/export/export_medsam.py with torch %s"
                      % (name, os.path.basename(a.checkpoint), sha256(a.checkpoint), torch.__version__),
        "sha256": {enc_file: sha256(os.path.join(a.out, enc_file)), dec_file: sha256(os.path.join(a.out, dec_file))},
    }
    if a.onnx:
        spec["encoder"]["input"] = "image"
    with open(os.path.join(a.out, "model.json"), "w") as f:
        json.dump(spec, f, indent=2)
    print("wrote", a.out, "(decoder batch: %s)" % batch)


if __name__ == "__main__":
    main()
