// winograd.h - CONV_2D with a 3x3 filter, stride 1 and no dilation as Winograd F(2x2, 3x3) on the
// c2 (AVX2) route, in exact integer arithmetic, so that the result is byte-identical with the
// reference's direct sum:
//   - An output tile of 2x2 pixels reads a 4x4 input patch d (x - zp_in, 0 for padded taps). Its
//     transform V = B^T d B has coefficients 0 and +-1, so |V| <= 4 * 255 fits int16.
//   - The filter transform G g G^T has halves in G; octet packs U = G' g G'^T with G' = 2G
//     (coefficients 0, 1, 2, -1), which is 4 times the true one and |U| <= 9 * 255 fits int16.
//   - Per position xi of the 4x4 transformed tile, M[xi] = sum_c U[xi][c] * V[xi][c] is a GEMM
//     (rows: tiles, k: input channels, columns: output channels) run on the c2 micro-kernel's MAC
//     loop (vpmaddwd), accumulating in int32.
//   - The output transform A^T M A also has coefficients 0 and +-1. The result is exactly 4 times
//     the direct sum, so an arithmetic shift right by 2 is exact; then bias and the usual
//     requantization. Intermediate sums may wrap in int32: every step is linear with integer
//     coefficients, so the result is right modulo 2^32, and prepare only takes this route when
//     4 * |accumulator| fits int32, which makes it right.
// 16 multiplications per 2x2 pixels and input channel instead of 36: 2.25 times fewer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/aligned_vector.h"
#include "kernels/x86/conv2d_gemm.h"

namespace octet::x86 {

constexpr int kWinogradPositions = 16;  // the 4x4 transformed tile
constexpr int kWinogradStrip = 6;       // tiles per GEMM call (the 6x16 micro-kernel's rows)

// The route applies to this geometry (the caller checks the kernel and the accumulator bound).
bool winograd_applies(const ConvGeometry& g);

// U per position, packed as the c2 GEMM packs weights (qgemm.h): position xi, block b holds kp/2
// k pairs of 16 lanes, element ((g * 16 + lane) * 2 + i) for k = 2g + i.
struct WinogradWeights {
  int32_t n = 0, k = 0, kp = 0;  // output channels, input channels, k rounded up to even
  int32_t kv = 0;                // elements between transformed rows (k rounded up to 16)
  int32_t blocks = 0;
  AlignedVector<int16_t> w16;
  const int16_t* block(int32_t xi, int32_t b) const {
    return w16.data() + static_cast<size_t>(xi * blocks + b) * kp * kChannelBlock;
  }
  int64_t bytes() const { return static_cast<int64_t>(w16.size() * sizeof(int16_t)); }
};

// filter: OHWI bytes (n x 3 x 3 x k), int8 or uint8 with zero point zp_w.
WinogradWeights pack_winograd_weights(const uint8_t* filter, int32_t n, int32_t k, bool is_unsigned,
                                      int32_t zp_w);

// Tiles in raster order (batch, tile row, tile column); tile t computes output pixels
// (2 ty + {0, 1}, 2 tx + {0, 1}) that lie inside the image.
int32_t winograd_tiles(const ConvGeometry& g);
// The number of tiles whose top-left pixel (row = (batch, y, x)) is below output row m: tasks that
// split output rows take the tiles anchored in their range, so every pixel has one writer.
int32_t winograd_tiles_before(const ConvGeometry& g, int32_t m);
// Scratch of one call: the transformed strip, 32-byte aligned.
size_t winograd_scratch_bytes(const WinogradWeights& w);

struct WinogradArgs {
  const ConvGeometry* g = nullptr;
  bool input_unsigned = false;
  int32_t input_zero_point = 0;
  const uint8_t* input = nullptr;
  uint8_t* output = nullptr;
  int32_t tile_begin = 0, tile_end = 0;
  int32_t block_begin = 0, block_end = 0;
  const WinogradWeights* w = nullptr;
  const RequantTable* requant = nullptr;
  uint8_t* scratch = nullptr;  // winograd_scratch_bytes(*w)
};

void winograd_f2x3_avx2(const WinogradArgs& args);

}  // namespace octet::x86
