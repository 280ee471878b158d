// calibration_data_test.cc - load_calibration on hand-made .npy/.npz files, folders and tiny
// generated BMP images with hand-computed resize and normalization, every class of bad input
// (each with a clear message and no crash), random data, and the real calibration files in
// ../shared when present.
#include "quantize/calibration_data.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

#include "frontend/tflite/reader.h"
#include "io/image.h"
#include "io/npy.h"
#include "test_util.h"

namespace octet {
namespace {

namespace fs = std::filesystem;

// Passes when `text` contains `part`; the failure shows both.
::testing::AssertionResult contains(const std::string& text, const std::string& part) {
  if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "\n  \"" << text << "\"\ndoes not contain\n  \"" << part << "\"";
}

using testing::TempDir;

TensorType f32(Shape shape) { return TensorType{DType::kFloat32, std::move(shape), std::nullopt}; }

template <typename T>
std::span<const uint8_t> bytes_of(const std::vector<T>& v) {
  return {reinterpret_cast<const uint8_t*>(v.data()), v.size() * sizeof(T)};
}

template <typename T>
std::vector<uint8_t> npy_bytes(DType dtype, const Shape& shape, const std::vector<T>& values) {
  return encode_npy(dtype, shape, bytes_of(values));
}

void write_bytes(const std::string& path, std::span<const uint8_t> bytes) {
  ASSERT_TRUE(write_file_bytes(path, bytes).ok()) << path;
}

void write_f32_npy(const std::string& path, const Shape& shape, const std::vector<float>& v) {
  write_bytes(path, npy_bytes(DType::kFloat32, shape, v));
}

// A stored (uncompressed) zip archive of .npy members: what np.savez writes.
std::vector<uint8_t> make_npz(const std::vector<std::pair<std::string, std::vector<uint8_t>>>& m) {
  std::vector<uint8_t> out, central;
  auto u16 = [](std::vector<uint8_t>& v, uint32_t x) {
    v.push_back(x & 0xff);
    v.push_back((x >> 8) & 0xff);
  };
  auto u32 = [&](std::vector<uint8_t>& v, uint32_t x) {
    u16(v, x & 0xffff);
    u16(v, x >> 16);
  };
  for (const auto& [name, data] : m) {
    const std::string file = name + ".npy";
    const uint32_t crc = crc32(0, data.data(), static_cast<uInt>(data.size()));
    const uint32_t offset = static_cast<uint32_t>(out.size());
    u32(out, 0x04034b50);
    u16(out, 20), u16(out, 0), u16(out, 0), u16(out, 0), u16(out, 0);
    u32(out, crc), u32(out, data.size()), u32(out, data.size());
    u16(out, file.size()), u16(out, 0);
    out.insert(out.end(), file.begin(), file.end());
    out.insert(out.end(), data.begin(), data.end());
    u32(central, 0x02014b50);
    u16(central, 20), u16(central, 20), u16(central, 0), u16(central, 0), u16(central, 0),
        u16(central, 0);
    u32(central, crc), u32(central, data.size()), u32(central, data.size());
    u16(central, file.size()), u16(central, 0), u16(central, 0), u16(central, 0), u16(central, 0);
    u32(central, 0), u32(central, offset);
    central.insert(central.end(), file.begin(), file.end());
  }
  const uint32_t central_offset = static_cast<uint32_t>(out.size());
  out.insert(out.end(), central.begin(), central.end());
  u32(out, 0x06054b50);
  u16(out, 0), u16(out, 0), u16(out, m.size()), u16(out, m.size());
  u32(out, central.size()), u32(out, central_offset), u16(out, 0);
  return out;
}

// A 24-bit BMP; `rgb` holds rows top to bottom, RGB interleaved.
std::vector<uint8_t> make_bmp(int width, int height, const std::vector<uint8_t>& rgb) {
  const int row_bytes = (width * 3 + 3) / 4 * 4;
  const uint32_t data_size = row_bytes * height, file_size = 54 + data_size;
  std::vector<uint8_t> b(file_size, 0);
  auto put32 = [&](size_t at, uint32_t x) {
    for (int i = 0; i < 4; ++i) b[at + i] = (x >> (8 * i)) & 0xff;
  };
  b[0] = 'B', b[1] = 'M';
  put32(2, file_size);
  put32(10, 54);
  put32(14, 40);
  put32(18, width);
  put32(22, height);
  b[26] = 1;   // planes
  b[28] = 24;  // bits per pixel
  put32(34, data_size);
  for (int y = 0; y < height; ++y) {
    const int row = height - 1 - y;  // BMP rows go bottom to top
    for (int x = 0; x < width; ++x) {
      for (int c = 0; c < 3; ++c) {
        b[54 + row * row_bytes + x * 3 + (2 - c)] = rgb[(y * width + x) * 3 + c];  // BGR
      }
    }
  }
  return b;
}

// The 2x2 test image: R, G, B planes chosen so every output value is easy to derive by hand.
//   R: [0 100; 200 40]   G: [100 100; 100 100]   B: [255 0; 0 255]
std::vector<uint8_t> test_image_rgb() {
  return {0, 100, 255, 100, 100, 0, 200, 100, 0, 40, 100, 255};
}

Result<std::vector<CalibrationSample>> load(const std::vector<TensorType>& inputs,
                                            const std::string& source,
                                            CalibrationOptions options = {}) {
  options.source = source;
  return load_calibration(inputs, options);
}

// ---- .npy

TEST(CalibrationDataTest, NpySingleSampleWithOrWithoutLeadingOnes) {
  TempDir dir;
  write_f32_npy(dir / "a.npy", Shape{4}, {1, 2, 3, 4});
  write_f32_npy(dir / "b.npy", Shape{1, 1, 4}, {5, 6, 7, 8});
  auto a = load({f32({1, 4})}, dir / "a.npy");
  ASSERT_TRUE(a.ok()) << a.message();
  ASSERT_EQ(a->size(), 1u);
  EXPECT_EQ((*a)[0].inputs[0], (std::vector<float>{1, 2, 3, 4}));
  EXPECT_EQ((*a)[0].origin, dir / "a.npy");
  auto b = load({f32({1, 4})}, dir / "b.npy");
  ASSERT_TRUE(b.ok()) << b.message();
  EXPECT_EQ((*b)[0].inputs[0], (std::vector<float>{5, 6, 7, 8}));
}

TEST(CalibrationDataTest, NpyBatchAlongAxis0) {
  TempDir dir;
  write_f32_npy(dir / "x.npy", Shape{3, 1, 2}, {1, 2, 3, 4, 5, 6});
  auto s = load({f32({1, 1, 2})}, dir / "x.npy");
  ASSERT_TRUE(s.ok()) << s.message();
  ASSERT_EQ(s->size(), 3u);
  EXPECT_EQ((*s)[2].inputs[0], (std::vector<float>{5, 6}));
  EXPECT_EQ((*s)[1].origin, dir / "x.npy" + "[1]");

  CalibrationOptions options;
  options.max_samples = 2;
  auto limited = load({f32({1, 1, 2})}, dir / "x.npy", options);
  ASSERT_TRUE(limited.ok()) << limited.message();
  EXPECT_EQ(limited->size(), 2u);
}

TEST(CalibrationDataTest, NpyOtherDtypesAreConverted) {
  TempDir dir;
  write_bytes(dir / "d.npy", npy_bytes(DType::kFloat64, Shape{2}, std::vector<double>{0.5, -2}));
  write_bytes(dir / "i.npy", npy_bytes(DType::kInt16, Shape{2}, std::vector<int16_t>{-300, 7}));
  write_bytes(dir / "u.npy", npy_bytes(DType::kUInt8, Shape{2}, std::vector<uint8_t>{255, 1}));
  // float16: 0x3c00 = 1.0, 0xc100 = -2.5.
  write_bytes(dir / "h.npy",
              npy_bytes(DType::kFloat16, Shape{2}, std::vector<uint16_t>{0x3c00, 0xc100}));
  const std::pair<const char*, std::vector<float>> cases[] = {
      {"d.npy", {0.5f, -2}}, {"i.npy", {-300, 7}}, {"u.npy", {255, 1}}, {"h.npy", {1, -2.5f}}};
  for (const auto& [name, expected] : cases) {
    auto s = load({f32({2})}, dir / name);
    ASSERT_TRUE(s.ok()) << s.message();
    EXPECT_EQ((*s)[0].inputs[0], expected) << name;
  }
}

// ---- .npz

TEST(CalibrationDataTest, NpzMembersByName) {
  TempDir dir;
  // Members in the opposite order of the inputs: names decide.
  write_bytes(dir / "s.npz", make_npz({{"beta", npy_bytes(DType::kFloat32, Shape{2, 3},
                                                          std::vector<float>{1, 2, 3, 4, 5, 6})},
                                       {"alpha", npy_bytes(DType::kFloat32, Shape{2, 1, 2},
                                                           std::vector<float>{10, 20, 30, 40})}}));
  CalibrationOptions options;
  options.input_names = {"alpha", "beta"};
  auto s = load({f32({1, 2}), f32({1, 3})}, dir / "s.npz", options);
  ASSERT_TRUE(s.ok()) << s.message();
  ASSERT_EQ(s->size(), 2u);
  EXPECT_EQ((*s)[1].inputs[0], (std::vector<float>{30, 40}));
  EXPECT_EQ((*s)[1].inputs[1], (std::vector<float>{4, 5, 6}));
  EXPECT_EQ((*s)[1].origin, dir / "s.npz" + "[1]");
}

TEST(CalibrationDataTest, NpzMembersByOrder) {
  TempDir dir;
  write_bytes(
      dir / "s.npz",
      make_npz({{"arr_1", npy_bytes(DType::kFloat32, Shape{3}, std::vector<float>{7, 8, 9})},
                {"arr_0", npy_bytes(DType::kFloat32, Shape{2}, std::vector<float>{1, 2})}}));
  auto s = load({f32({2}), f32({1, 3})}, dir / "s.npz");
  ASSERT_TRUE(s.ok()) << s.message();
  ASSERT_EQ(s->size(), 1u);
  EXPECT_EQ((*s)[0].inputs[0], (std::vector<float>{1, 2}));
  EXPECT_EQ((*s)[0].inputs[1], (std::vector<float>{7, 8, 9}));
  EXPECT_EQ((*s)[0].origin, dir / "s.npz");
}

TEST(CalibrationDataTest, ArraysInMemoryAreMatchedLikeNpzMembers) {
  auto member = [](std::string name, Shape shape, std::vector<float> v) {
    NpyArray a{DType::kFloat32, std::move(shape), {}};
    a.data.assign(bytes_of(v).begin(), bytes_of(v).end());
    return NpzMember{std::move(name), std::move(a)};
  };
  CalibrationOptions options;
  options.input_names = {"alpha", "beta"};
  // By name, in any order; a batch of two samples.
  auto s = calibration_from_arrays(
      {f32({1, 2}), f32({1, 3})},
      {member("beta", {2, 3}, {1, 2, 3, 4, 5, 6}), member("alpha", {2, 1, 2}, {10, 20, 30, 40})},
      options, "calibration[0]");
  ASSERT_TRUE(s.ok()) << s.message();
  ASSERT_EQ(s->size(), 2u);
  EXPECT_EQ((*s)[1].inputs[0], (std::vector<float>{30, 40}));
  EXPECT_EQ((*s)[1].inputs[1], (std::vector<float>{4, 5, 6}));
  EXPECT_EQ((*s)[1].origin, "calibration[0][1]");
  // By position (arr_0, arr_1), one sample.
  s = calibration_from_arrays({f32({2}), f32({1, 3})},
                              {member("arr_0", {2}, {1, 2}), member("arr_1", {3}, {7, 8, 9})}, {},
                              "calibration[1]");
  ASSERT_TRUE(s.ok()) << s.message();
  ASSERT_EQ(s->size(), 1u);
  EXPECT_EQ((*s)[0].inputs[1], (std::vector<float>{7, 8, 9}));
  EXPECT_EQ((*s)[0].origin, "calibration[1]");
  // A shape that fits no input names the array.
  s = calibration_from_arrays({f32({1, 4})}, {member("arr_0", {3}, {1, 2, 3})}, {},
                              "calibration[2]");
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(
      contains(s.message(), "calibration[2] member 'arr_0': shape [3] does not fit input 0"));
  // max_samples cuts a batch.
  options = {};
  options.max_samples = 1;
  s = calibration_from_arrays({f32({2})}, {member("arr_0", {3, 2}, {1, 2, 3, 4, 5, 6})}, options,
                              "calibration[3]");
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(s->size(), 1u);
}

TEST(CalibrationDataTest, NpzSingleInputPicksTheMemberThatFits) {
  TempDir dir;
  // Like the MLPerf Tiny file: the samples beside their labels.
  write_bytes(
      dir / "s.npz",
      make_npz({{"specs",
                 npy_bytes(DType::kFloat64, Shape{2, 3}, std::vector<double>{1, 2, 3, 4, 5, 6})},
                {"labels", npy_bytes(DType::kFloat64, Shape{2}, std::vector<double>{0, 1})}}));
  auto s = load({f32({1, 3})}, dir / "s.npz");
  ASSERT_TRUE(s.ok()) << s.message();
  ASSERT_EQ(s->size(), 2u);
  EXPECT_EQ((*s)[1].inputs[0], (std::vector<float>{4, 5, 6}));
}

TEST(CalibrationDataTest, NpzThatCannotBeMatchedListsItsMembers) {
  TempDir dir;
  write_bytes(dir / "s.npz",
              make_npz({{"p", npy_bytes(DType::kFloat32, Shape{2}, std::vector<float>{1, 2})},
                        {"q", npy_bytes(DType::kFloat32, Shape{3}, std::vector<float>{1, 2, 3})}}));
  auto s = load({f32({2}), f32({3})}, dir / "s.npz");
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(contains(s.message(), "s.npz: cannot tell which members"));
  EXPECT_TRUE(contains(s.message(), "'p' float32[2], 'q' float32[3]"));
  EXPECT_TRUE(contains(s.message(), "arr_0, arr_1"));
}

TEST(CalibrationDataTest, NpzInputsWithDifferentBatchSizesAreAnError) {
  TempDir dir;
  write_bytes(
      dir / "s.npz",
      make_npz({{"arr_0", npy_bytes(DType::kFloat32, Shape{3, 2}, std::vector<float>(6))},
                {"arr_1", npy_bytes(DType::kFloat32, Shape{2, 2}, std::vector<float>(4))}}));
  auto s = load({f32({2}), f32({2})}, dir / "s.npz");
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(contains(s.message(), "member 'arr_0' holds 3 samples but"));
  EXPECT_TRUE(contains(s.message(), "member 'arr_1' holds 2"));
}

// ---- folders

TEST(CalibrationDataTest, FolderIsReadInNameOrderSkippingOtherFiles) {
  TempDir dir;
  write_f32_npy(dir / "b.npy", Shape{1, 1, 3}, {4, 5, 6});
  write_f32_npy(dir / "a.npy", Shape{2, 3}, {0, 1, 2, 3, 4, 5});
  write_bytes(dir / "c.npz",
              make_npz({{"x", npy_bytes(DType::kFloat32, Shape{3}, std::vector<float>{7, 8, 9})}}));
  write_bytes(dir / "README.txt", std::vector<uint8_t>{'h', 'i'});
  write_bytes(dir / ".hidden.npy", std::vector<uint8_t>{'x'});
  fs::create_directory(dir / "sub.npy");
  auto s = load({f32({1, 3})}, dir.path());
  ASSERT_TRUE(s.ok()) << s.message();
  ASSERT_EQ(s->size(), 4u);
  EXPECT_EQ((*s)[0].origin, dir / "a.npy" + "[0]");
  EXPECT_EQ((*s)[1].origin, dir / "a.npy" + "[1]");
  EXPECT_EQ((*s)[2].origin, dir / "b.npy");
  EXPECT_EQ((*s)[3].origin, dir / "c.npz");
  EXPECT_EQ((*s)[1].inputs[0], (std::vector<float>{3, 4, 5}));
  EXPECT_EQ((*s)[3].inputs[0], (std::vector<float>{7, 8, 9}));

  CalibrationOptions options;
  options.max_samples = 3;
  auto limited = load({f32({1, 3})}, dir.path(), options);
  ASSERT_TRUE(limited.ok()) << limited.message();
  ASSERT_EQ(limited->size(), 3u);
  EXPECT_EQ((*limited)[2].origin, dir / "b.npy");
}

TEST(CalibrationDataTest, MultiInputFolderGroupsNpyFilesBySampleName) {
  TempDir dir;
  write_f32_npy(dir / "s2_1.npy", Shape{3}, {20, 21, 22});
  write_f32_npy(dir / "s1_0.npy", Shape{2}, {1, 2});
  write_f32_npy(dir / "s1_1.npy", Shape{3}, {3, 4, 5});
  write_f32_npy(dir / "s2_0.npy", Shape{2}, {10, 11});
  auto s = load({f32({2}), f32({3})}, dir.path());
  ASSERT_TRUE(s.ok()) << s.message();
  ASSERT_EQ(s->size(), 2u);
  EXPECT_EQ((*s)[0].inputs[0], (std::vector<float>{1, 2}));
  EXPECT_EQ((*s)[0].inputs[1], (std::vector<float>{3, 4, 5}));
  EXPECT_EQ((*s)[1].inputs[1], (std::vector<float>{20, 21, 22}));
  EXPECT_EQ((*s)[1].origin, dir / "s2_*.npy");

  write_f32_npy(dir / "s3_0.npy", Shape{2}, {0, 0});
  auto missing = load({f32({2}), f32({3})}, dir.path());
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(contains(missing.message(), "sample 's3'"));
  EXPECT_TRUE(contains(missing.message(), "no file for input 1 (expected " + dir / "s3_1.npy"));

  write_f32_npy(dir / "loose.npy", Shape{2}, {0, 0});
  auto unnamed = load({f32({2}), f32({3})}, dir.path());
  ASSERT_FALSE(unnamed.ok());
  EXPECT_TRUE(contains(unnamed.message(), dir / "loose.npy" + ": this model has 2 inputs"));
  EXPECT_TRUE(contains(unnamed.message(), "<sample>_<k>.npy"));
}

// ---- images

TEST(CalibrationDataTest, ImageResizedBilinearAndScaledToUnitRangeByDefault) {
  TempDir dir;
  write_bytes(dir / "img.bmp", make_bmp(2, 2, test_image_rgb()));
  auto s = load({f32({1, 4, 4, 3})}, dir / "img.bmp");
  ASSERT_TRUE(s.ok()) << s.message();
  ASSERT_EQ(s->size(), 1u);
  const std::vector<float>& v = (*s)[0].inputs[0];
  ASSERT_EQ(v.size(), 48u);
  auto at = [&](int y, int x, int c) { return v[(y * 4 + x) * 3 + c] * 255.0f; };
  // Half-pixel centers: output 0..3 reads source 0 (clamped), 0.25, 0.75, 1 (clamped).
  // R at (y=1, x=2): ty = 0.25, tx = 0.75: top 0*.25 + 100*.75 = 75, bottom 200*.25 + 40*.75 = 80,
  // 75*.75 + 80*.25 = 76.25.
  EXPECT_NEAR(at(1, 2, 0), 76.25f, 1e-3);
  EXPECT_NEAR(at(0, 0, 0), 0.0f, 1e-3);    // corner = source corner
  EXPECT_NEAR(at(3, 3, 0), 40.0f, 1e-3);   // corner = source corner
  EXPECT_NEAR(at(0, 1, 0), 25.0f, 1e-3);   // 0*.75 + 100*.25
  EXPECT_NEAR(at(3, 1, 0), 160.0f, 1e-3);  // 200*.75 + 40*.25
  EXPECT_NEAR(at(2, 2, 1), 100.0f, 1e-3);  // constant G plane
  // B at (1, 1): ty = tx = 0.25: top 255*.75 = 191.25, bottom 255*.25 = 63.75 -> 159.375.
  EXPECT_NEAR(at(1, 1, 2), 159.375f, 1e-3);
  EXPECT_EQ((*s)[0].origin, dir / "img.bmp");
}

TEST(CalibrationDataTest, ImageMeanStdAndInputRange) {
  TempDir dir;
  write_bytes(dir / "img.bmp", make_bmp(2, 2, test_image_rgb()));
  CalibrationOptions options;
  options.mean = {100, 100, 127.5f};
  options.std = {50, 1, 127.5f};
  auto s = load({f32({1, 2, 2, 3})}, dir / "img.bmp", options);  // same size: no resampling
  ASSERT_TRUE(s.ok()) << s.message();
  // Pixel (1, 0) = (200, 100, 0): (200-100)/50 = 2, (100-100)/1 = 0, (0-127.5)/127.5 = -1.
  const std::vector<float> expected_10 = {2, 0, -1};
  for (int c = 0; c < 3; ++c) EXPECT_FLOAT_EQ((*s)[0].inputs[0][6 + c], expected_10[c]) << c;

  CalibrationOptions one_value;
  one_value.mean = {100};  // one mean for all channels, std defaults to 1
  auto m = load({f32({1, 2, 2, 3})}, dir / "img.bmp", one_value);
  ASSERT_TRUE(m.ok()) << m.message();
  EXPECT_FLOAT_EQ((*m)[0].inputs[0][2], 155);  // pixel (0,0) B = 255

  CalibrationOptions range;
  range.input_range = {{-1.0f, 1.0f}};
  auto r = load({f32({1, 2, 2, 3})}, dir / "img.bmp", range);
  ASSERT_TRUE(r.ok()) << r.message();
  // Pixel (0, 1) = (100, 100, 0): -1 + 100/255*2.
  EXPECT_NEAR((*r)[0].inputs[0][3], -1 + 200.0f / 255, 1e-6);
  EXPECT_NEAR((*r)[0].inputs[0][5], -1, 1e-6);
}

TEST(CalibrationDataTest, ImageGrayscaleAndNchwInputs) {
  TempDir dir;
  // White, (100,0,0), (0,0,0), (0,200,0). stb's gray: (77 R + 150 G + 29 B) >> 8.
  write_bytes(dir / "img.bmp", make_bmp(2, 2, {255, 255, 255, 100, 0, 0, 0, 0, 0, 0, 200, 0}));
  CalibrationOptions raw;
  raw.input_range = {{0.0f, 255.0f}};
  auto gray = load({f32({1, 2, 2, 1})}, dir / "img.bmp", raw);
  ASSERT_TRUE(gray.ok()) << gray.message();
  // 255*256>>8 = 255; 7700>>8 = 30; 0; 30000>>8 = 117.
  const std::vector<float> expected = {255, 30, 0, 117};
  for (int i = 0; i < 4; ++i) EXPECT_NEAR((*gray)[0].inputs[0][i], expected[i], 1e-4) << i;

  auto planar = load({f32({1, 3, 2, 2})}, dir / "img.bmp", raw);
  ASSERT_TRUE(planar.ok()) << planar.message();
  // Planes R, G, B, each 2x2.
  const std::vector<float> expected_planar = {255, 100, 0, 0, 255, 0, 0, 200, 255, 0, 0, 0};
  for (int i = 0; i < 12; ++i) EXPECT_NEAR((*planar)[0].inputs[0][i], expected_planar[i], 1e-4);
}

TEST(CalibrationDataTest, ResizeToSameSizeIsExactAndShrinkAverages) {
  Image image{2, 1, 1, {10, 30}};
  EXPECT_EQ(resize_bilinear(image, 1, 2), (std::vector<float>{10, 30}));
  // 2 -> 1: source x = (0.5) * 2 - 0.5 = 0.5, halfway.
  EXPECT_EQ(resize_bilinear(image, 1, 1), (std::vector<float>{20}));
}

// ---- bad input: each class gets a message naming the file, never a crash

TEST(CalibrationDataBadInputTest, MissingAndEmptySources) {
  TempDir dir;
  auto missing = load({f32({2})}, dir / "nope");
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(contains(missing.message(), dir / "nope" + "' does not exist"));

  auto empty = load({f32({2})}, dir.path());
  ASSERT_FALSE(empty.ok());
  EXPECT_TRUE(contains(empty.message(), "holds no .npy, .npz or image"));

  write_bytes(dir / "notes.txt", std::vector<uint8_t>{'x'});
  auto only_other = load({f32({2})}, dir.path());
  ASSERT_FALSE(only_other.ok());
  EXPECT_TRUE(contains(only_other.message(), "(1 other entries skipped)"));

  auto none = load({f32({2})}, "");
  ASSERT_FALSE(none.ok());
  EXPECT_TRUE(contains(none.message(), "no calibration data given"));

  auto text = load({f32({2})}, dir / "notes.txt");
  ASSERT_FALSE(text.ok());
  EXPECT_TRUE(contains(text.message(), "notes.txt: not calibration data"));
}

TEST(CalibrationDataBadInputTest, WrongShapeSaysExpectedAndGot) {
  TempDir dir;
  write_f32_npy(dir / "x.npy", Shape{2, 5}, std::vector<float>(10));
  auto s = load({f32({1, 4, 4, 3})}, dir / "x.npy");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), dir / "x.npy" +
                             ": shape [2,5] does not fit input 0 float32[1,4,4,3]: expected one "
                             "sample [4,4,3] (leading 1s optional) or a batch [N,4,4,3]");
}

