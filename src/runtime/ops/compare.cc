// compare.cc - EQUAL, NOT_EQUAL, LESS, LESS_EQUAL, GREATER, GREATER_EQUAL (int8, uint8, int16
// rescaled; int32, int64, float32, bool raw), LOGICAL_AND/OR/NOT (bool) and SELECT_V2 (any type,
// by element size).
//
// Implementations: <op>_<type>_reference for everything.
#include <memory>

#include "kernels/prepare/compare.h"
#include "runtime/ops/op_util.h"
#include "runtime/ops/ops.h"

namespace octet {

namespace {

octet_comparison comparison_of(OpKind op) {
  switch (op) {
    case OpKind::kNotEqual:
      return OCTET_NOT_EQUAL;
    case OpKind::kLess:
      return OCTET_LESS;
    case OpKind::kLessEqual:
      return OCTET_LESS_EQUAL;
    case OpKind::kGreater:
      return OCTET_GREATER;
    case OpKind::kGreaterEqual:
      return OCTET_GREATER_EQUAL;
    default:
      return OCTET_EQUAL;
  }
}

template <typename T>
using CompareFn = int (*)(const octet_compare_params*, const octet_shape*, const T*,
                          const octet_shape*, const T*, const octet_shape*, uint8_t*);

template <typename T>
std::unique_ptr<PreparedOp> bind_comparison(const PrepareContext& ctx, octet_compare_params p,
                                            CompareFn<T> fn) {
  const octet_shape s1 = c_shape(ctx.in(0).shape), s2 = c_shape(ctx.in(1).shape),
                    so = c_shape(ctx.out(0).shape);
  const ValueId a = ctx.in_id(0), b = ctx.in_id(1), y = ctx.out_id(0);
  const std::string name = fmt::format("compare_{}_reference", kernel_type_name(ctx.in(0).dtype));
  return make_op(name, [=](const RunContext& c) {
    if (fn(&p, &s1, c.ptr<T>(a), &s2, c.ptr<T>(b), &so, c.ptr<uint8_t>(y)) != 0) {
      return error("input shapes do not broadcast to the output");
    }
    return Status::Ok();
  });
}

}  // namespace

Result<std::unique_ptr<PreparedOp>> prepare_comparison_op(PrepareContext& ctx) {
  const DType t = ctx.in(0).dtype;
  OCTET_ASSIGN_OR_RETURN(
      octet_compare_params p,
      named(ctx, prepare_comparison(comparison_of(ctx.node.op), t, tensor_quant(ctx.in(0)),
                                    tensor_quant(ctx.in(1)))));
  switch (t) {
    case DType::kInt8:
      return bind_comparison<int8_t>(ctx, p, octet_ref_compare_s8);
    case DType::kUInt8:
      return bind_comparison<uint8_t>(ctx, p, octet_ref_compare_u8);
    case DType::kInt16:
      return bind_comparison<int16_t>(ctx, p, octet_ref_compare_s16);
    case DType::kInt32:
      return bind_comparison<int32_t>(ctx, p, octet_ref_compare_s32);
    case DType::kInt64:
      return bind_comparison<int64_t>(ctx, p, octet_ref_compare_s64);
    case DType::kFloat32:
      return bind_comparison<float>(ctx, p, octet_ref_compare_f32);
    case DType::kBool:
      return bind_comparison<uint8_t>(ctx, p, octet_ref_compare_b8);
    default:
      return ctx.fail("no kernel for {} inputs", dtype_name(t));
  }
}

Result<std::unique_ptr<PreparedOp>> prepare_logical_op(PrepareContext& ctx) {
  const ValueId a = ctx.in_id(0), y = ctx.out_id(0);
  if (ctx.node.op == OpKind::kLogicalNot) {
    const int64_t n = ctx.out(0).elements();
    return make_in_place_op("logical_not_b8_reference", 1u, [=](const RunContext& c) {
      octet_ref_logical_not_b8(n, c.ptr<uint8_t>(a), c.ptr<uint8_t>(y));
      return Status::Ok();
    });
  }
  const auto fn =
      ctx.node.op == OpKind::kLogicalAnd ? octet_ref_logical_and_b8 : octet_ref_logical_or_b8;
  const octet_shape s1 = c_shape(ctx.in(0).shape), s2 = c_shape(ctx.in(1).shape),
                    so = c_shape(ctx.out(0).shape);
  const ValueId b = ctx.in_id(1);
  const char* name =
      ctx.node.op == OpKind::kLogicalAnd ? "logical_and_b8_reference" : "logical_or_b8_reference";
  return make_op(name, [=](const RunContext& c) {
    if (fn(&s1, c.ptr<uint8_t>(a), &s2, c.ptr<uint8_t>(b), &so, c.ptr<uint8_t>(y)) != 0) {
      return error("input shapes do not broadcast to the output");
    }
    return Status::Ok();
  });
}

Result<std::unique_ptr<PreparedOp>> prepare_select_op(PrepareContext& ctx) {
  const int32_t size = static_cast<int32_t>(dtype_size(ctx.out(0).dtype));
  const octet_shape sc = c_shape(ctx.in(0).shape), sx = c_shape(ctx.in(1).shape),
                    sy = c_shape(ctx.in(2).shape), so = c_shape(ctx.out(0).shape);
  const ValueId cond = ctx.in_id(0), x = ctx.in_id(1), yv = ctx.in_id(2), out = ctx.out_id(0);
  return make_op(fmt::format("select_v2_x{}_reference", 8 * size), [=](const RunContext& c) {
    if (octet_ref_select_v2(size, &sc, c.ptr<uint8_t>(cond), &sx, c.ptr<void>(x), &sy,
                            c.ptr<void>(yv), &so, c.ptr<void>(out)) != 0) {
      return error("input shapes do not broadcast to the output");
    }
    return Status::Ok();
  });
}

}  // namespace octet
