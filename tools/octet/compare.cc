// compare.cc - `octet compare FLOAT.tflite INT8.tflite --data DATA`: per-layer SQNR of the
// quantized model against the float one, worst first, plus output SQNR and top-1 agreement.
// --plot FILE draws SQNR per layer with the octet Python module's plot (octet/plot.py): the same
// drawing code as octet.compare(...).plot(), fed the same compare_json.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "frontend/tflite/reader.h"
#include "quantize/compare.h"
#include "tools/octet/commands.h"
#include "tools/octet/data_options.h"

extern char** environ;

namespace octet::cli {

namespace {

struct CompareCliOptions {
  std::string float_model, quant_model;
  DataOptions data;
  size_t layers = 20;
  std::string plot;
};

#ifndef OCTET_PYTHON_EXECUTABLE
#define OCTET_PYTHON_EXECUTABLE "python3"
#endif

// Runs `python3 -m octet.plot FILE` with the compare JSON on its standard input. The module is
// the one built next to this binary (build/python); the interpreter the one it was built for, or
// $OCTET_PYTHON. The script's one-line error, if any, becomes this command's.
Status draw_plot(const std::string& json, const std::string& file) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path module_dir = fs::read_symlink("/proc/self/exe", ec).parent_path() / "python";
  if (ec || !fs::exists(module_dir / "octet" / "plot.py")) {
    return error(
        "--plot draws with the octet Python module, which is not next to this octet binary "
        "({}): build it with scripts/build.sh (needs python3-dev, pybind11-dev, "
        "python3-matplotlib)",
        (module_dir / "octet").string());
  }
  const char* env_python = std::getenv("OCTET_PYTHON");
  const std::string python = env_python && *env_python ? env_python : OCTET_PYTHON_EXECUTABLE;
  std::string pythonpath = "PYTHONPATH=" + module_dir.string();
  if (const char* old = std::getenv("PYTHONPATH"); old && *old)
    pythonpath += std::string(":") + old;
  std::vector<std::string> env_strings = {pythonpath, "MPLBACKEND=Agg"};
  for (char** e = environ; *e; ++e) {
    if (std::strncmp(*e, "PYTHONPATH=", 11) != 0 && std::strncmp(*e, "MPLBACKEND=", 11) != 0) {
      env_strings.emplace_back(*e);
    }
  }
  std::vector<char*> envp;
  for (std::string& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<std::string> args = {python, "-m", "octet.plot", file};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  int in[2], err[2];
  if (pipe2(in, O_CLOEXEC) != 0) return error("--plot: pipe: {}", std::strerror(errno));
  if (pipe2(err, O_CLOEXEC) != 0) {
    close(in[0]);
    close(in[1]);
    return error("--plot: pipe: {}", std::strerror(errno));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err[1], STDERR_FILENO);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, python.c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  close(in[0]);
  close(err[1]);
  if (rc != 0) {
    close(in[1]);
    close(err[0]);
    return error("--plot: cannot run {}: {}", python, std::strerror(rc));
  }
  // The script reads all of its input before it writes anything. A script that dies early must
  // not take this process with it (SIGPIPE): its message says why.
  struct sigaction ignore {
  }, previous{};
  ignore.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &ignore, &previous);
  size_t written = 0;
  while (written < json.size()) {
    const ssize_t n = write(in[1], json.data() + written, json.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    written += static_cast<size_t>(n);
  }
  close(in[1]);
  sigaction(SIGPIPE, &previous, nullptr);
  std::string message;
  char buffer[4096];
  for (ssize_t n; (n = read(err[0], buffer, sizeof buffer)) != 0;) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    message.append(buffer, static_cast<size_t>(n));
  }
  close(err[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return Status::Ok();
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  if (const size_t nl = message.rfind('\n'); nl != std::string::npos) message.erase(0, nl + 1);
  if (message.empty()) message = fmt::format("{} -m octet.plot failed (status {})", python, status);
  return error("--plot {}: {}", file, message);
}

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
  if (!o.plot.empty()) {
    Status s = draw_plot(compare_json(*r), o.plot);
    if (!s.ok()) return fail(s);
    fmt::print("plot: {}\n", o.plot);
  }
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
  cmd->add_option("--plot", o->plot,
                  "Also draw SQNR per layer (graph order, worst layers labeled) into FILE (.png, "
                  ".svg, .pdf), with the octet Python module and matplotlib");
  cmd->callback([o, &exit_code] { exit_code = run_compare(*o); });
}

}  // namespace octet::cli
