// codegen_cli_test.cc - `octet codegen` from the command line: the generated program, run with
// --run on the host and on the emulated Cortex-M4, writes the same output bytes as `octet run` at
// the reference ISA; bad input (a float model, an unsupported op, an unwritable folder, a bad
// name, a model too large for the board) gets a clear error and exit status 1.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "codegen/mcu_toolchain.h"
#include "frontend/raw_model.h"
#include "frontend/tflite/writer.h"
#include "ir/builder.h"
#include "test_util.h"

namespace octet {
namespace {

namespace fs = std::filesystem;
using testing::read_bytes;
using testing::run_cli;

using testing::TempDir;

using testing::expect_clean_failure;

TEST(CodegenCli, RunMatchesOctetRunOnHostAndDevice) {
  OCTET_REQUIRE_SHARED(shared);
  const std::string model = shared + "/models/tiny_ad01_int8.tflite";
  const std::string input = shared + "/golden/tiny_ad01_int8/case1/input_0.bin";
  TempDir dir;
  auto r = run_cli({"run", model, "--isa", "reference", "-i", input, "--format", "bin",
                    "--output-dir", dir.file("run")});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::vector<uint8_t> want = read_bytes(dir.file("run/output_0.bin"));
  ASSERT_FALSE(want.empty());
  std::vector<std::string> targets = {"host"};
  if (mcu::find_toolchain().ok()) targets.push_back("cortex-m4");
  for (const std::string& target : targets) {
    for (const char* kernels : {"reference", "dsp"}) {
      SCOPED_TRACE(target + " " + kernels);
      const std::string out = dir.file(target + kernels);
      r = run_cli({"codegen", model, "-o", out + "/src", "--target", target, "--kernels", kernels,
                   "--run", "-i", input, "--format", "bin", "--output-dir", out});
      ASSERT_EQ(r.exit_code, 0) << r.output;
      EXPECT_EQ(read_bytes(out + "/output_0.bin"), want);
      EXPECT_TRUE(fs::exists(out + "/src/model.h"));
      if (target != "host") {
        EXPECT_NE(r.output.find("instructions per inference: "), std::string::npos) << r.output;
      }
    }
  }
}

TEST(CodegenCli, ReportMeasuresTheDeviceBuild) {
  OCTET_REQUIRE_SHARED(shared);
  if (auto tc = mcu::find_toolchain(); !tc.ok()) GTEST_SKIP() << tc.message();
  TempDir dir;
  const auto r = run_cli({"codegen", shared + "/models/tflm_hello_world_int8.tflite", "-o",
                          dir.path(), "--target", "cortex-m4", "--report", "--tflm-arena", "1184"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  for (const char* line :
       {"flash (.text + .rodata + .data image): model ", "stack high-water mark", "arena vs TFLM's",
        "soft-float helpers linked: none", "instructions per inference: "}) {
    EXPECT_NE(r.output.find(line), std::string::npos) << line << "\n" << r.output;
  }
}

TEST(CodegenCliBadInput, FloatModelIsRefusedWithTheReasons) {
  OCTET_REQUIRE_SHARED(shared);
  TempDir dir;
  const auto r =
      run_cli({"codegen", shared + "/models/tflm_hello_world_float.tflite", "-o", dir.path()});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("octet: error: the model is not integer-only (3 float ops)"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("#0 FULLY_CONNECTED"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("is float32"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir.file("model.c")));
}

TEST(CodegenCliBadInput, UnsupportedOpUnwritableFolderBadName) {
  OCTET_REQUIRE_SHARED(shared);
  TempDir dir;
  testing::RawModel raw;
  raw.builtin = 52;  // BIDIRECTIONAL_SEQUENCE_LSTM: octet reads no such op
  const std::vector<uint8_t> bytes = testing::build(raw);
  std::ofstream(dir.file("bilstm.tflite"), std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()),
             static_cast<std::streamsize>(bytes.size()));
  expect_clean_failure(run_cli({"codegen", dir.file("bilstm.tflite"), "-o", dir.file("out")}),
                       "operator 0 is BIDIRECTIONAL_SEQUENCE_LSTM");
  const std::string model = shared + "/models/tiny_ad01_int8.tflite";
  ASSERT_TRUE(std::fopen(dir.file("a_file").c_str(), "w") != nullptr);
  expect_clean_failure(run_cli({"codegen", model, "-o", dir.file("a_file/sub")}),
                       "cannot create output folder '" + dir.file("a_file/sub") + "'");
  expect_clean_failure(run_cli({"codegen", model, "-o", dir.path(), "--name", "9lives"}),
                       "--name '9lives' is not a C identifier");
  expect_clean_failure(run_cli({"codegen", "/no/such/model.tflite", "-o", dir.path()}),
                       "/no/such/model.tflite");
}

// A dense layer with 2100 x 2100 int8 weights (4.4 MB) cannot fit the board's 4 MiB of CODE: the
// error names the board, the region and by how much it overflows.
TEST(CodegenCliBadInput, ModelTooLargeForTheBoard) {
  if (auto tc = mcu::find_toolchain(); !tc.ok()) GTEST_SKIP() << tc.message();
  TempDir dir;
  GraphBuilder b;
  const ValueId x = b.input("x", {1, 2100});
  std::vector<float> w(2100 * 2100);
  for (size_t i = 0; i < w.size(); ++i) w[i] = static_cast<float>(i % 13) / 13.0f - 0.5f;
  const ValueId y = b.op(OpKind::kFullyConnected, {x, b.constant("w", {2100, 2100}, w)}, {}, "fc");
  auto g = b.finish({y});
  ASSERT_TRUE(g.ok()) << g.message();
  ASSERT_TRUE(write_tflite_file(*g, dir.file("big.tflite")).ok());
  auto r = run_cli({"quantize", dir.file("big.tflite"), "-o", dir.file("big_int8.tflite"),
                    "--calib", "random", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = run_cli({"codegen", dir.file("big_int8.tflite"), "-o", dir.file("src"), "--target",
               "cortex-m4", "--run"});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  // One error line, after the progress lines, saying it all.
  const size_t at = r.output.find("octet: error: ");
  ASSERT_NE(at, std::string::npos) << r.output;
  const std::string line = r.output.substr(at, r.output.find('\n', at) - at);
  EXPECT_NE(line.find("does not fit mps2-an386: region CODE (ZBT SSRAM1, 4194304 bytes at "
                      "0x00000000) overflowed by "),
            std::string::npos)
      << r.output;
  EXPECT_EQ(r.output.find("octet: error: ", at + 1), std::string::npos) << r.output;
}

}  // namespace
}  // namespace octet
