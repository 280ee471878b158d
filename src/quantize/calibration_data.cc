// calibration_data.cc - see calibration_data.h.
#include "quantize/calibration_data.h"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <map>
#include <random>
#include <system_error>

#include "io/image.h"
#include "io/npy.h"

namespace octet {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kTask = "reading calibration data";

// What the loader needs to know about one model input.
struct InputSpec {
  Shape shape;         // the input's shape, an unknown (-1) batch dimension read as 1
  Shape sample_shape;  // shape without leading 1s: what one sample in a file must match
  int64_t elements = 0;
  std::string what;  // "input 0 'x' float32[1,4,4,3]", for errors
};

Shape without_leading_ones(Shape s) {
  size_t i = 0;
  while (i < s.dims.size() && s.dims[i] == 1) ++i;
  s.dims.erase(s.dims.begin(), s.dims.begin() + static_cast<std::ptrdiff_t>(i));
  return s;
}

Result<InputSpec> make_input_spec(const TensorType& type, size_t index, const std::string& name) {
  InputSpec in;
  in.what = name.empty() ? fmt::format("input {} {}", index, type.to_string())
                         : fmt::format("input {} '{}' {}", index, name, type.to_string());
  in.shape = type.shape;
  if (in.shape.rank() > 0 && in.shape[0] < 0) in.shape[0] = 1;
  for (int32_t d : in.shape.dims) {
    if (d < 0)
      return error("{} has an unknown dimension; calibration needs a fixed shape", in.what);
  }
  auto elements = in.shape.checked_elements();
  if (!elements || *elements == 0) return error("{} has no elements or too many", in.what);
  in.elements = *elements;
  in.sample_shape = without_leading_ones(in.shape);
  return in;
}

// How an array feeds an input: one sample, or a batch of `count` along axis 0.
struct BatchLayout {
  int64_t count = 1;
  bool batched = false;
};

Result<BatchLayout> batch_layout(const Shape& array, const InputSpec& in, std::string_view where) {
  if (without_leading_ones(array) == in.sample_shape) return BatchLayout{1, false};
  if (array.rank() >= 1) {
    Shape rest(std::vector<int32_t>(array.dims.begin() + 1, array.dims.end()));
    if (without_leading_ones(rest) == in.sample_shape) {
      if (array[0] == 0) return error("{}: shape {} is an empty batch", where, array.to_string());
      return BatchLayout{array[0], true};
    }
  }
  std::string batch_text = "[N";
  for (int32_t d : in.sample_shape.dims) batch_text += fmt::format(",{}", d);
  batch_text += "]";
  return error(
      "{}: shape {} does not fit {}: expected one sample {} (leading 1s optional) or a batch {}",
      where, array.to_string(), in.what, in.sample_shape.to_string(), batch_text);
}

float half_to_float(uint16_t h) {
  const uint32_t sign = (h >> 15) & 1, exponent = (h >> 10) & 0x1f, mantissa = h & 0x3ff;
  float magnitude;
  if (exponent == 0) {
    magnitude = std::ldexp(static_cast<float>(mantissa), -24);
  } else if (exponent == 31) {
    magnitude = mantissa == 0 ? INFINITY : NAN;
  } else {
    magnitude = std::ldexp(static_cast<float>(mantissa | 0x400), static_cast<int>(exponent) - 25);
  }
  return sign ? -magnitude : magnitude;
}

Result<std::vector<float>> to_float(const NpyArray& a, std::string_view where) {
  const size_t n = a.data.size() / std::max<size_t>(1, dtype_size(a.dtype));
  std::vector<float> out(n);
  auto convert = [&]<typename T>(T) {
    for (size_t i = 0; i < n; ++i) {
      T v;
      std::memcpy(&v, a.data.data() + i * sizeof(T), sizeof(T));
      out[i] = static_cast<float>(v);
    }
  };
  switch (a.dtype) {
    case DType::kFloat32:
      if (n > 0) std::memcpy(out.data(), a.data.data(), n * sizeof(float));
      break;
    case DType::kFloat64:
      convert(double{});
      break;
    case DType::kFloat16:
      for (size_t i = 0; i < n; ++i) {
        out[i] = half_to_float(static_cast<uint16_t>(a.data[2 * i] | (a.data[2 * i + 1] << 8)));
      }
      break;
    case DType::kInt8:
      convert(int8_t{});
      break;
    case DType::kUInt8:
      convert(uint8_t{});
      break;
    case DType::kInt16:
      convert(int16_t{});
      break;
    case DType::kInt32:
      convert(int32_t{});
      break;
    case DType::kInt64:
      convert(int64_t{});
      break;
    default:
      return error(
          "{}: {} arrays are not calibration data (use float32; float64, float16 and integer "
          "arrays are converted)",
          where, dtype_name(a.dtype));
  }
  return out;
}

// Checks that sample values are finite; `where` + " sample 3" names the sample when batched.
Status check_finite(std::span<const float> values, std::string_view where, bool batched,
                    int64_t sample) {
  for (size_t i = 0; i < values.size(); ++i) {
    if (std::isfinite(values[i])) continue;
    const char* what = std::isnan(values[i]) ? "NaN" : values[i] > 0 ? "+Inf" : "-Inf";
    if (batched) return error("{} sample {} element {} is {}", where, sample, i, what);
    return error("{} element {} is {}", where, i, what);
  }
  return Status::Ok();
}

// How an image becomes one input tensor.
struct ImageLayout {
  int height = 0, width = 0, channels = 0;
  bool planar = false;  // NCHW
};

class Loader {
 public:
  Loader(std::vector<InputSpec> inputs, const CalibrationOptions& options, ProgressFn progress)
      : inputs_(std::move(inputs)), options_(options), progress_(std::move(progress)) {}

