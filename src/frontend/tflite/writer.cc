// writer.cc - see writer.h.
#include "frontend/tflite/writer.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "frontend/tflite/tflite_codes.h"
#include "io/npy.h"
#include "passes/pad_folding.h"
#include "schema_generated.h"

namespace octet {

namespace {

using flatbuffers::FlatBufferBuilder;
using flatbuffers::Offset;

tflite::ActivationFunctionType act_of(FusedActivation a) {
  return static_cast<tflite::ActivationFunctionType>(static_cast<int8_t>(a));
}
tflite::Padding pad_of(Padding p) {
  return p == Padding::kValid ? tflite::Padding::VALID : tflite::Padding::SAME;
}

// The operator version TFLite's converter would write for this op and its types (TFLite's
// interpreter resolves kernels by version; TFLM ignores it).
int32_t op_version(const Graph& g, const Node& n) {
  const DType in =
      n.inputs.empty() || n.inputs[0] == kNoValue ? DType::kFloat32 : g.input_type(n, 0).dtype;
  const bool s8 = in == DType::kInt8, s16 = in == DType::kInt16;
  switch (n.op) {
    case OpKind::kConv2D:
      if (s16) return 4;
      if (s8) return 3;
      return n.attrs.dilation_h != 1 || n.attrs.dilation_w != 1 ? 2 : 1;
    case OpKind::kDepthwiseConv2D:
      if (s16) return 5;
      if (s8) return 3;
      return n.attrs.dilation_h != 1 || n.attrs.dilation_w != 1 ? 2 : 1;
    case OpKind::kFullyConnected:
      if (n.attrs.keep_num_dims) return 5;
      if (s16) return 7;
      return s8 ? 4 : 1;
    case OpKind::kAdd:
    case OpKind::kSub:
    case OpKind::kMul:
    case OpKind::kAveragePool2D:
    case OpKind::kMaxPool2D:
    case OpKind::kSoftmax:
    case OpKind::kLogistic:
    case OpKind::kTanh:
    case OpKind::kConcatenation:
    case OpKind::kPad:
    case OpKind::kPadV2:
    case OpKind::kMean:
    case OpKind::kTranspose:
    case OpKind::kStridedSlice:
    case OpKind::kSplit:
    case OpKind::kPack:
    case OpKind::kUnpack:
    case OpKind::kGather:
    case OpKind::kArgMax:
    case OpKind::kArgMin:
    case OpKind::kResizeBilinear:
    case OpKind::kResizeNearestNeighbor:
    case OpKind::kRelu:
    case OpKind::kRelu6:
    case OpKind::kLeakyRelu:
    case OpKind::kDequantize:
      return s16 ? 3 : (s8 ? 2 : 1);
    case OpKind::kSvdf:
      return s8 ? 3 : 1;  // TFLite: version 3 is the full-integer SVDF
    case OpKind::kSlice:
      if (g.input_type(n, 0).shape.rank() > 4) return 5;
      return s16 ? 4 : (s8 ? 2 : 1);
    case OpKind::kSpaceToBatchND:
    case OpKind::kBatchToSpaceND:
      if (s16) return 4;
      if (g.input_type(n, 0).shape.rank() != 4) return 3;
      return s8 ? 2 : 1;
    case OpKind::kSpaceToDepth:
    case OpKind::kDepthToSpace:
    case OpKind::kSum:
      return s8 ? 2 : 1;
    case OpKind::kMirrorPad:
    case OpKind::kReduceMax:
    case OpKind::kReduceMin:
      return s16 ? 3 : (s8 ? 2 : 1);
    case OpKind::kReverseV2:
      return s8 ? 3 : 1;
    case OpKind::kBroadcastTo:
      return s8 || s16 ? 3 : 2;
    case OpKind::kDynamicUpdateSlice:
      return g.input_type(n, 2).dtype == DType::kInt64 ? 2 : 1;
    case OpKind::kGatherND:
      return s16 ? 3 : 1;
    case OpKind::kBatchMatMul:
      return s16 ? 3 : (s8 ? 2 : 1);
    case OpKind::kTransposeConv:
      // Input 0 is the output shape: the weights' dtype and the options decide.
      if (n.attrs.activation != FusedActivation::kNone) return 4;
      if (g.has_input(n, 3)) return 3;
      return g.input_type(n, 1).dtype == DType::kInt8 ? 2 : 1;
    case OpKind::kQuantize:
      return g.output_type(n, 0).dtype == DType::kInt16
                 ? 3
                 : (g.output_type(n, 0).dtype == DType::kInt8 ? 2 : 1);
    default:
      return 1;
  }
}

std::pair<tflite::BuiltinOptions, Offset<void>> options_of(FlatBufferBuilder& b, const Node& n) {
  const Attrs& a = n.attrs;
  using O = tflite::BuiltinOptions;
  switch (n.op) {
    case OpKind::kConv2D:
      return {O::Conv2DOptions,
              tflite::CreateConv2DOptions(b, pad_of(a.padding), a.stride_w, a.stride_h,
                                          act_of(a.activation), a.dilation_w, a.dilation_h)
                  .Union()};
    case OpKind::kDepthwiseConv2D:
      return {O::DepthwiseConv2DOptions,
              tflite::CreateDepthwiseConv2DOptions(b, pad_of(a.padding), a.stride_w, a.stride_h,
                                                   a.depth_multiplier, act_of(a.activation),
                                                   a.dilation_w, a.dilation_h)
                  .Union()};
    case OpKind::kAveragePool2D:
    case OpKind::kMaxPool2D:
      return {O::Pool2DOptions,
              tflite::CreatePool2DOptions(b, pad_of(a.padding), a.stride_w, a.stride_h, a.filter_w,
                                          a.filter_h, act_of(a.activation))
                  .Union()};
    case OpKind::kFullyConnected:
      return {O::FullyConnectedOptions,
              tflite::CreateFullyConnectedOptions(
                  b, act_of(a.activation), tflite::FullyConnectedOptionsWeightsFormat::DEFAULT,
                  a.keep_num_dims)
                  .Union()};
    case OpKind::kSoftmax:
      return {O::SoftmaxOptions, tflite::CreateSoftmaxOptions(b, a.beta).Union()};
    case OpKind::kConcatenation:
      return {O::ConcatenationOptions,
              tflite::CreateConcatenationOptions(b, a.axis, act_of(a.activation)).Union()};
    case OpKind::kAdd:
      return {O::AddOptions,
              tflite::CreateAddOptions(b, act_of(a.activation), a.pot_scale_int16).Union()};
    case OpKind::kSub:
      return {O::SubOptions,
              tflite::CreateSubOptions(b, act_of(a.activation), a.pot_scale_int16).Union()};
    case OpKind::kMul:
      return {O::MulOptions, tflite::CreateMulOptions(b, act_of(a.activation)).Union()};
    case OpKind::kDiv:
      return {O::DivOptions, tflite::CreateDivOptions(b, act_of(a.activation)).Union()};
    case OpKind::kReshape:
      return {O::ReshapeOptions,
              tflite::CreateReshapeOptions(b, a.new_shape.empty() ? 0 : b.CreateVector(a.new_shape))
                  .Union()};
    case OpKind::kSqueeze:
      return {O::SqueezeOptions, tflite::CreateSqueezeOptions(
                                     b, a.squeeze_dims.empty() ? 0 : b.CreateVector(a.squeeze_dims))
                                     .Union()};
    case OpKind::kMean:
    case OpKind::kSum:
    case OpKind::kReduceMax:
    case OpKind::kReduceMin:
      return {O::ReducerOptions, tflite::CreateReducerOptions(b, a.keep_dims).Union()};
    case OpKind::kStridedSlice:
      return {O::StridedSliceOptions,
              tflite::CreateStridedSliceOptions(b, a.begin_mask, a.end_mask, a.ellipsis_mask,
                                                a.new_axis_mask, a.shrink_axis_mask, a.offset)
                  .Union()};
    case OpKind::kSplit:
      return {O::SplitOptions, tflite::CreateSplitOptions(b, a.count).Union()};
    case OpKind::kSplitV:
      return {O::SplitVOptions, tflite::CreateSplitVOptions(b, a.count).Union()};
    case OpKind::kPack:
      return {O::PackOptions, tflite::CreatePackOptions(b, a.count, a.axis).Union()};
    case OpKind::kUnpack:
      return {O::UnpackOptions, tflite::CreateUnpackOptions(b, a.count, a.axis).Union()};
    case OpKind::kGather:
      return {O::GatherOptions, tflite::CreateGatherOptions(b, a.axis, a.batch_dims).Union()};
    case OpKind::kArgMax:
      return {O::ArgMaxOptions, tflite::CreateArgMaxOptions(b, static_cast<tflite::TensorType>(
                                                                   dtype_to_tflite(a.output_type)))
                                    .Union()};
    case OpKind::kArgMin:
      return {O::ArgMinOptions, tflite::CreateArgMinOptions(b, static_cast<tflite::TensorType>(
                                                                   dtype_to_tflite(a.output_type)))
                                    .Union()};
    case OpKind::kLeakyRelu:
      return {O::LeakyReluOptions, tflite::CreateLeakyReluOptions(b, a.alpha).Union()};
    case OpKind::kResizeBilinear:
      return {
          O::ResizeBilinearOptions,
          tflite::CreateResizeBilinearOptions(b, a.align_corners, a.half_pixel_centers).Union()};
    case OpKind::kResizeNearestNeighbor:
      return {O::ResizeNearestNeighborOptions,
              tflite::CreateResizeNearestNeighborOptions(b, a.align_corners, a.half_pixel_centers)
                  .Union()};
    case OpKind::kPad:
      return {O::PadOptions, tflite::CreatePadOptions(b).Union()};
    case OpKind::kPadV2:
      return {O::PadV2Options, tflite::CreatePadV2Options(b).Union()};
    case OpKind::kTranspose:
      return {O::TransposeOptions, tflite::CreateTransposeOptions(b).Union()};
    case OpKind::kQuantize:
      return {O::QuantizeOptions, tflite::CreateQuantizeOptions(b).Union()};
    case OpKind::kDequantize:
      return {O::DequantizeOptions, tflite::CreateDequantizeOptions(b).Union()};
    case OpKind::kHardSwish:
      return {O::HardSwishOptions, tflite::CreateHardSwishOptions(b).Union()};
    case OpKind::kExpandDims:
      return {O::ExpandDimsOptions, tflite::CreateExpandDimsOptions(b).Union()};
    case OpKind::kEqual:
      return {O::EqualOptions, tflite::CreateEqualOptions(b).Union()};
    case OpKind::kNotEqual:
      return {O::NotEqualOptions, tflite::CreateNotEqualOptions(b).Union()};
    case OpKind::kLess:
      return {O::LessOptions, tflite::CreateLessOptions(b).Union()};
    case OpKind::kLessEqual:
      return {O::LessEqualOptions, tflite::CreateLessEqualOptions(b).Union()};
    case OpKind::kGreater:
      return {O::GreaterOptions, tflite::CreateGreaterOptions(b).Union()};
    case OpKind::kGreaterEqual:
      return {O::GreaterEqualOptions, tflite::CreateGreaterEqualOptions(b).Union()};
    case OpKind::kLogicalAnd:
      return {O::LogicalAndOptions, tflite::CreateLogicalAndOptions(b).Union()};
    case OpKind::kLogicalOr:
      return {O::LogicalOrOptions, tflite::CreateLogicalOrOptions(b).Union()};
    case OpKind::kLogicalNot:
      return {O::LogicalNotOptions, tflite::CreateLogicalNotOptions(b).Union()};
    case OpKind::kSelectV2:
      return {O::SelectV2Options, tflite::CreateSelectV2Options(b).Union()};
    case OpKind::kUnidirectionalSequenceLstm:
      return {O::UnidirectionalSequenceLSTMOptions,
              tflite::CreateUnidirectionalSequenceLSTMOptions(
                  b, act_of(a.activation), a.cell_clip, a.proj_clip, a.time_major,
                  a.asymmetric_quantize_inputs, a.diagonal_recurrent_tensors)
                  .Union()};
    case OpKind::kSvdf:
      return {O::SVDFOptions, tflite::CreateSVDFOptions(b, a.rank, act_of(a.activation),
                                                        a.asymmetric_quantize_inputs)
                                  .Union()};
    case OpKind::kSlice:
      return {O::SliceOptions, tflite::CreateSliceOptions(b).Union()};
    case OpKind::kSpaceToBatchND:
      return {O::SpaceToBatchNDOptions, tflite::CreateSpaceToBatchNDOptions(b).Union()};
    case OpKind::kBatchToSpaceND:
      return {O::BatchToSpaceNDOptions, tflite::CreateBatchToSpaceNDOptions(b).Union()};
    case OpKind::kSpaceToDepth:
      return {O::SpaceToDepthOptions, tflite::CreateSpaceToDepthOptions(b, a.block_size).Union()};
    case OpKind::kDepthToSpace:
      return {O::DepthToSpaceOptions, tflite::CreateDepthToSpaceOptions(b, a.block_size).Union()};
    case OpKind::kMirrorPad:
      return {O::MirrorPadOptions, tflite::CreateMirrorPadOptions(
                                       b, a.mirror_pad_mode == MirrorPadMode::kReflect ? 0 : 1)
                                       .Union()};
    case OpKind::kReverseV2:
      return {O::ReverseV2Options, tflite::CreateReverseV2Options(b).Union()};
    case OpKind::kBroadcastTo:
      return {O::BroadcastToOptions, tflite::CreateBroadcastToOptions(b).Union()};
    case OpKind::kDynamicUpdateSlice:
      return {O::DynamicUpdateSliceOptions, tflite::CreateDynamicUpdateSliceOptions(b).Union()};
    case OpKind::kGatherND:
      return {O::GatherNdOptions, tflite::CreateGatherNdOptions(b).Union()};
    case OpKind::kMaximum:
    case OpKind::kMinimum:
      return {O::MaximumMinimumOptions, tflite::CreateMaximumMinimumOptions(b).Union()};
    case OpKind::kSquaredDifference:
      return {O::SquaredDifferenceOptions, tflite::CreateSquaredDifferenceOptions(b).Union()};
    case OpKind::kAbs:
      return {O::AbsOptions, tflite::CreateAbsOptions(b).Union()};
    case OpKind::kLogSoftmax:
      return {O::LogSoftmaxOptions, tflite::CreateLogSoftmaxOptions(b).Union()};
    case OpKind::kL2Normalization:
      return {O::L2NormOptions, tflite::CreateL2NormOptions(b, act_of(a.activation)).Union()};
    case OpKind::kAddN:
      return {O::AddNOptions, tflite::CreateAddNOptions(b).Union()};
    case OpKind::kCumsum:
      return {O::CumsumOptions, tflite::CreateCumsumOptions(b, a.exclusive, a.reverse).Union()};
    case OpKind::kCast:
      return {O::CastOptions, tflite::CreateCastOptions(b).Union()};
    case OpKind::kFill:
      return {O::FillOptions, tflite::CreateFillOptions(b).Union()};
    case OpKind::kZerosLike:
      return {O::ZerosLikeOptions, tflite::CreateZerosLikeOptions(b).Union()};
    case OpKind::kShape:
      return {O::ShapeOptions, tflite::CreateShapeOptions(b, static_cast<tflite::TensorType>(
                                                                 dtype_to_tflite(a.output_type)))
                                   .Union()};
    case OpKind::kBatchMatMul:
      return {O::BatchMatMulOptions, tflite::CreateBatchMatMulOptions(b, a.adj_x, a.adj_y).Union()};
    case OpKind::kTransposeConv:
      return {O::TransposeConvOptions,
              tflite::CreateTransposeConvOptions(b, pad_of(a.padding), a.stride_w, a.stride_h,
                                                 act_of(a.activation))
                  .Union()};
    default:
      return {O::NONE, 0};
  }
}

}  // namespace

namespace {

Result<std::vector<uint8_t>> write_graph(const Graph& g, const TfliteWriteOptions& options);

}  // namespace

Result<std::vector<uint8_t>> write_tflite(const Graph& g, const TfliteWriteOptions& options) {
  // TFLite has no explicit convolution padding (octet's folded PADs): write it back as PAD +
  // VALID, which computes the same.
  const bool explicit_padding = std::any_of(g.nodes.begin(), g.nodes.end(), [](const Node& n) {
    return n.attrs.padding == Padding::kExplicit &&
           (n.op == OpKind::kConv2D || n.op == OpKind::kDepthwiseConv2D);
  });
  if (!explicit_padding) return write_graph(g, options);
  Graph expanded = g;
  OCTET_RETURN_IF_ERROR(expand_explicit_padding(expanded).status());
  return write_graph(expanded, options);
}

namespace {

Result<std::vector<uint8_t>> write_graph(const Graph& g, const TfliteWriteOptions& options) {
  FlatBufferBuilder b(1 << 16);
  // Buffer 0 is the empty sentinel every TFLite file starts with.
  std::vector<Offset<tflite::Buffer>> buffers = {tflite::CreateBuffer(b)};
  std::vector<Offset<tflite::Tensor>> tensors;
  std::map<std::vector<uint8_t>, uint32_t> buffer_of_bytes;
  for (size_t v = 0; v < g.values.size(); ++v) {
    const Value& val = g.values[v];
    uint32_t buffer = 0;
    auto shared = options.share_identical_buffers && val.is_constant() && !val.data->empty()
                      ? buffer_of_bytes.find(*val.data)
                      : buffer_of_bytes.end();
    if (shared != buffer_of_bytes.end()) {
      buffer = shared->second;
    } else if (val.is_constant()) {
      // Constant data is 16-byte aligned in the file, as the schema's force_align asks.
      b.ForceVectorAlignment(val.data->size(), 1, 16);
      const auto data = b.CreateVector(val.data->data(), val.data->size());
      buffer = static_cast<uint32_t>(buffers.size());
      buffers.push_back(tflite::CreateBuffer(b, data));
      if (options.share_identical_buffers && !val.data->empty())
        buffer_of_bytes[*val.data] = buffer;
    }
    Offset<tflite::QuantizationParameters> quant = 0;
    if (val.type.quant) {
      const QuantParams& q = *val.type.quant;
      std::vector<int64_t> zps = q.zero_points;
      if (zps.empty()) zps.assign(q.scales.size(), 0);
      quant = tflite::CreateQuantizationParameters(
          b, 0, 0, b.CreateVector(q.scales), b.CreateVector(zps), tflite::QuantizationDetails::NONE,
          0, q.per_axis() ? q.axis : 0);
    }
    tensors.push_back(
        tflite::CreateTensor(b, b.CreateVector(val.type.shape.dims),
                             static_cast<tflite::TensorType>(dtype_to_tflite(val.type.dtype)),
                             buffer, b.CreateString(val.name), quant, val.variable));
  }

  std::vector<Offset<tflite::OperatorCode>> codes;
  std::map<std::pair<int32_t, int32_t>, uint32_t> code_index;  // (builtin, version) -> index
  std::vector<Offset<tflite::Operator>> operators;
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    const Node& n = g.nodes[i];
    if (n.op == OpKind::kUnsupported) {
      return error("{}: cannot write an op octet does not know", g.node_label(i));
    }
    const int32_t code = op_def(n.op).tflite_code;
    const int32_t version = op_version(g, n);
    auto [it, inserted] =
        code_index.try_emplace({code, version}, static_cast<uint32_t>(codes.size()));
    if (inserted) {
      const int8_t deprecated =
          static_cast<int8_t>(std::min(code, kTflitePlaceholderForGreaterOpCodes));
      codes.push_back(tflite::CreateOperatorCode(b, deprecated, 0, version,
                                                 static_cast<tflite::BuiltinOperator>(code)));
    }
    auto [opt_type, opt] = options_of(b, n);
    operators.push_back(tflite::CreateOperator(b, it->second, b.CreateVector(n.inputs),
                                               b.CreateVector(n.outputs), opt_type, opt));
  }
  auto subgraph = tflite::CreateSubGraph(b, b.CreateVector(tensors), b.CreateVector(g.inputs),
                                         b.CreateVector(g.outputs), b.CreateVector(operators),
                                         b.CreateString("main"));
  auto model =
      tflite::CreateModel(b, 3, b.CreateVector(codes), b.CreateVector(std::vector{subgraph}),
                          b.CreateString(options.description), b.CreateVector(buffers));
  tflite::FinishModelBuffer(b, model);
  return std::vector<uint8_t>(b.GetBufferPointer(), b.GetBufferPointer() + b.GetSize());
}

}  // namespace

Status write_tflite_file(const Graph& graph, const std::string& path,
                         const TfliteWriteOptions& options) {
  OCTET_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes, write_tflite(graph, options));
  return write_file_bytes(path, bytes);
}

}  // namespace octet
