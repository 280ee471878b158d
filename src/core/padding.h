// padding.h - TFLite's padding modes for convolution and pooling windows. The arithmetic that
// turns them into output sizes and explicit pads lives in kernels/prepare/padding.h.
#pragma once

#include <cstdint>

namespace octet {

enum class Padding : uint8_t { kSame = 0, kValid = 1 };

}  // namespace octet