  Status run();
  // Adds the samples of an .npz file's members (or of arrays in memory named alike), matched to
  // the inputs by name, by position (arr_0, arr_1, ...) or, for one input, the only fitting one.
  Status add_members(const std::vector<NpzMember>& members, const std::string& where);
  std::vector<CalibrationSample> take() { return std::move(samples_); }

 private:
  bool full() const {
    return options_.max_samples > 0 && samples_.size() >= static_cast<size_t>(options_.max_samples);
  }
  void report(int64_t done, int64_t total, std::string_view unit) {
    if (progress_) progress_(Progress{kTask, unit, done, total});
  }
  Status load_random();
  Status load_folder(const fs::path& folder);
  Status load_file(const fs::path& path);
  Status load_npy(const fs::path& path);
  Status load_npz(const fs::path& path);
  Status load_image(const fs::path& path);
  // Adds the samples of arrays[i] feeding input i (each one sample or a batch of the same size).
  Status add_arrays(const std::vector<const NpyArray*>& arrays,
                    const std::vector<std::string>& wheres, const std::string& origin);
  Result<ImageLayout> image_layout(const fs::path& path);
  Status check_normalization(int channels) const;

  std::vector<InputSpec> inputs_;
  const CalibrationOptions& options_;
  ProgressFn progress_;
  std::vector<CalibrationSample> samples_;
  std::optional<ImageLayout> image_layout_;
};

Status Loader::run() {
  if (options_.max_samples < 0) {
    return error("max_samples must be 0 (all) or positive, not {}", options_.max_samples);
  }
  if (options_.input_range) {
    const auto [lo, hi] = *options_.input_range;
    if (!std::isfinite(lo) || !std::isfinite(hi) || !(lo < hi)) {
      return error("input range [{}, {}] must be finite with lo < hi", lo, hi);
    }
    if (!options_.mean.empty() || !options_.std.empty()) {
      return error("give either mean/std or an input range for image normalization, not both");
    }
  }
  if (options_.source == "random") return load_random();
  if (options_.source.empty()) {
    return error("no calibration data given (a folder, a .npy/.npz/image file, or 'random')");
  }
  const fs::path path(options_.source);
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    return error(
        "calibration data '{}' does not exist (expected a folder, a .npy/.npz/image file, "
        "or 'random')",
        options_.source);
  }
  if (fs::is_directory(status)) return load_folder(path);
  report(0, 1, "files");
  OCTET_RETURN_IF_ERROR(load_file(path));
  report(1, 1, "files");
  return Status::Ok();
}

