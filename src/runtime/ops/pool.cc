// pool.cc - AVERAGE_POOL_2D, MAX_POOL_2D and MEAN.
//
// Implementations, first match wins:
//   AVERAGE_POOL_2D  avg_pool2d_{s8,u8}_avx2     avx2 and up; int8/uint8; windows of at most
//                                                x86::kAvgPoolMaxWindow taps
//                    avg_pool2d_<type>_reference everything
//   MAX_POOL_2D      max_pool2d_{s8,u8}_avx2     avx2 and up; int8/uint8
//                    max_pool2d_<type>_reference everything
//   MEAN             mean_{s8,u8}_rows           avx2 and up; int8/uint8; the reduced axes
//   contiguous
//                    mean_<type>_reference       everything
#include <memory>

#include "kernels/prepare/mean.h"
#include "kernels/prepare/pool.h"
#include "kernels/x86/mean.h"
#include "kernels/x86/pool.h"
#include "runtime/ops/op_util.h"
#include "runtime/ops/ops.h"

namespace octet {

Result<std::unique_ptr<PreparedOp>> prepare_pool2d_op(PrepareContext& ctx) {
  const Attrs& a = ctx.node.attrs;
  const DType t = ctx.in(0).dtype;
  const bool average = ctx.node.op == OpKind::kAveragePool2D;
  Pool2DOptions options;
  options.padding = a.padding;
  options.stride_height = a.stride_h;
  options.stride_width = a.stride_w;
  options.filter_height = a.filter_h;
  options.filter_width = a.filter_w;
  options.activation = a.activation;
  const Shape& in = ctx.in(0).shape;
  OCTET_ASSIGN_OR_RETURN(
      Pool2DPlan plan, named(ctx, prepare_pool2d(t, options, in[1], in[2], tensor_quant(ctx.in(0)),
                                                 tensor_quant(ctx.out(0)))));
  const octet_pool_params p = plan.params;
  const octet_shape is = c_shape(in), os = c_shape(ctx.out(0).shape);
  const ValueId x = ctx.in_id(0), y = ctx.out_id(0);
  const std::string name = kernel_label(average ? "avg_pool2d" : "max_pool2d", t);
  auto empty_window = [] {
    return error("a pooling window has no input element (TFLite fails too)");
  };
  if (ctx.isa >= Isa::kAvx2 && (t == DType::kInt8 || t == DType::kUInt8) &&
      (!average || x86::avg_pool2d_q8_avx2_supports(&p))) {
    const bool is_unsigned = t == DType::kUInt8;
    const std::string avx2 = kernel_label(average ? "avg_pool2d" : "max_pool2d", t, "avx2");
    if (average) {
      return make_op(avx2, [=](const RunContext& c) {
        return x86::avg_pool2d_q8_avx2(&p, is_unsigned, &is, c.ptr<const uint8_t>(x), &os,
                                       c.ptr<uint8_t>(y))
                   ? Status::Ok()
                   : empty_window();
      });
    }
    return make_op(avx2, [=](const RunContext& c) {
      x86::max_pool2d_q8_avx2(&p, is_unsigned, &is, c.ptr<const uint8_t>(x), &os,
                              c.ptr<uint8_t>(y));
      return Status::Ok();
    });
  }
  switch (t) {
    case DType::kFloat32:
      if (average) {
        return make_op(name, [=](const RunContext& c) {
          return octet_ref_avg_pool2d_f32(&p, &is, c.ptr<float>(x), &os, c.ptr<float>(y))
                     ? Status::Ok()
                     : empty_window();
        });
      }
      return make_op(name, [=](const RunContext& c) {
        octet_ref_max_pool2d_f32(&p, &is, c.ptr<float>(x), &os, c.ptr<float>(y));
        return Status::Ok();
      });
    case DType::kInt8:
      if (average) {
        return make_op(name, [=](const RunContext& c) {
          return octet_ref_avg_pool2d_s8(&p, &is, c.ptr<int8_t>(x), &os, c.ptr<int8_t>(y))
                     ? Status::Ok()
                     : empty_window();
        });
      }
      return make_op(name, [=](const RunContext& c) {
        octet_ref_max_pool2d_s8(&p, &is, c.ptr<int8_t>(x), &os, c.ptr<int8_t>(y));
        return Status::Ok();
      });
    case DType::kUInt8:
      if (average) {
        return make_op(name, [=](const RunContext& c) {
          return octet_ref_avg_pool2d_u8(&p, &is, c.ptr<uint8_t>(x), &os, c.ptr<uint8_t>(y))
                     ? Status::Ok()
                     : empty_window();
        });
      }
      return make_op(name, [=](const RunContext& c) {
        octet_ref_max_pool2d_u8(&p, &is, c.ptr<uint8_t>(x), &os, c.ptr<uint8_t>(y));
        return Status::Ok();
      });
    case DType::kInt16:
      if (average) {
        return make_op(name, [=](const RunContext& c) {
          return octet_ref_avg_pool2d_s16(&p, &is, c.ptr<int16_t>(x), &os, c.ptr<int16_t>(y))
                     ? Status::Ok()
                     : empty_window();
        });
      }
      return make_op(name, [=](const RunContext& c) {
        octet_ref_max_pool2d_s16(&p, &is, c.ptr<int16_t>(x), &os, c.ptr<int16_t>(y));
        return Status::Ok();
      });
    default:
      return ctx.fail("no kernel for {} inputs", dtype_name(t));
  }
}

Result<std::unique_ptr<PreparedOp>> prepare_mean_op(PrepareContext& ctx) {
  const DType t = ctx.in(0).dtype;
  OCTET_ASSIGN_OR_RETURN(std::vector<int32_t> axes, const_int_input(ctx, 1, "axis"));
  const octet_shape is = c_shape(ctx.in(0).shape);
  OCTET_ASSIGN_OR_RETURN(
      MeanPlan plan, named(ctx, prepare_mean(t, is, axes, ctx.node.attrs.keep_dims,
                                             tensor_quant(ctx.in(0)), tensor_quant(ctx.out(0)))));
  ctx.request_scratch(static_cast<int64_t>(plan.scratch_bytes));
  const octet_mean_params p = plan.params;
  const octet_shape os = plan.output_shape;
  const ValueId x = ctx.in_id(0), y = ctx.out_id(0);
  if (ctx.isa >= Isa::kAvx2 && (t == DType::kInt8 || t == DType::kUInt8) &&
      x86::mean_axes_contiguous(&p)) {
    const bool is_unsigned = t == DType::kUInt8;
    return make_op(kernel_label("mean", t, "rows"), [=](const RunContext& c) {
      x86::mean_q8_rows(&p, &is, c.ptr<const uint8_t>(x), is_unsigned, &os, c.ptr<uint8_t>(y),
                        reinterpret_cast<int32_t*>(c.scratch));
      return Status::Ok();
    });
  }
  switch (t) {
    case DType::kFloat32:
      return make_op(kernel_label("mean", t), [=](const RunContext& c) {
        octet_ref_mean_f32(&p, &is, c.ptr<float>(x), &os, c.ptr<float>(y));
        return Status::Ok();
      });
    case DType::kInt8:
      return make_op(kernel_label("mean", t), [=](const RunContext& c) {
        octet_ref_mean_s8(&p, &is, c.ptr<int8_t>(x), &os, c.ptr<int8_t>(y),
                          reinterpret_cast<int32_t*>(c.scratch));
        return Status::Ok();
      });
    case DType::kUInt8:
      return make_op(kernel_label("mean", t), [=](const RunContext& c) {
        octet_ref_mean_u8(&p, &is, c.ptr<uint8_t>(x), &os, c.ptr<uint8_t>(y),
                          reinterpret_cast<int32_t*>(c.scratch));
        return Status::Ok();
      });
    case DType::kInt16:
      return make_op(kernel_label("mean", t), [=](const RunContext& c) {
        octet_ref_mean_s16(&p, &is, c.ptr<int16_t>(x), &os, c.ptr<int16_t>(y),
                           reinterpret_cast<int32_t*>(c.scratch));
        return Status::Ok();
      });
    default:
      return ctx.fail("no kernel for {} inputs", dtype_name(t));
  }
}

}  // namespace octet
