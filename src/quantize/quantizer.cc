// quantizer.cc - see quantizer.h.
#include "quantize/quantizer.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>

#include "ir/verify.h"
#include "passes/fold_constants.h"
#include "passes/graph_passes.h"
#include "passes/lift_to_float.h"
#include "quantize/observer.h"
#include "quantize/state_observation.h"
#include "runtime/compiled_model.h"

namespace octet {

namespace {

bool is_float_activation(const Value& v) {
  return !v.is_constant() && v.type.dtype == DType::kFloat32;
}

// Whether an op reads or writes float activations (the values quantization is about).
bool touches_float(const Graph& g, const Node& n) {
  for (ValueId v : n.inputs) {
    if (v != kNoValue && is_float_activation(g.value(v))) return true;
  }
  for (ValueId v : n.outputs) {
    if (is_float_activation(g.value(v))) return true;
  }
  return false;
}

int32_t quant_min(DType t) { return static_cast<int32_t>(dtype_min(t)); }
int32_t quant_max(DType t) { return static_cast<int32_t>(dtype_max(t)); }

// Quantization of an activation of type `act` observed in [lo, hi].
QuantParams activation_params(DType act, float lo, float hi) {
  if (act == DType::kInt16) {
    // 16x8: symmetric, zero point 0.
    float m = std::max(std::abs(lo), std::abs(hi));
    if (!(m > 0.0f)) m = 1.0f;
    return QuantParams::per_tensor(m / 32767.0f, 0);
  }
  return choose_quant_params(lo, hi, quant_min(act), quant_max(act));
}

// Quantizes float values with per-tensor params into bytes of dtype `t`.
std::vector<uint8_t> quantize_values(std::span<const float> x, DType t, const QuantParams& q) {
  const size_t es = dtype_size(t);
  std::vector<uint8_t> out(x.size() * es);
  const double scale = q.scale(), zp = static_cast<double>(q.zero_point());
  for (size_t i = 0; i < x.size(); ++i) {
    const double v = std::round(x[i] / scale) + zp;
    const int64_t c = static_cast<int64_t>(
        std::clamp(v, static_cast<double>(dtype_min(t)), static_cast<double>(dtype_max(t))));
    std::memcpy(&out[i * es], &c, es);  // little-endian: the low bytes
  }
  return out;
}

class Quantizer {
 public:
  Quantizer(Graph g, const QuantizeOptions& options, QuantizeReport& report)
      : g_(std::move(g)), o_(options), report_(report), act_(options.activations) {}

  Status calibrate(const std::vector<CalibrationSample>& samples);
  Result<Graph> build();

 private:
  bool keeps_float(const Node& n) const {
    return !op_def(n.op).quant.has_integer_kernel(act_) || o_.allow_float.count(n.op) > 0;
  }
  Status assign_params();
  ValueId quantized_constant(ValueId v, const QuantParams& q, DType t);
  // Symmetric weights over [-127, 127] (int16: +-32767), per channel along `axis` when
  // `per_channel`, else per tensor; their scales go to weight_scales.
  Result<ValueId> quantized_weights(ValueId w, int axis, bool per_channel, DType dtype,
                                    std::vector<float>* weight_scales);
  Result<ValueId> quantized_bias(ValueId b, float input_scale, const std::vector<float>& ws);
  // The integer inputs of an op's per-tensor weights, their biases and its state (variable)
  // inputs, by input index.
  Result<std::map<int, ValueId>> quantized_special_inputs(const Node& n);