Status Loader::load_random() {
  const int count = options_.max_samples > 0 ? options_.max_samples : 8;
  const auto [lo, hi] = options_.input_range.value_or(std::pair<float, float>{-1.0f, 1.0f});
  // mt19937_64's output is fixed by the standard (the distributions are not): the same seed
  // gives the same samples with every standard library.
  std::mt19937_64 rng(options_.seed);
  for (int s = 0; s < count; ++s) {
    CalibrationSample sample;
    sample.origin = fmt::format("random[{}]", s);
    for (const InputSpec& in : inputs_) {
      std::vector<float> values(static_cast<size_t>(in.elements));
      for (float& v : values) {
        const double u = std::ldexp(static_cast<double>(rng() >> 11), -53);  // [0, 1)
        v = std::min(static_cast<float>(lo + u * (static_cast<double>(hi) - lo)),
                     std::nextafter(hi, lo));
      }
      sample.inputs.push_back(std::move(values));
    }
    samples_.push_back(std::move(sample));
    report(s + 1, count, "samples");
  }
  return Status::Ok();
}

Status Loader::load_folder(const fs::path& folder) {
  std::error_code ec;
  fs::directory_iterator it(folder, ec);
  if (ec) return error("cannot list calibration folder '{}': {}", folder.string(), ec.message());
  // Usable files by name; for multi-input models, .npy files grouped by sample name.
  std::vector<std::string> names;
  int skipped = 0;
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) return error("cannot list calibration folder '{}': {}", folder.string(), ec.message());
    const std::string name = it->path().filename().string();
    std::error_code type_ec;
    if (name.starts_with(".") || !it->is_regular_file(type_ec)) {
      ++skipped;
      continue;
    }
    if (name.ends_with(".npy") || name.ends_with(".npz") || is_image_file_name(name)) {
      names.push_back(name);
    } else {
      ++skipped;
    }
  }
  if (names.empty()) {
    return error("calibration folder '{}' holds no .npy, .npz or image (.png, .jpg, .bmp) files{}",
                 folder.string(),
                 skipped ? fmt::format(" ({} other entries skipped)", skipped) : std::string());
  }
  std::sort(names.begin(), names.end());

  struct Item {
    std::string key;                 // sort key: file name, or the sample name of a .npy group
    std::vector<std::string> files;  // one file, or one .npy per input
    bool group = false;
  };
  std::vector<Item> items;
  const size_t n = inputs_.size();
  std::map<std::string, size_t> group_index;
  for (const std::string& name : names) {
    if (n == 1 || !name.ends_with(".npy")) {
      items.push_back(Item{name, {name}, false});
      continue;
    }
    // <sample>_<k>.npy
    const std::string stem = name.substr(0, name.size() - 4);
    const size_t underscore = stem.rfind('_');
    const std::string digits = underscore == std::string::npos ? "" : stem.substr(underscore + 1);
    const bool numeric =
        !digits.empty() && digits.size() <= 6 &&
        std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
    const size_t k = numeric ? std::stoul(digits) : n;
    if (k >= n) {
      return error(
          "{}: this model has {} inputs, so .npy calibration files are named <sample>_<k>.npy "
          "with input index k = 0..{} (or use .npz files holding all inputs)",
          (folder / name).string(), n, n - 1);
    }
    const std::string sample = stem.substr(0, underscore);
    auto [pos, inserted] = group_index.try_emplace(sample, items.size());
    if (inserted) items.push_back(Item{sample, std::vector<std::string>(n), true});
    Item& item = items[pos->second];
    if (!item.files[k].empty()) {
      return error("{} and {} both hold input {} of calibration sample '{}'",
                   (folder / item.files[k]).string(), (folder / name).string(), k, sample);
    }
    item.files[k] = name;
  }
  std::stable_sort(items.begin(), items.end(),
                   [](const Item& a, const Item& b) { return a.key < b.key; });

  const int64_t total = static_cast<int64_t>(items.size());
  report(0, total, "files");
  for (size_t i = 0; i < items.size() && !full(); ++i) {
    const Item& item = items[i];
    if (!item.group) {
      OCTET_RETURN_IF_ERROR(load_file(folder / item.files[0]));
    } else {
      std::vector<NpyArray> arrays(n);
      std::vector<std::string> wheres(n);
      for (size_t k = 0; k < n; ++k) {
        if (item.files[k].empty()) {
          return error("calibration sample '{}' in '{}' has no file for input {} (expected {})",
                       item.key, folder.string(), k,
                       (folder / fmt::format("{}_{}.npy", item.key, k)).string());
        }
        wheres[k] = (folder / item.files[k]).string();
        OCTET_ASSIGN_OR_RETURN(arrays[k], read_npy(wheres[k]));
      }
      std::vector<const NpyArray*> pointers;
      for (const NpyArray& a : arrays) pointers.push_back(&a);
      OCTET_RETURN_IF_ERROR(
          add_arrays(pointers, wheres, (folder / fmt::format("{}_*.npy", item.key)).string()));
    }
    report(static_cast<int64_t>(i) + 1, total, "files");
  }
  report(total, total, "files");
  return Status::Ok();
}

