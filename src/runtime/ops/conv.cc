// conv.cc - CONV_2D, DEPTHWISE_CONV_2D and TRANSPOSE_CONV: prepare computes padding, per-channel
// multipliers and the activation clamp once (kernels/prepare); the kernel rows below choose the
// fastest kernel the target allows. The reference kernels are the truth every optimized one is
// tested against.
//
// Kernels, first match wins (level, dtype, condition):
//   CONV_2D
//     conv2d_{s8,u8}_{1x1,direct,im2col}_gemm_avx512vnni  avx512vnni; int8/uint8; constant filter
//                                                 and bias (direct: KxK read from a cache of
//                                                 converted input rows; one output row: the AVX2
//                                                 GEMV, named _avx2)
//     conv2d_{s8,u8}_1x1_q4_gemm_avx2              avx2; same, pointwise, weights whose pairs
//                                                 rarely could saturate vpmaddubsw (x86/qgemm.h)
//     conv2d_{s8,u8}_winograd_gemm_avx2            avx2; same, 3x3 stride 1 undilated, >= 16 input
//                                                 channels, 4 * |acc| within int32: exact
//                                                 Winograd F(2x2, 3x3) (x86/winograd.h)
//     conv2d_{s8,u8}_{1x1,direct,im2col}_gemm_avx2 avx2; same (direct: KxK read from a cache of
//                                                 widened input rows when there is no horizontal
//                                                 dilation)
//     conv2d_s8_dsp                                Cortex-M DSP (codegen --kernels dsp); int8
//     conv2d_<type>_reference                      everything
//   DEPTHWISE_CONV_2D
//     depthwise_conv2d_{s8,u8}_{3x3,5x5,kxk}_avx512vnni  avx512vnni; int8/uint8; depth
//                                                 multiplier 1; constant filter and bias
//     depthwise_conv2d_{s8,u8}_{3x3,5x5,kxk}_avx2  avx2; same
//     depthwise_conv2d_s8_dsp                      Cortex-M DSP; int8
//     depthwise_conv2d_<type>_reference            everything
//   TRANSPOSE_CONV
//     transpose_conv_s8_phase_gemm_{avx2,avx512vnni}  avx2 and up; int8; constant filter and bias;
//                                                 every phase's first tap inside the input
//                                                 (x86/transpose_conv.h)
//     transpose_conv_<type>_reference              everything (int16 with an int64 or an int32
//                                                 bias)
#include <memory>

#include "kernels/cortex_m/octet_dsp.h"
#include "kernels/prepare/conv.h"
#include "kernels/prepare/depthwise_conv.h"
#include "kernels/x86/depthwise_conv2d.h"
#include "kernels/x86/transpose_conv.h"
#include "runtime/kernel_table.h"
#include "runtime/ops/gemm_op.h"
#include "runtime/ops/op_util.h"
#include "runtime/ops/ops.h"

