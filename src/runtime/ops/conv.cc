// conv.cc - CONV_2D and DEPTHWISE_CONV_2D: prepare computes padding, per-channel multipliers and
// the activation clamp once (kernels/prepare), then binds the fastest implementation the ISA level
// allows; the reference kernels are the truth every optimized one is tested against.
#include <cstring>
#include <memory>

#include "kernels/prepare/conv.h"
#include "kernels/prepare/depthwise_conv.h"
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
