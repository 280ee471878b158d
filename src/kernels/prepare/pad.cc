// pad.cc - see pad.h.
#include "kernels/prepare/pad.h"

#include <cstring>

namespace octet {
namespace {

Result<PadPrepared> make(const char* op, DType dtype, const Shape& input,
                         const std::vector<std::array<int32_t, 2>>& paddings,
                         std::span<const uint8_t> value) {
  if (input.rank() > OCTET_MAX_RANK) {
    return error("{}: input {} has rank above {}", op, input.to_string(), OCTET_MAX_RANK);
  }
  if (static_cast<int>(paddings.size()) != input.rank()) {
    return error("{}: {} paddings for an input of rank {}", op, paddings.size(), input.rank());
  }
  PadPrepared r{};
  r.params.rank = input.rank();
  r.params.elem_size = static_cast<int32_t>(dtype_size(dtype));
  if (value.size() != dtype_size(dtype)) {
    return error("{}: pad value has {} bytes, {} needs {}", op, value.size(), dtype_name(dtype),
                 dtype_size(dtype));
  }
  std::memcpy(r.params.pad_value, value.data(), value.size());
  for (int d = 0; d < input.rank(); ++d) {
    const int32_t before = paddings[d][0];
    const int32_t after = paddings[d][1];
    if (before < 0 || after < 0 || input[d] < 0) {
      return error("{}: dimension {} has paddings {{{}, {}}} for size {}", op, d, before, after,
                   input[d]);
    }
    const int64_t size = int64_t{input[d]} + before + after;
    if (size > INT32_MAX) {
      return error("{}: dimension {} padded to {} overflows", op, d, size);
    }
    r.params.before[d] = before;
    r.params.after[d] = after;
    r.output_shape.dims.push_back(static_cast<int32_t>(size));
  }
  return r;
}

}  // namespace

Result<PadPrepared> prepare_pad(DType dtype, const Shape& input,
                                const std::vector<std::array<int32_t, 2>>& paddings,
                                int32_t zero_point) {
  uint8_t bytes[8] = {};
  switch (dtype) {
    case DType::kInt8:
    case DType::kUInt8: {
      if (zero_point < dtype_min(dtype) || zero_point > dtype_max(dtype)) {
        return error("PAD: zero point {} outside the {} range", zero_point, dtype_name(dtype));
      }
      bytes[0] = static_cast<uint8_t>(zero_point);
      break;
    }
    case DType::kInt16: {
      if (zero_point < dtype_min(dtype) || zero_point > dtype_max(dtype)) {
        return error("PAD: zero point {} outside the int16 range", zero_point);
      }
      const int16_t v = static_cast<int16_t>(zero_point);
      std::memcpy(bytes, &v, sizeof v);
      break;
    }
    default:
      if (zero_point != 0) {
        return error("PAD: {} is not quantized, zero point {} makes no sense", dtype_name(dtype),
                     zero_point);
      }
      break;  // all-zero bytes are 0 and 0.0f alike
  }
  return make("PAD", dtype, input, paddings, std::span<const uint8_t>(bytes, dtype_size(dtype)));
}

Result<PadPrepared> prepare_padv2(DType dtype, const Shape& input,
                                  const std::vector<std::array<int32_t, 2>>& paddings,
                                  std::span<const uint8_t> constant) {
  return make("PADV2", dtype, input, paddings, constant);
}

Result<MirrorPadPrepared> prepare_mirror_pad(DType dtype, const Shape& input,
                                             const std::vector<std::array<int32_t, 2>>& paddings,
                                             bool reflect) {
  const uint8_t unused_value[8] = {};
  OCTET_ASSIGN_OR_RETURN(PadPrepared pad,
                         make("MIRROR_PAD", dtype, input, paddings,
                              std::span<const uint8_t>(unused_value, dtype_size(dtype))));
  MirrorPadPrepared r{};
  r.params.rank = pad.params.rank;
  r.params.elem_size = pad.params.elem_size;
  r.params.offset = reflect ? 1 : 0;
  for (int d = 0; d < input.rank(); ++d) {
    const int32_t before = pad.params.before[d], after = pad.params.after[d];
    if (before > input[d] - r.params.offset || (input[d] == 0 && after > 0)) {
      return error("MIRROR_PAD: dimension {} of size {} cannot be padded by {{{}, {}}} in {} mode",
                   d, input[d], before, after, reflect ? "REFLECT" : "SYMMETRIC");
    }
    r.params.before[d] = before;
    r.params.after[d] = after;
  }
  r.output_shape = pad.output_shape;
  return r;
}

}  // namespace octet
