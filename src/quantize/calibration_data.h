// calibration_data.h - the float inputs the quantizer runs the float model on to observe tensor
// ranges: read from .npy/.npz files or images, or drawn at random.
//
// Sources (CalibrationOptions::source):
//   "random"      uniform over [-1, 1) (or over input_range), max_samples samples (default 8),
//                 reproducible from the seed.
//   a .npy file   one sample, or a batch along axis 0. The array's shape must equal the input's
//                 with leading 1s ignored on both ([1,30,1,40] accepts (30,1,40) and (1,30,1,40));
//                 a batch is (N, <that shape>). float32 is used as is; float64, float16 and
//                 integer arrays are converted to float; bool and other dtypes are refused.
//                 Single-input models only.
//   a .npz file   one array per model input, each one sample or a batch of N (the same N for all
//                 inputs). Members are matched to inputs, in this order of preference:
//                   1. by name: every input's name (CalibrationOptions::input_names) is a member;
//                   2. by position: members arr_0, arr_1, ... (what np.savez(path, a, b) writes);
//                   3. single-input models only: the only member, or else the only member whose
//                      shape fits the input (so {specs: (45,30,1,40), labels: (45,)} feeds specs
//                      to a [1,30,1,40] input).
//   an image      .png, .jpg/.jpeg, .bmp (RGB or gray, converted to the input's channel count),
//                 for single-input models whose input is NHWC [1,H,W,C] or HWC [H,W,C] with C = 1
//                 or 3, or else NCHW [1,C,H,W] with C = 1 or 3. The image is stretched to H x W by
//                 bilinear resize (half-pixel centers, no antialiasing, no crop: see
//                 io/image.h), then each pixel value x in [0, 255] becomes
//                   (x - mean[c]) / std[c]           when mean and/or std are given (one value,
//                                                    or one per channel; defaults 0 and 1), or
//                   lo + x / 255 * (hi - lo)         with input_range = {lo, hi}, or
//                   x / 255                          when neither is given (range [0, 1]).
//                 Channel order is RGB. .npy/.npz data is never normalized.
//   a folder      every .npy, .npz and image file directly inside it (not recursive; other files
//                 and names starting with '.' are skipped), in byte order of file names. For
//                 multi-input models, a folder holds .npz files (as above) and/or .npy files named
//                 <sample>_<k>.npy, one per input index k = 0..n-1 ("a_0.npy", "a_1.npy" form
//                 sample "a"; each may be a batch, of the same N); a sample missing an input is an
//                 error.
// Samples are taken in that order until max_samples (0 = all). Everything is deterministic.
//
// Errors name the file, the member and the sample index within a batch, and give numbers:
// "calib/x.npy sample 3 element 17 is NaN", "calib/y.npy: shape [2,5] does not fit input 0
// float32[1,4,4,3] ...". Bad files never crash the reader.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "core/tensor_type.h"
#include "io/npy.h"
#include "quantize/progress.h"

namespace octet {

struct CalibrationOptions {
  std::string source;   // a folder, a single .npy/.npz/image file, or "random"
  int max_samples = 0;  // 0 = all (random: default 8)
  // Per-channel (or one value) image normalization: (x - mean) / std, x in [0, 255].
  std::vector<float> mean, std;
  // Alternatively map pixels [0, 255] linearly onto [lo, hi]; also the range of "random".
  std::optional<std::pair<float, float>> input_range;
  uint64_t seed = 0;
  // Names of the model inputs, in order, for matching .npz members by name. Optional.
  std::vector<std::string> input_names;
};

struct CalibrationSample {
  // One float tensor per model input, each with the input's element count, in the input's layout.
  std::vector<std::vector<float>> inputs;
  std::string origin;  // "calib/cat.jpg", "calib/x.npy[3]", "x.npz[3]", "random[0]"
};

// Reports progress as task "reading calibration data" in files (samples for "random").
Result<std::vector<CalibrationSample>> load_calibration(const std::vector<TensorType>& model_inputs,
                                                        const CalibrationOptions& options,
                                                        ProgressFn progress = nullptr);

// Samples from arrays already in memory, matched to the model's inputs exactly as the members of
// an .npz file are (by input name, then arr_0, arr_1, ..., then for single-input models the only
// or only fitting array), each one sample or a batch: how the Python module reads each element of
// a calibration iterable. `where` names the arrays in errors and in the samples' origin
// ("calibration[3]"). options.input_names and options.max_samples apply; the source is unused.
Result<std::vector<CalibrationSample>> calibration_from_arrays(
    const std::vector<TensorType>& model_inputs, const std::vector<NpzMember>& arrays,
    const CalibrationOptions& options, const std::string& where);

}  // namespace octet
