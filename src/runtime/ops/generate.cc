// generate.cc - CAST (bool, int8, uint8, int16, int32, uint32, int64, float32 to each other), FILL,
// ZEROS_LIKE and SHAPE: ops whose output is a conversion of the input's bytes, or does not depend
// on the input's values at all. The kernel rows below, all reference C kernels that the generator
// prints:
//   CAST        cast_<in type>_<out type>_reference: one kernel, the types in its params; in place
//               when the element sizes match
//   FILL        fill_<type>_reference: the value input repeated, by element size
//   ZEROS_LIKE  zeros_like_<type>_reference: zero bytes, by element size
//   SHAPE       shape_{s32,s64}_reference: the input's dimensions (known at prepare: from its C
//               shape)
#include "kernels/prepare/cast.h"
#include "runtime/kernel_table.h"
#include "runtime/ops/op_util.h"
#include "runtime/ops/ops.h"

namespace octet {

namespace {

using namespace args;
using K = KernelLevel;
using O = OpKind;

// ---- CAST ---------------------------------------------------------------------------------------

// Calls: shapes and tensors [input, output]. Element i is read before it is written: in place
// when the element sizes match.
Status prepare_cast_step(PrepareContext& ctx, Step& step) {
  const DType ti = ctx.in(0).dtype, to = ctx.out(0).dtype;
  OCTET_ASSIGN_OR_RETURN(octet_cast_params p, named(ctx, prepare_cast(ti, to)));
  step.params.set(p);
  default_io(ctx, step);
  if (dtype_size(ti) == dtype_size(to)) step.in_place_inputs = 1u;
  return Status::Ok();
}

// Named by both types ("cast_s8_f32_reference").
Status name_cast_step(PrepareContext& ctx, Step& step) {
  step.name = fmt::format("cast_{}_{}_reference", kernel_type_name(ctx.in(0).dtype),
                          kernel_type_name(ctx.out(0).dtype));
  return Status::Ok();
}

std::string cast_error(const Step&, int) { return "no cast kernel for these types"; }

constexpr Arg kCastArgs[] = {P, N(0), T(0), T(1)};
constexpr KernelDef kCast = with_c_error(
    OCTET_C_KERNEL("cast_reference", K::kReference, octet_ref_cast, kCastArgs), cast_error);

// ---- FILL, ZEROS_LIKE ---------------------------------------------------------------------------

// Calls: shapes and tensors [dims, value, output] (FILL), [input, output] (ZEROS_LIKE).
Status prepare_fill_step(PrepareContext& ctx, Step& step) {
  if (ctx.node.op == O::kFill && ctx.in(1).elements() != 1) {
    return ctx.fail("value {} must hold one element", ctx.in(1).shape.to_string());
  }
  octet_fill_params p{};
  p.elem_size = static_cast<int32_t>(dtype_size(ctx.out(0).dtype));
  step.params.set(p);
  default_io(ctx, step);
  return Status::Ok();
}

std::string fill_error(const Step& s, int) {
  return fmt::format("no fill kernel for {}-byte elements",
                     s.params.get<octet_fill_params>().elem_size);
}

constexpr Arg kFillArgs[] = {P, T(1), N(2), T(2)};
constexpr Arg kZerosLikeArgs[] = {P, N(1), T(1)};
constexpr KernelDef kFill = with_c_error(
    OCTET_C_KERNEL("fill_reference", K::kReference, octet_ref_fill, kFillArgs), fill_error);
constexpr KernelDef kZerosLike = with_c_error(
    OCTET_C_KERNEL("zeros_like_reference", K::kReference, octet_ref_zeros_like, kZerosLikeArgs),
    fill_error);

// ---- SHAPE --------------------------------------------------------------------------------------

// Calls: shapes and tensors [input, output]; the kernel reads shape 0 only.
Status prepare_shape_step(PrepareContext& ctx, Step& step) {
  const Shape& in = ctx.in(0).shape;
  if (ctx.out(0).elements() != in.rank()) {
    return ctx.fail("output {} cannot hold the {} dimensions of the input",
                    ctx.out(0).shape.to_string(), in.rank());
  }
  default_io(ctx, step);
  return Status::Ok();
}

constexpr Arg kShapeArgs[] = {S(0), T(1)};
constexpr KernelDef kShapeS32 =
    OCTET_C_KERNEL("shape_s32_reference", K::kReference, octet_ref_shape_s32, kShapeArgs);
constexpr KernelDef kShapeS64 =
    OCTET_C_KERNEL("shape_s64_reference", K::kReference, octet_ref_shape_s64, kShapeArgs);

// ---- rows ---------------------------------------------------------------------------------------

constexpr KernelRow kRows[] = {
    {O::kCast, &kCast, {}, {}, nullptr, name_cast_step},
    {O::kFill, &kFill, {}, {}, nullptr, name_by_type<"fill">},
    {O::kZerosLike, &kZerosLike, {}, {}, nullptr, name_by_type<"zeros_like">},
    {O::kShape, &kShapeS32, {}, DType::kInt32},
    {O::kShape, &kShapeS64, {}, DType::kInt64},
};

constexpr OpPrepareRow kPrepares[] = {
    {O::kCast, prepare_cast_step},
    {O::kFill, prepare_fill_step},
    {O::kZerosLike, prepare_fill_step},
    {O::kShape, prepare_shape_step},
};

}  // namespace

const OpFamily kGenerateFamily{kRows, kPrepares};

}  // namespace octet
