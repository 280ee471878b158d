// writer_round_trip_test.cc - read -> write -> read gives the same graph and the same outputs, for
// every model in ../shared/models; the same graph for every single-op model of ../shared/golden-ops
// that octet reads (each op's options written and read back).
#include <gtest/gtest.h>

#include <filesystem>

#include "frontend/tflite/reader.h"
#include "frontend/tflite/writer.h"
#include "io/tensor_file.h"
#include "runtime/compiled_model.h"
#include "test_util.h"

namespace octet {
namespace {

namespace fs = std::filesystem;

void expect_same_graph(const Graph& a, const Graph& b) {
  ASSERT_EQ(a.values.size(), b.values.size());
  for (size_t v = 0; v < a.values.size(); ++v) {
    SCOPED_TRACE(a.values[v].name);
    EXPECT_EQ(a.values[v].name, b.values[v].name);
    EXPECT_EQ(a.values[v].type, b.values[v].type)
        << a.values[v].type.to_string() << " vs " << b.values[v].type.to_string();
    EXPECT_EQ(a.values[v].data, b.values[v].data);
    EXPECT_EQ(a.values[v].variable, b.values[v].variable);
  }
  ASSERT_EQ(a.nodes.size(), b.nodes.size());
  for (size_t i = 0; i < a.nodes.size(); ++i) {
    const Node &x = a.nodes[i], &y = b.nodes[i];
    EXPECT_EQ(x.op, y.op) << i;
    EXPECT_EQ(x.inputs, y.inputs) << i;
    EXPECT_EQ(x.outputs, y.outputs) << i;
    EXPECT_EQ(format_attrs(x), format_attrs(y)) << i;
  }
  EXPECT_EQ(a.inputs, b.inputs);
  EXPECT_EQ(a.outputs, b.outputs);
}

// Writes `first` and reads it back: the same graph. Returns the second reading.
Graph round_trip(const Graph& first) {
  auto bytes = write_tflite(first);
  EXPECT_TRUE(bytes.ok()) << bytes.message();
  if (!bytes.ok()) return Graph();
  auto second = read_tflite(*bytes);
  EXPECT_TRUE(second.ok()) << second.message();
  if (!second.ok()) return Graph();
  expect_same_graph(first, *second);
  return *second;
}

TEST(WriterRoundTrip, EveryModel) {
  OCTET_REQUIRE_SHARED(shared);
  int models = 0;
  for (const auto& e : fs::directory_iterator(fs::path(shared) / "models")) {
    if (e.path().extension() != ".tflite") continue;
    SCOPED_TRACE(e.path().filename().string());
    TfliteReadOptions options;
    options.allow_unsupported_ops = false;
    auto first = read_tflite_file(e.path().string(), options);
    ASSERT_TRUE(first.ok()) << first.message();
    const Graph second = round_trip(*first);
    if (::testing::Test::HasFailure()) return;

    CompileOptions co;
    co.isa = Isa::kReference;
    auto m1 = CompiledModel::compile(*first, co);
    auto m2 = CompiledModel::compile(second, co);
    ASSERT_TRUE(m1.ok() && m2.ok());
    for (size_t i = 0; i < (*m1)->input_count(); ++i) {
      const auto in = random_tensor((*m1)->input_type(i), 42 + i);
      std::copy(in.begin(), in.end(), (*m1)->input_data(i).begin());
      std::copy(in.begin(), in.end(), (*m2)->input_data(i).begin());
    }
    ASSERT_TRUE((*m1)->invoke().ok());
    ASSERT_TRUE((*m2)->invoke().ok());
    for (size_t j = 0; j < (*m1)->output_count(); ++j) {
      const auto a = (*m1)->output_data(j), b = (*m2)->output_data(j);
      EXPECT_TRUE(std::equal(a.begin(), a.end(), b.begin(), b.end())) << "output " << j;
    }
    ++models;
  }
  EXPECT_GE(models, 19);
}

// The options of the ops with state (cell clip, time major, rank) and their variable tensors.
TEST(WriterRoundTrip, RecurrentOpsOfGoldenOps) {
  OCTET_REQUIRE_SHARED(shared);
  int models = 0;
  for (const std::string& name : testing::golden_models("golden-ops")) {
    if (name.find("lstm") == std::string::npos && name.find("svdf") == std::string::npos) continue;
    SCOPED_TRACE(name);
    auto first =
        read_tflite_file((fs::path(shared) / "golden-ops" / name / "model.tflite").string());
    ASSERT_TRUE(first.ok()) << first.message();
    round_trip(*first);
    ++models;
  }
  EXPECT_GE(models, 4);
}

TEST(WriterRoundTrip, EveryGoldenOpsModel) {
  OCTET_REQUIRE_SHARED(shared);
  int models = 0;
  for (const std::string& name : testing::golden_models("golden-ops")) {
    SCOPED_TRACE(name);
    auto first =
        read_tflite_file((fs::path(shared) / "golden-ops" / name / "model.tflite").string());
    if (!first.ok()) continue;  // ops octet does not read yet (golden_ops_test lists them)
    auto bytes = write_tflite(*first);
    ASSERT_TRUE(bytes.ok()) << bytes.message();
    auto second = read_tflite(*bytes);
    ASSERT_TRUE(second.ok()) << second.message();
    expect_same_graph(*first, *second);
    ++models;
  }
  EXPECT_GE(models, 157);
}

TEST(WriterRoundTrip, SharedBuffersAreWrittenOnceAndReadAsIndependentConstants) {
  Graph g;
  const ValueId x = g.add_activation("x", TensorType{DType::kFloat32, {1, 4}, {}});
  const std::vector<float> zeros(4, 0.0f);
  const ValueId a = g.add_constant_of<float>("a", TensorType{DType::kFloat32, {4}, {}}, zeros);
  const ValueId b = g.add_constant_of<float>("b", TensorType{DType::kFloat32, {4}, {}}, zeros);
  const ValueId s = g.add_activation("s", TensorType{DType::kFloat32, {1, 4}, {}});
  const ValueId y = g.add_activation("y", TensorType{DType::kFloat32, {1, 4}, {}});
  g.nodes.push_back(Node{OpKind::kAdd, {x, a}, {s}, {}, ""});
  g.nodes.push_back(Node{OpKind::kSub, {s, b}, {y}, {}, ""});
  g.inputs = {x};
  g.outputs = {y};
  auto shared_bytes = write_tflite(g);
  TfliteWriteOptions separate;
  separate.share_identical_buffers = false;
  auto separate_bytes = write_tflite(g, separate);
  ASSERT_TRUE(shared_bytes.ok() && separate_bytes.ok());
  EXPECT_LT(shared_bytes->size(), separate_bytes->size());
  auto back = read_tflite(*shared_bytes);
  ASSERT_TRUE(back.ok()) << back.message();
  // Independent copies: changing one does not change the other.
  back->value(1).as_mutable<float>()[0] = 5.0f;
  EXPECT_EQ(back->value(2).as<float>()[0], 0.0f);
}

}  // namespace
}  // namespace octet
