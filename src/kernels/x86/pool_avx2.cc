// pool_avx2.cc - the pooling kernels of pool.h. Per output pixel the clipped window is a block of
// rows x cols taps; per block of channels every tap is one unaligned load. The average sums in
// int16 lanes while the window has at most 128 taps (|sum| <= 128 * 255 fits), in int32 beyond,
// and divides as the reference does: sign(sum) * ((|sum| + count / 2) / count), the quotient
// truncated, which is the reference's round-half-away-from-zero C division. The last partial block
// of channels is recomputed overlapping the previous one (same bytes written twice); fewer
// channels than a vector go through the scalar form of the reference's expression.
#include <immintrin.h>

#include "kernels/x86/pool.h"
#include "kernels/x86/requant_avx2.h"

namespace octet::x86 {

namespace {

using Window = octet_pool_window;

// The taps of one window: `rows` rows `row_stride` bytes apart, `cols` pixels `depth` bytes apart.
struct Taps {
  const uint8_t* first;
  int64_t row_stride;
  int32_t depth, rows, cols;
};

template <bool kUnsigned>
inline __m256i widen16_epi16(const uint8_t* p) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  return kUnsigned ? _mm256_cvtepu8_epi16(v) : _mm256_cvtepi8_epi16(v);
}

// sign(sum) * ((|sum| + half) / count) on eight lanes, |sum| + half < 2^24 (exact in float; the
// float quotient never rounds up to the next integer while numerator + count < 2^24).
inline __m256i divide_round_away(__m256i sum, __m256i half, __m256 count) {
  const __m256 n = _mm256_cvtepi32_ps(_mm256_add_epi32(_mm256_abs_epi32(sum), half));
  return _mm256_sign_epi32(_mm256_cvttps_epi32(_mm256_div_ps(n, count)), sum);
}

template <bool kUnsigned>
inline int32_t load_value(const uint8_t* p) {
  return kUnsigned ? *p : static_cast<int8_t>(*p);
}

template <bool kUnsigned>
void avg_channels(const Taps& t, int32_t count, const octet_pool_params* p, uint8_t* out) {
  const __m256i half = _mm256_set1_epi32(count / 2);
  const __m256 vcount = _mm256_set1_ps(static_cast<float>(count));
  const __m128i act_min = _mm_set1_epi8(static_cast<char>(p->act_min));
  const __m128i act_max = _mm_set1_epi8(static_cast<char>(p->act_max));
  auto block = [&](int32_t c) {
    __m256i lo, hi;
    if (count <= 128) {
      __m256i acc = _mm256_setzero_si256();
      for (int32_t r = 0; r < t.rows; ++r) {
        const uint8_t* row = t.first + r * t.row_stride + c;
        for (int32_t k = 0; k < t.cols; ++k) {
          acc = _mm256_add_epi16(acc, widen16_epi16<kUnsigned>(row + k * t.depth));
        }
      }
      lo = _mm256_cvtepi16_epi32(_mm256_castsi256_si128(acc));
      hi = _mm256_cvtepi16_epi32(_mm256_extracti128_si256(acc, 1));
    } else {
      lo = hi = _mm256_setzero_si256();
      for (int32_t r = 0; r < t.rows; ++r) {
        const uint8_t* row = t.first + r * t.row_stride + c;
        for (int32_t k = 0; k < t.cols; ++k) {
          const __m256i v = widen16_epi16<kUnsigned>(row + k * t.depth);
          lo = _mm256_add_epi32(lo, _mm256_cvtepi16_epi32(_mm256_castsi256_si128(v)));
          hi = _mm256_add_epi32(hi, _mm256_cvtepi16_epi32(_mm256_extracti128_si256(v, 1)));
        }
      }
    }
    // The average of 8-bit values fits the type: narrowing saturates nothing, then the clamp.
    const __m128i v = narrow16_avx2<kUnsigned>(
        divide_round_away(lo, half, vcount), divide_round_away(hi, half, vcount), act_min, act_max);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + c), v);
  };
  const int32_t depth = t.depth;
  if (depth < 16) {
    for (int32_t c = 0; c < depth; ++c) {
      int32_t sum = 0;
      for (int32_t r = 0; r < t.rows; ++r) {
        for (int32_t k = 0; k < t.cols; ++k) {
          sum += load_value<kUnsigned>(t.first + r * t.row_stride + k * depth + c);
        }
      }
      const int32_t avg = sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
      out[c] = static_cast<uint8_t>(octet_clamp_i32(avg, p->act_min, p->act_max));
    }
    return;
  }
  int32_t c = 0;
  for (; c + 16 <= depth; c += 16) block(c);
  if (c < depth) block(depth - 16);
}

template <bool kUnsigned>
inline __m256i max_epu8_or_epi8(__m256i a, __m256i b) {
  return kUnsigned ? _mm256_max_epu8(a, b) : _mm256_max_epi8(a, b);
}

