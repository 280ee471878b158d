// qgemm.cc - see qgemm.h: packing, bias folds, row conversion, and the portable models of the
// micro-kernels.
#include "kernels/x86/qgemm.h"

#include <algorithm>
#include <cassert>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "octet_fixed_point.h"

namespace octet::x86 {

PackedWeights pack_weights(const WeightMatrix& w, GemmRoute route, int32_t nr) {
  assert(nr % kGemmNr == 0 && (route == GemmRoute::kC4 || nr == kGemmNr));
  PackedWeights p;
  p.route = route;
  p.n = w.n;
  p.k = w.k;
  p.nr = nr;
  const int32_t kr = gemm_kr(route);
  p.kp = round_up(w.k, kr);
  const size_t total = static_cast<size_t>(p.panels()) * p.kp * nr;
  if (route == GemmRoute::kC2) {
    p.w16.assign(total, 0);
  } else {
    p.w8.assign(total, 0);
  }
  for (int32_t row = 0; row < w.n; ++row) {
    const int32_t panel = row / nr, lane = row % nr;
    for (int32_t col = 0; col < w.k; ++col) {
      const int32_t g = col / kr, i = col % kr;
      const size_t at = ((static_cast<size_t>(panel) * (p.kp / kr) + g) * nr + lane) * kr + i;
      if (route == GemmRoute::kC2) {
        p.w16[at] = static_cast<int16_t>(w.value(row, col));
      } else {
        // int8 weights are symmetric (zero point 0) and stored as they are; uint8 ones as w - 128.
        const int32_t raw = w.value(row, col) + w.zero_point;
        p.w8[at] = static_cast<int8_t>(w.is_unsigned ? raw - 128 : raw);
      }
    }
  }
  return p;
}

GemvWeights pack_gemv_weights(const WeightMatrix& w) {
  GemvWeights p;
  p.n = w.n;
  p.k = w.k;
  p.kp = round_up(w.k, 2);
  p.is_unsigned = w.is_unsigned;
  p.zero_point = w.zero_point;
  const int32_t blocks = (w.n + kGemmNr - 1) / kGemmNr;
  // Padding holds the zero point, so padded channels and k contribute w - zp = 0 like c2's.
  p.w8.assign(static_cast<size_t>(blocks) * p.kp * kGemmNr, static_cast<uint8_t>(w.zero_point));
  for (int32_t row = 0; row < w.n; ++row) {
    for (int32_t col = 0; col < w.k; ++col) {
      const size_t at =
          ((static_cast<size_t>(row / kGemmNr) * (p.kp / 2) + col / 2) * kGemmNr + row % kGemmNr) *
              2 +
          col % 2;
      p.w8[at] = w.data[static_cast<size_t>(row) * w.k + col];
    }
  }
  return p;
}

GemmFold fold_gemm_bias(const WeightMatrix& w, const int32_t* bias, int32_t input_zero_point,
                        bool input_unsigned, GemmRoute route) {
  assert(route == GemmRoute::kC2 || input_unsigned == w.is_unsigned);
  assert(w.is_unsigned || w.zero_point == 0 || route == GemmRoute::kC2);
  GemmFold f;
  f.bias.resize(static_cast<size_t>(w.n));
  f.acc_bound.resize(static_cast<size_t>(w.n));
  const int64_t x_max = max_input_magnitude(input_zero_point, input_unsigned);
  for (int32_t row = 0; row < w.n; ++row) {
    int64_t sum = 0, sum_abs = 0;
    for (int32_t col = 0; col < w.k; ++col) {
      const int32_t v = w.value(row, col);
      sum += v;
      sum_abs += std::abs(v);
    }
    const int64_t b = bias ? bias[row] : 0;
    f.acc_bound[static_cast<size_t>(row)] = std::abs(b) + sum_abs * x_max;
    int64_t folded = b;
    if (route == GemmRoute::kC4) {
      // int8: A = x + 128 adds (128 + zp_in) * sum(w). uint8: sum(x (w - 128)) + (128 - zp_w) *
      // sum(x) - zp_in * sum(w - zp_w) is the reference sum; the row term is added per row.
      folded -= input_unsigned ? int64_t{input_zero_point} * sum
                               : (int64_t{128} + input_zero_point) * sum;
    }
    // The kernel accumulates modulo 2^32 and the true sum fits int32, so a wrapped bias is exact.
    f.bias[static_cast<size_t>(row)] = static_cast<int32_t>(static_cast<uint32_t>(folded));
  }
  if (route == GemmRoute::kC4 && w.is_unsigned) f.row_term_scale = 128 - w.zero_point;
  return f;
}

namespace {

// The part of a weight pair that vpmaddubsw multiplies exactly by any two unsigned bytes: the pair
// itself when its positive weights sum to at most 128 and its negative ones to at least -128 (and
// both fit int8), else each weight clamped to [-64, 64], which always has that property.
std::pair<int32_t, int32_t> q4_safe_part(int32_t v0, int32_t v1) {
  const int32_t pos = std::max(v0, 0) + std::max(v1, 0), neg = std::min(v0, 0) + std::min(v1, 0);
  if (pos <= 128 && neg >= -128 && v0 >= -128 && v0 <= 127 && v1 >= -128 && v1 <= 127) {
    return {v0, v1};
  }
  return {std::clamp(v0, -64, 64), std::clamp(v1, -64, 64)};
}

}  // namespace

std::optional<PackedWeightsQ4> pack_weights_q4(const WeightMatrix& w, const int32_t* bias,
                                               int32_t input_zero_point, bool input_unsigned,
                                               double max_residual) {
  PackedWeightsQ4 p;
  p.n = w.n;
  p.k = w.k;
  p.kp = round_up(w.k, 4);
  const int32_t blocks = (w.n + kGemmNr - 1) / kGemmNr, quads = p.kp / 4;
  p.w8.assign(static_cast<size_t>(blocks) * p.kp * kGemmNr, 0);
  p.extra_begin.push_back(0);
  const double max_entries = max_residual * blocks * quads;
  // remainder[lane * 4 + i] of the current (block, quad); 0 past n and past k.
  int32_t rem[kGemmNr * 4];
  for (int32_t b = 0; b < blocks; ++b) {
    for (int32_t q = 0; q < quads; ++q) {
      bool left = false;
      for (int32_t lane = 0; lane < kGemmNr; ++lane) {
        const int32_t row = b * kGemmNr + lane;
        for (int32_t i = 0; i < 4; ++i) {
          const int32_t col = q * 4 + i;
          rem[lane * 4 + i] = row < w.n && col < w.k ? w.value(row, col) : 0;
        }
      }
      // Level 0 into the dense layout, then residual entries until nothing remains (|w| <= 255:
      // 255 -> 191 -> 127 -> 63 -> 0, at most 3 residual levels).
      for (int level = 0; level == 0 || left; ++level) {
        int8_t* dst;
        if (level == 0) {
          dst = p.w8.data() + (static_cast<size_t>(b) * quads + q) * kGemmNr * 4;
        } else {
          p.extra_offset.push_back(int64_t{q} * 4);
          p.extra_w.resize(p.extra_w.size() + kGemmNr * 4);
          dst = p.extra_w.data() + p.extra_w.size() - kGemmNr * 4;
        }
        left = false;
        for (int32_t j = 0; j < kGemmNr * 2; ++j) {  // pairs
          const auto [s0, s1] = q4_safe_part(rem[2 * j], rem[2 * j + 1]);
          dst[2 * j] = static_cast<int8_t>(s0);
          dst[2 * j + 1] = static_cast<int8_t>(s1);
          rem[2 * j] -= s0;
          rem[2 * j + 1] -= s1;
          left |= rem[2 * j] != 0 || rem[2 * j + 1] != 0;
        }
      }
    }
    p.extra_begin.push_back(static_cast<int32_t>(p.extra_offset.size()));
    if (static_cast<double>(p.extra_offset.size()) > max_entries) return std::nullopt;
  }
  // bias' = bias - c * sum_k (w - zp_w), wrapping: the kernel's int32 sums wrap the same way and
  // the accumulator they end at fits int32.
  const int64_t c = input_unsigned ? input_zero_point : input_zero_point + 128;
  p.bias.resize(static_cast<size_t>(w.n));
  for (int32_t row = 0; row < w.n; ++row) {
    int64_t sum = 0;
    for (int32_t col = 0; col < w.k; ++col) sum += w.value(row, col);
    const int64_t folded = (bias ? int64_t{bias[row]} : 0) - c * sum;
    p.bias[row] = static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint64_t>(folded)));
  }
  return p;
}

