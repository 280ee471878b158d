// tensor_file.h - tensors on the command line: .npy or raw .bin files checked against the tensor
// they feed, and deterministic random tensors for runs without data.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/tensor_type.h"

namespace octet {

// Reads `path` (.npy: dtype must match and the shape must equal the tensor's, leading 1s aside;
// anything else: raw little-endian bytes of exactly the tensor's size). A float32 .npy feeding a
// quantized integer tensor is quantized with the tensor's scale and zero point (round half away
// from zero, saturate), and *quantized_from_float is set. `what` names the tensor in errors
// ("input 0 'images'").
Result<std::vector<uint8_t>> load_tensor_file(const std::string& path, const TensorType& type,
                                              const std::string& what,
                                              bool* quantized_from_float = nullptr);

// Uniform over the dtype's full range for integers, U[-1, 1) for floats; same seed, same bytes.
std::vector<uint8_t> random_tensor(const TensorType& type, uint64_t seed);

enum class TensorFormat { kNpy, kBin };
Status save_tensor_file(const std::string& path, TensorFormat format, const TensorType& type,
                        std::span<const uint8_t> data);

}  // namespace octet
