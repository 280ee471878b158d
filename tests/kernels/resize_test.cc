// RESIZE_BILINEAR (TFLite's integer path with 1/1024-pixel positions, and the float path) and
// RESIZE_NEAREST_NEIGHBOR (source maps computed in prepare) on tiny images.
#include <gtest/gtest.h>

#include <vector>

#include "kernels/prepare/operand.h"
#include "kernels/prepare/resize.h"
#include "octet_kernels.h"

namespace octet {
namespace {

TEST(ResizeBilinear, Uint8Upsample2x) {
  // [[0,100],[200,50]] to 4x4. scale_10 = (1024 * 2 + 2) / 4 = 512, positions 0, 512, 1024,
  // 1536 (rows and columns alike); the last one clamps its upper tap to the edge.
  //   row 0: 0, (100 * 2^19 + 2^19) / 2^20 = 50.5 -> 50 (truncating division), 100, 100
  //   row 1: 100 (100.5 -> 100), (0 + 200 + 100 + 50) / 4 = 87.5 -> 88, 75, 75
  //   row 2: 200, 125, 50, 50;  row 3 = row 2
  auto p = prepare_resize_bilinear(Shape{1, 2, 2, 1}, 4, 4, false, false);
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->output_shape, (Shape{1, 4, 4, 1}));
  const octet_shape s = *to_octet_shape(Shape{1, 2, 2, 1});
  const uint8_t in[4] = {0, 100, 200, 50};
  uint8_t out[16];
  octet_ref_resize_bilinear_u8(&p->params, &s, in, out);
  EXPECT_EQ(
      std::vector<uint8_t>(out, out + 16),
      (std::vector<uint8_t>{0, 50, 100, 100, 100, 88, 75, 75, 200, 125, 50, 50, 200, 125, 50, 50}));
}

TEST(ResizeBilinear, HalfPixelCentersInteger) {
  // Width 2 -> 4: positions 512x - 256 = -256, 256, 768, 1280. The first has lo = hi = 0 with
  // weights 1280 and -256 on the same pixel; the last clamps to pixel 1.
  // u8 [0, 100]: 0, (100 * 256) / 1024 = 25, 75, 100.
  auto p = prepare_resize_bilinear(Shape{1, 1, 2, 1}, 1, 4, false, true);
  ASSERT_TRUE(p.ok()) << p.message();
  const octet_shape s = *to_octet_shape(Shape{1, 1, 2, 1});
  const uint8_t in[2] = {0, 100};
  uint8_t out[4];
  octet_ref_resize_bilinear_u8(&p->params, &s, in, out);
  EXPECT_EQ(std::vector<uint8_t>(out, out + 4), (std::vector<uint8_t>{0, 25, 75, 100}));
  // int8 [-100, 1]: (-76800 + 256) / 1024 = -74.75 -> -75; (-25600 + 768) / 1024 = -24.25 -> -24.
  const int8_t a[2] = {-100, 1};
  int8_t o[4];
  octet_ref_resize_bilinear_s8(&p->params, &s, a, o);
  EXPECT_EQ(std::vector<int8_t>(o, o + 4), (std::vector<int8_t>{-100, -75, -24, 1}));
  // Negative ties round away from zero: [-2, 0] -> -2, -1.5 -> -2, -0.5 -> -1, 0.
  const int8_t b[2] = {-2, 0};
  octet_ref_resize_bilinear_s8(&p->params, &s, b, o);
  EXPECT_EQ(std::vector<int8_t>(o, o + 4), (std::vector<int8_t>{-2, -2, -1, 0}));
}

TEST(ResizeBilinear, AlignCornersAndBatches) {
  // Width 2 -> 3 with align_corners: scale_10 = (1024 + 1) / 2 = 512: 0, (101 / 2 = 50.5) -> 51,
  // 101.
  auto p = prepare_resize_bilinear(Shape{1, 1, 2, 1}, 1, 3, true, false);
  ASSERT_TRUE(p.ok()) << p.message();
  const octet_shape s = *to_octet_shape(Shape{1, 1, 2, 1});
  const uint8_t in[2] = {0, 101};
  uint8_t out[3];
  octet_ref_resize_bilinear_u8(&p->params, &s, in, out);
  EXPECT_EQ(std::vector<uint8_t>(out, out + 3), (std::vector<uint8_t>{0, 51, 101}));
  // Two batches of one pixel, width 1 -> 2: each batch repeats its pixel.
  auto q = prepare_resize_bilinear(Shape{2, 1, 1, 1}, 1, 2, false, false);
  ASSERT_TRUE(q.ok()) << q.message();
  const octet_shape sb = *to_octet_shape(Shape{2, 1, 1, 1});
  const int16_t b[2] = {7, -9};
  int16_t ob[4];
  octet_ref_resize_bilinear_s16(&q->params, &sb, b, ob);
  EXPECT_EQ(std::vector<int16_t>(ob, ob + 4), (std::vector<int16_t>{7, 7, -9, -9}));
  EXPECT_FALSE(prepare_resize_bilinear(Shape{1, 2, 2, 1}, 4, 4, true, true).ok());
  EXPECT_FALSE(prepare_resize_bilinear(Shape{2, 2, 1}, 4, 4, false, false).ok());
}

TEST(ResizeBilinear, Float) {
  // [2, 6], width 2 -> 4, scale 0.5: positions 0, 0.5, 1, 1.5 -> 2, 4, 6, 6.
  // half_pixel_centers: -0.25 (same pixel, weights 1.25 and -0.25), 0.25, 0.75, 1.25 -> 2, 3, 5, 6.
  const octet_shape s = *to_octet_shape(Shape{1, 1, 2, 1});
  const float in[2] = {2.0f, 6.0f};
  float out[4];
  auto p = prepare_resize_bilinear(Shape{1, 1, 2, 1}, 1, 4, false, false);
  ASSERT_TRUE(p.ok()) << p.message();
  octet_ref_resize_bilinear_f32(&p->params, &s, in, out);
  EXPECT_EQ(std::vector<float>(out, out + 4), (std::vector<float>{2, 4, 6, 6}));
  auto q = prepare_resize_bilinear(Shape{1, 1, 2, 1}, 1, 4, false, true);
  ASSERT_TRUE(q.ok()) << q.message();
  octet_ref_resize_bilinear_f32(&q->params, &s, in, out);
  EXPECT_EQ(std::vector<float>(out, out + 4), (std::vector<float>{2, 3, 5, 6}));
}

TEST(ResizeNearest, SourceMaps) {
  // Width 3 -> 5, scale 0.6f: floor(0, 0.6, 1.2, 1.8, 2.4) = 0, 0, 1, 1, 2.
  auto p = prepare_resize_nearest_neighbor(DType::kUInt8, Shape{1, 1, 3, 1}, 1, 5, false, false);
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->x_map, (std::vector<int32_t>{0, 0, 1, 1, 2}));
  // align_corners: scale 2/4 = 0.5, round(0, 0.5, 1, 1.5, 2) = 0, 1, 1, 2, 2 (half away).
  auto a = prepare_resize_nearest_neighbor(DType::kUInt8, Shape{1, 1, 3, 1}, 1, 5, true, false);
  ASSERT_TRUE(a.ok()) << a.message();
  EXPECT_EQ(a->x_map, (std::vector<int32_t>{0, 1, 1, 2, 2}));
  // half_pixel_centers: floor((x + 0.5) * 0.6) = floor(0.3, 0.9, 1.5, 2.1, 2.7).
  auto h = prepare_resize_nearest_neighbor(DType::kUInt8, Shape{1, 1, 3, 1}, 1, 5, false, true);
  ASSERT_TRUE(h.ok()) << h.message();
  EXPECT_EQ(h->x_map, (std::vector<int32_t>{0, 0, 1, 2, 2}));
  // Downsampling 4 -> 2: scale 2; plain picks 0, 2; half_pixel_centers picks 1, 3.
  auto d = prepare_resize_nearest_neighbor(DType::kUInt8, Shape{1, 1, 4, 1}, 1, 2, false, false);
  auto dh = prepare_resize_nearest_neighbor(DType::kUInt8, Shape{1, 1, 4, 1}, 1, 2, false, true);
  ASSERT_TRUE(d.ok() && dh.ok());
  EXPECT_EQ(d->x_map, (std::vector<int32_t>{0, 2}));
  EXPECT_EQ(dh->x_map, (std::vector<int32_t>{1, 3}));
}

