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

// The quad route (depthwise_conv2d.h) on the 64-channel block at channel cb, kS the stride (0:
// any). kHalf: a block of at most 32 channels, whose 64-byte vectors hold two output pixels
// instead: ox in the low half and ox + D in the high half (D = half the row, rounded up); its
// weights and requantization constants are packed twice. For stride 1 and 2 the quads of the
// input columns a pixel shares with the next stay in registers. Weights are read as memory
// operands of vpdpbusd.
template <int kS, RequantMode kMode, bool kSign, bool kHalf>
void quad_block(const DepthwiseQuadRow& row, int32_t cb) {
  constexpr int32_t kB = kDepthwiseQuadBlock;
  const int32_t c = row.channels, in_w = row.in_w;
  const int32_t stride = kS > 0 ? kS : row.stride_w;
  // Output pixels [0, out_w) here; kHalf: also [half, half + out_w) in the high half.
  const int32_t half = (row.out_w + 1) / 2, out_w = kHalf ? half : row.out_w;
  const int32_t high_x = half * stride;  // kHalf: the high half's input column offset
  const uint8_t* rows[3] = {row.rows[0], row.rows[1], row.rows[2]};
  const size_t steps[3] = {row.row_step[0], row.row_step[1], row.row_step[2]};
  const uint8_t* pad = row.pad;
  uint8_t* const row_end = row.output + static_cast<size_t>(row.out_w) * c;
  const OutputBytes out(row.requant->output());
  const __m512i flip = _mm512_set1_epi8(static_cast<char>(0x80)), zero = _mm512_setzero_si512();
  {
    const int32_t nc = std::min(kB, c - cb);
    const __mmask64 mask = first_bytes(nc);
    const __mmask32 mask32 = static_cast<__mmask32>(mask);
    const int8_t* w = row.weights + static_cast<size_t>(cb) * 3 * 4;  // 3 x 4 vectors per block
    const int32_t* rq = row.requant->block(cb / kChannelBlock);
    constexpr size_t kBlockFields = size_t{kRequantFields} * kChannelBlock;
    const BlockRequant<kMode> requant[4] = {
        BlockRequant<kMode>(rq, out.zero_point),
        BlockRequant<kMode>(rq + kBlockFields, out.zero_point),
        BlockRequant<kMode>(rq + 2 * kBlockFields, out.zero_point),
        BlockRequant<kMode>(rq + 3 * kBlockFields, out.zero_point)};
    __m512i bias[4];
    for (int i = 0; i < 4; ++i) {
      bias[i] = field16(rq + i * kBlockFields, BlockRequant<kMode>::bias_field());
    }
    // The bytes of filter row ky at input column x (outside the image: padded taps), 32 of them.
    const auto load32 = [&](int ky, int32_t x) {
      const uint8_t* src =
          (x >= 0 && x < in_w ? rows[ky] + static_cast<size_t>(x) * steps[ky] : pad) + cb;
      return nc >= 32 ? _mm256_loadu_si256(reinterpret_cast<const __m256i*>(src))
                      : _mm256_maskz_loadu_epi8(mask32, src);
    };
    // The quads of input column x (outside the image: padded taps).
    const auto column = [&](int32_t x, __m512i* q) {
      __m512i r[3];
      const bool inside = x >= 0 && x < in_w;
#pragma unroll
      for (int ky = 0; ky < 3; ++ky) {
        if constexpr (kHalf) {
          r[ky] =
              _mm512_inserti64x4(_mm512_castsi256_si512(load32(ky, x)), load32(ky, x + high_x), 1);
        } else {
          const uint8_t* src = (inside ? rows[ky] + static_cast<size_t>(x) * steps[ky] : pad) + cb;
          r[ky] = nc == kB ? _mm512_loadu_si512(src) : _mm512_maskz_loadu_epi8(mask, src);
        }
        r[ky] = _mm512_xor_si512(r[ky], flip);
      }
      const __m512i a = _mm512_unpacklo_epi8(r[0], r[1]), b = _mm512_unpackhi_epi8(r[0], r[1]);
      const __m512i cc = _mm512_unpacklo_epi8(r[2], zero), d = _mm512_unpackhi_epi8(r[2], zero);
      q[0] = _mm512_unpacklo_epi16(a, cc);
      q[1] = _mm512_unpackhi_epi16(a, cc);
      q[2] = _mm512_unpacklo_epi16(b, d);
      q[3] = _mm512_unpackhi_epi16(b, d);
    };
    // kP output pixels (1 or 2) at once, their instructions interleaved: each accumulator is a
    // chain of three vpdpbusd and the requantization, so one pixel alone leaves the ports idle.
    // q[p][kx]: pixel p's quads of filter column kx.
    const auto pixels = [&]<int kP>(const __m512i* const(&q)[kP][3], uint8_t* const(&dst)[kP]) {
      __m512i acc[kP][4];
#pragma unroll
      for (int kx = 0; kx < 3; ++kx) {
#pragma unroll
        for (int i = 0; i < 4; ++i) {
          const __m512i wv = _mm512_loadu_si512(w + 64 * (4 * kx + i));
#pragma unroll
          for (int p = 0; p < kP; ++p) {
            acc[p][i] = _mm512_dpbusd_epi32(kx == 0 ? bias[i] : acc[p][i], q[p][kx][i], wv);
          }
        }
      }
#pragma unroll
      for (int i = 0; i < 4; ++i) {
#pragma unroll
        for (int p = 0; p < kP; ++p) {
          if constexpr (kMode == RequantMode::kFast) {
            acc[p][i] = requant[i].template apply<kSign>(acc[p][i]);
          } else {
            acc[p][i] = requant[i](acc[p][i]);
          }
        }
      }
#pragma unroll
      for (int p = 0; p < kP; ++p) {
        // Vector i's lane L holds channels 16L + 4i + j: the lane-wise packs restore the order.
        __m512i bytes = _mm512_packs_epi16(_mm512_packs_epi32(acc[p][0], acc[p][1]),
                                           _mm512_packs_epi32(acc[p][2], acc[p][3]));
        bytes = _mm512_min_epi8(_mm512_max_epi8(bytes, out.act_min), out.act_max);
        if constexpr (kHalf) {
          // dst[p] is pixel ox; pixel ox + half (if any) is half pixels further.
          const __m256i lo = _mm512_castsi512_si256(bytes),
                        hi = _mm512_extracti64x4_epi64(bytes, 1);
          uint8_t* high = dst[p] + static_cast<size_t>(half) * c;
          const bool has_high = high < row_end;
          if (nc >= 32) {
            _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst[p]), lo);
            if (has_high) _mm256_storeu_si256(reinterpret_cast<__m256i*>(high), hi);
          } else {
            _mm256_mask_storeu_epi8(dst[p], mask32, lo);
            if (has_high) _mm256_mask_storeu_epi8(high, mask32, hi);
          }
        } else if (nc == kB) {
          _mm512_storeu_si512(dst[p], bytes);
        } else {
          _mm512_mask_storeu_epi8(dst[p], mask, bytes);
        }
      }
    };
    const auto one = [&](const __m512i* q0, const __m512i* q1, const __m512i* q2, uint8_t* d) {
      const __m512i* const q[1][3] = {{q0, q1, q2}};
      uint8_t* const dst[1] = {d};
      pixels.template operator()<1>(q, dst);
    };
    uint8_t* out_row = row.output + cb;
    const auto at = [&](int32_t ox) { return out_row + static_cast<size_t>(ox) * c; };
    const int32_t x0 = -row.pad_left;
    if constexpr (kS == 1) {
      // Pixel pairs; columns x and x + 1 carried over from the previous pair.
      __m512i qa[4], qb[4], qc[4], qd[4];
      column(x0, qa);
      column(x0 + 1, qb);
      int32_t ox = 0;
      for (; ox + 2 <= out_w; ox += 2) {
        column(x0 + ox + 2, qc);
        column(x0 + ox + 3, qd);
        const __m512i* const q[2][3] = {{qa, qb, qc}, {qb, qc, qd}};
        uint8_t* const dst[2] = {at(ox), at(ox + 1)};
        pixels.template operator()<2>(q, dst);
#pragma unroll
        for (int i = 0; i < 4; ++i) qa[i] = qc[i], qb[i] = qd[i];
      }
      if (ox < out_w) {
        column(x0 + ox + 2, qc);
        one(qa, qb, qc, at(ox));
      }
    } else if constexpr (kS == 2) {
      // Pixel pairs; column 2 ox carried over from the previous pair.
      __m512i qa[4], qb[4], qc[4], qd[4], qe[4];
      column(x0, qa);
      int32_t ox = 0;
      for (; ox + 2 <= out_w; ox += 2) {
        column(x0 + 2 * ox + 1, qb);
        column(x0 + 2 * ox + 2, qc);
        column(x0 + 2 * ox + 3, qd);
        column(x0 + 2 * ox + 4, qe);
        const __m512i* const q[2][3] = {{qa, qb, qc}, {qc, qd, qe}};
        uint8_t* const dst[2] = {at(ox), at(ox + 1)};
        pixels.template operator()<2>(q, dst);
#pragma unroll
        for (int i = 0; i < 4; ++i) qa[i] = qe[i];
      }
      if (ox < out_w) {
        column(x0 + 2 * ox + 1, qb);
        column(x0 + 2 * ox + 2, qc);
        one(qa, qb, qc, at(ox));
      }
    } else {
      __m512i qa[4], qb[4], qc[4];
      for (int32_t ox = 0; ox < out_w; ++ox) {
        const int32_t x = x0 + ox * stride;
        column(x, qa);
        column(x + 1, qb);
        column(x + 2, qc);
        one(qa, qb, qc, at(ox));
      }
    }
  }
}

