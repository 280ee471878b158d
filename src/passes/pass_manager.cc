// pass_manager.cc - see pass_manager.h.
#include "passes/pass_manager.h"

#include <fmt/format.h>

#include <cstdlib>

#include "ir/printer.h"
#include "ir/verify.h"

namespace octet {

Status run_passes(Graph& graph, const std::vector<Pass>& passes, const PassRunOptions& options) {
  const bool print = options.print_each || std::getenv("OCTET_PRINT_IR") != nullptr;
  for (const Pass& pass : passes) {
    auto changes = pass.run(graph);
    if (!changes.ok()) return changes.status().with_context(fmt::format("pass {}", pass.name));
    if (options.log) fmt::print(stderr, "pass {}: {} rewrite(s)\n", pass.name, *changes);
    if (print) fmt::print(stderr, "// after pass {}\n{}", pass.name, print_graph(graph));
    if (options.verify_each) {
      OCTET_RETURN_IF_ERROR(
          verify_graph(graph).with_context(fmt::format("graph invalid after pass {}", pass.name)));
    }
  }
  return Status::Ok();
}

}  // namespace octet
