#!/usr/bin/env bash
# run.sh - the quantization quality table of docs/QUANTIZATION.md: for each model, octet's int8
# model (one row per observer) and TFLite's int8 counterpart are compared against the float model
# on the same held-out inputs; prints a markdown table of output SQNR and top-1 agreement.
# Needs: a built octet (scripts/build.sh octet_cli), ../shared, python3-numpy and python3-pil.
set -euo pipefail
cd "$(dirname "$0")/../.."
octet=${OCTET:-build/octet}
shared=${SHARED:-../shared}
work=${WORK:-build/quant_eval}
PY=${PYTHON:-/usr/bin/python3}
mkdir -p "$work"
"$PY" scripts/quant_eval/make_data.py "$work" "$shared/images"

# name float_model tflite_int8_model data_dir
models=(
  "vww_96 tiny_vww_96_float tiny_vww_96_int8 vww"
  "pretrainedResnet tiny_pretrainedResnet tiny_pretrainedResnet_quant resnet"
  "ad01 tiny_ad01_fp32 tiny_ad01_int8 ad01"
  "kws tiny_kws_ref_model_float32 tiny_kws_ref_model kws"
)
observers=${OBSERVERS:-"minmax percentile:99.99 mse"}

sqnr() { grep -A1 'SQNR dB' | sed -n 2p | awk '{print $1}'; }
top1() { grep -o 'top-1 agreement: [0-9.]*%' | head -1 | awk '{print $3}'; }

echo "| model | quantizer | output SQNR (dB) | top-1 agreement |"
echo "|---|---|---|---|"
for row in "${models[@]}"; do
  read -r name fmodel tmodel data <<<"$row"
  f=$shared/models/$fmodel.tflite
  out=$("$octet" compare "$f" "$shared/models/$tmodel.tflite" --data "$work/$data/eval" -q)
  echo "| $name | TFLite converter ($tmodel) | $(echo "$out" | sqnr) | $(echo "$out" | top1 | grep . || echo -) |"
  for obs in $observers; do
    q=$work/$name.${obs//[:.]/_}.tflite
    "$octet" quantize "$f" -o "$q" --calib "$work/$data/calib" --observer "$obs" -q >/dev/null
    out=$("$octet" compare "$f" "$q" --data "$work/$data/eval" -q)
    echo "| $name | octet --observer $obs | $(echo "$out" | sqnr) | $(echo "$out" | top1 | grep . || echo -) |"
  done
done