namespace octet {

namespace {

using namespace args;
using K = KernelLevel;
using O = OpKind;
constexpr DType f32 = DType::kFloat32, s8 = DType::kInt8, u8 = DType::kUInt8, s16 = DType::kInt16;

// The quantization of the op's activation input `x` and weights `weights` (TRANSPOSE_CONV's
// weights come before its input).
WeightedSumQuant weighted_quant(const PrepareContext& ctx, std::vector<float>& scales_storage,
                                size_t x = 0, size_t weights = 1) {
  WeightedSumQuant q;
  const TensorType& w = ctx.in(weights);
  q.input = tensor_quant(ctx.in(x));
  q.output = tensor_quant(ctx.out(0));
  if (w.quant) {
    scales_storage = w.quant->scales;
    q.weight_zero_point = static_cast<int32_t>(w.quant->zero_point());
  } else {
    scales_storage = {1.0f};
  }
  q.weight_scales = scales_storage;
  return q;
}

// The step of a conv-like op: params from its plan, shapes and tensors [input, filter, bias,
// output] (an absent bias is a NULL argument).
template <typename Plan>
void set_weighted_step(const PrepareContext& ctx, Step& step, Plan plan) {
  const Plan& owned = step.params.own(std::move(plan));
  step.params.note_array(owned.requant.multiplier);
  step.params.note_array(owned.requant.shift);
  step.params.set(owned.params());
  default_io(ctx, step);
  if constexpr (requires { owned.params().pad_top; }) {
    const auto& p = owned.params();
    const Shape& f = ctx.in(1).shape;
    step.window = WindowGeometry{static_cast<int32_t>(f[1]),
                                 static_cast<int32_t>(f[2]),
                                 p.stride_h,
                                 p.stride_w,
                                 p.dilation_h,
                                 p.dilation_w,
                                 p.pad_top,
                                 p.pad_left};
  }
  if (ctx.node.inputs.size() < 3) {  // no bias input: the kernels' bias argument is NULL
    step.tensors.insert(step.tensors.begin() + 2, kNoValue);
    step.shapes.insert(step.shapes.begin() + 2, octet_shape{});
  }
}

// 16x8 layers carry an int32 or an int64 bias (TFLM takes either).
bool bias_is_int32(const PrepareContext& ctx, const Step&) {
  return ctx.has_in(2) && ctx.in(2).dtype == DType::kInt32;
}
bool bias_is_not_int32(const PrepareContext& ctx, const Step& step) {
  return !bias_is_int32(ctx, step);
}

// ---- CONV_2D ------------------------------------------------------------------------------------

Status prepare_conv2d_step(PrepareContext& ctx, Step& step) {
  const Attrs& a = ctx.node.attrs;
  Conv2DOptions options;
  options.padding = a.padding;
  options.explicit_padding = a.explicit_padding;
  options.stride_height = a.stride_h;
  options.stride_width = a.stride_w;
  options.dilation_height = a.dilation_h;
  options.dilation_width = a.dilation_w;
  options.activation = a.activation;
  const Shape& in = ctx.in(0).shape;
  const Shape& f = ctx.in(1).shape;
  Conv2DGeometry geometry{in[1], in[2], f[1], f[2], f[0]};
  std::vector<float> scales;
  OCTET_ASSIGN_OR_RETURN(
      Conv2DPlan plan,
      named(ctx, prepare_conv2d(ctx.in(0).dtype, options, geometry, weighted_quant(ctx, scales))));
  set_weighted_step(ctx, step, std::move(plan));
  return Status::Ok();
}

// The x86 GEMM takes int8/uint8 layers with constant weights and no groups.
bool conv_gemm_applies(const PrepareContext& ctx, const Step&) {
  return constant_weights(ctx) && ctx.in(1).shape[3] == ctx.in(0).shape[3];
}

template <K level>
Status bind_conv2d_gemm(PrepareContext& ctx, Step& step) {
  const DType t = ctx.in(0).dtype;
  const octet_conv_params& p = step.params.get<octet_conv_params>();
  const Shape& in = ctx.in(0).shape;
  const Shape& f = ctx.in(1).shape;
  const Shape& out = ctx.out(0).shape;
  x86::ConvGeometry g;
  g.batches = in[0], g.in_h = in[1], g.in_w = in[2], g.in_c = in[3];
  g.out_h = out[1], g.out_w = out[2], g.out_c = out[3];
  g.filter_h = f[1], g.filter_w = f[2];
  g.stride_h = p.stride_h, g.stride_w = p.stride_w;
  g.dilation_h = p.dilation_h, g.dilation_w = p.dilation_w;
  g.pad_top = p.pad_top, g.pad_left = p.pad_left;
  auto conv = std::make_shared<const x86::Conv2DGemm>(
      g, ctx.in_value(1).data->data(), const_bias(ctx), conv_quant(t, p), gemm_kernel_for(level));
  const std::string variant = fmt::format("{}_gemm_{}",
                                          conv->q4()          ? "1x1_q4"
                                          : conv->pointwise() ? "1x1"
                                          : conv->winograd()  ? "winograd"
                                          : conv->direct()    ? "direct"
                                                              : "im2col",
                                          conv->isa_name());
  bind_gemm_step(ctx, step, kernel_label("conv2d", t, variant), std::move(conv));
  return Status::Ok();
}

// The DSP conv needs working memory for one widened patch.
Status bind_conv2d_dsp(PrepareContext& ctx, Step& step) {
  const size_t bytes = octet_dsp_conv2d_s8_scratch_size(
      &step.params.get<octet_conv_params>(), &step.shapes[0], &step.shapes[1], &step.shapes[3]);
  ctx.request_scratch(static_cast<int64_t>(bytes));
  return Status::Ok();
}

constexpr Arg kConvArgs[] = {P, S(0), T(0), S(1), T(1), T(2), S(3), T(3)};
constexpr Arg kConvScratchArgs[] = {P, S(0), T(0), S(1), T(1), T(2), S(3), T(3), Scratch};

constexpr KernelDef kConv2DGemmVnni =
    native_kernel("conv2d_gemm_avx512vnni", K::kAvx512Vnni, run_gemm_step);
constexpr KernelDef kConv2DGemmAvx2 = native_kernel("conv2d_gemm_avx2", K::kAvx2, run_gemm_step);
constexpr KernelDef kConv2DS8Dsp = writes_pixels_in_order(
    OCTET_C_KERNEL("conv2d_s8_dsp", K::kCortexMDsp, octet_dsp_conv2d_s8, kConvScratchArgs), 2);
constexpr KernelDef kConv2DF32 = writes_pixels_in_order(
    OCTET_C_KERNEL("conv2d_f32_reference", K::kReference, octet_ref_conv2d_f32, kConvArgs), 1);
constexpr KernelDef kConv2DS8 = writes_pixels_in_order(
    OCTET_C_KERNEL("conv2d_s8_reference", K::kReference, octet_ref_conv2d_s8, kConvArgs), 1);
constexpr KernelDef kConv2DU8 = writes_pixels_in_order(
    OCTET_C_KERNEL("conv2d_u8_reference", K::kReference, octet_ref_conv2d_u8, kConvArgs), 1);
constexpr KernelDef kConv2DS16 = writes_pixels_in_order(
    OCTET_C_KERNEL("conv2d_s16_reference", K::kReference, octet_ref_conv2d_s16, kConvArgs), 1);
constexpr KernelDef kConv2DS16B32 = writes_pixels_in_order(
    OCTET_C_KERNEL("conv2d_s16_reference", K::kReference, octet_ref_conv2d_s16_b32, kConvArgs), 1);

// ---- DEPTHWISE_CONV_2D --------------------------------------------------------------------------

Status prepare_depthwise_conv2d_step(PrepareContext& ctx, Step& step) {
  const Attrs& a = ctx.node.attrs;
  const Shape& in = ctx.in(0).shape;
  const Shape& f = ctx.in(1).shape;
  DepthwiseConv2DOptions options;
  options.padding = a.padding;
  options.explicit_padding = a.explicit_padding;
  options.stride_height = a.stride_h;
  options.stride_width = a.stride_w;
  options.dilation_height = a.dilation_h;
  options.dilation_width = a.dilation_w;
  // The filter's channel count decides the multiplier (the attribute is redundant in TFLite and
  // some converters leave it 0 or stale).
  options.depth_multiplier = in[3] > 0 ? f[3] / in[3] : 1;
  options.activation = a.activation;
  DepthwiseConv2DGeometry geometry{in[1], in[2], in[3], f[1], f[2]};
  std::vector<float> scales;
  OCTET_ASSIGN_OR_RETURN(DepthwiseConv2DPlan plan,
                         named(ctx, prepare_depthwise_conv2d(ctx.in(0).dtype, options, geometry,
                                                             weighted_quant(ctx, scales))));
  set_weighted_step(ctx, step, std::move(plan));
  return Status::Ok();
}

bool depthwise_x86_applies(const PrepareContext& ctx, const Step& step) {
  const Shape& in = ctx.in(0).shape;
  const Shape& f = ctx.in(1).shape;
  return constant_weights(ctx) &&
         step.params.get<octet_depthwise_conv_params>().depth_multiplier == 1 && f[3] == in[3] &&
         ctx.out(0).shape[3] == in[3] && f[1] <= x86::kDepthwiseMaxFilterRows &&
         f[1] * f[2] <= x86::kDepthwiseMaxTaps;
}

struct DepthwiseStep {
  std::shared_ptr<const x86::DepthwiseConv2D> dw;
  int32_t rows = 0;
  int tasks = 1;
  size_t slot = 0;
};

template <KernelLevel kLevel>
Status bind_depthwise_x86(PrepareContext& ctx, Step& step) {
  constexpr bool kVnni = kLevel == K::kAvx512Vnni;
  const DType t = ctx.in(0).dtype;
  const octet_depthwise_conv_params& p = step.params.get<octet_depthwise_conv_params>();
  const Shape& in = ctx.in(0).shape;
  const Shape& f = ctx.in(1).shape;
  const Shape& out = ctx.out(0).shape;
  x86::DepthwiseGeometry g;
  g.batches = in[0], g.in_h = in[1], g.in_w = in[2], g.channels = in[3];
  g.out_h = out[1], g.out_w = out[2];
  g.filter_h = f[1], g.filter_w = f[2];
  g.stride_h = p.stride_h, g.stride_w = p.stride_w;
  g.dilation_h = p.dilation_h, g.dilation_w = p.dilation_w;
  g.pad_top = p.pad_top, g.pad_left = p.pad_left;
  auto k = std::make_shared<DepthwiseStep>();
  k->dw = std::make_shared<const x86::DepthwiseConv2D>(
      g, ctx.in_value(1).data->data(), const_bias(ctx), conv_quant(t, p),
      kVnni ? x86::DepthwiseKernel::kAvx512Vnni : x86::DepthwiseKernel::kAvx2);
  const std::string filter = g.filter_h == g.filter_w && (g.filter_h == 3 || g.filter_h == 5)
                                 ? fmt::format("{}x{}", g.filter_h, g.filter_w)
                                 : std::string("kxk");
  k->rows = k->dw->rows();
  k->tasks = split_tasks(k->dw->macs(), ctx.threads, k->rows, ctx.min_macs_per_task);
  k->slot = (k->dw->scratch_bytes() + 63) / 64 * 64;
  ctx.request_scratch(static_cast<int64_t>(k->slot * k->tasks));
  step.name = kernel_label("depthwise_conv2d", t, filter + (kVnni ? "_avx512vnni" : "_avx2"));
  step.packed_bytes = k->dw->packed_bytes();
  step.params.adopt(std::move(k));
  return Status::Ok();
}

Status run_depthwise_x86(const Step& step, const StepIo& io) {
  const DepthwiseStep& k = step.params.get<DepthwiseStep>();
  const uint8_t* in = io.ptr<const uint8_t>(step.tensors.front());
  uint8_t* out = io.ptr<uint8_t>(step.tensors.back());
  if (k.tasks == 1) {
    k.dw->run(in, out, 0, k.rows, io.scratch);
    return Status::Ok();
  }
  const DepthwiseStep* j = &k;
  run_tasks(io.pool, k.tasks, [j, in, out, scratch = io.scratch](int task) {
    j->dw->run(in, out, j->rows * task / j->tasks, j->rows * (task + 1) / j->tasks,
               scratch + j->slot * static_cast<size_t>(task));
  });
  return Status::Ok();
}

constexpr Arg kDepthwiseArgs[] = {P, S(0), T(0), S(1), T(1), T(2), S(3), T(3)};

constexpr KernelDef kDepthwiseVnni =
    native_kernel("depthwise_conv2d_avx512vnni", K::kAvx512Vnni, run_depthwise_x86);
constexpr KernelDef kDepthwiseAvx2 =
    native_kernel("depthwise_conv2d_avx2", K::kAvx2, run_depthwise_x86);
constexpr KernelDef kDepthwiseS8Dsp =
    writes_pixels_in_order(OCTET_C_KERNEL("depthwise_conv2d_s8_dsp", K::kCortexMDsp,
                                          octet_dsp_depthwise_conv2d_s8, kDepthwiseArgs),
                           1);
constexpr KernelDef kDepthwiseF32 =
    writes_pixels_in_order(OCTET_C_KERNEL("depthwise_conv2d_f32_reference", K::kReference,
                                          octet_ref_depthwise_conv2d_f32, kDepthwiseArgs),
                           1);
constexpr KernelDef kDepthwiseS8 =
    writes_pixels_in_order(OCTET_C_KERNEL("depthwise_conv2d_s8_reference", K::kReference,
                                          octet_ref_depthwise_conv2d_s8, kDepthwiseArgs),
                           1);
constexpr KernelDef kDepthwiseU8 =
    writes_pixels_in_order(OCTET_C_KERNEL("depthwise_conv2d_u8_reference", K::kReference,
                                          octet_ref_depthwise_conv2d_u8, kDepthwiseArgs),
                           1);
constexpr KernelDef kDepthwiseS16 =
    writes_pixels_in_order(OCTET_C_KERNEL("depthwise_conv2d_s16_reference", K::kReference,
                                          octet_ref_depthwise_conv2d_s16, kDepthwiseArgs),
                           1);
constexpr KernelDef kDepthwiseS16B32 =
    writes_pixels_in_order(OCTET_C_KERNEL("depthwise_conv2d_s16_reference", K::kReference,
                                          octet_ref_depthwise_conv2d_s16_b32, kDepthwiseArgs),
                           1);

// ---- TRANSPOSE_CONV -----------------------------------------------------------------------------

// Inputs: output_shape, weights (OHWI), input (NHWC), optional bias. Calls: shapes and tensors
// [input, filter, bias, output] (an absent bias is NULL).
Status prepare_transpose_conv_step(PrepareContext& ctx, Step& step) {
  const Attrs& a = ctx.node.attrs;
  const DType t = ctx.in(2).dtype;
  OCTET_ASSIGN_OR_RETURN(std::vector<int32_t> out_dims, const_int_input(ctx, 0, "output_shape"));
  const Shape& out = ctx.out(0).shape;
  if (Shape(out_dims) != out) {
    return ctx.fail("output_shape {} differs from the output's declared shape {}",
                    Shape(out_dims).to_string(), out.to_string());
  }
  const Shape& in = ctx.in(2).shape;
  const Shape& f = ctx.in(1).shape;
  TransposeConvGeometry geometry;
  geometry.input_height = in[1], geometry.input_width = in[2];
  geometry.output_height = out[1], geometry.output_width = out[2];
  geometry.filter_height = f[1], geometry.filter_width = f[2];
  geometry.output_channels = f[0];
  std::vector<float> scales;
  OCTET_ASSIGN_OR_RETURN(
      Conv2DPlan plan,
      named(ctx, prepare_transpose_conv(t, a.padding, a.stride_h, a.stride_w, a.activation,
                                        geometry, weighted_quant(ctx, scales, 2, 1))));
  const Conv2DPlan& owned = step.params.own(std::move(plan));
  step.params.note_array(owned.requant.multiplier);
  step.params.note_array(owned.requant.shift);
  step.params.set(owned.params());
  const bool has_bias = ctx.has_in(3);
  step.shapes = {c_shape(in), c_shape(f), has_bias ? c_shape(ctx.in(3).shape) : octet_shape{},
                 c_shape(out)};
  step.tensors = {ctx.in_id(2), ctx.in_id(1), has_bias ? ctx.in_id(3) : kNoValue, ctx.out_id(0)};
  return Status::Ok();
}

bool tconv_bias_is_int32(const PrepareContext& ctx, const Step&) {
  return ctx.has_in(3) && ctx.in(3).dtype == DType::kInt32;
}
bool tconv_bias_is_not_int32(const PrepareContext& ctx, const Step& step) {
  return !tconv_bias_is_int32(ctx, step);
}

// The integer reference kernels accumulate in the scratch: one Acc per output element.
template <typename Acc>
Status bind_transpose_conv_accumulators(PrepareContext& ctx, Step&) {
  ctx.request_scratch(ctx.out(0).shape.elements() * static_cast<int64_t>(sizeof(Acc)));
  return Status::Ok();
}

// The x86 route: phase convolutions on the GEMM (x86/transpose_conv.h).
x86::TransposeConvGeometry tconv_x86_geometry(const PrepareContext& ctx, const Step& step) {
  const auto& p = step.params.get<octet_conv_params>();
  const Shape& in = ctx.in(2).shape;
  const Shape& f = ctx.in(1).shape;
  const Shape& out = ctx.out(0).shape;
  x86::TransposeConvGeometry g;
  g.batches = in[0], g.in_h = in[1], g.in_w = in[2], g.in_c = in[3];
  g.out_h = out[1], g.out_w = out[2], g.out_c = out[3];
  g.filter_h = f[1], g.filter_w = f[2];
  g.stride_h = p.stride_h, g.stride_w = p.stride_w;
  g.pad_top = p.pad_top, g.pad_left = p.pad_left;
  return g;
}

bool tconv_x86_applies(const PrepareContext& ctx, const Step& step) {
  return ctx.in_value(1).is_constant() && (!ctx.has_in(3) || ctx.in_value(3).is_constant()) &&
         x86::TransposeConvGemm::applies(tconv_x86_geometry(ctx, step));
}

template <K level>
Status bind_transpose_conv_x86(PrepareContext& ctx, Step& step) {
  const int32_t* bias = ctx.has_in(3) ? ctx.in_value(3).as<int32_t>().data() : nullptr;
  auto tconv = std::make_shared<x86::TransposeConvGemm>(
      tconv_x86_geometry(ctx, step), ctx.in_value(1).as<int8_t>().data(), bias,
      conv_quant(DType::kInt8, step.params.get<octet_conv_params>()), gemm_kernel_for(level));
  ctx.request_scratch(static_cast<int64_t>(tconv->min_scratch_bytes()),
                      static_cast<int64_t>(tconv->scratch_bytes()));
  step.packed_bytes = tconv->packed_bytes();
  step.name =
      kernel_label("transpose_conv", DType::kInt8, fmt::format("phase_gemm_{}", tconv->isa_name()));
  step.params.adopt(std::move(tconv));
  return Status::Ok();
}

Status run_transpose_conv_x86(const Step& step, const StepIo& io) {
  step.params.get<x86::TransposeConvGemm>().run(io.ptr<const int8_t>(step.tensors.front()),
                                                io.ptr<int8_t>(step.tensors.back()), io.scratch,
                                                static_cast<size_t>(io.scratch_bytes));
  return Status::Ok();
}

constexpr KernelDef kTConvVnni =
    native_kernel("transpose_conv_phase_gemm_avx512vnni", K::kAvx512Vnni, run_transpose_conv_x86);
constexpr KernelDef kTConvAvx2 =
    native_kernel("transpose_conv_phase_gemm_avx2", K::kAvx2, run_transpose_conv_x86);
constexpr KernelDef kTConvF32 = OCTET_C_KERNEL("transpose_conv_f32_reference", K::kReference,
                                               octet_ref_transpose_conv_f32, kConvArgs);
constexpr KernelDef kTConvS8 = OCTET_C_KERNEL("transpose_conv_s8_reference", K::kReference,
                                              octet_ref_transpose_conv_s8, kConvScratchArgs);
constexpr KernelDef kTConvS16 = OCTET_C_KERNEL("transpose_conv_s16_reference", K::kReference,
                                               octet_ref_transpose_conv_s16, kConvScratchArgs);
constexpr KernelDef kTConvS16B32 =
    OCTET_C_KERNEL("transpose_conv_s16_reference", K::kReference, octet_ref_transpose_conv_s16_b32,
                   kConvScratchArgs);

constexpr KernelRow kRows[] = {
    {O::kConv2D, &kConv2DGemmVnni, s8, s8, conv_gemm_applies, bind_conv2d_gemm<K::kAvx512Vnni>},
    {O::kConv2D, &kConv2DGemmVnni, u8, u8, conv_gemm_applies, bind_conv2d_gemm<K::kAvx512Vnni>},
    {O::kConv2D, &kConv2DGemmAvx2, s8, s8, conv_gemm_applies, bind_conv2d_gemm<K::kAvx2>},
    {O::kConv2D, &kConv2DGemmAvx2, u8, u8, conv_gemm_applies, bind_conv2d_gemm<K::kAvx2>},
    {O::kConv2D, &kConv2DS8Dsp, s8, s8, nullptr, bind_conv2d_dsp},
    {O::kConv2D, &kConv2DF32, f32, f32},
    {O::kConv2D, &kConv2DS8, s8, s8},
    {O::kConv2D, &kConv2DU8, u8, u8},
    {O::kConv2D, &kConv2DS16B32, s16, s16, bias_is_int32},
    {O::kConv2D, &kConv2DS16, s16, s16, bias_is_not_int32},
    {O::kDepthwiseConv2D, &kDepthwiseVnni, s8, s8, depthwise_x86_applies,
     bind_depthwise_x86<K::kAvx512Vnni>},
    {O::kDepthwiseConv2D, &kDepthwiseVnni, u8, u8, depthwise_x86_applies,
     bind_depthwise_x86<K::kAvx512Vnni>},
    {O::kDepthwiseConv2D, &kDepthwiseAvx2, s8, s8, depthwise_x86_applies,
     bind_depthwise_x86<K::kAvx2>},
    {O::kDepthwiseConv2D, &kDepthwiseAvx2, u8, u8, depthwise_x86_applies,
     bind_depthwise_x86<K::kAvx2>},
    {O::kDepthwiseConv2D, &kDepthwiseS8Dsp, s8, s8},
    {O::kDepthwiseConv2D, &kDepthwiseF32, f32, f32},
    {O::kDepthwiseConv2D, &kDepthwiseS8, s8, s8},
    {O::kDepthwiseConv2D, &kDepthwiseU8, u8, u8},
    {O::kDepthwiseConv2D, &kDepthwiseS16B32, s16, s16, bias_is_int32},
    {O::kDepthwiseConv2D, &kDepthwiseS16, s16, s16, bias_is_not_int32},
    // Input 0 is TRANSPOSE_CONV's output_shape (int32): the rows go by the output's dtype.
    {O::kTransposeConv,
     &kTConvVnni,
     {},
     s8,
     tconv_x86_applies,
     bind_transpose_conv_x86<K::kAvx512Vnni>},
    {O::kTransposeConv, &kTConvAvx2, {}, s8, tconv_x86_applies, bind_transpose_conv_x86<K::kAvx2>},
    {O::kTransposeConv, &kTConvF32, {}, f32},
    {O::kTransposeConv, &kTConvS8, {}, s8, nullptr, bind_transpose_conv_accumulators<int32_t>},
    {O::kTransposeConv,
     &kTConvS16B32,
     {},
     s16,
     tconv_bias_is_int32,
     bind_transpose_conv_accumulators<int64_t>},
    {O::kTransposeConv,
     &kTConvS16,
     {},
     s16,
     tconv_bias_is_not_int32,
     bind_transpose_conv_accumulators<int64_t>},
};

constexpr OpPrepareRow kPrepares[] = {
    {O::kConv2D, prepare_conv2d_step},
    {O::kDepthwiseConv2D, prepare_depthwise_conv2d_step},
    {O::kTransposeConv, prepare_transpose_conv_step},
};

}  // namespace

const OpFamily kConvFamily{kRows, kPrepares};

}  // namespace octet
