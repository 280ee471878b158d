// tensor_file_test.cc - arrays into tensors (dtype and shape checks, float quantized for quantized
// tensors), real values <-> tensor bytes per tensor and per axis. Expected values are derived by
// hand from real = scale * (q - zero_point), round half away from zero, saturation.
#include "io/tensor_file.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

namespace octet {
namespace {

template <typename T>
std::span<const uint8_t> bytes_of(const std::vector<T>& v) {
  return {reinterpret_cast<const uint8_t*>(v.data()), v.size() * sizeof(T)};
}

template <typename T>
std::vector<T> as(const std::vector<uint8_t>& bytes) {
  std::vector<T> out(bytes.size() / sizeof(T));
  std::memcpy(out.data(), bytes.data(), bytes.size());
  return out;
}

TensorType int8_type(Shape shape, QuantParams q) {
  return TensorType{DType::kInt8, std::move(shape), std::move(q)};
}

TEST(ArrayToTensor, SameDtypeIsCopiedWithLeadingOnesAside) {
  const std::vector<int8_t> v = {1, -2, 3, -4, 5, -6};
  const TensorType t = int8_type({1, 2, 3}, QuantParams::per_tensor(0.1f, 0));
  std::vector<uint8_t> out(6);
  bool quantized = true;
  ASSERT_TRUE(array_to_tensor({DType::kInt8, Shape{2, 3}, bytes_of(v)}, t, "a", "input 0 'x'", out,
                              &quantized)
                  .ok());
  EXPECT_EQ(as<int8_t>(out), v);
  EXPECT_FALSE(quantized);
}

TEST(ArrayToTensor, FloatIsQuantizedRoundingHalfAwayFromZeroAndSaturating) {
  // scale 0.5, zero point -3: 1.0 -> 2 - 3 = -1; -1.25 -> round(-2.5) = -3, - 3 = -6;
  // 0.25 -> round(0.5) = 1, - 3 = -2; 100 -> 197 -> 127; -100 -> -203 -> -128.
  const std::vector<float> v = {1.0f, -1.25f, 0.25f, 100.0f, -100.0f};
  const TensorType t = int8_type({1, 5}, QuantParams::per_tensor(0.5f, -3));
  // The bytes start one past an aligned address, as they may in an .npy file.
  std::vector<uint8_t> unaligned(1 + v.size() * 4);
  std::memcpy(unaligned.data() + 1, v.data(), v.size() * 4);
  std::vector<uint8_t> out(5);
  bool quantized = false;
  ASSERT_TRUE(
      array_to_tensor({DType::kFloat32, Shape{5}, std::span<const uint8_t>(unaligned).subspan(1)},
                      t, "a", "input 0", out, &quantized)
          .ok());
  EXPECT_EQ(as<int8_t>(out), (std::vector<int8_t>{-1, -6, -2, 127, -128}));
  EXPECT_TRUE(quantized);
}

TEST(ArrayToTensor, WrongDtypeShapeOrNonFiniteNameWhereAndWhat) {
  const TensorType t = int8_type({1, 2, 2}, QuantParams::per_tensor(1.0f, 0));
  std::vector<uint8_t> out(4);
  const std::vector<double> f64 = {1, 2, 3, 4};
  Status s = array_to_tensor({DType::kFloat64, Shape{2, 2}, bytes_of(f64)}, t, "run() argument 0",
                             "input 0 'x'", out);
  EXPECT_EQ(s.message(), "run() argument 0: the array holds float64, but input 0 'x' is int8");
  const std::vector<int8_t> i8 = {1, 2, 3, 4};
  s = array_to_tensor({DType::kInt8, Shape{4}, bytes_of(i8)}, t, "a.npy", "input 0 'x'", out);
  EXPECT_EQ(s.message(), "a.npy: array shape [4] does not match input 0 'x' shape [1,2,2]");
  const std::vector<float> nan = {1, 2, NAN, 4};
  s = array_to_tensor({DType::kFloat32, Shape{2, 2}, bytes_of(nan)}, t, "a.npy", "input 0", out);
  EXPECT_EQ(s.message(), "a.npy: element 2 is nan");
  // Data that does not hold the shape's elements (a caller's mistake) is an error, not a read
  // past the end.
  s = array_to_tensor({DType::kInt8, Shape{2, 2}, std::span(bytes_of(i8)).first(3)}, t, "a",
                      "input 0", out);
  EXPECT_FALSE(s.ok());
}

TEST(RealToTensor, PerAxisUsesEachChannelsScaleAndZeroPoint) {
  // Axis 0 of [2,3]: row 0 scale 1, row 1 scale 0.5 zero point 10.
  const TensorType rows = int8_type({2, 3}, QuantParams{{1.0f, 0.5f}, {0, 10}, 0});
  std::vector<uint8_t> out(6);
  ASSERT_TRUE(real_to_tensor(std::vector<float>{1, 2, 3, 1, 2, 3}, rows, "x", out).ok());
  EXPECT_EQ(as<int8_t>(out), (std::vector<int8_t>{1, 2, 3, 12, 14, 16}));
  // Axis 1 of [2,3]: scales 1, 2, 4 along the columns.
  const TensorType cols = int8_type({2, 3}, QuantParams{{1.0f, 2.0f, 4.0f}, {0, 0, 0}, 1});
  ASSERT_TRUE(real_to_tensor(std::vector<float>{4, 4, 4, 8, 8, 8}, cols, "x", out).ok());
  EXPECT_EQ(as<int8_t>(out), (std::vector<int8_t>{4, 2, 1, 8, 4, 2}));

  std::vector<double> real;
  tensor_to_real(cols, out, real);
  EXPECT_EQ(real, (std::vector<double>{4, 4, 4, 8, 8, 8}));
}

TEST(TensorToReal, DequantizesIntegersAndKeepsFloats) {
  const TensorType u8{DType::kUInt8, Shape{3}, QuantParams::per_tensor(0.25f, 128)};
  std::vector<double> real;
  tensor_to_real(u8, std::vector<uint8_t>{128, 132, 0}, real);
  EXPECT_EQ(real, (std::vector<double>{0.0, 1.0, -32.0}));

  const std::vector<int32_t> i32 = {-7, 1 << 20};
  tensor_to_real(TensorType{DType::kInt32, Shape{2}, std::nullopt}, bytes_of(i32), real);
  EXPECT_EQ(real, (std::vector<double>{-7.0, 1048576.0}));

  const std::vector<float> f = {0.5f, -2.25f};
  tensor_to_real(TensorType{DType::kFloat32, Shape{2}, std::nullopt}, bytes_of(f), real);
  EXPECT_EQ(real, (std::vector<double>{0.5, -2.25}));
}

}  // namespace
}  // namespace octet
