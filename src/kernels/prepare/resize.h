// resize.h - prepare-time parameters of RESIZE_BILINEAR and RESIZE_NEAREST_NEIGHBOR (NHWC).
#pragma once

#include <cstdint>
#include <vector>

#include "core/dtype.h"
#include "core/status.h"
#include "core/tensor_type.h"
#include "octet_kernels.h"

namespace octet {

struct ResizeBilinearPrepared {
  octet_resize_bilinear_params params;
  Shape output_shape;
};

// input: rank 4 (NHWC). out_h, out_w > 0. half_pixel_centers excludes align_corners (TFLite).
Result<ResizeBilinearPrepared> prepare_resize_bilinear(const Shape& input, int32_t out_h,
                                                       int32_t out_w, bool align_corners,
                                                       bool half_pixel_centers);

// Nearest neighbour: the source row of every output row and the source column of every output
// column, computed with TFLite's float arithmetic (GetNearestNeighbor): scale = in / out (or
// (in - 1) / (out - 1) with align_corners), source = floor((i + offset) * scale) (round with
// align_corners), offset 0.5 with half_pixel_centers, clamped to [0, in - 1].
struct ResizeNearestPrepared {
  int32_t elem_size = 1;
  std::vector<int32_t> y_map;
  std::vector<int32_t> x_map;
  Shape output_shape;

  // Points into this object's maps.
  octet_resize_nearest_params params() const;
};

Result<ResizeNearestPrepared> prepare_resize_nearest_neighbor(DType dtype, const Shape& input,
                                                              int32_t out_h, int32_t out_w,
                                                              bool align_corners,
                                                              bool half_pixel_centers);

}  // namespace octet
