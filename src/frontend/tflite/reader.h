// reader.h - .tflite file -> Graph. Every load runs the flatbuffers verifier, then checks every
// index, shape and buffer size before anything is used; a bad file is an error naming what and
// where, never a crash. Weights are bound as constants (DESIGN.md rule 4) and each constant tensor
// gets its own copy of its bytes, even when the file shares one buffer between tensors (rule 3).
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "core/status.h"
#include "ir/graph.h"

namespace octet {

struct TfliteReadOptions {
  // Keep ops octet cannot run as OpKind::kUnsupported nodes instead of failing (for `inspect`).
  bool allow_unsupported_ops = false;
  // Hybrid models (float activations, int8 weights): dequantize such weights to float at load.
  bool dequantize_hybrid_weights = true;
};

Result<Graph> read_tflite(std::span<const uint8_t> bytes, const TfliteReadOptions& options = {});
Result<Graph> read_tflite_file(const std::string& path, const TfliteReadOptions& options = {});

// Reads a whole file into memory; errors name the path and the OS reason.
Result<std::vector<uint8_t>> read_file_bytes(const std::string& path);

}  // namespace octet
