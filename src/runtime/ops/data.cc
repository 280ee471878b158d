// data.cc - ops that move values: PAD, PADV2, MIRROR_PAD, CONCATENATION, TRANSPOSE,
// SPACE_TO_DEPTH, DEPTH_TO_SPACE, SPACE_TO_BATCH_ND, BATCH_TO_SPACE_ND, STRIDED_SLICE, SLICE,
// REVERSE_V2, BROADCAST_TO, DYNAMIC_UPDATE_SLICE, SPLIT, SPLIT_V, PACK, UNPACK, GATHER, GATHER_ND,
// EMBEDDING_LOOKUP, ARG_MAX, ARG_MIN, RESIZE_BILINEAR, RESIZE_NEAREST_NEIGHBOR. Shapes and index
// arithmetic are resolved in prepare; the kernels only copy. Most kernels move elements of
// elem_size bytes whatever their type; their steps are named by type as always
// ("pad_s8_reference").
//
// Kernel rows, first match wins:
//   PAD/PADV2      pad_<type>_blocks           avx2 and up (the ISA level gates all optimized
//                                              kernels, so --isa reference runs the reference)
//                  pad_<type>_reference        everything
//   CONCATENATION  concatenation_<type>_reference_requantize  an 8-bit input whose quantization
//                                              differs from the output's (byte tables)
//                  concatenation_<type>_reference
//   TRANSPOSE      transpose_<type>_nchw_to_nhwc_c3_avx2  avx2 and up; 1-byte, rank 4, perm
//                                              0 2 3 1, 3 channels (RGB input of converted models)
//                  transpose_<type>_blocks     avx2 and up
//                  transpose_<type>_reference  everything
//   SPACE_TO_DEPTH, DEPTH_TO_SPACE: TRANSPOSE's blocks (avx2 and up) and reference kernels on a
//                  rank-6 view of the input, <op>_<type>_blocks, <op>_<type>_reference
//   EMBEDDING_LOOKUP  embedding_lookup_s8_f32_reference  an int8 table read as float (hybrid)
//                  embedding_lookup_<type>_reference  (GATHER's kernel on axis 0)
//   SLICE, REVERSE_V2, BROADCAST_TO (STRIDED_SLICE's kernel), STRIDED_SLICE, MIRROR_PAD, SPLIT,
//   SPLIT_V, PACK, UNPACK, GATHER, GATHER_ND, ARG_MAX, ARG_MIN, RESIZE_BILINEAR,
//   RESIZE_NEAREST_NEIGHBOR, SPACE_TO_BATCH_ND, BATCH_TO_SPACE_ND, DYNAMIC_UPDATE_SLICE (in place
//   over its operand): <op>_<type>_reference
#include <array>
#include <string>

#include "kernels/prepare/arg_min_max.h"
#include "kernels/prepare/concatenation.h"
#include "kernels/prepare/dynamic_update_slice.h"
#include "kernels/prepare/gather.h"
#include "kernels/prepare/pad.h"
#include "kernels/prepare/resize.h"
#include "kernels/prepare/space_batch.h"
#include "kernels/prepare/split.h"
#include "kernels/prepare/strided_slice.h"
#include "kernels/prepare/transpose.h"
#include "kernels/x86/data_movement.h"
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

// The shape prepare computed must be the one the graph declares.
Status expect_shape(const PrepareContext& ctx, size_t output, const Shape& computed) {
  const Shape& declared = ctx.out(output).shape;
  if (computed != declared) {
    return ctx.fail("output {} is declared {} but the op computes {}", output, declared.to_string(),
                    computed.to_string());
  }
  return Status::Ok();
}

// A [rank, 2] paddings or crops input as {before, after} pairs.
Result<std::vector<std::array<int32_t, 2>>> pairs_input(const PrepareContext& ctx, size_t input,
                                                        std::string_view what, int rank) {
  OCTET_ASSIGN_OR_RETURN(std::vector<int32_t> flat, const_int_input(ctx, input, what));
  if (static_cast<int>(flat.size()) != 2 * rank) {
    return ctx.fail("{} hold {} values for a rank {} input", what, flat.size(), rank);
  }
  std::vector<std::array<int32_t, 2>> pairs(rank);
  for (int d = 0; d < rank; ++d) pairs[d] = {flat[2 * d], flat[2 * d + 1]};
  return pairs;
}

// ---- PAD, PADV2 ---------------------------------------------------------------------------------

// Calls: shapes [input], tensors [input, output].
Status prepare_pad_step(PrepareContext& ctx, Step& step) {
  const DType t = ctx.in(0).dtype;
  const Shape& in = ctx.in(0).shape;
  OCTET_ASSIGN_OR_RETURN(auto pads, pairs_input(ctx, 1, "paddings", in.rank()));
  Result<PadPrepared> r = Status::Error("unset");
  if (ctx.node.op == OpKind::kPadV2 && ctx.has_in(2)) {
    const Value& cv = ctx.in_value(2);
    if (!cv.is_constant()) return ctx.fail("constant_values must be a constant tensor");
    r = prepare_padv2(t, in, pads, *cv.data);
  } else {
    r = prepare_pad(t, in, pads, tensor_quant(ctx.out(0)).zero_point);
  }
  OCTET_ASSIGN_OR_RETURN(PadPrepared plan, named(ctx, std::move(r)));
  OCTET_RETURN_IF_ERROR(expect_shape(ctx, 0, plan.output_shape));
  step.params.set(plan.params);
  step.shapes = {c_shape(in)};
  step.tensors = {ctx.in_id(0), ctx.out_id(0)};
  return Status::Ok();
}

