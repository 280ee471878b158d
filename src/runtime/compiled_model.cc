// compiled_model.cc - see compiled_model.h.
#include "runtime/compiled_model.h"

#include <chrono>
#include <cstdlib>
#include <numeric>

#include "ir/verify.h"
#include "passes/pad_folding.h"
#include "passes/pass_manager.h"
#include "runtime/thread_pool.h"

namespace octet {

namespace {

constexpr int64_t kArenaAlignment = 64;
constexpr int64_t kMaxArenaBytes = int64_t{8} << 30;

// Ops whose output is the input's bytes reinterpreted: the output aliases the input's memory.
bool is_alias_op(OpKind op) {
  return op == OpKind::kReshape || op == OpKind::kSqueeze || op == OpKind::kExpandDims;
}

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

  // 1. Kernels.
  const size_t n_ops = g.nodes.size();
  std::vector<int64_t> scratch(n_ops, 0), scratch_preferred(n_ops, 0);
  for (size_t i = 0; i < n_ops; ++i) {
    const Node& node = g.nodes[i];
    PrepareFn prepare = node.op == OpKind::kUnsupported ? nullptr : find_prepare(node.op);
    if (!prepare) {
      return error("{}: no kernel for this op; octet cannot run this model", g.node_label(i));
    }
    PrepareContext ctx{g,       node,        i,
                       m->isa_, m->threads_, std::max<int64_t>(0, options.min_macs_per_task)};
    auto op = prepare(ctx);
    if (!op.ok()) return op.status();
    m->ops_.push_back(std::move(op).value());
    scratch[i] = ctx.scratch_bytes;
    scratch_preferred[i] = ctx.scratch_preferred_bytes;
  }

  // 2. Storage: activations, with reshape-like outputs aliasing their input.
  const size_t n_values = g.values.size();
  std::vector<int> storage(n_values, -1);
  std::vector<BufferRequest> requests;
  const auto producers = g.producers();
  const auto consumers = g.consumers();
  const int end = static_cast<int>(n_ops);
  auto new_storage = [&](ValueId v) {
    storage[v] = static_cast<int>(requests.size());
    const int first = producers[v] < 0 ? 0 : producers[v];
    requests.push_back(BufferRequest{g.type(v).byte_size(), first, first});
  };
  auto extend = [&](int s, ValueId v) {
    BufferRequest& r = requests[s];
    if (producers[v] >= 0) r.first_use = std::min(r.first_use, producers[v]);
    for (int c : consumers[v]) r.last_use = std::max(r.last_use, c);
    if (g.is_graph_output(v) || options.preserve_intermediates) r.last_use = end;
    if (g.is_graph_input(v)) r.first_use = 0;
  };
  std::vector<std::vector<ValueId>> members;  // values sharing each storage
  auto join = [&](ValueId v, int s) {
    storage[v] = s;
    if (static_cast<int>(members.size()) <= s) members.resize(s + 1);
    members[s].push_back(v);
  };
  auto fresh = [&](ValueId v) {
    new_storage(v);
    join(v, storage[v]);
  };
  // An elementwise op may write over its input when nothing reads that memory later.
  auto reusable = [&](int s, size_t op, int64_t bytes) {
    if (options.preserve_intermediates || requests[s].size != bytes) return false;
    for (ValueId m : members[s]) {
      if (g.is_graph_input(m) || g.is_graph_output(m)) return false;
      if (!consumers[m].empty() && consumers[m].back() > static_cast<int>(op)) return false;
    }
    return true;
  };
  for (ValueId v : g.inputs) fresh(v);
  for (size_t i = 0; i < n_ops; ++i) {
    const Node& node = g.nodes[i];
    const uint32_t in_place =
        options.allow_in_place && node.outputs.size() == 1 ? m->ops_[i]->in_place_inputs() : 0;
    for (ValueId out : node.outputs) {
      const ValueId in = node.input(0);
      if (is_alias_op(node.op) && in != kNoValue && !g.value(in).is_constant() &&
          storage[in] >= 0) {
        join(out, storage[in]);
        continue;
      }
      int shared = -1;
      for (size_t j = 0; j < node.inputs.size() && j < 32 && shared < 0; ++j) {
        const ValueId src = node.inputs[j];
        if ((in_place >> j & 1u) == 0 || src == kNoValue || g.value(src).is_constant() ||
            storage[src] < 0 || !reusable(storage[src], i, g.type(out).byte_size())) {
          continue;
        }
        shared = storage[src];
      }
      if (shared >= 0) {
        join(out, shared);
        continue;
      }
      fresh(out);
    }
  }
  for (ValueId v = 0; v < static_cast<ValueId>(n_values); ++v) {
    if (storage[v] >= 0) extend(storage[v], v);
  }
  std::vector<int> scratch_request(n_ops, -1);
  for (size_t i = 0; i < n_ops; ++i) {
    if (scratch[i] <= 0) continue;
    scratch_request[i] = static_cast<int>(requests.size());
    requests.push_back(
        BufferRequest{scratch[i], static_cast<int>(i), static_cast<int>(i), scratch_preferred[i]});
  }

