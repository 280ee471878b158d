// softmax_avx2.cc - the table softmax of softmax.h: row maximum on 32 bytes per step, table terms
// gathered eight at a time for the sum, and the output scaling (SRDHM by the row's reciprocal,
// rounding shift, output minimum added, saturating narrow) on eight int32 lanes.
#include <immintrin.h>

#include <cstring>

#include "kernels/x86/requant_avx2.h"
#include "kernels/x86/softmax.h"

namespace octet::x86 {

namespace {

constexpr int kAccumIntegerBits = 12;  // the sum is Q12.19, as in the reference

template <typename In>
inline __m256i widen8_epi32(const In* p) {
  const __m128i v = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(p));
  if constexpr (sizeof(In) == 1 && static_cast<In>(-1) < 0) {
    return _mm256_cvtepi8_epi32(v);
  } else {
    return _mm256_cvtepu8_epi32(v);
  }
}

template <typename In>
int32_t row_max(const In* in, int32_t n) {
  constexpr bool kSigned = static_cast<In>(-1) < 0;
  int32_t c = 0, best = in[0];
  if (n >= 32) {
    __m256i m = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(in));
    for (c = 32; c + 32 <= n; c += 32) {
      const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(in + c));
      m = kSigned ? _mm256_max_epi8(m, v) : _mm256_max_epu8(m, v);
    }
    alignas(32) In lanes[32];
    _mm256_store_si256(reinterpret_cast<__m256i*>(lanes), m);
    for (int i = 0; i < 32; ++i) best = best < lanes[i] ? lanes[i] : best;
  }
  for (; c < n; ++c) best = best < in[c] ? in[c] : best;
  return best;
}

inline int32_t horizontal_sum_wrapping(__m256i v) {
  const __m128i s = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
  const __m128i s2 = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0x4E));
  return _mm_cvtsi128_si32(_mm_add_epi32(s2, _mm_shuffle_epi32(s2, 0xB1)));
}

// The sum of the row's accumulation terms; int32 additions wrap, as the reference's do, so the
// order of the additions does not matter.
template <typename In>
int32_t row_sum(const SoftmaxExpTable* t, const In* in, int32_t n, int32_t max) {
  const __m256i vmax = _mm256_set1_epi32(max);
  const int* table = reinterpret_cast<const int*>(t->accum_term);
  __m256i acc0 = _mm256_setzero_si256(), acc1 = _mm256_setzero_si256();
  int32_t c = 0;
  for (; c + 16 <= n; c += 16) {
    const __m256i d0 = _mm256_sub_epi32(vmax, widen8_epi32(in + c));
    const __m256i d1 = _mm256_sub_epi32(vmax, widen8_epi32(in + c + 8));
    acc0 = _mm256_add_epi32(acc0, _mm256_i32gather_epi32(table, d0, 4));
    acc1 = _mm256_add_epi32(acc1, _mm256_i32gather_epi32(table, d1, 4));
  }
  uint32_t sum = static_cast<uint32_t>(horizontal_sum_wrapping(_mm256_add_epi32(acc0, acc1)));
  for (; c < n; ++c) sum += static_cast<uint32_t>(t->accum_term[max - in[c]]);
  return static_cast<int32_t>(sum);
}

// One output element exactly as the reference computes it from the table exp.
template <typename Out, int32_t kOutMin, int32_t kOutMax>
inline Out scale_one(int32_t exp, int32_t reciprocal, int exponent) {
  const int32_t unsat = octet_rounding_divide_by_pot(octet_srdhm(reciprocal, exp), exponent);
  return static_cast<Out>(octet_clamp_i32(unsat + kOutMin, kOutMin, kOutMax));
}

