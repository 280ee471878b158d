// memory_planner_test.cc - the planner never overlaps buffers that are alive together, reuses
// memory of dead ones, and reaches the obvious optimum on small hand-made cases.
#include "runtime/memory_planner.h"

#include <gtest/gtest.h>

#include <random>

namespace octet {
namespace {

TEST(MemoryPlanner, ChainReusesTwoSlots) {
  // a -> b -> c -> d, each 100 bytes: at most two alive at once.
  std::vector<BufferRequest> r = {{100, 0, 1}, {100, 1, 2}, {100, 2, 3}, {100, 3, 4}};
  const MemoryPlan p = plan_memory(r, 1);
  EXPECT_TRUE(plan_is_valid(r, p));
  EXPECT_EQ(p.arena_bytes, 200);
}

TEST(MemoryPlanner, OverlappingLifetimesGetDisjointMemory) {
  std::vector<BufferRequest> r = {{64, 0, 5}, {32, 1, 2}, {32, 2, 3}, {16, 4, 5}};
  const MemoryPlan p = plan_memory(r, 16);
  EXPECT_TRUE(plan_is_valid(r, p));
  // 64 is alive throughout; the others never overlap each other beyond two at once (32 + 32 at
  // op 2): 64 + 64.
  EXPECT_EQ(p.arena_bytes, 128);
}

TEST(MemoryPlanner, AlignmentIsRespected) {
  std::vector<BufferRequest> r = {{10, 0, 1}, {10, 0, 1}, {10, 0, 1}};
  const MemoryPlan p = plan_memory(r, 64);
  EXPECT_TRUE(plan_is_valid(r, p));
  for (int64_t o : p.offsets) EXPECT_EQ(o % 64, 0);
  EXPECT_EQ(p.arena_bytes, 192);
}

TEST(MemoryPlanner, ResidualBlock) {
  // x (alive until the add at op 3), conv1 out, conv2 out, add out: x + two temporaries.
  std::vector<BufferRequest> r = {{1000, 0, 3}, {1000, 1, 2}, {1000, 2, 3}, {1000, 3, 4}};
  const MemoryPlan p = plan_memory(r, 1);
  EXPECT_TRUE(plan_is_valid(r, p));
  EXPECT_EQ(p.arena_bytes, 3000);
}

TEST(MemoryPlanner, RandomLifetimesAreAlwaysValidAndNoWorseThanNoReuse) {
  std::mt19937 rng(3);
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<BufferRequest> r(1 + rng() % 40);
    int64_t total = 0;
    int64_t peak_live = 0;
    for (BufferRequest& b : r) {
      b.first_use = static_cast<int>(rng() % 30);
      b.last_use = b.first_use + static_cast<int>(rng() % 8);
      b.size = static_cast<int64_t>(rng() % 5000);
      total += (b.size + 15) / 16 * 16;
    }
    for (int t = 0; t < 40; ++t) {
      int64_t live = 0;
      for (const BufferRequest& b : r) {
        if (b.first_use <= t && t <= b.last_use) live += b.size;
      }
      peak_live = std::max(peak_live, live);
    }
    const MemoryPlan p = plan_memory(r, 16);
    ASSERT_TRUE(plan_is_valid(r, p)) << "trial " << trial;
    EXPECT_LE(p.arena_bytes, total);
    EXPECT_GE(p.arena_bytes, peak_live);  // no plan can beat the peak of live bytes
  }
}

TEST(MemoryPlanner, AnOutputWrittenBehindItsInputOverlapsIt) {
  // in (32 bytes, dies at op 1) and out (32 bytes, born at op 1) that may overlap in when it
  // starts at least 12 bytes below it: out at 0, in at 12, 44 bytes instead of 64.
  std::vector<BufferRequest> r = {{32, 0, 1}, {32, 1, 2}};
  r[1].overlaps = 0;
  r[1].lead = 12;
  MemoryPlan p = plan_memory(r, 1);
  EXPECT_TRUE(plan_is_valid(r, p));
  EXPECT_EQ(p.arena_bytes, 44);
  EXPECT_EQ(p.offsets[0] - p.offsets[1], 12);
  // Less than the lead apart is not valid; farther is.
  p.offsets = {11, 0};
  EXPECT_FALSE(plan_is_valid(r, p));
  p.offsets = {13, 0};
  p.arena_bytes = 45;
  EXPECT_TRUE(plan_is_valid(r, p));
  // The relation goes one way: out may not sit above the start of in.
  p.offsets = {0, 12};
  EXPECT_FALSE(plan_is_valid(r, p));
  // Alignment rounds the distance up: out at 0, in at 16.
  p = plan_memory(r, 8);
  EXPECT_TRUE(plan_is_valid(r, p));
  EXPECT_EQ(p.arena_bytes, 48);
}

TEST(MemoryPlanner, OverlapsStayValidOnRandomChains) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<BufferRequest> r;
    const int n = 2 + static_cast<int>(rng() % 12);
    for (int i = 0; i < n; ++i) {
      BufferRequest b{1 + static_cast<int64_t>(rng() % 200), i,
                      i + 1 + static_cast<int>(rng() % 3)};
      // Buffer i may overlap buffer i-1 when i-1 dies where i is born.
      if (i > 0 && r[i - 1].last_use == i && rng() % 2) {
        b.overlaps = i - 1;
        b.lead = static_cast<int64_t>(rng() % (b.size + 1));
      }
      r.push_back(b);
    }
    const MemoryPlan p = plan_memory(r, 1 + static_cast<int64_t>(rng() % 2) * 7);
    ASSERT_TRUE(plan_is_valid(r, p)) << "trial " << trial;
  }
}

