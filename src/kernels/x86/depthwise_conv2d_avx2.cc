// depthwise_conv2d_avx2.cc - the depthwise row kernel of depthwise_conv2d.h for AVX2: for each
// output pixel and block of 16 channels, each tap pair costs two loads from the widened rows, two
// vpunpck{l,h}wd and two vpmaddwd; requantization is requant_avx2.h's (about 40% of the time of a
// 3x3 layer: the exact double rounding costs 12 operations per 8 outputs). 3x3 runs channel
// block by block, the block's ten weight vectors in registers across the row's pixels (measured
// ~10% faster on Zen 3 than pixel by pixel; two pixels per step spill and are slower).
#include <immintrin.h>

#include <algorithm>

#include "kernels/x86/depthwise_conv2d.h"
#include "kernels/x86/requant_avx2.h"

namespace octet::x86 {

namespace {

// Requantizes one pixel's block (lo: channels 0-3 | 8-11, hi: 4-7 | 12-15) and stores nc bytes.
template <RequantMode kMode, bool kUnsigned>
inline void store_block(__m256i acc_lo, __m256i acc_hi, const int32_t* rq, const OutputLanes& out,
                        uint8_t* dst, int32_t nc) {
  const __m256i q_lo = requantize_avx2<kMode>(acc_lo, RequantLanes8{rq, 0}, out.zero_point);
  const __m256i q_hi = requantize_avx2<kMode>(acc_hi, RequantLanes8{rq, 8}, out.zero_point);
  // The lane-wise pack of lo and hi is in channel order.
  const __m256i words = _mm256_packs_epi32(q_lo, q_hi);
  const __m128i a = _mm256_castsi256_si128(words), h = _mm256_extracti128_si256(words, 1);
  const __m128i bytes =
      kUnsigned ? _mm_min_epu8(_mm_max_epu8(_mm_packus_epi16(a, h), out.act_min), out.act_max)
                : _mm_min_epi8(_mm_max_epi8(_mm_packs_epi16(a, h), out.act_min), out.act_max);
  if (nc == kChannelBlock) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst), bytes);
  } else {
    store_partial16(dst, bytes, nc);
  }
}

inline __m256i load16(const int16_t* p) {
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
}

// kH x kW known at compile time (0: from the row at run time) so 3x3 and 5x5 unroll fully.
// (Two output pixels per step were measured slower: the extra accumulators spill.)
template <int kH, int kW, RequantMode kMode, bool kUnsigned>
void row_kernel(const DepthwiseRow& row) {
  const int32_t fh = kH > 0 ? kH : row.filter_h, fw = kW > 0 ? kW : row.filter_w;
  const int32_t taps = fh * fw, pairs = (taps + 1) / 2;
  const int32_t c = row.channels;
  const int32_t blocks = (c + kChannelBlock - 1) / kChannelBlock;
  const size_t x_step = static_cast<size_t>(row.stride_w) * c;
  const size_t kx_step = static_cast<size_t>(row.dilation_w) * c;
  const OutputLanes out(row.requant->output());
  const int16_t* tap[kDepthwiseMaxTaps + 1];
  // Tap pointers of output pixel 0; an odd last tap pairs with itself (its weight is 0).
  for (int32_t t = 0; t < taps; ++t) tap[t] = row.rows[t / fw] + (t % fw) * kx_step;
  if (taps % 2 == 1) tap[taps] = tap[taps - 1];
  uint8_t* dst = row.output;
  for (int32_t ox = 0; ox < row.out_w; ++ox, dst += c) {
    const size_t x_off = static_cast<size_t>(ox) * x_step;
    const int16_t* w = row.weights;
    // Software-pipelined: block b accumulates while block b - 1 requantizes, so the long
    // requantization chain overlaps independent multiply-adds.
    __m256i prev_lo = _mm256_setzero_si256(), prev_hi = _mm256_setzero_si256();
    for (int32_t b = 0; b < blocks; ++b) {
      const int32_t* rq = row.requant->block(b);
      __m256i acc_lo = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(rq));
      __m256i acc_hi = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(rq + 8));
      const size_t off = x_off + static_cast<size_t>(b) * kChannelBlock;
      for (int32_t p = 0; p < pairs; ++p, w += 32) {
        const __m256i a0 = load16(tap[2 * p] + off), a1 = load16(tap[2 * p + 1] + off);
        acc_lo =
            _mm256_add_epi32(acc_lo, _mm256_madd_epi16(_mm256_unpacklo_epi16(a0, a1), load16(w)));
        acc_hi = _mm256_add_epi32(acc_hi,
                                  _mm256_madd_epi16(_mm256_unpackhi_epi16(a0, a1), load16(w + 16)));
      }
      if (b > 0) {
        store_block<kMode, kUnsigned>(prev_lo, prev_hi, row.requant->block(b - 1), out,
                                      dst + (b - 1) * kChannelBlock, kChannelBlock);
      }
      prev_lo = acc_lo;
      prev_hi = acc_hi;
    }
    store_block<kMode, kUnsigned>(prev_lo, prev_hi, row.requant->block(blocks - 1), out,
                                  dst + (blocks - 1) * kChannelBlock,
                                  c - (blocks - 1) * kChannelBlock);
  }
}

