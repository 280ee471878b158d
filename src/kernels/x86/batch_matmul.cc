// batch_matmul.cc - see batch_matmul.h.
#include "kernels/x86/batch_matmul.h"

#include <algorithm>

#include "kernels/x86/data_movement.h"

namespace octet::x86 {

namespace {

int64_t matrices(const octet_batch_matmul_params& p) {
  return int64_t{p.batch[0]} * p.batch[1] * p.batch[2];
}

// Element offsets of output matrix m's lhs and rhs (the reference's batch loop order).
void offsets(const octet_batch_matmul_params& p, int64_t m, int64_t* lhs, int64_t* rhs) {
  const int64_t b2 = m % p.batch[2], b1 = (m / p.batch[2]) % p.batch[1],
                b0 = m / p.batch[2] / p.batch[1];
  *lhs = b0 * p.lhs_batch_stride[0] + b1 * p.lhs_batch_stride[1] + b2 * p.lhs_batch_stride[2];
  *rhs = b0 * p.rhs_batch_stride[0] + b1 * p.rhs_batch_stride[1] + b2 * p.rhs_batch_stride[2];
}

}  // namespace

bool BatchMatMulGemm::applies(const octet_batch_matmul_params& p) {
  return p.rhs_offset == 0 && p.rows > 0 && p.cols > 0 && p.depth > 0 && matrices(p) > 0;
}

BatchMatMulGemm::BatchMatMulGemm(const octet_batch_matmul_params& p, const int8_t* rhs,
                                 GemmKernel kernel)
    : p_(p) {
  const int64_t n = matrices(p);
  const int64_t lhs_matrix = int64_t{p.rows} * p.depth;
  bool one_rhs = true;
  one_gemm_ = !p.adj_x && n * p.rows <= INT32_MAX;
  for (int64_t m = 0; m < n; ++m) {
    int64_t lo, ro;
    offsets(p, m, &lo, &ro);
    one_rhs = one_rhs && ro == 0;
    one_gemm_ = one_gemm_ && lo == m * lhs_matrix;
  }
  one_gemm_ = one_gemm_ && one_rhs;
  ConvGeometry g;
  g.in_w = g.out_w = one_gemm_ ? static_cast<int32_t>(n * p.rows) : p.rows;
  g.in_c = p.depth;
  g.out_c = p.cols;
  multiplier_.assign(static_cast<size_t>(p.cols), p.output_multiplier);
  shift_.assign(static_cast<size_t>(p.cols), p.output_shift);
  ConvQuant q;
  q.input_zero_point = -p.lhs_offset;
  q.multiplier = multiplier_.data();
  q.shift = shift_.data();
  q.output_zero_point = p.output_offset;
  q.act_min = p.act_min;
  q.act_max = p.act_max;
  std::vector<int8_t> weights(static_cast<size_t>(p.cols) * p.depth);
  std::vector<int64_t> rhs_offsets;  // of the matrix behind each GEMM
  gemm_of_matrix_.resize(static_cast<size_t>(one_gemm_ ? 1 : n));
  for (size_t m = 0; m < gemm_of_matrix_.size(); ++m) {
    int64_t lo, ro;
    offsets(p, static_cast<int64_t>(m), &lo, &ro);
    const auto found = std::find(rhs_offsets.begin(), rhs_offsets.end(), ro);
    if (found != rhs_offsets.end()) {
      gemm_of_matrix_[m] = static_cast<int32_t>(found - rhs_offsets.begin());
      continue;
    }
    const int8_t* r = rhs + ro;
    for (int32_t j = 0; j < p.cols; ++j) {
      for (int32_t k = 0; k < p.depth; ++k) {
        weights[static_cast<size_t>(j) * p.depth + k] =
            p.adj_y ? r[int64_t{j} * p.depth + k] : r[int64_t{k} * p.cols + j];
      }
    }
    auto gemm = std::make_shared<const Conv2DGemm>(
        g, reinterpret_cast<const uint8_t*>(weights.data()), nullptr, q, kernel);
    packed_bytes_ += gemm->packed_bytes();
    gemm_min_scratch_ = std::max(gemm_min_scratch_, gemm->min_scratch_bytes());
    gemm_scratch_ = std::max(gemm_scratch_, gemm->scratch_bytes());
    gemm_of_matrix_[m] = static_cast<int32_t>(gemms_.size());
    gemms_.push_back(std::move(gemm));
    rhs_offsets.push_back(ro);
  }
  lhs_bytes_ = p.adj_x ? (static_cast<size_t>(p.rows) * p.depth + 63) / 64 * 64 : 0;
}

void BatchMatMulGemm::run(const int8_t* lhs, int8_t* out, uint8_t* scratch,
                          size_t scratch_size) const {
  uint8_t* work = scratch + lhs_bytes_;
  const size_t work_bytes = scratch_size - lhs_bytes_;
  auto* c = reinterpret_cast<uint8_t*>(out);
  if (one_gemm_) {
    const Conv2DGemm& gemm = *gemms_.front();
    gemm.run(reinterpret_cast<const uint8_t*>(lhs), c, 0, gemm.rows(), 0, gemm.blocks(), work,
             work_bytes);
    return;
  }
  // adj_x: the lhs matrix [depth, rows] transposed to GEMM rows [rows, depth].
  octet_transpose_params tp{};
  tp.rank = 2;
  tp.perm[0] = 1;
  tp.perm[1] = 0;
  tp.elem_size = 1;
  octet_shape view{};
  view.rank = 2;
  view.dims[0] = p_.depth;
  view.dims[1] = p_.rows;
  const int64_t out_matrix = int64_t{p_.rows} * p_.cols;
  for (size_t m = 0; m < gemm_of_matrix_.size(); ++m) {
    int64_t lo, ro;
    offsets(p_, static_cast<int64_t>(m), &lo, &ro);
    const uint8_t* a = reinterpret_cast<const uint8_t*>(lhs + lo);
    if (p_.adj_x) {
      transpose_blocks(&tp, &view, a, scratch);
      a = scratch;
    }
    const Conv2DGemm& gemm = *gemms_[static_cast<size_t>(gemm_of_matrix_[m])];
    gemm.run(a, c + static_cast<int64_t>(m) * out_matrix, 0, gemm.rows(), 0, gemm.blocks(), work,
             work_bytes);
  }
}

}  // namespace octet::x86