void convert_row_portable(const RowPacking& p, const uint8_t* src, int32_t n, void* dst) {
  if (p.route == GemmRoute::kC2) {
    int16_t* d = static_cast<int16_t*>(dst);
    for (int32_t i = 0; i < n; ++i) {
      const int32_t x = p.input_unsigned ? int32_t{src[i]} : int32_t{static_cast<int8_t>(src[i])};
      d[i] = static_cast<int16_t>(x - p.input_zero_point);
    }
  } else {
    uint8_t* d = static_cast<uint8_t*>(dst);
    if (p.input_unsigned) {
      std::memcpy(d, src, static_cast<size_t>(n));
    } else {
      for (int32_t i = 0; i < n; ++i) d[i] = static_cast<uint8_t>(src[i] ^ 0x80);  // x + 128
    }
  }
}

void fill_row(const RowPacking& p, int32_t n, bool pad, void* dst) {
  if (p.route == GemmRoute::kC2) {
    std::memset(dst, 0, static_cast<size_t>(n) * 2);
  } else {
    std::memset(dst, pad ? p.pad_byte() : 0, static_cast<size_t>(n));
  }
}

namespace {

// Scalar requantization from a table block (the fields hold shift as left/right parts).
uint8_t requantize_from_table(int32_t acc, const int32_t* block, int lane, const OutputStage& o) {
  const int32_t m = block[kFieldMultiplier * kChannelBlock + lane];
  const int32_t shift = block[kFieldLeftShift * kChannelBlock + lane] -
                        block[kFieldRightShift * kChannelBlock + lane];
  return static_cast<uint8_t>(requantize_scalar(acc, m, shift, o));
}

template <int kKr, typename A, typename W>
void portable_gemm(const QGemmArgs& g) {
  const PackedWeights& w = *g.w;
  const OutputStage& out = g.requant->output();
  for (int32_t p = g.block_begin; p < g.block_end; ++p) {
    const W* wb = static_cast<const W*>(w.panel(p));
    const int32_t nc = std::min(w.nr, w.n - p * w.nr);
    for (int32_t m = 0; m < g.m; ++m) {
      const A* a = reinterpret_cast<const A*>(g.a + static_cast<size_t>(m) * g.a_stride);
      for (int32_t lane = 0; lane < nc; ++lane) {
        const int32_t* rq = g.requant->block((p * w.nr + lane) / kGemmNr);
        const int32_t rq_lane = lane % kGemmNr;
        // Unsigned arithmetic: the kernels accumulate modulo 2^32.
        uint32_t acc = static_cast<uint32_t>(rq[kFieldBias * kChannelBlock + rq_lane]);
        if (g.row_terms) acc += static_cast<uint32_t>(g.row_terms[m]);
        // Contiguous rows are one segment over all of k.
        const int32_t segments = g.segments > 0 ? g.segments : 1;
        for (int32_t s = 0; s < segments; ++s) {
          const A* as = g.segments > 0 ? reinterpret_cast<const A*>(
                                             g.seg_a[s] + static_cast<size_t>(m) * g.seg_row_stride)
                                       : a;
          const int32_t k0 = g.segments > 0 ? g.seg_k[s] : 0;
          const int32_t len = g.segments > 0 ? g.seg_len : w.kp;
          for (int32_t k = 0; k < len; ++k) {
            const int32_t grp = (k0 + k) / kKr, i = (k0 + k) % kKr;
            const int32_t prod =
                int32_t{as[k]} * int32_t{wb[(static_cast<size_t>(grp) * w.nr + lane) * kKr + i]};
            acc += static_cast<uint32_t>(prod);
          }
        }
        g.c[static_cast<size_t>(m) * g.c_stride + p * w.nr + lane] =
            requantize_from_table(static_cast<int32_t>(acc), rq, rq_lane, out);
      }
    }
  }
}

}  // namespace