Status Loader::load_file(const fs::path& path) {
  const std::string name = path.filename().string();
  if (name.ends_with(".npy")) return load_npy(path);
  if (name.ends_with(".npz")) return load_npz(path);
  if (is_image_file_name(name)) return load_image(path);
  return error("{}: not calibration data (expected .npy, .npz, .png, .jpg, .jpeg or .bmp)",
               path.string());
}

Status Loader::load_npy(const fs::path& path) {
  const std::string where = path.string();
  if (inputs_.size() != 1) {
    return error(
        "{}: a single .npy file feeds single-input models; this model has {} inputs (use an .npz "
        "file, or a folder of <sample>_<k>.npy files)",
        where, inputs_.size());
  }
  OCTET_ASSIGN_OR_RETURN(NpyArray array, read_npy(where));
  return add_arrays({&array}, {where}, where);
}

Status Loader::load_npz(const fs::path& path) {
  const std::string where = path.string();
  OCTET_ASSIGN_OR_RETURN(std::vector<NpzMember> members, read_npz(where));
  return add_members(members, where);
}

Status Loader::add_members(const std::vector<NpzMember>& members, const std::string& where) {
  const size_t n = inputs_.size();
  auto find = [&](std::string_view name) -> const NpzMember* {
    for (const NpzMember& m : members) {
      if (m.name == name) return &m;
    }
    return nullptr;
  };
  std::vector<const NpzMember*> chosen(n, nullptr);
  bool matched = false;
  // 1. By input name.
  if (options_.input_names.size() == n) {
    matched = true;
    for (size_t i = 0; i < n && matched; ++i) {
      chosen[i] = find(options_.input_names[i]);
      matched = chosen[i] != nullptr;
    }
  }
  // 2. By position: arr_0, arr_1, ...
  if (!matched) {
    matched = true;
    for (size_t i = 0; i < n && matched; ++i) {
      chosen[i] = find(fmt::format("arr_{}", i));
      matched = chosen[i] != nullptr;
    }
  }
  // 3. Single input: the only member, or the only member whose shape fits.
  if (!matched && n == 1) {
    if (members.size() == 1) {
      chosen[0] = &members[0];
      matched = true;
    } else {
      int fitting = 0;
      for (const NpzMember& m : members) {
        if (batch_layout(m.array.shape, inputs_[0], where).ok()) {
          chosen[0] = &m;
          ++fitting;
        }
      }
      matched = fitting == 1;
    }
  }
  if (!matched) {
    std::string listed;
    for (const NpzMember& m : members) {
      listed += fmt::format("{}'{}' {}{}", listed.empty() ? "" : ", ", m.name,
                            dtype_name(m.array.dtype), m.array.shape.to_string());
    }
    std::string expected;
    for (size_t i = 0; i < n; ++i) {
      expected += fmt::format("{}{}", i ? ", " : "", inputs_[i].what);
    }
    return error(
        "{}: cannot tell which members feed the model's {} input(s) ({}); the archive holds {}. "
        "Name the members after the inputs, or arr_0, arr_1, ... in input order "
        "(np.savez(path, x0, x1))",
        where, n, expected, listed);
  }
  std::vector<const NpyArray*> arrays;
  std::vector<std::string> wheres;
  for (const NpzMember* m : chosen) {
    arrays.push_back(&m->array);
    wheres.push_back(fmt::format("{} member '{}'", where, m->name));
  }
  return add_arrays(arrays, wheres, where);
}

