// main.cc - the octet command line: dispatches to one subcommand per file.
#include <cstdio>

#include "tools/octet/commands.h"

namespace octet::cli {

int fail(const Status& status) { return fail(status.message()); }

int fail(const std::string& message) {
  fmt::print(stderr, "octet: error: {}\n", message);
  return 1;
}

}  // namespace octet::cli

int main(int argc, char** argv) {
  CLI::App app{
      "octet - a compiler and runtime for integer-only neural-network inference.\n"
      "Reads TFLite models (float, int8, uint8, hybrid), runs them with kernels bit-exact with\n"
      "TensorFlow Lite's reference kernels, and reports what they contain."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "octet 0.1");
  int exit_code = 0;
  octet::cli::add_inspect(app, exit_code);
  octet::cli::add_run(app, exit_code);
  octet::cli::add_bench(app, exit_code);
  octet::cli::add_quantize(app, exit_code);
  octet::cli::add_compare(app, exit_code);
  octet::cli::add_example(app, exit_code);
  octet::cli::add_codegen(app, exit_code);
  octet::cli::add_ops(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    // Usage errors exit with 2 (help and version with 0), as POSIX tools do.
    return rc == 0 ? 0 : 2;
  }
  return exit_code;
}
