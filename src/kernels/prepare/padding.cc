// padding.cc - see padding.h.
#include "kernels/prepare/padding.h"

#include <algorithm>

namespace octet {
namespace {

// In int64: in + stride passes int32 for a hostile size (fuzz finding); the result, at most in,
// fits.
int32_t output_size(Padding padding, int32_t in, int32_t effective_filter, int32_t stride) {
  const int64_t n = padding == Padding::kSame ? (int64_t{in} + stride - 1) / stride
                                              : (int64_t{in} + stride - effective_filter) / stride;
  return static_cast<int32_t>(n);
}

}  // namespace

std::optional<Padding2D> compute_padding_2d(Padding padding, int32_t input_height,
                                            int32_t input_width, int32_t filter_height,
                                            int32_t filter_width, int32_t stride_height,
                                            int32_t stride_width, int32_t dilation_height,
                                            int32_t dilation_width,
                                            const ExplicitPadding& explicit_padding) {
  if (input_height <= 0 || input_width <= 0 || filter_height <= 0 || filter_width <= 0 ||
      stride_height <= 0 || stride_width <= 0 || dilation_height <= 0 || dilation_width <= 0) {
    return std::nullopt;
  }
  // The dilated filter's extent, in int64: a hostile dilation takes it past int32.
  const int64_t eff_h64 = int64_t{filter_height - 1} * dilation_height + 1;
  const int64_t eff_w64 = int64_t{filter_width - 1} * dilation_width + 1;
  if (eff_h64 > INT32_MAX || eff_w64 > INT32_MAX) return std::nullopt;
  const int32_t eff_h = static_cast<int32_t>(eff_h64);
  const int32_t eff_w = static_cast<int32_t>(eff_w64);
  Padding2D p;
  if (padding == Padding::kExplicit) {
    const ExplicitPadding& e = explicit_padding;
    if (e.top < 0 || e.bottom < 0 || e.left < 0 || e.right < 0) return std::nullopt;
    const int64_t padded_h = int64_t{input_height} + e.top + e.bottom;
    const int64_t padded_w = int64_t{input_width} + e.left + e.right;
    if (padded_h < eff_h || padded_w < eff_w || padded_h > INT32_MAX || padded_w > INT32_MAX) {
      return std::nullopt;
    }
    p.output_height = static_cast<int32_t>((padded_h - eff_h) / stride_height + 1);
    p.output_width = static_cast<int32_t>((padded_w - eff_w) / stride_width + 1);
    p.pad_top = e.top;
    p.pad_bottom = e.bottom;
    p.pad_left = e.left;
    p.pad_right = e.right;
    return p;
  }
  p.output_height = output_size(padding, input_height, eff_h, stride_height);
  p.output_width = output_size(padding, input_width, eff_w, stride_width);
  if (p.output_height <= 0 || p.output_width <= 0) return std::nullopt;
  // In int64: (out - 1) * stride + the window can pass int32 before the input is taken off. The
  // total itself fits: SAME's out = ceil(in / stride) makes (out - 1) * stride < in, so the total
  // is below the window (VALID's is 0).
  const int64_t total_h =
      std::max<int64_t>(0, int64_t{p.output_height - 1} * stride_height + eff_h - input_height);
  const int64_t total_w =
      std::max<int64_t>(0, int64_t{p.output_width - 1} * stride_width + eff_w - input_width);
  p.pad_top = static_cast<int32_t>(total_h / 2);
  p.pad_bottom = static_cast<int32_t>(total_h - p.pad_top);
  p.pad_left = static_cast<int32_t>(total_w / 2);
  p.pad_right = static_cast<int32_t>(total_w - p.pad_left);
  return p;
}

}  // namespace octet
