// golden_ops_test.cc - every single-op model in ../shared/golden-ops (and its three short chains),
// run with octet's runtime at every ISA level this CPU has, must reproduce TensorFlow Lite Micro's
// reference outputs byte for byte (float outputs within 1e-5). The test reads the folder: a new
// model folder there is tested without a code change.
//
// kNotYetSupported lists the models whose op (or integer variant) octet does not run yet. Such a
// model must fail to load or compile, and the test says it skipped it; once it loads, the test
// fails until its name is taken off the list, so the list only ever shrinks to the truth.
// kTflmSnapshotDefects lists models whose golden outputs record a bug of the TFLM snapshot: they
// must load and run, and must differ from the golden bytes (else they come off that list too).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string_view>

#include "frontend/tflite/reader.h"
#include "runtime/compiled_model.h"
#include "test_util.h"

namespace octet {
namespace {

namespace fs = std::filesystem;
using octet::testing::compare_tensor_bytes;
using octet::testing::read_bytes;

constexpr std::array<std::string_view, 0> kNotYetSupported = {};

// Models whose golden outputs record a defect of the TFLM snapshot that produced them, not the
// op's arithmetic: octet follows the fixed kernel (current TFLM and TFLite) and checks these
// models load and run; their kernels are checked against hand-derived cases in tests/kernels/.
struct SnapshotDefect {
  std::string_view model;
  std::string_view reason;
};
constexpr std::array<SnapshotDefect, 1> kTflmSnapshotDefects = {{
    {"greater_i16",
     "TFLM's ComparisonsPrepare at the snapshot computed rescaling parameters for int8 and uint8 "
     "only, so int16 GREATER compared 0 with 0 (every output false); later TFLM and TFLite rescale "
     "int16 too, as octet does (tests/kernels/compare_test.cc)"},
}};

const SnapshotDefect* snapshot_defect(const std::string& model) {
  for (const SnapshotDefect& d : kTflmSnapshotDefects) {
    if (d.model == model) return &d;
  }
  return nullptr;
}

bool not_yet_supported(const std::string& model) {
  return std::find(kNotYetSupported.begin(), kNotYetSupported.end(), model) !=
         kNotYetSupported.end();
}

class GoldenOpsTest : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenOpsTest, OutputsMatchTflmAtEveryIsa) {
  OCTET_REQUIRE_SHARED(shared);
  const std::string& name = GetParam();
  const fs::path dir = fs::path(shared) / "golden-ops" / name;
  if (!fs::is_directory(dir)) GTEST_SKIP() << dir << " not found";
  std::ifstream meta_file(dir / "meta.json");
  const nlohmann::json meta = nlohmann::json::parse(meta_file);
  auto graph = read_tflite_file((dir / meta["model"].get<std::string>()).string());
  if (not_yet_supported(name)) {
    Status s = graph.ok() ? CompiledModel::compile(*graph).status() : graph.status();
    ASSERT_FALSE(s.ok()) << name << " now loads and compiles: take it off kNotYetSupported";
    GTEST_SKIP() << name << " is not supported yet: " << s.message();
  }
  ASSERT_TRUE(graph.ok()) << graph.message();
  const SnapshotDefect* defect = snapshot_defect(name);
  bool differs = false;
  int isas = 0;
  for (Isa isa : {Isa::kReference, Isa::kAvx2, Isa::kAvx512Vnni}) {
    if (!isa_supported(isa)) continue;
    ++isas;
    SCOPED_TRACE(fmt::format("at {}", isa_name(isa)));
    CompileOptions options;
    options.isa = isa;
    for (const auto& case_json : meta["cases"]) {
      const std::string case_name = case_json.get<std::string>();
      SCOPED_TRACE(case_name);
      // Variable tensors (SVDF and LSTM state) start at zero in every case: compile afresh.
      auto compiled = CompiledModel::compile(*graph, options);
      ASSERT_TRUE(compiled.ok()) << compiled.message();
      CompiledModel& m = **compiled;
      const fs::path case_dir = dir / case_name;
      for (size_t i = 0; i < m.input_count(); ++i) {
        const std::vector<uint8_t> in =
            read_bytes((case_dir / fmt::format("input_{}.bin", i)).string());
        ASSERT_EQ(in.size(), m.input_data(i).size()) << "input " << i;
        if (!in.empty()) std::memcpy(m.input_data(i).data(), in.data(), in.size());
      }
      Status s = m.invoke();
      ASSERT_TRUE(s.ok()) << s.message();
      for (size_t j = 0; j < m.output_count(); ++j) {
        const std::string diff =
            compare_tensor_bytes(m.output_type(j), m.output_data(j),
                                 read_bytes((case_dir / fmt::format("output_{}.bin", j)).string()));
        if (defect) {
          differs = differs || !diff.empty();
          continue;
        }
        EXPECT_TRUE(diff.empty()) << "output " << j << " (" << m.graph().node_label(0)
                                  << "): " << diff;
      }
    }
  }
  EXPECT_GT(isas, 0);
  if (defect) {
    ASSERT_TRUE(differs) << name << " now matches its golden outputs: take it off "
                         << "kTflmSnapshotDefects";
    GTEST_SKIP() << name << " runs; its golden outputs are not compared: " << defect->reason;
  }
}

INSTANTIATE_TEST_SUITE_P(GoldenOps, GoldenOpsTest,
                         ::testing::ValuesIn(octet::testing::golden_model_params("golden-ops")),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return octet::testing::test_name(info.param);
                         });

}  // namespace
}  // namespace octet
