// golden_test.cc - every model in ../shared/golden, run with octet's runtime at every ISA level
// this CPU has, must reproduce TensorFlow Lite (Micro)'s reference outputs and every intermediate
// tensor: byte for byte for integer tensors, within 1e-5 (relative or absolute) for float ones.
// The runtime's graph rewrites (a PAD folded into its convolution) leave some tensors of the file
// unproduced; those are skipped, every tensor still produced is compared.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "frontend/tflite/reader.h"
#include "runtime/compiled_model.h"
#include "test_util.h"

namespace octet {
namespace {

namespace fs = std::filesystem;
using octet::testing::compare_tensor_bytes;
using octet::testing::golden_models;
using octet::testing::read_bytes;

struct GoldenParam {
  std::string model;
  Isa isa;
};

void PrintTo(const GoldenParam& p, std::ostream* os) {
  *os << p.model << " at " << isa_name(p.isa);
}

std::vector<GoldenParam> golden_params() {
  std::vector<GoldenParam> out;
  std::vector<std::string> models = golden_models();
  if (models.empty()) models.push_back("shared_folder_absent");
  for (const std::string& m : models) {
    for (Isa isa : {Isa::kReference, Isa::kAvx2, Isa::kAvx512Vnni}) out.push_back({m, isa});
  }
  return out;
}

class GoldenTest : public ::testing::TestWithParam<GoldenParam> {};

TEST_P(GoldenTest, OutputsAndIntermediatesMatchReference) {
  OCTET_REQUIRE_SHARED(shared);
  const GoldenParam& p = GetParam();
  if (!isa_supported(p.isa)) {
    GTEST_SKIP() << "this CPU does not support ISA level " << isa_name(p.isa);
  }
  const fs::path dir = fs::path(shared) / "golden" / p.model;
  std::ifstream meta_file(dir / "meta.json");
  const nlohmann::json meta = nlohmann::json::parse(meta_file);
  const std::string model =
      (fs::path(shared) / "models" / meta["model"].get<std::string>()).string();

  auto graph = read_tflite_file(model);
  ASSERT_TRUE(graph.ok()) << graph.message();
  CompileOptions options;
  options.isa = p.isa;
  options.preserve_intermediates = true;
  auto compiled = CompiledModel::compile(*graph, options);
  ASSERT_TRUE(compiled.ok()) << compiled.message();
  CompiledModel& m = **compiled;
  const Graph& g = m.graph();

  for (const auto& case_json : meta["cases"]) {
    const std::string case_name = case_json.get<std::string>();
    SCOPED_TRACE(case_name);
    const fs::path case_dir = dir / case_name;
    for (size_t i = 0; i < m.input_count(); ++i) {
      const std::vector<uint8_t> in =
          read_bytes((case_dir / fmt::format("input_{}.bin", i)).string());
      ASSERT_EQ(in.size(), m.input_data(i).size()) << "input " << i;
      std::memcpy(m.input_data(i).data(), in.data(), in.size());
    }
    // Each case starts a new sequence, as TFLM's runner resets its variable tensors.
    m.reset_variables();
    Status s = m.invoke();
    ASSERT_TRUE(s.ok()) << s.message();

    // Intermediates first, in execution order: the first op whose output differs is the one to fix.
    if (fs::is_directory(case_dir / "tensors")) {
      int checked = 0;
      // Tensors the compiled graph no longer produces (a folded PAD's output) have no data.
      std::vector<bool> produced(g.values.size(), false);
      for (const Node& n : g.nodes) {
        for (ValueId v : n.outputs) produced[v] = true;
      }
      for (ValueId v : graph->inputs) produced[v] = true;
      for (size_t v = 0; v < g.values.size(); ++v) {
        const Value& val = g.value(static_cast<ValueId>(v));
        if (!produced[v] && !val.is_constant() && !val.variable) {
          EXPECT_TRUE(m.tensor_data(static_cast<ValueId>(v)).empty()) << "tensor " << v;
        }
      }
      for (size_t i = 0; i < g.nodes.size(); ++i) {
        for (ValueId v : g.nodes[i].outputs) {
          const fs::path f = case_dir / "tensors" / fmt::format("tensor_{}.bin", v);
          if (!fs::exists(f)) continue;
          ++checked;
          const std::string diff =
              compare_tensor_bytes(g.type(v), m.tensor_data(v), read_bytes(f.string()));
          ASSERT_TRUE(diff.empty())
              << "first divergence at " << g.node_label(i) << " output tensor " << v << " "
              << g.type(v).to_string() << ": " << diff;
        }
      }
      // Variable tensors (LSTM state): their value after the run, the sequence's final state.
      for (size_t v = 0; v < g.values.size(); ++v) {
        const Value& val = g.value(static_cast<ValueId>(v));
        const fs::path f = case_dir / "tensors" / fmt::format("tensor_{}.bin", v);
        if (!val.variable || !fs::exists(f)) continue;
        ++checked;
        const std::string diff = compare_tensor_bytes(
            val.type, m.tensor_data(static_cast<ValueId>(v)), read_bytes(f.string()));
        EXPECT_TRUE(diff.empty()) << "variable tensor " << v << " '" << val.name << "' "
                                  << val.type.to_string() << ": " << diff;
      }
      EXPECT_GT(checked, 0) << "no intermediate tensors compared";
    }
    for (size_t j = 0; j < m.output_count(); ++j) {
      const std::string diff =
          compare_tensor_bytes(m.output_type(j), m.output_data(j),
                               read_bytes((case_dir / fmt::format("output_{}.bin", j)).string()));
      EXPECT_TRUE(diff.empty()) << "output " << j << ": " << diff;
    }
  }

  // Without intermediates kept, the memory plan shares memory (in-place ops, outputs of window
  // kernels overlapping their inputs): the outputs must not change.
  options.preserve_intermediates = false;
  auto lean = CompiledModel::compile(*graph, options);
  ASSERT_TRUE(lean.ok()) << lean.message();
  for (const auto& case_json : meta["cases"]) {
    const fs::path case_dir = dir / case_json.get<std::string>();
    SCOPED_TRACE(case_dir.filename().string() + " without intermediates");
    (*lean)->reset_variables();  // each case from zero state, as TFLM ran it
    for (size_t i = 0; i < (*lean)->input_count(); ++i) {
      const std::vector<uint8_t> in =
          read_bytes((case_dir / fmt::format("input_{}.bin", i)).string());
      std::memcpy((*lean)->input_data(i).data(), in.data(), in.size());
    }
    ASSERT_TRUE((*lean)->invoke().ok());
    for (size_t j = 0; j < (*lean)->output_count(); ++j) {
      const std::string diff =
          compare_tensor_bytes((*lean)->output_type(j), (*lean)->output_data(j),
                               read_bytes((case_dir / fmt::format("output_{}.bin", j)).string()));
      EXPECT_TRUE(diff.empty()) << "output " << j << ": " << diff;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Golden, GoldenTest, ::testing::ValuesIn(golden_params()),
                         [](const ::testing::TestParamInfo<GoldenParam>& info) {
                           return octet::testing::test_name(info.param.model + "_" +
                                                            std::string(isa_name(info.param.isa)));
                         });

}  // namespace
}  // namespace octet