  Graph g_;
  const QuantizeOptions& o_;
  QuantizeReport& report_;
  DType act_;
  std::vector<std::optional<ClipRange>> ranges_;    // per value, observed float range
  std::vector<std::optional<QuantParams>> params_;  // per float activation: its integer params
  std::map<std::pair<ValueId, std::string>, ValueId> constant_cache_;
  Graph out_;  // being built
};

Status Quantizer::calibrate(const std::vector<CalibrationSample>& samples) {
  if (samples.empty()) return error("no calibration samples");
  CompileOptions options;
  options.isa = Isa::kReference;
  options.preserve_intermediates = true;
  OCTET_ASSIGN_OR_RETURN(std::unique_ptr<CompiledModel> model, CompiledModel::compile(g_, options));
  const QuantGrid grid{act_ == DType::kInt16 ? 65536 : 256, act_ == DType::kInt16};
  std::vector<std::unique_ptr<Observer>> observers(g_.values.size());
  for (ValueId v = 0; v < static_cast<ValueId>(g_.values.size()); ++v) {
    if (!is_float_activation(g_.value(v))) continue;
    OCTET_ASSIGN_OR_RETURN(observers[v], make_observer(o_.observer, grid));
  }
  for (size_t s = 0; s < samples.size(); ++s) {
    const CalibrationSample& sample = samples[s];
    if (sample.inputs.size() != model->input_count()) {
      return error("calibration sample {} has {} inputs, the model {}", sample.origin,
                   sample.inputs.size(), model->input_count());
    }
    for (size_t i = 0; i < model->input_count(); ++i) {
      const auto dst = model->input_data(i);
      if (sample.inputs[i].size() * sizeof(float) != dst.size()) {
        return error("calibration sample {} input {} has {} values, the model needs {}",
                     sample.origin, i, sample.inputs[i].size(), dst.size() / sizeof(float));
      }
      std::memcpy(dst.data(), sample.inputs[i].data(), dst.size());
    }
    model->reset_variables();  // each sample is a sequence of its own (LSTM, SVDF state)
    OCTET_RETURN_IF_ERROR(
        model->invoke().with_context(fmt::format("running calibration sample {}", sample.origin)));
    for (ValueId v = 0; v < static_cast<ValueId>(g_.values.size()); ++v) {
      if (!observers[v]) continue;
      const auto bytes = model->tensor_data(v);
      const std::span<const float> values(reinterpret_cast<const float*>(bytes.data()),
                                          bytes.size() / sizeof(float));
      for (float x : values) {
        if (!std::isfinite(x)) {
          return error(
              "calibration sample {}: tensor '{}' holds a non-finite value ({}); the float "
              "model produces NaN or Inf on this input",
              sample.origin, g_.value(v).name, x);
        }
      }
      observers[v]->observe(values);
    }
    // States whose range spans the time steps inside one invoke (the LSTM cell).
    for (const Node& n : g_.nodes) {
      for (const StateInput& st : op_def(n.op).quant.states) {
        const ValueId state = n.input(st.input);
        if (st.quant != StateQuant::kLstmCell || keeps_float(n) || state == kNoValue ||
            !observers[state]) {
          continue;
        }
        const auto bytes = model->tensor_data(n.inputs[0]);
        OCTET_RETURN_IF_ERROR(replay_lstm_cell_state(
            g_, n,
            std::span<const float>(reinterpret_cast<const float*>(bytes.data()),
                                   bytes.size() / sizeof(float)),
            [&](std::span<const float> c) { observers[state]->observe(c); }));
      }
    }
    if (o_.progress) {
      o_.progress(Progress{"calibrating", "samples", static_cast<int64_t>(s + 1),
                           static_cast<int64_t>(samples.size())});
    }
  }
  ranges_.assign(g_.values.size(), std::nullopt);
  for (ValueId v = 0; v < static_cast<ValueId>(g_.values.size()); ++v) {
    if (!observers[v]) continue;
    auto r = observers[v]->range();
    // A tensor without finite values (empty) gets a harmless unit range.
    ranges_[v] = r.ok() ? *r : ClipRange{0.0f, 1.0f};
  }
  report_.calibration_samples = static_cast<int>(samples.size());
  return Status::Ok();
}

Status Quantizer::assign_params() {
  params_.assign(g_.values.size(), std::nullopt);
  auto observed = [&](ValueId v) {
    const ClipRange r = ranges_[v].value_or(ClipRange{0.0f, 1.0f});
    return activation_params(act_, r.min, r.max);
  };
  for (ValueId v : g_.inputs) {
    if (is_float_activation(g_.value(v))) params_[v] = observed(v);
  }
  for (const Node& n : g_.nodes) {
    const QuantRule& rule = op_def(n.op).quant;
    for (size_t k = 0; k < n.outputs.size(); ++k) {
      const ValueId out = n.outputs[k];
      if (!is_float_activation(g_.value(out))) continue;
      if (keeps_float(n)) {
        params_[out] = observed(out);  // for the QUANTIZE that follows the float op
        continue;
      }
      if (const FixedOutputQuant* f = rule.fixed_output_for(act_, act_)) {
        params_[out] = QuantParams::per_tensor(f->scale, f->zero_point);
        continue;
      }
      const ValueId src =
          rule.output_keeps_input >= 0 ? n.input(rule.output_keeps_input) : kNoValue;
      if (src != kNoValue && g_.value(src).type.dtype == DType::kFloat32) {
        if (g_.value(src).is_constant()) {
          const auto data = g_.value(src).as<float>();
          const auto [lo, hi] = std::minmax_element(data.begin(), data.end());
          params_[out] = data.empty() ? observed(out) : activation_params(act_, *lo, *hi);
        } else {
          params_[out] = params_[src];
        }
        if (!params_[out]) params_[out] = observed(out);
        continue;
      }
      params_[out] = observed(out);
    }
    if (keeps_float(n)) continue;
    for (const StateInput& st : rule.states) {
      const ValueId v = n.input(st.input);
      if (v == kNoValue || !is_float_activation(g_.value(v))) continue;
      if (st.quant == StateQuant::kOutput) {
        params_[v] = params_[n.outputs[0]];
        continue;
      }
      const ClipRange r = ranges_[v].value_or(ClipRange{0.0f, 1.0f});
      float m = std::max(std::abs(r.min), std::abs(r.max));
      if (!(m > 0.0f)) m = 1.0f;
      if (st.quant == StateQuant::kInt16) {
        params_[v] = QuantParams::per_tensor(m / 32767.0f, 0);
      } else {
        // 2^ceil(log2 m) / 2^15: the fewest integer bits that hold the range (2^-15 at least:
        // a cell state within +-1 still gets the full fraction; 2^3 at most, the largest scale
        // the integer LSTM's tanh takes).
        const int power = std::clamp(static_cast<int>(std::ceil(std::log2(m))) - 15, -15, 3);
        params_[v] = QuantParams::per_tensor(std::ldexp(1.0f, power), 0);
      }
    }
  }
  return Status::Ok();
}

// A quantized per-tensor copy of float constant v with params q (one per (value, params)).
ValueId Quantizer::quantized_constant(ValueId v, const QuantParams& q, DType t) {
  const std::string key = fmt::format("{}:{}:{}", dtype_name(t), q.scale(), q.zero_point());
  auto it = constant_cache_.find({v, key});
  if (it != constant_cache_.end()) return it->second;
  const Value& src = g_.value(v);
  TensorType type{t, src.type.shape, q};
  const ValueId id = out_.add_constant(src.name, type, quantize_values(src.as<float>(), t, q));
  constant_cache_[{v, key}] = id;
  return id;
}

Result<ValueId> Quantizer::quantized_weights(ValueId wv, int axis, bool per_channel, DType dtype,
                                             std::vector<float>* scales) {
  const Value& w = g_.value(wv);
  const Shape& s = w.type.shape;
  const int32_t channels = s[axis];
  const auto data = w.as<float>();
  int64_t inner = 1;
  for (int d = axis + 1; d < s.rank(); ++d) inner *= s[d];
  auto channel_of = [&](size_t i) { return static_cast<int32_t>((i / inner) % channels); };
  std::vector<float> max_abs(per_channel ? channels : 1, 0.0f);
  for (size_t i = 0; i < data.size(); ++i) {
    float& m = max_abs[per_channel ? channel_of(i) : 0];
    m = std::max(m, std::abs(data[i]));
  }
  // Symmetric over [-127, 127] (TFLite's narrow range for weights; int16: [-32767, 32767]); an
  // all-zero channel gets scale 1 so its bias scale stays well defined.
  const float qmax = dtype == DType::kInt16 ? 32767.0f : 127.0f;
  scales->clear();
  for (float m : max_abs) scales->push_back(m > 0.0f ? m / qmax : 1.0f);
  std::vector<float> rounded(data.size());
  for (size_t i = 0; i < data.size(); ++i) {
    const float sc = (*scales)[per_channel ? channel_of(i) : 0];
    rounded[i] = std::clamp(std::round(data[i] / sc), -qmax, qmax);
  }
  QuantParams qp;
  qp.scales = *scales;
  qp.zero_points.assign(scales->size(), 0);
  qp.axis = qp.scales.size() > 1 ? axis : 0;
  // The values are integers in range: quantizing them with scale 1 only narrows them.
  return out_.add_constant(w.name, TensorType{dtype, s, qp},
                           quantize_values(rounded, dtype, QuantParams::per_tensor(1.0f, 0)));
}

Result<ValueId> Quantizer::quantized_bias(ValueId bv, float input_scale,
                                          const std::vector<float>& ws) {
  const Value& b = g_.value(bv);
  if (b.type.dtype != DType::kFloat32) {
    return error("bias '{}' is {}, expected float32", b.name, dtype_name(b.type.dtype));
  }
  const auto data = b.as<float>();
  QuantParams qp;
  const size_t channels = data.size();
  for (size_t c = 0; c < channels; ++c)
    qp.scales.push_back(input_scale * ws[ws.size() == 1 ? 0 : c]);
  qp.zero_points.assign(qp.scales.size(), 0);
  if (qp.scales.size() == 1 || ws.size() == 1) {
    qp.scales.resize(1);
    qp.zero_points.resize(1);
  }
  const DType t = act_ == DType::kInt16 ? DType::kInt64 : DType::kInt32;
  const double lo = t == DType::kInt32 ? std::numeric_limits<int32_t>::min() : -9.2e18;
  const double hi = t == DType::kInt32 ? std::numeric_limits<int32_t>::max() : 9.2e18;
  std::vector<uint8_t> bytes(channels * dtype_size(t));
  for (size_t c = 0; c < channels; ++c) {
    const double v = std::clamp(std::round(static_cast<double>(data[c]) / qp.scale(c)), lo, hi);
    const int64_t q = static_cast<int64_t>(v);
    std::memcpy(&bytes[c * dtype_size(t)], &q, dtype_size(t));
  }
  return out_.add_constant(b.name, TensorType{t, b.type.shape, qp}, std::move(bytes));
}

Result<std::map<int, ValueId>> Quantizer::quantized_special_inputs(const Node& n) {
  const QuantRule& rule = op_def(n.op).quant;
  std::map<int, ValueId> out;
  for (const StateInput& st : rule.states) {
    const ValueId v = n.input(st.input);
    if (v == kNoValue || !is_float_activation(g_.value(v))) continue;
    const Value& src = g_.value(v);
    const DType t = st.quant == StateQuant::kOutput ? act_ : DType::kInt16;
    const ValueId iv = out_.add_activation(src.name, TensorType{t, src.type.shape, *params_[v]});
    out_.value(iv).variable = true;
    out[st.input] = iv;
  }
  for (const PerTensorWeights& pw : rule.per_tensor_weights) {
    const ValueId w = n.input(pw.weights);
    if (w == kNoValue || g_.value(w).type.dtype != DType::kFloat32) continue;
    std::vector<float> scales;
    OCTET_ASSIGN_OR_RETURN(out[pw.weights], quantized_weights(w, 0, false, pw.dtype, &scales));
    const ValueId b = pw.bias >= 0 ? n.input(pw.bias) : kNoValue;
    const ValueId scale_source = n.input(pw.bias_scale_input);
    if (b == kNoValue || scale_source == kNoValue || !params_[scale_source]) continue;
    OCTET_ASSIGN_OR_RETURN(out[pw.bias], quantized_bias(b, params_[scale_source]->scale(), scales));
  }
  return out;
}

Result<Graph> Quantizer::build() {
  OCTET_RETURN_IF_ERROR(assign_params());
  out_ = Graph();
  out_.description = "quantized by octet";
  const size_t n_values = g_.values.size();
  // Integer version of every value that has one (activations), or the value itself (int tensors).
  std::vector<ValueId> int_id(n_values, kNoValue);
  // Float version of activations that float ops (or float model boundaries) need.
  std::vector<ValueId> float_id(n_values, kNoValue);
  auto make_int = [&](ValueId v) {
    const Value& src = g_.value(v);
    return out_.add_activation(src.name, TensorType{act_, src.type.shape, *params_[v]});
  };
  auto make_float = [&](ValueId v, const std::string& suffix) {
    const Value& src = g_.value(v);
    return out_.add_activation(src.name + suffix, src.type);
  };
  auto add_node = [&](OpKind op, std::vector<ValueId> ins, std::vector<ValueId> outs) {
    Node n;
    n.op = op;
    n.inputs = std::move(ins);
    n.outputs = std::move(outs);
    out_.nodes.push_back(std::move(n));
  };

  // Non-float values (int32 shapes, indices; and non-float constants) carry over as they are.
  std::vector<ValueId> same_id(n_values, kNoValue);
  auto carry = [&](ValueId v) {
    if (same_id[v] == kNoValue) same_id[v] = out_.add_value(g_.value(v));
    return same_id[v];
  };

  // Model inputs.
  for (ValueId v : g_.inputs) {
    if (!is_float_activation(g_.value(v))) {
      out_.inputs.push_back(carry(v));
      continue;
    }
    const QuantParams& q = *params_[v];
    switch (o_.io) {
      case IoType::kInt8:
        int_id[v] = make_int(v);
        out_.inputs.push_back(int_id[v]);
        break;
      case IoType::kFloat: {
        float_id[v] = out_.add_value(g_.value(v));
        out_.inputs.push_back(float_id[v]);
        int_id[v] = out_.add_activation(g_.value(v).name + "/quantized",
                                        TensorType{act_, g_.value(v).type.shape, q});
        add_node(OpKind::kQuantize, {float_id[v]}, {int_id[v]});
        break;
      }
      case IoType::kUInt8: {
        if (act_ != DType::kInt8) return error("--io uint8 needs int8 activations");
        const ValueId u8 = out_.add_activation(
            g_.value(v).name, TensorType{DType::kUInt8, g_.value(v).type.shape,
                                         QuantParams::per_tensor(q.scale(), q.zero_point() + 128)});
        out_.inputs.push_back(u8);
        int_id[v] = out_.add_activation(g_.value(v).name + "/int8",
                                        TensorType{act_, g_.value(v).type.shape, q});
        add_node(OpKind::kQuantize, {u8}, {int_id[v]});
        break;
      }
    }
  }

  auto integer_input = [&](ValueId v) -> ValueId {
    if (int_id[v] != kNoValue) return int_id[v];
    // A float activation only available as float (output of a float op): quantize it here.
    const ValueId iv = make_int(v);
    add_node(OpKind::kQuantize, {float_id[v]}, {iv});
    int_id[v] = iv;
    return iv;
  };
  auto float_input = [&](ValueId v) -> ValueId {
    if (float_id[v] != kNoValue) return float_id[v];
    const ValueId fv = make_float(v, "/dequantized");
    add_node(OpKind::kDequantize, {int_id[v]}, {fv});
    float_id[v] = fv;
    return fv;
  };

  for (size_t i = 0; i < g_.nodes.size(); ++i) {
    const Node& n = g_.nodes[i];
    Node q = n;
    if (keeps_float(n)) {
      for (ValueId& v : q.inputs) {
        if (v == kNoValue) continue;
        // A float op's state (variable tensor) stays float with it.
        const Value& val = g_.value(v);
        v = is_float_activation(val) && !val.variable ? float_input(v) : carry(v);
      }
      for (ValueId& v : q.outputs) {
        if (is_float_activation(g_.value(v))) {
          float_id[v] = out_.add_value(g_.value(v));
          v = float_id[v];
        } else {
          v = carry(v);
        }
      }
      report_.notes.push_back(fmt::format("{} stays float{}", g_.node_label(i),
                                          o_.allow_float.count(n.op) ? " (--allow-float)" : ""));
      out_.nodes.push_back(std::move(q));
      continue;
    }
    const QuantRule& rule = op_def(n.op).quant;
    if (rule.int16_general_scales && act_ == DType::kInt16) q.attrs.pot_scale_int16 = false;
    std::vector<float> weight_scales;
    OCTET_ASSIGN_OR_RETURN(const auto special, quantized_special_inputs(n));
    for (size_t k = 0; k < n.inputs.size(); ++k) {
      const ValueId v = n.inputs[k];
      if (v == kNoValue) continue;
      if (auto it = special.find(static_cast<int>(k)); it != special.end()) {
        q.inputs[k] = it->second;
        continue;
      }
      const Value& val = g_.value(v);
      if (val.type.dtype != DType::kFloat32) {
        q.inputs[k] = carry(v);
        continue;
      }
      if (!val.is_constant()) {
        q.inputs[k] = integer_input(v);
        continue;
      }
      // Float constants: quantized per use.
      const int input = static_cast<int>(k);
      if (input == rule.weights_input) {
        OCTET_ASSIGN_OR_RETURN(q.inputs[k], quantized_weights(v, rule.weights_axis, o_.per_channel,
                                                              DType::kInt8, &weight_scales));
      } else if (input == rule.bias_input) {
        const float in_scale = params_[n.inputs[rule.activation_input]]->scale();
        OCTET_ASSIGN_OR_RETURN(q.inputs[k], quantized_bias(v, in_scale, weight_scales));
      } else if (input == rule.int8_input) {
        const auto data = val.as<float>();
        const auto [lo, hi] = std::minmax_element(data.begin(), data.end());
        q.inputs[k] = quantized_constant(v,
                                         data.empty() ? activation_params(DType::kInt8, 0, 1)
                                                      : activation_params(DType::kInt8, *lo, *hi),
                                         DType::kInt8);
      } else if (input == rule.constant_takes_input0_quant) {
        q.inputs[k] = quantized_constant(v, *params_[n.inputs[0]], act_);
      } else if (input == rule.symmetric_constant) {
        float m = 0.0f;
        for (float x : val.as<float>()) m = std::max(m, std::abs(x));
        if (!(m > 0.0f)) m = 1.0f;
        const QuantParams sym = act_ == DType::kInt16 ? activation_params(act_, -m, m)
                                                      : QuantParams::per_tensor(m / 127.0f, 0);
        q.inputs[k] = quantized_constant(v, sym, act_);
      } else if (rule.inputs_take_output_quant) {
        q.inputs[k] = quantized_constant(v, *params_[n.outputs[0]], act_);
      } else {
        const auto data = val.as<float>();
        const auto [lo, hi] = std::minmax_element(data.begin(), data.end());
        q.inputs[k] = quantized_constant(
            v, data.empty() ? activation_params(act_, 0, 1) : activation_params(act_, *lo, *hi),
            act_);
      }
    }
    // Kernels that do not requantize (CONCATENATION, PACK...) need every input on the output's
    // parameters, ADD_N on input 0's: requantize the ones that differ.
    if (rule.inputs_take_output_quant || rule.inputs_take_input0_quant) {
      const QuantParams& oq =
          rule.inputs_take_output_quant ? *params_[n.outputs[0]] : *out_.type(q.inputs[0]).quant;
      for (size_t k = 0; k < q.inputs.size(); ++k) {
        const TensorType& t = out_.type(q.inputs[k]);
        if (!t.quant ||
            (t.quant->scale() == oq.scale() && t.quant->zero_point() == oq.zero_point())) {
          continue;
        }
        const ValueId rq = out_.add_activation(out_.value(q.inputs[k]).name + "/requantized",
                                               TensorType{act_, t.shape, oq});
        add_node(OpKind::kQuantize, {q.inputs[k]}, {rq});
        report_.notes.push_back(
            fmt::format("{} input {}: requantized to the output's scale", g_.node_label(i), k));
        q.inputs[k] = rq;
      }
    }
    for (ValueId& v : q.outputs) {
      if (is_float_activation(g_.value(v))) {
        int_id[v] = make_int(v);
        v = int_id[v];
      } else {
        v = carry(v);
      }
    }
    out_.nodes.push_back(std::move(q));
  }

  // Model outputs.
  for (ValueId v : g_.outputs) {
    if (!is_float_activation(g_.value(v))) {
      out_.outputs.push_back(carry(v));
      continue;
    }
    if (o_.io == IoType::kFloat) {
      if (float_id[v] != kNoValue && int_id[v] == kNoValue) {
        out_.outputs.push_back(float_id[v]);  // produced by a float op
        continue;
      }
      const ValueId fv = out_.add_activation(g_.value(v).name, g_.value(v).type);
      out_.value(int_id[v]).name += "/int";
      add_node(OpKind::kDequantize, {int_id[v]}, {fv});
      out_.outputs.push_back(fv);
      continue;
    }
    const ValueId iv = integer_input(v);
    if (o_.io == IoType::kUInt8) {
      const QuantParams& q = *out_.type(iv).quant;
      const ValueId u8 = out_.add_activation(
          g_.value(v).name, TensorType{DType::kUInt8, g_.value(v).type.shape,
                                       QuantParams::per_tensor(q.scale(), q.zero_point() + 128)});
      out_.value(iv).name += "/int8";
      add_node(OpKind::kQuantize, {iv}, {u8});
      out_.outputs.push_back(u8);
      continue;
    }
    out_.outputs.push_back(iv);
  }
  out_.remove_unused_values();
  OCTET_RETURN_IF_ERROR(verify_graph(out_).with_context("quantized graph is invalid (octet bug)"));
  return std::move(out_);
}

}  // namespace

QuantParams choose_quant_params(float rmin_f, float rmax_f, int32_t qmin, int32_t qmax) {
  double rmin = std::min<double>(rmin_f, 0.0), rmax = std::max<double>(rmax_f, 0.0);
  if (rmax - rmin < 1e-30) rmax = rmin + 1.0;  // an all-zero tensor: any scale represents it
  const double scale = (rmax - rmin) / (qmax - qmin);
  const double zp_from_min = qmin - rmin / scale;
  const double zp_from_max = qmax - rmax / scale;
  const double err_min = std::abs(qmin) + std::abs(rmin / scale);
  const double err_max = std::abs(qmax) + std::abs(rmax / scale);
  const double zp = err_min < err_max ? zp_from_min : zp_from_max;
  const int64_t nudged = zp < qmin ? qmin : zp > qmax ? qmax : static_cast<int64_t>(std::round(zp));
  return QuantParams::per_tensor(static_cast<float>(scale), nudged);
}

Status prepare_float_graph(Graph& g, QuantizeReport* report) {
  QuantizeReport local;
  QuantizeReport& r = report ? *report : local;
  OCTET_ASSIGN_OR_RETURN(r.folded_constants, fold_constants(g));
  OCTET_ASSIGN_OR_RETURN(r.folded_batch_norms, fold_batch_norm(g));
  OCTET_ASSIGN_OR_RETURN(r.fused_activations, fuse_activations(g));
  OCTET_ASSIGN_OR_RETURN(int dead, remove_dead_nodes(g));
  (void)dead;
  return verify_graph(g);
}

std::vector<FloatOpReason> ops_without_integer_form(const Graph& g, const QuantizeOptions& o) {
  std::vector<FloatOpReason> out;
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    const Node& n = g.nodes[i];
    const QuantRule& rule = op_def(n.op).quant;
    auto computed = [&](int input) {
      return input >= 0 && g.has_input(n, input) && !g.value(n.inputs[input]).is_constant();
    };
    std::string reason;
    if (n.op == OpKind::kUnsupported) {
      reason = fmt::format("octet does not support {}", n.unsupported_name);
    } else if (!rule.has_integer_form() && !touches_float(g, n)) {
      continue;  // integer values only (a CAST between index types): carried as it is
    } else if (!rule.has_integer_form()) {
      reason = fmt::format("octet has no integer form of {}", op_name(n.op));
    } else if (!rule.has_integer_kernel(o.activations)) {
      reason =
          fmt::format("octet has no {} kernel of {}", dtype_name(o.activations), op_name(n.op));
    } else if (computed(rule.weights_input) || computed(rule.bias_input) ||
               std::any_of(rule.per_tensor_weights.begin(), rule.per_tensor_weights.end(),
                           [&](const PerTensorWeights& w) {
                             return computed(w.weights) || computed(w.bias);
                           })) {
      reason = "weights or bias are computed at run time, not constants";
    } else if (o.activations == DType::kInt16 && computed(rule.int8_input)) {
      reason = fmt::format("input {} must be int8 next to int16 activations, and is computed",
                           rule.int8_input);
    } else if (!rule.fused_activation && n.attrs.activation != FusedActivation::kNone) {
      reason = fmt::format("fused activation on {} has no integer kernel", op_name(n.op));
    }
    if (!reason.empty() && !rule.no_integer_reason.empty()) {
      reason += fmt::format(" ({})", rule.no_integer_reason);
    }
    if (reason.empty()) continue;
    std::string tensors;
    for (ValueId v : n.outputs)
      tensors += fmt::format("{}'{}'", tensors.empty() ? "" : ", ", g.value(v).name);
    out.push_back(FloatOpReason{
        i,
        fmt::format("#{} {} (outputs {})", i,
                    n.op == OpKind::kUnsupported ? n.unsupported_name : std::string(op_name(n.op)),
                    tensors),
        reason});
  }
  return out;
}

