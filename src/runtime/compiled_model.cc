// compiled_model.cc - see compiled_model.h.
#include "runtime/compiled_model.h"

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <numeric>

#include "ir/verify.h"
#include "passes/pad_folding.h"
#include "passes/pass_manager.h"
#include "runtime/kernel_table.h"
#include "runtime/thread_pool.h"

namespace octet {

namespace {

constexpr int64_t kArenaAlignment = 64;

}  // namespace

Result<Isa> choose_isa(std::optional<Isa> requested) {
  Isa isa = best_isa();
  if (requested) {
    isa = *requested;
  } else if (const char* env = std::getenv("OCTET_ISA"); env && *env) {
    auto parsed = parse_isa(env);
    if (!parsed) {
      return error("OCTET_ISA='{}' is not an ISA level (reference, avx2, avx512vnni)", env);
    }
    isa = *parsed;
  }
  if (!isa_supported(isa)) {
    return error("ISA level {} is not supported by this CPU (best available: {})", isa_name(isa),
                 isa_name(best_isa()));
  }
  return isa;
}

CompiledModel::~CompiledModel() { std::free(arena_); }

Result<std::unique_ptr<CompiledModel>> CompiledModel::compile(const Graph& graph,
                                                              const CompileOptions& options) {
  OCTET_RETURN_IF_ERROR(verify_graph(graph));
  std::unique_ptr<CompiledModel> m(new CompiledModel());
  m->graph_ = graph;
  if (options.fold_pads) {
    OCTET_RETURN_IF_ERROR(run_passes(m->graph_, {Pass{"fold_pad_into_conv", fold_pad_into_conv}}));
  }
  const Graph& g = m->graph_;
  OCTET_ASSIGN_OR_RETURN(m->isa_, choose_isa(options.isa));
  m->threads_ = std::max(1, options.threads);
  if (m->threads_ > 1) m->pool_ = std::make_unique<ThreadPool>(m->threads_);

  PlanOptions plan_options;
  plan_options.target.isa = m->isa_;
  plan_options.threads = m->threads_;
  plan_options.min_macs_per_task = options.min_macs_per_task;
  plan_options.preserve_intermediates = options.preserve_intermediates;
  plan_options.allow_in_place = options.allow_in_place;
  plan_options.arena_alignment = kArenaAlignment;
  OCTET_ASSIGN_OR_RETURN(m->plan_, build_plan(g, plan_options));
  const Plan& plan = m->plan_;

  m->arena_bytes_ = plan.arena_bytes;
  const int64_t alloc = std::max<int64_t>(plan.arena_bytes, kArenaAlignment);
  m->arena_ = static_cast<uint8_t*>(std::aligned_alloc(kArenaAlignment, alloc));
  if (!m->arena_) return error("cannot allocate a {} byte arena", plan.arena_bytes);
  std::memset(m->arena_, 0, alloc);
  const size_t n_values = g.values.size();
  m->tensor_ptrs_.assign(n_values, nullptr);
  for (ValueId v = 0; v < static_cast<ValueId>(n_values); ++v) {
    if (g.value(v).is_constant()) {
      m->tensor_ptrs_[v] = const_cast<uint8_t*>(g.value(v).data->data());
    } else if (plan.tensor_offsets[v] >= 0) {
      m->tensor_ptrs_[v] = m->arena_ + plan.tensor_offsets[v];
    }
  }
  m->shape_lists_.resize(plan.steps.size());
  m->tensor_lists_.resize(plan.steps.size());
  for (size_t i = 0; i < plan.steps.size(); ++i) {
    const Step& s = plan.steps[i];
    for (const Arg& a : s.kernel->c_args) {
      if (a.kind == ArgKind::kShapeList) {
        for (int32_t k = 0; k < s.list_length; ++k) {
          m->shape_lists_[i].push_back(&s.shapes[a.index + k]);
        }
      } else if (a.kind == ArgKind::kTensorList) {
        for (int32_t k = 0; k < s.list_length; ++k) {
          m->tensor_lists_[i].push_back(m->tensor_ptrs_[s.tensors[a.index + k]]);
        }
      }
    }
  }
  m->reset_variables();
  return m;
}

void CompiledModel::reset_variables() {
  for (ValueId v = 0; v < static_cast<ValueId>(graph_.values.size()); ++v) {
    const Value& val = graph_.value(v);
    if (!val.variable || val.is_constant() || !tensor_ptrs_[v]) continue;
    // TFLM's ResetVariableTensors: an int8 state starts at its zero point (real 0), others at 0.
    const int fill = val.type.dtype == DType::kInt8 && val.type.quant
                         ? static_cast<int8_t>(val.type.quant->zero_point())
                         : 0;
    std::memset(tensor_ptrs_[v], fill, static_cast<size_t>(val.type.byte_size()));
  }
}

std::span<uint8_t> CompiledModel::input_data(size_t i) {
  const ValueId v = graph_.inputs[i];
  return {tensor_ptrs_[v], static_cast<size_t>(graph_.type(v).byte_size())};
}

std::span<const uint8_t> CompiledModel::output_data(size_t i) const {
  return tensor_data(graph_.outputs[i]);
}

std::span<const uint8_t> CompiledModel::tensor_data(ValueId v) const {
  if (!tensor_ptrs_[v]) return {};
  return {tensor_ptrs_[v], static_cast<size_t>(graph_.type(v).byte_size())};
}

Status CompiledModel::run_step(size_t i) {
  const Step& s = plan_.steps[i];
  StepIo io;
  io.tensors = tensor_ptrs_.data();
  io.scratch = plan_.scratch_offsets[i] >= 0 ? arena_ + plan_.scratch_offsets[i] : nullptr;
  io.scratch_bytes = plan_.scratch_bytes[i];
  io.pool = pool_.get();
  io.shape_list = shape_lists_[i].data();
  io.tensor_list = tensor_lists_[i].data();
  Status st = s.kernel->run(s, io);
  if (!st.ok()) return st.with_context(graph_.node_label(i));
  return st;
}

Status CompiledModel::invoke() {
  for (size_t i = 0; i < plan_.steps.size(); ++i) OCTET_RETURN_IF_ERROR(run_step(i));
  return Status::Ok();
}

Status CompiledModel::invoke_profiled(std::span<double> op_seconds) {
  using Clock = std::chrono::steady_clock;
  for (size_t i = 0; i < plan_.steps.size(); ++i) {
    const auto t0 = Clock::now();
    OCTET_RETURN_IF_ERROR(run_step(i));
    op_seconds[i] += std::chrono::duration<double>(Clock::now() - t0).count();
  }
  return Status::Ok();
}

int64_t CompiledModel::packed_weight_bytes() const {
  int64_t total = 0;
  for (const Step& s : plan_.steps) total += s.packed_bytes;
  return total;
}

}  // namespace octet
