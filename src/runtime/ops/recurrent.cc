// recurrent.cc - UNIDIRECTIONAL_SEQUENCE_LSTM and SVDF: the ops whose state lives in variable
// tensors (input 18/19 of the LSTM, input 4 of SVDF). The planner keeps those alive for the whole
// model and CompiledModel::reset_variables() (the generated code's NAME_reset()) starts a new
// sequence; the ops read and update them in place. One reference kernel each:
//   unidirectional_sequence_lstm_{f32,s8,s16}_reference
//   svdf_{f32,s8}_reference (s8 with an int16 state), svdf_s8_state8_reference (an int8 state)
#include <array>
#include <memory>

#include "ir/ops_recurrent.h"
#include "kernels/prepare/lstm.h"
#include "kernels/prepare/svdf.h"
#include "runtime/kernel_table.h"
#include "runtime/ops/op_util.h"
#include "runtime/ops/ops.h"

namespace octet {

namespace {

using namespace args;
using K = KernelLevel;
using O = OpKind;
constexpr DType f32 = DType::kFloat32, s8 = DType::kInt8, s16 = DType::kInt16;

float scale_of(const TensorType& t) { return t.quant ? t.quant->scale() : 1.0f; }

// ---- UNIDIRECTIONAL_SEQUENCE_LSTM ---------------------------------------------------------------

// Calls: tensors [the 12 weights (input weights, recurrent weights, biases, each by gate), input,
// hidden state, cell state, output]; the weights are the list.
Status prepare_lstm_step(PrepareContext& ctx, Step& step) {
  const Attrs& a = ctx.node.attrs;
  const TensorType& in = ctx.in(kLstmInput);
  const DType t = in.dtype;
  LstmShape shape;
  shape.time_major = a.time_major;
  shape.batch = a.time_major ? in.shape[1] : in.shape[0];
  shape.time = a.time_major ? in.shape[0] : in.shape[1];
  shape.input_size = in.shape[2];
  shape.state_size = ctx.out(0).shape[2];
  LstmQuant q;
  q.input = tensor_quant(in);
  q.hidden = tensor_quant(ctx.in(kLstmOutputState));
  q.cell_scale = scale_of(ctx.in(kLstmCellState));
  for (int g = 0; g < 4; ++g) {
    q.input_weight_scales[g] = scale_of(ctx.in(kLstmInputToInputWeights + g));
    q.recurrent_weight_scales[g] = scale_of(ctx.in(kLstmRecurrentToInputWeights + g));
  }
  OCTET_ASSIGN_OR_RETURN(LstmPlan plan, named(ctx, prepare_lstm(t, shape, a.cell_clip, q)));
  const LstmPlan& owned = step.params.own(std::move(plan));
  for (const auto* fcs : {&owned.input_fc, &owned.recurrent_fc}) {
    for (const FullyConnectedPlan& fc : *fcs) {
      step.params.note_array(fc.requant.multiplier);
      step.params.note_array(fc.requant.shift);
    }
  }
  step.params.set(owned.params());
  const size_t cell_bytes = t == DType::kFloat32 ? sizeof(float) : sizeof(int16_t);
  ctx.request_scratch(static_cast<int64_t>(octet_ref_lstm_scratch_bytes(&owned.base, cell_bytes)));
  step.tensors.clear();
  for (size_t first :
       {kLstmInputToInputWeights, kLstmRecurrentToInputWeights, kLstmInputGateBias}) {
    for (size_t g = 0; g < 4; ++g) step.tensors.push_back(ctx.in_id(first + g));
  }
  step.list_length = 12;
  for (size_t i : {kLstmInput, kLstmOutputState, kLstmCellState}) {
    step.tensors.push_back(ctx.in_id(i));
  }
  step.tensors.push_back(ctx.out_id(0));
  return Status::Ok();
}

constexpr Arg kLstmArgs[] = {P, Tensors(0), T(12), T(13), T(14), T(15), Scratch};
constexpr KernelDef kLstmF32 =
    OCTET_C_KERNEL("unidirectional_sequence_lstm_f32_reference", K::kReference,
                   octet_ref_unidirectional_sequence_lstm_f32_list, kLstmArgs);
constexpr KernelDef kLstmS8 =
    OCTET_C_KERNEL("unidirectional_sequence_lstm_s8_reference", K::kReference,
                   octet_ref_unidirectional_sequence_lstm_s8_list, kLstmArgs);
constexpr KernelDef kLstmS16 =
    OCTET_C_KERNEL("unidirectional_sequence_lstm_s16_reference", K::kReference,
                   octet_ref_unidirectional_sequence_lstm_s16_list, kLstmArgs);

// ---- SVDF ---------------------------------------------------------------------------------------

// Calls: tensors [input, weights_feature, weights_time, bias (or none), state, output].
Status prepare_svdf_step(PrepareContext& ctx, Step& step) {
  const TensorType& in = ctx.in(kSvdfInput);
  const DType t = in.dtype;
  SvdfShape shape;
  shape.batch = in.shape[0];
  shape.input_size = in.shape[1];
  shape.num_filters = ctx.in(kSvdfWeightsFeature).shape[0];
  shape.rank = ctx.node.attrs.rank;
  shape.memory_size = ctx.in(kSvdfWeightsTime).shape[1];
  SvdfQuant q;
  q.input = tensor_quant(in);
  q.state = tensor_quant(ctx.in(kSvdfState));
  q.output = tensor_quant(ctx.out(0));
  q.weights_feature_scale = scale_of(ctx.in(kSvdfWeightsFeature));
  q.weights_time_scale = scale_of(ctx.in(kSvdfWeightsTime));
  OCTET_ASSIGN_OR_RETURN(octet_svdf_params p,
                         named(ctx, prepare_svdf(t, shape, ctx.node.attrs.activation, q)));
  ctx.request_scratch(
      static_cast<int64_t>(octet_ref_svdf_scratch_bytes(&p, t == DType::kFloat32 ? 1 : 0)));
  step.params.set(p);
  step.tensors = {
      ctx.in_id(kSvdfInput),       ctx.in_id(kSvdfWeightsFeature),
      ctx.in_id(kSvdfWeightsTime), ctx.has_in(kSvdfBias) ? ctx.in_id(kSvdfBias) : kNoValue,
      ctx.in_id(kSvdfState),       ctx.out_id(0)};
  return Status::Ok();
}

bool state_is_int16(const PrepareContext& ctx, const Step&) {
  return ctx.in(kSvdfState).dtype == DType::kInt16;
}
bool state_is_int8(const PrepareContext& ctx, const Step&) {
  return ctx.in(kSvdfState).dtype == DType::kInt8;
}

constexpr Arg kSvdfArgs[] = {P, T(0), T(1), T(2), T(3), T(4), T(5), Scratch};
constexpr KernelDef kSvdfF32 =
    OCTET_C_KERNEL("svdf_f32_reference", K::kReference, octet_ref_svdf_f32, kSvdfArgs);
constexpr KernelDef kSvdfS8 =
    OCTET_C_KERNEL("svdf_s8_reference", K::kReference, octet_ref_svdf_s8, kSvdfArgs);
constexpr KernelDef kSvdfS8State8 =
    OCTET_C_KERNEL("svdf_s8_state8_reference", K::kReference, octet_ref_svdf_s8_state8, kSvdfArgs);

constexpr KernelRow kRows[] = {
    {O::kUnidirectionalSequenceLstm, &kLstmF32, f32, f32},
    {O::kUnidirectionalSequenceLstm, &kLstmS8, s8, s8},
    {O::kUnidirectionalSequenceLstm, &kLstmS16, s16, s16},
    {O::kSvdf, &kSvdfF32, f32, f32},
    {O::kSvdf, &kSvdfS8, s8, s8, state_is_int16},
    {O::kSvdf, &kSvdfS8State8, s8, s8, state_is_int8},
};

constexpr OpPrepareRow kPrepares[] = {
    {O::kUnidirectionalSequenceLstm, prepare_lstm_step},
    {O::kSvdf, prepare_svdf_step},
};

}  // namespace

const OpFamily kRecurrentFamily{kRows, kPrepares};

}  // namespace octet