TEST(CalibrationDataBadInputTest, UnsupportedDtype) {
  TempDir dir;
  write_bytes(dir / "b.npy", npy_bytes(DType::kBool, Shape{2}, std::vector<uint8_t>{0, 1}));
  auto s = load({f32({2})}, dir / "b.npy");
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(contains(s.message(), dir / "b.npy" + ": bool arrays are not calibration data"));

  // A dtype the .npy reader does not know at all (complex).
  std::vector<uint8_t> bytes = npy_bytes(DType::kFloat32, Shape{2}, std::vector<float>{1, 2});
  const std::string text(bytes.begin(), bytes.end());
  const size_t at = text.find("<f4");
  ASSERT_NE(at, std::string::npos);
  std::memcpy(&bytes[at], "<c8", 3);
  write_bytes(dir / "c.npy", bytes);
  auto c = load({f32({2})}, dir / "c.npy");
  ASSERT_FALSE(c.ok());
  EXPECT_TRUE(contains(c.message(), "unsupported .npy dtype '<c8'"));
}

TEST(CalibrationDataBadInputTest, NanAndInfNameFileSampleAndElement) {
  TempDir dir;
  std::vector<float> batch(5 * 20, 0.5f);
  batch[3 * 20 + 17] = NAN;
  write_f32_npy(dir / "x.npy", Shape{5, 20}, batch);
  auto s = load({f32({1, 20})}, dir / "x.npy");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), dir / "x.npy" + " sample 3 element 17 is NaN");

  write_f32_npy(dir / "y.npy", Shape{3}, {1, -INFINITY, 2});
  auto inf = load({f32({3})}, dir / "y.npy");
  ASSERT_FALSE(inf.ok());
  EXPECT_EQ(inf.message(), dir / "y.npy" + " element 1 is -Inf");

  write_bytes(dir / "z.npz",
              make_npz({{"arr_0", npy_bytes(DType::kFloat64, Shape{2, 2},
                                            std::vector<double>{0, 1, 2, INFINITY})}}));
  auto npz = load({f32({2})}, dir / "z.npz");
  ASSERT_FALSE(npz.ok());
  EXPECT_EQ(npz.message(), dir / "z.npz" + " member 'arr_0' sample 1 element 1 is +Inf");
}