Status Loader::add_arrays(const std::vector<const NpyArray*>& arrays,
                          const std::vector<std::string>& wheres, const std::string& origin) {
  const size_t n = inputs_.size();
  std::vector<BatchLayout> layouts(n);
  for (size_t i = 0; i < n; ++i) {
    OCTET_ASSIGN_OR_RETURN(layouts[i], batch_layout(arrays[i]->shape, inputs_[i], wheres[i]));
  }
  const bool batched =
      std::any_of(layouts.begin(), layouts.end(), [](const BatchLayout& l) { return l.batched; });
  for (size_t i = 1; i < n; ++i) {
    if (layouts[i].count != layouts[0].count) {
      return error("{} holds {} samples but {} holds {}; every input needs the same number",
                   wheres[0], layouts[0].count, wheres[i], layouts[i].count);
    }
  }
  std::vector<std::vector<float>> values(n);
  for (size_t i = 0; i < n; ++i) {
    OCTET_ASSIGN_OR_RETURN(values[i], to_float(*arrays[i], wheres[i]));
  }
  for (int64_t b = 0; b < layouts[0].count && !full(); ++b) {
    CalibrationSample sample;
    sample.origin = batched ? fmt::format("{}[{}]", origin, b) : origin;
    for (size_t i = 0; i < n; ++i) {
      const int64_t e = inputs_[i].elements;
      const std::span<const float> slice(values[i].data() + (layouts[i].batched ? b * e : 0),
                                         static_cast<size_t>(e));
      OCTET_RETURN_IF_ERROR(check_finite(slice, wheres[i], layouts[i].batched, b));
      sample.inputs.emplace_back(slice.begin(), slice.end());
    }
    samples_.push_back(std::move(sample));
  }
  return Status::Ok();
}

Result<ImageLayout> Loader::image_layout(const fs::path& path) {
  if (image_layout_) return *image_layout_;
  if (inputs_.size() != 1) {
    return error("{}: images feed single-input models; this model has {} inputs (use .npz files)",
                 path.string(), inputs_.size());
  }
  const InputSpec& in = inputs_[0];
  const std::vector<int32_t>& d = in.shape.dims;
  auto gray_or_rgb = [](int32_t c) { return c == 1 || c == 3; };
  ImageLayout layout;
  if (d.size() == 4 && d[0] == 1 && gray_or_rgb(d[3])) {
    layout = ImageLayout{d[1], d[2], d[3], false};
  } else if (d.size() == 3 && gray_or_rgb(d[2])) {
    layout = ImageLayout{d[0], d[1], d[2], false};
  } else if (d.size() == 4 && d[0] == 1 && gray_or_rgb(d[1])) {
    layout = ImageLayout{d[2], d[3], d[1], true};
  } else {
    return error(
        "{}: images feed inputs of shape [1,H,W,C] (NHWC), [H,W,C] or [1,C,H,W] (NCHW) with C = 1 "
        "or 3; the model's {} is not one of those (use .npy data)",
        path.string(), in.what);
  }
  OCTET_RETURN_IF_ERROR(check_normalization(layout.channels));
  image_layout_ = layout;
  return layout;
}

