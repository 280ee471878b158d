// registry.cc - OpKind -> prepare function. Every op of the op table that has kernels is here.
#include "runtime/kernel_table.h"
#include "runtime/ops/op_util.h"
#include "runtime/ops/ops.h"

namespace octet {

namespace {

constexpr const OpFamily* kFamilies[] = {
    &kActivationFamily, &kConvFamily,        &kFullyConnectedFamily, &kElementwiseFamily,
    &kFloatMathFamily,  &kQuantizeFamily,    &kPoolFamily,           &kReshapeFamily,
    &kDataFamily,       &kBatchMatMulFamily, &kRecurrentFamily,      &kCompareFamily,
    &kGenerateFamily,   &kArithmeticFamily};

}  // namespace

std::vector<std::span<const KernelRow>> all_kernel_rows() {
  std::vector<std::span<const KernelRow>> rows;
  for (const OpFamily* f : kFamilies) rows.push_back(f->rows);
  return rows;
}

StepPrepareFn find_prepare(OpKind op) {
  for (const OpFamily* f : kFamilies) {
    for (const OpPrepareRow& r : f->prepares) {
      if (r.op == op) return r.prepare;
    }
  }
  return nullptr;
}

}  // namespace octet
