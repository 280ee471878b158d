// memory_planner.h - where each buffer lives in the arena. Given sizes and lifetimes (first and
// last op index that touch a buffer), place buffers so that no two live at once overlap, keeping
// the arena small. Greedy by size over lifetimes (as TFLM's GreedyMemoryPlanner), plus a
// lifetime-ordered variant; the smaller plan wins. A buffer may overlap the one it names in
// `overlaps` when it starts at least `lead` bytes below it (an output written behind the reads of
// the input it replaces).
//
// A buffer may be elastic (an op's scratch that works with any size from `size` up to `max_size`,
// faster with more): the arena is planned with the minimum sizes, then each elastic buffer grows
// into the largest free gap the plan leaves around it, never making the arena bigger.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace octet {

struct BufferRequest {
  int64_t size = 0;
  int first_use = 0;     // op index that writes it first (0 for graph inputs)
  int last_use = 0;      // op index that reads it last (ops count for graph outputs)
  int64_t max_size = 0;  // > size: elastic, may get up to this many bytes
  // >= 0: the request (an op's input that dies at this buffer's first use) this buffer may
  // overlap, if it starts at least `lead` bytes below that request's start: a window kernel
  // writing its output in order behind its reads (plan_builder.h).
  int overlaps = -1;
  int64_t lead = 0;
};

struct MemoryPlan {
  std::vector<int64_t> offsets;  // per request, aligned
  std::vector<int64_t> sizes;    // per request: size, or what an elastic buffer got
  int64_t arena_bytes = 0;
};

MemoryPlan plan_memory(std::span<const BufferRequest> requests, int64_t alignment);

// True when no two requests that are alive at the same op overlap in the plan, but as `overlaps`
// allows.
bool plan_is_valid(std::span<const BufferRequest> requests, const MemoryPlan& plan);

}  // namespace octet
