// op_util.cc - see op_util.h.
#include "runtime/ops/op_util.h"

#include <limits>

namespace octet {

Result<std::vector<int32_t>> const_int_input(const PrepareContext& ctx, size_t input,
                                             std::string_view what) {
  if (!ctx.has_in(input)) return ctx.fail("missing {} input", what);
  const Value& v = ctx.in_value(input);
  if (!v.is_constant()) {
    return ctx.fail("{} input '{}' must be a constant (computed {} are not supported)", what,
                    v.name, what);
  }
  std::vector<int32_t> out;
  if (v.type.dtype == DType::kInt32) {
    for (int32_t x : v.as<int32_t>()) out.push_back(x);
  } else if (v.type.dtype == DType::kInt64) {
    for (int64_t x : v.as<int64_t>()) {
      if (x < std::numeric_limits<int32_t>::min() || x > std::numeric_limits<int32_t>::max()) {
        return ctx.fail("{} value {} out of range", what, x);
      }
      out.push_back(static_cast<int32_t>(x));
    }
  } else {
    return ctx.fail("{} input '{}' must be int32 or int64", what, v.name);
  }
  return out;
}

void default_io(const PrepareContext& ctx, Step& step) {
  step.shapes.clear();
  step.tensors.clear();
  for (size_t i = 0; i < ctx.node.inputs.size(); ++i) {
    step.tensors.push_back(ctx.has_in(i) ? ctx.in_id(i) : kNoValue);
    step.shapes.push_back(ctx.has_in(i) ? c_shape(ctx.in(i).shape) : octet_shape{});
  }
  for (size_t i = 0; i < ctx.node.outputs.size(); ++i) {
    step.tensors.push_back(ctx.out_id(i));
    step.shapes.push_back(c_shape(ctx.out(i).shape));
  }
}

std::string no_broadcast(const Step&, int) { return "input shapes do not broadcast to the output"; }

}  // namespace octet
