// conv2d_gemm.cc - see conv2d_gemm.h.
#include "kernels/x86/conv2d_gemm.h"

#include <algorithm>
#include <vector>

#include "kernels/x86/im2col.h"

namespace octet::x86 {

namespace {

// A chunk of GEMM rows stays in L2 while every weight block passes over it.
constexpr size_t kChunkBytes = 96 * 1024;
constexpr int32_t kChunkRowMultiple = kGemmRowAlign;

GemmRoute route_of(GemmKernel k) {
  return k == GemmKernel::kAvx2C2 || k == GemmKernel::kPortableC2 ? GemmRoute::kC2 : GemmRoute::kC4;
}

}  // namespace

Conv2DGemm::Conv2DGemm(const ConvGeometry& g, const uint8_t* filter, const int32_t* bias,
                       const ConvQuant& q, GemmKernel kernel)
    : g_(g) {
  const GemmRoute route = route_of(kernel);
  const WeightMatrix w{filter, q.is_unsigned, q.is_unsigned ? q.weight_zero_point : 0, g.out_c,
                       g.filter_h * g.filter_w * g.in_c};
  // One GEMM row (batch-1 dense, 1x1 output): the c2 kernels use a GEMV over 8-bit weights,
  // half the bytes of the int16 packing, since such a layer only streams its weights once.
  if (rows() == 1 && (kernel == GemmKernel::kAvx2C2 || kernel == GemmKernel::kPortableC2)) {
    gemv_weights_ = pack_gemv_weights(w);
    gemv_ = kernel == GemmKernel::kAvx2C2 ? q8_gemv_16c2_avx2 : q8_gemv_16c2_portable;
  } else {
    weights_ = pack_weights(w, route);
  }
  const GemmFold fold = fold_gemm_bias(w, bias, q.input_zero_point, q.is_unsigned, route);
  row_term_scale_ = fold.row_term_scale;
  const std::span<const int32_t> shift(q.shift, static_cast<size_t>(g.out_c));
  OutputStage out;
  out.zero_point = q.output_zero_point;
  out.act_min = q.act_min;
  out.act_max = q.act_max;
  out.is_unsigned = q.is_unsigned;
  out.mode = choose_requant_mode(shift, fold.acc_bound, q.output_zero_point);
  requant_ =
      RequantTable(fold.bias, std::span<const int32_t>(q.multiplier, shift.size()), shift, out);
  rows_ = RowPacking{route, q.is_unsigned, q.input_zero_point, round_up(w.k, gemm_kr(route))};
  pointwise_ = g.filter_h == 1 && g.filter_w == 1 && g.stride_h == 1 && g.stride_w == 1 &&
               g.pad_top == 0 && g.pad_left == 0 && g.out_h == g.in_h && g.out_w == g.in_w;
  const size_t row_bytes = rows_.row_bytes();
  chunk_rows_ =
      static_cast<int32_t>(kChunkBytes / row_bytes) / kChunkRowMultiple * kChunkRowMultiple;
  chunk_rows_ = std::min(std::max(chunk_rows_, kChunkRowMultiple), rows());
  switch (kernel) {
    case GemmKernel::kAvx2C2:
      convert_ = convert_row_c2_avx2;
      im2col_ = im2col_rows_c2_avx2;
      gemm_ = q8_gemm_6x16c2_avx2;
      break;
    case GemmKernel::kAvx512VnniC4:
      convert_ = convert_row_portable;
      im2col_ = im2col_rows_portable;
      gemm_ = q8_gemm_4x16c4_avx512vnni;
      break;
    case GemmKernel::kPortableC2:
      convert_ = convert_row_portable;
      im2col_ = im2col_rows_portable;
      gemm_ = q8_gemm_c2_portable;
      break;
    case GemmKernel::kEmulatedC4:
      convert_ = convert_row_portable;
      im2col_ = im2col_rows_portable;
      gemm_ = q8_gemm_c4_emulated;
      break;
  }
}

size_t Conv2DGemm::scratch_bytes() const {
  // + 16 elements of slack for a widened short run at the end of the last row.
  return static_cast<size_t>(chunk_rows_) * (rows_.row_bytes() + sizeof(int32_t)) + 64 + 32;
}

void im2col_rows_portable(const ConvGeometry& g, const RowPacking& p, const uint8_t* input,
                          int32_t m0, int32_t count, uint8_t* a) {
  im2col_rows(
      g, p, input, m0, count, a, false,
      [&](const uint8_t* src, int32_t n, uint8_t* dst) { convert_row_portable(p, src, n, dst); },
      [&](int32_t n, bool pad, uint8_t* dst) { fill_row(p, n, pad, dst); });
}

void Conv2DGemm::pack_rows(const uint8_t* input, int32_t m0, int32_t count, uint8_t* a,
                           int32_t* row_terms) const {
  const RowPacking& p = rows_;
  const size_t es = p.elem_bytes(), row_bytes = p.row_bytes();
  const int32_t k = g_.filter_h * g_.filter_w * g_.in_c;
  if (pointwise_) {
    const uint8_t* src = input + static_cast<size_t>(m0) * g_.in_c;
    if (k == p.kp) {  // rows are contiguous on both sides: one conversion
      convert_(p, src, count * k, a);
    } else {
      for (int32_t r = 0; r < count; ++r) {
        convert_(p, src + static_cast<size_t>(r) * k, k, a + r * row_bytes);
        fill_row(p, p.kp - k, false, a + r * row_bytes + k * es);
      }
    }
  } else {
    im2col_(g_, p, input, m0, count, a);
  }
  if (row_term_scale_ != 0) {  // c4 with uint8 weights: (128 - zp_w) * sum of the row's bytes
    for (int32_t r = 0; r < count; ++r) {
      const uint8_t* row = a + r * row_bytes;
      int32_t sum = 0;
      for (int32_t i = 0; i < p.kp; ++i) sum += row[i];
      row_terms[r] = sum * row_term_scale_;
    }
  }
}

void Conv2DGemm::run(const uint8_t* input, uint8_t* output, int32_t m_begin, int32_t m_end,
                     int32_t block_begin, int32_t block_end, uint8_t* scratch) const {
  // 64-byte aligned A rows, then the row terms.
  uint8_t* a = reinterpret_cast<uint8_t*>((reinterpret_cast<uintptr_t>(scratch) + 63) & ~63ull);
  int32_t* row_terms =
      reinterpret_cast<int32_t*>(a + static_cast<size_t>(chunk_rows_) * rows_.row_bytes());
  for (int32_t m0 = m_begin; m0 < m_end; m0 += chunk_rows_) {
    const int32_t count = std::min(chunk_rows_, m_end - m0);
    pack_rows(input, m0, count, a, row_terms);
    if (gemv_) {
      QGemvArgs args;
      args.a = reinterpret_cast<const int16_t*>(a);
      args.w = &gemv_weights_;
      args.requant = &requant_;
      args.block_begin = block_begin;
      args.block_end = block_end;
      args.c = output + static_cast<size_t>(m0) * g_.out_c;
      gemv_(args);
      continue;
    }
    QGemmArgs args;
    args.m = count;
    args.a = a;
    args.a_stride = rows_.row_bytes();
    args.row_terms = row_term_scale_ != 0 ? row_terms : nullptr;
    args.w = &weights_;
    args.requant = &requant_;
    args.block_begin = block_begin;
    args.block_end = block_end;
    args.c = output + static_cast<size_t>(m0) * g_.out_c;
    args.c_stride = static_cast<size_t>(g_.out_c);
    gemm_(args);
  }
}

}  // namespace octet::x86