// Channel block outer, output pixel inner: the block's weights stay in registers (3x3: ten
// vectors) while the row's pixels pass.
template <int kH, int kW, RequantMode kMode, bool kUnsigned>
void row_kernel_blocked(const DepthwiseRow& row) {
  constexpr int kPairs = (kH * kW + 1) / 2;
  const int32_t c = row.channels;
  const int32_t blocks = (c + kChannelBlock - 1) / kChannelBlock;
  const size_t x_step = static_cast<size_t>(row.stride_w) * c;
  const size_t kx_step = static_cast<size_t>(row.dilation_w) * c;
  const int32_t out_w = row.out_w;
  const OutputLanes out(row.requant->output());
  const int16_t* tap[2 * kPairs];
  for (int t = 0; t < kH * kW; ++t) tap[t] = row.rows[t / kW] + (t % kW) * kx_step;
  if ((kH * kW) % 2 == 1) tap[kH * kW] = tap[kH * kW - 1];
  uint8_t* const output = row.output;
  const int16_t* const weights = row.weights;
  for (int32_t b = 0; b < blocks; ++b) {
    const int16_t* w = weights + static_cast<size_t>(b) * kPairs * 32;
    __m256i wv[2 * kPairs];
    for (int i = 0; i < 2 * kPairs; ++i) wv[i] = load16(w + 16 * i);
    const int32_t* rq = row.requant->block(b);
    const int32_t nc = std::min(kChannelBlock, c - b * kChannelBlock);
    const size_t boff = static_cast<size_t>(b) * kChannelBlock;
    uint8_t* dst = output + boff;
    for (int32_t ox = 0; ox < out_w; ++ox, dst += c) {
      const size_t off = static_cast<size_t>(ox) * x_step + boff;
      __m256i acc_lo = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(rq));
      __m256i acc_hi = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(rq + 8));
      for (int p = 0; p < kPairs; ++p) {
        const __m256i a0 = load16(tap[2 * p] + off), a1 = load16(tap[2 * p + 1] + off);
        acc_lo =
            _mm256_add_epi32(acc_lo, _mm256_madd_epi16(_mm256_unpacklo_epi16(a0, a1), wv[2 * p]));
        acc_hi = _mm256_add_epi32(acc_hi,
                                  _mm256_madd_epi16(_mm256_unpackhi_epi16(a0, a1), wv[2 * p + 1]));
      }
      store_block<kMode, kUnsigned>(acc_lo, acc_hi, rq, out, dst, nc);
    }
  }
}

template <int kH, int kW>
void dispatch_blocked(const DepthwiseRow& row) {
  const bool fast = row.requant->output().mode == RequantMode::kFast;
  if (row.is_unsigned) {
    fast ? row_kernel_blocked<kH, kW, RequantMode::kFast, true>(row)
         : row_kernel_blocked<kH, kW, RequantMode::kGeneral, true>(row);
  } else {
    fast ? row_kernel_blocked<kH, kW, RequantMode::kFast, false>(row)
         : row_kernel_blocked<kH, kW, RequantMode::kGeneral, false>(row);
  }
}

template <int kH, int kW>
void dispatch(const DepthwiseRow& row) {
  const bool fast = row.requant->output().mode == RequantMode::kFast;
  if (row.is_unsigned) {
    fast ? row_kernel<kH, kW, RequantMode::kFast, true>(row)
         : row_kernel<kH, kW, RequantMode::kGeneral, true>(row);
  } else {
    fast ? row_kernel<kH, kW, RequantMode::kFast, false>(row)
         : row_kernel<kH, kW, RequantMode::kGeneral, false>(row);
  }
}

}  // namespace

void depthwise_row_avx2(const DepthwiseRow& row) { dispatch<0, 0>(row); }
void depthwise_row_3x3_avx2(const DepthwiseRow& row) { dispatch_blocked<3, 3>(row); }
void depthwise_row_5x5_avx2(const DepthwiseRow& row) { dispatch<5, 5>(row); }

}  // namespace octet::x86
