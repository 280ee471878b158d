// pass_manager.h - runs a list of named graph passes, verifying the graph after each (and printing
// it when asked, or when $OCTET_PRINT_IR is set), so a broken rewrite is caught at the pass that
// made it.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/status.h"
#include "ir/graph.h"

namespace octet {

struct Pass {
  std::string name;
  // Rewrites the graph; returns how many rewrites it made (0: nothing to do).
  std::function<Result<int>(Graph&)> run;
};

struct PassRunOptions {
  bool verify_each = true;
  bool print_each = false;
  bool log = false;  // one line per pass with its rewrite count, on stderr
};

Status run_passes(Graph& graph, const std::vector<Pass>& passes,
                  const PassRunOptions& options = {});

}  // namespace octet
