// ops_recurrent.cc - see ops_recurrent.h.
#include "ir/ops_recurrent.h"

#include <fmt/format.h>

#include <array>
#include <cmath>

#include "ir/graph.h"

namespace octet {

namespace {

constexpr std::array<std::string_view, kLstmInputCount> kLstmInputNames = {
    "input",
    "input_to_input_weights",
    "input_to_forget_weights",
    "input_to_cell_weights",
    "input_to_output_weights",
    "recurrent_to_input_weights",
    "recurrent_to_forget_weights",
    "recurrent_to_cell_weights",
    "recurrent_to_output_weights",
    "cell_to_input_weights",
    "cell_to_forget_weights",
    "cell_to_output_weights",
    "input_gate_bias",
    "forget_gate_bias",
    "cell_gate_bias",
    "output_gate_bias",
    "projection_weights",
    "projection_bias",
    "output_state",
    "cell_state",
    "input_layer_norm_coefficients",
    "forget_layer_norm_coefficients",
    "cell_layer_norm_coefficients",
    "output_layer_norm_coefficients",
};

// The inputs TFLM's LSTM requires (it has no CIFG variant: the input gate is always there).
constexpr std::array<int, 15> kLstmRequired = {0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 13, 14, 15, 18, 19};

std::string lstm_input(const Graph& g, const Node& n, int k) {
  return fmt::format("{} (input {}, {})", kLstmInputNames[k], k, op_tensor_label(g, n.inputs[k]));
}

Status expect_shape(const Graph& g, const Node& n, int k, const Shape& want,
                    std::string_view name) {
  const Shape& s = g.input_type(n, k).shape;
  if (s != want) {
    return error("{}: {} (input {}) has shape {}, expected {}", op_where(g, n), name, k,
                 s.to_string(), want.to_string());
  }
  return Status::Ok();
}

Status expect_variable(const Graph& g, const Node& n, int k, std::string_view name) {
  if (!g.value(n.inputs[k]).variable) {
    return error("{}: {} (input {}, '{}') must be a variable tensor (state kept between invokes)",
                 op_where(g, n), name, k, g.value(n.inputs[k]).name);
  }
  return Status::Ok();
}

// Per-tensor quantization with a positive scale (and, if asked, zero point 0).
Status expect_per_tensor(const Graph& g, const Node& n, ValueId v, std::string_view role,
                         bool symmetric) {
  const TensorType& t = g.type(v);
  if (!t.quant || t.quant->scales.size() != 1) {
    return error("{}: {} {} needs one (per-tensor) scale", op_where(g, n), role,
                 op_tensor_label(g, v));
  }
  if (!(t.quant->scale() > 0.0f) || !std::isfinite(t.quant->scale())) {
    return error("{}: {} {} has invalid scale {}", op_where(g, n), role, op_tensor_label(g, v),
                 t.quant->scale());
  }
  if (symmetric && t.quant->zero_point() != 0) {
    return error("{}: {} {} must have zero point 0, has {}", op_where(g, n), role,
                 op_tensor_label(g, v), t.quant->zero_point());
  }
  return Status::Ok();
}

// A bias added to the accumulator of input x weights: scale input_scale * weight_scale, zp 0.
Status expect_bias_scale(const Graph& g, const Node& n, ValueId bias, double expected,
                         std::string_view role) {
  OCTET_RETURN_IF_ERROR(expect_per_tensor(g, n, bias, role, /*symmetric=*/true));
  const double actual = g.type(bias).quant->scale();
  if (std::abs(actual - expected) > 1e-5 * std::abs(expected)) {
    return error("{}: {} {} has scale {:.9g}, expected {:.9g} (relative difference {:.2g} > 1e-5)",
                 op_where(g, n), role, op_tensor_label(g, bias), actual, expected,
                 std::abs(actual - expected) / expected);
  }
  return Status::Ok();
}

bool all_float(const Graph& g, const Node& n) {
  for (size_t k = 0; k < n.inputs.size(); ++k) {
    if (g.has_input(n, k) && g.input_type(n, k).dtype != DType::kFloat32) return false;
  }
  return g.output_type(n, 0).dtype == DType::kFloat32;
}

}  // namespace

// ---- UNIDIRECTIONAL_SEQUENCE_LSTM -------------------------------------------------------------

Result<std::vector<Shape>> infer_lstm(const Graph& g, const Node& n) {
  const std::string op = op_where(g, n);
  if (n.inputs.size() != kLstmInputCount) {
    return error("{}: has {} inputs; the LSTM takes 24 (absent optional ones as -1)", op,
                 n.inputs.size());
  }
  for (int k : kLstmRequired) {
    if (!g.has_input(n, k)) return error("{}: {} (input {}) is missing", op, kLstmInputNames[k], k);
  }
  const Shape& in = g.input_type(n, kLstmInput).shape;
  if (in.rank() != 3) {
    return error("{}: input {} must have rank 3 ([batch, time, input] or [time, batch, input])", op,
                 in.to_string());
  }
  const Shape& w = g.input_type(n, kLstmInputToInputWeights + 1).shape;  // input to forget
  if (w.rank() != 2 || w[0] <= 0) {
    return error("{}: {} must be [cells, inputs]", op, lstm_input(g, n, 2));
  }
  const int32_t cells = w[0];
  for (int k = 0; k < 4; ++k) {
    OCTET_RETURN_IF_ERROR(expect_shape(g, n, kLstmInputToInputWeights + k, Shape{cells, in[2]},
                                       kLstmInputNames[kLstmInputToInputWeights + k]));
    OCTET_RETURN_IF_ERROR(expect_shape(g, n, kLstmRecurrentToInputWeights + k, Shape{cells, cells},
                                       kLstmInputNames[kLstmRecurrentToInputWeights + k]));
    OCTET_RETURN_IF_ERROR(expect_shape(g, n, kLstmInputGateBias + k, Shape{cells},
                                       kLstmInputNames[kLstmInputGateBias + k]));
  }
  const int64_t batch = n.attrs.time_major ? in[1] : in[0];
  for (int k : {kLstmOutputState, kLstmCellState}) {
    if (g.input_type(n, k).elements() != batch * cells) {
      return error("{}: {} needs {} elements (batch {} x {} cells)", op, lstm_input(g, n, k),
                   batch * cells, batch, cells);
    }
  }
  return std::vector<Shape>{Shape{in[0], in[1], cells}};
}

Status check_lstm(const Graph& g, const Node& n) {
  const std::string op = op_where(g, n);
  // The variants TFLM's kernel does not have.
  for (int k = 0; k < kLstmInputCount; ++k) {
    if (!g.has_input(n, k)) continue;
    const char* variant = (k >= 9 && k <= 11)    ? "peephole"
                          : (k == 16 || k == 17) ? "projection"
                          : k >= 20              ? "layer norm"
                                                 : nullptr;
    if (variant) {
      return error(
          "{}: has {} ({}); octet runs the standard LSTM as TFLM does: no peephole, "
          "projection or layer norm",
          op, variant, lstm_input(g, n, k));
    }
  }
  if (n.attrs.activation != FusedActivation::kTanh) {
    return error("{}: cell activation {} is not supported (TFLM's LSTM takes TANH)", op,
                 activation_name(n.attrs.activation));
  }
  if (!(n.attrs.cell_clip >= 0.0f) || !(n.attrs.proj_clip >= 0.0f)) {
    return error("{}: cell_clip {} and proj_clip {} must be >= 0", op, n.attrs.cell_clip,
                 n.attrs.proj_clip);
  }
  if (n.attrs.diagonal_recurrent_tensors) {
    return error("{}: diagonal recurrent weights are not supported", op);
  }
  OCTET_RETURN_IF_ERROR(expect_variable(g, n, kLstmOutputState, "output_state"));
  OCTET_RETURN_IF_ERROR(expect_variable(g, n, kLstmCellState, "cell_state"));

  const TensorType& in = g.input_type(n, kLstmInput);
  if (in.dtype == DType::kFloat32) {
    if (!all_float(g, n)) {
      return error(
          "{}: a float LSTM needs float weights, biases, states and output (hybrid LSTMs are not "
          "supported)",
          op);
    }
    return Status::Ok();
  }
  if (in.dtype != DType::kInt8 && in.dtype != DType::kInt16) {
    return error("{}: input {} must be float32, int8 or int16", op, lstm_input(g, n, 0));
  }
  const ValueId x = n.inputs[kLstmInput], h = n.inputs[kLstmOutputState],
                c = n.inputs[kLstmCellState], y = n.outputs[0];
  const bool s16 = in.dtype == DType::kInt16;
  OCTET_RETURN_IF_ERROR(expect_per_tensor(g, n, x, "input", s16));
  for (ValueId v : {h, y}) {
    if (g.type(v).dtype != in.dtype) {
      return error("{}: {} must have the input's dtype {}", op, op_tensor_label(g, v),
                   dtype_name(in.dtype));
    }
    OCTET_RETURN_IF_ERROR(expect_per_tensor(g, n, v, v == h ? "output_state" : "output", s16));
  }
  const QuantParams& hq = *g.type(h).quant;
  const QuantParams& yq = *g.type(y).quant;
  if (hq.scale() != yq.scale() || hq.zero_point() != yq.zero_point()) {
    return error(
        "{}: output {} must have the quantization of output_state {} (each step's output is a "
        "copy of the hidden state)",
        op, op_tensor_label(g, y), op_tensor_label(g, h));
  }
  if (g.type(c).dtype != DType::kInt16) {
    return error("{}: cell_state {} must be int16 (TFLM's integer LSTM)", op,
                 op_tensor_label(g, c));
  }
  OCTET_RETURN_IF_ERROR(expect_per_tensor(g, n, c, "cell_state", /*symmetric=*/true));
  const double log2_scale = std::log2(static_cast<double>(g.type(c).quant->scale()));
  if (log2_scale != std::round(log2_scale)) {
    return error("{}: cell_state {} needs a power-of-two scale", op, op_tensor_label(g, c));
  }
  const DType bias_type = s16 ? DType::kInt64 : DType::kInt32;
  for (int gate = 0; gate < 4; ++gate) {
    for (int k : {kLstmInputToInputWeights + gate, kLstmRecurrentToInputWeights + gate}) {
      const ValueId w = n.inputs[k];
      if (g.type(w).dtype != DType::kInt8) {
        return error("{}: {} must be int8", op, lstm_input(g, n, k));
      }
      OCTET_RETURN_IF_ERROR(expect_per_tensor(g, n, w, kLstmInputNames[k], /*symmetric=*/true));
    }
    const int kb = kLstmInputGateBias + gate;
    const ValueId b = n.inputs[kb];
    if (g.type(b).dtype != bias_type) {
      return error("{}: {} must be {} with {} activations", op, lstm_input(g, n, kb),
                   dtype_name(bias_type), dtype_name(in.dtype));
    }
    const double expected = static_cast<double>(in.quant->scale()) *
                            g.input_type(n, kLstmInputToInputWeights + gate).quant->scale();
    OCTET_RETURN_IF_ERROR(expect_bias_scale(
        g, n, b, expected,
        fmt::format("{} (input scale x input weight scale)", kLstmInputNames[kb])));
  }
  return Status::Ok();
}

int64_t macs_lstm(const Graph& g, const Node& n) {
  const Shape& in = g.input_type(n, kLstmInput).shape;
  const Shape& out = g.output_type(n, 0).shape;
  if (in.rank() != 3 || out.rank() != 3) return 0;
  const int64_t steps = int64_t{in[0]} * in[1];  // batch x time
  return steps * 4 * out[2] * (int64_t{in[2]} + out[2]);
}

// ---- SVDF -------------------------------------------------------------------------------------

Result<std::vector<Shape>> infer_svdf(const Graph& g, const Node& n) {
  const std::string op = op_where(g, n);
  if (n.inputs.size() != kSvdfInputCount) {
    return error("{}: has {} inputs; SVDF takes 5 (bias may be -1)", op, n.inputs.size());
  }
  for (int k : {kSvdfInput, kSvdfWeightsFeature, kSvdfWeightsTime, kSvdfState}) {
    if (!g.has_input(n, k)) return error("{}: input {} is missing", op, k);
  }
  const Shape& in = g.input_type(n, kSvdfInput).shape;
  const Shape& wf = g.input_type(n, kSvdfWeightsFeature).shape;
  const Shape& wt = g.input_type(n, kSvdfWeightsTime).shape;
  if (in.rank() != 2 || wf.rank() != 2 || wt.rank() != 2) {
    return error("{}: input {}, weights_feature {} and weights_time {} must have rank 2", op,
                 in.to_string(), wf.to_string(), wt.to_string());
  }
  const int32_t filters = wf[0], memory = wt[1], rank = n.attrs.rank;
  if (rank <= 0 || filters <= 0 || filters % rank != 0 || memory <= 0) {
    return error(
        "{}: {} filters, rank {} and memory {}: filters must be a positive multiple of rank", op,
        filters, rank, memory);
  }
  if (wf[1] != in[1]) {
    return error("{}: weights_feature {} does not match input {}", op, wf.to_string(),
                 in.to_string());
  }
  if (wt[0] != filters) {
    return error("{}: weights_time {} needs {} rows (one per filter)", op, wt.to_string(), filters);
  }
  const int32_t units = filters / rank;
  if (g.has_input(n, kSvdfBias)) {
    OCTET_RETURN_IF_ERROR(expect_shape(g, n, kSvdfBias, Shape{units}, "bias"));
  }
  const int64_t state_width = int64_t{memory} * filters;
  if (state_width > INT32_MAX) return error("{}: state is too large", op);
  OCTET_RETURN_IF_ERROR(expect_shape(
      g, n, kSvdfState, Shape{in[0], static_cast<int32_t>(state_width)}, "activation_state"));
  return std::vector<Shape>{Shape{in[0], units}};
}

Status check_svdf(const Graph& g, const Node& n) {
  const std::string op = op_where(g, n);
  OCTET_RETURN_IF_ERROR(expect_variable(g, n, kSvdfState, "activation_state"));
  const TensorType& in = g.input_type(n, kSvdfInput);
  if (in.dtype == DType::kFloat32) {
    if (!all_float(g, n)) {
      return error("{}: a float SVDF needs float weights, bias, state and output", op);
    }
    return Status::Ok();
  }
  if (in.dtype != DType::kInt8) return error("{}: input must be float32 or int8", op);
  const ValueId x = n.inputs[kSvdfInput], wf = n.inputs[kSvdfWeightsFeature],
                wt = n.inputs[kSvdfWeightsTime], s = n.inputs[kSvdfState], y = n.outputs[0];
  const DType state_type = g.type(s).dtype;
  if (g.type(wf).dtype != DType::kInt8 || g.type(y).dtype != DType::kInt8 ||
      (state_type != DType::kInt16 && state_type != DType::kInt8) ||
      g.type(wt).dtype != state_type) {
    return error(
        "{}: int8 SVDF needs int8 weights_feature {} and output {}, and weights_time {} of the "
        "activation state's type {} (int16 or int8)",
        op, op_tensor_label(g, wf), op_tensor_label(g, y), op_tensor_label(g, wt),
        op_tensor_label(g, s));
  }
  OCTET_RETURN_IF_ERROR(expect_per_tensor(g, n, x, "input", false));
  OCTET_RETURN_IF_ERROR(expect_per_tensor(g, n, wf, "weights_feature", true));
  OCTET_RETURN_IF_ERROR(expect_per_tensor(g, n, wt, "weights_time", true));
  OCTET_RETURN_IF_ERROR(expect_per_tensor(g, n, s, "activation_state", false));
  OCTET_RETURN_IF_ERROR(expect_per_tensor(g, n, y, "output", false));
  if (g.has_input(n, kSvdfBias)) {
    const ValueId b = n.inputs[kSvdfBias];
    if (g.type(b).dtype != DType::kInt32) {
      return error("{}: bias {} must be int32", op, op_tensor_label(g, b));
    }
    const double expected =
        static_cast<double>(g.type(s).quant->scale()) * g.type(wt).quant->scale();
    OCTET_RETURN_IF_ERROR(
        expect_bias_scale(g, n, b, expected, "bias (state scale x weights_time scale)"));
  }
  return Status::Ok();
}

int64_t macs_svdf(const Graph& g, const Node& n) {
  const Shape& in = g.input_type(n, kSvdfInput).shape;
  const Shape& wt = g.input_type(n, kSvdfWeightsTime).shape;
  if (in.rank() != 2 || wt.rank() != 2) return 0;
  return int64_t{in[0]} * wt[0] * (int64_t{in[1]} + wt[1]);
}

}  // namespace octet