TEST(CalibrationDataBadInputTest, CorruptNpyAndNpz) {
  TempDir dir;
  std::vector<uint8_t> npy = npy_bytes(DType::kFloat32, Shape{4}, std::vector<float>{1, 2, 3, 4});
  npy.resize(npy.size() - 3);
  write_bytes(dir / "t.npy", npy);
  auto t = load({f32({4})}, dir / "t.npy");
  ASSERT_FALSE(t.ok());
  EXPECT_TRUE(contains(t.message(), dir / "t.npy" + ": shape float32 [4] needs 16 data bytes"));

  write_bytes(dir / "g.npz", std::vector<uint8_t>{'P', 'K', 1, 2, 3});
  auto g = load({f32({4})}, dir / "g.npz");
  ASSERT_FALSE(g.ok());
  EXPECT_TRUE(contains(g.message(), dir / "g.npz" + ": not an .npz archive"));
}

TEST(CalibrationDataBadInputTest, CorruptImagesGiveTheDecodersReason) {
  TempDir dir;
  write_bytes(dir / "text.png", std::vector<uint8_t>{'h', 'e', 'l', 'l', 'o'});
  auto text = load({f32({1, 2, 2, 3})}, dir / "text.png");
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.message(),
            dir / "text.png" + ": not a PNG, JPEG or BMP image (unrecognized leading bytes)");

  // A PNG signature followed by garbage.
  std::vector<uint8_t> png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'X'};
  write_bytes(dir / "bad.png", png);
  auto bad_png = load({f32({1, 2, 2, 3})}, dir / "bad.png");
  ASSERT_FALSE(bad_png.ok());
  EXPECT_TRUE(
      contains(bad_png.message(), dir / "bad.png" + ": corrupt or unsupported PNG image ("));

  std::vector<uint8_t> bmp = make_bmp(2, 2, test_image_rgb());
  bmp.resize(40);
  write_bytes(dir / "short.bmp", bmp);
  auto short_bmp = load({f32({1, 2, 2, 3})}, dir / "short.bmp");
  ASSERT_FALSE(short_bmp.ok());
  EXPECT_TRUE(contains(short_bmp.message(), dir / "short.bmp" + ": corrupt or unsupported BMP"));
}

