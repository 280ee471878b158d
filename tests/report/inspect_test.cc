// inspect_test.cc - the inspect report (report/inspect.h) that `octet inspect`, octet.inspect and
// repr(octet.Model) share: the summary without the op table, and the JSON naming every float op.
#include "report/inspect.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "ir/builder.h"

namespace octet {
namespace {

Result<Graph> float_model_with_exp() {
  GraphBuilder b;
  const ValueId x = b.input("x", {1, 4});
  ValueId h =
      b.op(OpKind::kFullyConnected,
           {x, b.constant("w", {2, 4}, {1, 2, 3, 4, 5, 6, 7, 8}), b.constant("b", {2}, {0, 1})}, {},
           "fc");
  h = b.op(OpKind::kExp, {h}, {}, "exp");
  return b.finish({h});
}

TEST(Inspect, TextSummaryLeavesOutTheOpTable) {
  auto g = float_model_with_exp();
  ASSERT_TRUE(g.ok()) << g.message();
  const std::string full = inspect_text(*g, "m.tflite");
  const std::string summary = inspect_text(*g, "m.tflite", /*op_table=*/false);
  EXPECT_NE(full.find("attributes"), std::string::npos);
  EXPECT_EQ(summary.find("attributes"), std::string::npos);
  for (const std::string& s : {full, summary}) {
    EXPECT_EQ(s.rfind("model: m.tflite\ninput:  'x' float32[1,4]\noutput: 'exp' float32[1,2]\n", 0),
              0u)
        << s;
    // 8 weights + 2 biases; 4 x 2 multiply-accumulates.
    EXPECT_NE(s.find("parameters:   10 (40 bytes)\nMACs:         8\n"), std::string::npos) << s;
    EXPECT_NE(s.find("integer-only: no"), std::string::npos) << s;
  }
}

TEST(Inspect, JsonNamesEveryFloatOpAndWhy) {
  auto g = float_model_with_exp();
  ASSERT_TRUE(g.ok()) << g.message();
  const nlohmann::json j = nlohmann::json::parse(inspect_json(*g, "m.tflite"));
  EXPECT_EQ(j["model"], "m.tflite");
  EXPECT_EQ(j["inputs"][0]["name"], "x");
  EXPECT_EQ(j["inputs"][0]["shape"], nlohmann::json::array({1, 4}));
  ASSERT_EQ(j["ops"].size(), 2u);
  EXPECT_EQ(j["ops"][1]["op"], "EXP");
  EXPECT_EQ(j["ops"][1]["arithmetic"], "float");
  EXPECT_TRUE(j["ops"][1].contains("reason"));
  EXPECT_EQ(j["ops"][0]["macs"], 8);
  EXPECT_EQ(j["integer_only"], false);
  EXPECT_EQ(j["float_ops"], 2);
  EXPECT_EQ(j["totals"]["parameters"], 10);
  EXPECT_TRUE(j["totals"]["arena_bytes"].is_number());
}

}  // namespace
}  // namespace octet
