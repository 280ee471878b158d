// pad.h - prepare-time parameters of PAD, PADV2 and MIRROR_PAD (ranks up to 6; TFLM stops at 5).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "core/dtype.h"
#include "core/status.h"
#include "core/tensor_type.h"
#include "octet_kernels.h"

namespace octet {

struct PadPrepared {
  octet_pad_params params;
  Shape output_shape;
};

// PAD: paddings[d] = {before, after} for every input dimension (TFLite's [rank, 2] paddings
// tensor), all >= 0. Padded elements get `zero_point` for quantized dtypes (the output's zero
// point, as TFLite and TFLM use) and 0 otherwise; pass 0 for float and plain integer tensors.
Result<PadPrepared> prepare_pad(DType dtype, const Shape& input,
                                const std::vector<std::array<int32_t, 2>>& paddings,
                                int32_t zero_point);

// PADV2: the padded value is the constant input's element, given as its raw bytes (its dtype is
// the input's; TFLite requires a quantized constant to share the output's quantization).
Result<PadPrepared> prepare_padv2(DType dtype, const Shape& input,
                                  const std::vector<std::array<int32_t, 2>>& paddings,
                                  std::span<const uint8_t> constant);

struct MirrorPadPrepared {
  octet_mirror_pad_params params;
  Shape output_shape;
};

// MIRROR_PAD: paddings as for PAD; reflect (true: REFLECT, the edge element is not repeated) or
// SYMMETRIC. Each `before` may be at most the dimension (SYMMETRIC) or the dimension - 1
// (REFLECT), where TFLM would read outside the input; a longer `after` keeps reflecting the
// dimension's first element as TFLM does.
Result<MirrorPadPrepared> prepare_mirror_pad(DType dtype, const Shape& input,
                                             const std::vector<std::array<int32_t, 2>>& paddings,
                                             bool reflect);

}  // namespace octet
