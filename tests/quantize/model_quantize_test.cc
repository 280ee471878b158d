// model_quantize_test.cc - every float model in ../shared/models quantizes with --require-int8; the
// result loads, is integer-only, has no QUANTIZE/DEQUANTIZE (int8 io), and tracks the float model.
#include <gtest/gtest.h>

#include <filesystem>

#include "frontend/tflite/reader.h"
#include "frontend/tflite/writer.h"
#include "quantize/calibration_data.h"
#include "quantize/compare.h"
#include "quantize/quantizer.h"
#include "test_util.h"

namespace octet {
namespace {

namespace fs = std::filesystem;

struct FloatModel {
  const char* file;
  const char* calib;  // relative to shared/, or "random"
  float lo, hi;       // input range (images: pixels mapped onto it; random: uniform)
  double min_output_sqnr_db;
};

class QuantizeModelTest : public ::testing::TestWithParam<FloatModel> {};

TEST_P(QuantizeModelTest, FullIntegerAndClose) {
  OCTET_REQUIRE_SHARED(shared);
  const FloatModel& p = GetParam();
  auto g = read_tflite_file(shared + "/models/" + p.file);
  ASSERT_TRUE(g.ok()) << g.message();
  std::vector<TensorType> types;
  for (ValueId v : g->inputs) types.push_back(g->type(v));
  CalibrationOptions co;
  co.source = std::string(p.calib) == "random" ? "random" : shared + "/" + p.calib;
  co.input_range = std::make_pair(p.lo, p.hi);
  co.max_samples = 16;
  auto samples = load_calibration(types, co);
  ASSERT_TRUE(samples.ok()) << samples.message();
  QuantizeReport report;
  auto q = quantize_model(*g, *samples, {}, &report);
  ASSERT_TRUE(q.ok()) << q.message();
  EXPECT_TRUE(report.coverage.integer_only()) << report.coverage.verdict(*q);
  auto bytes = write_tflite(*q);
  ASSERT_TRUE(bytes.ok());
  auto back = read_tflite(*bytes);
  ASSERT_TRUE(back.ok()) << back.message();
  EXPECT_TRUE(integer_coverage(*back).integer_only());
  for (const Node& n : back->nodes) {
    EXPECT_NE(n.op, OpKind::kDequantize);
    if (n.op == OpKind::kQuantize) {  // only int8 -> int8 requantization is allowed
      EXPECT_NE(back->input_type(n, 0).dtype, DType::kFloat32);
    }
  }
  co.seed = 1234;  // held-out data for the random case
  co.max_samples = 8;
  auto eval = load_calibration(types, co);
  ASSERT_TRUE(eval.ok());
  auto cmp = compare_models(*g, *back, *eval);
  ASSERT_TRUE(cmp.ok()) << cmp.message();
  EXPECT_GT(cmp->outputs[0].sqnr_db, p.min_output_sqnr_db);
}

INSTANTIATE_TEST_SUITE_P(
    SharedFloatModels, QuantizeModelTest,
    ::testing::Values(FloatModel{"tiny_vww_96_float.tflite", "images", 0.0f, 1.0f, 15.0},
                      FloatModel{"tiny_pretrainedResnet.tflite", "images", 0.0f, 255.0f, 15.0},
                      FloatModel{"tiny_ad01_fp32.tflite", "random", -80.0f, 15.0f, 15.0},
                      FloatModel{"tiny_kws_ref_model_float32.tflite", "random", -120.0f, 25.0f,
                                 10.0},
                      FloatModel{"tflm_hello_world_float.tflite", "random", 0.0f, 6.3f, 15.0}),
    [](const ::testing::TestParamInfo<FloatModel>& info) {
      std::string name = info.param.file;
      name = name.substr(0, name.find('.'));
      for (char& c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      }
      return name;
    });

}  // namespace
}  // namespace octet

namespace octet {
namespace {

// octet's int8 model must track the float model at least as well as TFLite's converter's int8
// model does, on photos calibration never saw (the full table: docs/QUANTIZATION.md).
struct PairedModel {
  const char* float_file;
  const char* tflite_int8_file;
  float lo, hi;
};

class QualityVsTfliteTest : public ::testing::TestWithParam<PairedModel> {};

TEST_P(QualityVsTfliteTest, OutputSqnrAtLeastTflites) {
  OCTET_REQUIRE_SHARED(shared);
  const PairedModel& p = GetParam();
  const std::string dir = testing::make_temp_dir();
  for (const char* sub : {"calib", "eval"}) fs::create_directories(fs::path(dir) / sub);
  for (const char* img : {"bird.bmp", "cat.bmp", "grace_hopper.bmp"}) {
    fs::copy_file(fs::path(shared) / "images" / img, fs::path(dir) / "calib" / img);
  }
  for (const char* img : {"cat_720p.jpg", "parrot.jpg"}) {
    fs::copy_file(fs::path(shared) / "images" / img, fs::path(dir) / "eval" / img);
  }
  auto g = read_tflite_file(shared + "/models/" + p.float_file);
  auto tfl = read_tflite_file(shared + "/models/" + p.tflite_int8_file);
  ASSERT_TRUE(g.ok() && tfl.ok());
  std::vector<TensorType> types = {g->type(g->inputs[0])};
  CalibrationOptions co;
  co.input_range = std::make_pair(p.lo, p.hi);
  co.source = dir + "/calib";
  auto calib = load_calibration(types, co);
  co.source = dir + "/eval";
  auto eval = load_calibration(types, co);
  ASSERT_TRUE(calib.ok() && eval.ok());
  auto q = quantize_model(*g, *calib, {});
  ASSERT_TRUE(q.ok()) << q.message();
  auto ours = compare_models(*g, *q, *eval);
  auto theirs = compare_models(*g, *tfl, *eval);
  ASSERT_TRUE(ours.ok() && theirs.ok());
  EXPECT_GE(ours->outputs[0].sqnr_db, theirs->outputs[0].sqnr_db)
      << "octet " << ours->outputs[0].sqnr_db << " dB, TFLite " << theirs->outputs[0].sqnr_db
      << " dB";
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(ImageModels, QualityVsTfliteTest,
                         ::testing::Values(PairedModel{"tiny_vww_96_float.tflite",
                                                       "tiny_vww_96_int8.tflite", 0.0f, 1.0f},
                                           PairedModel{"tiny_pretrainedResnet.tflite",
                                                       "tiny_pretrainedResnet_quant.tflite", 0.0f,
                                                       255.0f}),
                         [](const ::testing::TestParamInfo<PairedModel>& info) {
                           return std::string(info.index == 0 ? "vww_96" : "pretrainedResnet");
                         });

}  // namespace
}  // namespace octet
