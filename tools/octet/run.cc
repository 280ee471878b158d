// run.cc - `octet run MODEL [--input FILE]...`: runs one inference and writes the outputs.
#include <filesystem>

#include "frontend/tflite/reader.h"
#include "io/tensor_file.h"
#include "runtime/compiled_model.h"
#include "tools/octet/commands.h"

namespace octet::cli {

namespace {

struct RunOptions {
  std::string model;
  std::vector<std::string> inputs;
  std::string output_dir = ".";
  std::string format = "npy";
  uint64_t seed = 0;
  std::string isa;
  std::string dump_tensors;
};

// A short preview of an output: first values, and for a quantized or float vector the argmax with
// its real value.
std::string preview(const TensorType& t, std::span<const uint8_t> data) {
  const int64_t n = t.elements();
  auto real = [&](int64_t i) -> double {
    switch (t.dtype) {
      case DType::kFloat32:
        return reinterpret_cast<const float*>(data.data())[i];
      case DType::kInt8:
        return t.quant ? t.quant->scale() * (reinterpret_cast<const int8_t*>(data.data())[i] -
                                             t.quant->zero_point())
                       : reinterpret_cast<const int8_t*>(data.data())[i];
      case DType::kUInt8:
        return t.quant ? t.quant->scale() * (data[i] - t.quant->zero_point()) : data[i];
      case DType::kInt16:
        return t.quant ? t.quant->scale() * (reinterpret_cast<const int16_t*>(data.data())[i] -
                                             t.quant->zero_point())
                       : reinterpret_cast<const int16_t*>(data.data())[i];
      case DType::kInt32:
        return reinterpret_cast<const int32_t*>(data.data())[i];
      case DType::kInt64:
        return static_cast<double>(reinterpret_cast<const int64_t*>(data.data())[i]);
      case DType::kBool:
        return data[i] != 0 ? 1.0 : 0.0;
      case DType::kUInt32:
        return reinterpret_cast<const uint32_t*>(data.data())[i];
      default:
        return 0.0;
    }
  };
  std::string s = "values";
  for (int64_t i = 0; i < std::min<int64_t>(n, 6); ++i) s += fmt::format(" {:.4g}", real(i));
  if (n > 6) s += " ...";
  if (n > 1) {
    int64_t best = 0;
    for (int64_t i = 1; i < n; ++i) {
      if (real(i) > real(best)) best = i;
    }
    s += fmt::format("   argmax {} ({:.4g})", best, real(best));
  }
  return s;
}

int run_model(const RunOptions& o) {
  auto graph = read_tflite_file(o.model);
  if (!graph.ok()) return fail(graph.status());
  CompileOptions copts;
  if (!o.isa.empty()) {
    auto isa = parse_isa(o.isa);
    if (!isa) return fail(fmt::format("--isa {}: not one of reference, avx2, avx512vnni", o.isa));
    copts.isa = *isa;
  }
  copts.preserve_intermediates = !o.dump_tensors.empty();
  auto compiled = CompiledModel::compile(*graph, copts);
  if (!compiled.ok()) return fail(compiled.status());
  CompiledModel& m = **compiled;
  if (!o.inputs.empty() && o.inputs.size() != m.input_count()) {
    return fail(fmt::format("the model has {} input{}, {} --input given", m.input_count(),
                            m.input_count() == 1 ? "" : "s", o.inputs.size()));
  }
  for (size_t i = 0; i < m.input_count(); ++i) {
    const Value& v = m.graph().value(m.graph().inputs[i]);
    std::vector<uint8_t> bytes;
    if (o.inputs.empty()) {
      bytes = random_tensor(v.type, o.seed + i);
    } else {
      bool quantized = false;
      auto loaded = load_tensor_file(o.inputs[i], v.type, fmt::format("input {} '{}'", i, v.name),
                                     &quantized);
      if (!loaded.ok()) return fail(loaded.status());
      if (quantized) {
        fmt::print("input {}: float32 data quantized to {}\n", i, v.type.to_string());
      }
      bytes = std::move(*loaded);
    }
    std::copy(bytes.begin(), bytes.end(), m.input_data(i).begin());
  }
  if (o.inputs.empty()) {
    fmt::print("inputs: random (seed {}); pass --input FILE per input for real data\n", o.seed);
  }
  Status s = m.invoke();
  if (!s.ok()) return fail(s);

  const TensorFormat format = o.format == "bin" ? TensorFormat::kBin : TensorFormat::kNpy;
  std::error_code ec;
  std::filesystem::create_directories(o.output_dir, ec);
  if (ec)
    return fail(fmt::format("cannot create output directory '{}': {}", o.output_dir, ec.message()));
  for (size_t i = 0; i < m.output_count(); ++i) {
    const Value& v = m.graph().value(m.graph().outputs[i]);
    const std::string path = fmt::format("{}/output_{}.{}", o.output_dir, i, o.format);
    Status w = save_tensor_file(path, format, v.type, m.output_data(i));
    if (!w.ok()) return fail(w);
    fmt::print("output {} '{}': {} -> {}\n  {}\n", i, v.name, v.type.to_string(), path,
               preview(v.type, m.output_data(i)));
  }
  if (!o.dump_tensors.empty()) {
    std::filesystem::create_directories(o.dump_tensors, ec);
    if (ec) return fail(fmt::format("cannot create '{}': {}", o.dump_tensors, ec.message()));
    int written = 0;
    for (ValueId v = 0; v < static_cast<ValueId>(m.graph().values.size()); ++v) {
      if (m.graph().value(v).is_constant() || m.tensor_data(v).empty()) continue;
      Status w = save_tensor_file(fmt::format("{}/tensor_{}.bin", o.dump_tensors, v),
                                  TensorFormat::kBin, m.graph().type(v), m.tensor_data(v));
      if (!w.ok()) return fail(w);
      ++written;
    }
    fmt::print("wrote {} tensors to {} (tensor_<index>.bin)\n", written, o.dump_tensors);
  }
  return 0;
}

}  // namespace

void add_run(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<RunOptions>();
  CLI::App* cmd = app.add_subcommand("run", "Run one inference and write the outputs");
  cmd->add_option("model", o->model, "TFLite model (.tflite)")->required();
  cmd->add_option("-i,--input", o->inputs,
                  "Input tensor file (.npy, or raw .bin of exactly the tensor's bytes); one per "
                  "model input, in order. Without it, inputs are deterministic random data");
  cmd->add_option("-o,--output-dir", o->output_dir, "Where output_<i>.<format> files go")
      ->capture_default_str();
  cmd->add_option("--format", o->format, "Output file format")
      ->check(CLI::IsMember({"npy", "bin"}))
      ->capture_default_str();
  cmd->add_option("--seed", o->seed, "Seed of the random inputs")->capture_default_str();
  cmd->add_option("--isa", o->isa,
                  "Kernel ISA level: reference, avx2, avx512vnni (default: best this CPU has, "
                  "or $OCTET_ISA)");
  cmd->add_option("--dump-tensors", o->dump_tensors,
                  "Also write every intermediate tensor to DIR as tensor_<index>.bin");
  cmd->callback([o, &exit_code] { exit_code = run_model(*o); });
}

}  // namespace octet::cli
