// data_options.cc - see data_options.h.
#include "tools/octet/data_options.h"

#include <fmt/format.h>

#include <cmath>
#include <sstream>

namespace octet::cli {

namespace {

Result<std::vector<float>> parse_floats(const std::string& text, const std::string& option) {
  std::vector<float> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    try {
      size_t used = 0;
      const float v = std::stof(item, &used);
      if (used != item.size() || !std::isfinite(v)) throw std::invalid_argument(item);
      out.push_back(v);
    } catch (const std::exception&) {
      return error("{} '{}': '{}' is not a number", option, text, item);
    }
  }
  if (out.empty()) return error("{} is empty", option);
  return out;
}

}  // namespace

void add_data_options(CLI::App* cmd, DataOptions& o, const std::string& name,
                      const std::string& what) {
  cmd->add_option("--" + name, o.source,
                  what +
                      ": a folder of .npy files or images (PNG/JPEG/BMP), an .npy/.npz file, "
                      "or 'random'");
  cmd->add_option("--" + name + "-samples", o.samples, "Use at most N samples (0: all)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--mean", o.mean,
                  "Image normalization (x - mean) / std on pixel values 0..255; one value or one "
                  "per channel, comma-separated (e.g. 127.5)");
  cmd->add_option("--std", o.std, "See --mean (e.g. 127.5)");
  cmd->add_option("--input-range", o.input_range,
                  "Map image pixels 0..255 (and 'random' data) linearly onto LO,HI (e.g. -1,1); "
                  "images default to 0,1");
  cmd->add_option("--seed", o.seed, "Seed for 'random' data")->capture_default_str();
  cmd->add_flag("-q,--quiet", o.quiet, "No progress output");
}

Result<CalibrationOptions> to_calibration_options(const DataOptions& o,
                                                  const std::vector<std::string>& input_names) {
  CalibrationOptions c;
  c.source = o.source;
  c.max_samples = o.samples;
  c.seed = o.seed;
  c.input_names = input_names;
  if (!o.mean.empty()) {
    OCTET_ASSIGN_OR_RETURN(c.mean, parse_floats(o.mean, "--mean"));
  }
  if (!o.std.empty()) {
    OCTET_ASSIGN_OR_RETURN(c.std, parse_floats(o.std, "--std"));
    for (float s : c.std) {
      if (s == 0.0f) return error("--std must not contain 0");
    }
  }
  if (c.mean.empty() != c.std.empty()) return error("--mean and --std go together");
  if (!o.input_range.empty()) {
    OCTET_ASSIGN_OR_RETURN(std::vector<float> r, parse_floats(o.input_range, "--input-range"));
    if (r.size() != 2 || !(r[0] < r[1])) {
      return error("--input-range takes LO,HI with LO < HI, got '{}'", o.input_range);
    }
    if (!c.mean.empty()) return error("use either --mean/--std or --input-range, not both");
    c.input_range = std::make_pair(r[0], r[1]);
  }
  return c;
}

}  // namespace octet::cli
