// ops.h - the op table: every op octet knows, in one place, with its attributes, TFLite builtin
// code, arity, shape inference and type/quantization rules (ops.cc). Adding an op means adding one
// row to the table and its two functions.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/dtype.h"
#include "core/fixed_point.h"
#include "core/padding.h"
#include "core/status.h"
#include "core/tensor_type.h"

namespace octet {

class Graph;
struct Node;

enum class OpKind : uint16_t {
  kAdd,
  kSub,
  kMul,
  kAveragePool2D,
  kMaxPool2D,
  kConcatenation,
  kConv2D,
  kDepthwiseConv2D,
  kFullyConnected,
  kQuantize,
  kDequantize,
  kLogistic,
  kTanh,
  kRelu,
  kRelu6,
  kReluN1To1,
  kLeakyRelu,
  kHardSwish,
  kReshape,
  kSqueeze,
  kExpandDims,
  kSoftmax,
  kPad,
  kPadV2,
  kMean,
  kTranspose,
  kStridedSlice,
  kSplit,
  kSplitV,
  kPack,
  kUnpack,
  kGather,
  kArgMax,
  kArgMin,
  kResizeBilinear,
  kResizeNearestNeighbor,
  // Comparisons, logical ops and SELECT_V2 (bool tensors: one byte, 0 or 1).
  kEqual,
  kNotEqual,
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,
  kLogicalAnd,
  kLogicalOr,
  kLogicalNot,
  kSelectV2,
  // Ops with state in variable tensors (ops_recurrent.h).
  kUnidirectionalSequenceLstm,
  kSvdf,
  kSlice,
  kSpaceToBatchND,
  kBatchToSpaceND,
  kSpaceToDepth,
  kDepthToSpace,
  kMirrorPad,
  kReverseV2,
  kBroadcastTo,
  kDynamicUpdateSlice,
  kGatherND,
  kEmbeddingLookup,
  // Elementwise arithmetic with integer forms.
  kMaximum,
  kMinimum,
  kSquaredDifference,
  kPrelu,
  kAbs,
  kElu,
  kLogSoftmax,
  kL2Normalization,
  kAddN,
  kCumsum,
  // Conversions and ops whose output does not depend on input values.
  kCast,
  kFill,
  kZerosLike,
  kShape,
  kSum,
  kReduceMax,
  kReduceMin,
  kBatchMatMul,
  kTransposeConv,
  // Math ops: EXP, LOG, SQRT and FLOOR run in float only; DIV and RSQRT have integer forms too.
  kDiv,
  kExp,
  kLog,
  kSqrt,
  kRsqrt,
  kFloor,
  // An op the file contains that octet cannot run (Node::unsupported_name says which). Readers
  // produce it only when asked to (for `octet inspect`); compiling such a graph is an error.
  kUnsupported,
};

// MIRROR_PAD: REFLECT excludes the edge element from the mirrored copy, SYMMETRIC repeats it.
enum class MirrorPadMode : uint8_t { kReflect, kSymmetric };

// The attributes of all ops, flat: each op reads the fields its table row lists. Defaults are
// TFLite's defaults.
struct Attrs {
  // conv / depthwise / pooling (kExplicit: conv and depthwise only, with explicit_padding)
  Padding padding = Padding::kSame;
  ExplicitPadding explicit_padding;
  int32_t stride_h = 1, stride_w = 1;
  int32_t dilation_h = 1, dilation_w = 1;
  int32_t filter_h = 0, filter_w = 0;  // pooling window
  int32_t depth_multiplier = 1;
  FusedActivation activation = FusedActivation::kNone;
  // fully connected
  bool keep_num_dims = false;
  // concatenation, gather, pack, unpack, split (axis input for SPLIT comes as a tensor), argmax
  int32_t axis = 0;
  int32_t count = 0;       // split num_splits, pack values_count, unpack num
  int32_t batch_dims = 0;  // gather
  // mean
  bool keep_dims = false;
  // softmax, leaky relu
  float beta = 1.0f;
  float alpha = 0.2f;
  // resize
  bool align_corners = false;
  bool half_pixel_centers = false;
  // strided slice
  int32_t begin_mask = 0, end_mask = 0, ellipsis_mask = 0, new_axis_mask = 0, shrink_axis_mask = 0;
  bool offset = false;
  // reshape (from options; the shape input, when present, wins) and squeeze
  std::vector<int32_t> new_shape;
  std::vector<int32_t> squeeze_dims;
  // argmax / argmin output type
  DType output_type = DType::kInt64;
  // add / sub with int16: power-of-two scales
  bool pot_scale_int16 = true;
  // unidirectional sequence LSTM (`activation` is the cell gate's); proj_clip,
  // asymmetric_quantize_inputs and diagonal_recurrent_tensors are kept for the writer
  float cell_clip = 0.0f, proj_clip = 0.0f;
  bool time_major = false;
  bool asymmetric_quantize_inputs = false;
  bool diagonal_recurrent_tensors = false;
  // svdf
  int32_t rank = 0;
  // space to depth, depth to space
  int32_t block_size = 0;
  // mirror pad
  MirrorPadMode mirror_pad_mode = MirrorPadMode::kReflect;
  // cumsum
  bool exclusive = false;
  bool reverse = false;
  // batch matmul: the last two dimensions of the lhs (adj_x) or rhs (adj_y) are read transposed
  bool adj_x = false;
  bool adj_y = false;
};

// Which attribute groups an op uses (for printing and writing).
enum AttrGroup : uint32_t {
  kAttrNone = 0,
  kAttrConv = 1u << 0,        // padding, strides, dilation, activation
  kAttrDepthwise = 1u << 1,   // + depth multiplier
  kAttrPool = 1u << 2,        // padding, strides, filter, activation
  kAttrActivation = 1u << 3,  // fused activation only
  kAttrFullyConnected = 1u << 4,
  kAttrAxis = 1u << 5,
  kAttrCount = 1u << 6,
  kAttrKeepDims = 1u << 7,
  kAttrBeta = 1u << 8,
  kAttrAlpha = 1u << 9,
  kAttrResize = 1u << 10,
  kAttrStridedSlice = 1u << 11,
  kAttrNewShape = 1u << 12,
  kAttrSqueezeDims = 1u << 13,
  kAttrOutputType = 1u << 14,
  kAttrBatchDims = 1u << 15,
  kAttrLstm = 1u << 16,  // cell activation, clips, time_major
  kAttrSvdf = 1u << 17,  // rank, activation
  kAttrBlockSize = 1u << 18,
  kAttrMirrorPad = 1u << 19,
  kAttrCumsum = 1u << 20,
  kAttrAdjoint = 1u << 21,  // batch matmul adj_x, adj_y
};

// Output quantization an integer kernel requires (TFLite's Prepare checks it) for one pair of input
// and output dtypes: LOGISTIC int8 -> int8 is scale 1/256, zero point -128.
struct FixedOutputQuant {
  DType input, output;
  float scale;
  int32_t zero_point;
};

// Constant weights quantized per tensor and symmetric, with the bias on their scale: ops with
// several weight matrices (the LSTM's eight, SVDF's two). The bias (int32; int64 with int16
// activations; zero point 0) has scale bias_scale_input's scale x the weights' scale.
struct PerTensorWeights {
  int8_t weights;
  int8_t bias = -1;
  int8_t bias_scale_input = 0;
  DType dtype = DType::kInt8;  // or int16 (SVDF's time weights: symmetric over +-32767)
};

// How the quantization of a stateful op's variable (state) input is chosen.
enum class StateQuant : uint8_t {
  kOutput,  // it holds copies of output 0 (the LSTM's hidden state): the output's parameters
  kInt16,   // int16, symmetric, from its calibrated range (SVDF's activation state)
  // int16, symmetric, a power-of-two scale from its range over every time step, which calibration
  // observes by replaying the float LSTM one step at a time (the LSTM's cell state)
  kLstmCell,
};

struct StateInput {
  int8_t input;
  StateQuant quant;
};

// How `octet quantize` gives an op its integer form (DESIGN.md rule 2). The quantizer has no op
// switch of its own: everything it knows about an op is here.
struct QuantRule {
  // Activation dtypes with an integer kernel; an op with neither stays float (and
  // `--require-int8` names it, with `no_integer_reason` when set).
  bool int8 = true;
  bool int16 = true;
  std::string_view no_integer_reason;
  // The op moves values without arithmetic (the kernel does not requantize): the output keeps
  // this input's quantization. -1: the output's range is calibrated.
  int8_t output_keeps_input = -1;
  // The kernel does not requantize its inputs: every quantized input takes the output's
  // parameters (an input on others gets a requantizing QUANTIZE before the op).
  bool inputs_take_output_quant = false;
  // The inputs share one quantization, input 0's (ADD_N): the others are requantized to it.
  bool inputs_take_input0_quant = false;
  // Constant weights (int8, symmetric, per channel along `weights_axis`) and their bias (int32,
  // int64 with int16 activations; scale input_scale x weight_scale, zero point 0). -1: none.
  int8_t weights_input = -1;
  int8_t bias_input = -1;
  int8_t weights_axis = 0;
  // The activation input whose scale times the weights' is the bias scale (TRANSPOSE_CONV's
  // follows its output shape input).
  int8_t activation_input = 0;
  // A float constant at this input is quantized per tensor and symmetric (zero point 0) on the
  // activation type, the form the optimized kernels take (BATCH_MATMUL's rhs). -1: none.
  int8_t symmetric_constant = -1;
  // A constant input quantized with input 0's parameters (PADV2's pad value). -1: none.
  int8_t constant_takes_input0_quant = -1;
  // An input that is int8 (asymmetric, per tensor) whatever the activation type: PRELU's alpha,
  // which TFLM requires int8 next to int16 activations. -1: none.
  int8_t int8_input = -1;
  // Whether the integer kernels apply a fused activation (TFLM's CONCATENATION has none).
  bool fused_activation = true;
  // ADD/SUB: with int16 activations the quantizer sets pot_scale_int16 = false, TFLite's general
  // (any scale) 16-bit kernel; the power-of-two one needs scales the calibration does not give.
  bool int16_general_scales = false;
  // Output parameters the integer kernels require, per (input, output) dtype pair.
  std::span<const FixedOutputQuant> fixed_output;
  // Weights quantized per tensor (several per op), and the variable inputs of stateful ops.
  std::span<const PerTensorWeights> per_tensor_weights;
  std::span<const StateInput> states;

