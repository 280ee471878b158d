// reader.cc - see reader.h.
#include "frontend/tflite/reader.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>

#include "frontend/tflite/tflite_codes.h"
#include "ir/verify.h"
#include "schema_generated.h"

namespace octet {

namespace {

constexpr int64_t kMaxTensorBytes = int64_t{1} << 32;

FusedActivation activation_of(tflite::ActivationFunctionType a) {
  return static_cast<FusedActivation>(static_cast<uint8_t>(a));
}

Padding padding_of(tflite::Padding p) {
  return p == tflite::Padding::VALID ? Padding::kValid : Padding::kSame;
}

class Reader {
 public:
  Reader(const tflite::Model* model, const TfliteReadOptions& options)
      : model_(model), options_(options) {}

  Result<Graph> read();

 private:
  Status read_tensors(const tflite::SubGraph* sg);
  Status read_tensor(const tflite::SubGraph* sg, uint32_t index);
  Status read_operators(const tflite::SubGraph* sg);
  Status read_attrs(const tflite::Operator* op, uint32_t index, Node& node);
  Result<ValueId> tensor_ref(const tflite::SubGraph* sg, int32_t t, std::string_view what);
  Status dequantize_hybrid_weights();

  const tflite::Model* model_;
  TfliteReadOptions options_;
  Graph graph_;
};

Result<Graph> Reader::read() {
  if (!model_->subgraphs() || model_->subgraphs()->size() == 0) {
    return error("model has no subgraphs");
  }
  const tflite::SubGraph* sg = model_->subgraphs()->Get(0);
  if (model_->description()) graph_.description = model_->description()->str();
  OCTET_RETURN_IF_ERROR(read_tensors(sg));
  OCTET_RETURN_IF_ERROR(read_operators(sg));
  if (sg->inputs()) {
    for (int32_t t : *sg->inputs()) {
      OCTET_ASSIGN_OR_RETURN(ValueId v, tensor_ref(sg, t, "subgraph input"));
      if (v == kNoValue) return error("subgraph input index -1");
      if (graph_.value(v).is_constant()) {
        return error("subgraph input tensor {} ('{}') is a constant", t, graph_.value(v).name);
      }
      graph_.inputs.push_back(v);
    }
  }
  if (sg->outputs()) {
    for (int32_t t : *sg->outputs()) {
      OCTET_ASSIGN_OR_RETURN(ValueId v, tensor_ref(sg, t, "subgraph output"));
      if (v == kNoValue) return error("subgraph output index -1");
      graph_.outputs.push_back(v);
    }
  }
  if (options_.dequantize_hybrid_weights) OCTET_RETURN_IF_ERROR(dequantize_hybrid_weights());
  OCTET_RETURN_IF_ERROR(verify_graph(graph_));
  return std::move(graph_);
}

Status Reader::read_tensors(const tflite::SubGraph* sg) {
  if (!sg->tensors()) return Status::Ok();
  for (uint32_t i = 0; i < sg->tensors()->size(); ++i) {
    OCTET_RETURN_IF_ERROR(read_tensor(sg, i));
  }
  return Status::Ok();
}

Status Reader::read_tensor(const tflite::SubGraph* sg, uint32_t index) {
  const tflite::Tensor* t = sg->tensors()->Get(index);
  Value v;
  v.name = t->name() ? t->name()->str() : fmt::format("tensor_{}", index);
  const std::string where = fmt::format("tensor {} ('{}')", index, v.name);
  auto dtype = dtype_from_tflite(static_cast<int8_t>(t->type()));
  if (!dtype) {
    return error("{} has unsupported type {}", where,
                 tflite_type_name(static_cast<int8_t>(t->type())));
  }
  v.type.dtype = *dtype;
  if (t->shape()) {
    for (int32_t d : *t->shape()) {
      if (d < 0) {
        return error("{} has negative dimension {} in shape [{}]", where, d,
                     fmt::join(*t->shape(), ","));
      }
      v.type.shape.dims.push_back(d);
    }
  }
  auto elements = v.type.shape.checked_elements();
  if (!elements || *elements * static_cast<int64_t>(dtype_size(v.type.dtype)) > kMaxTensorBytes) {
    return error("{} shape {} is too large (element count overflows or exceeds 4 GiB)", where,
                 v.type.shape.to_string());
  }
  if (t->sparsity()) return error("{} is sparse; sparse tensors are not supported", where);
  v.variable = t->is_variable();

  if (const tflite::QuantizationParameters* q = t->quantization()) {
    if (q->details_type() != tflite::QuantizationDetails::NONE) {
      return error("{} uses custom quantization, which is not supported", where);
    }
    if (q->scale() && q->scale()->size() > 0) {
      QuantParams qp;
      qp.scales.assign(q->scale()->begin(), q->scale()->end());
      if (const auto* zp = q->zero_point()) {
        // Copied as bytes: the verifier aligns a vector's length to 4 bytes, not its int64
        // elements to 8, and the file may sit anywhere in memory (libFuzzer + UBSan found it).
        qp.zero_points.resize(zp->size());
        if (zp->size() > 0) {
          std::memcpy(qp.zero_points.data(), zp->Data(), zp->size() * sizeof(int64_t));
        }
      }
      if (qp.zero_points.empty()) qp.zero_points.assign(qp.scales.size(), 0);
      if (qp.zero_points.size() != qp.scales.size()) {
        return error("{} has {} scales but {} zero points", where, qp.scales.size(),
                     qp.zero_points.size());
      }
      for (float s : qp.scales) {
        if (!std::isfinite(s) || s < 0.0f) return error("{} has invalid scale {}", where, s);
      }
      qp.axis = q->quantized_dimension();
      if (qp.per_axis()) {
        if (qp.axis < 0 || qp.axis >= v.type.shape.rank() ||
            v.type.shape[qp.axis] != static_cast<int32_t>(qp.scales.size())) {
          return error("{} {} has {} scales for quantized dimension {}", where,
                       v.type.shape.to_string(), qp.scales.size(), qp.axis);
        }
      } else {
        qp.axis = 0;
      }
      v.type.quant = std::move(qp);
    }
  }

  const uint32_t b = t->buffer();
  const auto* buffers = model_->buffers();
  if (b != 0) {
    if (!buffers || b >= buffers->size()) {
      return error("{} refers to buffer {}, the model has {}", where, b,
                   buffers ? buffers->size() : 0);
    }
    const tflite::Buffer* buf = buffers->Get(b);
    if (buf->offset() > 1) {
      return error(
          "{} keeps its data outside the flatbuffer (buffer {} at offset {}), which octet "
          "does not support",
          where, b, buf->offset());
    }
    if ((buf->data() && buf->data()->size() > 0) || v.type.elements() == 0) {
      if (v.type.elements() == 0) {
        v.data.emplace();  // an empty constant (a scalar reshape's shape [], say)
        graph_.add_value(std::move(v));
        return Status::Ok();
      }
      const int64_t want = v.type.byte_size();
      if (static_cast<int64_t>(buf->data()->size()) != want) {
        return error("{} {} needs {} bytes, buffer {} holds {}", where, v.type.to_string(), want, b,
                     buf->data()->size());
      }
      // Each tensor gets its own copy, whoever else shares the buffer (DESIGN.md rule 3).
      v.data.emplace(buf->data()->begin(), buf->data()->end());
    }
  }
  graph_.add_value(std::move(v));
  return Status::Ok();
}

Result<ValueId> Reader::tensor_ref(const tflite::SubGraph* sg, int32_t t, std::string_view what) {
  const int32_t count = sg->tensors() ? static_cast<int32_t>(sg->tensors()->size()) : 0;
  if (t == -1) return kNoValue;
  if (t < 0 || t >= count) {
    return error("{} refers to tensor {}, the subgraph has {}", what, t, count);
  }
  return static_cast<ValueId>(t);
}

Status Reader::read_operators(const tflite::SubGraph* sg) {
  if (!sg->operators()) return Status::Ok();
  const auto* codes = model_->operator_codes();
  for (uint32_t i = 0; i < sg->operators()->size(); ++i) {
    const tflite::Operator* op = sg->operators()->Get(i);
    if (!codes || op->opcode_index() >= codes->size()) {
      return error("operator {} uses opcode index {}, the model has {} operator codes", i,
                   op->opcode_index(), codes ? codes->size() : 0);
    }
    const tflite::OperatorCode* code = codes->Get(op->opcode_index());
    // The larger of the two fields is the real code: old files only have the deprecated byte,
    // new files set builtin_code and keep the byte at PLACEHOLDER_FOR_GREATER_OP_CODES (127).
    const int32_t builtin =
        std::max<int32_t>(static_cast<int32_t>(code->builtin_code()),
                          static_cast<int32_t>(code->deprecated_builtin_code()));
    Node node;
    std::string name;
    if (builtin == kTfliteCustomCode) {
      name = fmt::format("CUSTOM '{}'", code->custom_code() ? code->custom_code()->str() : "");
    } else {
      name = std::string(tflite_op_name(builtin));
    }
    std::optional<OpKind> kind =
        builtin == kTfliteCustomCode ? std::nullopt : op_from_tflite_code(builtin);
    if (!kind) {
      if (!options_.allow_unsupported_ops) {
        return error("operator {} is {}, which octet does not support", i, name);
      }
      node.op = OpKind::kUnsupported;
      node.unsupported_name = name;
    } else {
      node.op = *kind;
    }
    const std::string where = fmt::format("operator {} ({})", i, name);
    if (op->inputs()) {
      for (int32_t t : *op->inputs()) {
        OCTET_ASSIGN_OR_RETURN(ValueId v, tensor_ref(sg, t, fmt::format("{} input", where)));
        node.inputs.push_back(v);
      }
    }
    if (op->outputs()) {
      for (int32_t t : *op->outputs()) {
        OCTET_ASSIGN_OR_RETURN(ValueId v, tensor_ref(sg, t, fmt::format("{} output", where)));
        if (v == kNoValue) return error("{} has output index -1", where);
        node.outputs.push_back(v);
      }
    }
    if (node.op != OpKind::kUnsupported) OCTET_RETURN_IF_ERROR(read_attrs(op, i, node));
    graph_.nodes.push_back(std::move(node));
  }
  return Status::Ok();
}

Status Reader::read_attrs(const tflite::Operator* op, uint32_t index, Node& node) {
  Attrs& a = node.attrs;
  const std::string where = fmt::format("operator {} ({})", index, op_name(node.op));
  switch (node.op) {
    case OpKind::kConv2D:
      if (const auto* o = op->builtin_options_as_Conv2DOptions()) {
        a.padding = padding_of(o->padding());
        a.stride_w = o->stride_w();
        a.stride_h = o->stride_h();
        a.dilation_w = o->dilation_w_factor();
        a.dilation_h = o->dilation_h_factor();
        a.activation = activation_of(o->fused_activation_function());
      }
      break;
    case OpKind::kDepthwiseConv2D:
      if (const auto* o = op->builtin_options_as_DepthwiseConv2DOptions()) {
        a.padding = padding_of(o->padding());
        a.stride_w = o->stride_w();
        a.stride_h = o->stride_h();
        a.depth_multiplier = o->depth_multiplier();
        a.dilation_w = o->dilation_w_factor();
        a.dilation_h = o->dilation_h_factor();
        a.activation = activation_of(o->fused_activation_function());
      }
      break;
    case OpKind::kAveragePool2D:
    case OpKind::kMaxPool2D:
      if (const auto* o = op->builtin_options_as_Pool2DOptions()) {
        a.padding = padding_of(o->padding());
        a.stride_w = o->stride_w();
        a.stride_h = o->stride_h();
        a.filter_w = o->filter_width();
        a.filter_h = o->filter_height();
        a.activation = activation_of(o->fused_activation_function());
      }
      break;
    case OpKind::kFullyConnected:
      if (const auto* o = op->builtin_options_as_FullyConnectedOptions()) {
        a.activation = activation_of(o->fused_activation_function());
        a.keep_num_dims = o->keep_num_dims();
        if (o->weights_format() != tflite::FullyConnectedOptionsWeightsFormat::DEFAULT) {
          return error("{} uses shuffled weights, which octet does not support", where);
        }
      }
      break;
    case OpKind::kSoftmax:
      if (const auto* o = op->builtin_options_as_SoftmaxOptions()) a.beta = o->beta();
      break;
    case OpKind::kConcatenation:
      if (const auto* o = op->builtin_options_as_ConcatenationOptions()) {
        a.axis = o->axis();
        a.activation = activation_of(o->fused_activation_function());
      }
      break;
    case OpKind::kAdd:
      if (const auto* o = op->builtin_options_as_AddOptions()) {
        a.activation = activation_of(o->fused_activation_function());
        a.pot_scale_int16 = o->pot_scale_int16();
      }
      break;
    case OpKind::kSub:
      if (const auto* o = op->builtin_options_as_SubOptions()) {
        a.activation = activation_of(o->fused_activation_function());
        a.pot_scale_int16 = o->pot_scale_int16();
      }
      break;
    case OpKind::kMul:
      if (const auto* o = op->builtin_options_as_MulOptions()) {
        a.activation = activation_of(o->fused_activation_function());
      }
      break;
    case OpKind::kDiv:
      if (const auto* o = op->builtin_options_as_DivOptions()) {
        a.activation = activation_of(o->fused_activation_function());
      }
      break;
    case OpKind::kReshape:
      if (const auto* o = op->builtin_options_as_ReshapeOptions()) {
        if (o->new_shape()) a.new_shape.assign(o->new_shape()->begin(), o->new_shape()->end());
      }
      break;
    case OpKind::kSqueeze:
      if (const auto* o = op->builtin_options_as_SqueezeOptions()) {
        if (o->squeeze_dims()) {
          a.squeeze_dims.assign(o->squeeze_dims()->begin(), o->squeeze_dims()->end());
        }
      }
      break;
    case OpKind::kMean:
    case OpKind::kSum:
    case OpKind::kReduceMax:
    case OpKind::kReduceMin:
      if (const auto* o = op->builtin_options_as_ReducerOptions()) a.keep_dims = o->keep_dims();
      break;
    case OpKind::kStridedSlice:
      if (const auto* o = op->builtin_options_as_StridedSliceOptions()) {
        a.begin_mask = o->begin_mask();
        a.end_mask = o->end_mask();
        a.ellipsis_mask = o->ellipsis_mask();
        a.new_axis_mask = o->new_axis_mask();
        a.shrink_axis_mask = o->shrink_axis_mask();
        a.offset = o->offset();
      }
      break;
    case OpKind::kSplit:
      if (const auto* o = op->builtin_options_as_SplitOptions()) a.count = o->num_splits();
      break;
    case OpKind::kSplitV:
      if (const auto* o = op->builtin_options_as_SplitVOptions()) a.count = o->num_splits();
      break;
    case OpKind::kPack:
      if (const auto* o = op->builtin_options_as_PackOptions()) {
        a.count = o->values_count();
        a.axis = o->axis();
      }
      break;
    case OpKind::kUnpack:
      if (const auto* o = op->builtin_options_as_UnpackOptions()) {
        a.count = o->num();
        a.axis = o->axis();
      }
      break;
    case OpKind::kGather:
      if (const auto* o = op->builtin_options_as_GatherOptions()) {
        a.axis = o->axis();
        a.batch_dims = o->batch_dims();
      }
      break;
    case OpKind::kArgMax:
    case OpKind::kArgMin: {
      tflite::TensorType t = tflite::TensorType::INT64;
      if (const auto* o = op->builtin_options_as_ArgMaxOptions()) t = o->output_type();
      if (const auto* o = op->builtin_options_as_ArgMinOptions()) t = o->output_type();
      auto dt = dtype_from_tflite(static_cast<int8_t>(t));
      if (!dt) return error("{} has unsupported output type", where);
      a.output_type = *dt;
      break;
    }
    case OpKind::kCumsum:
      if (const auto* o = op->builtin_options_as_CumsumOptions()) {
        a.exclusive = o->exclusive();
        a.reverse = o->reverse();
      }
      break;
    case OpKind::kL2Normalization:
      if (const auto* o = op->builtin_options_as_L2NormOptions()) {
        a.activation = activation_of(o->fused_activation_function());
      }
      break;
    case OpKind::kShape:
      // The output tensor's type is the truth; ShapeOptions.out_type repeats it.
      if (!node.outputs.empty()) a.output_type = graph_.type(node.outputs[0]).dtype;
      break;
    case OpKind::kLeakyRelu:
      if (const auto* o = op->builtin_options_as_LeakyReluOptions()) a.alpha = o->alpha();
      break;
    case OpKind::kResizeBilinear:
      if (const auto* o = op->builtin_options_as_ResizeBilinearOptions()) {
        a.align_corners = o->align_corners();
        a.half_pixel_centers = o->half_pixel_centers();
      }
      break;
    case OpKind::kResizeNearestNeighbor:
      if (const auto* o = op->builtin_options_as_ResizeNearestNeighborOptions()) {
        a.align_corners = o->align_corners();
        a.half_pixel_centers = o->half_pixel_centers();
      }
      break;
    case OpKind::kUnidirectionalSequenceLstm:
      if (const auto* o = op->builtin_options_as_UnidirectionalSequenceLSTMOptions()) {
        a.activation = activation_of(o->fused_activation_function());
        a.cell_clip = o->cell_clip();
        a.proj_clip = o->proj_clip();
        a.time_major = o->time_major();
        a.asymmetric_quantize_inputs = o->asymmetric_quantize_inputs();
        a.diagonal_recurrent_tensors = o->diagonal_recurrent_tensors();
      }
      break;
    case OpKind::kSvdf:
      if (const auto* o = op->builtin_options_as_SVDFOptions()) {
        a.rank = o->rank();
        a.activation = activation_of(o->fused_activation_function());
        a.asymmetric_quantize_inputs = o->asymmetric_quantize_inputs();
      }
      break;
    case OpKind::kTransposeConv:
      if (const auto* o = op->builtin_options_as_TransposeConvOptions()) {
        a.padding = padding_of(o->padding());
        a.stride_w = o->stride_w();
        a.stride_h = o->stride_h();
        a.activation = activation_of(o->fused_activation_function());
      }
      break;
    case OpKind::kBatchMatMul:
      if (const auto* o = op->builtin_options_as_BatchMatMulOptions()) {
        a.adj_x = o->adj_x();
        a.adj_y = o->adj_y();
        if (o->asymmetric_quantize_inputs()) {
          return error(
              "{} asks for hybrid asymmetric input quantization, which octet does not "
              "support",
              where);
        }
      }
      break;
    case OpKind::kSpaceToDepth:
      if (const auto* o = op->builtin_options_as_SpaceToDepthOptions())
        a.block_size = o->block_size();
      break;
    case OpKind::kDepthToSpace:
      if (const auto* o = op->builtin_options_as_DepthToSpaceOptions())
        a.block_size = o->block_size();
      break;
    case OpKind::kMirrorPad:
      if (const auto* o = op->builtin_options_as_MirrorPadOptions()) {
        // tflite::MirrorPadMode: REFLECT = 0, SYMMETRIC = 1.
        if (o->mode() != 0 && o->mode() != 1) {
          return error("{} has an invalid mirror pad mode {}", where, static_cast<int>(o->mode()));
        }
        a.mirror_pad_mode = o->mode() == 0 ? MirrorPadMode::kReflect : MirrorPadMode::kSymmetric;
      }
      break;
    default:
      break;
  }
  // The LSTM's activation is its cell gate's (TANH), not a fused clamp.
  if (node.op != OpKind::kUnidirectionalSequenceLstm &&
      (a.activation == FusedActivation::kTanh || a.activation == FusedActivation::kSignBit)) {
    return error("{} has fused activation {}, which octet does not support", where,
                 activation_name(a.activation));
  }
  if (static_cast<uint8_t>(a.activation) > static_cast<uint8_t>(FusedActivation::kSignBit)) {
    return error("{} has an invalid fused activation code {}", where,
                 static_cast<int>(a.activation));
  }
  return Status::Ok();
}

// Hybrid models keep int8 weights next to float activations; octet's float path wants float
// weights, so such weights are dequantized here, once.
Status Reader::dequantize_hybrid_weights() {
  const auto consumers = graph_.consumers();
  for (const Node& n : graph_.nodes) {
    if (n.op != OpKind::kConv2D && n.op != OpKind::kDepthwiseConv2D &&
        n.op != OpKind::kFullyConnected) {
      continue;
    }
    if (n.inputs.size() < 2 || n.inputs[0] == kNoValue || n.inputs[1] == kNoValue) continue;
    if (graph_.type(n.inputs[0]).dtype != DType::kFloat32) continue;
    Value& w = graph_.value(n.inputs[1]);
    if (!w.is_constant() || (w.type.dtype != DType::kInt8 && w.type.dtype != DType::kUInt8))
      continue;
    if (!w.type.quant) {
      return error("hybrid weights '{}' are {} without quantization parameters", w.name,
                   dtype_name(w.type.dtype));
    }
    for (int c : consumers[n.inputs[1]]) {
      if (graph_.type(graph_.nodes[c].inputs[0]).dtype != DType::kFloat32) {
        return error("weights '{}' feed both float and integer ops", w.name);
      }
    }
    const QuantParams q = *w.type.quant;
    // A zero point outside the weights' type would make raw - zero point meaningless (and, near
    // the int64 limits, overflow). The graph verifier checks every tensor's zero points, but it
    // runs on the dequantized graph, where these weights are float.
    const int64_t zp_lo = dtype_min(w.type.dtype), zp_hi = dtype_max(w.type.dtype);
    for (size_t c = 0; c < q.zero_points.size(); ++c) {
      if (q.zero_points[c] < zp_lo || q.zero_points[c] > zp_hi) {
        return error("hybrid weights '{}': zero point {} (channel {}) is outside {}'s [{}, {}]",
                     w.name, q.zero_points[c], c, dtype_name(w.type.dtype), zp_lo, zp_hi);
      }
    }
    const Shape& shape = w.type.shape;
    int64_t inner = 1;
    for (int d = q.axis + 1; d < shape.rank(); ++d) inner *= shape[d];
    const int64_t channels = q.per_axis() ? shape[q.axis] : 1;
    std::vector<float> real(w.type.elements());
    for (int64_t i = 0; i < static_cast<int64_t>(real.size()); ++i) {
      const size_t c = q.per_axis() ? static_cast<size_t>((i / inner) % channels) : 0;
      const int32_t raw = w.type.dtype == DType::kInt8 ? static_cast<int8_t>((*w.data)[i])
                                                       : static_cast<uint8_t>((*w.data)[i]);
      real[i] = q.scale(c) * static_cast<float>(raw - q.zero_point(c));
    }
    w.type.dtype = DType::kFloat32;
    w.type.quant.reset();
    w.data->resize(real.size() * sizeof(float));
    if (!real.empty()) std::memcpy(w.data->data(), real.data(), w.data->size());  // not null
  }
  return Status::Ok();
}

}  // namespace

Result<Graph> read_tflite(std::span<const uint8_t> bytes, const TfliteReadOptions& options) {
  if (bytes.size() < 8) {
    return error("file is {} bytes long, too short to be a TFLite model", bytes.size());
  }
  if (bytes.size() >= (size_t{1} << 31)) {
    return error("file is {} bytes long; models of 2 GiB or more are not supported", bytes.size());
  }
  if (!flatbuffers::BufferHasIdentifier(bytes.data(), tflite::ModelIdentifier())) {
    return error("not a TFLite model: the file identifier at bytes 4..7 is not 'TFL3'");
  }
  // The verifier checks every offset, vector length and nested table against the buffer bounds.
  flatbuffers::Verifier verifier(bytes.data(), bytes.size(), /*max_depth=*/64,
                                 /*max_tables=*/10'000'000);
  if (!tflite::VerifyModelBuffer(verifier)) {
    return error(
        "malformed TFLite model: the flatbuffer failed verification (truncated or "
        "corrupt; {} bytes)",
        bytes.size());
  }
  Reader reader(tflite::GetModel(bytes.data()), options);
  return reader.read();
}

Result<std::vector<uint8_t>> read_file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return error("cannot open '{}': {}", path, std::strerror(errno));
  const std::streamoff size = in.tellg();
  if (size < 0) return error("cannot read '{}': not a regular file", path);
  if (size >= (std::streamoff{1} << 31)) {
    return error("'{}' is {} bytes; files of 2 GiB or more are not supported", path, size);
  }
  std::vector<uint8_t> bytes(static_cast<size_t>(size));
  in.seekg(0);
  if (size > 0 && !in.read(reinterpret_cast<char*>(bytes.data()), size)) {
    return error("cannot read '{}': {}", path, std::strerror(errno));
  }
  return bytes;
}

Result<Graph> read_tflite_file(const std::string& path, const TfliteReadOptions& options) {
  OCTET_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes, read_file_bytes(path));
  auto graph = read_tflite(bytes, options);
  if (!graph.ok()) return graph.status().with_context(path);
  return graph;
}

}  // namespace octet
