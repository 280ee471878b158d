// elementwise.cc - ADD, SUB, MUL with broadcasting (int8, uint8, int16 quantized; int32; float),
// and DIV (int8, uint8, float). Prepare computes the params once (kernels/prepare); the kernel rows
// below, fastest first:
//   ADD/SUB  {add,sub}_{s8,u8}_avx512 avx512vnni; as the AVX2 rows, 64 elements per step
//   ADD/SUB  {add,sub}_{s8,u8}_avx2   avx2 and up; int8/uint8; one input of the output's shape, the
//                                     other of it too, or one value, or the output's innermost
//                                     dimensions (a row repeated)
//   ADD      add_s8_dsp               Cortex-M DSP (generated code); int8; per-input tables in
//                                     scratch (octet_dsp.h), the reference when broadcasting
//   MUL      mul_{s8,u8}_avx2         avx2 and up; int8/uint8; the inputs as for ADD; output shift
//                                     in [-31, 30]
//   all      <op>_<type>_reference    everything (broadcasting included)
#include <memory>
#include <optional>
#include <utility>

#include "kernels/cortex_m/octet_dsp.h"
#include "kernels/prepare/add.h"
#include "kernels/prepare/arithmetic.h"
#include "kernels/prepare/mul.h"
#include "kernels/x86/cpu_features.h"
#include "kernels/x86/elementwise.h"
#include "kernels/x86/mul.h"
#include "runtime/kernel_table.h"
#include "runtime/ops/op_util.h"
#include "runtime/ops/ops.h"