Status run_pad_blocks(const Step& s, const StepIo& io) {
  x86::pad_blocks(&s.params.get<octet_pad_params>(), &s.shapes[0], io.ptr<const void>(s.tensors[0]),
                  io.ptr<void>(s.tensors[1]));
  return Status::Ok();
}

constexpr Arg kPadArgs[] = {P, S(0), T(0), T(1)};
constexpr KernelDef kPadBlocks = native_kernel("pad_blocks", K::kAvx2, run_pad_blocks);
constexpr KernelDef kPad = OCTET_C_KERNEL("pad_reference", K::kReference, octet_ref_pad, kPadArgs);

// ---- MIRROR_PAD ---------------------------------------------------------------------------------

// Calls: shapes [input], tensors [input, output].
Status prepare_mirror_pad_step(PrepareContext& ctx, Step& step) {
  const Shape& in = ctx.in(0).shape;
  OCTET_ASSIGN_OR_RETURN(auto pads, pairs_input(ctx, 1, "paddings", in.rank()));
  OCTET_ASSIGN_OR_RETURN(
      MirrorPadPrepared plan,
      named(ctx, prepare_mirror_pad(ctx.in(0).dtype, in, pads,
                                    ctx.node.attrs.mirror_pad_mode == MirrorPadMode::kReflect)));
  OCTET_RETURN_IF_ERROR(expect_shape(ctx, 0, plan.output_shape));
  step.params.set(plan.params);
  step.shapes = {c_shape(in)};
  step.tensors = {ctx.in_id(0), ctx.out_id(0)};
  return Status::Ok();
}

constexpr KernelDef kMirrorPad =
    OCTET_C_KERNEL("mirror_pad_reference", K::kReference, octet_ref_mirror_pad, kPadArgs);

// ---- CONCATENATION ------------------------------------------------------------------------------

// Calls: shapes and tensors [output, input 0, ..., input n-1] (the list after the output, so a
// list of any length keeps its argument index).
Status prepare_concatenation_step(PrepareContext& ctx, Step& step) {
  const DType t = ctx.out(0).dtype;
  std::vector<Shape> shapes;
  std::vector<TensorQuant> quants;
  for (size_t i = 0; i < ctx.node.inputs.size(); ++i) {
    shapes.push_back(ctx.in(i).shape);
    quants.push_back(tensor_quant(ctx.in(i)));
  }
  OCTET_ASSIGN_OR_RETURN(
      ConcatPrepared plan,
      named(ctx, prepare_concatenation(t, shapes, ctx.node.attrs.axis, quants,
                                       tensor_quant(ctx.out(0)), ctx.node.attrs.activation)));
  OCTET_RETURN_IF_ERROR(expect_shape(ctx, 0, plan.output_shape));
  if (plan.requantizes()) {
    octet_concat_lut8_params p{};
    p.concat = plan.params;
    p.tables = step.params.keep(plan.flat_tables());
    p.mapped = step.params.keep(plan.mapped_inputs());
    step.params.set(p);
  } else {
    step.params.set(plan.params);
  }
  step.shapes = {c_shape(ctx.out(0).shape)};
  step.tensors = {ctx.out_id(0)};
  for (size_t i = 0; i < shapes.size(); ++i) {
    step.shapes.push_back(c_shape(shapes[i]));
    step.tensors.push_back(ctx.in_id(i));
  }
  step.list_length = static_cast<int32_t>(shapes.size());
  return Status::Ok();
}

// The requantizing prepare keeps the byte tables in the params; the plain one owns no array.
bool concat_requantizes(const PrepareContext&, const Step& step) {
  return !step.params.arrays().empty();
}

constexpr Arg kConcatArgs[] = {P, Shapes(1), Tensors(1), S(0), T(0)};
constexpr KernelDef kConcatLut8 = OCTET_C_KERNEL("concatenation_reference_requantize",
                                                 K::kReference, octet_ref_concat_lut8, kConcatArgs);
constexpr KernelDef kConcat =
    OCTET_C_KERNEL("concatenation_reference", K::kReference, octet_ref_concat, kConcatArgs);

// ---- TRANSPOSE ----------------------------------------------------------------------------------

// Calls: shapes [input], tensors [input, output].
Status prepare_transpose_step(PrepareContext& ctx, Step& step) {
  const DType t = ctx.in(0).dtype;
  OCTET_ASSIGN_OR_RETURN(std::vector<int32_t> perm, const_int_input(ctx, 1, "perm"));
  OCTET_ASSIGN_OR_RETURN(TransposePrepared plan,
                         named(ctx, prepare_transpose(t, ctx.in(0).shape, perm)));
  OCTET_RETURN_IF_ERROR(expect_shape(ctx, 0, plan.output_shape));
  step.params.set(plan.params);
  step.shapes = {c_shape(ctx.in(0).shape)};
  step.tensors = {ctx.in_id(0), ctx.out_id(0)};
  return Status::Ok();
}

