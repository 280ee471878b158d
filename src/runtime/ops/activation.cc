// activation.cc - SOFTMAX, LOGISTIC, TANH, HARD_SWISH, RELU, RELU6, RELU_N1_TO_1, LEAKY_RELU.
//
// Implementations, first match wins:
//   SOFTMAX  softmax_{s8,u8}_avx2     avx2 and up; int8 -> int8, int8 -> int16, uint8 -> uint8
//            softmax_<type>_reference everything
//   others   <op>_<type>_reference    everything
#include <memory>

#include "kernels/prepare/activation.h"
#include "kernels/prepare/relu.h"
#include "kernels/prepare/softmax.h"
#include "kernels/x86/softmax.h"
#include "runtime/ops/op_util.h"
#include "runtime/ops/ops.h"

namespace octet {

namespace {

// LOGISTIC, TANH, HARD_SWISH, the RELUs and LEAKY_RELU map element i of the input to element i of
// an output of the same shape and element size, reading it before writing it (reference loops;
// no vectorized kernel with look-ahead): they may run in place over input 0.
constexpr uint32_t kInPlace = 1u;

}  // namespace

Result<std::unique_ptr<PreparedOp>> prepare_softmax_op(PrepareContext& ctx) {
  const DType ti = ctx.in(0).dtype, to = ctx.out(0).dtype;
  OCTET_ASSIGN_OR_RETURN(
      SoftmaxPlan plan_value,
      named(ctx, prepare_softmax(ti, to, ctx.node.attrs.beta, tensor_quant(ctx.in(0)),
                                 tensor_quant(ctx.out(0)))));
  auto plan = std::make_shared<SoftmaxPlan>(std::move(plan_value));
  const octet_shape s = c_shape(ctx.in(0).shape);
  const ValueId x = ctx.in_id(0), y = ctx.out_id(0);
  const std::string name = kernel_label("softmax", ti);
  if (ti == DType::kFloat32) {
    return make_op(name, [=](const RunContext& c) {
      const octet_softmax_params p = plan->params();
      octet_ref_softmax_f32(&p, &s, c.ptr<float>(x), c.ptr<float>(y));
      return Status::Ok();
    });
  }
  if (ctx.isa >= Isa::kAvx2 && (ti == DType::kInt8 || ti == DType::kUInt8)) {
    // The 8-bit paths need no table of the plan: the scalars are copied.
    const octet_softmax_params p = plan->params();
    auto table = std::make_shared<const x86::SoftmaxExpTable>(x86::softmax_exp_table(&p));
    const std::string avx2 = kernel_label("softmax", ti, "avx2");
    if (ti == DType::kInt8 && to == DType::kInt8) {
      return make_op(avx2, [=](const RunContext& c) {
        x86::softmax_s8_avx2(table.get(), &p, &s, c.ptr<int8_t>(x), c.ptr<int8_t>(y));
        return Status::Ok();
      });
    }
    if (ti == DType::kInt8 && to == DType::kInt16) {
      return make_op(avx2, [=](const RunContext& c) {
        x86::softmax_s8_s16_avx2(table.get(), &p, &s, c.ptr<int8_t>(x), c.ptr<int16_t>(y));
        return Status::Ok();
      });
    }
    return make_op(avx2, [=](const RunContext& c) {
      x86::softmax_u8_avx2(table.get(), &p, &s, c.ptr<uint8_t>(x), c.ptr<uint8_t>(y));
      return Status::Ok();
    });
  }
  if (ti == DType::kInt8 && to == DType::kInt8) {
    return make_op(name, [=](const RunContext& c) {
      const octet_softmax_params p = plan->params();
      octet_ref_softmax_s8(&p, &s, c.ptr<int8_t>(x), c.ptr<int8_t>(y));
      return Status::Ok();
    });
  }
  if (ti == DType::kInt8 && to == DType::kInt16) {
    return make_op(name, [=](const RunContext& c) {
      const octet_softmax_params p = plan->params();
      octet_ref_softmax_s8_s16(&p, &s, c.ptr<int8_t>(x), c.ptr<int16_t>(y));
      return Status::Ok();
    });
  }
  if (ti == DType::kUInt8) {
    return make_op(name, [=](const RunContext& c) {
      const octet_softmax_params p = plan->params();
      octet_ref_softmax_u8(&p, &s, c.ptr<uint8_t>(x), c.ptr<uint8_t>(y));
      return Status::Ok();
    });
  }
  if (ti == DType::kInt16) {
    return make_op(name, [=](const RunContext& c) {
      const octet_softmax_params p = plan->params();
      octet_ref_softmax_s16(&p, &s, c.ptr<int16_t>(x), c.ptr<int16_t>(y));
      return Status::Ok();
    });
  }
  return ctx.fail("no kernel for {} -> {}", dtype_name(ti), dtype_name(to));
}

Result<std::unique_ptr<PreparedOp>> prepare_sigmoid_like_op(PrepareContext& ctx) {
  const DType t = ctx.in(0).dtype;
  const bool logistic = ctx.node.op == OpKind::kLogistic;
  const octet_shape s = c_shape(ctx.in(0).shape);
  const ValueId x = ctx.in_id(0), y = ctx.out_id(0);
  const std::string name = kernel_label(logistic ? "logistic" : "tanh", t);
  if (t == DType::kFloat32) {
    return make_in_place_op(name, kInPlace, [=](const RunContext& c) {
      (logistic ? octet_ref_logistic_f32 : octet_ref_tanh_f32)(&s, c.ptr<float>(x),
                                                               c.ptr<float>(y));
      return Status::Ok();
    });
  }
  const TensorQuant qi = tensor_quant(ctx.in(0)), qo = tensor_quant(ctx.out(0));
  OCTET_ASSIGN_OR_RETURN(octet_sigmoid_params p, named(ctx, logistic ? prepare_logistic(t, qi, qo)
                                                                     : prepare_tanh(t, qi, qo)));
  if (t == DType::kInt8) {
    return make_in_place_op(name, kInPlace, [=](const RunContext& c) {
      (logistic ? octet_ref_logistic_s8 : octet_ref_tanh_s8)(&p, &s, c.ptr<int8_t>(x),
                                                             c.ptr<int8_t>(y));
      return Status::Ok();
    });
  }
  if (t == DType::kUInt8) {
    return make_in_place_op(name, kInPlace, [=](const RunContext& c) {
      (logistic ? octet_ref_logistic_u8 : octet_ref_tanh_u8)(&p, &s, c.ptr<uint8_t>(x),
                                                             c.ptr<uint8_t>(y));
      return Status::Ok();
    });
  }
  return ctx.fail("no kernel for {} inputs", dtype_name(t));
}

Result<std::unique_ptr<PreparedOp>> prepare_hard_swish_op(PrepareContext& ctx) {
  const DType t = ctx.in(0).dtype;
  const octet_shape s = c_shape(ctx.in(0).shape);
  const ValueId x = ctx.in_id(0), y = ctx.out_id(0);
  if (t == DType::kFloat32) {
    return make_in_place_op(kernel_label("hard_swish", t), kInPlace, [=](const RunContext& c) {
      octet_ref_hard_swish_f32(&s, c.ptr<float>(x), c.ptr<float>(y));
      return Status::Ok();
    });
  }
  OCTET_ASSIGN_OR_RETURN(
      octet_hard_swish_params p,
      named(ctx, prepare_hard_swish(t, tensor_quant(ctx.in(0)), tensor_quant(ctx.out(0)))));
  if (t == DType::kInt8) {
    return make_in_place_op(kernel_label("hard_swish", t), kInPlace, [=](const RunContext& c) {
      octet_ref_hard_swish_s8(&p, &s, c.ptr<int8_t>(x), c.ptr<int8_t>(y));
      return Status::Ok();
    });
  }
  if (t == DType::kUInt8) {
    return make_in_place_op(kernel_label("hard_swish", t), kInPlace, [=](const RunContext& c) {
      octet_ref_hard_swish_u8(&p, &s, c.ptr<uint8_t>(x), c.ptr<uint8_t>(y));
      return Status::Ok();
    });
  }
  return ctx.fail("no kernel for {} inputs", dtype_name(t));
}

Result<std::unique_ptr<PreparedOp>> prepare_relu_op(PrepareContext& ctx) {
  const DType t = ctx.in(0).dtype;
  const ReluKind kind = ctx.node.op == OpKind::kRelu    ? ReluKind::kRelu
                        : ctx.node.op == OpKind::kRelu6 ? ReluKind::kRelu6
                                                        : ReluKind::kReluN1To1;
  const int64_t n = ctx.in(0).elements();
  const ValueId x = ctx.in_id(0), y = ctx.out_id(0);
  const std::string name = kernel_label(op_name(ctx.node.op) == "RELU" ? "relu" : "relux", t);
  if (t == DType::kFloat32) {
    const octet_float_activation p = prepare_relu_f32(kind);
    return make_in_place_op(name, kInPlace, [=](const RunContext& c) {
      octet_ref_relu_f32(&p, n, c.ptr<float>(x), c.ptr<float>(y));
      return Status::Ok();
    });
  }
  OCTET_ASSIGN_OR_RETURN(
      octet_relu_params p,
      named(ctx, prepare_relu(kind, t, tensor_quant(ctx.in(0)), tensor_quant(ctx.out(0)))));
  switch (t) {
    case DType::kInt8:
      return make_in_place_op(name, kInPlace, [=](const RunContext& c) {
        octet_ref_relu_s8(&p, n, c.ptr<int8_t>(x), c.ptr<int8_t>(y));
        return Status::Ok();
      });
    case DType::kUInt8:
      return make_in_place_op(name, kInPlace, [=](const RunContext& c) {
        octet_ref_relu_u8(&p, n, c.ptr<uint8_t>(x), c.ptr<uint8_t>(y));
        return Status::Ok();
      });
    case DType::kInt16:
      return make_in_place_op(name, kInPlace, [=](const RunContext& c) {
        octet_ref_relu_s16(&p, n, c.ptr<int16_t>(x), c.ptr<int16_t>(y));
        return Status::Ok();
      });
    default:
      return ctx.fail("no kernel for {} inputs", dtype_name(t));
  }
}

Result<std::unique_ptr<PreparedOp>> prepare_leaky_relu_op(PrepareContext& ctx) {
  const DType t = ctx.in(0).dtype;
  const int64_t n = ctx.in(0).elements();
  const ValueId x = ctx.in_id(0), y = ctx.out_id(0);
  const float alpha = ctx.node.attrs.alpha;
  if (t == DType::kFloat32) {
    return make_in_place_op(kernel_label("leaky_relu", t), kInPlace, [=](const RunContext& c) {
      octet_ref_leaky_relu_f32(alpha, n, c.ptr<float>(x), c.ptr<float>(y));
      return Status::Ok();
    });
  }
  OCTET_ASSIGN_OR_RETURN(
      octet_leaky_relu_params p,
      named(ctx, prepare_leaky_relu(t, tensor_quant(ctx.in(0)), tensor_quant(ctx.out(0)), alpha)));
  switch (t) {
    case DType::kInt8:
      return make_in_place_op(kernel_label("leaky_relu", t), kInPlace, [=](const RunContext& c) {
        octet_ref_leaky_relu_s8(&p, n, c.ptr<int8_t>(x), c.ptr<int8_t>(y));
        return Status::Ok();
      });
    case DType::kUInt8:
      return make_in_place_op(kernel_label("leaky_relu", t), kInPlace, [=](const RunContext& c) {
        octet_ref_leaky_relu_u8(&p, n, c.ptr<uint8_t>(x), c.ptr<uint8_t>(y));
        return Status::Ok();
      });
    case DType::kInt16:
      return make_in_place_op(kernel_label("leaky_relu", t), kInPlace, [=](const RunContext& c) {
        octet_ref_leaky_relu_s16(&p, n, c.ptr<int16_t>(x), c.ptr<int16_t>(y));
        return Status::Ok();
      });
    default:
      return ctx.fail("no kernel for {} inputs", dtype_name(t));
  }
}

}  // namespace octet