TEST(MemoryPlanner, ElasticBuffersGrowIntoGapsWithoutGrowingTheArena) {
  // Two 1000-byte tensors alive over ops 0-2; op 1's scratch needs 100 bytes and would like 5000,
  // op 2's would like 2000 while a third tensor (1500 bytes) is alive only at op 0.
  std::vector<BufferRequest> r = {
      {1000, 0, 2}, {1000, 0, 2}, {1500, 0, 0}, {100, 1, 1, 5000}, {100, 2, 2, 2000}};
  const MemoryPlan p = plan_memory(r, 16);
  EXPECT_TRUE(plan_is_valid(r, p));
  // The minimums fit beside the tensors: the arena is what the tensors alone need.
  EXPECT_EQ(p.arena_bytes,
            plan_memory(std::vector<BufferRequest>(r.begin(), r.begin() + 3), 16).arena_bytes);
  EXPECT_EQ(p.sizes[0], 1000);
  EXPECT_GE(p.sizes[3], 1500);  // the gap the third tensor leaves after op 0
  EXPECT_LE(p.sizes[3], 5000);
  EXPECT_GE(p.sizes[4], 1500);
  EXPECT_LE(p.sizes[4], 2000);
}

TEST(MemoryPlanner, ElasticBuffersStayValidOnRandomLifetimes) {
  std::mt19937 rng(11);
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<BufferRequest> r(1 + rng() % 30);
    for (BufferRequest& b : r) {
      b.first_use = static_cast<int>(rng() % 20);
      b.last_use = b.first_use + (rng() % 3 == 0 ? 0 : static_cast<int>(rng() % 5));
      b.size = static_cast<int64_t>(rng() % 4000);
      if (rng() % 3 == 0) b.max_size = b.size + static_cast<int64_t>(rng() % 8000);
    }
    std::vector<BufferRequest> fixed = r;
    for (BufferRequest& b : fixed) b.max_size = 0;
    const MemoryPlan p = plan_memory(r, 64);
    ASSERT_TRUE(plan_is_valid(r, p)) << "trial " << trial;
    EXPECT_EQ(p.arena_bytes, plan_memory(fixed, 64).arena_bytes) << "trial " << trial;
  }
}

}  // namespace
}  // namespace octet
