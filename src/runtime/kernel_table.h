// kernel_table.h - the kernels octet can run, as data, and the choice among them.
//
// A KernelDef is one kernel: its name ("conv2d_s8_reference"), its level (reference C, Cortex-M
// DSP C, AVX2, AVX-512 VNNI) and how a Step is run on it. For the C kernels (reference and DSP,
// the ones the code generator can emit) it also holds the C function and its argument list
// (Arg: the step's params, shape k, tensor k, ...): the runtime calls the function through that
// list and the generator prints the same list, so the two cannot disagree.
//
// A KernelRow puts a kernel in an op's table: the op, the input and output dtypes it takes, and
// a condition on the prepared step (a shape the kernel handles, constant weights...). Each op
// family file lists its rows, fastest first; choose_kernel takes the first row whose level the
// target allows and whose dtypes and condition hold.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "core/status.h"
#include "runtime/c_params.h"
#include "runtime/plan.h"
#include "runtime/prepared_op.h"

namespace octet {

class ThreadPool;

// One argument of a C kernel call.
enum class ArgKind : uint8_t {
  kParams,      // const P*: the step's params object
  kShape,       // const octet_shape*: step.shapes[index]
  kTensor,      // T*: data of step.tensors[index] (NULL for kNoValue)
  kShapeList,   // const octet_shape* const*: shapes [index, index + list_length)
  kTensorList,  // (const) void* const*: tensors [index, index + list_length)
  kElements,    // int64_t: elements of step.shapes[index]
  kScratch,     // T*: the step's scratch
};

struct Arg {
  ArgKind kind;
  uint8_t index = 0;
};

namespace args {
inline constexpr Arg P{ArgKind::kParams};
inline constexpr Arg Scratch{ArgKind::kScratch};
constexpr Arg S(int i) { return {ArgKind::kShape, static_cast<uint8_t>(i)}; }
constexpr Arg T(int i) { return {ArgKind::kTensor, static_cast<uint8_t>(i)}; }
constexpr Arg Shapes(int i) { return {ArgKind::kShapeList, static_cast<uint8_t>(i)}; }
constexpr Arg Tensors(int i) { return {ArgKind::kTensorList, static_cast<uint8_t>(i)}; }
constexpr Arg N(int i) { return {ArgKind::kElements, static_cast<uint8_t>(i)}; }
}  // namespace args

// What invoke gives a step: the data pointer of every value and the step's scratch.
struct StepIo {
  uint8_t* const* tensors = nullptr;  // by ValueId
  uint8_t* scratch = nullptr;
  int64_t scratch_bytes = 0;
  ThreadPool* pool = nullptr;
  // Pointer arrays for the kShapeList / kTensorList arguments (the step's own, filled at compile).
  const octet_shape* const* shape_list = nullptr;
  void* const* tensor_list = nullptr;

  template <typename T>
  T* ptr(ValueId v) const {
    return v == kNoValue ? nullptr : reinterpret_cast<T*>(tensors[v]);
  }
};

struct KernelDef {
  std::string_view name;
  KernelLevel level = KernelLevel::kReference;
  Status (*run)(const Step& step, const StepIo& io) = nullptr;
  // C kernels only.
  std::string_view c_function;     // "octet_ref_conv2d_s8"
  std::span<const Arg> c_args;     // its arguments
  std::string_view c_params_type;  // "octet_conv_params" (empty: the kernel takes none)
  void (*visit_params)(const void* params, CFieldVisitor& visitor) = nullptr;
  bool (*params_description_complete)() = nullptr;  // c_params.h, for a test
  bool c_returns_status = false;  // int result: 0 on success (else the error code)
  // > 0: a window kernel (Step::window) that writes its NHWC output in order, pixel_group output
  // pixels at a time, and after writing a group reads no input before the first input pixel that
  // the group's windows touch. Its output may then start that far below input 0 in the arena and
  // overlap it (plan_builder: window_overlap_lead). 0: the output never overlaps an input.
  int32_t pixel_group = 0;
  // The runtime's message for a non-zero result ("input shapes do not broadcast to the output";
  // the generated code returns the code); null: "<kernel> failed with code N".
  std::string (*c_error)(const Step& step, int code) = nullptr;
  // The kTensorList parameter is const void* const* (a list of inputs; else void* const*).
  bool c_tensor_list_const = false;
};

// k, declared a window kernel that writes pixel_group output pixels at a time (see above).
constexpr KernelDef writes_pixels_in_order(KernelDef k, int32_t pixel_group) {
  k.pixel_group = pixel_group;
  return k;
}

struct KernelRow {
  using Applies = bool (*)(const PrepareContext& ctx, const Step& step);
  using Bind = Status (*)(PrepareContext& ctx, Step& step);

