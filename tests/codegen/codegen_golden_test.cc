// codegen_golden_test.cc - `octet codegen` against TFLite Micro: every integer model of
// ../shared/golden is generated as C (reference kernels, and the Cortex-M DSP kernels), built with
// every golden case's inputs embedded, run, and its outputs compared byte for byte with the golden
// outputs: on the host (the system C compiler) and on QEMU's mps2-an386 (Cortex-M4, built with
// -mcpu=cortex-m4 -mthumb -mfloat-abi=soft -O2). On the device the link map must show no
// soft-float helper (the generated code of an integer model does no float arithmetic), and the
// program's flash, RAM, stack and instructions are printed (docs/MICROCONTROLLERS.md records
// them). The generated arena must be at most 0.8x TFLM's arena for the model. The test reads the
// folder: a new integer model there is tested without code changes. Device cases skip, naming the
// Debian packages, when the Arm toolchain or qemu is missing.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "codegen/c/device_run.h"
#include "codegen/c/generator.h"
#include "codegen/mcu_toolchain.h"
#include "frontend/tflite/reader.h"
#include "test_util.h"

namespace octet {
namespace {

namespace fs = std::filesystem;
using octet::testing::compare_tensor_bytes;
using octet::testing::golden_models;
using octet::testing::read_bytes;

// Integer golden models the generator cannot print yet (an op still without a C kernel in the
// plan): generating them must fail naming the op. The list can only shrink.
const std::vector<std::string> kNotYetGenerated = {};

struct CodegenParam {
  std::string model;
  std::string target;  // "host" or "cortex-m4"
  bool dsp = false;
  bool allow_float = false;  // a float model, generated with --allow-float
};

void PrintTo(const CodegenParam& p, std::ostream* os) {
  *os << p.model << " on " << p.target << " with " << (p.dsp ? "dsp" : "reference") << " kernels"
      << (p.allow_float ? " (--allow-float)" : "");
}

nlohmann::json read_meta(const std::string& shared, const std::string& model) {
  std::ifstream f(fs::path(shared) / "golden" / model / "meta.json");
  return nlohmann::json::parse(f);
}

// A golden model whose inputs and outputs are all integer (int8/uint8/int16...): the models
// `octet codegen` takes without --allow-float.
bool is_integer_model(const nlohmann::json& meta) {
  for (const char* key : {"inputs", "outputs"}) {
    for (const auto& t : meta[key]) {
      const std::string dtype = t["dtype"].get<std::string>();
      if (dtype.find("FLOAT") != std::string::npos) return false;
    }
  }
  return true;
}

std::vector<std::string> golden_models_where(bool integer) {
  std::vector<std::string> out;
  auto shared = octet::testing::shared_dir();
  if (!shared) return out;
  for (const std::string& m : golden_models()) {
    if (is_integer_model(read_meta(*shared, m)) == integer) out.push_back(m);
  }
  return out;
}
std::vector<std::string> integer_golden_models() { return golden_models_where(true); }

// Integer models: both targets, both kernel sets. Float models (--allow-float, float kernels,
// outputs within 1e-5): on the host.
std::vector<CodegenParam> codegen_params() {
  std::vector<CodegenParam> out;
  std::vector<std::string> models = integer_golden_models();
  if (models.empty()) models.push_back("shared_folder_absent");
  for (const std::string& m : models) {
    for (const char* target : {"host", "cortex-m4"}) {
      for (bool dsp : {false, true}) out.push_back({m, target, dsp});
    }
  }
  for (const std::string& m : golden_models_where(false)) out.push_back({m, "host", false, true});
  return out;
}

bool not_yet_generated(const std::string& model) {
  return std::find(kNotYetGenerated.begin(), kNotYetGenerated.end(), model) !=
         kNotYetGenerated.end();
}

class CodegenGoldenTest : public ::testing::TestWithParam<CodegenParam> {};

TEST_P(CodegenGoldenTest, OutputsMatchReference) {
  OCTET_REQUIRE_SHARED(shared);
  const CodegenParam& p = GetParam();
  if (p.target != "host") {
    auto tc = mcu::find_toolchain();
    if (!tc.ok()) GTEST_SKIP() << tc.message();
  }
  const fs::path dir = fs::path(shared) / "golden" / p.model;
  const nlohmann::json meta = read_meta(shared, p.model);
  auto graph = read_tflite_file((fs::path(shared) / "models" / meta["model"].get<std::string>()));
  if (!graph.ok() && not_yet_generated(p.model)) {
    EXPECT_NE(graph.message().find("does not support"), std::string::npos) << graph.message();
    return;
  }
  ASSERT_TRUE(graph.ok()) << graph.message();

  CodegenOptions options;
  options.dsp_kernels = p.dsp;
  options.allow_float = p.allow_float;
  auto code = generate_c(*graph, options);
  if (not_yet_generated(p.model)) {
    ASSERT_FALSE(code.ok()) << p.model << " now generates: take it off kNotYetGenerated";
    EXPECT_NE(code.message().find("does not support"), std::string::npos) << code.message();
    return;
  }
  ASSERT_TRUE(code.ok()) << code.message();
  if (p.allow_float) {
    ASSERT_FALSE(code->warnings.empty()) << "a float model generated without a warning";
    EXPECT_NE(code->warnings.front().find("not integer-only"), std::string::npos);
  } else {
    EXPECT_TRUE(code->warnings.empty()) << code->warnings.front();
  }
  if (p.dsp) {
    // The DSP kernels run where they apply (int8 conv, depthwise, dense, add, pooling).
    const bool any_dsp = std::any_of(code->steps.begin(), code->steps.end(), [](const auto& s) {
      return s.second.find("dsp") != std::string::npos;
    });
    const bool has_dsp_op = std::any_of(code->steps.begin(), code->steps.end(), [](const auto& s) {
      for (const char* op : {"CONV_2D", "FULLY_CONNECTED", "ADD", "POOL"}) {
        if (s.first.find(op) != std::string::npos) return true;
      }
      return false;
    });
    if (meta["inputs"][0]["dtype"] == "INT8" && has_dsp_op) {
      EXPECT_TRUE(any_dsp) << "no DSP kernel chosen for " << p.model;
    }
  }

  const std::vector<std::string> cases = meta["cases"].get<std::vector<std::string>>();
  const auto inputs =
      octet::testing::read_case_inputs(dir.string(), cases, code->graph.inputs.size());

  DeviceRunOptions run;
  run.target = p.target;
  const testing::TempDir work;  // removed when the test ends, passed or not
  run.work_dir = work.path();
  auto result = run_generated(*code, inputs, run);
  ASSERT_TRUE(result.ok()) << result.message();
  ASSERT_EQ(result->cases.size(), cases.size());
  for (size_t c = 0; c < cases.size(); ++c) {
    SCOPED_TRACE(cases[c]);
    ASSERT_EQ(result->cases[c].status, 0) << "NAME_invoke() failed";
    ASSERT_EQ(result->cases[c].outputs.size(), code->graph.outputs.size());
    for (size_t j = 0; j < code->graph.outputs.size(); ++j) {
      const std::string diff = compare_tensor_bytes(
          code->graph.type(code->graph.outputs[j]), result->cases[c].outputs[j],
          read_bytes((dir / cases[c] / fmt::format("output_{}.bin", j)).string()));
      EXPECT_TRUE(diff.empty()) << "output " << j << ": " << diff;
    }
  }
  if (p.target != "host") {
    EXPECT_TRUE(result->soft_float.empty())
        << "soft-float helpers linked into an integer model: " << result->soft_float.front();
    EXPECT_GT(result->stack_bytes, 0u);
    uint64_t instructions = 0;
    for (const DeviceCaseResult& c : result->cases) instructions += c.instructions;
    EXPECT_GT(instructions, 0u);
    // For docs/MICROCONTROLLERS.md: the model's own flash and RAM (the generated files), the
    // stack, and instructions per inference (the mean over the cases).
    std::printf(
        "[codegen] %s %s %s: flash %llu B, RAM %llu B (arena %lld B), stack %llu B, "
        "%llu instructions per inference\n",
        p.model.c_str(), result->board.c_str(), p.dsp ? "dsp" : "reference",
        static_cast<unsigned long long>(result->model_sizes.flash()),
        static_cast<unsigned long long>(result->model_sizes.ram()),
        static_cast<long long>(code->arena_bytes),
        static_cast<unsigned long long>(result->stack_bytes),
        static_cast<unsigned long long>(instructions / result->cases.size()));
  }
}

INSTANTIATE_TEST_SUITE_P(Golden, CodegenGoldenTest, ::testing::ValuesIn(codegen_params()),
                         [](const ::testing::TestParamInfo<CodegenParam>& info) {
                           std::string name = info.param.model + "_" + info.param.target +
                                              (info.param.dsp ? "_dsp" : "_reference") +
                                              (info.param.allow_float ? "_allow_float" : "");
                           return octet::testing::test_name(name);
                         });

// The arena of the generated code against TFLM's (tflm_arena_used_bytes in meta.json): at most
// 0.8x on every integer golden model TFLM measured.
TEST(CodegenArena, AtMostFourFifthsOfTflm) {
  OCTET_REQUIRE_SHARED(shared);
  int checked = 0;
  for (const std::string& model : integer_golden_models()) {
    const nlohmann::json meta = read_meta(shared, model);
    if (!meta.contains("tflm_arena_used_bytes") || not_yet_generated(model)) continue;
    const int64_t tflm = meta["tflm_arena_used_bytes"].get<int64_t>();
    auto graph = read_tflite_file((fs::path(shared) / "models" / meta["model"].get<std::string>()));
    ASSERT_TRUE(graph.ok()) << graph.message();
    for (bool dsp : {false, true}) {
      CodegenOptions options;
      options.dsp_kernels = dsp;
      auto code = generate_c(*graph, options);
      ASSERT_TRUE(code.ok()) << model << ": " << code.message();
      EXPECT_LE(code->arena_bytes * 5, tflm * 4)
          << model << (dsp ? " (dsp)" : " (reference)") << ": arena " << code->arena_bytes
          << " bytes, TFLM " << tflm << " bytes";
      std::printf("[arena] %s %s: %lld B, TFLM %lld B (%.2fx)\n", model.c_str(),
                  dsp ? "dsp" : "reference", static_cast<long long>(code->arena_bytes),
                  static_cast<long long>(tflm), static_cast<double>(code->arena_bytes) / tflm);
      ++checked;
    }
  }
  EXPECT_GT(checked, 0);
}

}  // namespace
}  // namespace octet
