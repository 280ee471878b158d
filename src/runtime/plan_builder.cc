// plan_builder.cc - see plan_builder.h.
#include "runtime/plan_builder.h"

#include <algorithm>
#include <memory>

#include "ir/verify.h"
#include "passes/pad_folding.h"
#include "passes/pass_manager.h"
#include "runtime/kernel_table.h"
#include "runtime/memory_planner.h"
#include "runtime/ops/op_util.h"
#include "runtime/prepared_op.h"

namespace octet {

namespace {

constexpr int64_t kMaxArenaBytes = int64_t{8} << 30;

// Ops whose output is the input's bytes reinterpreted: the output aliases the input's memory.
bool is_alias_op(OpKind op) {
  return op == OpKind::kReshape || op == OpKind::kSqueeze || op == OpKind::kExpandDims;
}

// Prepares op i into a step: its kernel, params, shapes and tensors, and its scratch request.
Status prepare_step(const Graph& g, size_t i, const PlanOptions& options, Step& step) {
  const Node& node = g.nodes[i];
  const StepPrepareFn prepare = node.op == OpKind::kUnsupported ? nullptr : find_prepare(node.op);
  if (!prepare) {
    return error("{}: no kernel for this op; octet cannot run this model", g.node_label(i));
  }
  PrepareContext ctx{g,
                     node,
                     i,
                     options.target.isa,
                     options.target,
                     std::max(1, options.threads),
                     std::max<int64_t>(0, options.min_macs_per_task)};
  step.node = i;
  OCTET_RETURN_IF_ERROR(check_ranks(ctx));
  OCTET_RETURN_IF_ERROR(prepare(ctx, step));
  const KernelRow* row = choose_kernel(ctx, step);
  if (!row) {
    return ctx.fail("no kernel for {} -> {}{}", dtype_name(ctx.in(0).dtype),
                    dtype_name(ctx.out(0).dtype),
                    options.target.c_only ? " that the C generator can emit" : "");
  }
  step.kernel = row->kernel;
  if (row->bind) OCTET_RETURN_IF_ERROR(row->bind(ctx, step));
  step.scratch_min = std::max(step.scratch_min, ctx.scratch_bytes);
  step.scratch_preferred =
      std::max({step.scratch_preferred, ctx.scratch_preferred_bytes, step.scratch_min});
  return Status::Ok();
}

}  // namespace

Status apply_runtime_passes(Graph& g) {
  OCTET_RETURN_IF_ERROR(verify_graph(g));
  return run_passes(g, {Pass{"fold_pad_into_conv", fold_pad_into_conv}});
}

int64_t window_overlap_lead(const WindowGeometry& w, const Shape& in, int64_t in_element_bytes,
                            const Shape& out, int64_t out_element_bytes, int32_t pixel_group) {
  const int64_t batches = out[0], out_h = out[1], out_w = out[2], out_c = out[3];
  const int64_t in_h = in[1], in_w = in[2], in_c = in[3];
  const int64_t pixels = batches * out_h * out_w;
  // The first input tap (in bytes) of each output pixel's window; a window with no tap in the
  // input reads nothing (the end of the input).
  auto first_tap = [](int64_t o, int64_t stride, int64_t pad, int64_t dilation, int64_t taps,
                      int64_t size) -> int64_t {
    const int64_t start = o * stride - pad;
    const int64_t k = start >= 0 ? 0 : (-start + dilation - 1) / dilation;
    const int64_t at = start + k * dilation;
    return k < taps && at < size ? at : -1;
  };
  std::vector<int64_t> needed(static_cast<size_t>(pixels) + 1, in.elements() * in_element_bytes);
  for (int64_t p = pixels - 1; p >= 0; --p) {
    const int64_t b = p / (out_h * out_w), oy = p / out_w % out_h, ox = p % out_w;
    const int64_t iy = first_tap(oy, w.stride_h, w.pad_top, w.dilation_h, w.filter_h, in_h);
    const int64_t ix = first_tap(ox, w.stride_w, w.pad_left, w.dilation_w, w.filter_w, in_w);
    int64_t from = needed[p + 1];
    if (iy >= 0 && ix >= 0) {
      from = std::min(from, ((b * in_h + iy) * in_w + ix) * in_c * in_element_bytes);
    }
    needed[p] = from;  // the lowest input byte any pixel from p on reads
  }
  const int64_t group = std::max<int32_t>(1, pixel_group);
  int64_t lead = 0;
  for (int64_t p = 0; p < pixels; p += group) {
    const int64_t written = std::min(pixels, p + group) * out_c * out_element_bytes;
    lead = std::max(lead, written - needed[p]);
  }
  return lead;
}

Result<Plan> build_plan(const Graph& g, const PlanOptions& options) {
  Plan plan;
  plan.arena_alignment = options.arena_alignment;
  const size_t n_ops = g.nodes.size();

  // 1. Kernels.
  plan.steps.resize(n_ops);
  for (size_t i = 0; i < n_ops; ++i) {
    OCTET_RETURN_IF_ERROR(prepare_step(g, i, options, plan.steps[i]));
  }

  // 2. Storage: activations, with reshape-like outputs aliasing their input and elementwise
  // outputs over an input nothing reads later.
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
    // Variable (state) tensors keep their bytes from one invoke to the next: alive throughout.
    if (g.value(v).variable) {
      r.first_use = 0;
      r.last_use = end;
    }
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
  auto reusable = [&](int s, size_t op, int64_t bytes) {
    if (options.preserve_intermediates || requests[s].size != bytes) return false;
    for (ValueId m : members[s]) {
      if ((g.is_graph_input(m) && !options.inputs_consumed) || g.is_graph_output(m) ||
          g.value(m).variable) {
        return false;
      }
      if (!consumers[m].empty() && consumers[m].back() > static_cast<int>(op)) return false;
    }
    return true;
  };
  for (ValueId v : g.inputs) fresh(v);
  for (ValueId v = 0; v < static_cast<ValueId>(n_values); ++v) {
    if (g.value(v).variable && !g.value(v).is_constant() && storage[v] < 0) fresh(v);
  }
  for (size_t i = 0; i < n_ops; ++i) {
    const Node& node = g.nodes[i];
    const uint32_t in_place =
        options.allow_in_place && node.outputs.size() == 1 ? plan.steps[i].in_place_inputs : 0;
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
  // Window kernels that write in order: the output may overlap the input it is the last reader of.
  for (size_t i = 0; i < n_ops && options.allow_in_place && !options.preserve_intermediates; ++i) {
    const Step& step = plan.steps[i];
    const Node& node = g.nodes[i];
    if (!step.kernel || step.kernel->pixel_group <= 0 || !step.window || node.inputs.empty() ||
        node.outputs.size() != 1) {
      continue;
    }
    const ValueId in = node.inputs[0], out = node.outputs[0];
    if (in == kNoValue || g.value(in).is_constant() || storage[in] < 0 || storage[out] < 0 ||
        storage[in] == storage[out] || g.type(in).shape.rank() != 4 ||
        g.type(out).shape.rank() != 4) {
      continue;
    }
    BufferRequest& from = requests[storage[in]];
    BufferRequest& to = requests[storage[out]];
    const bool input_free =
        std::none_of(members[storage[in]].begin(), members[storage[in]].end(), [&](ValueId m) {
          return g.is_graph_output(m) || g.value(m).variable ||
                 (g.is_graph_input(m) && !options.inputs_consumed);
        });
    if (!input_free || from.last_use != static_cast<int>(i) ||
        to.first_use != static_cast<int>(i) || to.overlaps >= 0) {
      continue;
    }
    to.overlaps = storage[in];
    to.lead = window_overlap_lead(*step.window, g.type(in).shape, dtype_size(g.type(in).dtype),
                                  g.type(out).shape, dtype_size(g.type(out).dtype),
                                  step.kernel->pixel_group);
  }
  std::vector<int> scratch_request(n_ops, -1);
  for (size_t i = 0; i < n_ops; ++i) {
    const Step& s = plan.steps[i];
    if (s.scratch_min <= 0) continue;
    scratch_request[i] = static_cast<int>(requests.size());
    requests.push_back(BufferRequest{s.scratch_min, static_cast<int>(i), static_cast<int>(i),
                                     s.scratch_preferred});
  }

  // 3. Plan.
  const MemoryPlan memory = plan_memory(requests, options.arena_alignment);
  if (memory.arena_bytes > kMaxArenaBytes) {
    return error("the model needs a {} byte arena, more than the {} byte limit", memory.arena_bytes,
                 kMaxArenaBytes);
  }
  plan.arena_bytes = memory.arena_bytes;
  plan.tensor_offsets.assign(n_values, -1);
  for (ValueId v = 0; v < static_cast<ValueId>(n_values); ++v) {
    if (!g.value(v).is_constant() && storage[v] >= 0) {
      plan.tensor_offsets[v] = memory.offsets[storage[v]];
    }
  }
  plan.scratch_offsets.assign(n_ops, -1);
  plan.scratch_bytes.assign(n_ops, 0);
  for (size_t i = 0; i < n_ops; ++i) {
    if (scratch_request[i] < 0) continue;
    plan.scratch_offsets[i] = memory.offsets[scratch_request[i]];
    plan.scratch_bytes[i] = memory.sizes[scratch_request[i]];
  }
  return plan;
}

}  // namespace octet
