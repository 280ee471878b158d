// math.cc - float-only unary ops: EXP, LOG, SQRT, RSQRT, FLOOR (DIV is with ADD in
// elementwise.cc). They take no params: the kernel maps n floats to n floats.
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
    {O::kFloor, &kFloorF32, f32, f32},
};

constexpr OpPrepareRow kPrepares[] = {
    {O::kExp, prepare_float_unary_step},   {O::kLog, prepare_float_unary_step},
    {O::kSqrt, prepare_float_unary_step},  {O::kRsqrt, prepare_float_unary_step},
    {O::kFloor, prepare_float_unary_step},
};

}  // namespace

const OpFamily kFloatMathFamily{kRows, kPrepares};

}  // namespace octet
