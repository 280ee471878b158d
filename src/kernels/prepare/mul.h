// mul.h - prepare-time parameters of MUL: the output multiplier s1 * s2 / s_out and the
// activation clamp. int8/int16 follow TFLM (the ratio in double; int16 needs zero points 0),
// uint8 follows TFLite, whose Prepare evaluates s1 * s2 / s_out in float before widening it.
#pragma once

#include "core/dtype.h"
#include "core/fixed_point.h"
#include "core/status.h"
#include "kernels/prepare/operand.h"
#include "octet_kernels.h"

namespace octet {

// dtype: int8, uint8 or int16. int32 and float32 MUL use prepare_int32_activation /
// prepare_float_activation (add.h).
Result<octet_mul_params> prepare_mul(DType dtype, const TensorQuant& input1,
                                     const TensorQuant& input2, const TensorQuant& output,
                                     FusedActivation activation);

}  // namespace octet
