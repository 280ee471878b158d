// add.h - prepare-time parameters of ADD and SUB: the per-input and output multipliers of TFLite's
// general quantized add (left shift 20 for 8-bit, 15 for int16) and the activation clamp.
//
// Where TFLite Micro and TFLite differ, octet follows TFLM for int8/int16 and TFLite for uint8:
//   - ADD: both compute the scale ratios in double.
//   - SUB int8/int16 (TFLM): the ratios are computed in float, then widened to double.
//   - SUB uint8 (TFLite): ratios in double; TFLite then negates input2's multiplier and runs its
//     ADD kernel, which octet_ref_sub_u8 reproduces (see octet_ref_elementwise.h).
#pragma once

#include "core/dtype.h"
#include "core/fixed_point.h"
#include "core/status.h"
#include "kernels/prepare/operand.h"
#include "octet_kernels.h"

namespace octet {

// dtype: int8, uint8 or int16 (inputs and output share it). Errors: other dtypes, invalid
// scales or zero points, an output multiplier above 1 (TFLite's QuantizeMultiplierSmallerThanOneExp
// refuses it), fused TANH or SIGN_BIT.
Result<octet_add_params> prepare_add(DType dtype, const TensorQuant& input1,
                                     const TensorQuant& input2, const TensorQuant& output,
                                     FusedActivation activation);
Result<octet_sub_params> prepare_sub(DType dtype, const TensorQuant& input1,
                                     const TensorQuant& input2, const TensorQuant& output,
                                     FusedActivation activation);

// Clamp ranges of the plain int32 and float32 ADD/SUB/MUL kernels (TFLite's
// CalculateActivationRange). Errors: fused TANH or SIGN_BIT.
Result<octet_int_activation> prepare_int32_activation(FusedActivation activation);
Result<octet_float_activation> prepare_float_activation(FusedActivation activation);

}  // namespace octet
