// color_net.cc - see color_net.h.
#include "examples/color_net.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>

#include "frontend/tflite/writer.h"
#include "io/npy.h"
#include "ir/builder.h"

namespace octet {

Result<Graph> make_color_net() {
  GraphBuilder b;
  const ValueId x = b.input("image", {1, 32, 32, 3});

  // conv 3x3 stride 2, 8 filters: 0-2 the local mean of one channel, 3-5 that channel minus the
  // mean of the other two, 6-7 horizontal and vertical luminance edges.
  std::vector<float> w1(8 * 3 * 3 * 3, 0.0f);
  auto w1_at = [&](int o, int ky, int kx, int i) -> float& {
    return w1[((o * 3 + ky) * 3 + kx) * 3 + i];
  };
  for (int ky = 0; ky < 3; ++ky) {
    for (int kx = 0; kx < 3; ++kx) {
      for (int c = 0; c < 3; ++c) {
        w1_at(c, ky, kx, c) = 1.0f / 9;
        for (int i = 0; i < 3; ++i) w1_at(3 + c, ky, kx, i) = (i == c ? 1.0f : -0.5f) / 9;
        w1_at(6, ky, kx, c) = (ky - 1) / 9.0f;
        w1_at(7, ky, kx, c) = (kx - 1) / 9.0f;
      }
    }
  }
  Attrs conv;
  conv.stride_h = conv.stride_w = 2;
  ValueId h = b.op(OpKind::kConv2D,
                   {x, b.constant("conv1/weights", {8, 3, 3, 3}, w1),
                    b.constant("conv1/bias", {8}, std::vector<float>(8, 0.0f))},
                   conv, "conv1");
  // Batch-norm as inference-time MUL and ADD (a converter would leave these for octet to fold).
  h = b.op(OpKind::kMul, {h, b.constant("bn1/scale", {8}, {2, 2, 2, 4, 4, 4, 1, 1})}, {},
           "bn1/mul");
  h = b.op(OpKind::kAdd, {h, b.constant("bn1/offset", {8}, {0, 0, 0, 0.05f, 0.05f, 0.05f, 0, 0})},
           {}, "bn1/add");
  h = b.op(OpKind::kRelu, {h}, {}, "relu1");  // [1,16,16,8]

  // depthwise 3x3: a mild blur per channel.
  std::vector<float> dw(3 * 3 * 8);
  for (int ky = 0; ky < 3; ++ky) {
    for (int kx = 0; kx < 3; ++kx) {
      for (int c = 0; c < 8; ++c)
        dw[(ky * 3 + kx) * 8 + c] = (ky == 1 && kx == 1) ? 0.5f : 1.0f / 16;
    }
  }
  Attrs dwa;
  dwa.activation = FusedActivation::kRelu6;
  h = b.op(OpKind::kDepthwiseConv2D,
           {h, b.constant("dw/weights", {1, 3, 3, 8}, dw),
            b.constant("dw/bias", {8}, std::vector<float>(8, 0.0f))},
           dwa, "dw");

  // 1x1 conv: mostly identity, a little mixing between a channel's mean and its contrast.
  std::vector<float> pw(8 * 8, 0.0f);
  for (int o = 0; o < 8; ++o) pw[o * 8 + o] = 1.0f;
  for (int c = 0; c < 3; ++c) pw[(3 + c) * 8 + c] = 0.25f;
  Attrs pwa;
  pwa.activation = FusedActivation::kRelu;
  h = b.op(OpKind::kConv2D,
           {h, b.constant("pw/weights", {8, 1, 1, 8}, pw),
            b.constant("pw/bias", {8}, std::vector<float>(8, 0.01f))},
           pwa, "pw");

  Attrs pool;
  pool.padding = Padding::kValid;
  pool.filter_h = pool.filter_w = 16;
  pool.stride_h = pool.stride_w = 16;
  h = b.op(OpKind::kAveragePool2D, {h}, pool, "pool");
  h = b.op(OpKind::kReshape, {h, b.constant_i32("flatten/shape", {2}, {1, 8})}, {}, "flatten");

  // Dense 8 -> 3: the contrast features decide, the means help a little.
  std::vector<float> fc(3 * 8, 0.0f);
  for (int k = 0; k < 3; ++k) {
    fc[k * 8 + 3 + k] = 12.0f;
    fc[k * 8 + k] = 2.0f;
    for (int j = 0; j < 3; ++j) {
      if (j != k) fc[k * 8 + j] = -1.0f;
    }
  }
  h = b.op(OpKind::kFullyConnected,
           {h, b.constant("logits/weights", {3, 8}, fc), b.constant("logits/bias", {3}, {0, 0, 0})},
           {}, "logits");
  h = b.op(OpKind::kSoftmax, {h}, {}, "probabilities");
  return b.finish({h});
}

std::vector<ColorSample> make_color_samples(int count, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<float> u(0.0f, 1.0f);
  std::vector<ColorSample> out;
  for (int s = 0; s < count; ++s) {
    ColorSample sample;
    sample.label = static_cast<int>(rng() % 3);
    sample.image.resize(32 * 32 * 3);
    // Per-channel base brightness: the labelled channel brighter by a random margin.
    float base[3];
    for (float& v : base) v = 0.15f + 0.35f * u(rng);
    base[sample.label] =
        std::min(0.95f, std::max({base[0], base[1], base[2]}) + 0.1f + 0.3f * u(rng));
    // Smooth texture: a few random sinusoids shared by all channels, plus pixel noise.
    const float fx = 0.1f + 0.4f * u(rng), fy = 0.1f + 0.4f * u(rng), phase = 6.28f * u(rng);
    for (int y = 0; y < 32; ++y) {
      for (int x = 0; x < 32; ++x) {
        const float texture = 0.15f * std::sin(fx * x + fy * y + phase);
        for (int c = 0; c < 3; ++c) {
          const float v = base[c] + texture + 0.1f * (u(rng) - 0.5f);
          sample.image[(y * 32 + x) * 3 + c] = std::clamp(v, 0.0f, 1.0f);
        }
      }
    }
    out.push_back(std::move(sample));
  }
  return out;
}

Status write_color_net_example(const std::string& dir, int calibration_samples, int test_samples) {
  namespace fs = std::filesystem;
  std::error_code ec;
  for (const char* sub : {"", "calib", "test"}) {
    fs::create_directories(fs::path(dir) / sub, ec);
    if (ec) return error("cannot create '{}': {}", (fs::path(dir) / sub).string(), ec.message());
  }
  OCTET_ASSIGN_OR_RETURN(Graph g, make_color_net());
  TfliteWriteOptions wo;
  wo.description = "octet example: color_net (designed weights)";
  OCTET_RETURN_IF_ERROR(write_tflite_file(g, (fs::path(dir) / "color_net.tflite").string(), wo));
  auto write_set = [&](const char* sub, int count, uint64_t seed) -> Status {
    std::string labels;
    const auto samples = make_color_samples(count, seed);
    for (size_t i = 0; i < samples.size(); ++i) {
      const auto& img = samples[i].image;
      OCTET_RETURN_IF_ERROR(write_npy(
          (fs::path(dir) / sub / fmt::format("sample_{:03}.npy", i)).string(), DType::kFloat32,
          Shape{1, 32, 32, 3}, {reinterpret_cast<const uint8_t*>(img.data()), img.size() * 4}));
      labels += fmt::format("sample_{:03}.npy {}\n", i, samples[i].label);
    }
    // Labels next to (not inside) the data folder, so the folder holds only samples.
    std::ofstream(fs::path(dir) / fmt::format("{}_labels.txt", sub)) << labels;
    return Status::Ok();
  };
  OCTET_RETURN_IF_ERROR(write_set("calib", calibration_samples, 1));
  OCTET_RETURN_IF_ERROR(write_set("test", test_samples, 2));
  return Status::Ok();
}

}  // namespace octet
