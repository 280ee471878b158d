// quantize.cc - QUANTIZE (float -> int, and int -> int requantization) and DEQUANTIZE.
// Prepare computes the params once (kernels/prepare); every (input, output) dtype pair has its
// reference kernel, named quantize_<in>_<out>_reference / dequantize_<in>_reference.
#include "kernels/prepare/quantize.h"
#include "runtime/kernel_table.h"
#include "runtime/ops/op_util.h"
#include "runtime/ops/ops.h"

namespace octet {

namespace {

using namespace args;
using K = KernelLevel;
constexpr DType f16 = DType::kFloat16, f32 = DType::kFloat32, s8 = DType::kInt8, u8 = DType::kUInt8,
                s16 = DType::kInt16, s32 = DType::kInt32;

Status prepare_quantize_step(PrepareContext& ctx, Step& step) {
  const DType ti = ctx.in(0).dtype, to = ctx.out(0).dtype;
  default_io(ctx, step);
  if (ti == f32) {
    OCTET_ASSIGN_OR_RETURN(octet_quantize_params p,
                           named(ctx, prepare_quantize(to, tensor_quant(ctx.out(0)))));
    step.params.set(p);
    return Status::Ok();
  }
  OCTET_ASSIGN_OR_RETURN(
      octet_requantize_params p,
      named(ctx, prepare_requantize(ti, tensor_quant(ctx.in(0)), to, tensor_quant(ctx.out(0)))));
  step.params.set(p);
  // The requantize kernels map element i to element i (read before written): with equal element
  // sizes the output may overwrite the input.
  if (dtype_size(ti) == dtype_size(to)) step.in_place_inputs = 1u;
  return Status::Ok();
}

Status prepare_dequantize_step(PrepareContext& ctx, Step& step) {
  const DType ti = ctx.in(0).dtype;
  default_io(ctx, step);
  if (ti == f16) return Status::Ok();  // a plain conversion, no params
  OCTET_ASSIGN_OR_RETURN(octet_dequantize_params p,
                         named(ctx, prepare_dequantize(ti, tensor_quant(ctx.in(0)))));
  step.params.set(p);
  return Status::Ok();
}

constexpr Arg kCountInOut[] = {P, N(0), T(0), T(1)};
constexpr Arg kCountInOutNoParams[] = {N(0), T(0), T(1)};

#define OCTET_Q_KERNEL(in, out)                                            \
  constexpr KernelDef kQuantize_##in##_##out =                             \
      OCTET_C_KERNEL("quantize_" #in "_" #out "_reference", K::kReference, \
                     octet_ref_quantize_##in##_##out, kCountInOut);
#define OCTET_RQ_KERNEL(in, out)                                           \
  constexpr KernelDef kQuantize_##in##_##out =                             \
      OCTET_C_KERNEL("quantize_" #in "_" #out "_reference", K::kReference, \
                     octet_ref_requantize_##in##_##out, kCountInOut);
#define OCTET_RQ_ROW(in) \
  OCTET_RQ_KERNEL(in, s8) OCTET_RQ_KERNEL(in, u8) OCTET_RQ_KERNEL(in, s16) OCTET_RQ_KERNEL(in, s32)

OCTET_Q_KERNEL(f32, s8)
OCTET_Q_KERNEL(f32, u8)
OCTET_Q_KERNEL(f32, s16)
OCTET_RQ_ROW(s8)
OCTET_RQ_ROW(u8)
OCTET_RQ_ROW(s16)
OCTET_RQ_ROW(s32)

#undef OCTET_RQ_ROW
#undef OCTET_RQ_KERNEL
#undef OCTET_Q_KERNEL

constexpr KernelDef kDequantizeS8 =
    OCTET_C_KERNEL("dequantize_s8_reference", K::kReference, octet_ref_dequantize_s8, kCountInOut);
constexpr KernelDef kDequantizeU8 =
    OCTET_C_KERNEL("dequantize_u8_reference", K::kReference, octet_ref_dequantize_u8, kCountInOut);
constexpr KernelDef kDequantizeS16 = OCTET_C_KERNEL("dequantize_s16_reference", K::kReference,
                                                    octet_ref_dequantize_s16, kCountInOut);
constexpr KernelDef kDequantizeF16 = OCTET_C_KERNEL("dequantize_f16_reference", K::kReference,
                                                    octet_ref_dequantize_f16, kCountInOutNoParams);

using O = OpKind;

#define OCTET_Q_ROW(in, out) \
  { O::kQuantize, &kQuantize_##in##_##out, in, out }
#define OCTET_RQ_ROWS(in) \
  OCTET_Q_ROW(in, s8), OCTET_Q_ROW(in, u8), OCTET_Q_ROW(in, s16), OCTET_Q_ROW(in, s32)

constexpr KernelRow kRows[] = {
    OCTET_Q_ROW(f32, s8),
    OCTET_Q_ROW(f32, u8),
    OCTET_Q_ROW(f32, s16),
    OCTET_RQ_ROWS(s8),
    OCTET_RQ_ROWS(u8),
    OCTET_RQ_ROWS(s16),
    OCTET_RQ_ROWS(s32),
    {O::kDequantize, &kDequantizeS8, s8, f32},
    {O::kDequantize, &kDequantizeU8, u8, f32},
    {O::kDequantize, &kDequantizeS16, s16, f32},
    {O::kDequantize, &kDequantizeF16, f16, f32},
};

#undef OCTET_RQ_ROWS
#undef OCTET_Q_ROW

constexpr OpPrepareRow kPrepares[] = {
    {O::kQuantize, prepare_quantize_step},
    {O::kDequantize, prepare_dequantize_step},
};

}  // namespace

const OpFamily kQuantizeFamily{kRows, kPrepares};

}  // namespace octet
