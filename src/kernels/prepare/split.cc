// split.cc - see split.h.
#include "kernels/prepare/split.h"

#include "kernels/prepare/operand.h"

namespace octet {
namespace {

Result<SplitPrepared> make_split(DType dtype, const Shape& input, int32_t axis,
                                 const std::vector<int32_t>& sizes) {
  SplitPrepared r{};
  r.params.axis = axis;
  r.params.num = static_cast<int32_t>(sizes.size());
  r.params.elem_size = static_cast<int32_t>(dtype_size(dtype));
  for (int32_t size : sizes) {
    Shape s = input;
    s[axis] = size;
    r.output_shapes.push_back(s);
  }
  return r;
}

}  // namespace

Result<SplitPrepared> prepare_split(DType dtype, const Shape& input, int32_t axis,
                                    int32_t num_splits) {
  if (input.rank() > OCTET_MAX_RANK) return error("SPLIT: rank {} is too large", input.rank());
  OCTET_ASSIGN_OR_RETURN(const int32_t a, normalize_axis(axis, input.rank(), "SPLIT"));
  if (num_splits <= 0 || input[a] % num_splits != 0) {
    return error("SPLIT: {} splits do not divide dimension {} of size {}", num_splits, a, input[a]);
  }
  return make_split(dtype, input, a, std::vector<int32_t>(num_splits, input[a] / num_splits));
}

Result<SplitPrepared> prepare_split_v(DType dtype, const Shape& input, int32_t axis,
                                      const std::vector<int32_t>& size_splits) {
  if (input.rank() > OCTET_MAX_RANK) return error("SPLIT_V: rank {} is too large", input.rank());
  OCTET_ASSIGN_OR_RETURN(const int32_t a, normalize_axis(axis, input.rank(), "SPLIT_V"));
  if (size_splits.empty()) return error("SPLIT_V: no sizes");
  std::vector<int32_t> sizes = size_splits;
  int unknown = -1;
  int64_t known = 0;
  for (size_t i = 0; i < sizes.size(); ++i) {
    if (sizes[i] == -1 && unknown < 0) {
      unknown = static_cast<int>(i);
    } else if (sizes[i] < 0) {
      return error("SPLIT_V: size {} at {} is invalid", sizes[i], i);
    } else {
      known += sizes[i];
    }
  }
  if (unknown >= 0) {
    if (known > input[a]) {
      return error("SPLIT_V: sizes add up to {}, above dimension size {}", known, input[a]);
    }
    sizes[unknown] = static_cast<int32_t>(input[a] - known);
  } else if (known != input[a]) {
    return error("SPLIT_V: sizes add up to {}, dimension {} has {}", known, a, input[a]);
  }
  return make_split(dtype, input, a, sizes);
}

Result<PackPrepared> prepare_pack(DType dtype, const Shape& input, int32_t axis,
                                  int32_t values_count) {
  const int32_t rank = input.rank();
  if (rank + 1 > OCTET_MAX_RANK) return error("PACK: output rank {} is too large", rank + 1);
  OCTET_ASSIGN_OR_RETURN(const int32_t a, normalize_axis(axis, rank + 1, "PACK"));
  if (values_count <= 0) return error("PACK: {} values", values_count);
  PackPrepared r{};
  r.params.axis = a;
  r.params.num = values_count;
  r.params.elem_size = static_cast<int32_t>(dtype_size(dtype));
  r.output_shape = input;
  r.output_shape.dims.insert(r.output_shape.dims.begin() + a, values_count);
  return r;
}

Result<UnpackPrepared> prepare_unpack(DType dtype, const Shape& input, int32_t axis, int32_t num) {
  if (input.rank() > OCTET_MAX_RANK) return error("UNPACK: rank {} is too large", input.rank());
  OCTET_ASSIGN_OR_RETURN(const int32_t a, normalize_axis(axis, input.rank(), "UNPACK"));
  if (num != 0 && num != input[a]) {
    return error("UNPACK: num {} differs from dimension {} of size {}", num, a, input[a]);
  }
  UnpackPrepared r{};
  r.params.axis = a;
  r.params.num = input[a];
  r.params.elem_size = static_cast<int32_t>(dtype_size(dtype));
  r.output_shape = input;
  r.output_shape.dims.erase(r.output_shape.dims.begin() + a);
  return r;
}

}  // namespace octet
