// pool.cc - AVERAGE_POOL_2D, MAX_POOL_2D and the reductions MEAN, SUM, REDUCE_MAX, REDUCE_MIN.
// Prepare computes the params once
// (kernels/prepare); the kernel rows below, fastest first:
//   AVERAGE_POOL_2D  avg_pool2d_{s8,u8}_avx2     avx2 and up; int8/uint8; windows of at most
//                                                x86::kAvgPoolMaxWindow taps
//                    avg_pool2d_s8_dsp           Cortex-M DSP (codegen --kernels dsp); int8
//                    avg_pool2d_<type>_reference everything
//   MAX_POOL_2D      max_pool2d_{s8,u8}_avx2     avx2 and up; int8/uint8
//                    max_pool2d_s8_dsp           Cortex-M DSP; int8
//                    max_pool2d_<type>_reference everything
//   MEAN, SUM        {mean,sum}_{s8,u8}_rows_avx2
//                                                avx2 and up; int8/uint8; the reduced axes
//                                                contiguous
//                    {mean,sum}_<type>_reference everything (SUM: MEAN's kernels, its params
//                                                without the 1 / count)
//   REDUCE_MAX/MIN   reduce_{max,min}_<type>_reference
#include "kernels/prepare/pool.h"
#include "kernels/cortex_m/octet_dsp.h"
#include "kernels/prepare/reduce.h"
#include "kernels/x86/mean.h"
#include "kernels/x86/pool.h"
#include "runtime/kernel_table.h"
#include "runtime/ops/op_util.h"
#include "runtime/ops/ops.h"

