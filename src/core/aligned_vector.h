// aligned_vector.h - std::vector whose storage starts on a 64-byte boundary (a cache line and a
// zmm register): packed weights and requantization tables that kernels read in 32- and 64-byte
// vectors. malloc's 16-byte alignment leaves three in four of those loads split across two cache
// lines, which costs a second load on every weight vector of a GEMM's inner loop.
#pragma once

#include <cstddef>
#include <cstdint>
#include <new>
#include <vector>

namespace octet {

inline constexpr size_t kCacheLineBytes = 64;

template <typename T>
struct CacheLineAllocator {
  using value_type = T;
  CacheLineAllocator() = default;
  template <typename U>
  CacheLineAllocator(const CacheLineAllocator<U>&) noexcept {}
  T* allocate(size_t n) {
    return static_cast<T*>(::operator new (n * sizeof(T), std::align_val_t{kCacheLineBytes}));
  }
  void deallocate(T* p, size_t) noexcept {
    ::operator delete (p, std::align_val_t{kCacheLineBytes});
  }
  friend bool operator==(const CacheLineAllocator&, const CacheLineAllocator&) { return true; }
};

template <typename T>
using AlignedVector = std::vector<T, CacheLineAllocator<T>>;

// The first cache-line boundary at or after p (kernels carve their scratch from there; its size
// counts kCacheLineBytes of slack for this).
template <typename T>
T* align_to_cache_line(uint8_t* p) {
  const uintptr_t a =
      (reinterpret_cast<uintptr_t>(p) + kCacheLineBytes - 1) & ~uintptr_t{kCacheLineBytes - 1};
  return reinterpret_cast<T*>(a);
}

}  // namespace octet
