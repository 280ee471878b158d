// reshape.cc - RESHAPE, SQUEEZE, EXPAND_DIMS: the bytes do not change. The memory planner lets the
// output alias the input (plan_builder's alias ops), so the kernel usually copies nothing; it
// copies only when the input has no arena slot to share (a constant).
//   reshape  octet_ref_copy(in, out, bytes): a no-op when in == out
#include <limits>

#include "runtime/kernel_table.h"
#include "runtime/ops/op_util.h"
#include "runtime/ops/ops.h"

namespace octet {

namespace {

using namespace args;
using O = OpKind;

// Calls: tensors [input, output]; shape 0 is {elements, element size}, so N(0) is the byte count.
Status prepare_reshape_step(PrepareContext& ctx, Step& step) {
  const int64_t bytes = ctx.out(0).byte_size();
  if (ctx.in(0).byte_size() != bytes) {
    return ctx.fail("input has {} bytes, output {}", ctx.in(0).byte_size(), bytes);
  }
  const int64_t elements = ctx.out(0).elements();
  if (elements > std::numeric_limits<int32_t>::max()) {
    return ctx.fail("output has {} elements, more than the kernels' {}", elements,
                    std::numeric_limits<int32_t>::max());
  }
  octet_shape byte_shape{};
  byte_shape.rank = 2;
  byte_shape.dims[0] = static_cast<int32_t>(elements);
  byte_shape.dims[1] = elements == 0 ? 0 : static_cast<int32_t>(bytes / elements);
  step.shapes = {byte_shape};
  step.tensors = {ctx.in_id(0), ctx.out_id(0)};
  return Status::Ok();
}

constexpr Arg kCopyArgs[] = {T(0), T(1), N(0)};
constexpr KernelDef kReshape =
    OCTET_C_KERNEL("reshape", KernelLevel::kReference, octet_ref_copy, kCopyArgs);

constexpr KernelRow kRows[] = {
    {O::kReshape, &kReshape},
    {O::kSqueeze, &kReshape},
    {O::kExpandDims, &kReshape},
};

constexpr OpPrepareRow kPrepares[] = {
    {O::kReshape, prepare_reshape_step},
    {O::kSqueeze, prepare_reshape_step},
    {O::kExpandDims, prepare_reshape_step},
};

}  // namespace

const OpFamily kReshapeFamily{kRows, kPrepares};

}  // namespace octet
