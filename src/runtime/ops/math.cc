// math.cc - unary math: EXP, LOG, SQRT, RSQRT, FLOOR in float (DIV is with ADD in elementwise.cc),
// which take no params (the kernel maps n floats to n floats), and RSQRT in int8 (TFLM's).
#include "kernels/prepare/arithmetic.h"
#include "runtime/kernel_table.h"
#include "runtime/ops/op_util.h"
#include "runtime/ops/ops.h"

namespace octet {

namespace {

using namespace args;
using K = KernelLevel;
constexpr DType f32 = DType::kFloat32;

Status prepare_float_unary_step(PrepareContext& ctx, Step& step) {
  default_io(ctx, step);
  return Status::Ok();
}

// RSQRT int8: the kernel checks every input before it writes, then reads element i before
// writing it, so it may run in place.
Status prepare_rsqrt_step(PrepareContext& ctx, Step& step) {
  default_io(ctx, step);
  if (ctx.in(0).dtype == DType::kFloat32) return Status::Ok();
  step.in_place_inputs = 1u;
  OCTET_ASSIGN_OR_RETURN(octet_rsqrt_params p,
                         named(ctx, prepare_rsqrt(ctx.in(0).dtype, tensor_quant(ctx.in(0)),
                                                  tensor_quant(ctx.out(0)))));
  step.params.set(p);
  return Status::Ok();
}

constexpr Arg kParamsCountInOut[] = {P, N(0), T(0), T(1)};
std::string rsqrt_error(const Step&, int) {
  return "an input is below its zero point (RSQRT of a negative value)";
}
constexpr KernelDef kRsqrtS8 = with_c_error(
    OCTET_C_KERNEL("RSQRT_s8_reference", K::kReference, octet_ref_rsqrt_s8, kParamsCountInOut),
    rsqrt_error);

constexpr Arg kCountInOut[] = {N(0), T(0), T(1)};

// (The names are the op's, as the op table spells it.)
constexpr KernelDef kExpF32 =
    OCTET_C_KERNEL("EXP_f32_reference", K::kReference, octet_ref_exp_f32, kCountInOut);
constexpr KernelDef kLogF32 =
    OCTET_C_KERNEL("LOG_f32_reference", K::kReference, octet_ref_log_f32, kCountInOut);
constexpr KernelDef kSqrtF32 =
    OCTET_C_KERNEL("SQRT_f32_reference", K::kReference, octet_ref_sqrt_f32, kCountInOut);
constexpr KernelDef kRsqrtF32 =
    OCTET_C_KERNEL("RSQRT_f32_reference", K::kReference, octet_ref_rsqrt_f32, kCountInOut);
constexpr KernelDef kFloorF32 =
    OCTET_C_KERNEL("FLOOR_f32_reference", K::kReference, octet_ref_floor_f32, kCountInOut);

using O = OpKind;

constexpr KernelRow kRows[] = {
    {O::kExp, &kExpF32, f32, f32},     {O::kLog, &kLogF32, f32, f32},
    {O::kSqrt, &kSqrtF32, f32, f32},   {O::kRsqrt, &kRsqrtF32, f32, f32},
    {O::kFloor, &kFloorF32, f32, f32}, {O::kRsqrt, &kRsqrtS8, DType::kInt8, DType::kInt8},
};

constexpr OpPrepareRow kPrepares[] = {
    {O::kExp, prepare_float_unary_step},   {O::kLog, prepare_float_unary_step},
    {O::kSqrt, prepare_float_unary_step},  {O::kRsqrt, prepare_rsqrt_step},
    {O::kFloor, prepare_float_unary_step},
};

}  // namespace

const OpFamily kFloatMathFamily{kRows, kPrepares};

}  // namespace octet