bool transpose_c3_applies(const PrepareContext&, const Step& step) {
  return x86::transpose_is_nchw_to_nhwc_c3(&step.params.get<octet_transpose_params>(),
                                           &step.shapes[0]);
}

Status run_transpose_c3(const Step& s, const StepIo& io) {
  x86::transpose_nchw_to_nhwc_c3_avx2(&s.shapes[0], io.ptr<const uint8_t>(s.tensors[0]),
                                      io.ptr<uint8_t>(s.tensors[1]));
  return Status::Ok();
}

Status run_transpose_blocks(const Step& s, const StepIo& io) {
  x86::transpose_blocks(&s.params.get<octet_transpose_params>(), &s.shapes[0],
                        io.ptr<const void>(s.tensors[0]), io.ptr<void>(s.tensors[1]));
  return Status::Ok();
}

constexpr Arg kTransposeArgs[] = {P, S(0), T(0), T(1)};
constexpr KernelDef kTransposeC3 =
    native_kernel("transpose_nchw_to_nhwc_c3_avx2", K::kAvx2, run_transpose_c3);
constexpr KernelDef kTransposeBlocks =
    native_kernel("transpose_blocks", K::kAvx2, run_transpose_blocks);
constexpr KernelDef kTranspose =
    OCTET_C_KERNEL("transpose_reference", K::kReference, octet_ref_transpose, kTransposeArgs);

// ---- SPACE_TO_DEPTH, DEPTH_TO_SPACE: TRANSPOSE's kernels on a rank-6 view -----------------------

// Calls: shapes [the input's rank-6 view], tensors [input, output].
Status prepare_space_depth_step(PrepareContext& ctx, Step& step) {
  const DType t = ctx.in(0).dtype;
  const int32_t block = ctx.node.attrs.block_size;
  OCTET_ASSIGN_OR_RETURN(SpaceDepthPrepared plan,
                         named(ctx, ctx.node.op == OpKind::kSpaceToDepth
                                        ? prepare_space_to_depth(t, ctx.in(0).shape, block)
                                        : prepare_depth_to_space(t, ctx.in(0).shape, block)));
  OCTET_RETURN_IF_ERROR(expect_shape(ctx, 0, plan.output_shape));
  step.params.set(plan.params);
  step.shapes = {plan.view};
  step.tensors = {ctx.in_id(0), ctx.out_id(0)};
  return Status::Ok();
}

// ---- STRIDED_SLICE, SLICE, REVERSE_V2, BROADCAST_TO ---------------------------------------------

// A step whose output is a strided view of input 0. Calls: tensors [input, output] (the params
// hold the effective input dims).
Status strided_view_step(PrepareContext& ctx, Step& step, Result<StridedSlicePrepared> r) {
  OCTET_ASSIGN_OR_RETURN(StridedSlicePrepared plan, named(ctx, std::move(r)));
  OCTET_RETURN_IF_ERROR(expect_shape(ctx, 0, plan.output_shape));
  step.params.set(plan.params);
  step.tensors = {ctx.in_id(0), ctx.out_id(0)};
  return Status::Ok();
}

Status prepare_strided_slice_step(PrepareContext& ctx, Step& step) {
  const DType t = ctx.in(0).dtype;
  const Attrs& a = ctx.node.attrs;
  StridedSliceAttrs s;
  OCTET_ASSIGN_OR_RETURN(s.begin, const_int_input(ctx, 1, "begin"));
  OCTET_ASSIGN_OR_RETURN(s.end, const_int_input(ctx, 2, "end"));
  if (ctx.has_in(3)) {
    OCTET_ASSIGN_OR_RETURN(s.strides, const_int_input(ctx, 3, "strides"));
  } else {
    s.strides.assign(s.begin.size(), 1);
  }
  s.begin_mask = a.begin_mask;
  s.end_mask = a.end_mask;
  s.ellipsis_mask = a.ellipsis_mask;
  s.new_axis_mask = a.new_axis_mask;
  s.shrink_axis_mask = a.shrink_axis_mask;
  s.offset = a.offset;
  return strided_view_step(ctx, step, prepare_strided_slice(t, ctx.in(0).shape, s));
}

Status prepare_slice_step(PrepareContext& ctx, Step& step) {
  OCTET_ASSIGN_OR_RETURN(std::vector<int32_t> begin, const_int_input(ctx, 1, "begin"));
  OCTET_ASSIGN_OR_RETURN(std::vector<int32_t> size, const_int_input(ctx, 2, "size"));
  return strided_view_step(ctx, step, prepare_slice(ctx.in(0).dtype, ctx.in(0).shape, begin, size));
}

Status prepare_reverse_step(PrepareContext& ctx, Step& step) {
  OCTET_ASSIGN_OR_RETURN(std::vector<int32_t> axes, const_int_input(ctx, 1, "axis"));
  return strided_view_step(ctx, step, prepare_reverse(ctx.in(0).dtype, ctx.in(0).shape, axes));
}

