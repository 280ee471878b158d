// registry.cc - OpKind -> prepare function.
#include "runtime/ops/ops.h"

namespace octet {

PrepareFn find_prepare(OpKind op) {
  switch (op) {
    case OpKind::kReshape:
    case OpKind::kSqueeze:
    case OpKind::kExpandDims:
      return prepare_reshape;
    default:
      return nullptr;
  }
}

}  // namespace octet
