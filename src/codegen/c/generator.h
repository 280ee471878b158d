// generator.h - the C code generator (`octet codegen`): prints a model's compiled plan as a
// standalone C99 program part for microcontrollers. It builds the plan for a C-only kernel target
// (reference kernels, or the Cortex-M DSP kernels where they apply) with the same plan builder as
// the runtime, then prints every step as a straight-line call over `static const` parameter
// structs: all of Prepare's arithmetic is done here, none on the device.
//
// The folder it writes needs nothing else from octet:
//   NAME.h          the API: the arena, each input's and output's pointer into it, dtype, shape,
//                   scale and zero point as macros, and int NAME_invoke(void) (0, or the failing
//                   kernel's error code)
//   NAME.c          the arena (one static buffer, sized by octet's planner), the parameters and
//                   the op sequence
//   NAME_weights.c  the constant tensors (weights, biases) as const arrays (flash)
//   the kernel sources the model calls (and the ones they call), and the kernel headers
// No malloc; for an integer-only model no float arithmetic (a float model is refused unless
// allow_float is set).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "ir/graph.h"

namespace octet {

struct CodegenOptions {
  std::string name = "model";  // C identifier prefix and file names
  bool dsp_kernels = false;    // Cortex-M DSP kernels where they apply (else the reference only)
  bool allow_float = false;    // emit float ops (with a warning) instead of refusing the model
  int64_t arena_alignment = 8;
};

struct GeneratedFile {
  std::string path;  // relative to the output folder
  std::string contents;
};

struct GeneratedCode {
  std::vector<GeneratedFile> files;
  int64_t arena_bytes = 0;
  std::vector<std::string> warnings;
  // Per step: the op label and the kernel that runs it ("#3 CONV_2D ('x')", "conv2d_s8_dsp").
  std::vector<std::pair<std::string, std::string>> steps;
  // The graph the code was generated from (after the runtime's rewrites): its inputs and outputs
  // are the program's, in order.
  Graph graph;
  // Byte offsets of each input and output in the arena.
  std::vector<int64_t> input_offsets, output_offsets;
};

// Generates the C code of g. Errors: a float model (naming each float op and why) unless
// allow_float, an op with no C kernel, a name that is not a C identifier.
Result<GeneratedCode> generate_c(const Graph& g, const CodegenOptions& options);

// Writes the files into dir (created if needed). Errors name the file that cannot be written.
Status write_generated(const GeneratedCode& code, const std::string& dir);

// The C type of a tensor's elements ("int8_t", "float").
std::string_view c_element_type(DType t);

}  // namespace octet
