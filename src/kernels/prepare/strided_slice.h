// strided_slice.h - prepare-time index normalization of STRIDED_SLICE: TFLite's
// strided_slice_logic (StartForAxis / StopForAxis) and the kernel's mask handling
// (BuildStridedSliceParams: ellipsis expansion, new axes as size-1 dimensions, shrink, offset),
// turned into a start / stride / count per effective dimension for octet_ref_strided_slice.
// SLICE, REVERSE_V2 and BROADCAST_TO are strided views of their input too (stride 1, -1 and 0)
// and run on the same kernel.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/dtype.h"
#include "core/status.h"
#include "core/tensor_type.h"
#include "octet_kernels.h"

namespace octet {

// The op's attributes as in the TFLite file: begin/end/strides (int32 constant tensors of equal
// length) and the StridedSliceOptions.
struct StridedSliceAttrs {
  std::vector<int32_t> begin;
  std::vector<int32_t> end;
  std::vector<int32_t> strides;
  int32_t begin_mask = 0;
  int32_t end_mask = 0;
  int32_t ellipsis_mask = 0;
  int32_t new_axis_mask = 0;
  int32_t shrink_axis_mask = 0;
  bool offset = false;  // end is relative to begin
};

struct StridedSlicePrepared {
  octet_strided_slice_params params;
  Shape output_shape;  // shrunk axes removed, new axes present (size 1)
};

// Errors: zero stride, more than 6 effective dimensions, a shrunk index out of range.
// A shrunk axis always yields the element at its begin index: TF semantics. (TFLite's reference
// kernel writes nothing for a shrunk axis with a negative stride, leaving the output undefined.)
Result<StridedSlicePrepared> prepare_strided_slice(DType dtype, const Shape& input,
                                                   const StridedSliceAttrs& attrs);

// SLICE (TFLite's slice.cc): begin and size hold one entry per input dimension; size -1 takes the
// rest of the dimension. Errors: entry counts, begin outside [0, dim], begin + size past dim.
Result<StridedSlicePrepared> prepare_slice(DType dtype, const Shape& input,
                                           std::span<const int32_t> begin,
                                           std::span<const int32_t> size);

// REVERSE_V2: the listed axes (negative ones counted from the back) read backwards. TFLM accepts
// only contiguous axes; any set of distinct axes is reversed here (the same result where TFLM
// runs). Errors: an axis out of range or repeated.
Result<StridedSlicePrepared> prepare_reverse(DType dtype, const Shape& input,
                                             std::span<const int32_t> axes);

// BROADCAST_TO: the input, its shape aligned to the back of `shape` (numpy rules, at most
// OCTET_MAX_RANK dimensions), repeated along the dimensions where it has size 1. Errors: a
// negative dimension in `shape`, or an input dimension that is neither 1 nor the target's.
Result<StridedSlicePrepared> prepare_broadcast_to(DType dtype, const Shape& input,
                                                  std::span<const int32_t> shape);

}  // namespace octet
