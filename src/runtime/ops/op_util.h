// op_util.h - small translations shared by the runtime's op files: IR tensor types to the plain
// values the prepare functions take (per-tensor scale and zero point, weight scales, C shapes),
// kernel-name suffixes, and turning a prepare error into one that names the op.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "kernels/prepare/operand.h"
#include "kernels/prepare/types.h"
#include "runtime/plan.h"
#include "runtime/prepared_op.h"

namespace octet {

// Per-tensor scale and zero point of a quantized type ({1, 0} for an unquantized one).
inline TensorQuant tensor_quant(const TensorType& t) {
  if (!t.quant) return TensorQuant{};
  return TensorQuant{t.quant->scale(), static_cast<int32_t>(t.quant->zero_point())};
}

// The C kernels' shape of a tensor type (rank <= 6 was checked at import by the op table).
inline octet_shape c_shape(const Shape& s) {
  octet_shape c{};
  c.rank = s.rank();
  for (int i = 0; i < s.rank() && i < OCTET_MAX_RANK; ++i) c.dims[i] = s[i];
  return c;
}

// Checks that every tensor an op touches fits the C kernels' rank limit.
inline Status check_ranks(const PrepareContext& ctx) {
  auto check = [&](ValueId v) -> Status {
    if (v != kNoValue && ctx.graph.type(v).shape.rank() > OCTET_MAX_RANK) {
      return ctx.fail("tensor '{}' has rank {}; kernels support up to {}", ctx.graph.value(v).name,
                      ctx.graph.type(v).shape.rank(), OCTET_MAX_RANK);
    }
    return Status::Ok();
  };
  for (ValueId v : ctx.node.inputs) OCTET_RETURN_IF_ERROR(check(v));
  for (ValueId v : ctx.node.outputs) OCTET_RETURN_IF_ERROR(check(v));
  return Status::Ok();
}

// The usual call layout of a step: shapes and tensors are the op's inputs, then its outputs
// (kernel argument S(k)/T(k) is input k, or output k - inputs). Absent optional inputs are
// kNoValue with an empty shape.
void default_io(const PrepareContext& ctx, Step& step);

// The runtime's message for a broadcasting C kernel's -1 (with_c_error in kernel_table.h).
std::string no_broadcast(const Step& step, int code);

// Attaches the op's label to a prepare-function result.
template <typename T>
Result<T> named(const PrepareContext& ctx, Result<T> r) {
  if (!r.ok()) return r.status().with_context(ctx.label());
  return r;
}

// "conv2d_s8_reference"
inline std::string kernel_label(std::string_view op, DType t,
                                std::string_view variant = "reference") {
  return fmt::format("{}_{}_{}", op, kernel_type_name(t), variant);
}

// A string literal as a template argument: name_by_type<"pad", "blocks">.
template <size_t N>
struct Literal {
  char text[N];
  constexpr Literal(const char (&s)[N]) { std::copy_n(s, N, text); }
  constexpr std::string_view view() const { return {text, N - 1}; }
};

// A kernel row's bind for a kernel that moves elements of any type (elem_size bytes): names the
// step "<op>_<type>_<variant>" by the output's type, as bench --profile has always shown it.
template <Literal Op, Literal Variant = "reference">
Status name_by_type(PrepareContext& ctx, Step& step) {
  step.name = kernel_label(Op.view(), ctx.out(0).dtype, Variant.view());
  return Status::Ok();
}

// Reads a constant integer input as int32 values (int32 or int64 tensors).
Result<std::vector<int32_t>> const_int_input(const PrepareContext& ctx, size_t input,
                                             std::string_view what);

}  // namespace octet
