// reader_bad_input_test.cc - every class of bad model file gets a clear error naming what and
// where, never a crash: truncation, random bytes, flipped bytes, out-of-range indices, overflowing
// shapes, inconsistent buffers, unsupported and custom ops.
#include <gtest/gtest.h>

#include <cstring>
#include <random>

#include <nlohmann/json.hpp>

#include "frontend/raw_model.h"
#include "frontend/tflite/reader.h"
#include "frontend/tflite/writer.h"
#include "report/inspect.h"
#include "runtime/compiled_model.h"
#include "test_util.h"

namespace octet {
namespace {

using octet::testing::build;
using octet::testing::RawModel;

std::string load_error(const std::vector<uint8_t>& bytes) {
  auto g = read_tflite(bytes);
  return g.ok() ? "" : g.message();
}

TEST(ReaderBadInput, ValidBaselineLoads) {
  auto g = read_tflite(build(RawModel{}));
  ASSERT_TRUE(g.ok()) << g.message();
  EXPECT_EQ(g->nodes.size(), 1u);
}

// A file placed 4 bytes off an 8-byte boundary (inside a larger blob, say) still reads, and its
// int64 zero points come out right. Under the sanitizer build (OCTET_SANITIZE) reading them as
// int64 values in place was a misaligned load; libFuzzer found it.
TEST(ReaderBadInput, ModelAtAFourByteOffsetReadsItsZeroPoints) {
  OCTET_REQUIRE_SHARED(shared);
  auto bytes = read_file_bytes(shared + "/models/tiny_ad01_int8.tflite");
  ASSERT_TRUE(bytes.ok()) << bytes.message();
  std::vector<uint64_t> storage(bytes->size() / 8 + 2);
  uint8_t* shifted = reinterpret_cast<uint8_t*>(storage.data()) + 4;
  std::memcpy(shifted, bytes->data(), bytes->size());
  auto aligned = read_tflite(*bytes);
  auto moved = read_tflite(std::span<const uint8_t>(shifted, bytes->size()));
  ASSERT_TRUE(aligned.ok()) << aligned.message();
  ASSERT_TRUE(moved.ok()) << moved.message();
  ASSERT_EQ(aligned->values.size(), moved->values.size());
  int quantized = 0;
  for (size_t i = 0; i < aligned->values.size(); ++i) {
    const auto& a = aligned->values[i].type.quant;
    const auto& m = moved->values[i].type.quant;
    ASSERT_EQ(a.has_value(), m.has_value());
    if (!a) continue;
    ++quantized;
    EXPECT_EQ(a->zero_points, m->zero_points) << "value " << i;
  }
  EXPECT_GT(quantized, 10);
}

TEST(ReaderBadInput, EmptyAndTinyFiles) {
  EXPECT_NE(load_error({}).find("too short"), std::string::npos);
  EXPECT_NE(load_error({1, 2, 3}).find("too short"), std::string::npos);
}

TEST(ReaderBadInput, WrongIdentifier) {
  std::vector<uint8_t> bytes = build(RawModel{});
  bytes[4] = 'X';
  EXPECT_NE(load_error(bytes).find("TFL3"), std::string::npos);
}

TEST(ReaderBadInput, EveryTruncationFailsCleanly) {
  const std::vector<uint8_t> bytes = build(RawModel{});
  for (size_t n = 0; n < bytes.size(); ++n) {
    std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + n);
    const std::string err = load_error(cut);
    EXPECT_FALSE(err.empty()) << "truncated to " << n << " bytes loaded";
  }
}

TEST(ReaderBadInput, RandomBytesFailCleanly) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 2000; ++trial) {
    std::vector<uint8_t> bytes(8 + rng() % 512);
    for (uint8_t& x : bytes) x = static_cast<uint8_t>(rng());
    if (trial % 2) std::copy_n("TFL3", 4, bytes.begin() + 4);  // get past the identifier check
    (void)read_tflite(bytes);                                  // must not crash
  }
  SUCCEED();
}

