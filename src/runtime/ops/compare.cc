// compare.cc - EQUAL, NOT_EQUAL, LESS, LESS_EQUAL, GREATER, GREATER_EQUAL (int8, uint8, int16
// rescaled; int32, int64, float32, bool raw), LOGICAL_AND/OR/NOT (bool) and SELECT_V2 (any type,
// by element size). Prepare computes the params once (kernels/prepare); the kernel rows below,
// all reference C kernels that the generator prints:
//   EQUAL ... GREATER_EQUAL  compare_<input type>_reference (bool output; broadcasting)
//   LOGICAL_AND, LOGICAL_OR  logical_{and,or}_b8_reference (broadcasting)
//   LOGICAL_NOT              logical_not_b8_reference (in place)
//   SELECT_V2                select_v2_x<element bits>_reference (broadcasting)
#include <fmt/format.h>

#include "kernels/prepare/compare.h"
#include "runtime/kernel_table.h"
#include "runtime/ops/op_util.h"
#include "runtime/ops/ops.h"

namespace octet {

namespace {

using namespace args;
using K = KernelLevel;
using O = OpKind;
constexpr DType f32 = DType::kFloat32, s8 = DType::kInt8, u8 = DType::kUInt8, s16 = DType::kInt16,
                s32 = DType::kInt32, s64 = DType::kInt64, b8 = DType::kBool;

// ---- EQUAL, NOT_EQUAL, LESS, LESS_EQUAL, GREATER, GREATER_EQUAL ---------------------------------

octet_comparison comparison_of(OpKind op) {
  switch (op) {
    case O::kNotEqual:
      return OCTET_NOT_EQUAL;
    case O::kLess:
      return OCTET_LESS;
    case O::kLessEqual:
      return OCTET_LESS_EQUAL;
    case O::kGreater:
      return OCTET_GREATER;
    case O::kGreaterEqual:
      return OCTET_GREATER_EQUAL;
    default:
      return OCTET_EQUAL;
  }
}

// Calls: shapes and tensors [input 1, input 2, output].
Status prepare_comparison_step(PrepareContext& ctx, Step& step) {
  OCTET_ASSIGN_OR_RETURN(
      octet_compare_params p,
      named(ctx, prepare_comparison(comparison_of(ctx.node.op), ctx.in(0).dtype,
                                    tensor_quant(ctx.in(0)), tensor_quant(ctx.in(1)))));
  step.params.set(p);
  default_io(ctx, step);
  return Status::Ok();
}

constexpr Arg kBinaryArgs[] = {P, S(0), T(0), S(1), T(1), S(2), T(2)};

#define OCTET_COMPARE_KERNEL(var, type)                                         \
  constexpr KernelDef var =                                                     \
      with_c_error(OCTET_C_KERNEL("compare_" #type "_reference", K::kReference, \
                                  octet_ref_compare_##type, kBinaryArgs),       \
                   no_broadcast)
OCTET_COMPARE_KERNEL(kCompareS8, s8);
OCTET_COMPARE_KERNEL(kCompareU8, u8);
OCTET_COMPARE_KERNEL(kCompareS16, s16);
OCTET_COMPARE_KERNEL(kCompareS32, s32);
OCTET_COMPARE_KERNEL(kCompareS64, s64);
OCTET_COMPARE_KERNEL(kCompareF32, f32);
OCTET_COMPARE_KERNEL(kCompareB8, b8);
#undef OCTET_COMPARE_KERNEL

// ---- LOGICAL_AND, LOGICAL_OR, LOGICAL_NOT -------------------------------------------------------

// Calls: shapes and tensors [input 1, (input 2,) output]. LOGICAL_NOT reads element i before
// writing it: it may run in place.
Status prepare_logical_step(PrepareContext& ctx, Step& step) {
  default_io(ctx, step);
  if (ctx.node.op == O::kLogicalNot) step.in_place_inputs = 1u;
  return Status::Ok();
}

constexpr Arg kRawBinaryArgs[] = {S(0), T(0), S(1), T(1), S(2), T(2)};
constexpr Arg kCountInOut[] = {N(0), T(0), T(1)};
constexpr KernelDef kLogicalAnd =
    with_c_error(OCTET_C_KERNEL("logical_and_b8_reference", K::kReference, octet_ref_logical_and_b8,
                                kRawBinaryArgs),
                 no_broadcast);
constexpr KernelDef kLogicalOr =
    with_c_error(OCTET_C_KERNEL("logical_or_b8_reference", K::kReference, octet_ref_logical_or_b8,
                                kRawBinaryArgs),
                 no_broadcast);
constexpr KernelDef kLogicalNot = OCTET_C_KERNEL("logical_not_b8_reference", K::kReference,
                                                 octet_ref_logical_not_b8, kCountInOut);

// ---- SELECT_V2 ----------------------------------------------------------------------------------

// Calls: shapes and tensors [condition, x, y, output].
Status prepare_select_step(PrepareContext& ctx, Step& step) {
  octet_select_params p{};
  p.elem_size = static_cast<int32_t>(dtype_size(ctx.out(0).dtype));
  step.params.set(p);
  default_io(ctx, step);
  return Status::Ok();
}

// Named by the element size the kernel moves ("select_v2_x16_reference").
Status name_select_step(PrepareContext&, Step& step) {
  step.name =
      fmt::format("select_v2_x{}_reference", 8 * step.params.get<octet_select_params>().elem_size);
  return Status::Ok();
}

constexpr Arg kSelectArgs[] = {P, S(0), T(0), S(1), T(1), S(2), T(2), S(3), T(3)};
constexpr KernelDef kSelect = with_c_error(
    OCTET_C_KERNEL("select_v2_reference", K::kReference, octet_ref_select_v2, kSelectArgs),
    no_broadcast);

// ---- rows ---------------------------------------------------------------------------------------

#define OCTET_COMPARE_ROWS(op)                                                                 \
  {op, &kCompareS8, s8, b8}, {op, &kCompareU8, u8, b8}, {op, &kCompareS16, s16, b8},           \
      {op, &kCompareS32, s32, b8}, {op, &kCompareS64, s64, b8}, {op, &kCompareF32, f32, b8}, { \
    op, &kCompareB8, b8, b8                                                                    \
  }

constexpr KernelRow kRows[] = {
    OCTET_COMPARE_ROWS(O::kEqual),
    OCTET_COMPARE_ROWS(O::kNotEqual),
    OCTET_COMPARE_ROWS(O::kLess),
    OCTET_COMPARE_ROWS(O::kLessEqual),
    OCTET_COMPARE_ROWS(O::kGreater),
    OCTET_COMPARE_ROWS(O::kGreaterEqual),
    {O::kLogicalAnd, &kLogicalAnd, b8, b8},
    {O::kLogicalOr, &kLogicalOr, b8, b8},
    {O::kLogicalNot, &kLogicalNot, b8, b8},
    {O::kSelectV2, &kSelect, b8, {}, nullptr, name_select_step},
};

#undef OCTET_COMPARE_ROWS

constexpr OpPrepareRow kPrepares[] = {
    {O::kEqual, prepare_comparison_step},   {O::kNotEqual, prepare_comparison_step},
    {O::kLess, prepare_comparison_step},    {O::kLessEqual, prepare_comparison_step},
    {O::kGreater, prepare_comparison_step}, {O::kGreaterEqual, prepare_comparison_step},
    {O::kLogicalAnd, prepare_logical_step}, {O::kLogicalOr, prepare_logical_step},
    {O::kLogicalNot, prepare_logical_step}, {O::kSelectV2, prepare_select_step},
};

}  // namespace

const OpFamily kCompareFamily{kRows, kPrepares};

}  // namespace octet