namespace octet {

namespace {

using namespace args;
using K = KernelLevel;
constexpr DType f32 = DType::kFloat32, s8 = DType::kInt8, u8 = DType::kUInt8, s16 = DType::kInt16,
                s32 = DType::kInt32;

// The inputs the output may overwrite: those with the output's shape and dtype. Every kernel
// here reads element i of such an input (its offset equals the output's, broadcast or not)
// before writing output element i, and the AVX2 (AVX-512) add loads each 16 (64)-element block
// of both inputs before storing that block.
uint32_t in_place_inputs(const PrepareContext& ctx) {
  uint32_t mask = 0;
  for (size_t j = 0; j < 2; ++j) {
    if (ctx.in(j).shape == ctx.out(0).shape && ctx.in(j).dtype == ctx.out(0).dtype) {
      mask |= 1u << j;
    }
  }
  return mask;
}

Status prepare_binary_step(PrepareContext& ctx, Step& step) {
  const OpKind op = ctx.node.op;
  const DType t = ctx.in(0).dtype;
  const FusedActivation act = ctx.node.attrs.activation;
  default_io(ctx, step);  // in1, in2, out
  if (op != OpKind::kDiv) step.in_place_inputs = in_place_inputs(ctx);
  if (t == f32) {
    OCTET_ASSIGN_OR_RETURN(octet_float_activation p, named(ctx, prepare_float_activation(act)));
    step.params.set(p);
    return Status::Ok();
  }
  if (t == s32) {
    OCTET_ASSIGN_OR_RETURN(octet_int_activation p, named(ctx, prepare_int32_activation(act)));
    step.params.set(p);
    return Status::Ok();
  }
  const TensorQuant q1 = tensor_quant(ctx.in(0)), q2 = tensor_quant(ctx.in(1)),
                    qo = tensor_quant(ctx.out(0));
  if (op == OpKind::kDiv) {
    OCTET_ASSIGN_OR_RETURN(octet_div_params p, named(ctx, prepare_div(t, q1, q2, qo, act)));
    step.params.set(p);
    return Status::Ok();
  }
  if (op == OpKind::kMul) {
    OCTET_ASSIGN_OR_RETURN(octet_mul_params p, named(ctx, prepare_mul(t, q1, q2, qo, act)));
    step.params.set(p);
    return Status::Ok();
  }
  // int16 with pot_scale_int16 = true: TFLite runs a power-of-two-scale kernel there, but TFLite
  // Micro ignores the flag and runs its general kernel, which octet follows.
  OCTET_ASSIGN_OR_RETURN(octet_add_params p,
                         named(ctx, op == OpKind::kAdd ? prepare_add(t, q1, q2, qo, act)
                                                       : prepare_sub(t, q1, q2, qo, act)));
  step.params.set(p);
  return Status::Ok();
}

// ---- AVX2 ---------------------------------------------------------------------------------------

// How the vector ADD/SUB/MUL read their inputs: `full` has the output's shape; the other input
// has it too (row == elements), or is one value (row == 1), or is a row of `row` values that the
// output's innermost dimensions repeat. nullopt: another broadcast (the reference serves it).
struct VectorLayout {
  int full;
  int64_t row;
};

std::optional<VectorLayout> vector_layout(const PrepareContext& ctx) {
  const Shape& out = ctx.out(0).shape;
  const int full = ctx.in(0).shape == out ? 0 : ctx.in(1).shape == out ? 1 : -1;
  if (full < 0) return std::nullopt;
  const Shape& other = ctx.in(1 - full).shape;
  const int64_t n = other.elements();
  if (other == out || n == 1) return VectorLayout{full, n};
  // Leading 1s aside, `other` must be the output's last dimensions.
  int lead = 0;
  while (lead < other.rank() && other[lead] == 1) ++lead;
  const int k = other.rank() - lead;
  if (k > out.rank()) return std::nullopt;
  for (int i = 0; i < k; ++i) {
    if (other[lead + i] != out[out.rank() - k + i]) return std::nullopt;
  }
  return VectorLayout{full, n};
}

bool has_vector_layout(const PrepareContext& ctx, const Step&) {
  return vector_layout(ctx).has_value();
}

bool mul_avx2_applies(const PrepareContext& ctx, const Step& step) {
  return vector_layout(ctx) && x86::mul_q8_avx2_supports(&step.params.get<octet_mul_params>());
}

// The AVX2 kernels' prepared data: the reference params and the layout.
template <typename P>
struct VectorBinary {
  P p;
  int full;  // the input of the output's shape
  int64_t row, n;
};

// The step's reference params and layout (the op has a vector layout: the row's applies checked).
template <typename P>
VectorBinary<P> vector_binary(const PrepareContext& ctx, const Step& step) {
  const VectorLayout layout = *vector_layout(ctx);
  return {step.params.get<P>(), layout.full, layout.row, ctx.out(0).shape.elements()};
}

// Calls add(a, a_stride, b, b_stride, out, n) over the layout: once when the other input is one
// value or the output's shape, else once per repeated row.
template <typename P, typename F>
void for_each_vector_run(const VectorBinary<P>& k, const uint8_t* pa, const uint8_t* pb,
                         uint8_t* py, F&& add) {
  if (k.row == 1 || k.row == k.n) {
    const int64_t other = k.row == 1 ? 0 : 1;
    add(pa, k.full == 0 ? 1 : other, pb, k.full == 1 ? 1 : other, py, k.n);
  } else {
    for (int64_t i = 0; i < k.n; i += k.row) {
      add(k.full == 0 ? pa + i : pa, 1, k.full == 1 ? pb + i : pb, 1, py + i, k.row);
    }
  }
}

Status bind_add_avx2(PrepareContext& ctx, Step& step) {
  step.params.adopt(
      std::make_shared<VectorBinary<octet_add_params>>(vector_binary<octet_add_params>(ctx, step)));
  return Status::Ok();
}

Status bind_mul_avx2(PrepareContext& ctx, Step& step) {
  auto k =
      std::make_shared<VectorBinary<octet_mul_params>>(vector_binary<octet_mul_params>(ctx, step));
  // The kernel broadcasts its second input; (x + o1) * (y + o2) is symmetric, so a full second
  // input becomes the first with the offsets swapped.
  if (k->full == 1) std::swap(k->p.input1_offset, k->p.input2_offset);
  step.params.adopt(std::move(k));
  return Status::Ok();
}

// The AVX-512 table kernel (elementwise.h's AddTables): CPUs with VBMI, output stages that allow
// kFast.
struct VectorAddTables {
  VectorBinary<octet_add_params> v;
  x86::AddTables t;
};

template <bool kUnsigned, x86::AddOp kOp>
bool add_tables_apply(const PrepareContext& ctx, const Step& step) {
  return cpu_features().avx512vbmi && vector_layout(ctx) &&
         x86::make_add_tables(&step.params.get<octet_add_params>(), kUnsigned, kOp).has_value();
}

template <bool kUnsigned, x86::AddOp kOp>
Status bind_add_tables(PrepareContext& ctx, Step& step) {
  auto k = std::make_shared<VectorAddTables>();
  k->v = vector_binary<octet_add_params>(ctx, step);
  k->t = *x86::make_add_tables(&k->v.p, kUnsigned, kOp);
  step.params.adopt(std::move(k));
  return Status::Ok();
}

Status run_add_tables(const Step& s, const StepIo& io) {
  const auto& k = s.params.get<VectorAddTables>();
  const uint8_t* pa = io.ptr<const uint8_t>(s.tensors[0]);
  const uint8_t* pb = io.ptr<const uint8_t>(s.tensors[1]);
  uint8_t* py = io.ptr<uint8_t>(s.tensors[2]);
  for_each_vector_run(k.v, pa, pb, py,
                      [&](auto... run) { x86::add_q8_tables_avx512vbmi(k.t, run...); });
  return Status::Ok();
}

using AddVectorFn = void (*)(const octet_add_params*, bool, x86::AddOp, const uint8_t*, int64_t,
                             const uint8_t*, int64_t, uint8_t*, int64_t);

template <AddVectorFn kAdd, bool kUnsigned, x86::AddOp kOp>
Status run_add_vector(const Step& s, const StepIo& io) {
  const auto& k = s.params.get<VectorBinary<octet_add_params>>();
  const uint8_t* pa = io.ptr<const uint8_t>(s.tensors[0]);
  const uint8_t* pb = io.ptr<const uint8_t>(s.tensors[1]);
  uint8_t* py = io.ptr<uint8_t>(s.tensors[2]);
  for_each_vector_run(k, pa, pb, py, [&](auto... run) { kAdd(&k.p, kUnsigned, kOp, run...); });
  return Status::Ok();
}

template <bool kUnsigned>
Status run_mul_avx2(const Step& s, const StepIo& io) {
  const auto& k = s.params.get<VectorBinary<octet_mul_params>>();
  const uint8_t* pa = io.ptr<const uint8_t>(s.tensors[k.full]);
  const uint8_t* pb = io.ptr<const uint8_t>(s.tensors[1 - k.full]);
  uint8_t* py = io.ptr<uint8_t>(s.tensors[2]);
  if (k.row == 1 || k.row == k.n) {
    x86::mul_q8_avx2(&k.p, kUnsigned, pa, pb, k.row == 1 ? 0 : 1, py, k.n);
  } else {
    for (int64_t i = 0; i < k.n; i += k.row) {
      x86::mul_q8_avx2(&k.p, kUnsigned, pa + i, pb, 1, py + i, k.row);
    }
  }
  return Status::Ok();
}

constexpr AddVectorFn kAvx2 = x86::add_q8_avx2, kAvx512 = x86::add_q8_avx512;
constexpr KernelDef kAddS8Tables =
    native_kernel("add_s8_tables_avx512vbmi", K::kAvx512Vnni, run_add_tables);
constexpr KernelDef kAddU8Tables =
    native_kernel("add_u8_tables_avx512vbmi", K::kAvx512Vnni, run_add_tables);
constexpr KernelDef kSubS8Tables =
    native_kernel("sub_s8_tables_avx512vbmi", K::kAvx512Vnni, run_add_tables);
constexpr KernelDef kSubU8Tables =
    native_kernel("sub_u8_tables_avx512vbmi", K::kAvx512Vnni, run_add_tables);
constexpr KernelDef kAddS8Avx512 = native_kernel("add_s8_avx512", K::kAvx512Vnni,
                                                 run_add_vector<kAvx512, false, x86::AddOp::kAdd>);
constexpr KernelDef kAddU8Avx512 =
    native_kernel("add_u8_avx512", K::kAvx512Vnni, run_add_vector<kAvx512, true, x86::AddOp::kAdd>);
constexpr KernelDef kSubS8Avx512 = native_kernel("sub_s8_avx512", K::kAvx512Vnni,
                                                 run_add_vector<kAvx512, false, x86::AddOp::kSub>);
constexpr KernelDef kSubU8Avx512 =
    native_kernel("sub_u8_avx512", K::kAvx512Vnni, run_add_vector<kAvx512, true, x86::AddOp::kSub>);
constexpr KernelDef kAddS8Avx2 =
    native_kernel("add_s8_avx2", K::kAvx2, run_add_vector<kAvx2, false, x86::AddOp::kAdd>);
constexpr KernelDef kAddU8Avx2 =
    native_kernel("add_u8_avx2", K::kAvx2, run_add_vector<kAvx2, true, x86::AddOp::kAdd>);
constexpr KernelDef kSubS8Avx2 =
    native_kernel("sub_s8_avx2", K::kAvx2, run_add_vector<kAvx2, false, x86::AddOp::kSub>);
constexpr KernelDef kSubU8Avx2 =
    native_kernel("sub_u8_avx2", K::kAvx2, run_add_vector<kAvx2, true, x86::AddOp::kSub>);
constexpr KernelDef kMulS8Avx2 = native_kernel("mul_s8_avx2", K::kAvx2, run_mul_avx2<false>);
constexpr KernelDef kMulU8Avx2 = native_kernel("mul_u8_avx2", K::kAvx2, run_mul_avx2<true>);

// ---- reference ----------------------------------------------------------------------------------

constexpr Arg kBinaryArgs[] = {P, S(0), T(0), S(1), T(1), S(2), T(2)};

#define OCTET_BINARY_KERNEL(var, name, fn) \
  constexpr KernelDef var =                \
      with_c_error(OCTET_C_KERNEL(name, K::kReference, fn, kBinaryArgs), no_broadcast)

OCTET_BINARY_KERNEL(kAddF32, "add_f32_reference", octet_ref_add_f32);
OCTET_BINARY_KERNEL(kAddS32, "add_s32_reference", octet_ref_add_s32);
OCTET_BINARY_KERNEL(kAddS8, "add_s8_reference", octet_ref_add_s8);
OCTET_BINARY_KERNEL(kAddU8, "add_u8_reference", octet_ref_add_u8);
OCTET_BINARY_KERNEL(kAddS16, "add_s16_reference", octet_ref_add_s16);
OCTET_BINARY_KERNEL(kSubF32, "sub_f32_reference", octet_ref_sub_f32);
OCTET_BINARY_KERNEL(kSubS32, "sub_s32_reference", octet_ref_sub_s32);
OCTET_BINARY_KERNEL(kSubS8, "sub_s8_reference", octet_ref_sub_s8);
OCTET_BINARY_KERNEL(kSubU8, "sub_u8_reference", octet_ref_sub_u8);
OCTET_BINARY_KERNEL(kSubS16, "sub_s16_reference", octet_ref_sub_s16);
OCTET_BINARY_KERNEL(kMulF32, "mul_f32_reference", octet_ref_mul_f32);
OCTET_BINARY_KERNEL(kMulS32, "mul_s32_reference", octet_ref_mul_s32);
OCTET_BINARY_KERNEL(kMulS8, "mul_s8_reference", octet_ref_mul_s8);
OCTET_BINARY_KERNEL(kMulU8, "mul_u8_reference", octet_ref_mul_u8);
OCTET_BINARY_KERNEL(kMulS16, "mul_s16_reference", octet_ref_mul_s16);
OCTET_BINARY_KERNEL(kDivF32, "div_f32_reference", octet_ref_div_f32);

#undef OCTET_BINARY_KERNEL

// The 8-bit DIV kernels also refuse a divisor at its zero point (1), writing nothing.
std::string div_error(const Step&, int code) {
  return code == 1 ? "a divisor equals its zero point (division by zero)"
                   : "input shapes do not broadcast to the output";
}
constexpr KernelDef kDivS8 = with_c_error(
    OCTET_C_KERNEL("div_s8_reference", K::kReference, octet_ref_div_s8, kBinaryArgs), div_error);
constexpr KernelDef kDivU8 = with_c_error(
    OCTET_C_KERNEL("div_u8_reference", K::kReference, octet_ref_div_u8, kBinaryArgs), div_error);

// ---- Cortex-M DSP -------------------------------------------------------------------------------

// Two 256-entry tables of each input's rescaled values in scratch (none when broadcasting).
Status bind_add_dsp(PrepareContext& ctx, Step& step) {
  ctx.request_scratch(static_cast<int64_t>(
      octet_dsp_add_s8_scratch_size(&step.shapes[0], &step.shapes[1], &step.shapes[2])));
  return Status::Ok();
}

constexpr Arg kBinaryScratchArgs[] = {P, S(0), T(0), S(1), T(1), S(2), T(2), Scratch};
constexpr KernelDef kAddS8Dsp =
    with_c_error(OCTET_C_KERNEL("add_s8_dsp", K::kCortexMDsp, octet_dsp_add_s8, kBinaryScratchArgs),
                 no_broadcast);

using O = OpKind;

constexpr KernelRow kRows[] = {
    {O::kAdd, &kAddS8Tables, s8, s8, add_tables_apply<false, x86::AddOp::kAdd>,
     bind_add_tables<false, x86::AddOp::kAdd>},
    {O::kAdd, &kAddU8Tables, u8, u8, add_tables_apply<true, x86::AddOp::kAdd>,
     bind_add_tables<true, x86::AddOp::kAdd>},
    {O::kSub, &kSubS8Tables, s8, s8, add_tables_apply<false, x86::AddOp::kSub>,
     bind_add_tables<false, x86::AddOp::kSub>},
    {O::kSub, &kSubU8Tables, u8, u8, add_tables_apply<true, x86::AddOp::kSub>,
     bind_add_tables<true, x86::AddOp::kSub>},
    {O::kAdd, &kAddS8Avx512, s8, s8, has_vector_layout, bind_add_avx2},
    {O::kAdd, &kAddU8Avx512, u8, u8, has_vector_layout, bind_add_avx2},
    {O::kSub, &kSubS8Avx512, s8, s8, has_vector_layout, bind_add_avx2},
    {O::kSub, &kSubU8Avx512, u8, u8, has_vector_layout, bind_add_avx2},
    {O::kAdd, &kAddS8Avx2, s8, s8, has_vector_layout, bind_add_avx2},
    {O::kAdd, &kAddU8Avx2, u8, u8, has_vector_layout, bind_add_avx2},
    {O::kSub, &kSubS8Avx2, s8, s8, has_vector_layout, bind_add_avx2},
    {O::kSub, &kSubU8Avx2, u8, u8, has_vector_layout, bind_add_avx2},
    {O::kMul, &kMulS8Avx2, s8, s8, mul_avx2_applies, bind_mul_avx2},
    {O::kMul, &kMulU8Avx2, u8, u8, mul_avx2_applies, bind_mul_avx2},
    {O::kAdd, &kAddS8Dsp, s8, s8, nullptr, bind_add_dsp},
    {O::kAdd, &kAddF32, f32, f32},
    {O::kAdd, &kAddS32, s32, s32},
    {O::kAdd, &kAddS8, s8, s8},
    {O::kAdd, &kAddU8, u8, u8},
    {O::kAdd, &kAddS16, s16, s16},
    {O::kSub, &kSubF32, f32, f32},
    {O::kSub, &kSubS32, s32, s32},
    {O::kSub, &kSubS8, s8, s8},
    {O::kSub, &kSubU8, u8, u8},
    {O::kSub, &kSubS16, s16, s16},
    {O::kMul, &kMulF32, f32, f32},
    {O::kMul, &kMulS32, s32, s32},
    {O::kMul, &kMulS8, s8, s8},
    {O::kMul, &kMulU8, u8, u8},
    {O::kMul, &kMulS16, s16, s16},
    {O::kDiv, &kDivF32, f32, f32},
    {O::kDiv, &kDivS8, s8, s8},
    {O::kDiv, &kDivU8, u8, u8},
};

constexpr OpPrepareRow kPrepares[] = {
    {O::kAdd, prepare_binary_step},
    {O::kSub, prepare_binary_step},
    {O::kMul, prepare_binary_step},
    {O::kDiv, prepare_binary_step},
};

}  // namespace

const OpFamily kElementwiseFamily{kRows, kPrepares};

}  // namespace octet
