// prepared_op.h - the prepare half of the runtime's kernel contract (TFLM's Init/Prepare/Eval,
// split in two): a prepare function per op checks types and computes everything input-independent
// (multipliers, padding, C shapes, scratch size) into its plan step (plan.h); the kernel table
// (kernel_table.h) chooses the kernel, whose run touches only the arena, constants and the step.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "core/status.h"
#include "ir/graph.h"
#include "kernels/x86/cpu_features.h"
#include "runtime/plan.h"

namespace octet {

struct PrepareContext {
  const Graph& graph;
  const Node& node;
  size_t index;         // position in execution order
  Isa isa;              // the x86 level (target.isa)
  KernelTarget target;  // the kernel levels this plan may use
  int threads;
  int64_t min_macs_per_task;
  int64_t scratch_bytes = 0;            // the least scratch run() works with
  int64_t scratch_preferred_bytes = 0;  // what it runs fastest with (>= scratch_bytes)

  const TensorType& in(size_t i) const { return graph.input_type(node, i); }
  const TensorType& out(size_t i) const { return graph.output_type(node, i); }
  const Value& in_value(size_t i) const { return graph.value(node.inputs[i]); }
  bool has_in(size_t i) const { return graph.has_input(node, i); }
  ValueId in_id(size_t i) const { return node.input(i); }
  ValueId out_id(size_t i) const { return node.outputs[i]; }
  std::string label() const { return graph.node_label(index); }
  void request_scratch(int64_t bytes) { request_scratch(bytes, bytes); }
  // Scratch that the kernel can use at any size in [min_bytes, preferred_bytes] (StepIo says what
  // it got): the planner gives it what fits in the arena's free space at this op, so a kernel's
  // working buffers never make the arena larger than its minimum does.
  void request_scratch(int64_t min_bytes, int64_t preferred_bytes) {
    scratch_bytes = std::max(scratch_bytes, min_bytes);
    scratch_preferred_bytes = std::max({scratch_preferred_bytes, preferred_bytes, scratch_bytes});
  }

  // An error naming this op: "#5 CONV_2D ('name'): <message>".
  template <typename... Args>
  Status fail(fmt::format_string<Args...> format, Args&&... args) const {
    return Status::Error(
        fmt::format("{}: {}", label(), fmt::format(format, std::forward<Args>(args)...)));
  }
};

// An op's prepare: computes what TFLite's Prepare computes into the step (params, C shapes,
// tensors, in-place inputs, scratch); the kernel table then chooses the kernel.
using StepPrepareFn = Status (*)(PrepareContext&, Step&);

// The prepare of op's family (runtime/ops/registry.cc); null when the runtime has no kernel for it.
StepPrepareFn find_prepare(OpKind op);

}  // namespace octet