TEST(CalibrationDataBadInputTest, DamagedImagesNeverCrash) {
  // Every truncation and many random byte flips of a BMP, and of a real JPEG when ../shared has
  // one: each decodes or fails with a message.
  std::vector<std::vector<uint8_t>> originals = {make_bmp(5, 3, std::vector<uint8_t>(45, 77))};
  if (auto shared = testing::shared_dir()) {
    originals.push_back(testing::read_bytes(*shared + "/images/parrot.jpg"));
  }
  std::mt19937 rng(7);
  int failures = 0, attempts = 0;
  for (const std::vector<uint8_t>& original : originals) {
    if (original.empty()) continue;
    const size_t step = std::max<size_t>(1, original.size() / 60);
    for (size_t n = 0; n < original.size(); n += step) {
      auto r = decode_image(std::span(original.data(), n), 3, "truncated");
      ++attempts;
      if (!r.ok()) {
        ++failures;
        EXPECT_TRUE(contains(r.message(), "truncated: "));
      }
    }
    for (int trial = 0; trial < 60; ++trial) {
      std::vector<uint8_t> damaged = original;
      for (int f = 0; f < 4; ++f) damaged[rng() % damaged.size()] ^= 1u << (rng() % 8);
      auto r = decode_image(damaged, 3, "damaged");
      ++attempts;
      if (!r.ok()) {
        ++failures;
        EXPECT_TRUE(contains(r.message(), "damaged: "));
      }
    }
  }
  EXPECT_GT(failures, 0);
  EXPECT_GT(attempts, failures);
}

