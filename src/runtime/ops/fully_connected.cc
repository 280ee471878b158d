// fully_connected.cc - FULLY_CONNECTED: per-channel (or per-tensor) requantization computed once;
// the input is read as [batches, in] rows as TFLite flattens it.
//
// Kernels, first match wins:
//   fully_connected_{s8,u8}_gemm_avx512vnni  avx512vnni; int8/uint8; constant weights and bias
//                                            (one row: the AVX2 GEMV, named _avx2)
//   fully_connected_{s8,u8}_gemm[_q4]_avx2   avx2; same (the GEMM as a 1x1 convolution over rows:
//                                            one row is a batch-1 GEMV; q4 as for CONV_2D)
//   fully_connected_s8_dsp                   Cortex-M DSP (codegen --kernels dsp); int8
//   fully_connected_<type>_reference         everything
#include <memory>

#include "kernels/cortex_m/octet_dsp.h"
#include "kernels/prepare/fully_connected.h"
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

Status prepare_fully_connected_step(PrepareContext& ctx, Step& step) {
  const DType t = ctx.in(0).dtype;
  const TensorType& w = ctx.in(1);
  WeightedSumQuant q;
  std::vector<float> scales = w.quant ? w.quant->scales : std::vector<float>{1.0f};
  q.input = tensor_quant(ctx.in(0));
  q.output = tensor_quant(ctx.out(0));
  q.weight_scales = scales;
  q.weight_zero_point = w.quant ? static_cast<int32_t>(w.quant->zero_point()) : 0;
  OCTET_ASSIGN_OR_RETURN(
      FullyConnectedPlan plan,
      named(ctx, prepare_fully_connected(t, ctx.node.attrs.activation, w.shape[0], q)));
  const FullyConnectedPlan& owned = step.params.own(std::move(plan));
  step.params.note_array(owned.requant.multiplier);
  step.params.note_array(owned.requant.shift);
  step.params.set(owned.params());
  default_io(ctx, step);
  if (ctx.node.inputs.size() < 3) {  // no bias input: the kernels' bias argument is NULL
    step.tensors.insert(step.tensors.begin() + 2, kNoValue);
    step.shapes.insert(step.shapes.begin() + 2, octet_shape{});
  }
  return Status::Ok();
}

bool gemm_applies(const PrepareContext& ctx, const Step&) {
  if (!constant_weights(ctx)) return false;
  const Shape& w = ctx.in(1).shape;
  const int32_t out_c = w[0], depth = w[w.rank() - 1];
  const int64_t outputs = ctx.out(0).shape.elements();
  return w.rank() == 2 && out_c > 0 && outputs % out_c == 0 &&
         ctx.in(0).shape.elements() == outputs / out_c * depth;
}

template <K level>
Status bind_fully_connected_gemm(PrepareContext& ctx, Step& step) {
  const DType t = ctx.in(0).dtype;
  const Shape& w = ctx.in(1).shape;
  const int32_t out_c = w[0], depth = w[w.rank() - 1];
  const int64_t outputs = ctx.out(0).shape.elements();
  x86::ConvGeometry g;  // [batches, depth] rows as a 1x1 convolution over a batches x 1 image
  g.in_h = g.out_h = static_cast<int32_t>(outputs / out_c);
  g.in_c = depth;
  g.out_c = out_c;
  auto conv = std::make_shared<const x86::Conv2DGemm>(
      g, ctx.in_value(1).data->data(), const_bias(ctx),
      conv_quant(t, step.params.get<octet_fully_connected_params>()), gemm_kernel_for(level));
  std::string name =
      kernel_label("fully_connected", t,
                   fmt::format("{}_{}", conv->q4() ? "gemm_q4" : "gemm", conv->isa_name()));
  bind_gemm_step(ctx, step, std::move(name), std::move(conv));
  return Status::Ok();
}

bool bias_is_int32(const PrepareContext& ctx, const Step&) {
  return ctx.has_in(2) && ctx.in(2).dtype == DType::kInt32;
}
bool bias_is_not_int32(const PrepareContext& ctx, const Step& step) {
  return !bias_is_int32(ctx, step);
}

constexpr Arg kFcArgs[] = {P, T(0), S(1), T(1), T(2), S(3), T(3)};

constexpr KernelDef kGemmVnni =
    native_kernel("fully_connected_gemm_avx512vnni", K::kAvx512Vnni, run_gemm_step);
constexpr KernelDef kGemmAvx2 = native_kernel("fully_connected_gemm_avx2", K::kAvx2, run_gemm_step);
constexpr KernelDef kFcS8Dsp =
    OCTET_C_KERNEL("fully_connected_s8_dsp", K::kCortexMDsp, octet_dsp_fully_connected_s8, kFcArgs);
constexpr KernelDef kFcF32 = OCTET_C_KERNEL("fully_connected_f32_reference", K::kReference,
                                            octet_ref_fully_connected_f32, kFcArgs);
constexpr KernelDef kFcS8 = OCTET_C_KERNEL("fully_connected_s8_reference", K::kReference,
                                           octet_ref_fully_connected_s8, kFcArgs);
constexpr KernelDef kFcU8 = OCTET_C_KERNEL("fully_connected_u8_reference", K::kReference,
                                           octet_ref_fully_connected_u8, kFcArgs);
constexpr KernelDef kFcS16 = OCTET_C_KERNEL("fully_connected_s16_reference", K::kReference,
                                            octet_ref_fully_connected_s16, kFcArgs);
constexpr KernelDef kFcS16B32 = OCTET_C_KERNEL("fully_connected_s16_reference", K::kReference,
                                               octet_ref_fully_connected_s16_b32, kFcArgs);

constexpr KernelRow kRows[] = {
    {O::kFullyConnected, &kGemmVnni, s8, s8, gemm_applies,
     bind_fully_connected_gemm<K::kAvx512Vnni>},
    {O::kFullyConnected, &kGemmVnni, u8, u8, gemm_applies,
     bind_fully_connected_gemm<K::kAvx512Vnni>},
    {O::kFullyConnected, &kGemmAvx2, s8, s8, gemm_applies, bind_fully_connected_gemm<K::kAvx2>},
    {O::kFullyConnected, &kGemmAvx2, u8, u8, gemm_applies, bind_fully_connected_gemm<K::kAvx2>},
    {O::kFullyConnected, &kFcS8Dsp, s8, s8},
    {O::kFullyConnected, &kFcF32, f32, f32},
    {O::kFullyConnected, &kFcS8, s8, s8},
    {O::kFullyConnected, &kFcU8, u8, u8},
    {O::kFullyConnected, &kFcS16B32, s16, s16, bias_is_int32},
    {O::kFullyConnected, &kFcS16, s16, s16, bias_is_not_int32},
};

constexpr OpPrepareRow kPrepares[] = {{O::kFullyConnected, prepare_fully_connected_step}};

}  // namespace

const OpFamily kFullyConnectedFamily{kRows, kPrepares};

}  // namespace octet
