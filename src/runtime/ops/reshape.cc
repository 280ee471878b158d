// reshape.cc - RESHAPE, SQUEEZE, EXPAND_DIMS: the bytes do not change. The memory planner lets the
// output alias the input, so the op usually does nothing; it copies only when the input is a
// constant (which has no arena slot to share).
#include <cstring>

#include "runtime/ops/ops.h"

namespace octet {

Result<std::unique_ptr<PreparedOp>> prepare_reshape(PrepareContext& ctx) {
  const ValueId in = ctx.in_id(0), out = ctx.out_id(0);
  const size_t bytes = static_cast<size_t>(ctx.out(0).byte_size());
  if (ctx.in(0).byte_size() != ctx.out(0).byte_size()) {
    return ctx.fail("input has {} bytes, output {}", ctx.in(0).byte_size(), ctx.out(0).byte_size());
  }
  return make_op("reshape", [=](const RunContext& c) {
    const uint8_t* src = c.ptr<uint8_t>(in);
    uint8_t* dst = c.ptr<uint8_t>(out);
    if (src != dst) std::memmove(dst, src, bytes);
    return Status::Ok();
  });
}

}  // namespace octet
