// ops.cc - `octet ops [FOLDER...]`: every op octet reads, with the dtypes it runs at each kernel
// level, found by building the plans of the models under the folders for every target
// (report/op_support.h). --markdown prints the README's table; --update FILE rewrites the table
// between the markers in FILE (README.md).
#include <fstream>
#include <sstream>

#include "report/op_support.h"
#include "tools/octet/commands.h"

namespace octet::cli {

namespace {

struct OpsOptions {
  std::vector<std::string> folders;
  bool markdown = false;
  std::string update;
};

int run_ops(const OpsOptions& o) {
  int files = 0;
  const std::vector<Graph> graphs = read_models_under(o.folders, &files);
  const std::vector<OpSupport> table = op_support(graphs);
  if (o.update.empty()) {
    if (o.markdown) {
      fmt::print("{}", op_support_markdown(table));
    } else {
      fmt::print("{:<28}", "op");
      for (std::string_view level : kOpSupportLevels) fmt::print(" {:<22}", level);
      fmt::print("\n");
      for (const OpSupport& row : table) {
        fmt::print("{:<28}", op_name(row.op));
        for (const auto& dtypes : row.dtypes) {
          std::string cell;
          for (const std::string& d : dtypes) cell += (cell.empty() ? "" : ",") + d;
          fmt::print(" {:<22}", cell.empty() ? "-" : cell);
        }
        fmt::print("\n");
      }
    }
    fmt::print(stderr, "{} ops; {} models read\n", table.size(), files);
    return 0;
  }
  std::ifstream in(o.update, std::ios::binary);
  if (!in) return fail(fmt::format("cannot read '{}'", o.update));
  std::stringstream doc;
  doc << in.rdbuf();
  in.close();
  auto updated = splice_op_table(doc.str(), op_support_markdown(table));
  if (!updated.ok()) return fail(fmt::format("'{}': {}", o.update, updated.message()));
  std::ofstream out(o.update, std::ios::binary | std::ios::trunc);
  out << *updated;
  if (!out) return fail(fmt::format("cannot write '{}'", o.update));
  fmt::print(stderr, "'{}': op table of {} ops from {} models\n", o.update, table.size(), files);
  return 0;
}

}  // namespace

void add_ops(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<OpsOptions>();
  CLI::App* cmd = app.add_subcommand(
      "ops",
      "List every op octet reads with the dtypes it runs at each kernel level (reference, avx2, "
      "avx512vnni, Cortex-M dsp), from the plans of the models in the folders");
  cmd->add_option("folders", o->folders,
                  "Folders searched for .tflite models (the README's table: ../shared/golden-ops "
                  "../shared/models)");
  cmd->add_flag("--markdown", o->markdown, "Print the table as markdown");
  cmd->add_option("--update", o->update,
                  "Rewrite the op table between the markers of this file (README.md)");
  cmd->callback([o, &exit_code] { exit_code = run_ops(*o); });
}

}  // namespace octet::cli
