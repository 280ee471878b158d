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

// Places buffers in the given order, each at the lowest aligned offset that does not collide with
// an already placed buffer whose lifetime overlaps.
MemoryPlan place_in_order(std::span<const BufferRequest> req, const std::vector<size_t>& order,
                          int64_t alignment) {
  MemoryPlan plan;
  plan.offsets.assign(req.size(), 0);
  std::vector<size_t> placed;
  std::vector<std::pair<int64_t, int64_t>> busy;  // [begin, end) of live neighbours
  for (size_t i : order) {
    const BufferRequest& r = req[i];
    busy.clear();
    for (size_t j : placed) {
      if (req[j].size > 0 && lifetimes_overlap(r, req[j])) {
        busy.emplace_back(plan.offsets[j], plan.offsets[j] + req[j].size);
      }
    }
    std::sort(busy.begin(), busy.end());
    int64_t offset = 0;
    for (const auto& [begin, end] : busy) {
      if (offset + r.size <= begin) break;
      offset = std::max(offset, align_up(end, alignment));
    }
    plan.offsets[i] = offset;
    plan.arena_bytes = std::max(plan.arena_bytes, align_up(offset + r.size, alignment));
    placed.push_back(i);
  }
  return plan;
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
  return best;
}

bool plan_is_valid(std::span<const BufferRequest> req, const MemoryPlan& plan) {
  for (size_t i = 0; i < req.size(); ++i) {
    if (plan.offsets[i] < 0 || plan.offsets[i] + req[i].size > plan.arena_bytes) return false;
    for (size_t j = i + 1; j < req.size(); ++j) {
      if (req[i].size == 0 || req[j].size == 0 || !lifetimes_overlap(req[i], req[j])) continue;
      const bool disjoint = plan.offsets[i] + req[i].size <= plan.offsets[j] ||
                            plan.offsets[j] + req[j].size <= plan.offsets[i];
      if (!disjoint) return false;
    }
  }
  return true;
}

}  // namespace octet
