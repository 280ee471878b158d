// prepared_op.h - the kernel contract of the runtime (TFLM's Init/Prepare/Eval, split in two):
// a prepare function per op checks types, computes everything input-independent (multipliers,
// padding, packed weights, scratch size) and returns a PreparedOp whose run() touches only the
// arena, constants and its own prepared data.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "core/status.h"
#include "ir/graph.h"
#include "kernels/x86/cpu_features.h"

namespace octet {

class ThreadPool;

struct RunContext {
  uint8_t* const* tensors = nullptr;  // data pointer of every value, indexed by ValueId
  uint8_t* scratch = nullptr;         // this op's scratch buffer (if it requested one)
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
  // Output i may share the memory of input j (elementwise ops that are safe to run in place).
  virtual int in_place_input() const { return -1; }
};

// A PreparedOp from a callable `Status(const RunContext&)`; most ops need nothing more.
template <typename F>
class FnOp final : public PreparedOp {
 public:
  FnOp(std::string name, F fn, int64_t packed = 0)
      : name_(std::move(name)), fn_(std::move(fn)), packed_(packed) {}
  Status run(const RunContext& ctx) override { return fn_(ctx); }
  std::string_view kernel_name() const override { return name_; }
  int64_t packed_bytes() const override { return packed_; }

 private:
  std::string name_;
  F fn_;
  int64_t packed_;
};

template <typename F>
std::unique_ptr<PreparedOp> make_op(std::string name, F fn, int64_t packed_bytes = 0) {
  return std::make_unique<FnOp<F>>(std::move(name), std::move(fn), packed_bytes);
}

struct PrepareContext {
  const Graph& graph;
  const Node& node;
  size_t index;  // position in execution order
  Isa isa;
  int threads;
  int64_t scratch_bytes = 0;

  const TensorType& in(size_t i) const { return graph.input_type(node, i); }
  const TensorType& out(size_t i) const { return graph.output_type(node, i); }
  const Value& in_value(size_t i) const { return graph.value(node.inputs[i]); }
  bool has_in(size_t i) const { return graph.has_input(node, i); }
  ValueId in_id(size_t i) const { return node.input(i); }
  ValueId out_id(size_t i) const { return node.outputs[i]; }
  std::string label() const { return graph.node_label(index); }
  void request_scratch(int64_t bytes) { scratch_bytes = std::max(scratch_bytes, bytes); }

  // An error naming this op: "#5 CONV_2D ('name'): <message>".
  template <typename... Args>
  Status fail(fmt::format_string<Args...> format, Args&&... args) const {
    return Status::Error(
        fmt::format("{}: {}", label(), fmt::format(format, std::forward<Args>(args)...)));
  }
};

using PrepareFn = Result<std::unique_ptr<PreparedOp>> (*)(PrepareContext&);

// The prepare function of an op, or null when the runtime has no kernel for it.
PrepareFn find_prepare(OpKind op);

}  // namespace octet
