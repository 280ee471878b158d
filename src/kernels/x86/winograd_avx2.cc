// winograd_avx2.cc - the Winograd F(2x2, 3x3) convolution of winograd.h on AVX2.
//
// Per strip of up to 6 tiles: the input transform (16 channels per ymm of int16) writes the 16
// transformed rows of each tile; then, per block of 16 output channels, 16 runs of the c2 MAC
// loop (one per position, rows = tiles, k = input channels) leave M in a stack buffer, and the
// output transform, the shift by 2, the bias and the requantization turn it into 2x2 pixels.
#include <immintrin.h>

#include <algorithm>
#include <cstring>

#include "kernels/x86/qgemm_tile_avx2.h"
#include "kernels/x86/winograd.h"

namespace octet::x86 {

namespace {

// 16 channels of one input pixel as int16 x - zp. With cn < 16 the lanes from cn on hold the next
// pixel's channels, or 0 at the end of the input: the MAC loop either does not read them (past
// kp) or multiplies them by a zero weight (an odd channel count's last pair).
template <bool kUnsigned>
inline __m256i load_pixel(const uint8_t* src, int32_t cn, const uint8_t* end, __m256i zp,
                          uint8_t zp_byte) {
  __m128i x;
  if (cn == 16 || src + 16 <= end) {
    x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src));
  } else {
    alignas(16) uint8_t tmp[16];
    std::memset(tmp, zp_byte, sizeof(tmp));
    std::memcpy(tmp, src, static_cast<size_t>(cn));
    x = _mm_load_si128(reinterpret_cast<const __m128i*>(tmp));
  }
  return _mm256_sub_epi16(kUnsigned ? _mm256_cvtepu8_epi16(x) : _mm256_cvtepi8_epi16(x), zp);
}