TEST(CalibrationDataBadInputTest, ImagesNeedAnImageShapedSingleInput) {
  TempDir dir;
  write_bytes(dir / "img.bmp", make_bmp(2, 2, test_image_rgb()));
  auto flat = load({f32({1, 10})}, dir / "img.bmp");
  ASSERT_FALSE(flat.ok());
  EXPECT_TRUE(contains(flat.message(), "images feed inputs of shape [1,H,W,C]"));
  EXPECT_TRUE(contains(flat.message(), "input 0 float32[1,10]"));

  auto two = load({f32({1, 2, 2, 3}), f32({1})}, dir / "img.bmp");
  ASSERT_FALSE(two.ok());
  EXPECT_TRUE(contains(two.message(), "images feed single-input models; this model has 2"));
}

TEST(CalibrationDataBadInputTest, BadNormalizationOptions) {
  TempDir dir;
  write_bytes(dir / "img.bmp", make_bmp(2, 2, test_image_rgb()));
  CalibrationOptions two_std;
  two_std.std = {1, 2};
  auto a = load({f32({1, 2, 2, 3})}, dir / "img.bmp", two_std);
  ASSERT_FALSE(a.ok());
  EXPECT_TRUE(contains(a.message(), "std has 2 values; give one, or one per channel (3)"));

  CalibrationOptions zero_std;
  zero_std.std = {0};
  auto z = load({f32({1, 2, 2, 3})}, dir / "img.bmp", zero_std);
  ASSERT_FALSE(z.ok());
  EXPECT_TRUE(contains(z.message(), "std must not be 0"));

  CalibrationOptions both;
  both.mean = {1};
  both.input_range = {{0.0f, 1.0f}};
  auto b = load({f32({1, 2, 2, 3})}, dir / "img.bmp", both);
  ASSERT_FALSE(b.ok());
  EXPECT_TRUE(contains(b.message(), "not both"));

  CalibrationOptions reversed;
  reversed.input_range = {{1.0f, -1.0f}};
  auto r = load({f32({2})}, "random", reversed);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(contains(r.message(), "input range [1, -1] must be finite with lo < hi"));
}