TEST(ReaderBadInput, EveryFlippedByteLoadsOrFailsAndNeverCrashes) {
  const std::vector<uint8_t> bytes = build(RawModel{});
  int errors = 0;
  for (size_t i = 0; i < bytes.size(); ++i) {
    for (uint8_t mask : {0x01, 0x80, 0xff}) {
      std::vector<uint8_t> flipped = bytes;
      flipped[i] ^= mask;
      auto g = read_tflite(flipped);
      if (!g.ok()) {
        ++errors;
        EXPECT_FALSE(g.message().empty());
        continue;
      }
      // Whatever loads must also compile (or be refused) and run without crashing.
      auto m = CompiledModel::compile(*g);
      if (m.ok()) (void)(*m)->invoke();
    }
  }
  EXPECT_GT(errors, 0);
}

TEST(ReaderBadInput, OperatorTensorIndexOutOfRange) {
  RawModel r;
  r.op_input = 7;
  const std::string err = load_error(build(r));
  EXPECT_NE(err.find("operator 0"), std::string::npos) << err;
  EXPECT_NE(err.find("tensor 7"), std::string::npos) << err;
}

// Every input of a variadic op is required: a CONCATENATION with an absent (-1) second input
// reached shape inference, which read the tensor at index -1 (fuzz finding,
// fuzz/regressions/concat-absent-input-crash-45e4d47b).
TEST(ReaderBadInput, VariadicOpWithAnAbsentInput) {
  RawModel r;
  r.builtin = 2;  // CONCATENATION
  r.op_input2 = -1;
  const std::string err = load_error(build(r));
  EXPECT_NE(err.find("CONCATENATION: required input 1 is missing"), std::string::npos) << err;
}

// A hybrid FULLY_CONNECTED (float x [1, 4], int8 constant weights [2, 4] with scale 0.5 and the
// given zero point, float y [1, 2]); the reader dequantizes its weights.
std::vector<uint8_t> hybrid_fc(int64_t weight_zero_point) {
  flatbuffers::FlatBufferBuilder b;
  const std::vector<uint8_t> weights = {1, 2, 3, 4, 0xFF, 0xFE, 0x80, 0x7F};
  std::vector<flatbuffers::Offset<tflite::Buffer>> buffers = {
      tflite::CreateBuffer(b), tflite::CreateBuffer(b, b.CreateVector(weights))};
  auto quant =
      tflite::CreateQuantizationParameters(b, 0, 0, b.CreateVector(std::vector<float>{0.5f}),
                                           b.CreateVector(std::vector<int64_t>{weight_zero_point}));
  std::vector<flatbuffers::Offset<tflite::Tensor>> tensors = {
      tflite::CreateTensor(b, b.CreateVector(std::vector<int32_t>{1, 4}),
                           tflite::TensorType::FLOAT32, 0, b.CreateString("x")),
      tflite::CreateTensor(b, b.CreateVector(std::vector<int32_t>{2, 4}), tflite::TensorType::INT8,
                           1, b.CreateString("w"), quant),
      tflite::CreateTensor(b, b.CreateVector(std::vector<int32_t>{1, 2}),
                           tflite::TensorType::FLOAT32, 0, b.CreateString("y"))};
  auto op = tflite::CreateOperator(b, 0, b.CreateVector(std::vector<int32_t>{0, 1, -1}),
                                   b.CreateVector(std::vector<int32_t>{2}));
  auto code = tflite::CreateOperatorCode(b, 9, 0, 1, static_cast<tflite::BuiltinOperator>(9));
  return octet::testing::finish_one_op_model(b, tensors, op, code, buffers);
}

