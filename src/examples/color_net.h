// color_net.h - a small float CNN that octet builds itself, for the demo and end-to-end tests:
// it tells which color channel dominates a 32x32 RGB image (red, green or blue). Its weights are
// designed, not trained, so it is deterministic and actually classifies its synthetic data; its
// graph has the shapes of real edge models: a strided conv followed by batch-norm style MUL/ADD and
// a separate RELU (for the quantizer to fold and fuse), a depthwise conv, a 1x1 conv, average
// pooling, a dense layer and softmax.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "ir/graph.h"

namespace octet {

Result<Graph> make_color_net();

struct ColorSample {
  std::vector<float> image;  // 1x32x32x3, values in [0, 1]
  int label = 0;             // 0 red, 1 green, 2 blue
};

// Deterministic synthetic images: smooth noise with one channel brighter on average.
std::vector<ColorSample> make_color_samples(int count, uint64_t seed);

// Writes color_net.tflite, calib/sample_NNN.npy (calibration data), test/sample_NNN.npy (held-out
// data) and calib_labels.txt / test_labels.txt into `dir`.
Status write_color_net_example(const std::string& dir, int calibration_samples, int test_samples);

}  // namespace octet