// ---- random

TEST(CalibrationDataTest, RandomIsUniformInRangeAndSeeded) {
  auto a = load({f32({1, 1000}), f32({3})}, "random");
  ASSERT_TRUE(a.ok()) << a.message();
  ASSERT_EQ(a->size(), 8u);  // default count
  EXPECT_EQ((*a)[7].origin, "random[7]");
  float lo = 1, hi = -1;
  double sum = 0;
  for (float v : (*a)[0].inputs[0]) lo = std::min(lo, v), hi = std::max(hi, v), sum += v;
  EXPECT_GE(lo, -1.0f);
  EXPECT_LT(hi, 1.0f);
  EXPECT_LT(lo, -0.99f);  // 1000 draws cover the range
  EXPECT_GT(hi, 0.99f);
  EXPECT_NEAR(sum / 1000, 0.0, 0.1);
  EXPECT_EQ((*a)[0].inputs[1].size(), 3u);

  auto again = load({f32({1, 1000}), f32({3})}, "random");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)[5].inputs[0], (*a)[5].inputs[0]);

  CalibrationOptions other;
  other.seed = 1;
  other.max_samples = 3;
  other.input_range = {{0.0f, 6.0f}};
  auto b = load({f32({1, 1000}), f32({3})}, "random", other);
  ASSERT_TRUE(b.ok()) << b.message();
  ASSERT_EQ(b->size(), 3u);
  EXPECT_NE((*b)[0].inputs[0], (*a)[0].inputs[0]);
  for (float v : (*b)[0].inputs[0]) {
    EXPECT_GE(v, 0.0f);
    EXPECT_LT(v, 6.0f);
  }
}

