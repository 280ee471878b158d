// math.cc - float-only ops: DIV, EXP, LOG, SQRT, RSQRT, FLOOR.
#include "kernels/prepare/add.h"
#include "runtime/ops/op_util.h"
#include "runtime/ops/ops.h"

namespace octet {

Result<std::unique_ptr<PreparedOp>> prepare_float_math_op(PrepareContext& ctx) {
  const ValueId x = ctx.in_id(0), y = ctx.out_id(0);
  if (ctx.node.op == OpKind::kDiv) {
    OCTET_ASSIGN_OR_RETURN(octet_float_activation p,
                           named(ctx, prepare_float_activation(ctx.node.attrs.activation)));
    const octet_shape s1 = c_shape(ctx.in(0).shape), s2 = c_shape(ctx.in(1).shape),
                      so = c_shape(ctx.out(0).shape);
    const ValueId x2 = ctx.in_id(1);
    return make_op("div_f32_reference", [=](const RunContext& c) {
      if (octet_ref_div_f32(&p, &s1, c.ptr<float>(x), &s2, c.ptr<float>(x2), &so,
                            c.ptr<float>(y)) != 0) {
        return error("input shapes do not broadcast to the output");
      }
      return Status::Ok();
    });
  }
  const int64_t n = ctx.in(0).elements();
  void (*fn)(int64_t, const float*, float*) = nullptr;
  switch (ctx.node.op) {
    case OpKind::kExp:
      fn = octet_ref_exp_f32;
      break;
    case OpKind::kLog:
      fn = octet_ref_log_f32;
      break;
    case OpKind::kSqrt:
      fn = octet_ref_sqrt_f32;
      break;
    case OpKind::kRsqrt:
      fn = octet_ref_rsqrt_f32;
      break;
    case OpKind::kFloor:
      fn = octet_ref_floor_f32;
      break;
    default:
      return ctx.fail("not a float math op");
  }
  return make_op(kernel_label(std::string(op_name(ctx.node.op)), DType::kFloat32),
                 [=](const RunContext& c) {
                   fn(n, c.ptr<float>(x), c.ptr<float>(y));
                   return Status::Ok();
                 });
}

}  // namespace octet