namespace octet {

namespace {

using namespace args;
using K = KernelLevel;
constexpr DType f32 = DType::kFloat32, s8 = DType::kInt8, u8 = DType::kUInt8, s16 = DType::kInt16;

// ---- AVERAGE_POOL_2D, MAX_POOL_2D ---------------------------------------------------------------

Status prepare_pool2d_step(PrepareContext& ctx, Step& step) {
  const Attrs& a = ctx.node.attrs;
  Pool2DOptions options;
  options.padding = a.padding;
  options.stride_height = a.stride_h;
  options.stride_width = a.stride_w;
  options.filter_height = a.filter_h;
  options.filter_width = a.filter_w;
  options.activation = a.activation;
  const Shape& in = ctx.in(0).shape;
  OCTET_ASSIGN_OR_RETURN(Pool2DPlan plan, named(ctx, prepare_pool2d(ctx.in(0).dtype, options, in[1],
                                                                    in[2], tensor_quant(ctx.in(0)),
                                                                    tensor_quant(ctx.out(0)))));
  step.params.set(plan.params);
  default_io(ctx, step);  // in, out
  return Status::Ok();
}

std::string empty_window(const Step&, int) {
  return "a pooling window has no input element (TFLite fails too)";
}

bool avg_pool_avx2_applies(const PrepareContext&, const Step& step) {
  return x86::avg_pool2d_q8_avx2_supports(&step.params.get<octet_pool_params>());
}

template <bool kUnsigned>
Status run_avg_pool_avx2(const Step& s, const StepIo& io) {
  if (x86::avg_pool2d_q8_avx2(&s.params.get<octet_pool_params>(), kUnsigned, &s.shapes[0],
                              io.ptr<const uint8_t>(s.tensors[0]), &s.shapes[1],
                              io.ptr<uint8_t>(s.tensors[1])) != 0) {
    return error("{}", empty_window(s, -1));
  }
  return Status::Ok();
}

template <bool kUnsigned>
Status run_max_pool_avx2(const Step& s, const StepIo& io) {
  x86::max_pool2d_q8_avx2(&s.params.get<octet_pool_params>(), kUnsigned, &s.shapes[0],
                          io.ptr<const uint8_t>(s.tensors[0]), &s.shapes[1],
                          io.ptr<uint8_t>(s.tensors[1]));
  return Status::Ok();
}

constexpr KernelDef kAvgPoolS8Avx2 =
    native_kernel("avg_pool2d_s8_avx2", K::kAvx2, run_avg_pool_avx2<false>);
constexpr KernelDef kAvgPoolU8Avx2 =
    native_kernel("avg_pool2d_u8_avx2", K::kAvx2, run_avg_pool_avx2<true>);
constexpr KernelDef kMaxPoolS8Avx2 =
    native_kernel("max_pool2d_s8_avx2", K::kAvx2, run_max_pool_avx2<false>);
constexpr KernelDef kMaxPoolU8Avx2 =
    native_kernel("max_pool2d_u8_avx2", K::kAvx2, run_max_pool_avx2<true>);

constexpr Arg kPoolArgs[] = {P, S(0), T(0), S(1), T(1)};

#define OCTET_AVG_POOL_KERNEL(var, name, level, fn) \
  constexpr KernelDef var = with_c_error(OCTET_C_KERNEL(name, level, fn, kPoolArgs), empty_window)

OCTET_AVG_POOL_KERNEL(kAvgPoolS8Dsp, "avg_pool2d_s8_dsp", K::kCortexMDsp, octet_dsp_avg_pool2d_s8);
OCTET_AVG_POOL_KERNEL(kAvgPoolF32, "avg_pool2d_f32_reference", K::kReference,
                      octet_ref_avg_pool2d_f32);
OCTET_AVG_POOL_KERNEL(kAvgPoolS8, "avg_pool2d_s8_reference", K::kReference,
                      octet_ref_avg_pool2d_s8);
OCTET_AVG_POOL_KERNEL(kAvgPoolU8, "avg_pool2d_u8_reference", K::kReference,
                      octet_ref_avg_pool2d_u8);
OCTET_AVG_POOL_KERNEL(kAvgPoolS16, "avg_pool2d_s16_reference", K::kReference,
                      octet_ref_avg_pool2d_s16);

#undef OCTET_AVG_POOL_KERNEL

constexpr KernelDef kMaxPoolS8Dsp =
    OCTET_C_KERNEL("max_pool2d_s8_dsp", K::kCortexMDsp, octet_dsp_max_pool2d_s8, kPoolArgs);
constexpr KernelDef kMaxPoolF32 =
    OCTET_C_KERNEL("max_pool2d_f32_reference", K::kReference, octet_ref_max_pool2d_f32, kPoolArgs);
constexpr KernelDef kMaxPoolS8 =
    OCTET_C_KERNEL("max_pool2d_s8_reference", K::kReference, octet_ref_max_pool2d_s8, kPoolArgs);
constexpr KernelDef kMaxPoolU8 =
    OCTET_C_KERNEL("max_pool2d_u8_reference", K::kReference, octet_ref_max_pool2d_u8, kPoolArgs);
constexpr KernelDef kMaxPoolS16 =
    OCTET_C_KERNEL("max_pool2d_s16_reference", K::kReference, octet_ref_max_pool2d_s16, kPoolArgs);

// ---- MEAN, SUM, REDUCE_MAX, REDUCE_MIN
// -----------------------------------------------------------

Status prepare_reduce_step(PrepareContext& ctx, Step& step) {
  OCTET_ASSIGN_OR_RETURN(std::vector<int32_t> axes, const_int_input(ctx, 1, "axis"));
  const octet_shape is = c_shape(ctx.in(0).shape);
  const DType t = ctx.in(0).dtype;
  const bool keep = ctx.node.attrs.keep_dims;
  const TensorQuant in_q = tensor_quant(ctx.in(0)), out_q = tensor_quant(ctx.out(0));
  auto prepared = [&]() -> Result<ReducePlan> {
    switch (ctx.node.op) {
      case OpKind::kSum:
        return prepare_sum(t, is, axes, keep, in_q, out_q);
      case OpKind::kReduceMax:
      case OpKind::kReduceMin:
        return prepare_reduce_max_min(t, is, axes, keep, in_q, out_q);
      default:
        return prepare_mean(t, is, axes, keep, in_q, out_q);
    }
  };
  OCTET_ASSIGN_OR_RETURN(ReducePlan plan, named(ctx, prepared()));
  ctx.request_scratch(static_cast<int64_t>(plan.scratch_bytes));
  step.params.set(plan.params);
  step.shapes = {is, plan.output_shape};
  step.tensors = {ctx.in_id(0), ctx.out_id(0)};
  return Status::Ok();
}

bool mean_rows_applies(const PrepareContext&, const Step& step) {
  return x86::mean_axes_contiguous(&step.params.get<octet_mean_params>());
}

template <bool kUnsigned>
Status run_mean_rows(const Step& s, const StepIo& io) {
  x86::mean_q8_rows_avx2(&s.params.get<octet_mean_params>(), &s.shapes[0],
                         io.ptr<const uint8_t>(s.tensors[0]), kUnsigned, &s.shapes[1],
                         io.ptr<uint8_t>(s.tensors[1]), reinterpret_cast<int32_t*>(io.scratch));
  return Status::Ok();
}

constexpr KernelDef kMeanS8Rows =
    native_kernel("mean_s8_rows_avx2", K::kAvx2, run_mean_rows<false>);
constexpr KernelDef kMeanU8Rows = native_kernel("mean_u8_rows_avx2", K::kAvx2, run_mean_rows<true>);
constexpr KernelDef kSumS8Rows = native_kernel("sum_s8_rows_avx2", K::kAvx2, run_mean_rows<false>);
constexpr KernelDef kSumU8Rows = native_kernel("sum_u8_rows_avx2", K::kAvx2, run_mean_rows<true>);

constexpr Arg kMeanArgs[] = {P, S(0), T(0), S(1), T(1), Scratch};
constexpr Arg kMeanF32Args[] = {P, S(0), T(0), S(1), T(1)};

constexpr KernelDef kMeanF32 =
    OCTET_C_KERNEL("mean_f32_reference", K::kReference, octet_ref_mean_f32, kMeanF32Args);
constexpr KernelDef kMeanS8 =
    OCTET_C_KERNEL("mean_s8_reference", K::kReference, octet_ref_mean_s8, kMeanArgs);
constexpr KernelDef kMeanU8 =
    OCTET_C_KERNEL("mean_u8_reference", K::kReference, octet_ref_mean_u8, kMeanArgs);
constexpr KernelDef kMeanS16 =
    OCTET_C_KERNEL("mean_s16_reference", K::kReference, octet_ref_mean_s16, kMeanArgs);
// SUM runs MEAN's kernels: its params carry no 1 / count.
constexpr KernelDef kSumF32 =
    OCTET_C_KERNEL("sum_f32_reference", K::kReference, octet_ref_mean_f32, kMeanF32Args);
constexpr KernelDef kSumS8 =
    OCTET_C_KERNEL("sum_s8_reference", K::kReference, octet_ref_mean_s8, kMeanArgs);
constexpr KernelDef kSumU8 =
    OCTET_C_KERNEL("sum_u8_reference", K::kReference, octet_ref_mean_u8, kMeanArgs);
constexpr KernelDef kSumS16 =
    OCTET_C_KERNEL("sum_s16_reference", K::kReference, octet_ref_mean_s16, kMeanArgs);

#define OCTET_REDUCE_KERNEL(var, name, fn) \
  constexpr KernelDef var = OCTET_C_KERNEL(name, K::kReference, fn, kMeanF32Args)
OCTET_REDUCE_KERNEL(kReduceMaxS8, "reduce_max_s8_reference", octet_ref_reduce_max_s8);
OCTET_REDUCE_KERNEL(kReduceMaxU8, "reduce_max_u8_reference", octet_ref_reduce_max_u8);
OCTET_REDUCE_KERNEL(kReduceMaxS16, "reduce_max_s16_reference", octet_ref_reduce_max_s16);
OCTET_REDUCE_KERNEL(kReduceMaxF32, "reduce_max_f32_reference", octet_ref_reduce_max_f32);
OCTET_REDUCE_KERNEL(kReduceMinS8, "reduce_min_s8_reference", octet_ref_reduce_min_s8);
OCTET_REDUCE_KERNEL(kReduceMinU8, "reduce_min_u8_reference", octet_ref_reduce_min_u8);
OCTET_REDUCE_KERNEL(kReduceMinS16, "reduce_min_s16_reference", octet_ref_reduce_min_s16);
OCTET_REDUCE_KERNEL(kReduceMinF32, "reduce_min_f32_reference", octet_ref_reduce_min_f32);
#undef OCTET_REDUCE_KERNEL

using O = OpKind;

constexpr KernelRow kRows[] = {
    {O::kAveragePool2D, &kAvgPoolS8Avx2, s8, s8, avg_pool_avx2_applies},
    {O::kAveragePool2D, &kAvgPoolU8Avx2, u8, u8, avg_pool_avx2_applies},
    {O::kAveragePool2D, &kAvgPoolS8Dsp, s8, s8},
    {O::kAveragePool2D, &kAvgPoolF32, f32, f32},
    {O::kAveragePool2D, &kAvgPoolS8, s8, s8},
    {O::kAveragePool2D, &kAvgPoolU8, u8, u8},
    {O::kAveragePool2D, &kAvgPoolS16, s16, s16},
    {O::kMaxPool2D, &kMaxPoolS8Avx2, s8, s8},
    {O::kMaxPool2D, &kMaxPoolU8Avx2, u8, u8},
    {O::kMaxPool2D, &kMaxPoolS8Dsp, s8, s8},
    {O::kMaxPool2D, &kMaxPoolF32, f32, f32},
    {O::kMaxPool2D, &kMaxPoolS8, s8, s8},
    {O::kMaxPool2D, &kMaxPoolU8, u8, u8},
    {O::kMaxPool2D, &kMaxPoolS16, s16, s16},
    {O::kMean, &kMeanS8Rows, s8, s8, mean_rows_applies},
    {O::kMean, &kMeanU8Rows, u8, u8, mean_rows_applies},
    {O::kMean, &kMeanF32, f32, f32},
    {O::kMean, &kMeanS8, s8, s8},
    {O::kMean, &kMeanU8, u8, u8},
    {O::kMean, &kMeanS16, s16, s16},
    {O::kSum, &kSumS8Rows, s8, s8, mean_rows_applies},
    {O::kSum, &kSumU8Rows, u8, u8, mean_rows_applies},
    {O::kSum, &kSumF32, f32, f32},
    {O::kSum, &kSumS8, s8, s8},
    {O::kSum, &kSumU8, u8, u8},
    {O::kSum, &kSumS16, s16, s16},
    {O::kReduceMax, &kReduceMaxS8, s8, s8},
    {O::kReduceMax, &kReduceMaxU8, u8, u8},
    {O::kReduceMax, &kReduceMaxS16, s16, s16},
    {O::kReduceMax, &kReduceMaxF32, f32, f32},
    {O::kReduceMin, &kReduceMinS8, s8, s8},
    {O::kReduceMin, &kReduceMinU8, u8, u8},
    {O::kReduceMin, &kReduceMinS16, s16, s16},
    {O::kReduceMin, &kReduceMinF32, f32, f32},
};

constexpr OpPrepareRow kPrepares[] = {
    {O::kAveragePool2D, prepare_pool2d_step}, {O::kMaxPool2D, prepare_pool2d_step},
    {O::kMean, prepare_reduce_step},          {O::kSum, prepare_reduce_step},
    {O::kReduceMax, prepare_reduce_step},     {O::kReduceMin, prepare_reduce_step},
};

}  // namespace

const OpFamily kPoolFamily{kRows, kPrepares};

}  // namespace octet