TEST(CalibrationDataTest, ProgressCountsFilesToTheTotal) {
  TempDir dir;
  for (const char* name : {"a.npy", "b.npy", "c.npy"}) write_f32_npy(dir / name, Shape{2}, {1, 2});
  std::vector<std::pair<int64_t, int64_t>> reports;
  CalibrationOptions options;
  options.source = dir.path();
  auto s = load_calibration({f32({2})}, options, [&](const Progress& p) {
    EXPECT_EQ(p.task, "reading calibration data");
    EXPECT_EQ(p.unit, "files");
    reports.emplace_back(p.done, p.total);
  });
  ASSERT_TRUE(s.ok()) << s.message();
  ASSERT_FALSE(reports.empty());
  EXPECT_EQ(reports.front(), (std::pair<int64_t, int64_t>{0, 3}));
  EXPECT_EQ(reports.back(), (std::pair<int64_t, int64_t>{3, 3}));
}

// ---- real data from ../shared

TEST(CalibrationDataSharedTest, MlperfTinyWakeWordSamples) {
  OCTET_REQUIRE_SHARED(shared);
  auto graph = read_tflite_file(shared + "/models/tiny_str_ww_ref_model.tflite");
  ASSERT_TRUE(graph.ok()) << graph.message();
  ASSERT_EQ(graph->inputs.size(), 1u);
  const TensorType input = f32(graph->type(graph->inputs[0]).shape);  // the float view of it
  auto s = load({input}, shared + "/models/tiny_str_ww_calibration_samples.npz");
  ASSERT_TRUE(s.ok()) << s.message();
  // specs is float64 (45, 30, 1, 40); labels (45,) does not fit the input and is left alone.
  EXPECT_EQ(input.shape, (Shape{1, 30, 1, 40}));
  ASSERT_EQ(s->size(), 45u);
  EXPECT_EQ((*s)[44].inputs[0].size(), 1200u);
  EXPECT_TRUE(contains((*s)[44].origin, "tiny_str_ww_calibration_samples.npz[44]"));
  // Distinct samples, not one repeated.
  EXPECT_NE((*s)[0].inputs[0], (*s)[1].inputs[0]);
}

