// memory_planner.cc - see memory_planner.h.
#include "runtime/memory_planner.h"

#include <algorithm>
#include <numeric>

namespace octet {

namespace {

int64_t align_up(int64_t x, int64_t a) { return (x + a - 1) / a * a; }

bool lifetimes_overlap(const BufferRequest& a, const BufferRequest& b) {
  return a.first_use <= b.last_use && b.first_use <= a.last_use;
}

// May request i at offset x and request j at offset y (sizes si, sj) be in the arena together?
bool compatible(std::span<const BufferRequest> req, size_t i, int64_t x, int64_t si, size_t j,
                int64_t y, int64_t sj) {
  if (si == 0 || sj == 0 || !lifetimes_overlap(req[i], req[j])) return true;
  if (x + si <= y || y + sj <= x) return true;
  if (req[i].overlaps == static_cast<int>(j)) return x <= y - req[i].lead;
  if (req[j].overlaps == static_cast<int>(i)) return y <= x - req[j].lead;
  return false;
}

// Places buffers in the given order, each at the lowest aligned offset where it is compatible
// with every buffer already placed: 0, the end of a live neighbour, or where it may overlap the
// buffer it writes behind (or that writes behind it).
MemoryPlan place_in_order(std::span<const BufferRequest> req, const std::vector<size_t>& order,
                          int64_t alignment) {
  MemoryPlan plan;
  plan.offsets.assign(req.size(), 0);
  plan.sizes.resize(req.size());
  for (size_t i = 0; i < req.size(); ++i) plan.sizes[i] = req[i].size;
  std::vector<size_t> placed, live;
  std::vector<int64_t> candidates;
  for (size_t i : order) {
    const BufferRequest& r = req[i];
    live.clear();
    candidates.assign(1, 0);
    for (size_t j : placed) {
      if (req[j].size == 0 || !lifetimes_overlap(r, req[j])) continue;
      live.push_back(j);
      candidates.push_back(align_up(plan.offsets[j] + req[j].size, alignment));
      if (r.overlaps == static_cast<int>(j) && plan.offsets[j] >= r.lead) {
        candidates.push_back((plan.offsets[j] - r.lead) / alignment * alignment);
      }
      if (req[j].overlaps == static_cast<int>(i)) {
        candidates.push_back(align_up(plan.offsets[j] + req[j].lead, alignment));
      }
    }
    std::sort(candidates.begin(), candidates.end());
    int64_t offset = candidates.back();
    for (int64_t c : candidates) {
      const bool fits = std::all_of(live.begin(), live.end(), [&](size_t j) {
        return compatible(req, i, c, r.size, j, plan.offsets[j], req[j].size);
      });
      if (fits) {
        offset = c;
        break;
      }
    }
    plan.offsets[i] = offset;
    plan.arena_bytes = std::max(plan.arena_bytes, align_up(offset + r.size, alignment));
    placed.push_back(i);
  }
  return plan;
}

// Grows each elastic buffer (in request order) into the largest aligned gap of the arena that no
// buffer alive at the same time occupies (the gap its minimum already sits in counts).
void grow_elastic(std::span<const BufferRequest> req, int64_t alignment, MemoryPlan& plan) {
  std::vector<std::pair<int64_t, int64_t>> busy;
  for (size_t i = 0; i < req.size(); ++i) {
    const BufferRequest& r = req[i];
    if (r.max_size <= r.size) continue;
    busy.clear();
    for (size_t j = 0; j < req.size(); ++j) {
      if (j != i && plan.sizes[j] > 0 && lifetimes_overlap(r, req[j])) {
        busy.emplace_back(plan.offsets[j], plan.offsets[j] + plan.sizes[j]);
      }
    }
    busy.emplace_back(plan.arena_bytes, plan.arena_bytes);  // the end of the arena
    std::sort(busy.begin(), busy.end());
    int64_t best_offset = plan.offsets[i], best_size = plan.sizes[i];
    int64_t free_from = 0;
    for (const auto& [begin, end] : busy) {
      const int64_t gap = std::min(begin - free_from, r.max_size);
      if (gap > best_size) {
        best_size = gap;
        best_offset = free_from;
      }
      free_from = std::max(free_from, align_up(end, alignment));
    }
    plan.offsets[i] = best_offset;
    plan.sizes[i] = best_size;
  }
}

}  // namespace

MemoryPlan plan_memory(std::span<const BufferRequest> req, int64_t alignment) {
  std::vector<size_t> by_size(req.size());
  std::iota(by_size.begin(), by_size.end(), 0);
  std::stable_sort(by_size.begin(), by_size.end(), [&](size_t a, size_t b) {
    if (req[a].size != req[b].size) return req[a].size > req[b].size;
    return req[a].first_use < req[b].first_use;
  });
  MemoryPlan best = place_in_order(req, by_size, alignment);

  // Second candidate: by first use, larger first among equals (good for chains of ops where each
  // buffer dies right after the next is born).
  std::vector<size_t> by_time(req.size());
  std::iota(by_time.begin(), by_time.end(), 0);
  std::stable_sort(by_time.begin(), by_time.end(), [&](size_t a, size_t b) {
    if (req[a].first_use != req[b].first_use) return req[a].first_use < req[b].first_use;
    return req[a].size > req[b].size;
  });
  MemoryPlan alt = place_in_order(req, by_time, alignment);
  if (alt.arena_bytes < best.arena_bytes) best = std::move(alt);

  // Third: by lifetime length × size ("area"), longest-lived large buffers first.
  std::vector<size_t> by_area(req.size());
  std::iota(by_area.begin(), by_area.end(), 0);
  std::stable_sort(by_area.begin(), by_area.end(), [&](size_t a, size_t b) {
    const int64_t area_a = req[a].size * (req[a].last_use - req[a].first_use + 1);
    const int64_t area_b = req[b].size * (req[b].last_use - req[b].first_use + 1);
    return area_a > area_b;
  });
  alt = place_in_order(req, by_area, alignment);
  if (alt.arena_bytes < best.arena_bytes) best = std::move(alt);

  // Fourth, when some buffer may overlap its input: latest first, so that an output is placed
  // before the input it overlaps and the input can then sit `lead` bytes above it.
  const bool any_overlap =
      std::any_of(req.begin(), req.end(), [](const BufferRequest& r) { return r.overlaps >= 0; });
  if (any_overlap) {
    std::vector<size_t> latest(by_time.rbegin(), by_time.rend());
    alt = place_in_order(req, latest, alignment);
    if (alt.arena_bytes < best.arena_bytes) best = std::move(alt);
  }
  grow_elastic(req, alignment, best);
  return best;
}

bool plan_is_valid(std::span<const BufferRequest> req, const MemoryPlan& plan) {
  if (plan.sizes.size() != req.size()) return false;
  for (size_t i = 0; i < req.size(); ++i) {
    const int64_t si = plan.sizes[i];
    if (si < req[i].size || (si > req[i].size && si > req[i].max_size)) return false;
    if (plan.offsets[i] < 0 || plan.offsets[i] + si > plan.arena_bytes) return false;
    for (size_t j = i + 1; j < req.size(); ++j) {
      if (!compatible(req, i, plan.offsets[i], si, j, plan.offsets[j], plan.sizes[j])) {
        return false;
      }
    }
  }
  return true;
}

}  // namespace octet