  constexpr KernelRow(OpKind op, const KernelDef* kernel, std::optional<DType> in = std::nullopt,
                      std::optional<DType> out = std::nullopt, Applies applies = nullptr,
                      Bind bind = nullptr)
      : op(op), kernel(kernel), in(in), out(out), applies(applies), bind(bind) {}

  OpKind op;
  const KernelDef* kernel;
  // dtypes of input 0 and output 0 the kernel takes; nullopt: any.
  std::optional<DType> in, out;
  // Further conditions on the prepared step; null: none.
  Applies applies;
  // Prepares the kernel's own data from the step the op prepared (an optimized kernel packs its
  // weights here and replaces step.params with its prepared object); null: nothing to do.
  Bind bind;
};

// A kernel the runtime runs but the code generator cannot print (an x86 kernel).
constexpr KernelDef native_kernel(std::string_view name, KernelLevel level,
                                  Status (*run)(const Step&, const StepIo&)) {
  KernelDef k{};
  k.name = name;
  k.level = level;
  k.run = run;
  return k;
}

// ---- C kernels: the call through an argument list ----------------------------------------------

namespace detail {

template <typename F>
struct CFunction;
template <typename R, typename... A>
struct CFunction<R (*)(A...)> {
  using Result = R;
  using Params = std::tuple<A...>;
  static constexpr size_t arity = sizeof...(A);
};

template <typename>
inline constexpr bool kNoFit = false;

// Argument a of a step's call, as the C function's parameter type T.
template <Arg a, typename T>
T fetch(const Step& s, const StepIo& io) {
  if constexpr (a.kind == ArgKind::kParams) {
    static_assert(std::is_pointer_v<T>, "kParams needs a pointer parameter");
    return static_cast<T>(s.params.object());
  } else if constexpr (a.kind == ArgKind::kShape) {
    static_assert(std::is_same_v<T, const octet_shape*>, "kShape needs const octet_shape*");
    return &s.shapes[a.index];
  } else if constexpr (a.kind == ArgKind::kTensor || a.kind == ArgKind::kScratch) {
    static_assert(std::is_pointer_v<T>, "kTensor/kScratch need a pointer parameter");
    using E = std::remove_pointer_t<T>;
    using Byte = std::conditional_t<std::is_const_v<E>, const uint8_t, uint8_t>;
    if constexpr (a.kind == ArgKind::kScratch)
      return reinterpret_cast<T>(io.scratch);
    else
      return reinterpret_cast<T>(io.ptr<Byte>(s.tensors[a.index]));
  } else if constexpr (a.kind == ArgKind::kShapeList) {
    static_assert(std::is_same_v<T, const octet_shape* const*>, "kShapeList type");
    return io.shape_list;
  } else if constexpr (a.kind == ArgKind::kTensorList) {
    static_assert(std::is_same_v<T, void* const*> || std::is_same_v<T, const void* const*>,
                  "kTensorList needs void* const* or const void* const*");
    return io.tensor_list;
  } else if constexpr (a.kind == ArgKind::kElements) {
    static_assert(std::is_integral_v<T>, "kElements needs an integer parameter");
    return static_cast<T>(octet_shape_elements(&s.shapes[a.index]));
  } else {
    static_assert(kNoFit<T>, "unknown argument kind");
  }
}

template <auto Fn, const Arg* A, size_t... I>
Status call(const Step& s, const StepIo& io, std::index_sequence<I...>) {
  using F = CFunction<decltype(Fn)>;
  if constexpr (std::is_void_v<typename F::Result>) {
    Fn(fetch<A[I], std::tuple_element_t<I, typename F::Params>>(s, io)...);
    return Status::Ok();
  } else {
    const int rc = Fn(fetch<A[I], std::tuple_element_t<I, typename F::Params>>(s, io)...);
    if (rc != 0) {
      if (s.kernel->c_error) return error("{}", s.kernel->c_error(s, rc));
      return error("{} failed with code {}", s.kernel_name(), rc);
    }
    return Status::Ok();
  }
}

template <auto Fn, const Arg* A, size_t N>
Status run_c(const Step& s, const StepIo& io) {
  static_assert(CFunction<decltype(Fn)>::arity == N, "argument list length != the C arity");
  return call<Fn, A>(s, io, std::make_index_sequence<N>());
}

// The params type of a C function: the pointee of its kParams argument (void when it has none).
template <auto Fn, const Arg* A, size_t N>
constexpr auto params_type_of() {
  using F = CFunction<decltype(Fn)>;
  constexpr size_t pos = [] {
    for (size_t i = 0; i < N; ++i) {
      if (A[i].kind == ArgKind::kParams) return i;
    }
    return N;
  }();
  if constexpr (pos == N) {
    return std::type_identity<void>{};
  } else {
    return std::type_identity<
        std::remove_cv_t<std::remove_pointer_t<std::tuple_element_t<pos, typename F::Params>>>>{};
  }
}

// Whether Fn's kTensorList parameter (if any) is const void* const*.
template <auto Fn, const Arg* A, size_t N, size_t I = 0>
constexpr bool tensor_list_is_const() {
  if constexpr (I == N) {
    return false;
  } else if constexpr (A[I].kind == ArgKind::kTensorList) {
    return std::is_same_v<std::tuple_element_t<I, typename CFunction<decltype(Fn)>::Params>,
                          const void* const*>;
  } else {
    return tensor_list_is_const<Fn, A, N, I + 1>();
  }
}

template <typename P>
void visit_params(const void* params, CFieldVisitor& visitor) {
  visit_c_params(*static_cast<const P*>(params), visitor);
}

}  // namespace detail

// A C kernel's KernelDef from its function and argument list:
//   inline constexpr Arg kConvArgs[] = {P, S(0), T(0), S(1), T(1), T(2), S(2), T(3)};
//   inline constexpr KernelDef kConv2DS8Ref =
//       c_kernel<octet_ref_conv2d_s8, kConvArgs, std::size(kConvArgs)>(
//           "conv2d_s8_reference", KernelLevel::kReference, "octet_ref_conv2d_s8");
template <auto Fn, const Arg* A, size_t N>
constexpr KernelDef c_kernel(std::string_view name, KernelLevel level,
                             std::string_view c_function) {
  using P = typename decltype(detail::params_type_of<Fn, A, N>())::type;
  KernelDef k = native_kernel(name, level, detail::run_c<Fn, A, N>);
  k.c_function = c_function;
  k.c_args = std::span<const Arg>(A, N);
  if constexpr (!std::is_void_v<P>) {
    k.c_params_type = CParamsTraits<P>::c_name;
    k.visit_params = detail::visit_params<P>;
    k.params_description_complete = c_params_description_complete<P>;
  }
  k.c_returns_status = !std::is_void_v<typename detail::CFunction<decltype(Fn)>::Result>;
  k.c_tensor_list_const = detail::tensor_list_is_const<Fn, A, N>();
  return k;
}

#define OCTET_C_KERNEL(name, level, fn, args_array) \
  ::octet::c_kernel<fn, args_array, std::size(args_array)>(name, level, #fn)

// A C kernel that returns a non-zero code on bad input, with the message for it.
constexpr KernelDef with_c_error(KernelDef k, std::string (*message)(const Step&, int code)) {
  k.c_error = message;
  return k;
}

// ---- the table
// -----------------------------------------------------------------------------------

// An op family's rows (each family file defines one) and the whole table.
std::span<const KernelRow> kernel_rows(OpKind op);

// The first row of op's table that the target allows and whose dtypes and condition hold for
// the prepared step; null when none does.
const KernelRow* choose_kernel(const PrepareContext& ctx, const Step& step);

}  // namespace octet
