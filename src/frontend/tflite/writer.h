// writer.h - Graph -> standard .tflite (flatbuffers), readable by octet, TFLite and TFLM: buffers
// (one per constant), per-tensor and per-axis quantization with quantized_dimension, operator
// codes with both the deprecated byte and the 32-bit builtin_code, builtin options.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "ir/graph.h"

namespace octet {

struct TfliteWriteOptions {
  std::string description = "written by octet";
  // Constants with identical bytes share one buffer, as TFLite's converter writes them (octet's
  // reader gives each tensor its own copy again, DESIGN.md rule 3).
  bool share_identical_buffers = true;
};

Result<std::vector<uint8_t>> write_tflite(const Graph& graph,
                                          const TfliteWriteOptions& options = {});
Status write_tflite_file(const Graph& graph, const std::string& path,
                         const TfliteWriteOptions& options = {});

}  // namespace octet