TEST(CalibrationDataSharedTest, RealPhotosFolder) {
  OCTET_REQUIRE_SHARED(shared);
  const std::string images = shared + "/images";
  if (!fs::is_directory(images)) GTEST_SKIP() << images << " not found";
  CalibrationOptions options;
  options.source = images;
  options.mean = {127.5f};
  options.std = {127.5f};
  auto s = load_calibration({f32({1, 96, 96, 3})}, options);
  ASSERT_TRUE(s.ok()) << s.message();
  size_t expected = 0;
  for (const auto& e : fs::directory_iterator(images)) {
    expected += is_image_file_name(e.path().filename().string()) ? 1 : 0;
  }
  ASSERT_EQ(s->size(), expected);
  for (const CalibrationSample& sample : *s) {
    const std::vector<float>& v = sample.inputs[0];
    ASSERT_EQ(v.size(), 96u * 96 * 3);
    float lo = 1, hi = -1;
    double sum = 0;
    for (float x : v) lo = std::min(lo, x), hi = std::max(hi, x), sum += x;
    EXPECT_GE(lo, -1.0f) << sample.origin;
    EXPECT_LE(hi, 1.0f) << sample.origin;
    EXPECT_GT(hi - lo, 0.5f) << sample.origin << ": a real photo has contrast";
    EXPECT_GT(sum / v.size(), -0.9) << sample.origin;
    EXPECT_LT(sum / v.size(), 0.9) << sample.origin;
  }
  // Sorted by name: bird.bmp comes first.
  EXPECT_TRUE(contains((*s)[0].origin, "bird.bmp"));
}

}  // namespace
}  // namespace octet
