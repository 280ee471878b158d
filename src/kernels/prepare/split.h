// split.h - prepare-time parameters of SPLIT, SPLIT_V, PACK and UNPACK (pure data movement; any
// dtype; quantized outputs share the input's quantization in TFLite, so no requantization).
#pragma once

#include <cstdint>
#include <vector>

#include "core/dtype.h"
#include "core/status.h"
#include "core/tensor_type.h"
#include "octet_kernels.h"

namespace octet {

struct SplitPrepared {
  octet_split_params params;
  std::vector<Shape> output_shapes;
};

// SPLIT: num_splits equal parts along axis (the size must divide).
Result<SplitPrepared> prepare_split(DType dtype, const Shape& input, int32_t axis,
                                    int32_t num_splits);
// SPLIT_V: parts of the given sizes; at most one size may be -1 (the remainder).
Result<SplitPrepared> prepare_split_v(DType dtype, const Shape& input, int32_t axis,
                                      const std::vector<int32_t>& size_splits);

struct PackPrepared {
  octet_pack_params params;
  Shape output_shape;
};

// PACK: values_count inputs of shape `input` stacked along a new axis in [-(rank+1), rank].
Result<PackPrepared> prepare_pack(DType dtype, const Shape& input, int32_t axis,
                                  int32_t values_count);

struct UnpackPrepared {
  octet_unpack_params params;
  Shape output_shape;  // the shape of each of the input[axis] outputs
};

// UNPACK: num must equal input[axis] (TFLite's `num` attribute; 0 means "take it from the shape").
Result<UnpackPrepared> prepare_unpack(DType dtype, const Shape& input, int32_t axis, int32_t num);

}  // namespace octet
