// plan.h - the compiled plan, as data. For each op of the graph a Step: the kernel chosen for it
// (a row of the kernel table, kernel_table.h), the kernel's parameters as Prepare computed them (a
// C params struct of the reference kernels, or an optimized kernel's prepared data), the C shapes
// and tensors it is called with, and its scratch. With the memory plan (an arena offset for every
// tensor) that is everything invoke needs: the runtime (compiled_model.h) interprets the steps, and
// the C code generator (codegen/c) prints the same steps as straight-line calls.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ir/graph.h"
#include "kernels/x86/cpu_features.h"
#include "octet_kernels.h"

namespace octet {

struct KernelDef;

// What a kernel is written for. Reference kernels run everywhere; the code generator takes the
// C levels only.
enum class KernelLevel : uint8_t { kReference, kCortexMDsp, kAvx2, kAvx512Vnni };

std::string_view kernel_level_name(KernelLevel level);

// Which levels a plan may use: the runtime's ISA level on this CPU, or a code-generation target.
struct KernelTarget {
  Isa isa = Isa::kReference;  // x86 levels up to this one
  bool cortex_m_dsp = false;  // Cortex-M DSP kernels (codegen --kernels dsp)
  bool c_only = false;        // only kernels the C generator can print

  bool allows(KernelLevel level) const;
};

// A step's parameters: one object (usually a C params struct, octet_conv_params say) and the
// arrays its pointers refer to, owned together so the pointers stay valid as long as the step.
// The code generator prints the object through its kernel's printer and finds each pointer's
// array here (arrays() records where every array begins and how many bytes it has).
class StepParams {
 public:
  // Stores value; returns the stored copy, whose pointers may then be set with keep().
  template <typename T>
  T& set(T value) {
    auto holder = std::make_shared<T>(std::move(value));
    T& ref = *holder;
    object_ = holder.get();
    owners_.push_back(std::move(holder));
    return ref;
  }
  // Makes an object owned elsewhere too (an optimized kernel's prepared data) the params.
  template <typename T>
  T& adopt(std::shared_ptr<T> object) {
    T& ref = *object;
    object_ = object.get();
    owners_.push_back(std::move(object));
    return ref;
  }
  // Takes ownership of an array the params point into and returns its data (stable: moving a
  // vector keeps its buffer).
  template <typename E>
  const E* keep(std::vector<E> array) {
    auto holder = std::make_shared<std::vector<E>>(std::move(array));
    const E* data = holder->data();
    arrays_.push_back({data, holder->size() * sizeof(E)});
    owners_.push_back(std::move(holder));
    return data;
  }
  // Keeps any object alive with the params (a prepare function's plan whose vectors the params
  // point into), recording the arrays given.
  template <typename T>
  T& own(T value) {
    auto holder = std::make_shared<T>(std::move(value));
    T& ref = *holder;
    owners_.push_back(std::move(holder));
    return ref;
  }
  template <typename E>
  void note_array(const std::vector<E>& array) {
    arrays_.push_back({array.data(), array.size() * sizeof(E)});
  }

  template <typename T>
  const T& get() const {
    return *static_cast<const T*>(object_);
  }
  const void* object() const { return object_; }

  struct Array {
    const void* data;
    size_t bytes;
  };
  const std::vector<Array>& arrays() const { return arrays_; }

 private:
  const void* object_ = nullptr;
  std::vector<Array> arrays_;
  std::vector<std::shared_ptr<void>> owners_;
};

// A sliding-window op's geometry (convolution, depthwise, pooling): output pixel (oy, ox) reads
// input rows oy * stride_h - pad_top + ky * dilation_h (ky < filter_h), columns likewise.
struct WindowGeometry {
  int32_t filter_h = 1, filter_w = 1;
  int32_t stride_h = 1, stride_w = 1;
  int32_t dilation_h = 1, dilation_w = 1;
  int32_t pad_top = 0, pad_left = 0;
};

struct Step {
  size_t node = 0;                    // index of the op in Graph::nodes (execution order)
  const KernelDef* kernel = nullptr;  // the kernel table's row (kernel_table.h)
  StepParams params;
  // What the kernel is called with, in the order its argument list (KernelDef::args) refers to
  // them: C shapes (often normalized: 4-D, a reduction's kept dimensions...) and tensors.
  // kNoValue: an absent optional tensor (the kernel gets NULL).
  std::vector<octet_shape> shapes;
  std::vector<ValueId> tensors;
  // Length of the variadic run of shapes / tensors (CONCATENATION's inputs, SPLIT's outputs).
  int32_t list_length = 0;
  // Scratch in the arena: [min, preferred] bytes requested; the memory plan gives what fits.
  int64_t scratch_min = 0, scratch_preferred = 0;
  // Bit j: the output may share input j's memory (see KernelDef and PrepareContext).
  uint32_t in_place_inputs = 0;
  // A window op's geometry (set by its prepare): with a kernel that writes its output pixel by
  // pixel (KernelDef::pixel_group), the memory plan may let the output overlap input 0.
  std::optional<WindowGeometry> window;
  // Bytes of weights the kernel repacked at prepare (beyond the graph's constants).
  int64_t packed_bytes = 0;
  // The name bench --profile and inspect print when it says more than the kernel row's (an x86
  // GEMM's route: "conv2d_s8_1x1_gemm_avx512vnni").
  std::string name;

  std::string_view kernel_name() const;
};

// The whole plan: steps in execution order and where every tensor lives.
struct Plan {
  std::vector<Step> steps;
  int64_t arena_bytes = 0;
  int64_t arena_alignment = 64;
  // By ValueId: the arena offset of a tensor's bytes, or -1 (a constant, or a value no step
  // produces or reads).
  std::vector<int64_t> tensor_offsets;
  // By step: the scratch's arena offset and the bytes the plan gave it (0: none).
  std::vector<int64_t> scratch_offsets;
  std::vector<int64_t> scratch_bytes;
};

}  // namespace octet
