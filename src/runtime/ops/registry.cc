// registry.cc - OpKind -> prepare function. Every op of the op table that has kernels is here.
#include "runtime/kernel_table.h"
#include "runtime/ops/op_util.h"
#include "runtime/ops/ops.h"

namespace octet {

namespace {

// Every prepare first checks the rank limit of the C kernels.
template <PreparedOpResult (*F)(PrepareContext&)>
PreparedOpResult checked(PrepareContext& ctx) {
  OCTET_RETURN_IF_ERROR(check_ranks(ctx));
  return F(ctx);
}

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

namespace {

// Ops not yet in plan form.
PrepareFn find_legacy_prepare(OpKind op) {
  switch (op) {
    case OpKind::kUnsupported:
      return nullptr;
    default:
      break;
  }
  return nullptr;
}

}  // namespace

OpPrepare find_prepare(OpKind op) {
  for (const OpFamily* f : kFamilies) {
    for (const OpPrepareRow& r : f->prepares) {
      if (r.op == op) return OpPrepare{nullptr, r.prepare};
    }
  }
  return OpPrepare{find_legacy_prepare(op), nullptr};
}

}  // namespace octet