Status Loader::check_normalization(int channels) const {
  auto check = [&](const std::vector<float>& v, const char* name) -> Status {
    if (!v.empty() && v.size() != 1 && v.size() != static_cast<size_t>(channels)) {
      return error("image normalization: {} has {} values; give one, or one per channel ({})", name,
                   v.size(), channels);
    }
    for (float x : v) {
      if (!std::isfinite(x))
        return error("image normalization: {} value {} is not finite", name, x);
    }
    return Status::Ok();
  };
  OCTET_RETURN_IF_ERROR(check(options_.mean, "mean"));
  OCTET_RETURN_IF_ERROR(check(options_.std, "std"));
  for (float s : options_.std) {
    if (s == 0) return error("image normalization: std must not be 0");
  }
  return Status::Ok();
}

Status Loader::load_image(const fs::path& path) {
  OCTET_ASSIGN_OR_RETURN(const ImageLayout layout, image_layout(path));
  OCTET_ASSIGN_OR_RETURN(const Image image, read_image(path.string(), layout.channels));
  const std::vector<float> pixels = resize_bilinear(image, layout.height, layout.width);
  const int c = layout.channels;
  auto per_channel = [](const std::vector<float>& v, int ch, float fallback) {
    return v.empty() ? fallback : v[v.size() == 1 ? 0 : static_cast<size_t>(ch)];
  };
  auto normalize = [&](float x, int ch) {
    if (options_.input_range) {
      const auto [lo, hi] = *options_.input_range;
      return lo + x / 255.0f * (hi - lo);
    }
    if (options_.mean.empty() && options_.std.empty()) return x / 255.0f;
    return (x - per_channel(options_.mean, ch, 0.0f)) / per_channel(options_.std, ch, 1.0f);
  };
  const size_t plane = static_cast<size_t>(layout.height) * layout.width;
  std::vector<float> values(plane * c);
  for (size_t p = 0; p < plane; ++p) {
    for (int ch = 0; ch < c; ++ch) {
      const float v = normalize(pixels[p * c + ch], ch);
      values[layout.planar ? ch * plane + p : p * c + ch] = v;
    }
  }
  if (!full()) samples_.push_back(CalibrationSample{{std::move(values)}, path.string()});
  return Status::Ok();
}

}  // namespace

namespace {

Result<std::vector<InputSpec>> input_specs(const std::vector<TensorType>& model_inputs,
                                           const CalibrationOptions& options) {
  if (model_inputs.empty()) return error("calibration: the model has no inputs");
  if (!options.input_names.empty() && options.input_names.size() != model_inputs.size()) {
    return error("calibration: {} input names given for a model with {} inputs",
                 options.input_names.size(), model_inputs.size());
  }
  std::vector<InputSpec> inputs;
  for (size_t i = 0; i < model_inputs.size(); ++i) {
    OCTET_ASSIGN_OR_RETURN(
        InputSpec in,
        make_input_spec(model_inputs[i], i,
                        options.input_names.empty() ? std::string() : options.input_names[i]));
    inputs.push_back(std::move(in));
  }
  return inputs;
}

}  // namespace

Result<std::vector<CalibrationSample>> load_calibration(const std::vector<TensorType>& model_inputs,
                                                        const CalibrationOptions& options,
                                                        ProgressFn progress) {
  OCTET_ASSIGN_OR_RETURN(std::vector<InputSpec> inputs, input_specs(model_inputs, options));
  Loader loader(std::move(inputs), options, std::move(progress));
  OCTET_RETURN_IF_ERROR(loader.run());
  std::vector<CalibrationSample> samples = loader.take();
  if (samples.empty()) return error("calibration data '{}' holds no samples", options.source);
  return samples;
}

Result<std::vector<CalibrationSample>> calibration_from_arrays(
    const std::vector<TensorType>& model_inputs, const std::vector<NpzMember>& arrays,
    const CalibrationOptions& options, const std::string& where) {
  OCTET_ASSIGN_OR_RETURN(std::vector<InputSpec> inputs, input_specs(model_inputs, options));
  if (arrays.empty()) return error("{}: no arrays", where);
  Loader loader(std::move(inputs), options, nullptr);
  OCTET_RETURN_IF_ERROR(loader.add_members(arrays, where));
  return loader.take();
}

}  // namespace octet
