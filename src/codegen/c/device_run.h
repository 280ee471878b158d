// device_run.h - runs generated C code (codegen/c/generator.h) on given inputs: on an emulated
// Cortex-M board (QEMU's MPS2 boards through mcu_toolchain.h) or natively on the host with the
// system C compiler. A small harness embeds the inputs of every case, calls NAME_invoke() once per
// case and prints the outputs and what it measured; the host reads them back. This is what
// `octet codegen --run/--report` and the generated-code tests use.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "codegen/c/generator.h"
#include "codegen/mcu_toolchain.h"
#include "core/status.h"

namespace octet {

struct DeviceRunOptions {
  // "cortex-m4", "cortex-m7" (or a board name, mcu_toolchain.h), or "host".
  std::string target = "cortex-m4";
  std::string work_dir;  // where the program is built (created)
  double timeout_seconds = 900;
};

struct DeviceCaseResult {
  int status = 0;                             // NAME_invoke()'s return value
  std::vector<std::vector<uint8_t>> outputs;  // bytes of every output
  uint64_t instructions = 0;                  // of the invoke (device targets; 40-instr resolution)
};

struct DeviceRunResult {
  std::vector<DeviceCaseResult> cases;
  // Device targets only.
  uint64_t stack_bytes = 0;       // high-water mark of the stack after all cases (painted stack)
  mcu::SectionSizes sizes;        // of the whole program (harness and embedded inputs included)
  mcu::SectionSizes model_sizes;  // the model's share: flash and RAM of the generated files
  std::vector<std::string> soft_float;  // soft-float helpers the link map shows
  std::string board;
};

// inputs[c][i]: the bytes of input i in case c (each exactly the input's size).
Result<DeviceRunResult> run_generated(const GeneratedCode& code,
                                      const std::vector<std::vector<std::vector<uint8_t>>>& inputs,
                                      const DeviceRunOptions& options);

}  // namespace octet
