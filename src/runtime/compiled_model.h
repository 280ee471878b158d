// compiled_model.h - a Graph bound to kernels: `compile` does every input-independent step once
// (kernel choice per CPU, parameter computation, weight packing, memory plan, arena allocation);
// `invoke` runs the ops over the arena and allocates nothing.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/status.h"
#include "ir/graph.h"
#include "kernels/x86/cpu_features.h"
#include "runtime/plan.h"
#include "runtime/plan_builder.h"
#include "runtime/thread_pool.h"

namespace octet {

struct CompileOptions {
  // Kernel ISA level. Default: the OCTET_ISA environment variable if set, else the best level this
  // CPU supports. Asking for a level the CPU lacks is an error.
  std::optional<Isa> isa;
  // Worker threads for conv/dense (1 = run on the calling thread).
  int threads = 1;
  // With threads > 1, an op is split into one task per this many MACs at most (smaller ops run on
  // the calling thread: handing them over costs more than it saves). Tests set 0 to split all.
  int64_t min_macs_per_task = kMinMacsPerTask;
  // Give every tensor its own memory so all intermediates can be read after invoke (debugging,
  // op-by-op comparison). Costs arena size.
  bool preserve_intermediates = false;
  // Let elementwise ops write their output over an input nothing reads later (off: to measure
  // what it saves, or to debug a kernel suspected of mishandling aliasing).
  bool allow_in_place = true;
  // Rewrite the graph for the runtime first: PADs folded into the convolutions they feed
  // (passes/pad_folding.h; the folded PADs' outputs then have no data).
  bool fold_pads = true;
};

// Resolves the ISA to use: explicit choice, else OCTET_ISA, else the best supported.
Result<Isa> choose_isa(std::optional<Isa> requested);

class CompiledModel {
 public:
  static Result<std::unique_ptr<CompiledModel>> compile(const Graph& graph,
                                                        const CompileOptions& options = {});
  ~CompiledModel();

  const Graph& graph() const { return graph_; }
  size_t input_count() const { return graph_.inputs.size(); }
  size_t output_count() const { return graph_.outputs.size(); }
  const TensorType& input_type(size_t i) const { return graph_.type(graph_.inputs[i]); }
  const TensorType& output_type(size_t i) const { return graph_.type(graph_.outputs[i]); }
  // Where input i goes. Write every input before each invoke: the memory plan reuses an input's
  // bytes once its last reader has run (as TFLM does), so an invoke consumes its inputs.
  std::span<uint8_t> input_data(size_t i);
  std::span<const uint8_t> output_data(size_t i) const;
  // Any tensor's bytes. Intermediates are only meaningful after invoke when compiled with
  // preserve_intermediates (otherwise their memory is reused).
  std::span<const uint8_t> tensor_data(ValueId v) const;

  // Sets every variable (state) tensor to zero, an int8 one to its zero point, as TFLM's
  // ResetVariableTensors: the start of a new sequence for stateful ops (LSTM, SVDF). compile()
  // does it once; invoke() carries the state over from one call to the next.
  void reset_variables();

  // Runs the model on the current inputs. Fails only on data-dependent errors (an out-of-range
  // gather index, say), naming the op.
  Status invoke();
  // Same, adding each op's wall time in seconds to op_seconds[node index].
  Status invoke_profiled(std::span<double> op_seconds);

  int64_t arena_bytes() const { return arena_bytes_; }
  int64_t packed_weight_bytes() const;
  Isa isa() const { return isa_; }
  int threads() const { return threads_; }
  std::string_view kernel_name(size_t node) const { return plan_.steps[node].kernel_name(); }
  // The compiled plan: every step's kernel, parameters and arena offsets.
  const Plan& plan() const { return plan_; }

 private:
  CompiledModel() = default;
  Status run_step(size_t i);

  Graph graph_;
  Plan plan_;
  Isa isa_ = Isa::kReference;
  int threads_ = 1;
  std::vector<uint8_t*> tensor_ptrs_;  // by ValueId
  // By step: the pointer arrays of its variadic argument (kShapeList / kTensorList).
  std::vector<std::vector<const octet_shape*>> shape_lists_;
  std::vector<std::vector<void*>> tensor_lists_;
  uint8_t* arena_ = nullptr;
  int64_t arena_bytes_ = 0;
  std::unique_ptr<ThreadPool> pool_;
};

}  // namespace octet
