// inspect.cc - `octet inspect MODEL`: one row per op (types, shapes, quantization, MACs), totals,
// and whether the model is integer-only (report/inspect.h). --json for machines, --ir for the IR
// text form.
#include "report/inspect.h"
#include "frontend/tflite/reader.h"
#include "ir/printer.h"
#include "tools/octet/commands.h"

namespace octet::cli {

namespace {

struct InspectOptions {
  std::string model;
  bool json = false;
  bool ir = false;
};

int run_inspect(const InspectOptions& o) {
  TfliteReadOptions read_options;
  read_options.allow_unsupported_ops = true;
  auto graph = read_tflite_file(o.model, read_options);
  if (!graph.ok()) return fail(graph.status());
  if (o.ir) {
    fmt::print("{}", print_graph(*graph));
  } else if (o.json) {
    fmt::print("{}\n", inspect_json(*graph, o.model));
  } else {
    fmt::print("{}", inspect_text(*graph, o.model));
  }
  return 0;
}

}  // namespace

void add_inspect(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<InspectOptions>();
  CLI::App* cmd = app.add_subcommand(
      "inspect",
      "Show a model's ops (types, shapes, quantization, MACs), totals and whether it is "
      "integer-only");
  cmd->add_option("model", o->model, "TFLite model (.tflite)")->required();
  cmd->add_flag("--json", o->json, "Machine-readable output");
  cmd->add_flag("--ir", o->ir, "Print the IR text form instead");
  cmd->callback([o, &exit_code] { exit_code = run_inspect(*o); });
}

}  // namespace octet::cli