template <int kS, RequantMode kMode, bool kSign>
void quad_row(const DepthwiseQuadRow& row) {
  for (int32_t cb = 0; cb < row.channels; cb += kDepthwiseQuadBlock) {
    if (row.channels - cb <= kDepthwiseQuadBlock / 2) {
      quad_block<kS, kMode, kSign, true>(row, cb);
    } else {
      quad_block<kS, kMode, kSign, false>(row, cb);
    }
  }
}

template <int kS>
void quad_dispatch(const DepthwiseQuadRow& row) {
  const OutputStage& o = row.requant->output();
  if (o.mode == RequantMode::kGeneral) {
    quad_row<kS, RequantMode::kGeneral, true>(row);
  } else if (sign_matters(o)) {
    quad_row<kS, RequantMode::kFast, true>(row);
  } else {
    quad_row<kS, RequantMode::kFast, false>(row);
  }
}

}  // namespace

void depthwise_row_3x3_quad_avx512vnni(const DepthwiseQuadRow& row) {
  switch (row.stride_w) {
    case 1:
      quad_dispatch<1>(row);
      break;
    case 2:
      quad_dispatch<2>(row);
      break;
    default:
      quad_dispatch<0>(row);
      break;
  }
}

void depthwise_row_avx512vnni(const DepthwiseRow& row) { dispatch<0, 0>(row); }
void depthwise_row_3x3_avx512vnni(const DepthwiseRow& row) { dispatch<3, 3>(row); }
void depthwise_row_5x5_avx512vnni(const DepthwiseRow& row) { dispatch<5, 5>(row); }

}  // namespace octet::x86
