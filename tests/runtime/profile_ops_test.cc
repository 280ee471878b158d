// profile_ops_test.cc - the per-op profile (runtime/benchmark.h) that `octet bench --profile` and
// octet.Model.profile share: one row per op in run order with its kernel. Times are not checked
// here (speed is measured in benchmarks, not unit tests).
#include <gtest/gtest.h>

#include "ir/builder.h"
#include "runtime/benchmark.h"

namespace octet {
namespace {

TEST(ProfileOps, OneRowPerOpInRunOrderWithItsKernel) {
  GraphBuilder b;
  const ValueId x = b.input("x", {1, 4});
  ValueId h = b.op(
      OpKind::kFullyConnected,
      {x, b.constant("w", {3, 4}, std::vector<float>(12, 0.5f)), b.constant("b", {3}, {0, 1, 2})},
      {}, "fc");
  h = b.op(OpKind::kRelu, {h}, {}, "relu");
  auto g = b.finish({h});
  ASSERT_TRUE(g.ok()) << g.message();
  auto m = CompiledModel::compile(*g);
  ASSERT_TRUE(m.ok()) << m.message();
  auto ops = profile_ops(**m, 3);
  ASSERT_TRUE(ops.ok()) << ops.message();
  ASSERT_EQ(ops->size(), 2u);
  EXPECT_EQ((*ops)[0].op, "FULLY_CONNECTED");
  EXPECT_EQ((*ops)[0].name, "fc");
  EXPECT_EQ((*ops)[0].macs, 12);
  EXPECT_EQ((*ops)[0].kernel, (*m)->kernel_name(0));
  EXPECT_EQ((*ops)[1].op, "RELU");
  EXPECT_EQ((*ops)[1].node, 1u);
  for (const OpProfile& op : *ops) EXPECT_GE(op.avg_ms, 0.0);

  EXPECT_EQ(profile_ops(**m, 0).message(), "runs must be at least 1, is 0");
}

}  // namespace
}  // namespace octet
