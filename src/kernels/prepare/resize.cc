// resize.cc - see resize.h.
#include "kernels/prepare/resize.h"

#include <algorithm>
#include <cmath>

namespace octet {
namespace {

Status check_sizes(const char* op, const Shape& input, int32_t out_h, int32_t out_w) {
  if (input.rank() != 4) return error("{}: input {} is not NHWC", op, input.to_string());
  for (int d = 0; d < 4; ++d) {
    if (input[d] <= 0) return error("{}: input {} has an empty dimension", op, input.to_string());
  }
  if (out_h <= 0 || out_w <= 0) return error("{}: output size {}x{} is empty", op, out_h, out_w);
  // Keeps the integer kernel's 1/1024-pixel positions inside int32.
  if (static_cast<int64_t>(std::max(input[1], input[2])) * 1024 * 2 >= (int64_t{1} << 31) ||
      static_cast<int64_t>(std::max(out_h, out_w)) * 1024 * 2 >= (int64_t{1} << 31)) {
    return error("{}: sizes {} -> {}x{} are too large", op, input.to_string(), out_h, out_w);
  }
  return Status::Ok();
}

// TFLite's GetNearestNeighbor, float arithmetic as written there.
int32_t nearest_source(int32_t i, int32_t in_size, int32_t out_size, bool align_corners,
                       bool half_pixel_centers) {
  const float scale = (align_corners && out_size > 1)
                          ? static_cast<float>(in_size - 1) / static_cast<float>(out_size - 1)
                          : static_cast<float>(in_size) / static_cast<float>(out_size);
  const float offset = half_pixel_centers ? 0.5f : 0.0f;
  const float position = (static_cast<float>(i) + offset) * scale;
  int32_t source = std::min(align_corners ? static_cast<int32_t>(std::round(position))
                                          : static_cast<int32_t>(std::floor(position)),
                            in_size - 1);
  if (half_pixel_centers) source = std::max(0, source);
  return source;
}

}  // namespace

Result<ResizeBilinearPrepared> prepare_resize_bilinear(const Shape& input, int32_t out_h,
                                                       int32_t out_w, bool align_corners,
                                                       bool half_pixel_centers) {
  OCTET_RETURN_IF_ERROR(check_sizes("RESIZE_BILINEAR", input, out_h, out_w));
  if (align_corners && half_pixel_centers) {
    return error("RESIZE_BILINEAR: half_pixel_centers needs align_corners false");
  }
  ResizeBilinearPrepared r{};
  r.params.out_h = out_h;
  r.params.out_w = out_w;
  r.params.align_corners = align_corners ? 1 : 0;
  r.params.half_pixel_centers = half_pixel_centers ? 1 : 0;
  r.output_shape = Shape{input[0], out_h, out_w, input[3]};
  return r;
}

octet_resize_nearest_params ResizeNearestPrepared::params() const {
  octet_resize_nearest_params p{};
  p.out_h = static_cast<int32_t>(y_map.size());
  p.out_w = static_cast<int32_t>(x_map.size());
  p.y_map = y_map.data();
  p.x_map = x_map.data();
  p.elem_size = elem_size;
  return p;
}

Result<ResizeNearestPrepared> prepare_resize_nearest_neighbor(DType dtype, const Shape& input,
                                                              int32_t out_h, int32_t out_w,
                                                              bool align_corners,
                                                              bool half_pixel_centers) {
  OCTET_RETURN_IF_ERROR(check_sizes("RESIZE_NEAREST_NEIGHBOR", input, out_h, out_w));
  ResizeNearestPrepared r;
  r.elem_size = static_cast<int32_t>(dtype_size(dtype));
  for (int32_t y = 0; y < out_h; ++y) {
    r.y_map.push_back(nearest_source(y, input[1], out_h, align_corners, half_pixel_centers));
  }
  for (int32_t x = 0; x < out_w; ++x) {
    r.x_map.push_back(nearest_source(x, input[2], out_w, align_corners, half_pixel_centers));
  }
  r.output_shape = Shape{input[0], out_h, out_w, input[3]};
  return r;
}

}  // namespace octet
