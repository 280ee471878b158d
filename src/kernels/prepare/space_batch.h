// space_batch.h - prepare-time parameters of the ops that move values between the spatial, batch
// and depth dimensions: SPACE_TO_DEPTH and DEPTH_TO_SPACE (transposes of a rank-6 view of the
// input, run by the TRANSPOSE kernels), SPACE_TO_BATCH_ND and BATCH_TO_SPACE_ND (their own
// kernels). Any dtype; no requantization.
#pragma once

#include <cstdint>
#include <span>

#include "core/dtype.h"
#include "core/status.h"
#include "core/tensor_type.h"
#include "octet_kernels.h"

namespace octet {

struct SpaceDepthPrepared {
  octet_transpose_params params;
  octet_shape view;  // the input as rank 6; octet_ref_transpose(&params, &view, ...)
  Shape output_shape;
};

// SPACE_TO_DEPTH (TFLite's order: out depth index = (y % b * b + x % b) * C + c): NHWC input whose
// height and width are multiples of block_size >= 1.
Result<SpaceDepthPrepared> prepare_space_to_depth(DType dtype, const Shape& input,
                                                  int32_t block_size);
// DEPTH_TO_SPACE (TFLite's DCR order, the inverse): NHWC input whose depth is a multiple of
// block_size^2.
Result<SpaceDepthPrepared> prepare_depth_to_space(DType dtype, const Shape& input,
                                                  int32_t block_size);

struct SpaceBatchPrepared {
  octet_space_batch_params params;
  octet_shape input4, output4;  // 4-D views (NHC as NH1C)
  Shape output_shape;
};

// SPACE_TO_BATCH_ND: input of rank 3 (one spatial dimension) or 4 (two), block_shape with one
// entry per spatial dimension (>= 1), paddings [spatial, 2] >= 0 with each padded size a multiple
// of its block. Padded positions get 0 bytes: TFLM never sets the reference kernel's pad value
// (TFLite pads with the output zero point; the golden outputs show TFLM's zeros).
Result<SpaceBatchPrepared> prepare_space_to_batch_nd(DType dtype, const Shape& input,
                                                     std::span<const int32_t> block_shape,
                                                     std::span<const int32_t> paddings);
// BATCH_TO_SPACE_ND: the inverse; the batch must be a multiple of the block size product and the
// crops [spatial, 2] >= 0 may not remove more than the grown dimension.
Result<SpaceBatchPrepared> prepare_batch_to_space_nd(DType dtype, const Shape& input,
                                                     std::span<const int32_t> block_shape,
                                                     std::span<const int32_t> crops);

}  // namespace octet
