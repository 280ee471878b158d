// cast.h - prepare of CAST: the kernel's element type of each dtype.
#pragma once

#include "core/dtype.h"
#include "core/status.h"
#include "octet_kernels.h"

namespace octet {

// bool, int8, uint8, int16, int32, uint32, int64 or float32 on each side (TFLite's static_cast
// between them; quantization parameters play no part). Errors: other dtypes.
Result<octet_cast_params> prepare_cast(DType input, DType output);

}  // namespace octet
