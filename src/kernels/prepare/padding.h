// padding.h - the one place where SAME/VALID/explicit padding becomes output sizes and the pads
// the kernels use, exactly as TFLite's ComputePaddingHeightWidth does it (conv, depthwise,
// pooling).
#pragma once

#include <cstdint>
#include <optional>

#include "core/padding.h"

namespace octet {

struct Padding2D {
  int32_t output_height = 0;
  int32_t output_width = 0;
  // What the kernels use: taps start at out * stride - pad_top / pad_left.
  int32_t pad_top = 0;
  int32_t pad_left = 0;
  // The total padding's odd remainder, which TFLite puts at the bottom/right.
  int32_t pad_bottom = 0;
  int32_t pad_right = 0;
};

// Output size: SAME ceil(in / stride); VALID ceil((in - effective_filter + 1) / stride), with
// effective_filter = (filter - 1) * dilation + 1. Total padding
// max(0, (out - 1) * stride + effective_filter - in), split floor(total / 2) before and the rest
// after. kExplicit: the given pads, and the VALID output size of the input grown by them. nullopt
// for non-positive strides, dilations or sizes, negative pads, a dilated filter past int32, or an
// empty output.
std::optional<Padding2D> compute_padding_2d(Padding padding, int32_t input_height,
                                            int32_t input_width, int32_t filter_height,
                                            int32_t filter_width, int32_t stride_height,
                                            int32_t stride_width, int32_t dilation_height = 1,
                                            int32_t dilation_width = 1,
                                            const ExplicitPadding& explicit_padding = {});

}  // namespace octet
