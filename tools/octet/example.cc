// example.cc - `octet example DIR`: writes the model octet builds itself (examples/color_net.h)
// with calibration and held-out data, for the demo and for trying the other commands.
#include "examples/color_net.h"
#include "tools/octet/commands.h"

namespace octet::cli {

void add_example(CLI::App& app, int& exit_code) {
  struct Options {
    std::string dir;
    int calib = 32, test = 16;
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "example",
      "Write an example float model made by octet (color_net.tflite: which color dominates a "
      "32x32 image) with calibration and test data");
  cmd->add_option("dir", o->dir, "Output folder")->required();
  cmd->add_option("--calib-samples", o->calib, "Calibration samples")->capture_default_str();
  cmd->add_option("--test-samples", o->test, "Held-out samples")->capture_default_str();
  cmd->callback([o, &exit_code] {
    Status s = write_color_net_example(o->dir, o->calib, o->test);
    if (!s.ok()) {
      exit_code = fail(s);
      return;
    }
    fmt::print(
        "wrote {0}/color_net.tflite, {1} calibration samples in {0}/calib, {2} test samples "
        "in {0}/test (labels in {0}/test_labels.txt)\n",
        o->dir, o->calib, o->test);
  });
}

}  // namespace octet::cli
