#!/usr/bin/env bash
# demo.sh - sets up, builds, and runs octet's main job end to end on a model octet makes itself:
# make a float model (with calibration and held-out data), quantize it to full int8 and prove it,
# measure the accuracy cost per layer (and plot it), run it, benchmark it, run it from Python, and
# generate it as C for a Cortex-M4 and run that on the emulated board (QEMU mps2-an386).
# Output goes to build/demo/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh octet_cli octet_python
octet=build/octet
out=build/demo
rm -rf "$out"
step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@"; }
step $octet example $out
step $octet inspect $out/color_net.tflite
step $octet quantize $out/color_net.tflite -o $out/color_net_int8.tflite --calib $out/calib
step $octet inspect $out/color_net_int8.tflite
step $octet compare $out/color_net.tflite $out/color_net_int8.tflite --data $out/test \
  --plot $out/compare.png
step $octet run $out/color_net_int8.tflite --input $out/test/sample_000.npy --output-dir $out/run
echo "(label of test/sample_000.npy: $(head -n 1 $out/test_labels.txt | cut -d' ' -f2); 0 red, 1 green, 2 blue)"
step $octet bench $out/color_net_int8.tflite --runs 200 --profile
# The Python module, with the interpreter it was built for (Debian's python3).
python=$(sed -n 's/^Python3_EXECUTABLE:FILEPATH=//p' build/CMakeCache.txt)
step env PYTHONPATH=build/python "$python" -c "import numpy as np, octet
m = octet.Model('$out/color_net_int8.tflite')
print(m.inputs[0])
print('probabilities of test/sample_000.npy:', m.run(np.load('$out/test/sample_000.npy'), dequantize=True)[0])"
# The model as plain C for a microcontroller, built for a Cortex-M4 with the DSP kernels and run on
# QEMU's mps2-an386: the same output bytes as `octet run`, and what it costs there.
step $octet codegen $out/color_net_int8.tflite -o $out/color_net_c --name color_net \
  --target cortex-m4 --kernels dsp --run --report --input $out/test/sample_000.npy --output-dir $out/mcu
if cmp -s $out/mcu/output_0.npy $out/run/output_0.npy; then
  echo "(the Cortex-M4 output equals octet run's, byte for byte)"
else
  echo "the Cortex-M4 output differs from octet run's" >&2
  exit 1
fi