template <typename In, typename Out, int32_t kOutMin, int32_t kOutMax>
void softmax_rows(const SoftmaxExpTable* t, const octet_softmax_params* p, const octet_shape* shape,
                  const In* input, Out* output,
                  void (*reference)(const octet_softmax_params*, const octet_shape*, const In*,
                                    Out*)) {
  constexpr int kOutBits = sizeof(Out) * 8;
  const int32_t depth = shape->dims[shape->rank - 1];
  const int64_t rows = depth > 0 ? octet_shape_elements(shape) / depth : 0;
  const int* exp_table = reinterpret_cast<const int*>(t->exp);
  for (int64_t r = 0; r < rows; ++r) {
    const In* in = input + r * depth;
    Out* out = output + r * depth;
    const int32_t max = row_max(in, depth);
    const int32_t sum = row_sum(t, in, depth, max);
    int num_bits_over_unit = 0;
    // A sum of 0 (only after wrapping, rows of thousands) has no reciprocal, and with 8-bit
    // outputs a sum of 2^28 or more (some 512 elements at the maximum) gives an exponent above 31,
    // a shift TFLite leaves undefined and octet_rounding_divide_by_pot defines: such a row goes
    // to the reference itself.
    int exponent = -1;
    if (sum != 0) {
      exponent = kAccumIntegerBits - octet_count_leading_zeros_u32(static_cast<uint32_t>(sum)) +
                 31 - kOutBits;
    }
    if (exponent < 0 || exponent > 31) {
      octet_shape row_shape{};
      row_shape.rank = 1;
      row_shape.dims[0] = depth;
      reference(p, &row_shape, in, out);
      continue;
    }
    const int32_t reciprocal = octet_fx_get_reciprocal(sum, kAccumIntegerBits, &num_bits_over_unit);
    const __m256i vmax = _mm256_set1_epi32(max);
    const __m256i vrecip = _mm256_set1_epi32(reciprocal);
    const __m128i shift = _mm_cvtsi32_si128(exponent);
    const int32_t mask = static_cast<int32_t>((int64_t{1} << exponent) - 1);
    const __m256i vmask = _mm256_set1_epi32(mask), vhalf = _mm256_set1_epi32(mask >> 1);
    const __m256i vmin = _mm256_set1_epi32(kOutMin);
    // exp >= 0 and reciprocal > 0: SRDHM's product is never negative (srdhm_avx2's rounding is
    // the reference's for every sign anyway), the rounding threshold is mask / 2.
    auto scale8 = [&](const In* src) {
      const __m256i d = _mm256_sub_epi32(vmax, widen8_epi32(src));
      const __m256i e = _mm256_i32gather_epi32(exp_table, d, 4);
      const __m256i x = srdhm_avx2(e, vrecip, vrecip);
      const __m256i up = _mm256_cmpgt_epi32(_mm256_and_si256(x, vmask), vhalf);
      return _mm256_add_epi32(_mm256_sub_epi32(_mm256_sra_epi32(x, shift), up), vmin);
    };
    int32_t c = 0;
    for (; c + 16 <= depth; c += 16) {
      const __m256i lo = scale8(in + c), hi = scale8(in + c + 8);
      // Saturating packs are the clamp to [kOutMin, kOutMax], the output type's range.
      const __m256i w = _mm256_permute4x64_epi64(_mm256_packs_epi32(lo, hi), 0xD8);
      if constexpr (kOutBits == 16) {
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + c), w);
      } else {
        const __m128i a = _mm256_castsi256_si128(w), b = _mm256_extracti128_si256(w, 1);
        const __m128i v = kOutMin == 0 ? _mm_packus_epi16(a, b) : _mm_packs_epi16(a, b);
        _mm_storeu_si128(reinterpret_cast<__m128i*>(out + c), v);
      }
    }
    for (; c < depth; ++c) {
      out[c] = scale_one<Out, kOutMin, kOutMax>(t->exp[max - in[c]], reciprocal, exponent);
    }
  }
}

}  // namespace

void softmax_s8_avx2(const SoftmaxExpTable* t, const octet_softmax_params* p,
                     const octet_shape* shape, const int8_t* input, int8_t* output) {
  softmax_rows<int8_t, int8_t, INT8_MIN, INT8_MAX>(t, p, shape, input, output,
                                                   octet_ref_softmax_s8);
}

void softmax_s8_s16_avx2(const SoftmaxExpTable* t, const octet_softmax_params* p,
                         const octet_shape* shape, const int8_t* input, int16_t* output) {
  softmax_rows<int8_t, int16_t, INT16_MIN, INT16_MAX>(t, p, shape, input, output,
                                                      octet_ref_softmax_s8_s16);
}

void softmax_u8_avx2(const SoftmaxExpTable* t, const octet_softmax_params* p,
                     const octet_shape* shape, const uint8_t* input, uint8_t* output) {
  softmax_rows<uint8_t, uint8_t, 0, UINT8_MAX>(t, p, shape, input, output, octet_ref_softmax_u8);
}

}  // namespace octet::x86
