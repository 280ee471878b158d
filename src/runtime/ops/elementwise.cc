// elementwise.cc - ADD, SUB, MUL with broadcasting (int8, uint8, int16 quantized; int32; float).
//
// Implementations, first match wins:
//   ADD/SUB  {add,sub}_{s8,u8}_avx2   avx2 and up; int8/uint8; one input of the output's shape, the
//                                     other of it too, or one value, or the output's innermost
//                                     dimensions (a row repeated)
//   MUL      mul_{s8,u8}_avx2         avx2 and up; int8/uint8; the inputs as for ADD; output shift
//                                     in [-31, 30]
//   all      <op>_<type>_reference    everything (broadcasting included)
#include <memory>
#include <optional>
#include <utility>

#include "kernels/prepare/add.h"
#include "kernels/prepare/mul.h"
#include "kernels/x86/elementwise.h"
#include "kernels/x86/mul.h"
#include "runtime/ops/op_util.h"
#include "runtime/ops/ops.h"

namespace octet {

namespace {

template <typename T, typename P>
using BinaryFn = int (*)(const P*, const octet_shape*, const T*, const octet_shape*, const T*,
                         const octet_shape*, T*);

// The inputs the output may overwrite: those with the output's shape and dtype. Every kernel
// here reads element i of such an input (its offset equals the output's, broadcast or not)
// before writing output element i, and the AVX2 add loads each 16-element block of both inputs
// before storing that block.
uint32_t in_place_inputs(const PrepareContext& ctx) {
  uint32_t mask = 0;
  for (size_t j = 0; j < 2; ++j) {
    if (ctx.in(j).shape == ctx.out(0).shape && ctx.in(j).dtype == ctx.out(0).dtype) {
      mask |= 1u << j;
    }
  }
  return mask;
}

template <typename T, typename P>
std::unique_ptr<PreparedOp> bind_binary(const PrepareContext& ctx, std::string name, P params,
                                        BinaryFn<T, P> fn) {
  const octet_shape s1 = c_shape(ctx.in(0).shape), s2 = c_shape(ctx.in(1).shape),
                    so = c_shape(ctx.out(0).shape);
  const ValueId a = ctx.in_id(0), b = ctx.in_id(1), y = ctx.out_id(0);
  return make_in_place_op(std::move(name), in_place_inputs(ctx), [=](const RunContext& c) {
    if (fn(&params, &s1, c.ptr<T>(a), &s2, c.ptr<T>(b), &so, c.ptr<T>(y)) != 0) {
      return error("input shapes do not broadcast to the output");
    }
    return Status::Ok();
  });
}

// How the vector ADD/SUB/MUL read their inputs: `full` has the output's shape; the other input
// has it too (row == elements), or is one value (row == 1), or is a row of `row` values that the
// output's innermost dimensions repeat. nullopt: another broadcast (the reference serves it).
struct VectorLayout {
  int full;
  int64_t row;
};

std::optional<VectorLayout> vector_layout(const PrepareContext& ctx) {
  const Shape& out = ctx.out(0).shape;
  const int full = ctx.in(0).shape == out ? 0 : ctx.in(1).shape == out ? 1 : -1;
  if (full < 0) return std::nullopt;
  const Shape& other = ctx.in(1 - full).shape;
  const int64_t n = other.elements();
  if (other == out || n == 1) return VectorLayout{full, n};
  // Leading 1s aside, `other` must be the output's last dimensions.
  int lead = 0;
  while (lead < other.rank() && other[lead] == 1) ++lead;
  const int k = other.rank() - lead;
  if (k > out.rank()) return std::nullopt;
  for (int i = 0; i < k; ++i) {
    if (other[lead + i] != out[out.rank() - k + i]) return std::nullopt;
  }
  return VectorLayout{full, n};
}

}  // namespace

Result<std::unique_ptr<PreparedOp>> prepare_binary_op(PrepareContext& ctx) {
  const OpKind op = ctx.node.op;
  const DType t = ctx.in(0).dtype;
  const FusedActivation act = ctx.node.attrs.activation;
  const char* base = op == OpKind::kAdd ? "add" : op == OpKind::kSub ? "sub" : "mul";
  const std::string name = kernel_label(base, t);
  if (t == DType::kFloat32) {
    OCTET_ASSIGN_OR_RETURN(octet_float_activation p, named(ctx, prepare_float_activation(act)));
    auto fn = op == OpKind::kAdd   ? octet_ref_add_f32
              : op == OpKind::kSub ? octet_ref_sub_f32
                                   : octet_ref_mul_f32;
    return bind_binary<float, octet_float_activation>(ctx, name, p, fn);
  }
  if (t == DType::kInt32) {
    OCTET_ASSIGN_OR_RETURN(octet_int_activation p, named(ctx, prepare_int32_activation(act)));
    auto fn = op == OpKind::kAdd   ? octet_ref_add_s32
              : op == OpKind::kSub ? octet_ref_sub_s32
                                   : octet_ref_mul_s32;
    return bind_binary<int32_t, octet_int_activation>(ctx, name, p, fn);
  }
  const TensorQuant q1 = tensor_quant(ctx.in(0)), q2 = tensor_quant(ctx.in(1)),
                    qo = tensor_quant(ctx.out(0));
  if (op == OpKind::kMul) {
    OCTET_ASSIGN_OR_RETURN(octet_mul_params p, named(ctx, prepare_mul(t, q1, q2, qo, act)));
    const std::optional<VectorLayout> layout = vector_layout(ctx);
    if (ctx.isa >= Isa::kAvx2 && (t == DType::kInt8 || t == DType::kUInt8) && layout &&
        x86::mul_q8_avx2_supports(&p)) {
      const bool is_unsigned = t == DType::kUInt8;
      // The kernel broadcasts its second input; (x + o1) * (y + o2) is symmetric, so a full
      // second input becomes the first with the offsets swapped.
      octet_mul_params q = p;
      if (layout->full == 1) std::swap(q.input1_offset, q.input2_offset);
      const ValueId a = ctx.in_id(layout->full), b = ctx.in_id(1 - layout->full), y = ctx.out_id(0);
      const int64_t n = ctx.out(0).shape.elements(), row = layout->row;
      return make_in_place_op(
          kernel_label(base, t, "avx2"), in_place_inputs(ctx), [=](const RunContext& c) {
            const uint8_t* pa = c.ptr<const uint8_t>(a);
            const uint8_t* pb = c.ptr<const uint8_t>(b);
            uint8_t* py = c.ptr<uint8_t>(y);
            if (row == 1 || row == n) {
              x86::mul_q8_avx2(&q, is_unsigned, pa, pb, row == 1 ? 0 : 1, py, n);
            } else {
              for (int64_t i = 0; i < n; i += row) {
                x86::mul_q8_avx2(&q, is_unsigned, pa + i, pb, 1, py + i, row);
              }
            }
            return Status::Ok();
          });
    }
    switch (t) {
      case DType::kInt8:
        return bind_binary<int8_t, octet_mul_params>(ctx, name, p, octet_ref_mul_s8);
      case DType::kUInt8:
        return bind_binary<uint8_t, octet_mul_params>(ctx, name, p, octet_ref_mul_u8);
      case DType::kInt16:
        return bind_binary<int16_t, octet_mul_params>(ctx, name, p, octet_ref_mul_s16);
      default:
        return ctx.fail("no kernel for {} inputs", dtype_name(t));
    }
  }
  // int16 with pot_scale_int16 = true: TFLite runs a power-of-two-scale kernel there, but TFLite
  // Micro ignores the flag and runs its general kernel, which octet follows.
  OCTET_ASSIGN_OR_RETURN(octet_add_params p,
                         named(ctx, op == OpKind::kAdd ? prepare_add(t, q1, q2, qo, act)
                                                       : prepare_sub(t, q1, q2, qo, act)));
  const bool add = op == OpKind::kAdd;
  const std::optional<VectorLayout> layout = vector_layout(ctx);
  if (ctx.isa >= Isa::kAvx2 && layout && (t == DType::kInt8 || t == DType::kUInt8)) {
    const bool is_unsigned = t == DType::kUInt8;
    const x86::AddOp add_op = add ? x86::AddOp::kAdd : x86::AddOp::kSub;
    const int64_t n = ctx.out(0).shape.elements(), row = layout->row;
    const int full = layout->full;
    const ValueId a = ctx.in_id(0), b = ctx.in_id(1), y = ctx.out_id(0);
    return make_in_place_op(
        kernel_label(base, t, "avx2"), in_place_inputs(ctx), [=](const RunContext& c) {
          const uint8_t* pa = c.ptr<const uint8_t>(a);
          const uint8_t* pb = c.ptr<const uint8_t>(b);
          uint8_t* py = c.ptr<uint8_t>(y);
          if (row == 1 || row == n) {  // the other input: one value, or the output's shape
            const int64_t other = row == 1 ? 0 : 1;
            x86::add_q8_avx2(&p, is_unsigned, add_op, pa, full == 0 ? 1 : other, pb,
                             full == 1 ? 1 : other, py, n);
          } else {  // a row repeated: the full input and the output row by row
            for (int64_t i = 0; i < n; i += row) {
              x86::add_q8_avx2(&p, is_unsigned, add_op, full == 0 ? pa + i : pa, 1,
                               full == 1 ? pb + i : pb, 1, py + i, row);
            }
          }
          return Status::Ok();
        });
  }
  switch (t) {
    case DType::kInt8:
      return bind_binary<int8_t, octet_add_params>(ctx, name, p,
                                                   add ? octet_ref_add_s8 : octet_ref_sub_s8);
    case DType::kUInt8:
      return bind_binary<uint8_t, octet_add_params>(ctx, name, p,
                                                    add ? octet_ref_add_u8 : octet_ref_sub_u8);
    case DType::kInt16:
      return bind_binary<int16_t, octet_add_params>(ctx, name, p,
                                                    add ? octet_ref_add_s16 : octet_ref_sub_s16);
    default:
      return ctx.fail("no kernel for {} inputs", dtype_name(t));
  }
}

}  // namespace octet