// Hybrid weights' zero points must lie in their type's range: an int64 zero point near the limit
// overflowed raw - zero point while the reader dequantized them (fuzz finding,
// fuzz/regressions/hybrid-zero-point-crash-ba237410).
TEST(ReaderBadInput, HybridWeightsZeroPointOutsideTheirType) {
  auto ok = read_tflite(hybrid_fc(-3));
  ASSERT_TRUE(ok.ok()) << ok.message();
  // Dequantized by hand: 0.5 * (w - (-3)) for w = 1, 2, 3, 4, -1, -2, -128, 127.
  const Value& w = ok->value(ok->nodes[0].inputs[1]);
  ASSERT_EQ(w.type.dtype, DType::kFloat32);
  std::vector<float> real(8);
  std::memcpy(real.data(), w.data->data(), sizeof(float) * real.size());
  EXPECT_EQ(real, (std::vector<float>{2.0f, 2.5f, 3.0f, 3.5f, 1.0f, 0.5f, -62.5f, 65.0f}));
  for (int64_t zp : {int64_t{INT64_MIN}, int64_t{-129}, int64_t{128}, int64_t{INT64_MAX}}) {
    const std::string err = load_error(hybrid_fc(zp));
    EXPECT_NE(err.find("hybrid weights 'w': zero point " + std::to_string(zp) +
                       " (channel 0) is outside int8's [-128, 127]"),
              std::string::npos)
        << err;
  }
}

// A RESHAPE target whose dimensions' product overflows int64 (three of 2^31 - 1): the product was
// computed without a check (fuzz finding, fuzz/regressions/reshape-target-overflow-crash-77426779).
// Two such dimensions fit int64 but not a tensor: the same error.
TEST(ReaderBadInput, ReshapeTargetWithTooManyElements) {
  for (size_t dims : {2u, 3u}) {
    RawModel r;
    r.target.assign(dims, INT32_MAX);
    r.shape_bytes = static_cast<int32_t>(4 * dims);
    const std::string err = load_error(build(r));
    EXPECT_NE(err.find("target shape [2147483647,2147483647"), std::string::npos) << err;
    EXPECT_NE(err.find("has too many elements"), std::string::npos) << err;
  }
  RawModel ok;  // [2, 3] -> [3, -1]: the -1 inferred
  ok.target = {3, -1};
  auto g = read_tflite(build(ok));
  ASSERT_TRUE(g.ok()) << g.message();
  EXPECT_EQ(g->value(g->nodes[0].outputs[0]).type.shape.dims, (std::vector<int32_t>{3, 2}));
}

TEST(ReaderBadInput, BufferIndexOutOfRange) {
  RawModel r;
  r.shape_buffer = 99;
  const std::string err = load_error(build(r));
  EXPECT_NE(err.find("tensor 1 ('shape')"), std::string::npos) << err;
  EXPECT_NE(err.find("buffer 99"), std::string::npos) << err;
}

TEST(ReaderBadInput, BufferSizeDisagreesWithShape) {
  RawModel r;
  r.shape_bytes = 5;
  const std::string err = load_error(build(r));
  EXPECT_NE(err.find("needs 8 bytes"), std::string::npos) << err;
  EXPECT_NE(err.find("holds 5"), std::string::npos) << err;
}

TEST(ReaderBadInput, ElementCountOverflow) {
  RawModel r;
  r.x_shape = {1 << 30, 1 << 30, 1 << 30};
  const std::string err = load_error(build(r));
  EXPECT_NE(err.find("tensor 0 ('x')"), std::string::npos) << err;
  EXPECT_NE(err.find("too large"), std::string::npos) << err;
}

TEST(ReaderBadInput, NegativeDimension) {
  RawModel r;
  r.x_shape = {2, -3};
  const std::string err = load_error(build(r));
  EXPECT_NE(err.find("negative dimension -3"), std::string::npos) << err;
}

TEST(ReaderBadInput, OpcodeIndexOutOfRange) {
  RawModel r;
  r.opcode_index = 5;
  const std::string err = load_error(build(r));
  EXPECT_NE(err.find("opcode index 5"), std::string::npos) << err;
}

TEST(ReaderBadInput, UnsupportedOpIsNamedWithItsIndex) {
  RawModel r;
  r.builtin = 52;  // BIDIRECTIONAL_SEQUENCE_LSTM
  const std::string err = load_error(build(r));
  EXPECT_NE(err.find("operator 0 is BIDIRECTIONAL_SEQUENCE_LSTM"), std::string::npos) << err;
}

