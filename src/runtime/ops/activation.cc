// activation.cc - SOFTMAX, LOG_SOFTMAX, L2_NORMALIZATION, LOGISTIC, TANH, HARD_SWISH, ELU, RELU,
// RELU6, RELU_N1_TO_1, LEAKY_RELU.
// Prepare computes each op's params once (kernels/prepare); the kernel rows below, fastest
// first, say which kernel runs for which dtypes.
#include <memory>

#include "kernels/prepare/activation.h"
#include "kernels/prepare/relu.h"
#include "kernels/prepare/softmax.h"
#include "kernels/x86/softmax.h"
#include "runtime/kernel_table.h"
#include "runtime/ops/op_util.h"
#include "runtime/ops/ops.h"

namespace octet {

namespace {

using namespace args;
using K = KernelLevel;
constexpr DType f32 = DType::kFloat32, s8 = DType::kInt8, u8 = DType::kUInt8, s16 = DType::kInt16;

// LOGISTIC, TANH, HARD_SWISH, the RELUs and LEAKY_RELU map element i of the input to element i of
// an output of the same shape and element size, reading it before writing it (reference loops;
// no vectorized kernel with look-ahead): they may run in place over input 0.
constexpr uint32_t kInPlace = 1u;

// ---- SOFTMAX ------------------------------------------------------------------------------------

Status prepare_softmax_step(PrepareContext& ctx, Step& step) {
  // The kernels normalize over the last dimension (TFLite requires NumDimensions >= 1).
  if (ctx.in(0).shape.rank() < 1) return ctx.fail("input has rank 0; SOFTMAX needs a dimension");
  OCTET_ASSIGN_OR_RETURN(
      SoftmaxPlan plan,
      named(ctx, prepare_softmax(ctx.in(0).dtype, ctx.out(0).dtype, ctx.node.attrs.beta,
                                 tensor_quant(ctx.in(0)), tensor_quant(ctx.out(0)))));
  const SoftmaxPlan& owned = step.params.own(std::move(plan));
  step.params.note_array(owned.exp_lut);
  step.params.note_array(owned.one_over_one_plus_x_lut);
  step.params.set(owned.params());
  default_io(ctx, step);
  return Status::Ok();
}

// The AVX2 8-bit softmax reads the reference's exp terms from a table computed at prepare.
struct SoftmaxAvx2 {
  octet_softmax_params p;
  x86::SoftmaxExpTable table;
};

Status bind_softmax_avx2(PrepareContext&, Step& step) {
  auto k = std::make_shared<SoftmaxAvx2>();
  k->p = step.params.get<octet_softmax_params>();
  k->table = x86::softmax_exp_table(&k->p);
  step.params.adopt(std::move(k));
  return Status::Ok();
}

template <typename In, typename Out,
          void (*F)(const x86::SoftmaxExpTable*, const octet_softmax_params*, const octet_shape*,
                    const In*, Out*)>
Status run_softmax_avx2(const Step& s, const StepIo& io) {
  const auto& k = s.params.get<SoftmaxAvx2>();
  F(&k.table, &k.p, &s.shapes[0], io.ptr<const In>(s.tensors[0]), io.ptr<Out>(s.tensors[1]));
  return Status::Ok();
}

constexpr Arg kShapeInOut[] = {P, S(0), T(0), T(1)};
constexpr Arg kShapeInOutNoParams[] = {S(0), T(0), T(1)};
constexpr Arg kCountInOut[] = {P, N(0), T(0), T(1)};
constexpr Arg kCountInOutNoParams[] = {N(0), T(0), T(1)};

constexpr KernelDef kSoftmaxS8Avx2 = native_kernel(
    "softmax_s8_avx2", K::kAvx2, run_softmax_avx2<int8_t, int8_t, x86::softmax_s8_avx2>);
constexpr KernelDef kSoftmaxS8S16Avx2 = native_kernel(
    "softmax_s8_avx2", K::kAvx2, run_softmax_avx2<int8_t, int16_t, x86::softmax_s8_s16_avx2>);
constexpr KernelDef kSoftmaxU8Avx2 = native_kernel(
    "softmax_u8_avx2", K::kAvx2, run_softmax_avx2<uint8_t, uint8_t, x86::softmax_u8_avx2>);
constexpr KernelDef kSoftmaxF32 =
    OCTET_C_KERNEL("softmax_f32_reference", K::kReference, octet_ref_softmax_f32, kShapeInOut);
constexpr KernelDef kSoftmaxS8 =
    OCTET_C_KERNEL("softmax_s8_reference", K::kReference, octet_ref_softmax_s8, kShapeInOut);
constexpr KernelDef kSoftmaxS8S16 =
    OCTET_C_KERNEL("softmax_s8_reference", K::kReference, octet_ref_softmax_s8_s16, kShapeInOut);
constexpr KernelDef kSoftmaxU8 =
    OCTET_C_KERNEL("softmax_u8_reference", K::kReference, octet_ref_softmax_u8, kShapeInOut);
constexpr KernelDef kSoftmaxS16 =
    OCTET_C_KERNEL("softmax_s16_reference", K::kReference, octet_ref_softmax_s16, kShapeInOut);

// ---- LOG_SOFTMAX, L2_NORMALIZATION (over the last dimension) -----------------------------------

Status prepare_log_softmax_step(PrepareContext& ctx, Step& step) {
  const DType t = ctx.in(0).dtype;
  default_io(ctx, step);
  if (t == DType::kFloat32) return Status::Ok();
  OCTET_ASSIGN_OR_RETURN(
      octet_log_softmax_params p,
      named(ctx, prepare_log_softmax(t, tensor_quant(ctx.in(0)), tensor_quant(ctx.out(0)))));
  step.params.set(p);
  return Status::Ok();
}

Status prepare_l2_normalization_step(PrepareContext& ctx, Step& step) {
  const DType t = ctx.in(0).dtype;
  default_io(ctx, step);
  if (t == DType::kFloat32) return Status::Ok();
  OCTET_ASSIGN_OR_RETURN(
      octet_l2_normalization_params p,
      named(ctx, prepare_l2_normalization(t, tensor_quant(ctx.in(0)), tensor_quant(ctx.out(0)))));
  step.params.set(p);
  return Status::Ok();
}

constexpr KernelDef kLogSoftmaxF32 = OCTET_C_KERNEL("log_softmax_f32_reference", K::kReference,
                                                    octet_ref_log_softmax_f32, kShapeInOutNoParams);
constexpr KernelDef kLogSoftmaxS8 = OCTET_C_KERNEL("log_softmax_s8_reference", K::kReference,
                                                   octet_ref_log_softmax_s8, kShapeInOut);
constexpr KernelDef kL2NormalizationF32 =
    OCTET_C_KERNEL("l2_normalization_f32_reference", K::kReference, octet_ref_l2_normalization_f32,
                   kShapeInOutNoParams);
constexpr KernelDef kL2NormalizationS8 = OCTET_C_KERNEL(
    "l2_normalization_s8_reference", K::kReference, octet_ref_l2_normalization_s8, kShapeInOut);

// ---- LOGISTIC, TANH, HARD_SWISH
// -------------------------------------------------------------------

Status prepare_sigmoid_like_step(PrepareContext& ctx, Step& step) {
  const DType t = ctx.in(0).dtype;
  default_io(ctx, step);
  step.in_place_inputs = kInPlace;
  if (t == DType::kFloat32) return Status::Ok();  // the float kernels take no params
  const TensorQuant qi = tensor_quant(ctx.in(0)), qo = tensor_quant(ctx.out(0));
  OCTET_ASSIGN_OR_RETURN(octet_sigmoid_params p,
                         named(ctx, ctx.node.op == OpKind::kLogistic ? prepare_logistic(t, qi, qo)
                                                                     : prepare_tanh(t, qi, qo)));
  step.params.set(p);
  return Status::Ok();
}

constexpr KernelDef kLogisticF32 = OCTET_C_KERNEL("logistic_f32_reference", K::kReference,
                                                  octet_ref_logistic_f32, kShapeInOutNoParams);
constexpr KernelDef kLogisticS8 =
    OCTET_C_KERNEL("logistic_s8_reference", K::kReference, octet_ref_logistic_s8, kShapeInOut);
constexpr KernelDef kLogisticU8 =
    OCTET_C_KERNEL("logistic_u8_reference", K::kReference, octet_ref_logistic_u8, kShapeInOut);
constexpr KernelDef kLogisticS16 =
    OCTET_C_KERNEL("logistic_s16_reference", K::kReference, octet_ref_logistic_s16, kShapeInOut);
constexpr KernelDef kTanhF32 =
    OCTET_C_KERNEL("tanh_f32_reference", K::kReference, octet_ref_tanh_f32, kShapeInOutNoParams);
constexpr KernelDef kTanhS8 =
    OCTET_C_KERNEL("tanh_s8_reference", K::kReference, octet_ref_tanh_s8, kShapeInOut);
constexpr KernelDef kTanhU8 =
    OCTET_C_KERNEL("tanh_u8_reference", K::kReference, octet_ref_tanh_u8, kShapeInOut);
constexpr KernelDef kTanhS16 =
    OCTET_C_KERNEL("tanh_s16_reference", K::kReference, octet_ref_tanh_s16, kShapeInOut);

Status prepare_hard_swish_step(PrepareContext& ctx, Step& step) {
  const DType t = ctx.in(0).dtype;
  default_io(ctx, step);
  step.in_place_inputs = kInPlace;
  if (t == DType::kFloat32) return Status::Ok();
  OCTET_ASSIGN_OR_RETURN(
      octet_hard_swish_params p,
      named(ctx, prepare_hard_swish(t, tensor_quant(ctx.in(0)), tensor_quant(ctx.out(0)))));
  step.params.set(p);
  return Status::Ok();
}

constexpr KernelDef kHardSwishF32 = OCTET_C_KERNEL("hard_swish_f32_reference", K::kReference,
                                                   octet_ref_hard_swish_f32, kShapeInOutNoParams);
constexpr KernelDef kHardSwishS8 =
    OCTET_C_KERNEL("hard_swish_s8_reference", K::kReference, octet_ref_hard_swish_s8, kShapeInOut);
constexpr KernelDef kHardSwishU8 =
    OCTET_C_KERNEL("hard_swish_u8_reference", K::kReference, octet_ref_hard_swish_u8, kShapeInOut);

// ---- ELU ----------------------------------------------------------------------------------------

// int8: a table of the 256 outputs (TFLM's LUTPopulate), float: the function.
Status prepare_elu_step(PrepareContext& ctx, Step& step) {
  const DType t = ctx.in(0).dtype;
  default_io(ctx, step);
  step.in_place_inputs = kInPlace;
  if (t == DType::kFloat32) return Status::Ok();
  OCTET_ASSIGN_OR_RETURN(octet_lut_s8_params p, named(ctx, prepare_elu(t, tensor_quant(ctx.in(0)),
                                                                       tensor_quant(ctx.out(0)))));
  step.params.set(p);
  return Status::Ok();
}

constexpr KernelDef kEluF32 =
    OCTET_C_KERNEL("elu_f32_reference", K::kReference, octet_ref_elu_f32, kCountInOutNoParams);
constexpr KernelDef kEluS8 =
    OCTET_C_KERNEL("elu_s8_reference", K::kReference, octet_ref_lut_s8, kCountInOut);

// ---- RELU, RELU6, RELU_N1_TO_1, LEAKY_RELU ------------------------------------------------------

Status prepare_relu_step(PrepareContext& ctx, Step& step) {
  const DType t = ctx.in(0).dtype;
  const ReluKind kind = ctx.node.op == OpKind::kRelu    ? ReluKind::kRelu
                        : ctx.node.op == OpKind::kRelu6 ? ReluKind::kRelu6
                                                        : ReluKind::kReluN1To1;
  default_io(ctx, step);
  step.in_place_inputs = kInPlace;
  if (t == DType::kFloat32) {
    step.params.set(prepare_relu_f32(kind));
    return Status::Ok();
  }
  OCTET_ASSIGN_OR_RETURN(
      octet_relu_params p,
      named(ctx, prepare_relu(kind, t, tensor_quant(ctx.in(0)), tensor_quant(ctx.out(0)))));
  step.params.set(p);
  return Status::Ok();
}

Status prepare_leaky_relu_step(PrepareContext& ctx, Step& step) {
  const DType t = ctx.in(0).dtype;
  const float alpha = ctx.node.attrs.alpha;
  default_io(ctx, step);
  step.in_place_inputs = kInPlace;
  if (t == DType::kFloat32) {
    octet_leaky_relu_params p{};
    p.alpha = alpha;
    step.params.set(p);
    return Status::Ok();
  }
  OCTET_ASSIGN_OR_RETURN(
      octet_leaky_relu_params p,
      named(ctx, prepare_leaky_relu(t, tensor_quant(ctx.in(0)), tensor_quant(ctx.out(0)), alpha)));
  step.params.set(p);
  return Status::Ok();
}

// RELU and its bounded forms share kernels ("relux": a clamp with requantization).
constexpr KernelDef kReluF32 =
    OCTET_C_KERNEL("relu_f32_reference", K::kReference, octet_ref_relu_f32, kCountInOut);
constexpr KernelDef kReluS8 =
    OCTET_C_KERNEL("relu_s8_reference", K::kReference, octet_ref_relu_s8, kCountInOut);
constexpr KernelDef kReluU8 =
    OCTET_C_KERNEL("relu_u8_reference", K::kReference, octet_ref_relu_u8, kCountInOut);
constexpr KernelDef kReluS16 =
    OCTET_C_KERNEL("relu_s16_reference", K::kReference, octet_ref_relu_s16, kCountInOut);
constexpr KernelDef kLeakyReluF32 = OCTET_C_KERNEL("leaky_relu_f32_reference", K::kReference,
                                                   octet_ref_leaky_relu_f32, kCountInOut);
constexpr KernelDef kLeakyReluS8 =
    OCTET_C_KERNEL("leaky_relu_s8_reference", K::kReference, octet_ref_leaky_relu_s8, kCountInOut);
constexpr KernelDef kLeakyReluU8 =
    OCTET_C_KERNEL("leaky_relu_u8_reference", K::kReference, octet_ref_leaky_relu_u8, kCountInOut);
constexpr KernelDef kLeakyReluS16 = OCTET_C_KERNEL("leaky_relu_s16_reference", K::kReference,
                                                   octet_ref_leaky_relu_s16, kCountInOut);

using O = OpKind;

constexpr KernelRow kRows[] = {
    {O::kSoftmax, &kSoftmaxS8Avx2, s8, s8, nullptr, bind_softmax_avx2},
    {O::kSoftmax, &kSoftmaxS8S16Avx2, s8, s16, nullptr, bind_softmax_avx2},
    {O::kSoftmax, &kSoftmaxU8Avx2, u8, u8, nullptr, bind_softmax_avx2},
    {O::kSoftmax, &kSoftmaxF32, f32, f32},
    {O::kSoftmax, &kSoftmaxS8, s8, s8},
    {O::kSoftmax, &kSoftmaxS8S16, s8, s16},
    {O::kSoftmax, &kSoftmaxU8, u8, u8},
    {O::kSoftmax, &kSoftmaxS16, s16, s16},
    {O::kLogSoftmax, &kLogSoftmaxF32, f32, f32},
    {O::kLogSoftmax, &kLogSoftmaxS8, s8, s8},
    {O::kL2Normalization, &kL2NormalizationF32, f32, f32},
    {O::kL2Normalization, &kL2NormalizationS8, s8, s8},
    {O::kLogistic, &kLogisticF32, f32},
    {O::kLogistic, &kLogisticS8, s8},
    {O::kLogistic, &kLogisticU8, u8},
    {O::kLogistic, &kLogisticS16, s16},
    {O::kTanh, &kTanhF32, f32},
    {O::kTanh, &kTanhS8, s8},
    {O::kTanh, &kTanhU8, u8},
    {O::kTanh, &kTanhS16, s16},
    {O::kHardSwish, &kHardSwishF32, f32},
    {O::kHardSwish, &kHardSwishS8, s8},
    {O::kHardSwish, &kHardSwishU8, u8},
    {O::kElu, &kEluF32, f32},
    {O::kElu, &kEluS8, s8},
    {O::kRelu, &kReluF32, f32},
    {O::kRelu, &kReluS8, s8},
    {O::kRelu, &kReluU8, u8},
    {O::kRelu, &kReluS16, s16},
    {O::kRelu6, &kReluF32, f32},
    {O::kRelu6, &kReluS8, s8},
    {O::kRelu6, &kReluU8, u8},
    {O::kRelu6, &kReluS16, s16},
    {O::kReluN1To1, &kReluF32, f32},
    {O::kReluN1To1, &kReluS8, s8},
    {O::kReluN1To1, &kReluU8, u8},
    {O::kReluN1To1, &kReluS16, s16},
    {O::kLeakyRelu, &kLeakyReluF32, f32},
    {O::kLeakyRelu, &kLeakyReluS8, s8},
    {O::kLeakyRelu, &kLeakyReluU8, u8},
    {O::kLeakyRelu, &kLeakyReluS16, s16},
};

constexpr OpPrepareRow kPrepares[] = {
    {O::kSoftmax, prepare_softmax_step},
    {O::kLogistic, prepare_sigmoid_like_step},
    {O::kTanh, prepare_sigmoid_like_step},
    {O::kHardSwish, prepare_hard_swish_step},
    {O::kRelu, prepare_relu_step},
    {O::kRelu6, prepare_relu_step},
    {O::kReluN1To1, prepare_relu_step},
    {O::kLeakyRelu, prepare_leaky_relu_step},
    {O::kLogSoftmax, prepare_log_softmax_step},
    {O::kL2Normalization, prepare_l2_normalization_step},
    {O::kElu, prepare_elu_step},
};

}  // namespace

const OpFamily kActivationFamily{kRows, kPrepares};

}  // namespace octet
