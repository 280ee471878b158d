// window_overlap_test.cc - how far below its input a window kernel's output must start to
// overlap it (plan_builder.h: window_overlap_lead), on hand-derived cases, and the plans that use
// it (the codegen golden test runs generated code whose outputs overlap their inputs).
#include <gtest/gtest.h>

#include "runtime/plan_builder.h"

namespace octet {
namespace {

// 3x3, stride 1, SAME (pad 1) over 4x4x2 -> 4x4x2, one byte per element. Pixel (oy, ox) first
// reads input pixel (max(0, oy-1), max(0, ox-1)), i.e. byte 2 * (4 * max(0, oy-1) + max(0, ox-1)).
// The lowest byte read from pixel p on, needed(p), is 0 for p <= 5, then 2, 4 (p = 6, 7), 8, 8,
// 10, 12 (row 2), 16, 16, 18, 20 (row 3). Writing pixel p one pixel at a time ends at byte
// 2(p+1): the largest excess 2(p+1) - needed(p) is 12 (p = 5, 7, 11, 15): the output must start
// 12 bytes, (W + 2) * C, below the input.
TEST(WindowOverlapLead, SameThreeByThreeStrideOne) {
  const WindowGeometry w{3, 3, 1, 1, 1, 1, 1, 1};
  EXPECT_EQ(window_overlap_lead(w, Shape{1, 4, 4, 2}, 1, Shape{1, 4, 4, 2}, 1, 1), 12);
  // Two pixels at a time (the DSP conv): group p = 6 writes to byte 16 with needed(6) = 2, group
  // 10 to byte 24 with needed 10, group 14 to 32 with needed 18: 14.
  EXPECT_EQ(window_overlap_lead(w, Shape{1, 4, 4, 2}, 1, Shape{1, 4, 4, 2}, 1, 2), 14);
  // int16 elements: every byte count doubles.
  EXPECT_EQ(window_overlap_lead(w, Shape{1, 4, 4, 2}, 2, Shape{1, 4, 4, 2}, 2, 1), 24);
}

// A 1x1 convolution that halves the channels reads pixel p at byte 4p and writes up to 2(p+1):
// the excess is at most 2 (p = 0), so the output may start 2 bytes below the input.
TEST(WindowOverlapLead, PointwiseContractingAndExpanding) {
  const WindowGeometry w{1, 1, 1, 1, 1, 1, 0, 0};
  EXPECT_EQ(window_overlap_lead(w, Shape{1, 3, 3, 4}, 1, Shape{1, 3, 3, 2}, 1, 1), 2);
  // Doubling the channels: pixel p reads from byte 2p and writes up to 4(p+1); at p = 8 the
  // excess is 36 - 16 = 20.
  EXPECT_EQ(window_overlap_lead(w, Shape{1, 3, 3, 2}, 1, Shape{1, 3, 3, 4}, 1, 1), 20);
}

// Stride 2, VALID, 2x2 over 4x4x1 -> 2x2x1: pixels 0..3 first read bytes 0, 2, 8, 10 and write
// up to bytes 1, 2, 3, 4: only pixel 0's byte would land on input still needed (byte 0): lead 1.
TEST(WindowOverlapLead, StrideTwoShrinks) {
  const WindowGeometry w{2, 2, 2, 2, 1, 1, 0, 0};
  EXPECT_EQ(window_overlap_lead(w, Shape{1, 4, 4, 1}, 1, Shape{1, 2, 2, 1}, 1, 1), 1);
}

// Dilation 2, pad 2, 3x3 over 5x5x1: row oy's taps are oy-2, oy, oy+2, so its first row in range
// is oy-2, or oy for oy < 2 (columns likewise). Pixels first read: row 0: 0 1 0 1 2; row 1: 5 6 5 6
// 7; row 2: 0 1 0 1 2; row 3: 5 6 5 6 7; row 4: 10 11 10 11 12. The lowest byte read from p on is
// 0 up to p = 12, then 1, 2, 5, 5, 5, 6, 7, 10, 10, 10, 11, 12; writing p ends at byte p + 1; the
// largest excess is 13 (p = 12, 13, 14, 17, 18, 19, 22, 23, 24). A second image repeats the
// first 25 bytes further on, so the lead of a batch of two is the same.
TEST(WindowOverlapLead, DilatedWindowsSkipPaddingTaps) {
  const WindowGeometry w{3, 3, 1, 1, 2, 2, 2, 2};
  EXPECT_EQ(window_overlap_lead(w, Shape{1, 5, 5, 1}, 1, Shape{1, 5, 5, 1}, 1, 1), 13);
  EXPECT_EQ(window_overlap_lead(w, Shape{2, 5, 5, 1}, 1, Shape{2, 5, 5, 1}, 1, 1), 13);
}

}  // namespace
}  // namespace octet
