// ops.h - the prepare function of every op the runtime can run (one file per op family in this
// folder), and the registry that maps OpKind to them.
#pragma once

#include "runtime/prepared_op.h"

namespace octet {

Result<std::unique_ptr<PreparedOp>> prepare_reshape(PrepareContext& ctx);

}  // namespace octet
