// cli_test.cc - the octet command line end to end: run on golden inputs reproduces the golden
// outputs, inspect works on every supported model, and bad input gets a one-line error and exit
// status 1.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "frontend/raw_model.h"
#include "frontend/tflite/reader.h"
#include "frontend/tflite/writer.h"
#include "io/npy.h"
#include "ir/builder.h"
#include "test_util.h"

namespace octet {
namespace {

namespace fs = std::filesystem;
using testing::read_bytes;
using testing::run_cli;

using testing::TempDir;

void write(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

TEST(Cli, HelpListsSubcommands) {
  const auto r = run_cli({"--help"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  for (const char* cmd : {"inspect", "run", "bench"}) {
    EXPECT_NE(r.output.find(cmd), std::string::npos) << cmd;
  }
}

TEST(Cli, UnknownSubcommandIsAUsageError) {
  const auto r = run_cli({"frobnicate"});
  EXPECT_EQ(r.exit_code, 2) << r.output;
}

TEST(Cli, RunReproducesGoldenOutputsForEveryModel) {
  OCTET_REQUIRE_SHARED(shared);
  int checked = 0;
  for (const std::string& name : testing::golden_models()) {
    SCOPED_TRACE(name);
    const fs::path dir = fs::path(shared) / "golden" / name;
    std::ifstream meta_file(dir / "meta.json");
    const auto meta = nlohmann::json::parse(meta_file);
    const std::string model =
        (fs::path(shared) / "models" / meta["model"].get<std::string>()).string();
    TempDir out;
    std::vector<std::string> args = {"run", model, "--format", "bin", "--output-dir", out.path()};
    for (size_t i = 0; i < meta["inputs"].size(); ++i) {
      args.push_back("--input");
      args.push_back((dir / "case0" / fmt::format("input_{}.bin", i)).string());
    }
    const auto r = run_cli(args);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    for (size_t j = 0; j < meta["outputs"].size(); ++j) {
      const auto got = read_bytes(out.file(fmt::format("output_{}.bin", j)));
      const auto want = read_bytes((dir / "case0" / fmt::format("output_{}.bin", j)).string());
      ASSERT_EQ(got.size(), want.size());
      if (meta["outputs"][j]["dtype"] == "FLOAT32") {
        for (size_t k = 0; k < got.size() / 4; ++k) {
          float a, b;
          std::memcpy(&a, &got[4 * k], 4);
          std::memcpy(&b, &want[4 * k], 4);
          EXPECT_NEAR(a, b, 1e-5 * std::max(1.0f, std::abs(b)))
              << "output " << j << " element " << k;
        }
      } else {
        EXPECT_TRUE(got == want) << "output " << j << " differs from the golden bytes";
      }
    }
    ++checked;
  }
  EXPECT_GT(checked, 10);
}

TEST(Cli, RunWritesNpyWithShapeAndDtype) {
  OCTET_REQUIRE_SHARED(shared);
  TempDir out;
  const auto r =
      run_cli({"run", shared + "/models/tiny_vww_96_int8.tflite", "--output-dir", out.path()});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("random (seed 0)"), std::string::npos) << r.output;
  auto a = read_npy(out.file("output_0.npy"));
  ASSERT_TRUE(a.ok()) << a.message();
  EXPECT_EQ(a->dtype, DType::kInt8);
  EXPECT_EQ(a->shape, (Shape{1, 2}));
}

TEST(Cli, InspectEverySupportedModel) {
  OCTET_REQUIRE_SHARED(shared);
  for (const auto& e : fs::directory_iterator(fs::path(shared) / "models")) {
    if (e.path().extension() != ".tflite") continue;
    SCOPED_TRACE(e.path().string());
    const auto r = run_cli({"inspect", e.path().string()});
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("integer-only: "), std::string::npos);
    EXPECT_NE(r.output.find("MACs:"), std::string::npos);
    EXPECT_NE(r.output.find("arena:        "), std::string::npos);
    EXPECT_EQ(r.output.find("arena:        unavailable"), std::string::npos) << r.output;
  }
}

TEST(Cli, InspectShowsUint8ModelsInt32BiasesWithScales) {
  OCTET_REQUIRE_SHARED(shared);
  const auto r = run_cli({"inspect", shared + "/models/coral_mobilenet_v1_0.25_128_quant.tflite"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  // Op 0: uint8 input, uint8 weights with a zero point, int32 bias with scale s_in * s_w.
  EXPECT_NE(
      r.output.find("uint8[1,128,128,3]{s=0.0078125 zp=128}, const uint8[8,3,3,3]{s=0.00888241 "
                    "zp=157}, const int32[8]{s=6.93938e-05 zp=0}"),
      std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("integer-only: yes"), std::string::npos);
}

TEST(Cli, InspectNamesFloatOps) {
  OCTET_REQUIRE_SHARED(shared);
  const auto r = run_cli({"inspect", shared + "/models/tiny_ad01_fp32.tflite"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("integer-only: no (10 float ops: #0 FULLY_CONNECTED"), std::string::npos)
      << r.output;
}

TEST(Cli, InspectJsonIsMachineReadable) {
  OCTET_REQUIRE_SHARED(shared);
  const auto r = run_cli({"inspect", "--json", shared + "/models/tiny_kws_ref_model.tflite"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto j = nlohmann::json::parse(r.output);
  EXPECT_EQ(j["integer_only"], true);
  EXPECT_EQ(j["ops"].size(), 13u);
  EXPECT_GT(j["totals"]["macs"].get<int64_t>(), 2'000'000);
  EXPECT_EQ(j["ops"][0]["inputs"][1]["quantization"]["axis"], 0);
}

TEST(Cli, BenchPrintsMedianLine) {
  OCTET_REQUIRE_SHARED(shared);
  const auto r = run_cli({"bench", shared + "/models/tiny_ad01_int8.tflite", "--runs", "3",
                          "--warmup", "1", "--profile"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("median: "), std::string::npos);
  EXPECT_NE(r.output.find("summary by op type"), std::string::npos);
  EXPECT_NE(r.output.find("FULLY_CONNECTED"), std::string::npos);
}

TEST(Cli, BenchThreadsZeroMeansOnePerCore) {
  OCTET_REQUIRE_SHARED(shared);
  const auto r = run_cli({"bench", shared + "/models/tiny_ad01_int8.tflite", "--runs", "2",
                          "--warmup", "0", "--threads", "0"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  EXPECT_NE(r.output.find(fmt::format("threads: {}\n", cores)), std::string::npos) << r.output;
  EXPECT_EQ(
      run_cli({"bench", shared + "/models/tiny_ad01_int8.tflite", "--threads", "-1"}).exit_code, 2);
}

// ---- the main job: example -> quantize -> inspect -> compare -> run, on octet's own model

TEST(Cli, QuantizeTheExampleToFullIntegerAndProveIt) {
  TempDir dir;
  auto r = run_cli({"example", dir.path()});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = run_cli({"inspect", dir.file("color_net.tflite")});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("integer-only: no (10 float ops"), std::string::npos) << r.output;

  r = run_cli({"quantize", dir.file("color_net.tflite"), "-o", dir.file("int8.tflite"), "--calib",
               dir.file("calib"), "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("calibrated on 32 samples"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("folded 2 batch-norm ops, fused 1 activation"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("integer-only: yes"), std::string::npos) << r.output;

  r = run_cli({"inspect", dir.file("int8.tflite")});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("integer-only: yes"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("QUANTIZE"), std::string::npos) << r.output;  // nor DEQUANTIZE

  r = run_cli({"compare", dir.file("color_net.tflite"), dir.file("int8.tflite"), "--data",
               dir.file("test"), "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("compared on 16 samples"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("top-1 agreement: 100.0%"), std::string::npos) << r.output;

  r = run_cli({"run", dir.file("int8.tflite"), "--input", dir.file("test/sample_000.npy"),
               "--output-dir", dir.path()});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("float32 data quantized to int8"), std::string::npos) << r.output;
}

// The float LSTM of ../shared/models becomes an integer-only model (TFLM's integer LSTM) that
// octet runs: calibrated on the golden inputs, proved integer by --require-int8 (the default).
TEST(Cli, QuantizeTheFloatLstmToFullInteger) {
  OCTET_REQUIRE_SHARED(shared);
  TempDir dir;
  std::vector<uint8_t> batch;
  for (const char* c : {"case0", "case1"}) {
    const auto x = read_bytes(shared + "/golden/tflm_trained_lstm/" + c + "/input_0.bin");
    ASSERT_EQ(x.size(), 28u * 28u * sizeof(float));
    batch.insert(batch.end(), x.begin(), x.end());
  }
  ASSERT_TRUE(write_npy(dir.file("calib.npy"), DType::kFloat32, Shape({2, 1, 28, 28}), batch).ok());
  auto r =
      run_cli({"quantize", shared + "/models/tflm_trained_lstm.tflite", "-o", dir.file("q.tflite"),
               "--calib", dir.file("calib.npy"), "--require-int8", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("calibrated on 2 samples"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("integer-only: yes"), std::string::npos) << r.output;
  r = run_cli({"inspect", dir.file("q.tflite")});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("UNIDIRECTIONAL_SEQUENCE_LSTM"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("integer-only: yes"), std::string::npos) << r.output;
  ASSERT_TRUE(write_npy(dir.file("x.npy"), DType::kFloat32, Shape({1, 28, 28}),
                        std::span<const uint8_t>(batch).first(28 * 28 * sizeof(float)))
                  .ok());
  r = run_cli(
      {"run", dir.file("q.tflite"), "--input", dir.file("x.npy"), "--output-dir", dir.path()});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("float32 data quantized to int8"), std::string::npos) << r.output;
}

TEST(Cli, QuantizeIoFloatCountsBoundaryConverters) {
  TempDir dir;
  ASSERT_EQ(
      run_cli({"example", dir.path(), "--calib-samples", "4", "--test-samples", "1"}).exit_code, 0);
  const auto r =
      run_cli({"quantize", dir.file("color_net.tflite"), "-o", dir.file("q.tflite"), "--calib",
               dir.file("calib"), "--io", "float", "--observer", "mse", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("boundary"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("integer-only: yes"), std::string::npos) << r.output;
}

TEST(Cli, QuantizeNamesEveryOpWithoutAnIntegerForm) {
  TempDir dir;
  GraphBuilder b;
  const ValueId x = b.input("x", {1, 4});
  ValueId h = b.op(OpKind::kExp, {x}, {}, "exp_a");
  h = b.op(OpKind::kFullyConnected, {h, b.constant("w", {4, 4}, std::vector<float>(16, 0.25f))}, {},
           "fc");
  h = b.op(OpKind::kLog, {h}, {}, "log_b");
  auto g = b.finish({h});
  ASSERT_TRUE(g.ok()) << g.message();
  ASSERT_TRUE(write_tflite_file(*g, dir.file("f.tflite")).ok());
  auto r = run_cli(
      {"quantize", dir.file("f.tflite"), "-o", dir.file("q.tflite"), "--calib", "random", "-q"});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("WARNING: calibrating on random data"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("2 ops cannot be integer"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("#0 EXP (outputs 'exp_a'): octet has no integer form of EXP"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("#2 LOG (outputs 'log_b')"), std::string::npos) << r.output;
  EXPECT_FALSE(testing::file_exists(dir.file("q.tflite")));
  r = run_cli({"quantize", dir.file("f.tflite"), "-o", dir.file("q.tflite"), "--calib", "random",
               "--allow-float", "EXP,LOG", "-q"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  // EXP and LOG, each between the DEQUANTIZE and QUANTIZE that --allow-float asked for.
  EXPECT_NE(r.output.find("integer-only: no (6 float ops"), std::string::npos) << r.output;
}

// ---- bad input: one line naming what and where, exit status 1, never a crash

using testing::expect_clean_failure;

TEST(CliBadInput, QuantizeWithoutOrWithBadCalibrationData) {
  TempDir dir;
  ASSERT_EQ(
      run_cli({"example", dir.path(), "--calib-samples", "2", "--test-samples", "1"}).exit_code, 0);
  expect_clean_failure(
      run_cli({"quantize", dir.file("color_net.tflite"), "-o", dir.file("q.tflite")}),
      "--calib is required");
  expect_clean_failure(run_cli({"quantize", dir.file("color_net.tflite"), "-o",
                                dir.file("q.tflite"), "--calib", dir.file("nowhere")}),
                       "nowhere");
  expect_clean_failure(
      run_cli({"quantize", dir.file("color_net.tflite"), "-o", dir.file("q.tflite"), "--calib",
               dir.file("calib"), "--observer", "median"}),
      "median");
}

TEST(CliBadInput, MissingModelFile) {
  expect_clean_failure(run_cli({"inspect", "/no/such/model.tflite"}), "/no/such/model.tflite");
  expect_clean_failure(run_cli({"run", "/no/such/model.tflite"}), "No such file");
}

TEST(CliBadInput, RandomBytesAndTruncatedModels) {
  TempDir dir;
  std::vector<uint8_t> junk(1000);
  for (size_t i = 0; i < junk.size(); ++i) junk[i] = static_cast<uint8_t>(i * 37 + 11);
  write(dir.file("junk.tflite"), junk);
  expect_clean_failure(run_cli({"run", dir.file("junk.tflite")}), "junk.tflite");
  OCTET_REQUIRE_SHARED(shared);
  auto model = read_bytes(shared + "/models/tiny_kws_ref_model.tflite");
  model.resize(model.size() / 2);
  write(dir.file("half.tflite"), model);
  expect_clean_failure(run_cli({"inspect", dir.file("half.tflite")}), "malformed TFLite model");
}

TEST(CliBadInput, WrongInputFileSize) {
  OCTET_REQUIRE_SHARED(shared);
  TempDir dir;
  write(dir.file("in.bin"), std::vector<uint8_t>(100));
  expect_clean_failure(
      run_cli({"run", shared + "/models/tiny_kws_ref_model.tflite", "--input", dir.file("in.bin")}),
      "needs exactly 490");
}

TEST(CliBadInput, WrongInputDtype) {
  OCTET_REQUIRE_SHARED(shared);
  TempDir dir;
  std::vector<int16_t> x(490, 5);
  ASSERT_TRUE(write_npy(dir.file("in.npy"), DType::kInt16, Shape{1, 49, 10, 1},
                        {reinterpret_cast<const uint8_t*>(x.data()), x.size() * 2})
                  .ok());
  expect_clean_failure(
      run_cli({"run", shared + "/models/tiny_kws_ref_model.tflite", "--input", dir.file("in.npy")}),
      "holds int16, but input 0");
}

TEST(Cli, FloatNpyIsQuantizedForAQuantizedInput) {
  OCTET_REQUIRE_SHARED(shared);
  TempDir dir;
  // kws input: scale 0.584702909, zero point 83. 0.0 -> 83; 5.847 -> 93; -1000 saturates to -128.
  std::vector<float> x(490, 0.0f);
  x[1] = 5.847f;
  x[2] = -1000.0f;
  ASSERT_TRUE(write_npy(dir.file("in.npy"), DType::kFloat32, Shape{1, 49, 10, 1},
                        {reinterpret_cast<const uint8_t*>(x.data()), x.size() * 4})
                  .ok());
  const auto r =
      run_cli({"run", shared + "/models/tiny_kws_ref_model.tflite", "--input", dir.file("in.npy"),
               "--output-dir", dir.path(), "--dump-tensors", dir.file("t")});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("float32 data quantized to int8"), std::string::npos) << r.output;
  const auto in = read_bytes(dir.file("t/tensor_0.bin"));  // tensor 0 is the model input
  ASSERT_EQ(in.size(), 490u);
  EXPECT_EQ(static_cast<int8_t>(in[0]), 83);
  EXPECT_EQ(static_cast<int8_t>(in[1]), 93);
  EXPECT_EQ(static_cast<int8_t>(in[2]), -128);
}

TEST(CliBadInput, WrongInputShape) {
  OCTET_REQUIRE_SHARED(shared);
  TempDir dir;
  std::vector<int8_t> x(490, 0);
  ASSERT_TRUE(write_npy(dir.file("in.npy"), DType::kInt8, Shape{49, 1, 10},
                        {reinterpret_cast<const uint8_t*>(x.data()), x.size()})
                  .ok());
  expect_clean_failure(
      run_cli({"run", shared + "/models/tiny_kws_ref_model.tflite", "--input", dir.file("in.npy")}),
      "does not match");
}

TEST(CliBadInput, WrongNumberOfInputs) {
  OCTET_REQUIRE_SHARED(shared);
  expect_clean_failure(run_cli({"run", shared + "/models/tflm_simple_add_model.tflite", "--input",
                                shared + "/golden/tflm_simple_add_model/case0/input_0.bin"}),
                       "has 2 inputs, 1 --input given");
}

TEST(CliBadInput, MissingInputFile) {
  OCTET_REQUIRE_SHARED(shared);
  expect_clean_failure(run_cli({"run", shared + "/models/tiny_kws_ref_model.tflite", "--input",
                                "/no/such/input.npy"}),
                       "/no/such/input.npy");
}

TEST(CliBadInput, UnsupportedOpNamesTheOp) {
  TempDir dir;
  testing::RawModel raw;
  raw.builtin = 52;  // BIDIRECTIONAL_SEQUENCE_LSTM
  const std::vector<uint8_t> bytes = testing::build(raw);
  std::ofstream(dir.file("bilstm.tflite"), std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()),
             static_cast<std::streamsize>(bytes.size()));
  expect_clean_failure(run_cli({"run", dir.file("bilstm.tflite")}),
                       "operator 0 is BIDIRECTIONAL_SEQUENCE_LSTM");
}

TEST(CliBadInput, IsaTheCpuLacks) {
  OCTET_REQUIRE_SHARED(shared);
  TempDir out;  // where a CPU that has it writes the outputs (not the working directory)
  const auto r = run_cli({"run", shared + "/models/tiny_ad01_int8.tflite", "--isa", "avx512vnni",
                          "--output-dir", out.path()});
  if (r.exit_code == 0) GTEST_SKIP() << "this CPU supports avx512vnni";
  expect_clean_failure(r, "not supported by this CPU");
}

}  // namespace
}  // namespace octet
