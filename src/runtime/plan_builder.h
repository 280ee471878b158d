// plan_builder.h - Graph -> Plan: prepares every op (what TFLite computes in Prepare), chooses
// each op's kernel from the kernel table for a target, and plans the arena (tensor lifetimes,
// reshape aliases, in-place elementwise ops, op scratch). The runtime (compiled_model.h) and the
// C code generator both start here, so they run the same steps with the same parameters.
#pragma once

#include <cstdint>

#include "core/status.h"
#include "ir/graph.h"
#include "runtime/plan.h"
#include "runtime/thread_pool.h"

namespace octet {

struct PlanOptions {
  KernelTarget target;
  int threads = 1;
  int64_t min_macs_per_task = kMinMacsPerTask;
  // Every tensor keeps its own memory to the end (intermediates readable after invoke).
  bool preserve_intermediates = false;
  // Elementwise ops may write their output over an input nothing reads later, and window kernels
  // that write their output in order (KernelDef::pixel_group) may overlap it with their input.
  bool allow_in_place = true;
  // The graph's inputs may be overwritten once read (generated C code says so; the runtime keeps
  // them).
  bool inputs_consumed = false;
  int64_t arena_alignment = 64;
};

// The graph rewrites the runtime runs before planning (verification, PAD folded into the
// convolution it feeds); the C generator runs the same.
Status apply_runtime_passes(Graph& g);

// Builds the plan of g, whose graph passes the runtime needs (PAD folding) have already run.
Result<Plan> build_plan(const Graph& g, const PlanOptions& options);

// How many bytes below input 0 (NHWC `in`) the output (NHWC `out`) of a window kernel that
// writes `pixel_group` output pixels at a time in order (KernelDef::pixel_group) must start, so
// that no write reaches input bytes a later output pixel still reads. 0: in place.
int64_t window_overlap_lead(const WindowGeometry& w, const Shape& in, int64_t in_element_bytes,
                            const Shape& out, int64_t out_element_bytes, int32_t pixel_group);

}  // namespace octet