  // 3. Plan and allocate.
  const MemoryPlan plan = plan_memory(requests, kArenaAlignment);
  if (plan.arena_bytes > kMaxArenaBytes) {
    return error("the model needs a {} byte arena, more than the {} byte limit", plan.arena_bytes,
                 kMaxArenaBytes);
  }
  m->arena_bytes_ = plan.arena_bytes;
  m->arena_ = static_cast<uint8_t*>(
      std::aligned_alloc(kArenaAlignment, std::max<int64_t>(plan.arena_bytes, kArenaAlignment)));
  if (!m->arena_) return error("cannot allocate a {} byte arena", plan.arena_bytes);
  std::memset(m->arena_, 0, std::max<int64_t>(plan.arena_bytes, kArenaAlignment));
  m->tensor_ptrs_.assign(n_values, nullptr);
  for (ValueId v = 0; v < static_cast<ValueId>(n_values); ++v) {
    if (g.value(v).is_constant()) {
      m->tensor_ptrs_[v] = const_cast<uint8_t*>(g.value(v).data->data());
    } else if (storage[v] >= 0) {
      m->tensor_ptrs_[v] = m->arena_ + plan.offsets[storage[v]];
    }
  }
  m->scratch_ptrs_.assign(n_ops, nullptr);
  m->scratch_sizes_.assign(n_ops, 0);
  for (size_t i = 0; i < n_ops; ++i) {
    if (scratch_request[i] < 0) continue;
    m->scratch_ptrs_[i] = m->arena_ + plan.offsets[scratch_request[i]];
    m->scratch_sizes_[i] = plan.sizes[scratch_request[i]];
  }
  return m;
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

Status CompiledModel::run_op(size_t i) {
  RunContext ctx{tensor_ptrs_.data(), scratch_ptrs_[i], scratch_sizes_[i], pool_.get()};
  Status s = ops_[i]->run(ctx);
  if (!s.ok()) return s.with_context(graph_.node_label(i));
  return s;
}

Status CompiledModel::invoke() {
  for (size_t i = 0; i < ops_.size(); ++i) OCTET_RETURN_IF_ERROR(run_op(i));
  return Status::Ok();
}

Status CompiledModel::invoke_profiled(std::span<double> op_seconds) {
  using Clock = std::chrono::steady_clock;
  for (size_t i = 0; i < ops_.size(); ++i) {
    const auto t0 = Clock::now();
    OCTET_RETURN_IF_ERROR(run_op(i));
    op_seconds[i] += std::chrono::duration<double>(Clock::now() - t0).count();
  }
  return Status::Ok();
}

int64_t CompiledModel::packed_weight_bytes() const {
  int64_t total = 0;
  for (const auto& op : ops_) total += op->packed_bytes();
  return total;
}

}  // namespace octet
