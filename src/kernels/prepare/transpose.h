// transpose.h - prepare-time parameters of TRANSPOSE (any dtype, rank up to 6).
#pragma once

#include <cstdint>
#include <vector>

#include "core/dtype.h"
#include "core/status.h"
#include "core/tensor_type.h"
#include "octet_kernels.h"

namespace octet {

struct TransposePrepared {
  octet_transpose_params params;
  Shape output_shape;  // output[d] = input[perm[d]]
};

// perm must be a permutation of 0..rank-1 (TFLite rejects negative entries).
Result<TransposePrepared> prepare_transpose(DType dtype, const Shape& input,
                                            const std::vector<int32_t>& perm);

}  // namespace octet