void q8_gemv_16c2_portable(const QGemvArgs& g) {
  const GemvWeights& w = *g.w;
  const OutputStage& out = g.requant->output();
  const int32_t k_end = g.k_end > 0 ? g.k_end : w.kp;
  for (int32_t b = g.block_begin; b < g.block_end; ++b) {
    const uint8_t* wb = w.block(b);
    const int32_t* rq = g.requant->block(b);
    int32_t* partial = g.partial + static_cast<size_t>(b - g.block_begin) * kGemmNr;
    const int32_t nc = std::min(kGemmNr, w.n - b * kGemmNr);
    for (int32_t lane = 0; lane < kGemmNr; ++lane) {
      uint32_t acc =
          static_cast<uint32_t>(g.first ? rq[kFieldBias * kChannelBlock + lane] : partial[lane]);
      for (int32_t k = g.k_begin; k < k_end; ++k) {
        const uint8_t raw = wb[(static_cast<size_t>(k / 2) * kGemmNr + lane) * 2 + k % 2];
        const int32_t v =
            (w.is_unsigned ? int32_t{raw} : int32_t{static_cast<int8_t>(raw)}) - w.zero_point;
        acc += static_cast<uint32_t>(int32_t{g.a[k - g.k_begin]} * v);
      }
      if (!g.last) {
        partial[lane] = static_cast<int32_t>(acc);
      } else if (lane < nc) {
        g.c[b * kGemmNr + lane] = requantize_from_table(static_cast<int32_t>(acc), rq, lane, out);
      }
    }
  }
}

void q8_gemm_c2_portable(const QGemmArgs& args) { portable_gemm<2, int16_t, int16_t>(args); }

void q8_gemm_c4_emulated(const QGemmArgs& args) { portable_gemm<4, uint8_t, int8_t>(args); }

}  // namespace octet::x86
