// generate.cc - CAST (bool, int8, uint8, int16, int32, uint32, int64, float32 to each other), FILL,
// ZEROS_LIKE and SHAPE: ops whose output is a conversion of the input's bytes, or does not depend
// on the input's values at all.
//
// Implementations: <op>_reference for everything.
#include <array>
#include <cstring>
#include <memory>
#include <vector>

#include "kernels/prepare/cast.h"
#include "runtime/ops/op_util.h"
#include "runtime/ops/ops.h"

namespace octet {

Result<std::unique_ptr<PreparedOp>> prepare_cast_op(PrepareContext& ctx) {
  const DType ti = ctx.in(0).dtype, to = ctx.out(0).dtype;
  OCTET_ASSIGN_OR_RETURN(octet_cast_params p, named(ctx, prepare_cast(ti, to)));
  const int64_t n = ctx.out(0).elements();
  const ValueId x = ctx.in_id(0), y = ctx.out_id(0);
  // Element i is read before it is written: in place when the element sizes match.
  const uint32_t in_place = dtype_size(ti) == dtype_size(to) ? 1u : 0u;
  return make_in_place_op(
      fmt::format("cast_{}_{}_reference", kernel_type_name(ti), kernel_type_name(to)), in_place,
      [=](const RunContext& c) {
        if (octet_ref_cast(&p, n, c.ptr<void>(x), c.ptr<void>(y)) != 0) {
          return error("no cast kernel for these types");
        }
        return Status::Ok();
      });
}

Result<std::unique_ptr<PreparedOp>> prepare_fill_op(PrepareContext& ctx) {
  const int32_t size = static_cast<int32_t>(dtype_size(ctx.out(0).dtype));
  const int64_t n = ctx.out(0).elements();
  if (ctx.in(1).elements() != 1) {
    return ctx.fail("value {} must hold one element", ctx.in(1).shape.to_string());
  }
  const ValueId value = ctx.in_id(1), y = ctx.out_id(0);
  return make_op(kernel_label("fill", ctx.out(0).dtype), [=](const RunContext& c) {
    if (octet_ref_fill(size, c.ptr<void>(value), n, c.ptr<void>(y)) != 0) {
      return error("no fill kernel for {}-byte elements", size);
    }
    return Status::Ok();
  });
}

Result<std::unique_ptr<PreparedOp>> prepare_zeros_like_op(PrepareContext& ctx) {
  const int32_t size = static_cast<int32_t>(dtype_size(ctx.out(0).dtype));
  const int64_t n = ctx.out(0).elements();
  const ValueId y = ctx.out_id(0);
  // Zero bytes are zero in every type octet has (0, 0.0f, false).
  return make_op(kernel_label("zeros_like", ctx.out(0).dtype), [=](const RunContext& c) {
    static constexpr std::array<uint8_t, 8> kZero{};
    if (octet_ref_fill(size, kZero.data(), n, c.ptr<void>(y)) != 0) {
      return error("no fill kernel for {}-byte elements", size);
    }
    return Status::Ok();
  });
}

Result<std::unique_ptr<PreparedOp>> prepare_shape_op(PrepareContext& ctx) {
  const Shape& in = ctx.in(0).shape;
  const DType t = ctx.out(0).dtype;
  if (ctx.out(0).elements() != in.rank()) {
    return ctx.fail("output {} cannot hold the {} dimensions of the input",
                    ctx.out(0).shape.to_string(), in.rank());
  }
  // The dimensions are known now: the kernel copies them.
  std::vector<uint8_t> dims(static_cast<size_t>(ctx.out(0).byte_size()));
  for (int d = 0; d < in.rank(); ++d) {
    if (t == DType::kInt32) {
      const int32_t v = in[d];
      std::memcpy(dims.data() + 4 * d, &v, 4);
    } else if (t == DType::kInt64) {
      const int64_t v = in[d];
      std::memcpy(dims.data() + 8 * d, &v, 8);
    } else {
      return ctx.fail("output must be int32 or int64, is {}", dtype_name(t));
    }
  }
  const ValueId y = ctx.out_id(0);
  return make_op(kernel_label("shape", t), [dims = std::move(dims), y](const RunContext& c) {
    if (!dims.empty()) octet_ref_copy(dims.data(), c.ptr<void>(y), dims.size());
    return Status::Ok();
  });
}

}  // namespace octet
