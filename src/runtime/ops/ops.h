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

}  // namespace octet
