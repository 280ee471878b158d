// batch_matmul.cc - BATCH_MATMUL: the broadcast, adjoint flags and requantization computed once
// (kernels/prepare/batch_matmul.h), then one kernel call.
//
// Implementations, first match wins:
//   batch_matmul_s8_gemm_{avx2,avx512vnni}  avx2 and up; int8; constant rhs with zero point 0
//                                           (x86/batch_matmul.h: 1x1 Conv2DGemms)
//   batch_matmul_<type>_reference           everything
#include <memory>
#include <vector>

#include "kernels/prepare/batch_matmul.h"
#include "kernels/x86/batch_matmul.h"
#include "runtime/ops/gemm_op.h"
#include "runtime/ops/op_util.h"
#include "runtime/ops/ops.h"

namespace octet {

namespace {

// BATCH_MATMUL with a constant rhs on the GEMM, or null when it does not apply.
std::unique_ptr<PreparedOp> bind_batch_matmul_gemm(PrepareContext& ctx,
                                                   const BatchMatMulPlan& plan) {
  const auto kernel = gemm_kernel_for_isa(ctx.isa);
  if (!kernel || ctx.in(0).dtype != DType::kInt8 || !ctx.in_value(1).is_constant() ||
      !x86::BatchMatMulGemm::applies(plan.params)) {
    return nullptr;
  }
  auto bmm = std::make_shared<const x86::BatchMatMulGemm>(
      plan.params, ctx.in_value(1).as<int8_t>().data(), *kernel);
  ctx.request_scratch(static_cast<int64_t>(bmm->min_scratch_bytes()),
                      static_cast<int64_t>(bmm->scratch_bytes()));
  const ValueId lhs = ctx.in_id(0), y = ctx.out_id(0);
  return make_op(
      kernel_label("batch_matmul", DType::kInt8, fmt::format("gemm_{}", bmm->isa_name())),
      [=](const RunContext& c) {
        bmm->run(c.ptr<const int8_t>(lhs), c.ptr<int8_t>(y), c.scratch,
                 static_cast<size_t>(c.scratch_bytes));
        return Status::Ok();
      },
      bmm->packed_bytes());
}

}  // namespace

Result<std::unique_ptr<PreparedOp>> prepare_batch_matmul_op(PrepareContext& ctx) {
  const DType t = ctx.in(0).dtype;
  const Attrs& a = ctx.node.attrs;
  OCTET_ASSIGN_OR_RETURN(
      BatchMatMulPlan plan,
      named(ctx, prepare_batch_matmul(t, ctx.in(0).shape, ctx.in(1).shape, a.adj_x, a.adj_y,
                                      tensor_quant(ctx.in(0)), tensor_quant(ctx.in(1)),
                                      tensor_quant(ctx.out(0)))));
  if (plan.output_shape != ctx.out(0).shape) {
    return ctx.fail("output is declared {} but the op computes {}", ctx.out(0).shape.to_string(),
                    plan.output_shape.to_string());
  }
  if (auto op = bind_batch_matmul_gemm(ctx, plan)) return op;
  const octet_batch_matmul_params p = plan.params;
  const ValueId lhs = ctx.in_id(0), rhs = ctx.in_id(1), y = ctx.out_id(0);
  const std::string name = kernel_label("batch_matmul", t);
  switch (t) {
    case DType::kInt8:
      return make_op(name, [=](const RunContext& c) {
        octet_ref_batch_matmul_s8(&p, c.ptr<int8_t>(lhs), c.ptr<int8_t>(rhs), c.ptr<int8_t>(y));
        return Status::Ok();
      });
    case DType::kInt16:
      return make_op(name, [=](const RunContext& c) {
        octet_ref_batch_matmul_s16(&p, c.ptr<int16_t>(lhs), c.ptr<int16_t>(rhs), c.ptr<int16_t>(y));
        return Status::Ok();
      });
    case DType::kFloat32:
      return make_op(name, [=](const RunContext& c) {
        octet_ref_batch_matmul_f32(&p, c.ptr<float>(lhs), c.ptr<float>(rhs), c.ptr<float>(y));
        return Status::Ok();
      });
    default:
      return ctx.fail("no kernel for {} inputs", dtype_name(t));
  }
}

}  // namespace octet