TEST(ReaderOpCodes, OldFilesCarryOnlyTheDeprecatedByte) {
  RawModel r;
  r.deprecated_code = 22;  // RESHAPE
  r.extended_code = 0;     // the field old files do not have reads as 0 (ADD)
  auto g = read_tflite(build(r));
  ASSERT_TRUE(g.ok()) << g.message();
  EXPECT_EQ(g->nodes[0].op, OpKind::kReshape);
}

TEST(ReaderOpCodes, CodesAbove127LiveInTheExtendedField) {
  RawModel r;
  r.deprecated_code = 127;  // PLACEHOLDER_FOR_GREATER_OP_CODES
  r.extended_code = 150;    // GELU
  const std::string err = load_error(build(r));
  EXPECT_NE(err.find("operator 0 is GELU"), std::string::npos) << err;
}

TEST(ReaderBadInput, CustomOpIsNamedByItsCustomCode) {
  RawModel r;
  r.builtin = 32;
  r.custom_code = "TFLite_Detection_PostProcess";
  const std::string err = load_error(build(r));
  EXPECT_NE(err.find("CUSTOM 'TFLite_Detection_PostProcess'"), std::string::npos) << err;
}

// The one-op model with a CUSTOM 'MyOp', read as `octet inspect` reads (unsupported ops kept).
Result<Graph> read_custom_op_model() {
  RawModel r;
  r.builtin = 32;
  r.custom_code = "MyOp";
  TfliteReadOptions o;
  o.allow_unsupported_ops = true;
  return read_tflite(build(r), o);
}

TEST(ReaderBadInput, UnsupportedOpsCanBeKeptForInspection) {
  auto g = read_custom_op_model();
  ASSERT_TRUE(g.ok()) << g.message();
  EXPECT_EQ(g->nodes[0].op, OpKind::kUnsupported);
  auto m = CompiledModel::compile(*g);
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.message().find("#0 CUSTOM 'MyOp'"), std::string::npos) << m.message();
}

TEST(ReaderBadInput, InspectNamesTheUnsupportedOpAndWhere) {
  // `octet inspect` reads with allow_unsupported_ops: the report says which op octet lacks and
  // where, in the summary (no op table) and in the JSON.
  auto g = read_custom_op_model();
  ASSERT_TRUE(g.ok()) << g.message();
  const std::string text = inspect_text(*g, "m.tflite", /*op_table=*/false);
  EXPECT_NE(text.find("\nunsupported:  1 op octet does not support: #0 CUSTOM 'MyOp' ('y')\n"),
            std::string::npos)
      << text;
  const nlohmann::json j = nlohmann::json::parse(inspect_json(*g, "m.tflite"));
  EXPECT_EQ(j["unsupported_ops"],
            nlohmann::json::parse(R"([{"index": 0, "op": "CUSTOM 'MyOp'"}])"));
  // A supported model has no such line and an empty list.
  auto supported = read_tflite(build(RawModel{}));
  ASSERT_TRUE(supported.ok()) << supported.message();
  EXPECT_EQ(inspect_text(*supported, "m.tflite").find("unsupported"), std::string::npos);
  EXPECT_TRUE(
      nlohmann::json::parse(inspect_json(*supported, "m.tflite"))["unsupported_ops"].empty());
}

TEST(ReaderBadInput, UnsupportedTensorType) {
  RawModel r;
  r.x_type = 5;  // STRING
  const std::string err = load_error(build(r));
  EXPECT_NE(err.find("unsupported type STRING"), std::string::npos) << err;
}

TEST(ReaderBadInput, MissingFile) {
  auto g = read_tflite_file("/nonexistent/model.tflite");
  ASSERT_FALSE(g.ok());
  EXPECT_NE(g.message().find("/nonexistent/model.tflite"), std::string::npos);
  EXPECT_NE(g.message().find("No such file"), std::string::npos);
}

}  // namespace
}  // namespace octet
