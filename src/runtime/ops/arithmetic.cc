// arithmetic.cc - MAXIMUM, MINIMUM (int8, uint8, int16, int32, int64, float32), SQUARED_DIFFERENCE
// (int8, int16 rescaled; int32, float32), PRELU (int8, int16 with int8 alpha, float32) and ABS
// (int8, int16, float32). (DIV is in elementwise.cc, RSQRT in math.cc.)
// ADD_N (int8, int32, float32) and CUMSUM (int8, float32).
//
// Implementations: <op>_<type>_reference for everything.
#include <memory>

#include "kernels/prepare/arithmetic.h"
#include "runtime/ops/op_util.h"
#include "runtime/ops/ops.h"

namespace octet {

namespace {

// Binds a broadcasting kernel `int fn(params?, s1, a, s2, b, so, out)`; `call` adapts the
// kernel's signature. A nonzero return other than -1 is the kernel's documented data error.
template <typename A, typename B, typename O, typename Call>
std::unique_ptr<PreparedOp> bind_broadcast(const PrepareContext& ctx, std::string name,
                                           const char* data_error, Call call) {
  const octet_shape s1 = c_shape(ctx.in(0).shape), s2 = c_shape(ctx.in(1).shape),
                    so = c_shape(ctx.out(0).shape);
  const ValueId a = ctx.in_id(0), b = ctx.in_id(1), y = ctx.out_id(0);
  return make_op(std::move(name), [=](const RunContext& c) {
    const int r = call(&s1, c.ptr<const A>(a), &s2, c.ptr<const B>(b), &so, c.ptr<O>(y));
    if (r == -1) return error("input shapes do not broadcast to the output");
    if (r != 0) return error("{}", data_error);
    return Status::Ok();
  });
}

template <typename T>
using RawBinaryFn = int (*)(const octet_shape*, const T*, const octet_shape*, const T*,
                            const octet_shape*, T*);

template <typename T>
std::unique_ptr<PreparedOp> bind_raw(const PrepareContext& ctx, const char* op, RawBinaryFn<T> fn) {
  return bind_broadcast<T, T, T>(ctx, kernel_label(op, ctx.in(0).dtype), "", fn);
}

template <typename T, typename P>
std::unique_ptr<PreparedOp> bind_params(const PrepareContext& ctx, const char* op, P p,
                                        int (*fn)(const P*, const octet_shape*, const T*,
                                                  const octet_shape*, const T*, const octet_shape*,
                                                  T*),
                                        const char* data_error = "") {
  return bind_broadcast<T, T, T>(
      ctx, kernel_label(op, ctx.in(0).dtype), data_error,
      [p, fn](const octet_shape* s1, const T* a, const octet_shape* s2, const T* b,
              const octet_shape* so, T* y) { return fn(&p, s1, a, s2, b, so, y); });
}

}  // namespace

Result<std::unique_ptr<PreparedOp>> prepare_max_min_op(PrepareContext& ctx) {
  const bool max = ctx.node.op == OpKind::kMaximum;
  const char* op = max ? "maximum" : "minimum";
  switch (ctx.in(0).dtype) {
    case DType::kInt8:
      return bind_raw<int8_t>(ctx, op, max ? octet_ref_maximum_s8 : octet_ref_minimum_s8);
    case DType::kUInt8:
      return bind_raw<uint8_t>(ctx, op, max ? octet_ref_maximum_u8 : octet_ref_minimum_u8);
    case DType::kInt16:
      return bind_raw<int16_t>(ctx, op, max ? octet_ref_maximum_s16 : octet_ref_minimum_s16);
    case DType::kInt32:
      return bind_raw<int32_t>(ctx, op, max ? octet_ref_maximum_s32 : octet_ref_minimum_s32);
    case DType::kInt64:
      return bind_raw<int64_t>(ctx, op, max ? octet_ref_maximum_s64 : octet_ref_minimum_s64);
    case DType::kFloat32:
      return bind_raw<float>(ctx, op, max ? octet_ref_maximum_f32 : octet_ref_minimum_f32);
    default:
      return ctx.fail("no kernel for {} inputs", dtype_name(ctx.in(0).dtype));
  }
}

Result<std::unique_ptr<PreparedOp>> prepare_squared_difference_op(PrepareContext& ctx) {
  const DType t = ctx.in(0).dtype;
  const char* op = "squared_difference";
  if (t == DType::kInt32) return bind_raw<int32_t>(ctx, op, octet_ref_squared_difference_s32);
  if (t == DType::kFloat32) return bind_raw<float>(ctx, op, octet_ref_squared_difference_f32);
  OCTET_ASSIGN_OR_RETURN(
      octet_squared_difference_params p,
      named(ctx, prepare_squared_difference(t, tensor_quant(ctx.in(0)), tensor_quant(ctx.in(1)),
                                            tensor_quant(ctx.out(0)))));
  if (t == DType::kInt8) return bind_params<int8_t>(ctx, op, p, octet_ref_squared_difference_s8);
  return bind_params<int16_t>(ctx, op, p, octet_ref_squared_difference_s16);
}

Result<std::unique_ptr<PreparedOp>> prepare_prelu_op(PrepareContext& ctx) {
  const DType t = ctx.in(0).dtype;
  if (t == DType::kFloat32) return bind_raw<float>(ctx, "prelu", octet_ref_prelu_f32);
  OCTET_ASSIGN_OR_RETURN(
      octet_prelu_params p,
      named(ctx, prepare_prelu(t, ctx.in(1).dtype, tensor_quant(ctx.in(0)), tensor_quant(ctx.in(1)),
                               tensor_quant(ctx.out(0)))));
  const std::string name = kernel_label("prelu", t);
  if (t == DType::kInt8) return bind_params<int8_t>(ctx, "prelu", p, octet_ref_prelu_s8);
  return bind_broadcast<int16_t, int8_t, int16_t>(
      ctx, name, "",
      [p](const octet_shape* s1, const int16_t* a, const octet_shape* s2, const int8_t* b,
          const octet_shape* so,
          int16_t* y) { return octet_ref_prelu_s16(&p, s1, a, s2, b, so, y); });
}

Result<std::unique_ptr<PreparedOp>> prepare_abs_op(PrepareContext& ctx) {
  const DType t = ctx.in(0).dtype;
  const int64_t n = ctx.in(0).elements();
  const ValueId x = ctx.in_id(0), y = ctx.out_id(0);
  const std::string name = kernel_label("abs", t);
  if (t == DType::kFloat32) {
    return make_in_place_op(name, 1u, [=](const RunContext& c) {
      octet_ref_abs_f32(n, c.ptr<float>(x), c.ptr<float>(y));
      return Status::Ok();
    });
  }
  OCTET_ASSIGN_OR_RETURN(octet_abs_params p, named(ctx, prepare_abs(t, tensor_quant(ctx.in(0)),
                                                                    tensor_quant(ctx.out(0)))));
  if (t == DType::kInt8) {
    return make_in_place_op(name, 1u, [=](const RunContext& c) {
      octet_ref_abs_s8(&p, n, c.ptr<int8_t>(x), c.ptr<int8_t>(y));
      return Status::Ok();
    });
  }
  return make_in_place_op(name, 1u, [=](const RunContext& c) {
    octet_ref_abs_s16(&p, n, c.ptr<int16_t>(x), c.ptr<int16_t>(y));
    return Status::Ok();
  });
}

Result<std::unique_ptr<PreparedOp>> prepare_add_n_op(PrepareContext& ctx) {
  const DType t = ctx.out(0).dtype;
  const int64_t n = ctx.out(0).elements();
  std::vector<ValueId> ids;
  for (size_t i = 0; i < ctx.node.inputs.size(); ++i) ids.push_back(ctx.in_id(i));
  const int32_t count = static_cast<int32_t>(ids.size());
  const ValueId y = ctx.out_id(0);
  // The input pointers change with the arena only: gathered on every run into a list sized here.
  auto bind = [&]<typename T>(T, auto call) {
    return make_op(
        kernel_label("add_n", t),
        [ids, y, call, ptrs = std::vector<const T*>(ids.size())](const RunContext& c) mutable {
          for (size_t i = 0; i < ids.size(); ++i) ptrs[i] = c.ptr<const T>(ids[i]);
          call(ptrs.data(), c.ptr<T>(y));
          return Status::Ok();
        });
  };
  if (t == DType::kFloat32) {
    return bind(float{}, [=](const float* const* in, float* out) {
      octet_ref_add_n_f32(count, in, n, out);
    });
  }
  if (t == DType::kInt32) {
    return bind(int32_t{}, [=](const int32_t* const* in, int32_t* out) {
      octet_ref_add_n_s32(count, in, n, out);
    });
  }
  OCTET_ASSIGN_OR_RETURN(
      octet_sum_params p,
      named(ctx, prepare_sum("ADD_N", t, tensor_quant(ctx.in(0)), tensor_quant(ctx.out(0)))));
  return bind(int8_t{}, [=](const int8_t* const* in, int8_t* out) {
    octet_ref_add_n_s8(&p, count, in, n, out);
  });
}

Result<std::unique_ptr<PreparedOp>> prepare_cumsum_op(PrepareContext& ctx) {
  const DType t = ctx.in(0).dtype;
  OCTET_ASSIGN_OR_RETURN(std::vector<int32_t> axis_v, const_int_input(ctx, 1, "axis"));
  if (axis_v.size() != 1) return ctx.fail("axis must hold one value, holds {}", axis_v.size());
  OCTET_ASSIGN_OR_RETURN(int32_t axis,
                         named(ctx, normalize_axis(axis_v[0], ctx.in(0).shape.rank(), "CUMSUM")));
  const octet_shape s = c_shape(ctx.in(0).shape);
  const int32_t exclusive = ctx.node.attrs.exclusive, reverse = ctx.node.attrs.reverse;
  const ValueId x = ctx.in_id(0), y = ctx.out_id(0);
  // Each element is read before it is written and never after: the output may overwrite the input.
  if (t == DType::kFloat32) {
    return make_in_place_op(kernel_label("cumsum", t), 1u, [=](const RunContext& c) {
      octet_ref_cumsum_f32(&s, axis, exclusive, reverse, c.ptr<float>(x), c.ptr<float>(y));
      return Status::Ok();
    });
  }
  OCTET_ASSIGN_OR_RETURN(
      octet_sum_params p,
      named(ctx, prepare_sum("CUMSUM", t, tensor_quant(ctx.in(0)), tensor_quant(ctx.out(0)))));
  return make_in_place_op(kernel_label("cumsum", t), 1u, [=](const RunContext& c) {
    octet_ref_cumsum_s8(&p, &s, axis, exclusive, reverse, c.ptr<int8_t>(x), c.ptr<int8_t>(y));
    return Status::Ok();
  });
}

}  // namespace octet
