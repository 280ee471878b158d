// depthwise_conv2d_avx512vnni.cc - the depthwise row kernel of depthwise_conv2d.h for AVX-512
// (VNNI for vpdpwssd): 32 channels per vector of widened int16 inputs. Each tap pair costs two
// loads from the widened rows, two vpunpck{l,h}wd and two vpdpwssd (the pair's multiply-adds and
// the accumulation in one instruction); requantization is requant_avx512.h's on 16 lanes, with
// the block's constants and (3x3) weights in registers while the row's pixels pass. Channel
// block outer, output pixel inner. The rows are widened 32 bytes at a time
// (convert_row_c2_avx512vnni): on stride-2 layers the widening is a third of the time.
#include <immintrin.h>

#include <algorithm>

#include "kernels/x86/depthwise_conv2d.h"
#include "kernels/x86/requant_avx512.h"

namespace octet::x86 {

namespace {

constexpr int32_t kBlock = kDepthwiseWideBlock;  // 32 channels

inline __m512i load32(const int16_t* p) { return _mm512_loadu_si512(p); }

// One output pixel's block: the tap pairs accumulated into two chains per half (even pairs into
// lo0/hi0, odd into lo1/hi1) so that consecutive vpdpwssd do not wait on each other.
struct Acc {
  __m512i lo0, hi0, lo1, hi1;
  Acc(__m512i bias_lo, __m512i bias_hi)
      : lo0(bias_lo), hi0(bias_hi), lo1(_mm512_setzero_si512()), hi1(_mm512_setzero_si512()) {}
  __m512i lo() const { return _mm512_add_epi32(lo0, lo1); }
  __m512i hi() const { return _mm512_add_epi32(hi0, hi1); }
};

template <bool kWeightsInRegisters>
inline void accumulate_pair(const int16_t* const* tap, size_t off, int32_t p, const int16_t* w,
                            const __m512i* wv, __m512i& lo, __m512i& hi) {
  const __m512i a0 = load32(tap[2 * p] + off), a1 = load32(tap[2 * p + 1] + off);
  const __m512i w_lo = kWeightsInRegisters ? wv[2 * p] : load32(w + 2 * p * kBlock);
  const __m512i w_hi = kWeightsInRegisters ? wv[2 * p + 1] : load32(w + (2 * p + 1) * kBlock);
  lo = _mm512_dpwssd_epi32(lo, _mm512_unpacklo_epi16(a0, a1), w_lo);
  hi = _mm512_dpwssd_epi32(hi, _mm512_unpackhi_epi16(a0, a1), w_hi);
}

template <int kPairs, bool kWeightsInRegisters>
inline void accumulate(const int16_t* const* tap, size_t off, int32_t pairs, const int16_t* w,
                       const __m512i* wv, Acc& acc) {
  const int32_t n = kPairs > 0 ? kPairs : pairs;
  int32_t p = 0;
  for (; p + 2 <= n; p += 2) {
    accumulate_pair<kWeightsInRegisters>(tap, off, p, w, wv, acc.lo0, acc.hi0);
    accumulate_pair<kWeightsInRegisters>(tap, off, p + 1, w, wv, acc.lo1, acc.hi1);
  }
  if (p < n) accumulate_pair<kWeightsInRegisters>(tap, off, p, w, wv, acc.lo0, acc.hi0);
}

// kH x kW known at compile time (0: from the row at run time) so 3x3 and 5x5 unroll fully; the
// weights stay in registers when there are few of them (3x3: ten vectors). Two output pixels per
// step (their narrowing shares the byte pack, permute and clamp), each with two accumulator chains
// per half (5x5: 13 dependent vpdpwssd in one chain ran ~10% slower).
// kSign: kFast's sign term (requant_avx512.h's sign_matters()); kUnsigned: uint8 outputs.
template <int kH, int kW, RequantMode kMode, bool kSign, bool kUnsigned>
void row_kernel(const DepthwiseRow& row) {
  const int32_t fh = kH > 0 ? kH : row.filter_h, fw = kW > 0 ? kW : row.filter_w;
  const int32_t taps = fh * fw, pairs = (taps + 1) / 2;
  constexpr int kPairs = kH > 0 ? (kH * kW + 1) / 2 : 0;
  constexpr int kMaxRegisterPairs = 5;
  constexpr bool kWeightsInRegisters = kH > 0 && kPairs <= kMaxRegisterPairs;
  const int32_t c = row.channels;
  const int32_t blocks = (c + kBlock - 1) / kBlock;
  const size_t x_step = static_cast<size_t>(row.stride_w) * c;
  const size_t kx_step = static_cast<size_t>(row.dilation_w) * c;
  const OutputBytes out(row.requant->output());
  const int16_t* tap[kDepthwiseMaxTaps + 1];
  // Tap pointers of output pixel 0; an odd last tap pairs with itself (its weight is 0).
  for (int32_t t = 0; t < taps; ++t) tap[t] = row.rows[t / fw] + (t % fw) * kx_step;
  if (taps % 2 == 1) tap[taps] = tap[taps - 1];
  for (int32_t b = 0; b < blocks; ++b) {
    const int16_t* w = row.weights + static_cast<size_t>(b) * pairs * 2 * kBlock;
    __m512i wv[2 * kMaxRegisterPairs];
    if constexpr (kWeightsInRegisters) {
      for (int i = 0; i < 2 * kPairs; ++i) wv[i] = load32(w + kBlock * i);
    }
    const int32_t* rq_lo = row.requant->block(2 * b);
    const int32_t* rq_hi = row.requant->block(2 * b + 1);
    const BlockRequant<kMode> requant_lo(rq_lo, out.zero_point), requant_hi(rq_hi, out.zero_point);
    const __m512i bias_lo = field16(rq_lo, BlockRequant<kMode>::bias_field());
    const __m512i bias_hi = field16(rq_hi, BlockRequant<kMode>::bias_field());
    const int32_t nc = std::min(kBlock, c - b * kBlock);
    const __mmask32 mask = static_cast<__mmask32>(first_bytes(nc));
    const size_t boff = static_cast<size_t>(b) * kBlock;
    // lo holds channels 8L..8L+3 of each 128-bit lane L, hi 8L+4..8L+7: their lane-wise pack is
    // in channel order. The byte pack of two pixels' words leaves each lane L with pixel 0's 8
    // channels then pixel 1's, which vpermq gathers as pixel 0 | pixel 1. Then clamped and
    // flipped to the output type (requant_avx512.h).
    const auto rq = [&](const BlockRequant<kMode>& requant, __m512i acc) {
      if constexpr (kMode == RequantMode::kFast) {
        return requant.template apply<kSign>(acc);
      } else {
        return requant(acc);
      }
    };
    const auto narrow = [&](__m512i lo0, __m512i hi0, __m512i lo1, __m512i hi1) {
      const __m512i w0 = _mm512_packs_epi32(rq(requant_lo, lo0), rq(requant_hi, hi0));
      const __m512i w1 = _mm512_packs_epi32(rq(requant_lo, lo1), rq(requant_hi, hi1));
      const __m512i bytes = _mm512_permutexvar_epi64(_mm512_setr_epi64(0, 2, 4, 6, 1, 3, 5, 7),
                                                     _mm512_packs_epi16(w0, w1));
      const __m512i clamped = _mm512_min_epi8(_mm512_max_epi8(bytes, out.act_min), out.act_max);
      return kUnsigned ? _mm512_xor_si512(clamped, out.flip) : clamped;
    };
    const auto store = [&](__m256i v, uint8_t* dst) {
      if (nc == kBlock) {
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst), v);
      } else {
        _mm256_mask_storeu_epi8(dst, mask, v);
      }
    };
    uint8_t* dst = row.output + boff;
    int32_t ox = 0;
    for (; ox + 2 <= row.out_w; ox += 2, dst += 2 * c) {
      const size_t off = static_cast<size_t>(ox) * x_step + boff;
      Acc a0(bias_lo, bias_hi), a1(bias_lo, bias_hi);
      accumulate<kPairs, kWeightsInRegisters>(tap, off, pairs, w, wv, a0);
      accumulate<kPairs, kWeightsInRegisters>(tap, off + x_step, pairs, w, wv, a1);
      const __m512i v = narrow(a0.lo(), a0.hi(), a1.lo(), a1.hi());
      store(_mm512_castsi512_si256(v), dst);
      store(_mm512_extracti64x4_epi64(v, 1), dst + c);
    }
    if (ox < row.out_w) {
      const size_t off = static_cast<size_t>(ox) * x_step + boff;
      Acc a(bias_lo, bias_hi);
      accumulate<kPairs, kWeightsInRegisters>(tap, off, pairs, w, wv, a);
      store(_mm512_castsi512_si256(narrow(a.lo(), a.hi(), a.lo(), a.hi())), dst);
    }
  }
}

template <int kH, int kW>
void dispatch(const DepthwiseRow& row) {
  const OutputStage& o = row.requant->output();
  if (o.mode == RequantMode::kFast && !sign_matters(o)) {
    o.is_unsigned ? row_kernel<kH, kW, RequantMode::kFast, false, true>(row)
                  : row_kernel<kH, kW, RequantMode::kFast, false, false>(row);
    return;
  }
  with_output_stage(o, [&]<RequantMode kMode, bool kUnsigned>() {
    row_kernel<kH, kW, kMode, true, kUnsigned>(row);
  });
}

}  // namespace

void depthwise_row_avx512vnni(const DepthwiseRow& row) { dispatch<0, 0>(row); }
void depthwise_row_3x3_avx512vnni(const DepthwiseRow& row) { dispatch<3, 3>(row); }
void depthwise_row_5x5_avx512vnni(const DepthwiseRow& row) { dispatch<5, 5>(row); }

}  // namespace octet::x86
