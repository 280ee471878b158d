// quantize.cc - `octet quantize FLOAT.tflite -o INT8.tflite --calib DATA`: full-integer
// post-training quantization that proves itself (quantize/quantizer.h does the work).
#include <filesystem>

#include "frontend/tflite/reader.h"
#include "frontend/tflite/writer.h"
#include "ir/summary.h"
#include "quantize/observer.h"
#include "quantize/quantizer.h"
#include "tools/octet/commands.h"
#include "tools/octet/data_options.h"

namespace octet::cli {

namespace {

struct QuantizeCliOptions {
  std::string model, output;
  DataOptions data;
  std::string io = "int8";
  std::string activations = "int8";
  std::string observer = "minmax";
  bool per_tensor = false;
  bool require_int8 = true;
  std::vector<std::string> allow_float;
};

int run_quantize(const QuantizeCliOptions& o) {
  if (o.data.source.empty()) {
    return fail(
        "--calib is required: a folder of .npy files or images, an .npy/.npz file, or "
        "'random' (smoke test only)");
  }
  auto graph = read_tflite_file(o.model);
  if (!graph.ok()) return fail(graph.status());

  QuantizeOptions q;
  q.activations = o.activations == "int16" ? DType::kInt16 : DType::kInt8;
  q.io = o.io == "float" ? IoType::kFloat : o.io == "uint8" ? IoType::kUInt8 : IoType::kInt8;
  q.per_channel = !o.per_tensor;
  q.require_integer = o.require_int8;
  q.observer = o.observer;
  if (auto obs = make_observer(o.observer); !obs.ok()) return fail(obs.status());
  for (const std::string& name : o.allow_float) {
    auto op = op_from_name(name);
    if (!op)
      return fail(fmt::format("--allow-float {}: not an op name (e.g. EXP, LOGISTIC)", name));
    q.allow_float.insert(*op);
  }

  std::vector<TensorType> input_types;
  std::vector<std::string> input_names;
  for (ValueId v : graph->inputs) {
    input_types.push_back(graph->type(v));
    input_names.push_back(graph->value(v).name);
  }
  auto copts = to_calibration_options(o.data, input_names);
  if (!copts.ok()) return fail(copts.status());
  if (o.data.source == "random") {
    fmt::print(stderr,
               "octet: WARNING: calibrating on random data. The scales will not match real "
               "inputs:\n  use this only as a smoke test, never for a model you deploy.\n");
  }
  ProgressReporter reporter(o.data.quiet ? ProgressStyle::kQuiet : ProgressStyle::kAuto);
  q.progress = reporter.callback();
  auto samples = load_calibration(input_types, *copts, reporter.callback());
  if (!samples.ok()) return fail(samples.status());

  QuantizeReport report;
  auto quantized = quantize_model(*graph, *samples, q, &report);
  reporter.finish();
  if (!quantized.ok()) return fail(quantized.status());
  Status w = write_tflite_file(*quantized, o.output);
  if (!w.ok()) return fail(w);

  const Graph& g = *quantized;
  fmt::print("calibrated on {} sample{} ({} observer)\n", report.calibration_samples,
             report.calibration_samples == 1 ? "" : "s", o.observer);
  fmt::print("folded {} batch-norm op{}, fused {} activation{}, folded {} constant op{}\n",
             report.folded_batch_norms, report.folded_batch_norms == 1 ? "" : "s",
             report.fused_activations, report.fused_activations == 1 ? "" : "s",
             report.folded_constants, report.folded_constants == 1 ? "" : "s");
  for (const std::string& note : report.notes) fmt::print("note: {}\n", note);
  fmt::print("\ncoverage ({} ops):\n", g.nodes.size());
  for (const OpCoverage& c : report.coverage.ops) {
    const Node& n = g.nodes[c.node];
    std::string types;
    for (ValueId v : n.inputs) {
      if (v != kNoValue && !g.value(v).is_constant())
        types += fmt::format("{} ", dtype_name(g.type(v).dtype));
    }
    types += "->";
    for (ValueId v : n.outputs) types += fmt::format(" {}", dtype_name(g.type(v).dtype));
    const char* kind = c.arithmetic == OpArithmetic::kInteger    ? "integer"
                       : c.arithmetic == OpArithmetic::kBoundary ? "boundary"
                                                                 : "FLOAT";
    fmt::print("  {:>4} {:<20} {:<22} {}{}\n", c.node, op_name(n.op), types, kind,
               c.reason.empty() ? "" : "  (" + c.reason + ")");
  }
  fmt::print("integer-only: {}\n", report.coverage.verdict(g));
  std::error_code ec;
  fmt::print("wrote {} ({} bytes, {} ops)\n", o.output, std::filesystem::file_size(o.output, ec),
             g.nodes.size());
  return 0;
}

}  // namespace

void add_quantize(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<QuantizeCliOptions>();
  CLI::App* cmd = app.add_subcommand(
      "quantize",
      "Quantize a float model to full integer with calibration data, and prove it: fails naming "
      "every op that cannot be integer");
  cmd->add_option("model", o->model,
                  "Float TFLite model: float32, hybrid (int8 weights), or partially quantized "
                  "(float layers between DEQUANTIZE and QUANTIZE)")
      ->required();
  cmd->add_option("-o,--output", o->output, "Quantized .tflite to write")->required();
  add_data_options(cmd, o->data, "calib", "Calibration data");
  cmd->add_option("--io", o->io,
                  "Model input/output type: int8 (like TFLite's inference_input_type=tf.int8), "
                  "uint8, or float (one QUANTIZE per input, one DEQUANTIZE per output)")
      ->check(CLI::IsMember({"int8", "uint8", "float"}))
      ->capture_default_str();
  cmd->add_option("--activations", o->activations,
                  "Activation type: int8, or int16 (TFLite's 16x8 mode: int16 activations, int8 "
                  "weights, int64 biases)")
      ->check(CLI::IsMember({"int8", "int16"}))
      ->capture_default_str();
  cmd->add_option("--observer", o->observer,
                  std::string("Calibration range per tensor: ") + std::string(observer_specs()))
      ->capture_default_str();
  cmd->add_flag("--per-tensor", o->per_tensor,
                "One weight scale per tensor instead of one per output channel");
  cmd->add_flag("--require-int8,!--no-require-int8", o->require_int8,
                "Fail unless every op is integer (default on)");
  cmd->add_option("--allow-float", o->allow_float,
                  "Op types allowed to stay float, e.g. EXP,LOG (they get DEQUANTIZE/QUANTIZE "
                  "around them)")
      ->delimiter(',');
  cmd->callback([o, &exit_code] { exit_code = run_quantize(*o); });
}

}  // namespace octet::cli
