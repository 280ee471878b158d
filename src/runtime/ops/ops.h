// ops.h - the prepare function of every op the runtime can run (one file per op family in this
// folder), and the registry that maps OpKind to them.
#pragma once

#include "runtime/prepared_op.h"

namespace octet {

using PreparedOpResult = Result<std::unique_ptr<PreparedOp>>;

PreparedOpResult prepare_reshape(PrepareContext& ctx);
PreparedOpResult prepare_conv2d_op(PrepareContext& ctx);
PreparedOpResult prepare_depthwise_conv2d_op(PrepareContext& ctx);
PreparedOpResult prepare_fully_connected_op(PrepareContext& ctx);
PreparedOpResult prepare_pool2d_op(PrepareContext& ctx);
PreparedOpResult prepare_mean_op(PrepareContext& ctx);
PreparedOpResult prepare_softmax_op(PrepareContext& ctx);
PreparedOpResult prepare_sigmoid_like_op(PrepareContext& ctx);
PreparedOpResult prepare_hard_swish_op(PrepareContext& ctx);
PreparedOpResult prepare_relu_op(PrepareContext& ctx);
PreparedOpResult prepare_leaky_relu_op(PrepareContext& ctx);
PreparedOpResult prepare_binary_op(PrepareContext& ctx);
PreparedOpResult prepare_quantize_op(PrepareContext& ctx);
PreparedOpResult prepare_dequantize_op(PrepareContext& ctx);
PreparedOpResult prepare_pad_op(PrepareContext& ctx);
PreparedOpResult prepare_concatenation_op(PrepareContext& ctx);
PreparedOpResult prepare_transpose_op(PrepareContext& ctx);
PreparedOpResult prepare_strided_slice_op(PrepareContext& ctx);
PreparedOpResult prepare_split_op(PrepareContext& ctx);
PreparedOpResult prepare_pack_op(PrepareContext& ctx);
PreparedOpResult prepare_unpack_op(PrepareContext& ctx);
PreparedOpResult prepare_gather_op(PrepareContext& ctx);
PreparedOpResult prepare_arg_op(PrepareContext& ctx);
PreparedOpResult prepare_resize_op(PrepareContext& ctx);
PreparedOpResult prepare_float_math_op(PrepareContext& ctx);
PreparedOpResult prepare_comparison_op(PrepareContext& ctx);
PreparedOpResult prepare_logical_op(PrepareContext& ctx);
PreparedOpResult prepare_select_op(PrepareContext& ctx);

}  // namespace octet
