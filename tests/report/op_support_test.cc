// op_support_test.cc - the op table: what the plans of models say (a hand-built model), the
// markers, and the README's table equal to the one `octet ops --markdown` computes from
// ../shared (so it cannot drift as ops and kernels are added).
#include "report/op_support.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "ir/builder.h"
#include "test_util.h"

namespace octet {
namespace {

const OpSupport& row(const std::vector<OpSupport>& t, OpKind op) {
  for (const OpSupport& r : t) {
    if (r.op == op) return r;
  }
  ADD_FAILURE() << "no row for " << op_name(op);
  return t.front();
}

TEST(OpSupport, EveryOpHasARowAndKernelRowsDeclareTheirDtypes) {
  const std::vector<OpSupport> empty = op_support({});
  EXPECT_EQ(empty.size(), all_ops().size());

  auto table_text = op_support_markdown(empty);
  EXPECT_EQ(table_text.rfind("| op | reference | avx2 | avx512vnni | Cortex-M dsp |\n", 0), 0u);

  // Kernel rows alone (no model) give CONV_2D its declared dtypes: the reference kernels, the
  // AVX2 and AVX-512 VNNI GEMMs and the Cortex-M DSP kernel for int8; no float DSP kernel.
  const OpSupport& conv = row(empty, OpKind::kConv2D);
  EXPECT_TRUE(conv.dtypes[0].count("int8"));
  EXPECT_TRUE(conv.dtypes[1].count("int8"));
  EXPECT_TRUE(conv.dtypes[2].count("int8"));
  EXPECT_TRUE(conv.dtypes[3].count("int8"));
  EXPECT_FALSE(conv.dtypes[3].count("float32"));
}

TEST(OpSupport, SpliceReplacesOnlyBetweenTheMarkers) {
  const std::string doc = fmt::format("intro\n{}\nold\n{}\nafter\n", kOpTableBegin, kOpTableEnd);
  auto out = splice_op_table(doc, "| new |\n");
  ASSERT_TRUE(out.ok()) << out.message();
  EXPECT_EQ(*out, fmt::format("intro\n{}\n| new |\n{}\nafter\n", kOpTableBegin, kOpTableEnd));
  EXPECT_EQ(current_op_table(*out), "| new |\n");
  EXPECT_FALSE(splice_op_table("no markers", "x").ok());
}

TEST(OpSupport, ReadmeTableIsWhatTheModelsShow) {
  OCTET_REQUIRE_SHARED(shared);
  const std::vector<std::string> folders = {shared + "/golden-ops", shared + "/models"};
  int files = 0;
  const std::vector<Graph> graphs = read_models_under(folders, &files);
  ASSERT_GT(files, 100);
  const std::string want = op_support_markdown(op_support(graphs));
  std::ifstream in(std::string(OCTET_SOURCE_DIR) + "/README.md");
  std::stringstream readme;
  readme << in.rdbuf();
  EXPECT_EQ(current_op_table(readme.str()), want)
      << "README.md's op table is out of date; rewrite it with\n"
         "  build/octet ops --update README.md ../shared/golden-ops ../shared/models";
}

}  // namespace
}  // namespace octet
