// raw_model.h - a hand-built one-op TFLite model whose every field a test can set, for the bad
// input tests of the reader and the command line.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "schema_generated.h"

namespace octet::testing {

// Knobs for a hand-built one-op model: y = RESHAPE(x, shape) with x float32[2,3].
struct RawModel {
  std::vector<int32_t> x_shape = {2, 3};
  int32_t op_input = 0;                  // tensor index the op reads
  int32_t op_input2 = 1;                 // its second input (the shape constant; -1: absent)
  uint32_t shape_buffer = 2;             // buffer of the shape constant
  std::vector<int32_t> target = {3, 2};  // its values
  int32_t shape_bytes = 8;               // bytes stored in that buffer (4 per target value)
  uint32_t opcode_index = 0;
  int32_t builtin = 22;  // RESHAPE
  std::string custom_code;
  int8_t x_type = 0;  // FLOAT32
  // Operator code fields; -1: derived from `builtin` as new files write them.
  int32_t deprecated_code = -1;
  int32_t extended_code = -1;
};

// The model bytes of one subgraph: tensors, input tensor 0, output tensor 2, one operator (with
// its one operator code), the buffers.
inline std::vector<uint8_t> finish_one_op_model(
    flatbuffers::FlatBufferBuilder& b,
    const std::vector<flatbuffers::Offset<tflite::Tensor>>& tensors,
    flatbuffers::Offset<tflite::Operator> op, flatbuffers::Offset<tflite::OperatorCode> code,
    const std::vector<flatbuffers::Offset<tflite::Buffer>>& buffers) {
  auto sg = tflite::CreateSubGraph(
      b, b.CreateVector(tensors), b.CreateVector(std::vector<int32_t>{0}),
      b.CreateVector(std::vector<int32_t>{2}), b.CreateVector(std::vector{op}));
  auto model = tflite::CreateModel(b, 3, b.CreateVector(std::vector{code}),
                                   b.CreateVector(std::vector{sg}), 0, b.CreateVector(buffers));
  tflite::FinishModelBuffer(b, model);
  return {b.GetBufferPointer(), b.GetBufferPointer() + b.GetSize()};
}

inline std::vector<uint8_t> build(const RawModel& r) {
  using flatbuffers::FlatBufferBuilder;
  FlatBufferBuilder b;
  const std::vector<int32_t>& target = r.target;
  std::vector<uint8_t> shape_data(
      reinterpret_cast<const uint8_t*>(target.data()),
      reinterpret_cast<const uint8_t*>(target.data()) + 4 * target.size());
  shape_data.resize(r.shape_bytes);
  std::vector<flatbuffers::Offset<tflite::Buffer>> buffers = {
      tflite::CreateBuffer(b), tflite::CreateBuffer(b),
      tflite::CreateBuffer(b, b.CreateVector(shape_data))};
  std::vector<flatbuffers::Offset<tflite::Tensor>> tensors = {
      tflite::CreateTensor(b, b.CreateVector(r.x_shape), static_cast<tflite::TensorType>(r.x_type),
                           1, b.CreateString("x")),
      tflite::CreateTensor(
          b, b.CreateVector(std::vector<int32_t>{static_cast<int32_t>(target.size())}),
          tflite::TensorType::INT32, r.shape_buffer, b.CreateString("shape")),
      tflite::CreateTensor(b, b.CreateVector(std::vector<int32_t>{3, 2}),
                           tflite::TensorType::FLOAT32, 0, b.CreateString("y"))};
  std::vector<int32_t> op_inputs = {r.op_input, r.op_input2}, op_outputs = {2};
  auto op = tflite::CreateOperator(b, r.opcode_index, b.CreateVector(op_inputs),
                                   b.CreateVector(op_outputs));
  auto code = tflite::CreateOperatorCode(
      b, static_cast<int8_t>(r.deprecated_code >= 0 ? r.deprecated_code : std::min(r.builtin, 127)),
      r.custom_code.empty() ? 0 : b.CreateString(r.custom_code), 1,
      static_cast<tflite::BuiltinOperator>(r.extended_code >= 0 ? r.extended_code : r.builtin));
  return finish_one_op_model(b, tensors, op, code, buffers);
}

}  // namespace octet::testing