template <RequantMode kMode, bool kUnsigned>
void winograd_impl(const WinogradArgs& a) {
  const ConvGeometry& g = *a.g;
  const WinogradWeights& w = *a.w;
  const int32_t th = (g.out_h + 1) / 2, tw = (g.out_w + 1) / 2, per_image = th * tw;
  const int32_t groups = (g.in_c + 15) / 16;
  const size_t kv = static_cast<size_t>(w.kv);
  const __m256i zp = _mm256_set1_epi16(static_cast<int16_t>(a.input_zero_point));
  const uint8_t zp_byte = static_cast<uint8_t>(a.input_zero_point);
  const uint8_t* in_end =
      a.input + static_cast<size_t>(g.batches) * g.in_h * g.in_w * static_cast<size_t>(g.in_c);
  const OutputLanes out(a.requant->output());
  int16_t* v = reinterpret_cast<int16_t*>((reinterpret_cast<uintptr_t>(a.scratch) + 31) & ~31ull);
  alignas(32) int32_t m[kWinogradPositions][kWinogradStrip][kChannelBlock];
  for (int32_t t0 = a.tile_begin; t0 < a.tile_end; t0 += kWinogradStrip) {
    const int32_t nt = std::min(kWinogradStrip, a.tile_end - t0);
    // Input transform: V = B^T d B with B^T rows (1 0 -1 0), (0 1 1 0), (0 -1 1 0), (0 1 0 -1).
    for (int32_t j = 0; j < nt; ++j) {
      const int32_t t = t0 + j, bt = t / per_image, ty = t % per_image / tw, tx = t % tw;
      const int32_t iy0 = 2 * ty - g.pad_top, ix0 = 2 * tx - g.pad_left;
      const uint8_t* pix[4][4];
      for (int32_t y = 0; y < 4; ++y) {
        for (int32_t x = 0; x < 4; ++x) {
          const int32_t iy = iy0 + y, ix = ix0 + x;
          pix[y][x] = iy < 0 || iy >= g.in_h || ix < 0 || ix >= g.in_w
                          ? nullptr
                          : a.input + ((static_cast<size_t>(bt) * g.in_h + iy) * g.in_w + ix) *
                                          static_cast<size_t>(g.in_c);
        }
      }
      for (int32_t cg = 0; cg < groups; ++cg) {
        const int32_t c0 = cg * 16, cn = std::min(16, g.in_c - c0);
        __m256i t4[4][4];  // (B^T d)[i][x]
        __m256i d[4];
        for (int32_t x = 0; x < 4; ++x) {
          for (int32_t y = 0; y < 4; ++y) {
            d[y] = pix[y][x] ? load_pixel<kUnsigned>(pix[y][x] + c0, cn, in_end, zp, zp_byte)
                             : _mm256_setzero_si256();
          }
          t4[0][x] = _mm256_sub_epi16(d[0], d[2]);
          t4[1][x] = _mm256_add_epi16(d[1], d[2]);
          t4[2][x] = _mm256_sub_epi16(d[2], d[1]);
          t4[3][x] = _mm256_sub_epi16(d[1], d[3]);
        }
        for (int32_t i = 0; i < 4; ++i) {
          const __m256i r[4] = {
              _mm256_sub_epi16(t4[i][0], t4[i][2]), _mm256_add_epi16(t4[i][1], t4[i][2]),
              _mm256_sub_epi16(t4[i][2], t4[i][1]), _mm256_sub_epi16(t4[i][1], t4[i][3])};
          for (int32_t x = 0; x < 4; ++x) {
            int16_t* dst = v + (static_cast<size_t>(i * 4 + x) * kWinogradStrip + j) * kv + c0;
            _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst), r[x]);
          }
        }
      }
    }
    for (int32_t b = a.block_begin; b < a.block_end; ++b) {
      for (int32_t xi = 0; xi < kWinogradPositions; ++xi) {
        __m256i acc[6][2];
        const int16_t* ar[6];
        for (int i = 0; i < 6; ++i) {
          acc[i][0] = acc[i][1] = _mm256_setzero_si256();
          ar[i] = v + (static_cast<size_t>(xi) * kWinogradStrip + std::min(i, nt - 1)) * kv;
        }
        mac_loop_6x16(w.kp, ar, w.block(xi, b), acc);
        for (int i = 0; i < 6; ++i) {
          _mm256_store_si256(reinterpret_cast<__m256i*>(m[xi][i]), acc[i][0]);
          _mm256_store_si256(reinterpret_cast<__m256i*>(m[xi][i] + 8), acc[i][1]);
        }
      }
      // Output transform Y = A^T M A with A^T rows (1 1 1 0), (0 1 -1 -1); Y = 4 * sum.
      const int32_t* rq = a.requant->block(b);
      const int32_t nc = std::min(kChannelBlock, w.n - b * kChannelBlock);
      for (int32_t j = 0; j < nt; ++j) {
        const int32_t t = t0 + j, bt = t / per_image, ty = t % per_image / tw, tx = t % tw;
        __m256i y[2][2][2];  // [dy][dx][half]
        for (int h = 0; h < 2; ++h) {
          __m256i s[2][4];
          for (int32_t x = 0; x < 4; ++x) {
            const __m256i m0 = load8(m[x][j] + 8 * h), m1 = load8(m[4 + x][j] + 8 * h);
            const __m256i m2 = load8(m[8 + x][j] + 8 * h), m3 = load8(m[12 + x][j] + 8 * h);
            s[0][x] = _mm256_add_epi32(_mm256_add_epi32(m0, m1), m2);
            s[1][x] = _mm256_sub_epi32(_mm256_sub_epi32(m1, m2), m3);
          }
          const __m256i bias = load8(rq + 8 * h);
          const RequantLanes8 lanes{rq, 8 * h};
          for (int dy = 0; dy < 2; ++dy) {
            const __m256i y0 = _mm256_add_epi32(_mm256_add_epi32(s[dy][0], s[dy][1]), s[dy][2]);
            const __m256i y1 = _mm256_sub_epi32(_mm256_sub_epi32(s[dy][1], s[dy][2]), s[dy][3]);
            y[dy][0][h] = requantize_avx2<kMode>(_mm256_add_epi32(_mm256_srai_epi32(y0, 2), bias),
                                                 lanes, out.zero_point);
            y[dy][1][h] = requantize_avx2<kMode>(_mm256_add_epi32(_mm256_srai_epi32(y1, 2), bias),
                                                 lanes, out.zero_point);
          }
        }
        for (int dy = 0; dy < 2; ++dy) {
          const int32_t oy = 2 * ty + dy, ox = 2 * tx;
          if (oy >= g.out_h) break;
          const __m256i bytes =
              narrow_two_rows<kUnsigned>(y[dy][0][0], y[dy][0][1], y[dy][1][0], y[dy][1][1], out);
          uint8_t* dst =
              a.output +
              ((static_cast<size_t>(bt) * g.out_h + oy) * g.out_w + ox) * static_cast<size_t>(w.n) +
              static_cast<size_t>(b) * kChannelBlock;
          store16(dst, _mm256_castsi256_si128(bytes), nc);
          if (ox + 1 < g.out_w) store16(dst + w.n, _mm256_extracti128_si256(bytes, 1), nc);
        }
      }
    }
  }
}

}  // namespace

void winograd_f2x3_avx2(const WinogradArgs& args) {
  with_output_stage(args.requant->output(), [&]<RequantMode kMode, bool kUnsigned>() {
    winograd_impl<kMode, kUnsigned>(args);
  });
}

}  // namespace octet::x86
