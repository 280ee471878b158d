// FULLY_CONNECTED: prepare + reference kernel on hand-derived cases.
#include <gtest/gtest.h>

#include <vector>

#include "core/fixed_point.h"
#include "kernels/nn_test_util.h"
#include "kernels/prepare/fully_connected.h"
#include "octet_kernels.h"

namespace octet {
namespace {

using testing::make_shape;

TEST(FullyConnected, S8PerChannelBatchNoBias) {
  // Input zero point 1: row 0 r = [2, -2, 4], row 1 r = [0, 0, 0]. Weights o0 [1, 2, 3],
  // o1 [-1, 0, 1]; scales s_in 1, s_w {0.5, 0.25}, s_out 1; output zero point -5.
  // Row 0: o0 2 - 4 + 12 = 10 -> 5 -> 0; o1 -2 + 4 = 2 -> srdhm 1 -> 0.5 away from zero -> 1 -> -4.
  // Row 1: both 0 -> -5.
  const std::vector<int8_t> input = {3, -1, 5, 1, 1, 1};
  const std::vector<int8_t> weights = {1, 2, 3, -1, 0, 1};
  const float w_scales[] = {0.5f, 0.25f};
  WeightedSumQuant q{{1.0f, 1}, {1.0f, -5}, w_scales, 0};
  auto plan = prepare_fully_connected(DType::kInt8, FusedActivation::kNone, 2, q);
  ASSERT_TRUE(plan.ok()) << plan.message();
  const octet_fully_connected_params p = plan.value().params();
  std::vector<int8_t> out(4, 0);
  const octet_shape w_s = make_shape({2, 3}), out_s = make_shape({2, 2});
  octet_ref_fully_connected_s8(&p, input.data(), &w_s, weights.data(), nullptr, &out_s, out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{0, -4, -5, -5}));
}

TEST(FullyConnected, S8ReluClampAndSaturation) {
  // One input [100, 100] (zero point 0), weights [1, 1] and [-1, -1], scale 1: 200 -> 127 and
  // -200 -> relu (zero point 0) -> 0.
  const std::vector<int8_t> input = {100, 100};
  const std::vector<int8_t> weights = {1, 1, -1, -1};
  const float w_scale[] = {1.0f};
  WeightedSumQuant q{{1.0f, 0}, {1.0f, 0}, w_scale, 0};
  auto plan = prepare_fully_connected(DType::kInt8, FusedActivation::kRelu, 2, q);
  ASSERT_TRUE(plan.ok()) << plan.message();
  const octet_fully_connected_params p = plan.value().params();
  std::vector<int8_t> out(2, 9);
  const octet_shape w_s = make_shape({2, 2}), out_s = make_shape({1, 2});
  octet_ref_fully_connected_s8(&p, input.data(), &w_s, weights.data(), nullptr, &out_s, out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{127, 0}));
}

TEST(FullyConnected, U8OffsetsBiasAndClampAtZero) {
  // Input zero point 128: r = [2, -2]; weight zero point 120: o0 [1, -1], o1 [0, 80];
  // scales 0.5 * 0.5 / 0.25 = 1. o0: 2 + 2 + 10 = 14; o1: -160 + 10 = -150 -> 0.
  const std::vector<uint8_t> input = {130, 126};
  const std::vector<uint8_t> weights = {121, 119, 120, 200};
  const std::vector<int32_t> bias = {10, 10};
  const float w_scale[] = {0.5f};
  WeightedSumQuant q{{0.5f, 128}, {0.25f, 0}, w_scale, 120};
  auto plan = prepare_fully_connected(DType::kUInt8, FusedActivation::kNone, 2, q);
  ASSERT_TRUE(plan.ok()) << plan.message();
  const octet_fully_connected_params p = plan.value().params();
  std::vector<uint8_t> out(2, 7);
  const octet_shape w_s = make_shape({2, 2}), out_s = make_shape({1, 2});
  octet_ref_fully_connected_u8(&p, input.data(), &w_s, weights.data(), bias.data(), &out_s,
                               out.data());
  EXPECT_EQ(out, (std::vector<uint8_t>{14, 0}));
}

TEST(FullyConnected, PerTensorMultiplierRoundsTheProductToFloat) {
  // TFLM's per-tensor path is GetQuantizedConvolutionMultipler (float product), its per-channel
  // path the double one: 0.1f * 0.1f / 0.1f gives 1717987014 and 1717986944 respectively.
  const float one_scale[] = {0.1f};
  const float two_scales[] = {0.1f, 0.1f};
  WeightedSumQuant q{{0.1f, 0}, {0.1f, 0}, one_scale, 0};
  auto per_tensor = prepare_fully_connected(DType::kInt8, FusedActivation::kNone, 2, q);
  ASSERT_TRUE(per_tensor.ok());
  EXPECT_EQ(per_tensor.value().requant.multiplier, (std::vector<int32_t>{1717987014, 1717987014}));
  q.weight_scales = two_scales;
  auto per_channel = prepare_fully_connected(DType::kInt8, FusedActivation::kNone, 2, q);
  ASSERT_TRUE(per_channel.ok());
  EXPECT_EQ(per_channel.value().requant.multiplier, (std::vector<int32_t>{1717986944, 1717986944}));
}

TEST(FullyConnected, S16WithInt64Bias) {
  // [16384, -16384] . [2, 1] + 5 = 16389; scale 0.5 with the 64-bit multiply: ties round up,
  // 8194.5 -> 8195. The second output is its bias alone, beyond int16 before scaling:
  // 40000 -> 20000.
  const std::vector<int16_t> input = {16384, -16384};
  const std::vector<int8_t> weights = {2, 1, 0, 0};
  const std::vector<int64_t> bias = {5, 40000};
  const float w_scale[] = {0.5f};
  WeightedSumQuant q{{1.0f, 0}, {1.0f, 0}, w_scale, 0};
  auto plan = prepare_fully_connected(DType::kInt16, FusedActivation::kNone, 2, q);
  ASSERT_TRUE(plan.ok()) << plan.message();
  const octet_fully_connected_params p = plan.value().params();
  std::vector<int16_t> out(2, 0);
  const octet_shape w_s = make_shape({2, 2}), out_s = make_shape({1, 2});
  octet_ref_fully_connected_s16(&p, input.data(), &w_s, weights.data(), bias.data(), &out_s,
                                out.data());
  EXPECT_EQ(out, (std::vector<int16_t>{8195, 20000}));
}

TEST(FullyConnected, F32HigherRankInputFlattensToBatches) {
  // Output [2, 1, 1] with 1 unit: batches = 2; input rows [1, 2] and [3, 4]; weights [0.5, -1];
  // bias 1: 1 + 0.5 - 2 = -0.5, 1 + 1.5 - 4 = -1.5.
  const std::vector<float> input = {1, 2, 3, 4};
  const std::vector<float> weights = {0.5f, -1.0f};
  const float bias = 1.0f;
  auto plan = prepare_fully_connected(DType::kFloat32, FusedActivation::kNone, 1, {});
  ASSERT_TRUE(plan.ok()) << plan.message();
  const octet_fully_connected_params p = plan.value().params();
  std::vector<float> out(2, 0);
  const octet_shape w_s = make_shape({1, 2}), out_s = make_shape({2, 1, 1});
  octet_ref_fully_connected_f32(&p, input.data(), &w_s, weights.data(), &bias, &out_s, out.data());
  EXPECT_EQ(out, (std::vector<float>{-0.5f, -1.5f}));
}

}  // namespace
}  // namespace octet
