// bench_models.cc - `octet_bench_models DIR`: writes float models octet builds itself for ops no
// shared model has, with calibration data, for `octet quantize` and `octet bench --profile`:
//   decoder.tflite   a segmentation-style decoder: two stride-2 TRANSPOSE_CONV upsamplers
//                    (4x4, 64 -> 32 -> 16 channels, 16x16 -> 64x64) between 3x3 convolutions
//   mlp.tflite       a transformer MLP block on 128 tokens: BATCH_MATMUL with constant weights
//                    (256 -> 512 -> 256), RELU and the residual ADD
// and calib_decoder/, calib_mlp/ (.npy samples). The weights are deterministic pseudo-random.
#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "frontend/tflite/writer.h"
#include "io/npy.h"
#include "ir/builder.h"

namespace octet {
namespace {

std::vector<float> random_values(size_t n, float scale, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> d(0.0f, scale);
  std::vector<float> v(n);
  for (float& x : v) x = d(rng);
  return v;
}

// He-style initialization: keeps activations of a random network in range layer after layer.
std::vector<float> weights(size_t n, int fan_in, uint32_t seed) {
  return random_values(n, std::sqrt(2.0f / static_cast<float>(fan_in)), seed);
}

Result<Graph> make_decoder() {
  GraphBuilder b;
  const ValueId x = b.input("features", {1, 16, 16, 64});
  Attrs same;
  same.padding = Padding::kSame;
  same.activation = FusedActivation::kRelu;
  ValueId h = b.op(OpKind::kConv2D,
                   {x, b.constant("conv0_w", {64, 3, 3, 64}, weights(64 * 9 * 64, 9 * 64, 1)),
                    b.constant("conv0_b", {64}, random_values(64, 0.1f, 2))},
                   same, "conv0");
  Attrs up = same;
  up.stride_h = up.stride_w = 2;
  h = b.op(OpKind::kTransposeConv,
           {b.constant_i32("up1_shape", {4}, {1, 32, 32, 32}),
            b.constant("up1_w", {32, 4, 4, 64}, weights(32 * 16 * 64, 4 * 64, 3)), h,
            b.constant("up1_b", {32}, random_values(32, 0.1f, 4))},
           up, "up1", DType::kFloat32);
  h = b.op(OpKind::kConv2D,
           {h, b.constant("conv1_w", {32, 3, 3, 32}, weights(32 * 9 * 32, 9 * 32, 5)),
            b.constant("conv1_b", {32}, random_values(32, 0.1f, 6))},
           same, "conv1");
  h = b.op(OpKind::kTransposeConv,
           {b.constant_i32("up2_shape", {4}, {1, 64, 64, 16}),
            b.constant("up2_w", {16, 4, 4, 32}, weights(16 * 16 * 32, 4 * 32, 7)), h,
            b.constant("up2_b", {16}, random_values(16, 0.1f, 8))},
           up, "up2", DType::kFloat32);
  Attrs plain;
  plain.padding = Padding::kSame;
  h = b.op(OpKind::kConv2D,
           {h, b.constant("head_w", {2, 1, 1, 16}, weights(2 * 16, 16, 9)),
            b.constant("head_b", {2}, random_values(2, 0.1f, 10))},
           plain, "head");
  return b.finish({h});
}

Result<Graph> make_mlp() {
  GraphBuilder b;
  const ValueId x = b.input("tokens", {1, 128, 256});
  ValueId h = b.op(OpKind::kBatchMatMul,
                   {x, b.constant("up_w", {256, 512}, weights(256 * 512, 256, 11))}, {}, "up");
  h = b.op(OpKind::kRelu, {h}, {}, "relu");
  h = b.op(OpKind::kBatchMatMul, {h, b.constant("down_w", {512, 256}, weights(512 * 256, 512, 12))},
           {}, "down");
  h = b.op(OpKind::kAdd, {x, h}, {}, "residual");
  return b.finish({h});
}

Status write_model(const std::string& dir, const std::string& name, Result<Graph> graph,
                   int samples) {
  if (!graph.ok()) return graph.status().with_context(name);
  OCTET_RETURN_IF_ERROR(write_tflite_file(*graph, dir + "/" + name + ".tflite"));
  const std::string calib = dir + "/calib_" + name;
  std::filesystem::create_directories(calib);
  const TensorType& t = graph->type(graph->inputs[0]);
  for (int s = 0; s < samples; ++s) {
    const std::vector<float> v =
        random_values(static_cast<size_t>(t.elements()), 1.0f, 1000 + static_cast<uint32_t>(s));
    OCTET_RETURN_IF_ERROR(write_npy(
        fmt::format("{}/sample_{:03}.npy", calib, s), DType::kFloat32, t.shape,
        std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(v.data()), v.size() * 4)));
  }
  return Status::Ok();
}

}  // namespace
}  // namespace octet

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: octet_bench_models DIR\n");
    return 2;
  }
  const std::string dir = argv[1];
  std::filesystem::create_directories(dir);
  for (auto [name, graph] :
       {std::pair{"decoder", octet::make_decoder()}, std::pair{"mlp", octet::make_mlp()}}) {
    const octet::Status s = octet::write_model(dir, name, std::move(graph), 16);
    if (!s.ok()) {
      std::fprintf(stderr, "error: %s\n", s.message().c_str());
      return 1;
    }
    std::printf("wrote %s/%s.tflite and %s/calib_%s/\n", dir.c_str(), name, dir.c_str(), name);
  }
  return 0;
}
