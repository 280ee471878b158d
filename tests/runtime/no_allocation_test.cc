// no_allocation_test.cc - invoke() touches only the arena and prepared data: counted through the
// global operator new, a warm invoke allocates nothing, at every ISA level and with a thread pool.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "frontend/tflite/reader.h"
#include "io/tensor_file.h"
#include "runtime/compiled_model.h"
#include "test_util.h"

namespace {
std::atomic<bool> g_counting{false};
std::atomic<long> g_allocations{0};
}  // namespace

void* operator new(std::size_t n) {
  if (g_counting.load(std::memory_order_relaxed)) g_allocations.fetch_add(1);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return operator new(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  if (g_counting.load(std::memory_order_relaxed)) g_allocations.fetch_add(1);
  return std::malloc(n ? n : 1);
}
void* operator new[](std::size_t n, const std::nothrow_t& t) noexcept { return operator new(n, t); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace octet {
namespace {

TEST(NoAllocation, InvokeAllocatesNothing) {
  OCTET_REQUIRE_SHARED(shared);
  for (const char* model : {"tflm_mobilenet_v2_quantized_1x3x224x224.tflite",
                            "coral_mobilenet_v1_0.25_128_quant.tflite", "tiny_kws_ref_model.tflite",
                            "tiny_vww_96_float.tflite", "coral_split_concat.tflite"}) {
    auto g = read_tflite_file(shared + "/models/" + model);
    ASSERT_TRUE(g.ok()) << g.message();
    for (Isa isa : {Isa::kReference, Isa::kAvx2, Isa::kAvx512Vnni}) {
      if (!isa_supported(isa)) continue;
      for (int threads : {1, 2}) {
        SCOPED_TRACE(std::string(model) + " " + std::string(isa_name(isa)) + " threads " +
                     std::to_string(threads));
        CompileOptions o;
        o.isa = isa;
        o.threads = threads;
        auto m = CompiledModel::compile(*g, o);
        ASSERT_TRUE(m.ok()) << m.message();
        for (size_t i = 0; i < (*m)->input_count(); ++i) {
          const auto in = random_tensor((*m)->input_type(i), i);
          std::copy(in.begin(), in.end(), (*m)->input_data(i).begin());
        }
        ASSERT_TRUE((*m)->invoke().ok());  // warm
        g_allocations = 0;
        g_counting = true;
        const Status s = (*m)->invoke();
        g_counting = false;
        ASSERT_TRUE(s.ok()) << s.message();
        EXPECT_EQ(g_allocations.load(), 0);
      }
    }
  }
}

}  // namespace
}  // namespace octet
