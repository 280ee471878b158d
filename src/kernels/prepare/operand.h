// operand.h - shared checks of the elementwise and data prepare functions: a quantized
// operand's scale and zero point against its dtype, axis normalization, and the conversion of a
// Shape to the kernels' C octet_shape. Operands are kernels/prepare/types.h's TensorQuant.
#pragma once

#include <cstdint>

#include "core/status.h"
#include "core/tensor_type.h"
#include "kernels/prepare/types.h"
#include "octet_kernels.h"

namespace octet {

// The kernels' C shape; an error for ranks above OCTET_MAX_RANK or negative dimensions.
Result<octet_shape> to_octet_shape(const Shape& shape);

// Checks what every quantized operand of `dtype` needs: a positive finite scale and a zero point
// inside the dtype's range. `what` names the operand in the message ("input 1").
Status check_quantized_operand(DType dtype, const TensorQuant& q, const char* what);

// Resolves a possibly negative axis against `rank` (axis in [-rank, rank)).
Result<int32_t> normalize_axis(int32_t axis, int32_t rank, const char* op);

}  // namespace octet
