// im2col.h - the one im2col loop: turns the input patches of a run of output pixels into GEMM
// rows (qgemm.h's RowPacking). A template over the element conversion so that each ISA file
// instantiates it with its conversion inlined (one 9-byte run of a 3-channel first layer is a
// handful of instructions; a call per run would cost more than the run).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "kernels/x86/conv2d_gemm.h"

namespace octet::x86 {

// Rows [m0, m0 + count) of the GEMM (row = (batch, y, x) of the output) into a (row_bytes apart).
// convert(src, n, dst) writes the n A elements of n input bytes and may write up to 15 more past
// them: rows are filled in increasing address order, so those land where a later tap, the k tail
// or the next row is written, and the scratch has 16 elements of slack after the last row. With
// short_runs_widen, runs shorter than 16 are passed as 16 when the input has the bytes. fill(n,
// pad, dst) writes n padded-tap (pad) or zero (k tail) elements.
template <typename Convert, typename Fill>
void im2col_rows(const ConvGeometry& geometry, const RowPacking& p, const uint8_t* input,
                 int32_t m0, int32_t count, uint8_t* a, bool short_runs_widen, Convert convert,
                 Fill fill) {
  // Locals, not loads through `geometry`: the byte stores below may alias anything, so the
  // compiler would reload every field after each one.
  const ConvGeometry g = geometry;
  const size_t es = p.elem_bytes(), row_bytes = p.row_bytes();
  const int32_t k = g.filter_h * g.filter_w * g.in_c, kp = p.kp;
  const size_t tap_bytes = static_cast<size_t>(g.in_c) * es;
  const size_t filter_row_bytes = static_cast<size_t>(g.filter_w) * tap_bytes;
  const int32_t filter_row_elems = g.filter_w * g.in_c;
  const size_t in_row_bytes = static_cast<size_t>(g.in_w) * g.in_c;
  const uint8_t* input_end = input + static_cast<size_t>(g.batches) * g.in_h * in_row_bytes;
  const bool x_contiguous = g.dilation_w == 1;
  auto run = [&](const uint8_t* src, int32_t n, uint8_t* dst) {
    if (short_runs_widen && n < 16 && src + 16 <= input_end) n = 16;
    convert(src, n, dst);
  };
  const int32_t per_image = g.out_h * g.out_w;
  // (batch, y, x) of row m0, then stepped along: no divisions per row.
  int32_t bt = m0 / per_image, oy = (m0 % per_image) / g.out_w, ox = m0 % g.out_w;
  for (int32_t r = 0; r < count; ++r) {
    uint8_t* row = a + r * row_bytes;
    const int32_t x0 = ox * g.stride_w - g.pad_left;
    const bool x_inside = x_contiguous && x0 >= 0 && x0 + g.filter_w <= g.in_w;
    const uint8_t* image = input + static_cast<size_t>(bt) * g.in_h * in_row_bytes;
    const int32_t y0 = oy * g.stride_h - g.pad_top;
    for (int32_t ky = 0; ky < g.filter_h; ++ky) {
      const int32_t iy = y0 + ky * g.dilation_h;
      uint8_t* dst = row + static_cast<size_t>(ky) * filter_row_bytes;
      if (iy < 0 || iy >= g.in_h) {
        fill(filter_row_elems, true, dst);
        continue;
      }
      const uint8_t* src_row = image + static_cast<size_t>(iy) * in_row_bytes;
      if (x_inside) {  // the whole filter row is one contiguous run of the input
        run(src_row + static_cast<size_t>(x0) * g.in_c, filter_row_elems, dst);
        continue;
      }
      for (int32_t kx = 0; kx < g.filter_w; ++kx) {
        const int32_t ix = x0 + kx * g.dilation_w;
        if (ix < 0 || ix >= g.in_w) {
          fill(g.in_c, true, dst + kx * tap_bytes);
        } else {
          run(src_row + static_cast<size_t>(ix) * g.in_c, g.in_c, dst + kx * tap_bytes);
        }
      }
    }
    if (kp > k) fill(kp - k, false, row + k * es);
    if (++ox == g.out_w) {
      ox = 0;
      if (++oy == g.out_h) {
        oy = 0;
        ++bt;
      }
    }
  }
}

// im2col_rows for layers whose filter rows are short runs (dilation_w 1, filter_w * in_c <= 16:
// 3-channel first layers), with a fast path for the pixels whose whole window is inside the image
// and the input has 16 bytes from each filter row's start: inside(src, y_step, row) writes such
// a row from the filter rows at src + ky * y_step, with one 16-byte load per filter row, and may
// write up to 16 elements past the row (a later row or the scratch slack). The borders, and every
// row of other layers, go to generic(m, n, a_row) (im2col_rows with the ISA's conversion).
template <typename Generic, typename Inside>
void im2col_rows_short_runs(const ConvGeometry& geometry, const RowPacking& p, const uint8_t* input,
                            int32_t m0, int32_t count, uint8_t* a, Generic generic, Inside inside) {
  const ConvGeometry g = geometry;  // locals: the stores below may alias a referenced struct
  const size_t row_bytes = p.row_bytes();
  const int32_t run = g.filter_w * g.in_c;  // elements of one filter row
  const size_t in_row = static_cast<size_t>(g.in_w) * g.in_c;
  const size_t y_step = static_cast<size_t>(g.dilation_h) * in_row;
  const size_t x_step = static_cast<size_t>(g.stride_w) * g.in_c;
  const uint8_t* input_end = input + static_cast<size_t>(g.batches) * g.in_h * in_row;
  if (g.dilation_w != 1 || run > 16) {
    generic(m0, count, a);
    return;
  }
  // Output x range whose windows are inside horizontally: x0 = ox * stride - pad in [0, in_w - fw].
  const int32_t ox_lo = std::min(g.out_w, (g.pad_left + g.stride_w - 1) / g.stride_w);
  const int32_t x_room = g.in_w - g.filter_w + g.pad_left;  // largest inside x0 + pad
  const int32_t ox_hi =
      x_room < 0 ? ox_lo : std::max(ox_lo, std::min(g.out_w, x_room / g.stride_w + 1));
  const int32_t per_image = g.out_h * g.out_w;
  int32_t m = m0;
  const int32_t m_end = m0 + count;
  while (m < m_end) {
    const int32_t bt = m / per_image, oy = (m % per_image) / g.out_w, ox = m % g.out_w;
    const int32_t row_end = std::min(m_end, m - ox + g.out_w);  // rest of this output row
    const int32_t y0 = oy * g.stride_h - g.pad_top;
    const bool y_inside = y0 >= 0 && y0 + (g.filter_h - 1) * g.dilation_h < g.in_h;
    const int32_t fast_lo = m - ox + ox_lo, fast_hi = m - ox + ox_hi;
    if (!y_inside || m >= fast_hi) {
      generic(m, row_end - m, a + (m - m0) * row_bytes);
      m = row_end;
      continue;
    }
    if (m < fast_lo) {  // left border (up to the chunk's end: it may stop inside the border)
      const int32_t border_end = std::min(fast_lo, row_end);
      generic(m, border_end - m, a + (m - m0) * row_bytes);
      m = border_end;
      if (m == row_end) continue;  // (no pixel inside: src below would point before the row)
    }
    const uint8_t* src =
        input + (static_cast<size_t>(bt) * g.in_h + y0) * in_row +
        static_cast<size_t>((m - (fast_lo - ox_lo)) * g.stride_w - g.pad_left) * g.in_c;
    const uint8_t* last_row_end = src + (g.filter_h - 1) * y_step;
    uint8_t* row = a + (m - m0) * row_bytes;
    const int32_t stop = std::min(row_end, fast_hi);
    for (; m < stop && last_row_end + 16 <= input_end;
         ++m, src += x_step, last_row_end += x_step, row += row_bytes) {
      inside(src, y_step, row);
    }
    if (m < row_end) {  // right border (or the last bytes of the input)
      generic(m, row_end - m, a + (m - m0) * row_bytes);
      m = row_end;
    }
  }
}

// The instantiations: portable (any route), AVX2 (c2) and AVX-512 VNNI (c4), conversion inlined.
void im2col_rows_portable(const ConvGeometry& g, const RowPacking& p, const uint8_t* input,
                          int32_t m0, int32_t count, uint8_t* a);
void im2col_rows_c2_avx2(const ConvGeometry& g, const RowPacking& p, const uint8_t* input,
                         int32_t m0, int32_t count, uint8_t* a);
void im2col_rows_c4_avx512vnni(const ConvGeometry& g, const RowPacking& p, const uint8_t* input,
                               int32_t m0, int32_t count, uint8_t* a);

}  // namespace octet::x86