TEST(ResizeNearest, KernelCopiesPixels) {
  // [[10,11,12],[20,21,22]] to 3x5: rows floor(0, 0.67, 1.33) = 0, 0, 1; columns as above.
  auto p = prepare_resize_nearest_neighbor(DType::kUInt8, Shape{1, 2, 3, 1}, 3, 5, false, false);
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->y_map, (std::vector<int32_t>{0, 0, 1}));
  const octet_shape s = *to_octet_shape(Shape{1, 2, 3, 1});
  const uint8_t in[6] = {10, 11, 12, 20, 21, 22};
  uint8_t out[15];
  const octet_resize_nearest_params params = p->params();
  octet_ref_resize_nearest(&params, &s, in, out);
  EXPECT_EQ(std::vector<uint8_t>(out, out + 15),
            (std::vector<uint8_t>{10, 10, 11, 11, 12, 10, 10, 11, 11, 12, 20, 20, 21, 21, 22}));
  // Two int16 channels per pixel, width 2 -> 4: pixels a, a, b, b.
  auto q = prepare_resize_nearest_neighbor(DType::kInt16, Shape{1, 1, 2, 2}, 1, 4, false, false);
  ASSERT_TRUE(q.ok()) << q.message();
  const octet_shape sq = *to_octet_shape(Shape{1, 1, 2, 2});
  const int16_t px[4] = {1, -1, 2, -2};
  int16_t o[8];
  const octet_resize_nearest_params qp = q->params();
  octet_ref_resize_nearest(&qp, &sq, px, o);
  EXPECT_EQ(std::vector<int16_t>(o, o + 8), (std::vector<int16_t>{1, -1, 1, -1, 2, -2, 2, -2}));
}

}  // namespace
}  // namespace octet
