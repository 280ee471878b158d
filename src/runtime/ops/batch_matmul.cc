// batch_matmul.cc - BATCH_MATMUL: the broadcast, adjoint flags and requantization computed once
// (kernels/prepare/batch_matmul.h), then one kernel call.
//
// Kernels, first match wins:
//   batch_matmul_s8_gemm_{avx2,avx512vnni}  avx2 and up; int8; constant rhs with zero point 0
//                                           (x86/batch_matmul.h: 1x1 Conv2DGemms)
//   batch_matmul_<type>_reference           everything
#include <memory>
#include <vector>

#include "kernels/prepare/batch_matmul.h"
#include "kernels/x86/batch_matmul.h"
#include "runtime/kernel_table.h"
#include "runtime/ops/gemm_op.h"
#include "runtime/ops/op_util.h"
#include "runtime/ops/ops.h"

namespace octet {

namespace {

using namespace args;
using K = KernelLevel;
using O = OpKind;
constexpr DType f32 = DType::kFloat32, s8 = DType::kInt8, s16 = DType::kInt16;

// Calls: tensors [lhs, rhs, output] (the params carry every shape).
Status prepare_batch_matmul_step(PrepareContext& ctx, Step& step) {
  const Attrs& a = ctx.node.attrs;
  OCTET_ASSIGN_OR_RETURN(
      BatchMatMulPlan plan,
      named(ctx, prepare_batch_matmul(ctx.in(0).dtype, ctx.in(0).shape, ctx.in(1).shape, a.adj_x,
                                      a.adj_y, tensor_quant(ctx.in(0)), tensor_quant(ctx.in(1)),
                                      tensor_quant(ctx.out(0)))));
  if (plan.output_shape != ctx.out(0).shape) {
    return ctx.fail("output is declared {} but the op computes {}", ctx.out(0).shape.to_string(),
                    plan.output_shape.to_string());
  }
  step.params.set(plan.params);
  default_io(ctx, step);
  return Status::Ok();
}

// The x86 route: a constant rhs as the weights of 1x1 GEMMs.
bool gemm_applies(const PrepareContext& ctx, const Step& step) {
  return ctx.in_value(1).is_constant() &&
         x86::BatchMatMulGemm::applies(step.params.get<octet_batch_matmul_params>());
}

template <K level>
Status bind_batch_matmul_gemm(PrepareContext& ctx, Step& step) {
  auto bmm = std::make_shared<x86::BatchMatMulGemm>(step.params.get<octet_batch_matmul_params>(),
                                                    ctx.in_value(1).as<int8_t>().data(),
                                                    gemm_kernel_for(level));
  ctx.request_scratch(static_cast<int64_t>(bmm->min_scratch_bytes()),
                      static_cast<int64_t>(bmm->scratch_bytes()));
  step.packed_bytes = bmm->packed_bytes();
  step.name = kernel_label("batch_matmul", DType::kInt8, fmt::format("gemm_{}", bmm->isa_name()));
  step.params.adopt(std::move(bmm));
  return Status::Ok();
}

Status run_batch_matmul_gemm(const Step& step, const StepIo& io) {
  step.params.get<x86::BatchMatMulGemm>().run(io.ptr<const int8_t>(step.tensors.front()),
                                              io.ptr<int8_t>(step.tensors.back()), io.scratch,
                                              static_cast<size_t>(io.scratch_bytes));
  return Status::Ok();
}

constexpr Arg kArgs[] = {P, T(0), T(1), T(2)};
constexpr KernelDef kGemmVnni =
    native_kernel("batch_matmul_gemm_avx512vnni", K::kAvx512Vnni, run_batch_matmul_gemm);
constexpr KernelDef kGemmAvx2 =
    native_kernel("batch_matmul_gemm_avx2", K::kAvx2, run_batch_matmul_gemm);
constexpr KernelDef kS8 =
    OCTET_C_KERNEL("batch_matmul_s8_reference", K::kReference, octet_ref_batch_matmul_s8, kArgs);
constexpr KernelDef kS16 =
    OCTET_C_KERNEL("batch_matmul_s16_reference", K::kReference, octet_ref_batch_matmul_s16, kArgs);
constexpr KernelDef kF32 =
    OCTET_C_KERNEL("batch_matmul_f32_reference", K::kReference, octet_ref_batch_matmul_f32, kArgs);

constexpr KernelRow kRows[] = {
    {O::kBatchMatMul, &kGemmVnni, s8, s8, gemm_applies, bind_batch_matmul_gemm<K::kAvx512Vnni>},
    {O::kBatchMatMul, &kGemmAvx2, s8, s8, gemm_applies, bind_batch_matmul_gemm<K::kAvx2>},
    {O::kBatchMatMul, &kS8, s8, s8},
    {O::kBatchMatMul, &kS16, s16, s16},
    {O::kBatchMatMul, &kF32, f32, f32},
};

constexpr OpPrepareRow kPrepares[] = {{O::kBatchMatMul, prepare_batch_matmul_step}};

}  // namespace

const OpFamily kBatchMatMulFamily{kRows, kPrepares};

}  // namespace octet
