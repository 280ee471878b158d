// data_options.h - the options that describe input data, shared by `quantize` (--calib) and
// `compare` (--data): folder or file, sample count, image normalization, seed.
#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <string>

#include "quantize/calibration_data.h"

namespace octet::cli {

struct DataOptions {
  std::string source;
  int samples = 0;
  std::string mean, std, input_range;
  uint64_t seed = 0;
  bool quiet = false;
};

// Registers --<name>, --<name>-samples, --mean, --std, --input-range, --seed and --quiet.
void add_data_options(CLI::App* cmd, DataOptions& o, const std::string& name,
                      const std::string& what);

// Turns the strings into CalibrationOptions; errors name the option.
Result<CalibrationOptions> to_calibration_options(const DataOptions& o,
                                                  const std::vector<std::string>& input_names);

}  // namespace octet::cli
