// compare.cc - see compare.h.
#include "quantize/compare.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "io/tensor_file.h"
#include "runtime/compiled_model.h"

namespace octet {

namespace {

struct Accumulator {
  double signal = 0, noise = 0, max_abs = 0;
  void add(const std::vector<double>& f, const std::vector<double>& q) {
    for (size_t i = 0; i < f.size(); ++i) {
      const double d = f[i] - q[i];
      signal += f[i] * f[i];
      noise += d * d;
      max_abs = std::max(max_abs, std::abs(d));
    }
  }
  double sqnr() const {
    if (noise == 0) return std::numeric_limits<double>::infinity();
    if (signal == 0) return -std::numeric_limits<double>::infinity();
    return 10.0 * std::log10(signal / noise);
  }
};

}  // namespace

Result<CompareResult> compare_models(const Graph& fg, const Graph& qg,
                                     const std::vector<CalibrationSample>& samples,
                                     ProgressFn progress) {
  if (samples.empty()) return error("no samples to compare on");
  if (fg.inputs.size() != qg.inputs.size() || fg.outputs.size() != qg.outputs.size()) {
    return error("the models differ in inputs/outputs ({}/{} vs {}/{})", fg.inputs.size(),
                 fg.outputs.size(), qg.inputs.size(), qg.outputs.size());
  }
  CompileOptions options;
  options.preserve_intermediates = true;
  OCTET_ASSIGN_OR_RETURN(auto fm, CompiledModel::compile(fg, options));
  OCTET_ASSIGN_OR_RETURN(auto qm, CompiledModel::compile(qg, options));

  // Shared tensors: same name, same element count, float in the float model.
  std::map<std::string, ValueId> float_by_name;
  for (ValueId v = 0; v < static_cast<ValueId>(fg.values.size()); ++v) {
    if (!fg.value(v).is_constant() && fg.type(v).dtype == DType::kFloat32) {
      float_by_name.emplace(fg.value(v).name, v);
    }
  }
  const auto producers = qg.producers();
  struct Pair {
    ValueId f, q;
    std::string op;
    int node;
    Accumulator acc;
  };
  std::vector<Pair> pairs;
  for (ValueId v = 0; v < static_cast<ValueId>(qg.values.size()); ++v) {
    const Value& val = qg.value(v);
    if (val.is_constant() || qg.is_graph_output(v) || qg.is_graph_input(v)) continue;
    auto it = float_by_name.find(val.name);
    if (it == float_by_name.end() || fg.type(it->second).elements() != val.type.elements())
      continue;
    if (!val.type.quant && val.type.dtype != DType::kFloat32) continue;
    // Tensors the runtime folded away (a PAD merged into its conv) have no data to compare.
    if (qm->tensor_data(v).empty() || fm->tensor_data(it->second).empty()) continue;
    pairs.push_back({it->second,
                     v,
                     producers[v] >= 0 ? std::string(op_name(qg.nodes[producers[v]].op)) : "input",
                     producers[v],
                     {}});
  }
  std::vector<Accumulator> outputs(fg.outputs.size());
  std::vector<int> agree(fg.outputs.size(), 0);
  std::vector<double> f_real, q_real;
  for (size_t s = 0; s < samples.size(); ++s) {
    const CalibrationSample& sample = samples[s];
    if (sample.inputs.size() != fg.inputs.size()) {
      return error("sample {} has {} inputs, the models {}", sample.origin, sample.inputs.size(),
                   fg.inputs.size());
    }
    for (size_t i = 0; i < fg.inputs.size(); ++i) {
      const std::string where = fmt::format("sample {} input {}", sample.origin, i);
      OCTET_RETURN_IF_ERROR(
          real_to_tensor(sample.inputs[i], fm->input_type(i), where, fm->input_data(i)));
      OCTET_RETURN_IF_ERROR(
          real_to_tensor(sample.inputs[i], qm->input_type(i), where, qm->input_data(i)));
    }
    // Each sample is a sequence of its own for stateful ops (LSTM, SVDF).
    fm->reset_variables();
    qm->reset_variables();
    OCTET_RETURN_IF_ERROR(fm->invoke().with_context("float model"));
    OCTET_RETURN_IF_ERROR(qm->invoke().with_context("quantized model"));
    for (Pair& p : pairs) {
      tensor_to_real(fg.type(p.f), fm->tensor_data(p.f), f_real);
      tensor_to_real(qg.type(p.q), qm->tensor_data(p.q), q_real);
      p.acc.add(f_real, q_real);
    }
    for (size_t j = 0; j < fg.outputs.size(); ++j) {
      tensor_to_real(fm->output_type(j), fm->output_data(j), f_real);
      tensor_to_real(qm->output_type(j), qm->output_data(j), q_real);
      if (f_real.size() != q_real.size()) {
        return error("output {} has {} elements in the float model, {} in the quantized one", j,
                     f_real.size(), q_real.size());
      }
      outputs[j].add(f_real, q_real);
      if (!f_real.empty()) {
        const auto fa = std::max_element(f_real.begin(), f_real.end()) - f_real.begin();
        const auto qa = std::max_element(q_real.begin(), q_real.end()) - q_real.begin();
        agree[j] += fa == qa;
      }
    }
    if (progress) {
      progress(Progress{"comparing", "samples", static_cast<int64_t>(s + 1),
                        static_cast<int64_t>(samples.size())});
    }
  }
  CompareResult r;
  r.samples = static_cast<int>(samples.size());
  for (const Pair& p : pairs) {
    r.layers.push_back(TensorError{qg.value(p.q).name, p.op, p.node, qg.type(p.q).elements(),
                                   p.acc.sqnr(), p.acc.max_abs});
  }
  std::stable_sort(
      r.layers.begin(), r.layers.end(),
      [](const TensorError& a, const TensorError& b) { return a.sqnr_db < b.sqnr_db; });
  const auto float_producers = fg.producers();
  for (size_t j = 0; j < fg.outputs.size(); ++j) {
    const ValueId v = qg.outputs[j];
    r.outputs.push_back(TensorError{qg.value(v).name, "output", producers[v], qg.type(v).elements(),
                                    outputs[j].sqnr(), outputs[j].max_abs});
    // Classifier outputs: one probability vector from a SOFTMAX (an autoencoder's 640 values
    // have an argmax too, but it means nothing).
    const Shape& shape = fg.type(fg.outputs[j]).shape;
    const int producer = float_producers[fg.outputs[j]];
    const bool classifier = producer >= 0 && fg.nodes[producer].op == OpKind::kSoftmax &&
                            shape.rank() > 0 && shape.dim(-1) > 1 &&
                            shape.elements() == shape.dim(-1);
    r.top1_agreement.push_back(classifier ? std::optional<double>(double(agree[j]) / samples.size())
                                          : std::nullopt);
  }
  return r;
}

std::string format_compare(const CompareResult& r, size_t max_layers) {
  std::string s = fmt::format("compared on {} sample{}\n", r.samples, r.samples == 1 ? "" : "s");
  auto row = [](const TensorError& e) {
    std::string name = e.name.size() > 60 ? e.name.substr(0, 57) + "..." : e.name;
    return fmt::format("{:>9.2f}  {:>12.6g}  {:>10}  {:<18} {}\n", e.sqnr_db, e.max_abs_error,
                       e.elements, e.op, name);
  };
  const std::string header = fmt::format("{:>9}  {:>12}  {:>10}  {:<18} {}\n", "SQNR dB",
                                         "max |error|", "elements", "op", "tensor");
  s += "\nmodel outputs:\n" + header;
  for (size_t j = 0; j < r.outputs.size(); ++j) {
    s += row(r.outputs[j]);
    if (r.top1_agreement[j]) {
      s += fmt::format("           top-1 agreement: {:.1f}% ({} samples)\n",
                       100.0 * *r.top1_agreement[j], r.samples);
    }
  }
  s += fmt::format("\nlayers, worst first ({} shared tensors{}):\n", r.layers.size(),
                   r.layers.size() > max_layers ? fmt::format(", {} shown", max_layers) : "");
  s += header;
  for (size_t i = 0; i < std::min(max_layers, r.layers.size()); ++i) s += row(r.layers[i]);
  return s;
}

namespace {

nlohmann::json tensor_error_json(const TensorError& e) {
  nlohmann::json sqnr = e.sqnr_db;
  if (std::isinf(e.sqnr_db)) sqnr = e.sqnr_db > 0 ? "inf" : "-inf";
  return {{"name", e.name},         {"op", e.op},      {"node", e.node},
          {"elements", e.elements}, {"sqnr_db", sqnr}, {"max_abs_error", e.max_abs_error}};
}

}  // namespace

std::string compare_json(const CompareResult& r) {
  std::vector<const TensorError*> layers;
  for (const TensorError& e : r.layers) layers.push_back(&e);
  std::stable_sort(layers.begin(), layers.end(),
                   [](const TensorError* a, const TensorError* b) { return a->node < b->node; });
  nlohmann::json j = {{"samples", r.samples},
                      {"layers", nlohmann::json::array()},
                      {"outputs", nlohmann::json::array()}};
  for (const TensorError* e : layers) j["layers"].push_back(tensor_error_json(*e));
  for (size_t k = 0; k < r.outputs.size(); ++k) {
    nlohmann::json o = tensor_error_json(r.outputs[k]);
    o["top1_agreement"] = nullptr;
    if (k < r.top1_agreement.size() && r.top1_agreement[k])
      o["top1_agreement"] = *r.top1_agreement[k];
    j["outputs"].push_back(o);
  }
  return j.dump(1);
}

}  // namespace octet
