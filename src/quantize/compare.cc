// compare.cc - see compare.h.
#include "quantize/compare.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>

#include "runtime/compiled_model.h"

namespace octet {

namespace {

// Real values of a tensor's bytes (dequantized when quantized).
void to_real(const TensorType& t, std::span<const uint8_t> bytes, std::vector<double>& out) {
  const int64_t n = t.elements();
  out.resize(n);
  const double scale = t.quant ? t.quant->scale() : 1.0;
  const double zp = t.quant ? static_cast<double>(t.quant->zero_point()) : 0.0;
  for (int64_t i = 0; i < n; ++i) {
    double raw = 0;
    switch (t.dtype) {
      case DType::kFloat32: {
        float f;
        std::memcpy(&f, bytes.data() + 4 * i, 4);
        out[i] = f;
        continue;
      }
      case DType::kInt8:
        raw = static_cast<int8_t>(bytes[i]);
        break;
      case DType::kUInt8:
        raw = bytes[i];
        break;
      case DType::kInt16: {
        int16_t v;
        std::memcpy(&v, bytes.data() + 2 * i, 2);
        raw = v;
        break;
      }
      case DType::kInt32: {
        int32_t v;
        std::memcpy(&v, bytes.data() + 4 * i, 4);
        raw = v;
        break;
      }
      default:
        raw = 0;
    }
    out[i] = (raw - zp) * scale;
  }
}

// Bytes of a model input from float values: quantized with the input's parameters if needed.
std::vector<uint8_t> from_real(const TensorType& t, const std::vector<float>& x) {
  std::vector<uint8_t> out(static_cast<size_t>(t.byte_size()));
  if (t.dtype == DType::kFloat32) {
    std::memcpy(out.data(), x.data(), out.size());
    return out;
  }
  const double scale = t.quant ? t.quant->scale() : 1.0;
  const double zp = t.quant ? static_cast<double>(t.quant->zero_point()) : 0.0;
  const size_t es = dtype_size(t.dtype);
  for (size_t i = 0; i < x.size(); ++i) {
    const double q =
        std::clamp(std::round(x[i] / scale) + zp, static_cast<double>(dtype_min(t.dtype)),
                   static_cast<double>(dtype_max(t.dtype)));
    const int64_t v = static_cast<int64_t>(q);
    std::memcpy(out.data() + i * es, &v, es);
  }
  return out;
}

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
      const auto fb = from_real(fm->input_type(i), sample.inputs[i]);
      const auto qb = from_real(qm->input_type(i), sample.inputs[i]);
      if (fb.size() != fm->input_data(i).size() || qb.size() != qm->input_data(i).size()) {
        return error("sample {} input {} does not fit the models' input shapes", sample.origin, i);
      }
      std::copy(fb.begin(), fb.end(), fm->input_data(i).begin());
      std::copy(qb.begin(), qb.end(), qm->input_data(i).begin());
    }
    OCTET_RETURN_IF_ERROR(fm->invoke().with_context("float model"));
    OCTET_RETURN_IF_ERROR(qm->invoke().with_context("quantized model"));
    for (Pair& p : pairs) {
      to_real(fg.type(p.f), fm->tensor_data(p.f), f_real);
      to_real(qg.type(p.q), qm->tensor_data(p.q), q_real);
      p.acc.add(f_real, q_real);
    }
    for (size_t j = 0; j < fg.outputs.size(); ++j) {
      to_real(fm->output_type(j), fm->output_data(j), f_real);
      to_real(qm->output_type(j), qm->output_data(j), q_real);
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
    r.layers.push_back(TensorError{qg.value(p.q).name, p.op, qg.type(p.q).elements(), p.acc.sqnr(),
                                   p.acc.max_abs});
  }
  std::stable_sort(
      r.layers.begin(), r.layers.end(),
      [](const TensorError& a, const TensorError& b) { return a.sqnr_db < b.sqnr_db; });
  const auto float_producers = fg.producers();
  for (size_t j = 0; j < fg.outputs.size(); ++j) {
    const ValueId v = qg.outputs[j];
    r.outputs.push_back(TensorError{qg.value(v).name, "output", qg.type(v).elements(),
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

}  // namespace octet
