#!/usr/bin/env bash
# setup.sh - installs the Debian 12 packages octet builds and tests with (only those missing).
set -euo pipefail

PACKAGES=(
  cmake ninja-build clang libclang-rt-14-dev   # build; clang also for libFuzzer + sanitizers
  flatbuffers-compiler libflatbuffers-dev      # .tflite schema -> C++ (flatc), runtime + verifier
  libgtest-dev libbenchmark-dev                # unit/model tests, microbenchmarks
  libcli11-dev libfmt-dev nlohmann-json3-dev   # command line, formatting, --json output
  libstb-dev zlib1g-dev                        # image decoding (calibration), .npz archives
  gcc-arm-none-eabi libnewlib-arm-none-eabi    # Cortex-M: cross compiler, newlib + rdimon semihosting
  qemu-system-arm                              # Cortex-M: the MPS2 boards (mps2-an386, mps2-an500)
  python3-dev pybind11-dev python3-numpy       # the Python module (build/python/octet)
  python3-pytest python3-pil                   # its tests (pytest; images for the TFLite script)
  python3-tqdm python3-pandas python3-matplotlib  # progress bars, to_pandas(), plot()
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all packages present"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "setup: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