template <bool kUnsigned>
void max_channels(const Taps& t, const octet_pool_params* p, uint8_t* out) {
  // The reference starts from the type's lowest value (an empty window gives the clamped lowest).
  const uint8_t lowest = kUnsigned ? 0 : 0x80;
  const __m256i act_min = _mm256_set1_epi8(static_cast<char>(p->act_min));
  const __m256i act_max = _mm256_set1_epi8(static_cast<char>(p->act_max));
  auto clamp = [&](__m256i v) {
    return kUnsigned ? _mm256_min_epu8(_mm256_max_epu8(v, act_min), act_max)
                     : _mm256_min_epi8(_mm256_max_epi8(v, act_min), act_max);
  };
  const int32_t depth = t.depth;
  auto block32 = [&](int32_t c) {
    __m256i m = _mm256_set1_epi8(static_cast<char>(lowest));
    for (int32_t r = 0; r < t.rows; ++r) {
      const uint8_t* row = t.first + r * t.row_stride + c;
      for (int32_t k = 0; k < t.cols; ++k) {
        m = max_epu8_or_epi8<kUnsigned>(
            m, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(row + k * depth)));
      }
    }
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + c), clamp(m));
  };
  auto block16 = [&](int32_t c) {
    __m128i m = _mm_set1_epi8(static_cast<char>(lowest));
    for (int32_t r = 0; r < t.rows; ++r) {
      const uint8_t* row = t.first + r * t.row_stride + c;
      for (int32_t k = 0; k < t.cols; ++k) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(row + k * depth));
        m = kUnsigned ? _mm_max_epu8(m, v) : _mm_max_epi8(m, v);
      }
    }
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + c),
                     _mm256_castsi256_si128(clamp(_mm256_castsi128_si256(m))));
  };
  if (depth >= 32) {
    int32_t c = 0;
    for (; c + 32 <= depth; c += 32) block32(c);
    if (c < depth) block32(depth - 32);
  } else if (depth >= 16) {
    block16(0);
    if (depth > 16) block16(depth - 16);
  } else {
    for (int32_t c = 0; c < depth; ++c) {
      int32_t best = kUnsigned ? 0 : INT8_MIN;
      for (int32_t r = 0; r < t.rows; ++r) {
        for (int32_t k = 0; k < t.cols; ++k) {
          best = octet_max_i32(best,
                               load_value<kUnsigned>(t.first + r * t.row_stride + k * depth + c));
        }
      }
      out[c] = static_cast<uint8_t>(octet_clamp_i32(best, p->act_min, p->act_max));
    }
  }
}

// Calls fn(taps, count, out) for every output pixel in the reference's order.
template <typename Fn>
void for_each_window(const octet_pool_params* p, const octet_shape* is, const uint8_t* input,
                     const octet_shape* os, uint8_t* output, Fn fn) {
  const int32_t batches = is->dims[0], in_h = is->dims[1], in_w = is->dims[2], depth = is->dims[3];
  const int32_t out_h = os->dims[1], out_w = os->dims[2];
  const int64_t row_stride = int64_t{in_w} * depth;
  for (int32_t b = 0; b < batches; ++b) {
    for (int32_t oy = 0; oy < out_h; ++oy) {
      for (int32_t ox = 0; ox < out_w; ++ox) {
        const Window w = octet_pool_window_at(p, in_h, in_w, oy, ox);
        Taps t;
        t.first = input + ((int64_t{b} * in_h + w.y0 + w.ky0) * in_w + w.x0 + w.kx0) * depth;
        t.row_stride = row_stride;
        t.depth = depth;
        t.rows = w.ky1 - w.ky0;
        t.cols = w.kx1 - w.kx0;
        fn(t, output + ((int64_t{b} * out_h + oy) * out_w + ox) * depth);
      }
    }
  }
}

// True when every output pixel's window holds at least one input tap. Rows and columns clip
// independently, so it is enough to check each output row and each output column once.
bool every_window_nonempty(const octet_pool_params* p, const octet_shape* is,
                           const octet_shape* os) {
  const int32_t in_h = is->dims[1], in_w = is->dims[2];
  for (int32_t oy = 0; oy < os->dims[1]; ++oy) {
    const Window w = octet_pool_window_at(p, in_h, in_w, oy, 0);
    if (w.ky1 <= w.ky0) return false;
  }
  for (int32_t ox = 0; ox < os->dims[2]; ++ox) {
    const Window w = octet_pool_window_at(p, in_h, in_w, 0, ox);
    if (w.kx1 <= w.kx0) return false;
  }
  return true;
}

}  // namespace

bool avg_pool2d_q8_avx2_supports(const octet_pool_params* p) {
  return int64_t{p->filter_h} * p->filter_w <= kAvgPoolMaxWindow;
}

int avg_pool2d_q8_avx2(const octet_pool_params* p, bool is_unsigned, const octet_shape* input_shape,
                       const uint8_t* input, const octet_shape* output_shape, uint8_t* output) {
  // The reference visits every pixel's window, channels or not.
  const bool any_window =
      input_shape->dims[0] > 0 && output_shape->dims[1] > 0 && output_shape->dims[2] > 0;
  if (any_window && !every_window_nonempty(p, input_shape, output_shape)) {
    // The reference fails at the first empty window, having written the pixels before it.
    return is_unsigned
               ? octet_ref_avg_pool2d_u8(p, input_shape, input, output_shape, output)
               : octet_ref_avg_pool2d_s8(p, input_shape, reinterpret_cast<const int8_t*>(input),
                                         output_shape, reinterpret_cast<int8_t*>(output));
  }
  for_each_window(p, input_shape, input, output_shape, output, [&](const Taps& t, uint8_t* out) {
    const int32_t count = t.rows * t.cols;
    is_unsigned ? avg_channels<true>(t, count, p, out) : avg_channels<false>(t, count, p, out);
  });
  return 0;
}

void max_pool2d_q8_avx2(const octet_pool_params* p, bool is_unsigned,
                        const octet_shape* input_shape, const uint8_t* input,
                        const octet_shape* output_shape, uint8_t* output) {
  for_each_window(p, input_shape, input, output_shape, output, [&](const Taps& t, uint8_t* out) {
    is_unsigned ? max_channels<true>(t, p, out) : max_channels<false>(t, p, out);
  });
}

}  // namespace octet::x86
