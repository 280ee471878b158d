// conv.cc - CONV_2D and DEPTHWISE_CONV_2D: prepare computes padding, per-channel multipliers and
// the activation clamp once (kernels/prepare), then binds the fastest implementation the ISA level
// allows; the reference kernels are the truth every optimized one is tested against.
//
// Implementations, first match wins (predicate: ISA level, dtype, shape):
//   CONV_2D
//     conv2d_{s8,u8}_{1x1,im2col}_gemm_avx512vnni  avx512vnni; int8/uint8; constant filter and bias
//                                                 (one output row: the AVX2 GEMV, named _avx2)
//     conv2d_{s8,u8}_1x1_q4_gemm_avx2              avx2; same, pointwise, weights whose pairs
//                                                 rarely could saturate vpmaddubsw (x86/qgemm.h)
//     conv2d_{s8,u8}_winograd_gemm_avx2            avx2; same, 3x3 stride 1 undilated, >= 16 input
//                                                 channels, 4 * |acc| within int32: exact
//                                                 Winograd F(2x2, 3x3) (x86/winograd.h)
//     conv2d_{s8,u8}_{1x1,direct,im2col}_gemm_avx2 avx2; same (direct: KxK read from a cache of
//                                                 widened input rows when there is no horizontal
//                                                 dilation)
//     conv2d_<type>_reference                      everything
//   DEPTHWISE_CONV_2D
//     depthwise_conv2d_{s8,u8}_{3x3,5x5,kxk}_avx2  avx2 (also under avx512vnni); int8/uint8;
//                                                 depth multiplier 1; constant filter and bias
//     depthwise_conv2d_<type>_reference            everything
#include <cstring>
#include <memory>

#include "kernels/prepare/conv.h"
#include "kernels/prepare/depthwise_conv.h"
#include "kernels/x86/depthwise_conv2d.h"
#include "runtime/ops/gemm_op.h"
#include "runtime/ops/op_util.h"
#include "runtime/ops/ops.h"

