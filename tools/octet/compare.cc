// compare.cc - `octet compare FLOAT.tflite INT8.tflite --data DATA`: per-layer SQNR of the
// quantized model against the float one, worst first, plus output SQNR and top-1 agreement.
#include "quantize/compare.h"
#include "frontend/tflite/reader.h"
#include "tools/octet/commands.h"
#include "tools/octet/data_options.h"

namespace octet::cli {

namespace {

struct CompareCliOptions {
  std::string float_model, quant_model;
  DataOptions data;
  size_t layers = 20;
};

int run_compare(const CompareCliOptions& o) {
  if (o.data.source.empty())
    return fail("--data is required (a folder, an .npy/.npz file, or 'random')");
  auto fg = read_tflite_file(o.float_model);
  if (!fg.ok()) return fail(fg.status());
  auto qg = read_tflite_file(o.quant_model);
  if (!qg.ok()) return fail(qg.status());
  std::vector<TensorType> types;
  std::vector<std::string> names;
  for (ValueId v : fg->inputs) {
    types.push_back(fg->type(v));
    names.push_back(fg->value(v).name);
  }
  auto copts = to_calibration_options(o.data, names);
  if (!copts.ok()) return fail(copts.status());
  ProgressReporter reporter(o.data.quiet ? ProgressStyle::kQuiet : ProgressStyle::kAuto);
  auto samples = load_calibration(types, *copts, reporter.callback());
  if (!samples.ok()) return fail(samples.status());
  auto r = compare_models(*fg, *qg, *samples, reporter.callback());
  reporter.finish();
  if (!r.ok()) return fail(r.status());
  fmt::print("{}", format_compare(*r, o.layers));
  return 0;
}

}  // namespace

void add_compare(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<CompareCliOptions>();
  CLI::App* cmd = app.add_subcommand(
      "compare",
      "Per-layer quantization error: SQNR of a quantized model's tensors against the float "
      "model's on the same inputs, worst first");
  cmd->add_option("float_model", o->float_model, "Float TFLite model")->required();
  cmd->add_option("quantized_model", o->quant_model, "Quantized TFLite model")->required();
  add_data_options(cmd, o->data, "data", "Input data (not the calibration data)");
  cmd->add_option("--layers", o->layers, "Show at most N layers")->capture_default_str();
  cmd->callback([o, &exit_code] { exit_code = run_compare(*o); });
}

}  // namespace octet::cli
