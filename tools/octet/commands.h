// commands.h - the octet subcommands, one per file; each registers itself on the CLI11 app and
// stores its exit status in `exit_code` when it runs.
#pragma once

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <string>

#include "core/status.h"

namespace octet::cli {

void add_inspect(CLI::App& app, int& exit_code);
void add_run(CLI::App& app, int& exit_code);
void add_bench(CLI::App& app, int& exit_code);
void add_quantize(CLI::App& app, int& exit_code);
void add_compare(CLI::App& app, int& exit_code);
void add_example(CLI::App& app, int& exit_code);
void add_codegen(CLI::App& app, int& exit_code);
void add_ops(CLI::App& app, int& exit_code);

// Prints "octet: error: <message>" to stderr and returns 1.
int fail(const Status& status);
int fail(const std::string& message);

}  // namespace octet::cli
