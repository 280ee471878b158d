// batch_matmul.h - int8 BATCH_MATMUL with a constant rhs on the quantized GEMM (conv2d_gemm.h),
// byte-identical with octet_ref_batch_matmul_s8. ISA-independent: the ISA is the GEMM's kernel.
//
// Each distinct rhs matrix the batch loop visits becomes the packed weights of a 1x1 Conv2DGemm
// ([cols, depth], the rhs transposed unless adj_y already stores it so) whose GEMM rows are lhs
// rows. With one rhs matrix and lhs matrices that follow each other in memory, all lhs rows of all
// batches form one GEMM; otherwise each output matrix is one GEMM call. An adj_x lhs ([depth,
// rows] in memory) is transposed into scratch first. The rhs zero point must be 0 (the GEMM's int8
// weights are symmetric); octet's quantizer gives a constant rhs that form.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "kernels/x86/conv2d_gemm.h"
#include "octet_kernels.h"

namespace octet::x86 {

class BatchMatMulGemm {
 public:
  // Whether the route applies: rhs offset 0 and positive sizes.
  static bool applies(const octet_batch_matmul_params& p);

  // rhs: the constant rhs tensor as the params' strides address it.
  BatchMatMulGemm(const octet_batch_matmul_params& p, const int8_t* rhs, GemmKernel kernel);

  int64_t packed_bytes() const { return packed_bytes_; }
  std::string_view isa_name() const { return gemms_.front()->isa_name(); }
  size_t min_scratch_bytes() const { return lhs_bytes_ + gemm_min_scratch_; }
  size_t scratch_bytes() const { return lhs_bytes_ + gemm_scratch_; }
  // True when all batches run as one GEMM.
  bool one_gemm() const { return one_gemm_; }

  void run(const int8_t* lhs, int8_t* out, uint8_t* scratch, size_t scratch_size) const;

 private:
  octet_batch_matmul_params p_;
  std::vector<std::shared_ptr<const Conv2DGemm>> gemms_;
  std::vector<int32_t> gemm_of_matrix_;  // per output matrix (one entry when one_gemm_)
  std::vector<int32_t> multiplier_, shift_;
  bool one_gemm_ = false;
  size_t lhs_bytes_ = 0;
  size_t gemm_min_scratch_ = 0, gemm_scratch_ = 0;
  int64_t packed_bytes_ = 0;
};

}  // namespace octet::x86
