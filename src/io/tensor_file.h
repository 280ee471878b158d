// tensor_file.h - tensors on the command line: .npy or raw .bin files checked against the tensor
// they feed, and deterministic random tensors for runs without data.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/tensor_type.h"

namespace octet {

// An array in memory: dtype, shape and dense little-endian bytes in C order (an .npy file's
// content, a numpy array's buffer).
struct ArrayView {
  DType dtype = DType::kFloat32;
  Shape shape;
  std::span<const uint8_t> data;
};

// Writes `array` into `out` (exactly the tensor's bytes). The dtype must match and the shape must
// equal the tensor's, leading 1s aside. A float32 array feeding a quantized integer tensor is
// quantized (real_to_tensor) and *quantized_from_float is set. Errors name `where` (the array's
// source: "x.npy", "run() argument 0") and `what` (the tensor: "input 0 'images'").
Status array_to_tensor(const ArrayView& array, const TensorType& type, std::string_view where,
                       std::string_view what, std::span<uint8_t> out,
                       bool* quantized_from_float = nullptr);

// Reads `path` into a tensor's bytes: an .npy file as array_to_tensor takes it; anything else as
// raw little-endian bytes of exactly the tensor's size.
Result<std::vector<uint8_t>> load_tensor_file(const std::string& path, const TensorType& type,
                                              const std::string& what,
                                              bool* quantized_from_float = nullptr);

// Real values -> a tensor's bytes (out: exactly the tensor's bytes). float32 is copied; integer
// tensors are quantized with their scale and zero point (1 and 0 when unquantized; per axis when
// per-axis): round half away from zero, saturate. A non-finite value is an error naming `where`
// and the element; other dtypes are an error.
Status real_to_tensor(std::span<const float> values, const TensorType& type, std::string_view where,
                      std::span<uint8_t> out);

// A tensor's bytes -> real values: float32/float64 as they are, integers dequantized with their
// scale and zero point (as numbers when unquantized; per axis when per-axis), bool as 0/1.
void tensor_to_real(const TensorType& type, std::span<const uint8_t> bytes,
                    std::vector<double>& out);

// Uniform over the dtype's full range for integers, U[-1, 1) for floats; same seed, same bytes.
std::vector<uint8_t> random_tensor(const TensorType& type, uint64_t seed);

enum class TensorFormat { kNpy, kBin };
Status save_tensor_file(const std::string& path, TensorFormat format, const TensorType& type,
                        std::span<const uint8_t> data);

}  // namespace octet