Result<Graph> quantize_model(const Graph& float_graph,
                             const std::vector<CalibrationSample>& samples,
                             const QuantizeOptions& options, QuantizeReport* report) {
  QuantizeReport local;
  QuantizeReport& r = report ? *report : local;
  if (options.activations != DType::kInt8 && options.activations != DType::kInt16) {
    return error("activations must be int8 or int16, not {}", dtype_name(options.activations));
  }
  Graph g = float_graph;
  for (const Value& v : float_graph.values) {
    if (v.is_constant() || !is_quantizable_integer(v.type.dtype) || !v.type.quant) continue;
    // A quantized model: if it is already integer-only there is nothing to do; if some layers
    // were left float between DEQUANTIZE and QUANTIZE, lift it to float and quantize it whole.
    const CoverageReport coverage = integer_coverage(float_graph);
    if (coverage.integer_only()) {
      return error(
          "the model is already integer-only (tensor '{}' is {}); octet quantize takes "
          "a float, hybrid or partially quantized model",
          v.name, v.type.to_string());
    }
    OCTET_ASSIGN_OR_RETURN(int lifted, lift_to_float(g));
    r.notes.push_back(fmt::format(
        "the model was partially quantized ({}); lifted {} quantized tensors to float and "
        "quantized the whole model",
        coverage.verdict(float_graph), lifted));
    break;
  }
  OCTET_RETURN_IF_ERROR(prepare_float_graph(g, &r));

  // Fail before calibrating when full integer is impossible.
  std::vector<std::string> blockers;
  for (const FloatOpReason& f : ops_without_integer_form(g, options)) {
    const Node& n = g.nodes[f.node];
    if (n.op != OpKind::kUnsupported && options.allow_float.count(n.op)) continue;
    blockers.push_back(fmt::format("  {}: {}", f.label, f.reason));
    r.blocking_ops.push_back(f);
  }
  if (!blockers.empty() &&
      (options.require_integer || std::any_of(g.nodes.begin(), g.nodes.end(), [](const Node& n) {
         return n.op == OpKind::kUnsupported;
       }))) {
    return error(
        "{} op{} cannot be integer (allow an op type to stay float with --allow-float "
        "OP):\n{}",
        blockers.size(), blockers.size() == 1 ? "" : "s", fmt::join(blockers, "\n"));
  }

  Quantizer q(std::move(g), options, r);
  OCTET_RETURN_IF_ERROR(q.calibrate(samples));
  OCTET_ASSIGN_OR_RETURN(Graph out, q.build());

  // The proof.
  r.coverage = integer_coverage(out);
  for (const OpCoverage& c : r.coverage.ops) {
    if (c.arithmetic != OpArithmetic::kFloat) continue;
    const Node& n = out.nodes[c.node];
    if (options.require_integer && !options.allow_float.count(n.op) && n.op != OpKind::kQuantize &&
        n.op != OpKind::kDequantize) {
      return error("octet bug: {} stayed float after quantization ({})", out.node_label(c.node),
                   c.reason);
    }
  }
  return out;
}

}  // namespace octet
