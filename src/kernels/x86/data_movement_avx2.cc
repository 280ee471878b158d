// data_movement_avx2.cc - transpose_nchw_to_nhwc_c3_avx2 (see data_movement.h): three planes of
// 16 bytes become 48 interleaved bytes through nine pshufb and six ors.
#include <immintrin.h>

#include <cstddef>

#include "kernels/x86/data_movement.h"

namespace octet::x86 {

void transpose_nchw_to_nhwc_c3_avx2(const octet_shape* in_shape, const uint8_t* in, uint8_t* out) {
  const size_t plane = static_cast<size_t>(in_shape->dims[2]) * in_shape->dims[3];
  // Output byte j of chunk q (q = 0, 1, 2) is pixel (16q + j) / 3 of plane (16q + j) % 3; each
  // mask picks, for one plane, the bytes that land in one chunk (-1 elsewhere).
  alignas(16) int8_t masks[3][3][16];
  for (int q = 0; q < 3; ++q) {
    for (int c = 0; c < 3; ++c) {
      for (int j = 0; j < 16; ++j) {
        const int o = 16 * q + j;
        masks[q][c][j] = static_cast<int8_t>(o % 3 == c ? o / 3 : -1);
      }
    }
  }
  __m128i m[3][3];
  for (int q = 0; q < 3; ++q) {
    for (int c = 0; c < 3; ++c)
      m[q][c] = _mm_load_si128(reinterpret_cast<const __m128i*>(masks[q][c]));
  }
  for (int32_t n = 0; n < in_shape->dims[0]; ++n) {
    const uint8_t* p0 = in + static_cast<size_t>(n) * 3 * plane;
    const uint8_t* p1 = p0 + plane;
    const uint8_t* p2 = p1 + plane;
    uint8_t* dst = out + static_cast<size_t>(n) * 3 * plane;
    size_t i = 0;
    for (; i + 16 <= plane; i += 16, dst += 48) {
      const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p0 + i));
      const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p1 + i));
      const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p2 + i));
      for (int q = 0; q < 3; ++q) {
        const __m128i v =
            _mm_or_si128(_mm_or_si128(_mm_shuffle_epi8(a, m[q][0]), _mm_shuffle_epi8(b, m[q][1])),
                         _mm_shuffle_epi8(c, m[q][2]));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + 16 * q), v);
      }
    }
    for (; i < plane; ++i, dst += 3) {
      dst[0] = p0[i];
      dst[1] = p1[i];
      dst[2] = p2[i];
    }
  }
}

}  // namespace octet::x86
