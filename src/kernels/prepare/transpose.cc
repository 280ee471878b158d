// transpose.cc - see transpose.h.
#include "kernels/prepare/transpose.h"

namespace octet {

Result<TransposePrepared> prepare_transpose(DType dtype, const Shape& input,
                                            const std::vector<int32_t>& perm) {
  const int rank = input.rank();
  if (rank > OCTET_MAX_RANK) return error("TRANSPOSE: rank {} is too large", rank);
  if (static_cast<int>(perm.size()) != rank) {
    return error("TRANSPOSE: perm has {} entries for rank {}", perm.size(), rank);
  }
  TransposePrepared r{};
  r.params.rank = rank;
  r.params.elem_size = static_cast<int32_t>(dtype_size(dtype));
  bool seen[OCTET_MAX_RANK] = {};
  for (int d = 0; d < rank; ++d) {
    const int32_t p = perm[d];
    if (p < 0 || p >= rank || seen[p]) {
      return error("TRANSPOSE: perm entry {} = {} does not make a permutation of rank {}", d, p,
                   rank);
    }
    seen[p] = true;
    r.params.perm[d] = p;
    r.output_shape.dims.push_back(input[p]);
  }
  return r;
}

}  // namespace octet
