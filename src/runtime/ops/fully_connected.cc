// fully_connected.cc - FULLY_CONNECTED: per-channel (or per-tensor) requantization computed once;
// the input is read as [batches, in] rows as TFLite flattens it.
//
// Implementations, first match wins:
//   fully_connected_{s8,u8}_gemm_avx512vnni  avx512vnni; int8/uint8; constant weights and bias
//                                            (one row: the AVX2 GEMV, named _avx2)
//   fully_connected_{s8,u8}_gemm[_q4]_avx2   avx2; same (the GEMM as a 1x1 convolution over rows:
//                                            one row is a batch-1 GEMV; q4 as for CONV_2D)
//   fully_connected_<type>_reference         everything
#include <memory>

#include "kernels/prepare/fully_connected.h"
#include "runtime/ops/gemm_op.h"
#include "runtime/ops/op_util.h"
#include "runtime/ops/ops.h"

namespace octet {

namespace {

std::unique_ptr<PreparedOp> bind_fully_connected_gemm(PrepareContext& ctx,
                                                      const FullyConnectedPlan& plan) {
  const DType t = ctx.in(0).dtype;
  const auto kernel = gemm_kernel_for(ctx.isa);
  if (!kernel || (t != DType::kInt8 && t != DType::kUInt8) || !constant_weights(ctx)) {
    return nullptr;
  }
  const Shape& w = ctx.in(1).shape;
  const int32_t out_c = w[0], depth = w[w.rank() - 1];
  const int64_t outputs = ctx.out(0).shape.elements();
  if (w.rank() != 2 || out_c <= 0 || outputs % out_c != 0 ||
      ctx.in(0).shape.elements() != outputs / out_c * depth) {
    return nullptr;
  }
  x86::ConvGeometry g;  // [batches, depth] rows as a 1x1 convolution over a batches x 1 image
  g.in_h = g.out_h = static_cast<int32_t>(outputs / out_c);
  g.in_c = depth;
  g.out_c = out_c;
  const x86::ConvQuant q = conv_quant(t, plan.requant);
  auto conv = std::make_shared<const x86::Conv2DGemm>(g, ctx.in_value(1).data->data(),
                                                      const_bias(ctx), q, *kernel);
  std::string name =
      kernel_label("fully_connected", t,
                   fmt::format("{}_{}", conv->q4() ? "gemm_q4" : "gemm", conv->isa_name()));
  return bind_conv_gemm(ctx, std::move(name), std::move(conv), ctx.in_id(0), ctx.out_id(0));
}

}  // namespace

Result<std::unique_ptr<PreparedOp>> prepare_fully_connected_op(PrepareContext& ctx) {
  const DType t = ctx.in(0).dtype;
  const TensorType& w = ctx.in(1);
  WeightedSumQuant q;
  std::vector<float> scales = w.quant ? w.quant->scales : std::vector<float>{1.0f};
  q.input = tensor_quant(ctx.in(0));
  q.output = tensor_quant(ctx.out(0));
  q.weight_scales = scales;
  q.weight_zero_point = w.quant ? static_cast<int32_t>(w.quant->zero_point()) : 0;
  OCTET_ASSIGN_OR_RETURN(
      FullyConnectedPlan plan_value,
      named(ctx, prepare_fully_connected(t, ctx.node.attrs.activation, w.shape[0], q)));
  if (auto op = bind_fully_connected_gemm(ctx, plan_value)) return op;
  auto plan = std::make_shared<FullyConnectedPlan>(std::move(plan_value));
  const octet_shape fs = c_shape(w.shape), os = c_shape(ctx.out(0).shape);
  const ValueId x = ctx.in_id(0), wi = ctx.in_id(1), b = ctx.in_id(2), y = ctx.out_id(0);
  switch (t) {
    case DType::kFloat32:
      return make_op(kernel_label("fully_connected", t), [=](const RunContext& c) {
        const octet_fully_connected_params p = plan->params();
        octet_ref_fully_connected_f32(&p, c.ptr<float>(x), &fs, c.ptr<float>(wi),
                                      b == kNoValue ? nullptr : c.ptr<float>(b), &os,
                                      c.ptr<float>(y));
        return Status::Ok();
      });
    case DType::kInt8:
      return make_op(kernel_label("fully_connected", t), [=](const RunContext& c) {
        const octet_fully_connected_params p = plan->params();
        octet_ref_fully_connected_s8(&p, c.ptr<int8_t>(x), &fs, c.ptr<int8_t>(wi),
                                     b == kNoValue ? nullptr : c.ptr<int32_t>(b), &os,
                                     c.ptr<int8_t>(y));
        return Status::Ok();
      });
    case DType::kUInt8:
      return make_op(kernel_label("fully_connected", t), [=](const RunContext& c) {
        const octet_fully_connected_params p = plan->params();
        octet_ref_fully_connected_u8(&p, c.ptr<uint8_t>(x), &fs, c.ptr<uint8_t>(wi),
                                     b == kNoValue ? nullptr : c.ptr<int32_t>(b), &os,
                                     c.ptr<uint8_t>(y));
        return Status::Ok();
      });
    case DType::kInt16: {
      std::shared_ptr<std::vector<int64_t>> wide;
      if (ctx.has_in(2) && ctx.in(2).dtype == DType::kInt32) {
        const auto bias = ctx.in_value(2).as<int32_t>();
        wide = std::make_shared<std::vector<int64_t>>(bias.begin(), bias.end());
      }
      return make_op(kernel_label("fully_connected", t), [=](const RunContext& c) {
        const octet_fully_connected_params p = plan->params();
        const int64_t* bias = wide ? wide->data() : (b == kNoValue ? nullptr : c.ptr<int64_t>(b));
        octet_ref_fully_connected_s16(&p, c.ptr<int16_t>(x), &fs, c.ptr<int8_t>(wi), bias, &os,
                                      c.ptr<int16_t>(y));
        return Status::Ok();
      });
    }
    default:
      return ctx.fail("no kernel for {} inputs", dtype_name(t));
  }
}

}  // namespace octet
