// winograd.cc - see winograd.h: the filter transform and the tile bookkeeping (ISA-independent).
#include "kernels/x86/winograd.h"

namespace octet::x86 {

// From 16 input channels on: with 8, the transforms cost what the fewer multiplications save
// (measured on Zen 3, bench/conv2d_bench.cc 32x32x8->16 against the direct route).
bool winograd_applies(const ConvGeometry& g) {
  return g.filter_h == 3 && g.filter_w == 3 && g.stride_h == 1 && g.stride_w == 1 &&
         g.dilation_h == 1 && g.dilation_w == 1 && g.in_c >= 16 && (g.out_h > 1 || g.out_w > 1);
}

WinogradWeights pack_winograd_weights(const uint8_t* filter, int32_t n, int32_t k, bool is_unsigned,
                                      int32_t zp_w) {
  // G' = 2 G for F(2, 3): rows g0, g0 + g1 + g2, g0 - g1 + g2, g2 (each times 2 / 2).
  static constexpr int32_t kG[4][3] = {{2, 0, 0}, {1, 1, 1}, {1, -1, 1}, {0, 0, 2}};
  WinogradWeights w;
  w.n = n;
  w.k = k;
  w.kp = round_up(k, 2);
  w.kv = round_up(k, 16);
  w.blocks = (n + kChannelBlock - 1) / kChannelBlock;
  w.w16.assign(static_cast<size_t>(kWinogradPositions) * w.blocks * w.kp * kChannelBlock, 0);
  for (int32_t o = 0; o < n; ++o) {
    const int32_t b = o / kChannelBlock, lane = o % kChannelBlock;
    for (int32_t c = 0; c < k; ++c) {
      int32_t g[3][3];
      for (int32_t y = 0; y < 3; ++y) {
        for (int32_t x = 0; x < 3; ++x) {
          const uint8_t v = filter[((static_cast<size_t>(o) * 3 + y) * 3 + x) * k + c];
          g[y][x] = (is_unsigned ? int32_t{v} : int32_t{static_cast<int8_t>(v)}) - zp_w;
        }
      }
      for (int32_t i = 0; i < 4; ++i) {
        int32_t row[3];  // (G' g)[i][x]
        for (int32_t x = 0; x < 3; ++x) {
          row[x] = kG[i][0] * g[0][x] + kG[i][1] * g[1][x] + kG[i][2] * g[2][x];
        }
        for (int32_t j = 0; j < 4; ++j) {
          const int32_t u = kG[j][0] * row[0] + kG[j][1] * row[1] + kG[j][2] * row[2];
          int16_t* blk =
              w.w16.data() + static_cast<size_t>((i * 4 + j) * w.blocks + b) * w.kp * kChannelBlock;
          blk[((c / 2) * kChannelBlock + lane) * 2 + c % 2] = static_cast<int16_t>(u);
        }
      }
    }
  }
  return w;
}

int32_t winograd_tiles(const ConvGeometry& g) {
  return g.batches * ((g.out_h + 1) / 2) * ((g.out_w + 1) / 2);
}

int32_t winograd_tiles_before(const ConvGeometry& g, int32_t m) {
  const int32_t per_image = g.out_h * g.out_w, tw = (g.out_w + 1) / 2;
  const int32_t bt = m / per_image, r = m % per_image, y = r / g.out_w, x = r % g.out_w;
  return bt * ((g.out_h + 1) / 2) * tw + (y + 1) / 2 * tw + (y % 2 == 0 ? (x + 1) / 2 : 0);
}

size_t winograd_scratch_bytes(const WinogradWeights& w) {
  return 32 + static_cast<size_t>(kWinogradPositions) * kWinogradStrip * w.kv * sizeof(int16_t);
}

}  // namespace octet::x86