  bool has_integer_kernel(DType activations) const {
    return activations == DType::kInt16 ? int16 : int8;
  }
  bool has_integer_form() const { return int8 || int16; }
  // The fixed output parameters for these dtypes, or null.
  const FixedOutputQuant* fixed_output_for(DType input, DType output) const {
    for (const FixedOutputQuant& f : fixed_output) {
      if (f.input == input && f.output == output) return &f;
    }
    return nullptr;
  }
};

struct OpDef {
  OpKind kind;
  std::string_view name;  // TFLite spelling: "CONV_2D"
  int32_t tflite_code;    // tflite::BuiltinOperator value, -1 if none
  int min_inputs, max_inputs;
  int min_outputs, max_outputs;  // max -1: variadic
  uint32_t attr_groups;
  // Output shapes from input shapes and attributes (constant inputs such as a reshape target or
  // paddings are read from the graph).
  Result<std::vector<Shape>> (*infer_shapes)(const Graph&, const Node&);
  // dtype and quantization rules (DESIGN.md rule 1): errors name the op, tensor and numbers.
  Status (*check_types)(const Graph&, const Node&);
  // Multiply-accumulates of one inference (0 for ops without a meaningful count).
  int64_t (*macs)(const Graph&, const Node&);
  // How the quantizer gives the op its integer form (and the fixed output quantization the type
  // rules check).
  QuantRule quant = {};
  // Inputs whose values the op never reads, only their shapes (SHAPE, ZEROS_LIKE), as a bit mask:
  // constant folding treats them as known.
  uint32_t shape_only_inputs = 0;
};

const OpDef& op_def(OpKind kind);
std::string_view op_name(OpKind kind);
std::optional<OpKind> op_from_tflite_code(int32_t code);
std::optional<OpKind> op_from_name(std::string_view name);
// All known ops, in table order.
std::vector<OpKind> all_ops();

// Attributes of a node as "k=v" pairs for printing ("stride=2x2 pad=SAME act=RELU6").
std::string format_attrs(const Node& node);
std::string_view activation_name(FusedActivation act);
std::string_view padding_name(Padding p);

}  // namespace octet
