// codegen_golden_ops_test.cc - `octet codegen` on every single-op model of ../shared/golden-ops:
// each is generated as C with the reference kernels (float models with --allow-float), built
// natively with the system C compiler with every golden case's inputs embedded, run, and its
// outputs compared with TensorFlow Lite Micro's byte for byte (float outputs within 1e-5). This is
// what proves that the generator prints every op the runtime runs: both read the same plan. The
// test reads the folder, so a new model there is tested without code changes.
//
// kNotYetGenerated names the ops whose kernels are not in plan form yet: a model with one of them
// must fail to generate, naming the op, and the test says it skipped it; once such a model
// generates, the test fails until the op comes off the list, so the list only shrinks.
// Models whose golden outputs record a TFLM snapshot defect (golden_ops_test.cc) are generated and
// run but not compared.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string_view>

#include "codegen/c/device_run.h"
#include "codegen/c/generator.h"
#include "frontend/tflite/reader.h"
#include "ir/ops.h"
#include "test_util.h"

namespace octet {
namespace {

namespace fs = std::filesystem;
using octet::testing::compare_tensor_bytes;
using octet::testing::read_bytes;

constexpr std::array<std::string_view, 0> kNotYetGenerated = {};

// Golden outputs that record a bug of the TFLM snapshot (see golden_ops_test.cc).
constexpr std::array<std::string_view, 1> kTflmSnapshotDefects = {"greater_i16"};

template <size_t N>
bool listed(const std::array<std::string_view, N>& list, std::string_view name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

// The first op of g still on kNotYetGenerated, or empty.
std::string not_yet_generated_op(const Graph& g) {
  for (const Node& n : g.nodes) {
    const std::string name(op_name(n.op));
    if (listed(kNotYetGenerated, name)) return name;
  }
  return {};
}

class CodegenGoldenOpsTest : public ::testing::TestWithParam<std::string> {};

TEST_P(CodegenGoldenOpsTest, HostOutputsMatchTflm) {
  OCTET_REQUIRE_SHARED(shared);
  const std::string& name = GetParam();
  const fs::path dir = fs::path(shared) / "golden-ops" / name;
  if (!fs::is_directory(dir)) GTEST_SKIP() << dir << " not found";
  std::ifstream meta_file(dir / "meta.json");
  const nlohmann::json meta = nlohmann::json::parse(meta_file);
  auto graph = read_tflite_file((dir / meta["model"].get<std::string>()).string());
  ASSERT_TRUE(graph.ok()) << graph.message();

  CodegenOptions options;
  options.allow_float = true;  // the float models of the folder; integer ones generate no warning
  auto code = generate_c(*graph, options);
  const std::string pending = not_yet_generated_op(*graph);
  if (!pending.empty()) {
    ASSERT_FALSE(code.ok()) << name << " now generates: take " << pending
                            << " off kNotYetGenerated";
    EXPECT_NE(code.message().find("does not support"), std::string::npos) << code.message();
    GTEST_SKIP() << name << ": " << code.message();
  }
  ASSERT_TRUE(code.ok()) << code.message();

  const std::vector<std::string> cases = meta["cases"].get<std::vector<std::string>>();
  const auto inputs =
      octet::testing::read_case_inputs(dir.string(), cases, code->graph.inputs.size());
  DeviceRunOptions run;
  run.target = "host";
  const testing::TempDir work;
  run.work_dir = work.path();
  auto result = run_generated(*code, inputs, run);
  ASSERT_TRUE(result.ok()) << result.message();
  ASSERT_EQ(result->cases.size(), cases.size());
  const bool defect = listed(kTflmSnapshotDefects, name);
  for (size_t c = 0; c < cases.size(); ++c) {
    SCOPED_TRACE(cases[c]);
    ASSERT_EQ(result->cases[c].status, 0) << "NAME_invoke() failed";
    ASSERT_EQ(result->cases[c].outputs.size(), code->graph.outputs.size());
    if (defect) continue;
    for (size_t j = 0; j < code->graph.outputs.size(); ++j) {
      const std::string diff = compare_tensor_bytes(
          code->graph.type(code->graph.outputs[j]), result->cases[c].outputs[j],
          read_bytes((dir / cases[c] / fmt::format("output_{}.bin", j)).string()));
      EXPECT_TRUE(diff.empty()) << "output " << j << ": " << diff;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(GoldenOps, CodegenGoldenOpsTest,
                         ::testing::ValuesIn(octet::testing::golden_model_params("golden-ops")),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return octet::testing::test_name(info.param);
                         });

}  // namespace
}  // namespace octet
