// recurrent.cc - UNIDIRECTIONAL_SEQUENCE_LSTM and SVDF: the ops whose state lives in variable
// tensors (input 18/19 of the LSTM, input 4 of SVDF). The planner keeps those alive for the whole
// model and CompiledModel::reset_variables() starts a new sequence; the ops read and update them
// in place. One reference kernel each:
//   unidirectional_sequence_lstm_{f32,s8,s16}_reference
//   svdf_{f32,s8}_reference (s8 with an int16 or int8 state)
#include <array>
#include <memory>

#include "ir/ops_recurrent.h"
#include "kernels/prepare/lstm.h"
#include "kernels/prepare/svdf.h"
#include "runtime/ops/op_util.h"
#include "runtime/ops/ops.h"

namespace octet {

namespace {

float scale_of(const TensorType& t) { return t.quant ? t.quant->scale() : 1.0f; }

struct LstmTensors {
  std::array<ValueId, 4> input_weights, recurrent_weights, bias;  // by OCTET_LSTM_*_GATE
  ValueId input, hidden, cell, output;
};

template <typename Act, typename Cell,
          void (*Kernel)(const octet_lstm_params*, const octet_lstm_weights*, const Act*, Act*,
                         Cell*, Act*, Cell*)>
PreparedOpResult bind_lstm(std::string name, std::shared_ptr<const LstmPlan> plan,
                           const LstmTensors& ids) {
  return make_op(std::move(name), [plan, ids](const RunContext& rc) {
    const octet_lstm_params p = plan->params();
    octet_lstm_weights w{};
    for (int g = 0; g < 4; ++g) {
      w.input_weights[g] = rc.tensors[ids.input_weights[g]];
      w.recurrent_weights[g] = rc.tensors[ids.recurrent_weights[g]];
      w.bias[g] = rc.tensors[ids.bias[g]];
    }
    Kernel(&p, &w, rc.ptr<Act>(ids.input), rc.ptr<Act>(ids.hidden), rc.ptr<Cell>(ids.cell),
           rc.ptr<Act>(ids.output), reinterpret_cast<Cell*>(rc.scratch));
    return Status::Ok();
  });
}

}  // namespace

PreparedOpResult prepare_lstm_op(PrepareContext& ctx) {
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
  OCTET_ASSIGN_OR_RETURN(LstmPlan plan_value, named(ctx, prepare_lstm(t, shape, a.cell_clip, q)));
  auto plan = std::make_shared<const LstmPlan>(std::move(plan_value));
  const size_t cell_bytes = t == DType::kFloat32 ? sizeof(float) : sizeof(int16_t);
  ctx.request_scratch(static_cast<int64_t>(octet_ref_lstm_scratch_bytes(&plan->base, cell_bytes)));
  LstmTensors ids;
  for (int g = 0; g < 4; ++g) {
    ids.input_weights[g] = ctx.in_id(kLstmInputToInputWeights + g);
    ids.recurrent_weights[g] = ctx.in_id(kLstmRecurrentToInputWeights + g);
    ids.bias[g] = ctx.in_id(kLstmInputGateBias + g);
  }
  ids.input = ctx.in_id(kLstmInput);
  ids.hidden = ctx.in_id(kLstmOutputState);
  ids.cell = ctx.in_id(kLstmCellState);
  ids.output = ctx.out_id(0);
  const std::string name = kernel_label("unidirectional_sequence_lstm", t);
  switch (t) {
    case DType::kFloat32:
      return bind_lstm<float, float, octet_ref_unidirectional_sequence_lstm_f32>(name, plan, ids);
    case DType::kInt8:
      return bind_lstm<int8_t, int16_t, octet_ref_unidirectional_sequence_lstm_s8>(name, plan, ids);
    case DType::kInt16:
      return bind_lstm<int16_t, int16_t, octet_ref_unidirectional_sequence_lstm_s16>(name, plan,
                                                                                     ids);
    default:
      return ctx.fail("no kernel for {} activations", dtype_name(t));
  }
}

PreparedOpResult prepare_svdf_op(PrepareContext& ctx) {
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
  const ValueId x = ctx.in_id(kSvdfInput), wf = ctx.in_id(kSvdfWeightsFeature),
                wt = ctx.in_id(kSvdfWeightsTime), b = ctx.in_id(kSvdfBias),
                s = ctx.in_id(kSvdfState), y = ctx.out_id(0);
  const DType state_type = ctx.in(kSvdfState).dtype;
  if (t == DType::kFloat32) {
    return make_op(kernel_label("svdf", t), [=](const RunContext& rc) {
      octet_ref_svdf_f32(&p, rc.ptr<float>(x), rc.ptr<float>(wf), rc.ptr<float>(wt),
                         b == kNoValue ? nullptr : rc.ptr<float>(b), rc.ptr<float>(s),
                         rc.ptr<float>(y), reinterpret_cast<float*>(rc.scratch));
      return Status::Ok();
    });
  }
  if (state_type == DType::kInt16) {
    return make_op(kernel_label("svdf", t), [=](const RunContext& rc) {
      octet_ref_svdf_s8(&p, rc.ptr<int8_t>(x), rc.ptr<int8_t>(wf), rc.ptr<int16_t>(wt),
                        b == kNoValue ? nullptr : rc.ptr<int32_t>(b), rc.ptr<int16_t>(s),
                        rc.ptr<int8_t>(y), reinterpret_cast<int32_t*>(rc.scratch));
      return Status::Ok();
    });
  }
  return make_op(kernel_label("svdf", t, "state8_reference"), [=](const RunContext& rc) {
    octet_ref_svdf_s8_state8(&p, rc.ptr<int8_t>(x), rc.ptr<int8_t>(wf), rc.ptr<int8_t>(wt),
                             b == kNoValue ? nullptr : rc.ptr<int32_t>(b), rc.ptr<int8_t>(s),
                             rc.ptr<int8_t>(y), reinterpret_cast<int32_t*>(rc.scratch));
    return Status::Ok();
  });
}

}  // namespace octet
