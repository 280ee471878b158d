// ops.h - the prepare function of every op the runtime can run (one file per op family in this
// folder), and the registry that maps OpKind to them.
#pragma once

#include <span>
#include <vector>

#include "runtime/prepared_op.h"

namespace octet {

struct KernelRow;

// An op family in plan form (one file of this folder): its ops' prepare functions and its kernel
// rows (kernel_table.h), fastest first.
struct OpPrepareRow {
  OpKind op;
  StepPrepareFn prepare;
};
struct OpFamily {
  std::span<const KernelRow> rows;
  std::span<const OpPrepareRow> prepares;
};

extern const OpFamily kActivationFamily;
extern const OpFamily kConvFamily;
extern const OpFamily kFullyConnectedFamily;
extern const OpFamily kPoolFamily;
extern const OpFamily kQuantizeFamily;
extern const OpFamily kReshapeFamily;
extern const OpFamily kDataFamily;
extern const OpFamily kElementwiseFamily;
extern const OpFamily kFloatMathFamily;
extern const OpFamily kBatchMatMulFamily;
extern const OpFamily kRecurrentFamily;
extern const OpFamily kCompareFamily;
extern const OpFamily kGenerateFamily;
extern const OpFamily kArithmeticFamily;

// Every family's kernel rows (kernel_table.h gathers them by op).
std::vector<std::span<const KernelRow>> all_kernel_rows();

using PreparedOpResult = Result<std::unique_ptr<PreparedOp>>;

PreparedOpResult prepare_mirror_pad_op(PrepareContext& ctx);
PreparedOpResult prepare_slice_op(PrepareContext& ctx);
PreparedOpResult prepare_reverse_op(PrepareContext& ctx);
PreparedOpResult prepare_broadcast_to_op(PrepareContext& ctx);
PreparedOpResult prepare_space_depth_op(PrepareContext& ctx);
PreparedOpResult prepare_space_batch_op(PrepareContext& ctx);
PreparedOpResult prepare_dynamic_update_slice_op(PrepareContext& ctx);
PreparedOpResult prepare_gather_nd_op(PrepareContext& ctx);
PreparedOpResult prepare_embedding_lookup_op(PrepareContext& ctx);

}  // namespace octet