Status prepare_broadcast_to_step(PrepareContext& ctx, Step& step) {
  OCTET_ASSIGN_OR_RETURN(std::vector<int32_t> shape, const_int_input(ctx, 1, "shape"));
  return strided_view_step(ctx, step,
                           prepare_broadcast_to(ctx.in(0).dtype, ctx.in(0).shape, shape));
}

constexpr Arg kStridedSliceArgs[] = {P, T(0), T(1)};
constexpr KernelDef kStridedSlice = OCTET_C_KERNEL("strided_slice_reference", K::kReference,
                                                   octet_ref_strided_slice, kStridedSliceArgs);

// ---- SPLIT, SPLIT_V, PACK, UNPACK ---------------------------------------------------------------

// Calls: shapes and tensors [input, output 0, ..., output n-1].
Status prepare_split_step(PrepareContext& ctx, Step& step) {
  const bool split_v = ctx.node.op == OpKind::kSplitV;
  const size_t data_input = split_v ? 0 : 1;
  const DType t = ctx.in(data_input).dtype;
  const Shape& in = ctx.in(data_input).shape;
  OCTET_ASSIGN_OR_RETURN(std::vector<int32_t> axis, const_int_input(ctx, split_v ? 2 : 0, "axis"));
  if (axis.size() != 1) return ctx.fail("axis must hold one value");
  Result<SplitPrepared> r = Status::Error("unset");
  if (split_v) {
    OCTET_ASSIGN_OR_RETURN(std::vector<int32_t> sizes, const_int_input(ctx, 1, "size_splits"));
    r = prepare_split_v(t, in, axis[0], sizes);
  } else {
    r = prepare_split(t, in, axis[0], static_cast<int32_t>(ctx.node.outputs.size()));
  }
  OCTET_ASSIGN_OR_RETURN(SplitPrepared plan, named(ctx, std::move(r)));
  if (plan.output_shapes.size() != ctx.node.outputs.size()) {
    return ctx.fail("splits into {} parts but has {} outputs", plan.output_shapes.size(),
                    ctx.node.outputs.size());
  }
  step.params.set(plan.params);
  step.shapes = {c_shape(in)};
  step.tensors = {ctx.in_id(data_input)};
  for (size_t i = 0; i < plan.output_shapes.size(); ++i) {
    OCTET_RETURN_IF_ERROR(expect_shape(ctx, i, plan.output_shapes[i]));
    step.shapes.push_back(c_shape(plan.output_shapes[i]));
    step.tensors.push_back(ctx.out_id(i));
  }
  step.list_length = static_cast<int32_t>(plan.output_shapes.size());
  return Status::Ok();
}

// Calls: shapes [input 0], tensors [output, input 0, ..., input n-1].
Status prepare_pack_step(PrepareContext& ctx, Step& step) {
  const DType t = ctx.in(0).dtype;
  const Shape& in = ctx.in(0).shape;
  OCTET_ASSIGN_OR_RETURN(PackPrepared plan,
                         named(ctx, prepare_pack(t, in, ctx.node.attrs.axis,
                                                 static_cast<int32_t>(ctx.node.inputs.size()))));
  OCTET_RETURN_IF_ERROR(expect_shape(ctx, 0, plan.output_shape));
  step.params.set(plan.params);
  step.shapes = {c_shape(in)};
  step.tensors = {ctx.out_id(0)};
  for (size_t i = 0; i < ctx.node.inputs.size(); ++i) step.tensors.push_back(ctx.in_id(i));
  step.list_length = static_cast<int32_t>(ctx.node.inputs.size());
  return Status::Ok();
}

// Calls: shapes [input], tensors [input, output 0, ..., output n-1].
Status prepare_unpack_step(PrepareContext& ctx, Step& step) {
  const DType t = ctx.in(0).dtype;
  const Shape& in = ctx.in(0).shape;
  OCTET_ASSIGN_OR_RETURN(UnpackPrepared plan,
                         named(ctx, prepare_unpack(t, in, ctx.node.attrs.axis,
                                                   static_cast<int32_t>(ctx.node.outputs.size()))));
  step.params.set(plan.params);
  step.shapes = {c_shape(in)};
  step.tensors = {ctx.in_id(0)};
  for (size_t i = 0; i < ctx.node.outputs.size(); ++i) {
    OCTET_RETURN_IF_ERROR(expect_shape(ctx, i, plan.output_shape));
    step.tensors.push_back(ctx.out_id(i));
  }
  step.list_length = static_cast<int32_t>(ctx.node.outputs.size());
  return Status::Ok();
}

constexpr Arg kSplitArgs[] = {P, S(0), T(0), Shapes(1), Tensors(1)};
constexpr Arg kPackArgs[] = {P, S(0), Tensors(1), T(0)};
constexpr Arg kUnpackArgs[] = {P, S(0), T(0), Tensors(1)};
constexpr KernelDef kSplit =
    OCTET_C_KERNEL("split_reference", K::kReference, octet_ref_split, kSplitArgs);
