// Hand-derived SAME/VALID padding cases (TFLite's ComputePaddingHeightWidth).
#include "kernels/prepare/padding.h"

#include <gtest/gtest.h>

namespace octet {
namespace {

TEST(Padding, SameOddTotalPutsTheExtraRowAfter) {
  // in 4, filter 3, stride 2: out ceil(4/2) = 2; total (2-1)*2 + 3 - 4 = 1 -> 0 before, 1 after.
  auto p = compute_padding_2d(Padding::kSame, 4, 4, 3, 3, 2, 2);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->output_height, 2);
  EXPECT_EQ(p->pad_top, 0);
  EXPECT_EQ(p->pad_bottom, 1);
  // in 5, filter 3, stride 2: out 3; total 2*2 + 3 - 5 = 2 -> 1 and 1.
  p = compute_padding_2d(Padding::kSame, 5, 5, 3, 3, 2, 2);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->output_width, 3);
  EXPECT_EQ(p->pad_left, 1);
  EXPECT_EQ(p->pad_right, 1);
  // Even filter, stride 1: in 4, filter 2: out 4; total 3 + 2 - 4 = 1 -> 0 and 1.
  p = compute_padding_2d(Padding::kSame, 4, 4, 2, 2, 1, 1);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->output_height, 4);
  EXPECT_EQ(p->pad_top, 0);
  EXPECT_EQ(p->pad_bottom, 1);
}

TEST(Padding, HeightAndWidthAreIndependent) {
  // h: in 6, filter 1, stride 3 -> out 2, total 3 + 1 - 6 < 0 -> 0. w: in 7, filter 4, stride 1 ->
  // out 7, total 6 + 4 - 7 = 3 -> 1 before, 2 after.
  auto p = compute_padding_2d(Padding::kSame, 6, 7, 1, 4, 3, 1);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->output_height, 2);
  EXPECT_EQ(p->pad_top, 0);
  EXPECT_EQ(p->output_width, 7);
  EXPECT_EQ(p->pad_left, 1);
  EXPECT_EQ(p->pad_right, 2);
}

TEST(Padding, ValidHasNoPadding) {
  // (5 + 2 - 3) / 2 = 2.
  auto p = compute_padding_2d(Padding::kValid, 5, 5, 3, 3, 2, 2);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->output_height, 2);
  EXPECT_EQ(p->pad_top, 0);
  EXPECT_EQ(p->pad_left, 0);
  // A filter larger than the input leaves nothing.
  EXPECT_FALSE(compute_padding_2d(Padding::kValid, 2, 2, 3, 3, 1, 1));
}

TEST(Padding, DilationWidensTheFilter) {
  // filter 3, dilation 2 -> effective 5. VALID in 7: out 3. SAME in 7: out 7, total 6 + 5 - 7 = 4.
  auto v = compute_padding_2d(Padding::kValid, 7, 7, 3, 3, 1, 1, 2, 2);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->output_height, 3);
  auto s = compute_padding_2d(Padding::kSame, 7, 7, 3, 3, 1, 1, 2, 2);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->output_height, 7);
  EXPECT_EQ(s->pad_top, 2);
  EXPECT_EQ(s->pad_bottom, 2);
}

TEST(Padding, RejectsNonPositiveParameters) {
  EXPECT_FALSE(compute_padding_2d(Padding::kSame, 4, 4, 3, 3, 0, 1));
  EXPECT_FALSE(compute_padding_2d(Padding::kSame, 4, 4, 3, 3, 1, 1, 0, 1));
  EXPECT_FALSE(compute_padding_2d(Padding::kSame, 0, 4, 3, 3, 1, 1));
}

// Fuzz finding (fuzz/regressions/transpose-conv-size-overflow-crash-fc0b47b4): a TRANSPOSE_CONV
// whose output is 2^31 - 1 rows tall made SAME's in + stride - 1 overflow int32.
TEST(Padding, SizeNearInt32Max) {
  auto p = compute_padding_2d(Padding::kSame, INT32_MAX, 8, 3, 3, 2, 1, 1, 1);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->output_height, 1 << 30);      // ceil((2^31 - 1) / 2)
  EXPECT_EQ(p->pad_top + p->pad_bottom, 2);  // (2^30 - 1) * 2 + 3 - (2^31 - 1)
  p = compute_padding_2d(Padding::kValid, INT32_MAX, 8, 3, 3, 1, 1, 1, 1);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->output_height, INT32_MAX - 2);
}

TEST(Padding, DilatedFilterPastInt32IsRefused) {
  // Fuzz finding (fuzz/regressions/depthwise-dilation-overflow-crash-4a6d384c): filter 3 with
  // dilation 1929379839 spans 2 * 1929379839 + 1 = 3858759679 rows, past int32 (the product
  // overflowed). Refused, as for any window larger than int32; 2^30 - 1 still fits.
  EXPECT_FALSE(compute_padding_2d(Padding::kValid, 8, 8, 3, 3, 1, 1, 1929379839, 1));
  EXPECT_FALSE(compute_padding_2d(Padding::kSame, 8, 8, 1, 3, 1, 1, 1, 1929379839));
  auto p = compute_padding_2d(Padding::kSame, 8, 8, 3, 3, 1, 1, (1 << 30) - 1, 1);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->output_height, 8);
  // The window spans 2^31 - 1 rows: 2^31 - 2 of padding, half on each side (the sum
  // 7 + (2^31 - 1) before the 8 input rows were taken off overflowed int32; UBSan).
  EXPECT_EQ(p->pad_top, (1 << 30) - 1);
  EXPECT_EQ(p->pad_bottom, (1 << 30) - 1);
  EXPECT_EQ(p->pad_left, 1);
  EXPECT_EQ(p->pad_right, 1);
}

}  // namespace
}  // namespace octet
