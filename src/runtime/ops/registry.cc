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
    &kDataFamily,       &kBatchMatMulFamily, &kRecurrentFamily};

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
    case OpKind::kEqual:
    case OpKind::kNotEqual:
    case OpKind::kLess:
    case OpKind::kLessEqual:
    case OpKind::kGreater:
    case OpKind::kGreaterEqual:
      return checked<prepare_comparison_op>;
    case OpKind::kLogicalAnd:
    case OpKind::kLogicalOr:
    case OpKind::kLogicalNot:
      return checked<prepare_logical_op>;
    case OpKind::kSelectV2:
      return checked<prepare_select_op>;
    case OpKind::kMirrorPad:
      return checked<prepare_mirror_pad_op>;
    case OpKind::kSlice:
      return checked<prepare_slice_op>;
    case OpKind::kReverseV2:
      return checked<prepare_reverse_op>;
    case OpKind::kBroadcastTo:
      return checked<prepare_broadcast_to_op>;
    case OpKind::kSpaceToDepth:
    case OpKind::kDepthToSpace:
      return checked<prepare_space_depth_op>;
    case OpKind::kSpaceToBatchND:
    case OpKind::kBatchToSpaceND:
      return checked<prepare_space_batch_op>;
    case OpKind::kDynamicUpdateSlice:
      return checked<prepare_dynamic_update_slice_op>;
    case OpKind::kGatherND:
      return checked<prepare_gather_nd_op>;
    case OpKind::kEmbeddingLookup:
      return checked<prepare_embedding_lookup_op>;
    case OpKind::kMaximum:
    case OpKind::kMinimum:
      return checked<prepare_max_min_op>;
    case OpKind::kSquaredDifference:
      return checked<prepare_squared_difference_op>;
    case OpKind::kPrelu:
      return checked<prepare_prelu_op>;
    case OpKind::kAbs:
      return checked<prepare_abs_op>;
    case OpKind::kAddN:
      return checked<prepare_add_n_op>;
    case OpKind::kCumsum:
      return checked<prepare_cumsum_op>;
    case OpKind::kCast:
      return checked<prepare_cast_op>;
    case OpKind::kFill:
      return checked<prepare_fill_op>;
    case OpKind::kZerosLike:
      return checked<prepare_zeros_like_op>;
    case OpKind::kShape:
      return checked<prepare_shape_op>;
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