constexpr KernelDef kPack =
    OCTET_C_KERNEL("pack_reference", K::kReference, octet_ref_pack, kPackArgs);
constexpr KernelDef kUnpack =
    OCTET_C_KERNEL("unpack_reference", K::kReference, octet_ref_unpack, kUnpackArgs);

// ---- GATHER -------------------------------------------------------------------------------------

// Calls: shapes [input, indices, output], tensors likewise.
Status prepare_gather_step(PrepareContext& ctx, Step& step) {
  const DType t = ctx.in(0).dtype;
  OCTET_ASSIGN_OR_RETURN(
      GatherPrepared plan,
      named(ctx, prepare_gather(t, ctx.in(0).shape, ctx.in(1).dtype, ctx.in(1).shape,
                                ctx.node.attrs.axis, ctx.node.attrs.batch_dims)));
  OCTET_RETURN_IF_ERROR(expect_shape(ctx, 0, plan.output_shape));
  step.params.set(plan.params);
  default_io(ctx, step);
  return Status::Ok();
}

std::string gather_index_error(const Step& s, int) {
  return fmt::format("an index in the indices input is outside [0, {})",
                     s.shapes[0].dims[s.params.get<octet_gather_params>().axis]);
}

constexpr Arg kGatherArgs[] = {P, S(0), T(0), S(1), T(1), T(2)};
constexpr KernelDef kGather =
    with_c_error(OCTET_C_KERNEL("gather_reference", K::kReference, octet_ref_gather, kGatherArgs),
                 gather_index_error);

// ---- ARG_MAX, ARG_MIN ---------------------------------------------------------------------------

// Calls: shapes [input], tensors [input, output].
Status prepare_arg_step(PrepareContext& ctx, Step& step) {
  OCTET_ASSIGN_OR_RETURN(std::vector<int32_t> axis, const_int_input(ctx, 1, "axis"));
  if (axis.size() != 1) return ctx.fail("axis must hold one value");
  OCTET_ASSIGN_OR_RETURN(
      ArgMinMaxPrepared plan,
      named(ctx, prepare_arg_min_max(ctx.in(0).shape, axis[0], ctx.node.op == OpKind::kArgMin,
                                     ctx.out(0).dtype)));
  OCTET_RETURN_IF_ERROR(expect_shape(ctx, 0, plan.output_shape));
  step.params.set(plan.params);
  step.shapes = {c_shape(ctx.in(0).shape)};
  step.tensors = {ctx.in_id(0), ctx.out_id(0)};
  return Status::Ok();
}