namespace octet {

namespace {

WeightedSumQuant weighted_quant(const PrepareContext& ctx, std::vector<float>& scales_storage) {
  WeightedSumQuant q;
  const TensorType& w = ctx.in(1);
  q.input = tensor_quant(ctx.in(0));
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

// CONV_2D on the x86 GEMM (1x1 directly, KxK through im2col), or null when it does not apply.
std::unique_ptr<PreparedOp> bind_conv2d_gemm(PrepareContext& ctx, const Conv2DPlan& plan) {
  const DType t = ctx.in(0).dtype;
  const auto kernel = gemm_kernel_for(ctx.isa);
  if (!kernel || (t != DType::kInt8 && t != DType::kUInt8) || !constant_weights(ctx)) {
    return nullptr;
  }
  const Shape& in = ctx.in(0).shape;
  const Shape& f = ctx.in(1).shape;
  const Shape& out = ctx.out(0).shape;
  if (f[3] != in[3]) return nullptr;  // grouped convolution: the reference decides
  x86::ConvGeometry g;
  g.batches = in[0], g.in_h = in[1], g.in_w = in[2], g.in_c = in[3];
  g.out_h = out[1], g.out_w = out[2], g.out_c = out[3];
  g.filter_h = f[1], g.filter_w = f[2];
  g.stride_h = plan.options.stride_height, g.stride_w = plan.options.stride_width;
  g.dilation_h = plan.options.dilation_height, g.dilation_w = plan.options.dilation_width;
  g.pad_top = plan.padding.pad_top, g.pad_left = plan.padding.pad_left;
  const x86::ConvQuant q = conv_quant(t, plan.requant);
  auto conv = std::make_shared<const x86::Conv2DGemm>(g, ctx.in_value(1).data->data(),
                                                      const_bias(ctx), q, *kernel);
  const std::string variant = fmt::format("{}_gemm_{}",
                                          conv->q4()          ? "1x1_q4"
                                          : conv->pointwise() ? "1x1"
                                          : conv->winograd()  ? "winograd"
                                          : conv->direct()    ? "direct"
                                                              : "im2col",
                                          conv->isa_name());
  return bind_conv_gemm(ctx, kernel_label("conv2d", t, variant), std::move(conv), ctx.in_id(0),
                        ctx.out_id(0));
}

// DEPTHWISE_CONV_2D with channels vectorized, or null when it does not apply.
std::unique_ptr<PreparedOp> bind_depthwise_x86(PrepareContext& ctx,
                                               const DepthwiseConv2DPlan& plan) {
  const DType t = ctx.in(0).dtype;
  if (ctx.isa < Isa::kAvx2 || (t != DType::kInt8 && t != DType::kUInt8) || !constant_weights(ctx) ||
      plan.options.depth_multiplier != 1) {
    return nullptr;
  }
  const Shape& in = ctx.in(0).shape;
  const Shape& f = ctx.in(1).shape;
  const Shape& out = ctx.out(0).shape;
  if (f[3] != in[3] || out[3] != in[3] || f[1] > x86::kDepthwiseMaxFilterRows ||
      f[1] * f[2] > x86::kDepthwiseMaxTaps) {
    return nullptr;
  }
  x86::DepthwiseGeometry g;
  g.batches = in[0], g.in_h = in[1], g.in_w = in[2], g.channels = in[3];
  g.out_h = out[1], g.out_w = out[2];
  g.filter_h = f[1], g.filter_w = f[2];
  g.stride_h = plan.options.stride_height, g.stride_w = plan.options.stride_width;
  g.dilation_h = plan.options.dilation_height, g.dilation_w = plan.options.dilation_width;
  g.pad_top = plan.padding.pad_top, g.pad_left = plan.padding.pad_left;
  const x86::ConvQuant q = conv_quant(t, plan.requant);
  auto dw = std::make_shared<const x86::DepthwiseConv2D>(
      g, ctx.in_value(1).data->data(), const_bias(ctx), q, x86::DepthwiseKernel::kAvx2);
  const std::string filter = g.filter_h == g.filter_w && (g.filter_h == 3 || g.filter_h == 5)
                                 ? fmt::format("{}x{}", g.filter_h, g.filter_w)
                                 : std::string("kxk");
  const int32_t rows = dw->rows();
  const int tasks = split_tasks(dw->macs(), ctx.threads, rows, ctx.min_macs_per_task);
  const size_t slot = (dw->scratch_bytes() + 63) / 64 * 64;
  ctx.request_scratch(static_cast<int64_t>(slot * tasks));
  const ValueId x = ctx.in_id(0), y = ctx.out_id(0);
  return make_op(
      kernel_label("depthwise_conv2d", t, filter + "_avx2"),
      [=](const RunContext& c) {
        const uint8_t* in_data = c.ptr<const uint8_t>(x);
        uint8_t* out_data = c.ptr<uint8_t>(y);
        if (tasks == 1) {
          dw->run(in_data, out_data, 0, rows, c.scratch);
        } else {
          // One pointer captured: std::function keeps it inline, so run() allocates nothing.
          struct Job {
            const x86::DepthwiseConv2D* dw;
            const uint8_t* in;
            uint8_t* out;
            uint8_t* scratch;
            size_t slot;
            int32_t rows, tasks;
          } job{dw.get(), in_data, out_data, c.scratch, slot, rows, tasks};
          const Job* j = &job;
          run_tasks(c.pool, tasks, [j](int task) {
            j->dw->run(j->in, j->out, j->rows * task / j->tasks, j->rows * (task + 1) / j->tasks,
                       j->scratch + j->slot * static_cast<size_t>(task));
          });
        }
        return Status::Ok();
      },
      dw->packed_bytes());
}

// 16x8 models may carry int32 biases; the s16 kernels take int64.
std::shared_ptr<std::vector<int64_t>> widen_bias(const PrepareContext& ctx) {
  if (!ctx.has_in(2) || ctx.in(2).dtype != DType::kInt32) return nullptr;
  const auto b = ctx.in_value(2).as<int32_t>();
  return std::make_shared<std::vector<int64_t>>(b.begin(), b.end());
}

}  // namespace

Result<std::unique_ptr<PreparedOp>> prepare_conv2d_op(PrepareContext& ctx) {
  const Attrs& a = ctx.node.attrs;
  const DType t = ctx.in(0).dtype;
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
      Conv2DPlan plan_value,
      named(ctx, prepare_conv2d(t, options, geometry, weighted_quant(ctx, scales))));
  if (auto op = bind_conv2d_gemm(ctx, plan_value)) return op;
  auto plan = std::make_shared<Conv2DPlan>(std::move(plan_value));
  const octet_shape is = c_shape(in), fs = c_shape(f), os = c_shape(ctx.out(0).shape);
  const ValueId x = ctx.in_id(0), w = ctx.in_id(1), b = ctx.in_id(2), y = ctx.out_id(0);
  switch (t) {
    case DType::kFloat32:
      return make_op(kernel_label("conv2d", t), [=](const RunContext& c) {
        const octet_conv_params p = plan->params();
        octet_ref_conv2d_f32(&p, &is, c.ptr<float>(x), &fs, c.ptr<float>(w),
                             b == kNoValue ? nullptr : c.ptr<float>(b), &os, c.ptr<float>(y));
        return Status::Ok();
      });
    case DType::kInt8:
      return make_op(kernel_label("conv2d", t), [=](const RunContext& c) {
        const octet_conv_params p = plan->params();
        octet_ref_conv2d_s8(&p, &is, c.ptr<int8_t>(x), &fs, c.ptr<int8_t>(w),
                            b == kNoValue ? nullptr : c.ptr<int32_t>(b), &os, c.ptr<int8_t>(y));
        return Status::Ok();
      });
    case DType::kUInt8:
      return make_op(kernel_label("conv2d", t), [=](const RunContext& c) {
        const octet_conv_params p = plan->params();
        octet_ref_conv2d_u8(&p, &is, c.ptr<uint8_t>(x), &fs, c.ptr<uint8_t>(w),
                            b == kNoValue ? nullptr : c.ptr<int32_t>(b), &os, c.ptr<uint8_t>(y));
        return Status::Ok();
      });
    case DType::kInt16: {
      auto wide = widen_bias(ctx);
      return make_op(kernel_label("conv2d", t), [=](const RunContext& c) {
        const octet_conv_params p = plan->params();
        const int64_t* bias = wide ? wide->data() : (b == kNoValue ? nullptr : c.ptr<int64_t>(b));
        octet_ref_conv2d_s16(&p, &is, c.ptr<int16_t>(x), &fs, c.ptr<int8_t>(w), bias, &os,
                             c.ptr<int16_t>(y));
        return Status::Ok();
      });
    }
    default:
      return ctx.fail("no kernel for {} inputs", dtype_name(t));
  }
}

Result<std::unique_ptr<PreparedOp>> prepare_depthwise_conv2d_op(PrepareContext& ctx) {
  const Attrs& a = ctx.node.attrs;
  const DType t = ctx.in(0).dtype;
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
  OCTET_ASSIGN_OR_RETURN(
      DepthwiseConv2DPlan plan_value,
      named(ctx, prepare_depthwise_conv2d(t, options, geometry, weighted_quant(ctx, scales))));
  if (auto op = bind_depthwise_x86(ctx, plan_value)) return op;
  auto plan = std::make_shared<DepthwiseConv2DPlan>(std::move(plan_value));
  const octet_shape is = c_shape(in), fs = c_shape(f), os = c_shape(ctx.out(0).shape);
  const ValueId x = ctx.in_id(0), w = ctx.in_id(1), b = ctx.in_id(2), y = ctx.out_id(0);
  switch (t) {
    case DType::kFloat32:
      return make_op(kernel_label("depthwise_conv2d", t), [=](const RunContext& c) {
        const octet_depthwise_conv_params p = plan->params();
        octet_ref_depthwise_conv2d_f32(&p, &is, c.ptr<float>(x), &fs, c.ptr<float>(w),
                                       b == kNoValue ? nullptr : c.ptr<float>(b), &os,
                                       c.ptr<float>(y));
        return Status::Ok();
      });
    case DType::kInt8:
      return make_op(kernel_label("depthwise_conv2d", t), [=](const RunContext& c) {
        const octet_depthwise_conv_params p = plan->params();
        octet_ref_depthwise_conv2d_s8(&p, &is, c.ptr<int8_t>(x), &fs, c.ptr<int8_t>(w),
                                      b == kNoValue ? nullptr : c.ptr<int32_t>(b), &os,
                                      c.ptr<int8_t>(y));
        return Status::Ok();
      });
    case DType::kUInt8:
      return make_op(kernel_label("depthwise_conv2d", t), [=](const RunContext& c) {
        const octet_depthwise_conv_params p = plan->params();
        octet_ref_depthwise_conv2d_u8(&p, &is, c.ptr<uint8_t>(x), &fs, c.ptr<uint8_t>(w),
                                      b == kNoValue ? nullptr : c.ptr<int32_t>(b), &os,
                                      c.ptr<uint8_t>(y));
        return Status::Ok();
      });
    case DType::kInt16: {
      auto wide = widen_bias(ctx);
      return make_op(kernel_label("depthwise_conv2d", t), [=](const RunContext& c) {
        const octet_depthwise_conv_params p = plan->params();
        const int64_t* bias = wide ? wide->data() : (b == kNoValue ? nullptr : c.ptr<int64_t>(b));
        octet_ref_depthwise_conv2d_s16(&p, &is, c.ptr<int16_t>(x), &fs, c.ptr<int8_t>(w), bias, &os,
                                       c.ptr<int16_t>(y));
        return Status::Ok();
      });
    }
    default:
      return ctx.fail("no kernel for {} inputs", dtype_name(t));
  }
}

}  // namespace octet
