// padding.h - padding modes for convolution and pooling windows: TFLite's SAME and VALID, and
// octet's explicit pads (what folding a PAD into the convolution after it gives; TFLite files
// cannot say it, so the writer turns it back into PAD + VALID). The arithmetic that turns them
// into output sizes and pads lives in kernels/prepare/padding.h.
#pragma once

#include <cstdint>

namespace octet {

enum class Padding : uint8_t { kSame = 0, kValid = 1, kExplicit = 2 };

// Padding::kExplicit: rows and columns added on each side of the input, holding the input's zero
// point (a tap there contributes nothing, as a skipped tap of SAME padding).
struct ExplicitPadding {
  int32_t top = 0, bottom = 0, left = 0, right = 0;
  bool operator==(const ExplicitPadding&) const = default;
};

}  // namespace octet
