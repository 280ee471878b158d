// gemm_op.cc - see gemm_op.h.
#include "runtime/ops/gemm_op.h"

namespace octet {

void bind_gemm_step(PrepareContext& ctx, Step& step, std::string name,
                    std::shared_ptr<const x86::Conv2DGemm> conv) {
  auto g = std::make_shared<GemmStep>();
  g->rows = conv->rows();
  g->blocks = conv->blocks();
  const int threads = std::max(1, ctx.threads);
  // Rows give every task whole tiles and their own A chunk; fall back to channel blocks when the
  // image is small (the 7x7 layers of a MobileNet, a batch-1 dense layer).
  g->by_rows = g->rows >= threads * x86::kGemmRowAlign || g->blocks < 2;
  g->tasks =
      split_tasks(conv->macs(), threads, g->by_rows ? g->rows / x86::kGemmRowAlign : g->blocks,
                  ctx.min_macs_per_task);
  // Each task's slot: from one chunk of rows up to the chunk that stays in L2, as the arena allows.
  const size_t min_slot = (conv->min_scratch_bytes() + 63) / 64 * 64;
  const size_t preferred_slot = (conv->scratch_bytes() + 63) / 64 * 64;
  ctx.request_scratch(static_cast<int64_t>(min_slot * g->tasks),
                      static_cast<int64_t>(preferred_slot * g->tasks));
  step.packed_bytes = conv->packed_bytes();
  step.name = std::move(name);
  g->conv = std::move(conv);
  step.params.adopt(std::move(g));
}

Status run_gemm_step(const Step& step, const StepIo& io) {
  const GemmStep& g = step.params.get<GemmStep>();
  const uint8_t* in = io.ptr<const uint8_t>(step.tensors.front());
  uint8_t* out = io.ptr<uint8_t>(step.tensors.back());
  if (g.tasks == 1) {
    g.conv->run(in, out, 0, g.rows, 0, g.blocks, io.scratch, static_cast<size_t>(io.scratch_bytes));
    return Status::Ok();
  }
  const size_t slot = static_cast<size_t>(io.scratch_bytes) / g.tasks / 64 * 64;
  const GemmStep* j = &g;
  run_tasks(io.pool, g.tasks, [j, in, out, slot, scratch = io.scratch](int t) {
    uint8_t* mine = scratch + slot * static_cast<size_t>(t);
    if (j->by_rows) {
      const int32_t tiles = (j->rows + x86::kGemmRowAlign - 1) / x86::kGemmRowAlign;
      const int32_t m0 = std::min(j->rows, tiles * t / j->tasks * x86::kGemmRowAlign);
      const int32_t m1 = std::min(j->rows, tiles * (t + 1) / j->tasks * x86::kGemmRowAlign);
      j->conv->run(in, out, m0, m1, 0, j->blocks, mine, slot);
    } else {
      j->conv->run(in, out, 0, j->rows, j->blocks * t / j->tasks, j->blocks * (t + 1) / j->tasks,
                   mine, slot);
    }
  });
  return Status::Ok();
}

}  // namespace octet