constexpr Arg kArgArgs[] = {P, S(0), T(0), T(1)};
#define OCTET_ARG_KERNEL(var, type)                                                          \
  constexpr KernelDef var = OCTET_C_KERNEL("arg_min_max_" #type "_reference", K::kReference, \
                                           octet_ref_arg_min_max_##type, kArgArgs)
OCTET_ARG_KERNEL(kArgS8, s8);
OCTET_ARG_KERNEL(kArgU8, u8);
OCTET_ARG_KERNEL(kArgS16, s16);
OCTET_ARG_KERNEL(kArgS32, s32);
OCTET_ARG_KERNEL(kArgS64, s64);
OCTET_ARG_KERNEL(kArgF32, f32);
#undef OCTET_ARG_KERNEL

// Named by the input's type ("arg_max_s8_reference"; the output is an index).
template <Literal Op>
Status name_arg_step(PrepareContext& ctx, Step& step) {
  step.name = kernel_label(Op.view(), ctx.in(0).dtype);
  return Status::Ok();
}

// ---- RESIZE_BILINEAR, RESIZE_NEAREST_NEIGHBOR ---------------------------------------------------

// Calls: shapes [input], tensors [input, output].
Status prepare_resize_step(PrepareContext& ctx, Step& step) {
  const DType t = ctx.in(0).dtype;
  const Attrs& a = ctx.node.attrs;
  OCTET_ASSIGN_OR_RETURN(std::vector<int32_t> size, const_int_input(ctx, 1, "size"));
  if (size.size() != 2) return ctx.fail("size must hold two values");
  step.shapes = {c_shape(ctx.in(0).shape)};
  step.tensors = {ctx.in_id(0), ctx.out_id(0)};
  if (ctx.node.op == OpKind::kResizeNearestNeighbor) {
    OCTET_ASSIGN_OR_RETURN(
        ResizeNearestPrepared plan,
        named(ctx, prepare_resize_nearest_neighbor(t, ctx.in(0).shape, size[0], size[1],
                                                   a.align_corners, a.half_pixel_centers)));
    OCTET_RETURN_IF_ERROR(expect_shape(ctx, 0, plan.output_shape));
    const ResizeNearestPrepared& owned = step.params.own(std::move(plan));
    step.params.note_array(owned.y_map);
    step.params.note_array(owned.x_map);
    step.params.set(owned.params());
    return Status::Ok();
  }
  OCTET_ASSIGN_OR_RETURN(
      ResizeBilinearPrepared plan,
      named(ctx, prepare_resize_bilinear(ctx.in(0).shape, size[0], size[1], a.align_corners,
                                         a.half_pixel_centers)));
  OCTET_RETURN_IF_ERROR(expect_shape(ctx, 0, plan.output_shape));
  step.params.set(plan.params);
  return Status::Ok();
}

constexpr Arg kResizeArgs[] = {P, S(0), T(0), T(1)};
constexpr KernelDef kResizeNearest = OCTET_C_KERNEL("resize_nearest_reference", K::kReference,
                                                    octet_ref_resize_nearest, kResizeArgs);
constexpr KernelDef kResizeBilinearS8 = OCTET_C_KERNEL(
    "resize_bilinear_s8_reference", K::kReference, octet_ref_resize_bilinear_s8, kResizeArgs);
constexpr KernelDef kResizeBilinearU8 = OCTET_C_KERNEL(
    "resize_bilinear_u8_reference", K::kReference, octet_ref_resize_bilinear_u8, kResizeArgs);
constexpr KernelDef kResizeBilinearS16 = OCTET_C_KERNEL(
    "resize_bilinear_s16_reference", K::kReference, octet_ref_resize_bilinear_s16, kResizeArgs);
constexpr KernelDef kResizeBilinearF32 = OCTET_C_KERNEL(
    "resize_bilinear_f32_reference", K::kReference, octet_ref_resize_bilinear_f32, kResizeArgs);

// ---- SPACE_TO_BATCH_ND, BATCH_TO_SPACE_ND -------------------------------------------------------

// Calls: shapes [input, output] as 4-D views, tensors [input, output].
Status prepare_space_batch_step(PrepareContext& ctx, Step& step) {
  const bool to_batch = ctx.node.op == OpKind::kSpaceToBatchND;
  const DType t = ctx.in(0).dtype;
  OCTET_ASSIGN_OR_RETURN(std::vector<int32_t> block, const_int_input(ctx, 1, "block_shape"));
  OCTET_ASSIGN_OR_RETURN(std::vector<int32_t> amounts,
                         const_int_input(ctx, 2, to_batch ? "paddings" : "crops"));
  OCTET_ASSIGN_OR_RETURN(
      SpaceBatchPrepared plan,
      named(ctx, to_batch ? prepare_space_to_batch_nd(t, ctx.in(0).shape, block, amounts)
                          : prepare_batch_to_space_nd(t, ctx.in(0).shape, block, amounts)));
  OCTET_RETURN_IF_ERROR(expect_shape(ctx, 0, plan.output_shape));
  step.params.set(plan.params);
  step.shapes = {plan.input4, plan.output4};
  step.tensors = {ctx.in_id(0), ctx.out_id(0)};
  return Status::Ok();
}

constexpr Arg kSpaceBatchArgs[] = {P, S(0), T(0), S(1), T(1)};
constexpr KernelDef kSpaceToBatch = OCTET_C_KERNEL("space_to_batch_nd_reference", K::kReference,
                                                   octet_ref_space_to_batch_nd, kSpaceBatchArgs);
constexpr KernelDef kBatchToSpace = OCTET_C_KERNEL("batch_to_space_nd_reference", K::kReference,
                                                   octet_ref_batch_to_space_nd, kSpaceBatchArgs);

// ---- DYNAMIC_UPDATE_SLICE -----------------------------------------------------------------------

// Calls: shapes and tensors [operand, update, start indices, output]. The output may take the
// operand's memory: the kernel then only writes the update.
Status prepare_dynamic_update_slice_step(PrepareContext& ctx, Step& step) {
  const DType t = ctx.in(0).dtype;
  if (ctx.in(1).dtype != t) {
    return ctx.fail("update '{}' is {}, the operand is {}", ctx.in_value(1).name,
                    dtype_name(ctx.in(1).dtype), dtype_name(t));
  }
  OCTET_ASSIGN_OR_RETURN(
      DynamicUpdateSlicePrepared plan,
      named(ctx, prepare_dynamic_update_slice(t, ctx.in(0).shape, ctx.in(1).shape, ctx.in(2).dtype,
                                              ctx.in(2).shape)));
  OCTET_RETURN_IF_ERROR(expect_shape(ctx, 0, plan.output_shape));
  step.params.set(plan.params);
  default_io(ctx, step);
  step.in_place_inputs = 1u;
  return Status::Ok();
}

constexpr Arg kDynamicUpdateSliceArgs[] = {P, S(0), T(0), S(1), T(1), T(2), T(3)};
constexpr KernelDef kDynamicUpdateSlice =
    OCTET_C_KERNEL("dynamic_update_slice_reference", K::kReference, octet_ref_dynamic_update_slice,
                   kDynamicUpdateSliceArgs);

// ---- GATHER_ND ----------------------------------------------------------------------------------

// Calls: shapes [input, indices, output], tensors likewise.
Status prepare_gather_nd_step(PrepareContext& ctx, Step& step) {
  OCTET_ASSIGN_OR_RETURN(GatherNdPrepared plan,
                         named(ctx, prepare_gather_nd(ctx.in(0).dtype, ctx.in(0).shape,
                                                      ctx.in(1).dtype, ctx.in(1).shape)));
  OCTET_RETURN_IF_ERROR(expect_shape(ctx, 0, plan.output_shape));
  step.params.set(plan.params);
  default_io(ctx, step);
  return Status::Ok();
}

std::string gather_nd_index_error(const Step& s, int) {
  const octet_shape& in = s.shapes[0];
  return fmt::format("an index in the indices input is outside the input {}",
                     Shape(std::vector<int32_t>(in.dims, in.dims + in.rank)).to_string());
}

constexpr KernelDef kGatherNd = with_c_error(
    OCTET_C_KERNEL("gather_nd_reference", K::kReference, octet_ref_gather_nd, kGatherArgs),
    gather_nd_index_error);

// ---- EMBEDDING_LOOKUP ---------------------------------------------------------------------------

// TFLM's hybrid lookup: an int8 table read as float (dequantized rows).
bool embedding_is_hybrid(const PrepareContext& ctx, const Step&) {
  return ctx.in(1).dtype == DType::kInt8 && ctx.out(0).dtype == DType::kFloat32;
}

// Inputs: ids, table. Calls: shapes [ids, table, output], tensors likewise.
Status prepare_embedding_lookup_step(PrepareContext& ctx, Step& step) {
  const DType table_type = ctx.in(1).dtype, out_type = ctx.out(0).dtype;
  OCTET_ASSIGN_OR_RETURN(GatherPrepared plan,
                         named(ctx, prepare_embedding_lookup(table_type, ctx.in(1).shape,
                                                             ctx.in(0).dtype, ctx.in(0).shape)));
  OCTET_RETURN_IF_ERROR(expect_shape(ctx, 0, plan.output_shape));
  default_io(ctx, step);
  if (embedding_is_hybrid(ctx, step)) {
    const TensorQuant q = tensor_quant(ctx.in(1));
    if (!ctx.in(1).quant || q.zero_point != 0 || ctx.in(1).quant->per_axis()) {
      return ctx.fail("an int8 table read as float needs one scale and zero point 0");
    }
    step.params.set(octet_embedding_lookup_s8_f32_params{q.scale});
    return Status::Ok();
  }
  if (out_type != table_type) {
    return ctx.fail("output is {}, the table is {}", dtype_name(out_type), dtype_name(table_type));
  }
  step.params.set(plan.params);
  return Status::Ok();
}

std::string embedding_id_error(const Step& s, int) {
  return fmt::format("an id in the ids input is outside [0, {})", s.shapes[1].dims[0]);
}

constexpr Arg kEmbeddingLookupArgs[] = {P, S(1), T(1), S(0), T(0), T(2)};
constexpr Arg kEmbeddingLookupS8F32Args[] = {P, S(1), T(1), N(0), T(0), T(2)};
constexpr KernelDef kEmbeddingLookup =
    with_c_error(OCTET_C_KERNEL("embedding_lookup_reference", K::kReference, octet_ref_gather,
                                kEmbeddingLookupArgs),
                 embedding_id_error);
constexpr KernelDef kEmbeddingLookupS8F32 =
    with_c_error(OCTET_C_KERNEL("embedding_lookup_s8_f32_reference", K::kReference,
                                octet_ref_embedding_lookup_s8_f32, kEmbeddingLookupS8F32Args),
                 embedding_id_error);

// ---- rows ---------------------------------------------------------------------------------------

constexpr KernelRow kRows[] = {
    {O::kPad, &kPadBlocks, {}, {}, nullptr, name_by_type<"pad", "blocks">},
    {O::kPad, &kPad, {}, {}, nullptr, name_by_type<"pad">},
    {O::kPadV2, &kPadBlocks, {}, {}, nullptr, name_by_type<"pad", "blocks">},
    {O::kPadV2, &kPad, {}, {}, nullptr, name_by_type<"pad">},
    {O::kConcatenation,
     &kConcatLut8,
     {},
     {},
     concat_requantizes,
     name_by_type<"concatenation", "reference_requantize">},
    {O::kConcatenation, &kConcat, {}, {}, nullptr, name_by_type<"concatenation">},
    {O::kTranspose,
     &kTransposeC3,
     {},
     {},
     transpose_c3_applies,
     name_by_type<"transpose", "nchw_to_nhwc_c3_avx2">},
    {O::kTranspose, &kTransposeBlocks, {}, {}, nullptr, name_by_type<"transpose", "blocks">},
    {O::kTranspose, &kTranspose, {}, {}, nullptr, name_by_type<"transpose">},
    {O::kStridedSlice, &kStridedSlice, {}, {}, nullptr, name_by_type<"strided_slice">},
    {O::kSplit, &kSplit, {}, {}, nullptr, name_by_type<"split">},
    {O::kSplitV, &kSplit, {}, {}, nullptr, name_by_type<"split">},
    {O::kPack, &kPack, {}, {}, nullptr, name_by_type<"pack">},
    {O::kUnpack, &kUnpack, {}, {}, nullptr, name_by_type<"unpack">},
    {O::kGather, &kGather, {}, {}, nullptr, name_by_type<"gather">},
    {O::kArgMax, &kArgS8, s8, {}, nullptr, name_arg_step<"arg_max">},
    {O::kArgMax, &kArgU8, u8, {}, nullptr, name_arg_step<"arg_max">},
    {O::kArgMax, &kArgS16, s16, {}, nullptr, name_arg_step<"arg_max">},
    {O::kArgMax, &kArgS32, s32, {}, nullptr, name_arg_step<"arg_max">},
    {O::kArgMax, &kArgS64, s64, {}, nullptr, name_arg_step<"arg_max">},
    {O::kArgMax, &kArgF32, f32, {}, nullptr, name_arg_step<"arg_max">},
    {O::kArgMin, &kArgS8, s8, {}, nullptr, name_arg_step<"arg_min">},
    {O::kArgMin, &kArgU8, u8, {}, nullptr, name_arg_step<"arg_min">},
    {O::kArgMin, &kArgS16, s16, {}, nullptr, name_arg_step<"arg_min">},
    {O::kArgMin, &kArgS32, s32, {}, nullptr, name_arg_step<"arg_min">},
    {O::kArgMin, &kArgS64, s64, {}, nullptr, name_arg_step<"arg_min">},
    {O::kArgMin, &kArgF32, f32, {}, nullptr, name_arg_step<"arg_min">},
    {O::kResizeNearestNeighbor, &kResizeNearest, {}, {}, nullptr, name_by_type<"resize_nearest">},
    {O::kResizeBilinear, &kResizeBilinearS8, s8, s8},
    {O::kResizeBilinear, &kResizeBilinearU8, u8, u8},
    {O::kResizeBilinear, &kResizeBilinearS16, s16, s16},
    {O::kResizeBilinear, &kResizeBilinearF32, f32, f32},
    {O::kMirrorPad, &kMirrorPad, {}, {}, nullptr, name_by_type<"mirror_pad">},
    {O::kSlice, &kStridedSlice, {}, {}, nullptr, name_by_type<"slice">},
    {O::kReverseV2, &kStridedSlice, {}, {}, nullptr, name_by_type<"reverse">},
    {O::kBroadcastTo, &kStridedSlice, {}, {}, nullptr, name_by_type<"broadcast_to">},
    {O::kSpaceToDepth,
     &kTransposeBlocks,
     {},
     {},
     nullptr,
     name_by_type<"space_to_depth", "blocks">},
    {O::kSpaceToDepth, &kTranspose, {}, {}, nullptr, name_by_type<"space_to_depth">},
    {O::kDepthToSpace,
     &kTransposeBlocks,
     {},
     {},
     nullptr,
     name_by_type<"depth_to_space", "blocks">},
    {O::kDepthToSpace, &kTranspose, {}, {}, nullptr, name_by_type<"depth_to_space">},
    {O::kSpaceToBatchND, &kSpaceToBatch, {}, {}, nullptr, name_by_type<"space_to_batch_nd">},
    {O::kBatchToSpaceND, &kBatchToSpace, {}, {}, nullptr, name_by_type<"batch_to_space_nd">},
    {O::kDynamicUpdateSlice,
     &kDynamicUpdateSlice,
     {},
     {},
     nullptr,
     name_by_type<"dynamic_update_slice">},
    {O::kGatherND, &kGatherNd, {}, {}, nullptr, name_by_type<"gather_nd">},
    {O::kEmbeddingLookup, &kEmbeddingLookupS8F32, {}, f32, embedding_is_hybrid},
    {O::kEmbeddingLookup, &kEmbeddingLookup, {}, {}, nullptr, name_by_type<"embedding_lookup">},
};

constexpr OpPrepareRow kPrepares[] = {
    {O::kPad, prepare_pad_step},
    {O::kPadV2, prepare_pad_step},
    {O::kConcatenation, prepare_concatenation_step},
    {O::kTranspose, prepare_transpose_step},
    {O::kStridedSlice, prepare_strided_slice_step},
    {O::kSplit, prepare_split_step},
    {O::kSplitV, prepare_split_step},
    {O::kPack, prepare_pack_step},
    {O::kUnpack, prepare_unpack_step},
    {O::kGather, prepare_gather_step},
    {O::kArgMax, prepare_arg_step},
    {O::kArgMin, prepare_arg_step},
    {O::kResizeBilinear, prepare_resize_step},
    {O::kResizeNearestNeighbor, prepare_resize_step},
    {O::kMirrorPad, prepare_mirror_pad_step},
    {O::kSlice, prepare_slice_step},
    {O::kReverseV2, prepare_reverse_step},
    {O::kBroadcastTo, prepare_broadcast_to_step},
    {O::kSpaceToDepth, prepare_space_depth_step},
    {O::kDepthToSpace, prepare_space_depth_step},
    {O::kSpaceToBatchND, prepare_space_batch_step},
    {O::kBatchToSpaceND, prepare_space_batch_step},
    {O::kDynamicUpdateSlice, prepare_dynamic_update_slice_step},
    {O::kGatherND, prepare_gather_nd_step},
    {O::kEmbeddingLookup, prepare_embedding_lookup_step},
};

}  // namespace

const OpFamily kDataFamily{kRows, kPrepares};

}  // namespace octet
