// npy.h - NumPy .npy arrays in and out (what Python users have), and .npz archives (zip files of
// .npy members, stored or deflated) for calibration data.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/tensor_type.h"

namespace octet {

struct NpyArray {
  DType dtype = DType::kFloat32;
  Shape shape;
  std::vector<uint8_t> data;  // little-endian, C order
};

// Parses .npy bytes; `where` names the source in errors.
Result<NpyArray> parse_npy(std::span<const uint8_t> bytes, std::string_view where);
Result<NpyArray> read_npy(const std::string& path);
std::vector<uint8_t> encode_npy(DType dtype, const Shape& shape, std::span<const uint8_t> data);
Status write_npy(const std::string& path, DType dtype, const Shape& shape,
                 std::span<const uint8_t> data);

struct NpzMember {
  std::string name;  // without the .npy suffix
  NpyArray array;
};
Result<std::vector<NpzMember>> read_npz(const std::string& path);

// Writes raw bytes to a file; errors name the path.
Status write_file_bytes(const std::string& path, std::span<const uint8_t> bytes);

}  // namespace octet
