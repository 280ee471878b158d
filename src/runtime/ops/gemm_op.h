// gemm_op.h - binds a prepared x86::Conv2DGemm (CONV_2D, FULLY_CONNECTED) as a PreparedOp: the
// kernel choice by ISA level, per-task scratch, and the split of one op over the thread pool
// (by output rows when there are enough of them, else by 16-channel blocks).
#pragma once

#include <algorithm>
#include <memory>
#include <string>

#include "kernels/prepare/weighted_sum.h"
#include "kernels/x86/conv2d_gemm.h"
#include "runtime/prepared_op.h"
#include "runtime/thread_pool.h"

namespace octet {

// The GEMM kernel for an ISA level, or nullopt below AVX2 (the reference runs then).
inline std::optional<x86::GemmKernel> gemm_kernel_for(Isa isa) {
  switch (isa) {
    case Isa::kAvx512Vnni:
      return x86::GemmKernel::kAvx512VnniC4;
    case Isa::kAvx2:
      return x86::GemmKernel::kAvx2C2;
    case Isa::kReference:
      break;
  }
  return std::nullopt;
}

// The x86 kernels' view of a conv/depthwise/dense layer's requantization (the pointers refer into
// r, which must outlive the kernel's construction).
inline x86::ConvQuant conv_quant(DType t, const WeightedSumRequant& r) {
  x86::ConvQuant q;
  q.is_unsigned = t == DType::kUInt8;
  q.input_zero_point = -r.input_offset;
  q.weight_zero_point = -r.weights_offset;
  q.multiplier = r.multiplier.data();
  q.shift = r.shift.data();
  q.output_zero_point = r.output_offset;
  q.act_min = r.act.min;
  q.act_max = r.act.max;
  return q;
}

// Constant weights (input 1) and bias (input 2, when present): what the optimized kernels pack at
// prepare.
inline bool constant_weights(const PrepareContext& ctx) {
  return ctx.in_value(1).is_constant() && (!ctx.has_in(2) || ctx.in_value(2).is_constant());
}

inline const int32_t* const_bias(const PrepareContext& ctx) {
  return ctx.has_in(2) ? ctx.in_value(2).as<int32_t>().data() : nullptr;
}

// Binds conv (constructed at prepare) reading input value x and writing output value y.
inline std::unique_ptr<PreparedOp> bind_conv_gemm(PrepareContext& ctx, std::string name,
                                                  std::shared_ptr<const x86::Conv2DGemm> conv,
                                                  ValueId x, ValueId y) {
  const int32_t rows = conv->rows(), blocks = conv->blocks();
  const int threads = std::max(1, ctx.threads);
  // Rows give every task whole tiles and their own A chunk; fall back to channel blocks when the
  // image is small (the 7x7 layers of a MobileNet, a batch-1 dense layer).
  const bool by_rows = rows >= threads * x86::kGemmRowAlign || blocks < 2;
  const int tasks = split_tasks(conv->macs(), threads, by_rows ? rows / x86::kGemmRowAlign : blocks,
                                ctx.min_macs_per_task);
  // Each task's slot: from one chunk of rows up to the chunk that stays in L2, as the arena allows.
  const size_t min_slot = (conv->min_scratch_bytes() + 63) / 64 * 64;
  const size_t preferred_slot = (conv->scratch_bytes() + 63) / 64 * 64;
  ctx.request_scratch(static_cast<int64_t>(min_slot * tasks),
                      static_cast<int64_t>(preferred_slot * tasks));
  const int64_t packed = conv->packed_bytes();
  return make_op(
      std::move(name),
      [=](const RunContext& c) {
        const uint8_t* in = c.ptr<const uint8_t>(x);
        uint8_t* out = c.ptr<uint8_t>(y);
        const size_t slot = static_cast<size_t>(c.scratch_bytes) / tasks / 64 * 64;
        if (tasks == 1) {
          conv->run(in, out, 0, rows, 0, blocks, c.scratch, static_cast<size_t>(c.scratch_bytes));
          return Status::Ok();
        }
        // One pointer captured: std::function keeps it inline, so run() allocates nothing.
        struct Job {
          const x86::Conv2DGemm* conv;
          const uint8_t* in;
          uint8_t* out;
          uint8_t* scratch;
          size_t slot;
          int32_t rows, blocks, tasks;
          bool by_rows;
        } job{conv.get(), in, out, c.scratch, slot, rows, blocks, tasks, by_rows};
        const Job* j = &job;
        run_tasks(c.pool, tasks, [j](int t) {
          uint8_t* scratch = j->scratch + j->slot * static_cast<size_t>(t);
          if (j->by_rows) {
            const int32_t tiles = (j->rows + x86::kGemmRowAlign - 1) / x86::kGemmRowAlign;
            const int32_t m0 = std::min(j->rows, tiles * t / j->tasks * x86::kGemmRowAlign);
            const int32_t m1 = std::min(j->rows, tiles * (t + 1) / j->tasks * x86::kGemmRowAlign);
            j->conv->run(j->in, j->out, m0, m1, 0, j->blocks, scratch, j->slot);
          } else {
            j->conv->run(j->in, j->out, 0, j->rows, j->blocks * t / j->tasks,
                         j->blocks * (t + 1) / j->tasks, scratch, j->slot);
          }
        });
        return Status::Ok();
      },
      packed);
}

}  // namespace octet
