// arithmetic.cc - MAXIMUM, MINIMUM (int8, uint8, int16, int32, int64, float32), SQUARED_DIFFERENCE
// (int8, int16 rescaled; int32, float32), PRELU (int8, int16 with int8 alpha, float32), ABS
// (int8, int16, float32), ADD_N (int8, int32, float32) and CUMSUM (int8, float32). (DIV is in
// elementwise.cc, RSQRT in math.cc.) Prepare computes the params once (kernels/prepare); the
// kernel rows below, all reference C kernels that the generator prints:
//   MAXIMUM, MINIMUM, SQUARED_DIFFERENCE, PRELU  <op>_<type>_reference (broadcasting)
//   ABS     abs_<type>_reference (in place)
//   ADD_N   add_n_<type>_reference (the inputs as a list)
//   CUMSUM  cumsum_<type>_reference (in place)
#include "kernels/prepare/arithmetic.h"
#include "runtime/kernel_table.h"
#include "runtime/ops/op_util.h"
#include "runtime/ops/ops.h"

namespace octet {

namespace {

using namespace args;
using K = KernelLevel;
using O = OpKind;
constexpr DType f32 = DType::kFloat32, s8 = DType::kInt8, u8 = DType::kUInt8, s16 = DType::kInt16,
                s32 = DType::kInt32, s64 = DType::kInt64;

// ---- MAXIMUM, MINIMUM, SQUARED_DIFFERENCE, PRELU: broadcasting binary ops ----------------------

// Calls: shapes and tensors [input 1, input 2, output]. MAXIMUM and MINIMUM compare raw values
// (the inputs and the output share a quantization): no params.
Status prepare_max_min_step(PrepareContext& ctx, Step& step) {
  default_io(ctx, step);
  return Status::Ok();
}

// int32 and float32 take no params.
Status prepare_squared_difference_step(PrepareContext& ctx, Step& step) {
  const DType t = ctx.in(0).dtype;
  default_io(ctx, step);
  if (t == s32 || t == f32) return Status::Ok();
  OCTET_ASSIGN_OR_RETURN(
      octet_squared_difference_params p,
      named(ctx, prepare_squared_difference(t, tensor_quant(ctx.in(0)), tensor_quant(ctx.in(1)),
                                            tensor_quant(ctx.out(0)))));
  step.params.set(p);
  return Status::Ok();
}

// Calls: shapes and tensors [input, alpha, output]; float32 takes no params.
Status prepare_prelu_step(PrepareContext& ctx, Step& step) {
  const DType t = ctx.in(0).dtype;
  default_io(ctx, step);
  if (t == f32) return Status::Ok();
  OCTET_ASSIGN_OR_RETURN(
      octet_prelu_params p,
      named(ctx, prepare_prelu(t, ctx.in(1).dtype, tensor_quant(ctx.in(0)), tensor_quant(ctx.in(1)),
                               tensor_quant(ctx.out(0)))));
  step.params.set(p);
  return Status::Ok();
}

constexpr Arg kBinaryArgs[] = {P, S(0), T(0), S(1), T(1), S(2), T(2)};
constexpr Arg kRawBinaryArgs[] = {S(0), T(0), S(1), T(1), S(2), T(2)};

#define OCTET_BROADCAST_KERNEL(var, op, type, args)                                             \
  constexpr KernelDef var = with_c_error(                                                       \
      OCTET_C_KERNEL(#op "_" #type "_reference", K::kReference, octet_ref_##op##_##type, args), \
      no_broadcast)
OCTET_BROADCAST_KERNEL(kMaximumS8, maximum, s8, kRawBinaryArgs);
OCTET_BROADCAST_KERNEL(kMaximumU8, maximum, u8, kRawBinaryArgs);
OCTET_BROADCAST_KERNEL(kMaximumS16, maximum, s16, kRawBinaryArgs);
OCTET_BROADCAST_KERNEL(kMaximumS32, maximum, s32, kRawBinaryArgs);
OCTET_BROADCAST_KERNEL(kMaximumS64, maximum, s64, kRawBinaryArgs);
OCTET_BROADCAST_KERNEL(kMaximumF32, maximum, f32, kRawBinaryArgs);
OCTET_BROADCAST_KERNEL(kMinimumS8, minimum, s8, kRawBinaryArgs);
OCTET_BROADCAST_KERNEL(kMinimumU8, minimum, u8, kRawBinaryArgs);
OCTET_BROADCAST_KERNEL(kMinimumS16, minimum, s16, kRawBinaryArgs);
OCTET_BROADCAST_KERNEL(kMinimumS32, minimum, s32, kRawBinaryArgs);
OCTET_BROADCAST_KERNEL(kMinimumS64, minimum, s64, kRawBinaryArgs);
OCTET_BROADCAST_KERNEL(kMinimumF32, minimum, f32, kRawBinaryArgs);
OCTET_BROADCAST_KERNEL(kSquaredDifferenceS8, squared_difference, s8, kBinaryArgs);
OCTET_BROADCAST_KERNEL(kSquaredDifferenceS16, squared_difference, s16, kBinaryArgs);
OCTET_BROADCAST_KERNEL(kSquaredDifferenceS32, squared_difference, s32, kRawBinaryArgs);
OCTET_BROADCAST_KERNEL(kSquaredDifferenceF32, squared_difference, f32, kRawBinaryArgs);
OCTET_BROADCAST_KERNEL(kPreluS8, prelu, s8, kBinaryArgs);
OCTET_BROADCAST_KERNEL(kPreluS16, prelu, s16, kBinaryArgs);
OCTET_BROADCAST_KERNEL(kPreluF32, prelu, f32, kRawBinaryArgs);
#undef OCTET_BROADCAST_KERNEL

// ---- ABS ----------------------------------------------------------------------------------------

// Calls: shapes and tensors [input, output]. Element i is read before it is written: in place.
Status prepare_abs_step(PrepareContext& ctx, Step& step) {
  const DType t = ctx.in(0).dtype;
  default_io(ctx, step);
  step.in_place_inputs = 1u;
  if (t == f32) return Status::Ok();
  OCTET_ASSIGN_OR_RETURN(octet_abs_params p, named(ctx, prepare_abs(t, tensor_quant(ctx.in(0)),
                                                                    tensor_quant(ctx.out(0)))));
  step.params.set(p);
  return Status::Ok();
}

constexpr Arg kCountInOut[] = {P, N(0), T(0), T(1)};
constexpr Arg kRawCountInOut[] = {N(0), T(0), T(1)};
constexpr KernelDef kAbsS8 =
    OCTET_C_KERNEL("abs_s8_reference", K::kReference, octet_ref_abs_s8, kCountInOut);
constexpr KernelDef kAbsS16 =
    OCTET_C_KERNEL("abs_s16_reference", K::kReference, octet_ref_abs_s16, kCountInOut);
constexpr KernelDef kAbsF32 =
    OCTET_C_KERNEL("abs_f32_reference", K::kReference, octet_ref_abs_f32, kRawCountInOut);

// ---- ADD_N, CUMSUM ------------------------------------------------------------------------------

// TFLM's 8-bit sum params of input 0 and output 0 (int8 only: other types sum raw values).
Result<octet_sum_params> sum_params(const PrepareContext& ctx, const char* op) {
  const DType t = ctx.out(0).dtype;
  if (t == f32 || t == s32) return octet_sum_params{};
  return named(ctx, prepare_sum(op, t, tensor_quant(ctx.in(0)), tensor_quant(ctx.out(0))));
}

// Calls: shapes [output], tensors [output, input 0, ..., input n-1].
Status prepare_add_n_step(PrepareContext& ctx, Step& step) {
  octet_add_n_params p{};
  p.count = static_cast<int32_t>(ctx.node.inputs.size());
  OCTET_ASSIGN_OR_RETURN(p.sum, sum_params(ctx, "ADD_N"));
  step.params.set(p);
  step.shapes = {c_shape(ctx.out(0).shape)};
  step.tensors = {ctx.out_id(0)};
  for (size_t i = 0; i < ctx.node.inputs.size(); ++i) step.tensors.push_back(ctx.in_id(i));
  step.list_length = p.count;
  return Status::Ok();
}

// Calls: shapes [input], tensors [input, output]. Each element is read before it is written and
// never after: the output may overwrite the input.
Status prepare_cumsum_step(PrepareContext& ctx, Step& step) {
  OCTET_ASSIGN_OR_RETURN(std::vector<int32_t> axis, const_int_input(ctx, 1, "axis"));
  if (axis.size() != 1) return ctx.fail("axis must hold one value, holds {}", axis.size());
  octet_cumsum_params p{};
  OCTET_ASSIGN_OR_RETURN(p.axis,
                         named(ctx, normalize_axis(axis[0], ctx.in(0).shape.rank(), "CUMSUM")));
  p.exclusive = ctx.node.attrs.exclusive ? 1 : 0;
  p.reverse = ctx.node.attrs.reverse ? 1 : 0;
  OCTET_ASSIGN_OR_RETURN(p.sum, sum_params(ctx, "CUMSUM"));
  step.params.set(p);
  step.shapes = {c_shape(ctx.in(0).shape)};
  step.tensors = {ctx.in_id(0), ctx.out_id(0)};
  step.in_place_inputs = 1u;
  return Status::Ok();
}

constexpr Arg kAddNArgs[] = {P, Tensors(1), N(0), T(0)};
constexpr Arg kCumsumArgs[] = {P, S(0), T(0), T(1)};
constexpr KernelDef kAddNS8 =
    OCTET_C_KERNEL("add_n_s8_reference", K::kReference, octet_ref_add_n_s8, kAddNArgs);
constexpr KernelDef kAddNS32 =
    OCTET_C_KERNEL("add_n_s32_reference", K::kReference, octet_ref_add_n_s32, kAddNArgs);
constexpr KernelDef kAddNF32 =
    OCTET_C_KERNEL("add_n_f32_reference", K::kReference, octet_ref_add_n_f32, kAddNArgs);
constexpr KernelDef kCumsumS8 =
    OCTET_C_KERNEL("cumsum_s8_reference", K::kReference, octet_ref_cumsum_s8, kCumsumArgs);
constexpr KernelDef kCumsumF32 =
    OCTET_C_KERNEL("cumsum_f32_reference", K::kReference, octet_ref_cumsum_f32, kCumsumArgs);

// ---- rows ---------------------------------------------------------------------------------------

constexpr KernelRow kRows[] = {
    {O::kMaximum, &kMaximumS8, s8, s8},
    {O::kMaximum, &kMaximumU8, u8, u8},
    {O::kMaximum, &kMaximumS16, s16, s16},
    {O::kMaximum, &kMaximumS32, s32, s32},
    {O::kMaximum, &kMaximumS64, s64, s64},
    {O::kMaximum, &kMaximumF32, f32, f32},
    {O::kMinimum, &kMinimumS8, s8, s8},
    {O::kMinimum, &kMinimumU8, u8, u8},
    {O::kMinimum, &kMinimumS16, s16, s16},
    {O::kMinimum, &kMinimumS32, s32, s32},
    {O::kMinimum, &kMinimumS64, s64, s64},
    {O::kMinimum, &kMinimumF32, f32, f32},
    {O::kSquaredDifference, &kSquaredDifferenceS8, s8, s8},
    {O::kSquaredDifference, &kSquaredDifferenceS16, s16, s16},
    {O::kSquaredDifference, &kSquaredDifferenceS32, s32, s32},
    {O::kSquaredDifference, &kSquaredDifferenceF32, f32, f32},
    {O::kPrelu, &kPreluS8, s8, s8},
    {O::kPrelu, &kPreluS16, s16, s16},
    {O::kPrelu, &kPreluF32, f32, f32},
    {O::kAbs, &kAbsS8, s8, s8},
    {O::kAbs, &kAbsS16, s16, s16},
    {O::kAbs, &kAbsF32, f32, f32},
    {O::kAddN, &kAddNS8, s8, s8},
    {O::kAddN, &kAddNS32, s32, s32},
    {O::kAddN, &kAddNF32, f32, f32},
    {O::kCumsum, &kCumsumS8, s8, s8},
    {O::kCumsum, &kCumsumF32, f32, f32},
};

constexpr OpPrepareRow kPrepares[] = {
    {O::kMaximum, prepare_max_min_step},
    {O::kMinimum, prepare_max_min_step},
    {O::kSquaredDifference, prepare_squared_difference_step},
    {O::kPrelu, prepare_prelu_step},
    {O::kAbs, prepare_abs_step},
    {O::kAddN, prepare_add_n_step},
    {O::kCumsum, prepare_cumsum_step},
};

}  // namespace

const OpFamily kArithmeticFamily{kRows, kPrepares};

}  // namespace octet
