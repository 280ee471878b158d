// quantize.cc - QUANTIZE (float -> int, and int -> int requantization) and DEQUANTIZE.
#include <memory>

#include "kernels/prepare/quantize.h"
#include "runtime/ops/op_util.h"
#include "runtime/ops/ops.h"

namespace octet {

namespace {

using RequantizeFn = void (*)(const octet_requantize_params*, int64_t, const void*, void*);

template <typename In, typename Out,
          void (*F)(const octet_requantize_params*, int64_t, const In*, Out*)>
void requantize_thunk(const octet_requantize_params* p, int64_t n, const void* in, void* out) {
  F(p, n, static_cast<const In*>(in), static_cast<Out*>(out));
}

// The requantize kernel for an (input, output) dtype pair.
RequantizeFn find_requantize(DType in, DType out) {
#define OCTET_PAIR(ti, ci, ni, to, co, no) \
  if (in == ti && out == to) return requantize_thunk<ci, co, octet_ref_requantize_##ni##_##no>;
#define OCTET_ROW(ti, ci, ni)                         \
  OCTET_PAIR(ti, ci, ni, DType::kInt8, int8_t, s8)    \
  OCTET_PAIR(ti, ci, ni, DType::kUInt8, uint8_t, u8)  \
  OCTET_PAIR(ti, ci, ni, DType::kInt16, int16_t, s16) \
  OCTET_PAIR(ti, ci, ni, DType::kInt32, int32_t, s32)
  OCTET_ROW(DType::kInt8, int8_t, s8)
  OCTET_ROW(DType::kUInt8, uint8_t, u8)
  OCTET_ROW(DType::kInt16, int16_t, s16)
  OCTET_ROW(DType::kInt32, int32_t, s32)
#undef OCTET_ROW
#undef OCTET_PAIR
  return nullptr;
}

}  // namespace

Result<std::unique_ptr<PreparedOp>> prepare_quantize_op(PrepareContext& ctx) {
  const DType ti = ctx.in(0).dtype, to = ctx.out(0).dtype;
  const int64_t n = ctx.in(0).elements();
  const ValueId x = ctx.in_id(0), y = ctx.out_id(0);
  const std::string name =
      fmt::format("quantize_{}_{}_reference", kernel_type_name(ti), kernel_type_name(to));
  if (ti == DType::kFloat32) {
    OCTET_ASSIGN_OR_RETURN(octet_quantize_params p,
                           named(ctx, prepare_quantize(to, tensor_quant(ctx.out(0)))));
    switch (to) {
      case DType::kInt8:
        return make_op(name, [=](const RunContext& c) {
          octet_ref_quantize_f32_s8(&p, n, c.ptr<float>(x), c.ptr<int8_t>(y));
          return Status::Ok();
        });
      case DType::kUInt8:
        return make_op(name, [=](const RunContext& c) {
          octet_ref_quantize_f32_u8(&p, n, c.ptr<float>(x), c.ptr<uint8_t>(y));
          return Status::Ok();
        });
      case DType::kInt16:
        return make_op(name, [=](const RunContext& c) {
          octet_ref_quantize_f32_s16(&p, n, c.ptr<float>(x), c.ptr<int16_t>(y));
          return Status::Ok();
        });
      default:
        return ctx.fail("cannot quantize to {}", dtype_name(to));
    }
  }
  OCTET_ASSIGN_OR_RETURN(
      octet_requantize_params p,
      named(ctx, prepare_requantize(ti, tensor_quant(ctx.in(0)), to, tensor_quant(ctx.out(0)))));
  const RequantizeFn fn = find_requantize(ti, to);
  if (!fn) return ctx.fail("no requantize kernel for {} -> {}", dtype_name(ti), dtype_name(to));
  // The requantize kernels map element i to element i (read before written): with equal element
  // sizes the output may overwrite the input.
  const uint32_t in_place = dtype_size(ti) == dtype_size(to) ? 1u : 0u;
  return make_in_place_op(name, in_place, [=](const RunContext& c) {
    fn(&p, n, c.ptr<void>(x), c.ptr<void>(y));
    return Status::Ok();
  });
}

Result<std::unique_ptr<PreparedOp>> prepare_dequantize_op(PrepareContext& ctx) {
  const DType ti = ctx.in(0).dtype;
  const int64_t n = ctx.in(0).elements();
  const ValueId x = ctx.in_id(0), y = ctx.out_id(0);
  const std::string name = kernel_label("dequantize", ti);
  if (ti == DType::kFloat16) {
    return make_op("dequantize_f16_reference", [=](const RunContext& c) {
      octet_ref_dequantize_f16(n, c.ptr<uint16_t>(x), c.ptr<float>(y));
      return Status::Ok();
    });
  }
  OCTET_ASSIGN_OR_RETURN(octet_dequantize_params p,
                         named(ctx, prepare_dequantize(ti, tensor_quant(ctx.in(0)))));
  switch (ti) {
    case DType::kInt8:
      return make_op(name, [=](const RunContext& c) {
        octet_ref_dequantize_s8(&p, n, c.ptr<int8_t>(x), c.ptr<float>(y));
        return Status::Ok();
      });
    case DType::kUInt8:
      return make_op(name, [=](const RunContext& c) {
        octet_ref_dequantize_u8(&p, n, c.ptr<uint8_t>(x), c.ptr<float>(y));
        return Status::Ok();
      });
    case DType::kInt16:
      return make_op(name, [=](const RunContext& c) {
        octet_ref_dequantize_s16(&p, n, c.ptr<int16_t>(x), c.ptr<float>(y));
        return Status::Ok();
      });
    default:
      return ctx.fail("cannot dequantize {}", dtype_name(ti));
  }
}

}  // namespace octet
