// prepared_op.h - the kernel contract of the runtime (TFLM's Init/Prepare/Eval, split in two):
// a prepare function per op checks types, computes everything input-independent (multipliers,
// padding, packed weights, scratch size) and returns a PreparedOp whose run() touches only the
// arena, constants and its own prepared data.
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

class ThreadPool;

struct RunContext {
  uint8_t* const* tensors = nullptr;  // data pointer of every value, indexed by ValueId
  uint8_t* scratch = nullptr;         // this op's scratch buffer (if it requested one)
  int64_t scratch_bytes = 0;          // its size: at least the minimum the op requested
  ThreadPool* pool = nullptr;         // null: run on the calling thread

  template <typename T>
  T* ptr(ValueId v) const {
    return reinterpret_cast<T*>(tensors[v]);
  }
};

class PreparedOp {
 public:
  virtual ~PreparedOp() = default;
  virtual Status run(const RunContext& ctx) = 0;
  // What runs: "conv2d_s8_reference", "conv2d_s8_avx2_gemm" ...
  virtual std::string_view kernel_name() const = 0;
  // Bytes of weights repacked for this kernel (beyond the graph's constants).
  virtual int64_t packed_bytes() const { return 0; }
  // Bit j set: the (single) output may share input j's memory when nothing reads that memory
  // later. Only for kernels that read element i of input j before writing element i of the
  // output and never read input j beyond what they have written (elementwise ops whose input j
  // has the output's shape and element size). The planner tries the inputs in order.
  virtual uint32_t in_place_inputs() const { return 0; }
};

// A PreparedOp from a callable `Status(const RunContext&)`; most ops need nothing more.
template <typename F>
class FnOp final : public PreparedOp {
 public:
  FnOp(std::string name, F fn, int64_t packed = 0, uint32_t in_place = 0)
      : name_(std::move(name)), fn_(std::move(fn)), packed_(packed), in_place_(in_place) {}
  Status run(const RunContext& ctx) override { return fn_(ctx); }
  std::string_view kernel_name() const override { return name_; }
  int64_t packed_bytes() const override { return packed_; }
  uint32_t in_place_inputs() const override { return in_place_; }

 private:
  std::string name_;
  F fn_;
  int64_t packed_;
  uint32_t in_place_;
};

template <typename F>
std::unique_ptr<PreparedOp> make_op(std::string name, F fn, int64_t packed_bytes = 0) {
  return std::make_unique<FnOp<F>>(std::move(name), std::move(fn), packed_bytes);
}

// make_op for a kernel that may run in place over the inputs in `in_place_inputs` (a bit mask,
// see PreparedOp::in_place_inputs).
template <typename F>
std::unique_ptr<PreparedOp> make_in_place_op(std::string name, uint32_t in_place_inputs, F fn) {
  return std::make_unique<FnOp<F>>(std::move(name), std::move(fn), 0, in_place_inputs);
}

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
  // Scratch that run() can use at any size in [min_bytes, preferred_bytes] (RunContext says what
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

using PrepareFn = Result<std::unique_ptr<PreparedOp>> (*)(PrepareContext&);
// An op's prepare in plan form: computes what TFLite's Prepare computes into the step (params,
// C shapes, tensors, in-place inputs, scratch); the kernel table then chooses the kernel.
using StepPrepareFn = Status (*)(PrepareContext&, Step&);

// How the runtime prepares an op: one of the two (legacy: a PreparedOp with its own closure;
// plan form: a Step). Both null when the runtime has no kernel for it.
struct OpPrepare {
  PrepareFn legacy = nullptr;
  StepPrepareFn step = nullptr;
};
OpPrepare find_prepare(OpKind op);

}  // namespace octet
