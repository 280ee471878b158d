// mean_avx2.cc - mean_q8_rows_avx2 (see mean.h). Per block of columns the sums stay in registers
// over all `reduced` rows: each row's 16 bytes are widened to int16 lanes and added there for up
// to 128 rows (|sum| <= 128 * 128, or 128 * 255 for uint8, fits int16), then the int16 lanes are
// widened into int32 accumulators, whose adds wrap as the reference's do. The last partial block
// of 16 columns is recomputed overlapping the previous one (same sums written twice). The finish
// takes 16 sums at a time too (one scalar finish per output would cost more than the sums).
#include <immintrin.h>

#include <algorithm>
#include <cstdint>

#include "kernels/x86/mean.h"
#include "kernels/x86/requant_avx2.h"

namespace octet::x86 {

namespace {

constexpr int64_t kInt16Rows = 128;  // rows an int16 lane sums exactly

template <bool kUnsigned>
inline __m256i widen16_epi16(const uint8_t* p) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  return kUnsigned ? _mm256_cvtepu8_epi16(v) : _mm256_cvtepi8_epi16(v);
}

// Sums the kVectors * 16 columns at `in` over `reduced` rows `inner` bytes apart into sums.
template <bool kUnsigned, int kVectors>
void sum_columns(const uint8_t* in, int64_t reduced, int64_t inner, int32_t* sums) {
  __m256i lo[kVectors], hi[kVectors];
  for (int v = 0; v < kVectors; ++v) lo[v] = hi[v] = _mm256_setzero_si256();
  for (int64_t r0 = 0; r0 < reduced; r0 += kInt16Rows) {
    const int64_t rows = std::min(kInt16Rows, reduced - r0);
    __m256i acc[kVectors];
    for (int v = 0; v < kVectors; ++v) acc[v] = _mm256_setzero_si256();
    const uint8_t* row = in + r0 * inner;
    for (int64_t r = 0; r < rows; ++r, row += inner) {
      for (int v = 0; v < kVectors; ++v) {
        acc[v] = _mm256_add_epi16(acc[v], widen16_epi16<kUnsigned>(row + 16 * v));
      }
    }
    for (int v = 0; v < kVectors; ++v) {
      lo[v] = _mm256_add_epi32(lo[v], _mm256_cvtepi16_epi32(_mm256_castsi256_si128(acc[v])));
      hi[v] = _mm256_add_epi32(hi[v], _mm256_cvtepi16_epi32(_mm256_extracti128_si256(acc[v], 1)));
    }
  }
  for (int v = 0; v < kVectors; ++v) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(sums + 16 * v), lo[v]);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(sums + 16 * v + 8), hi[v]);
  }
}

// inner >= 16.
template <bool kUnsigned>
void sum_rows(const uint8_t* in, const MeanRows& m, int32_t* sums) {
  for (int64_t o = 0; o < m.outer; ++o, in += m.reduced * m.inner, sums += m.inner) {
    int64_t c = 0;
    for (; c + 64 <= m.inner; c += 64) {
      sum_columns<kUnsigned, 4>(in + c, m.reduced, m.inner, sums + c);
    }
    for (; c + 16 <= m.inner; c += 16) {
      sum_columns<kUnsigned, 1>(in + c, m.reduced, m.inner, sums + c);
    }
    if (c < m.inner) {
      c = m.inner - 16;
      sum_columns<kUnsigned, 1>(in + c, m.reduced, m.inner, sums + c);
    }
  }
}

// The reference's requantizing finish (same_quantization 0), 16 sums at a time; the rest through
// mean_finish_q8. The centered sum wraps as the reference's int32 cast does.
template <bool kUnsigned>
void finish_requantized(const octet_mean_params* p, const int32_t* sums, int64_t n,
                        uint8_t* output) {
  const UniformQuantizedMultiplier q(p->multiplier, p->shift);
  const __m256i offset =
      _mm256_set1_epi32(static_cast<int32_t>(int64_t{p->input_zero_point} * p->count));
  const OutputLanes lanes(p->output_zero_point, kUnsigned ? 0 : -128, kUnsigned ? 255 : 127);
  auto requantize = [&](const int32_t* s) {
    const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(s));
    return _mm256_add_epi32(q.apply(_mm256_sub_epi32(x, offset)), lanes.zero_point);
  };
  int64_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const __m128i v = narrow16_avx2<kUnsigned>(requantize(sums + i), requantize(sums + i + 8),
                                               lanes.act_min, lanes.act_max);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(output + i), v);
  }
  mean_finish_q8(p, kUnsigned, sums + i, n - i, output + i);
}

// The reference's same_quantization finish: sum / count truncated toward zero, in double precision,
// 16 sums at a time; the rest through mean_finish_q8. Exact for count < 2^31: a quotient that is
// not an integer lies at least 1 / count from one, and dividing |sum| <= 2^31 errs by less than
// 2^31 / count * 2^-53. The quotient is cast to the 8-bit type as the reference does (it fits
// unless a uint8 sum wrapped).
void finish_divided(const octet_mean_params* p, bool is_unsigned, const int32_t* sums, int64_t n,
                    uint8_t* output) {
  const __m256d count = _mm256_set1_pd(static_cast<double>(p->count));
  const __m256i low_byte = _mm256_set1_epi32(0xFF);
  auto divide8 = [&](const int32_t* s) {
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + 4));
    const __m128i qa = _mm256_cvttpd_epi32(_mm256_div_pd(_mm256_cvtepi32_pd(a), count));
    const __m128i qb = _mm256_cvttpd_epi32(_mm256_div_pd(_mm256_cvtepi32_pd(b), count));
    return _mm256_and_si256(_mm256_set_m128i(qb, qa), low_byte);
  };
  int64_t i = 0;
  for (; i + 16 <= n; i += 16) {
    // Each lane is its low byte: the saturating packs keep it.
    const __m256i w = _mm256_permute4x64_epi64(
        _mm256_packus_epi32(divide8(sums + i), divide8(sums + i + 8)), 0xD8);
    const __m128i v = _mm_packus_epi16(_mm256_castsi256_si128(w), _mm256_extracti128_si256(w, 1));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(output + i), v);
  }
  mean_finish_q8(p, is_unsigned, sums + i, n - i, output + i);
}

}  // namespace

void mean_q8_rows_avx2(const octet_mean_params* p, const octet_shape* input_shape,
                       const uint8_t* input, bool is_unsigned, const octet_shape* output_shape,
                       uint8_t* output, int32_t* scratch) {
  const MeanRows m = mean_rows(p, input_shape);
  if (m.inner < 16 || m.outer * m.reduced == 0) {
    mean_q8_rows(p, input_shape, input, is_unsigned, output_shape, output, scratch);
    return;
  }
  const int64_t n_out = octet_shape_elements(output_shape);
  is_unsigned ? sum_rows<true>(input, m, scratch) : sum_rows<false>(input, m, scratch);
  if (p->same_quantization) {
    if (p->count <= INT32_MAX) return finish_divided(p, is_unsigned, scratch, n_out, output);
  } else if (p->multiplier >= 0 && p->shift >= -31 && p->shift <= 30) {
    // UniformQuantizedMultiplier's range, which prepare_mean's and prepare_sum's are in.
    return is_unsigned ? finish_requantized<true>(p, scratch, n_out, output)
                       : finish_requantized<false>(p, scratch, n_out, output);
  }
  mean_finish_q8(p, is_unsigned, scratch, n_out, output);
}

}  // namespace octet::x86
