// SVDF: prepare + reference kernels on hand-derived cases over two invokes (the state carries
// over); the model-level check against TFLM is tests/models/golden_ops_test.cc.
#include <gtest/gtest.h>

#include <cmath>

#include <vector>

#include "kernels/prepare/svdf.h"
#include "octet_kernels.h"

namespace octet {
namespace {

// Unit scales (both multipliers exactly 1), zero points 0. Feature weights = identity, so the
// newest state column is the input; time weights [[1, 2], [3, 4]] (older, newer); bias [10, 20].
//   invoke 1, x = [5, 7]: state [[0, 5], [0, 7]]; filters 1*0 + 2*5 = 10, 3*0 + 4*7 = 28.
//     rank 1: out = [10 + 10, 20 + 28] = [20, 48].
//   invoke 2, x = [1, -1]: the flat state [0, 5, 0, 7] shifts to [5, 0, 7, 7], the newest
//     column becomes [1, -1]: [[5, 1], [7, -1]]; filters 5 + 2 = 7, 21 - 4 = 17: [17, 37].
// With rank 2 there is one unit summing both filters: 10 + 10 + 28 = 48, then 10 + 7 + 17 = 34.
TEST(Svdf, S8HandDerivedTwoInvokes) {
  const int8_t wf[4] = {1, 0, 0, 1};
  const int16_t wt[4] = {1, 2, 3, 4};
  const int32_t bias[2] = {10, 20};
  for (int32_t rank : {1, 2}) {
    SvdfShape shape{1, 2, 2, rank, 2};
    SvdfQuant q;
    q.input = q.state = q.output = TensorQuant{1.0f, 0};
    auto p = prepare_svdf(DType::kInt8, shape, FusedActivation::kNone, q);
    ASSERT_TRUE(p.ok()) << p.message();
    std::vector<int32_t> scratch(octet_ref_svdf_scratch_bytes(&*p, 0) / 4);
    int16_t state[4] = {0, 0, 0, 0};
    int8_t out[2] = {0, 0};
    const int8_t x1[2] = {5, 7}, x2[2] = {1, -1};
    octet_ref_svdf_s8(&*p, x1, wf, wt, bias, state, out, scratch.data());
    if (rank == 1) {
      EXPECT_EQ(out[0], 20);
      EXPECT_EQ(out[1], 48);
    } else {
      EXPECT_EQ(out[0], 48);
    }
    octet_ref_svdf_s8(&*p, x2, wf, wt, bias, state, out, scratch.data());
    EXPECT_EQ(std::vector<int16_t>(state, state + 4), (std::vector<int16_t>{5, 1, 7, -1}));
    if (rank == 1) {
      EXPECT_EQ(out[0], 17);
      EXPECT_EQ(out[1], 37);
    } else {
      EXPECT_EQ(out[0], 34);
    }
  }
}

// Zero points: input zp 3 is subtracted before the feature dot; an int8 state with zp -2 stores
// value + zp (clamped after adding it) and subtracts it again before the time dot; output zp 5.
// Output scale 1/2 doubles the result, which then saturates at 127.
TEST(Svdf, ScaleRatiosPastTheShiftLimitAreRefused) {
  // input x feature / state = 2^29 is 0.5 with a left shift of 30 (accepted); 2^30 needs 31.
  SvdfShape shape{1, 2, 1, 1, 2};
  SvdfQuant q;
  q.input = {std::ldexp(1.0f, 29), 0};
  q.state = {1.0f, 0};
  q.output = {1.0f, 0};
  EXPECT_TRUE(prepare_svdf(DType::kInt8, shape, FusedActivation::kNone, q).ok());
  q.input = {std::ldexp(1.0f, 30), 0};
  auto past = prepare_svdf(DType::kInt8, shape, FusedActivation::kNone, q);
  ASSERT_FALSE(past.ok());
  EXPECT_NE(past.message().find("at most 30"), std::string::npos) << past.message();
}

TEST(Svdf, S8State8ZeroPointsAndSaturation) {
  const int8_t wf[2] = {1, 1};  // one filter summing both inputs
  const int8_t wt[2] = {1, 1};
  SvdfShape shape{1, 2, 1, 1, 2};
  SvdfQuant q;
  q.input = {1.0f, 3};
  q.state = {1.0f, -2};
  q.output = {0.5f, 5};
  auto p = prepare_svdf(DType::kInt8, shape, FusedActivation::kRelu, q);
  ASSERT_TRUE(p.ok()) << p.message();
  std::vector<int32_t> scratch(octet_ref_svdf_scratch_bytes(&*p, 0) / 4);
  int8_t state[2] = {-2, -2};  // real zero
  int8_t out = 0;
  // (10 - 3) + (4 - 3) = 8 -> stored 6; time dot (-2 + 2) + (6 + 2) = 8; x2 = 16, + 5 = 21.
  const int8_t x1[2] = {10, 4};
  octet_ref_svdf_s8_state8(&*p, x1, wf, wt, nullptr, state, &out, scratch.data());
  EXPECT_EQ(state[1], 6);
  EXPECT_EQ(out, 21);
  // 120 + 120 - 6 = 234 -> 232 after the zero point, clamped to 127 (stored); the dot is
  // (6 + 2) + (127 + 2) = 137, doubled 274 + 5: saturates at 127. The fused RELU is not applied
  // by TFLM's integer kernel (nor here): a negative result would stay negative.
  const int8_t x2[2] = {123, 123};
  octet_ref_svdf_s8_state8(&*p, x2, wf, wt, nullptr, state, &out, scratch.data());
  EXPECT_EQ(state[0], 6);
  EXPECT_EQ(state[1], 127);
  EXPECT_EQ(out, 127);
}

// Float: same as the first integer case, with a RELU6 clamp.
TEST(Svdf, F32WithActivation) {
  const float wf[4] = {1, 0, 0, 1}, wt[4] = {1, 2, 3, 4}, bias[2] = {-30, 20};
  SvdfShape shape{1, 2, 2, 1, 2};
  auto p = prepare_svdf(DType::kFloat32, shape, FusedActivation::kRelu6, SvdfQuant{});
  ASSERT_TRUE(p.ok()) << p.message();
  std::vector<float> scratch(octet_ref_svdf_scratch_bytes(&*p, 1) / 4);
  float state[4] = {0, 0, 0, 0}, out[2];
  const float x1[2] = {5, 0.25f};
  octet_ref_svdf_f32(&*p, x1, wf, wt, bias, state, out, scratch.data());
  EXPECT_EQ(out[0], 0.0f);  // -30 + 10 -> relu6 0
  EXPECT_EQ(out[1], 6.0f);  // 20 + 1 -> 6
}

}  // namespace
}  // namespace octet
