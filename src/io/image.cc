// image.cc - see image.h. The stb_image implementation is compiled here (and only here), static so
// its symbols cannot clash with another copy, with only the PNG, JPEG and BMP decoders: the fewer
// decoders reachable from untrusted files, the smaller the attack surface.
#include "io/image.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <memory>

#include "frontend/tflite/reader.h"

#define STB_IMAGE_IMPLEMENTATION
#define STB_IMAGE_STATIC
#define STBI_ONLY_PNG
#define STBI_ONLY_JPEG
#define STBI_ONLY_BMP
#define STBI_NO_STDIO
#define STBI_NO_LINEAR
#define STBI_NO_HDR
#define STBI_MAX_DIMENSIONS (1 << 15)
#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Weverything"
#elif defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wall"
#pragma GCC diagnostic ignored "-Wextra"
#endif
#include <stb/stb_image.h>
#if defined(__clang__)
#pragma clang diagnostic pop
#elif defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

namespace octet {

namespace {

bool ends_with_ci(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  for (size_t i = 0; i < suffix.size(); ++i) {
    const char c = s[s.size() - suffix.size() + i];
    if (std::tolower(static_cast<unsigned char>(c)) != suffix[i]) return false;
  }
  return true;
}

// The format from the leading bytes; nullptr when none of the three.
const char* sniff_format(std::span<const uint8_t> b) {
  static const uint8_t kPng[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  if (b.size() >= 8 && std::memcmp(b.data(), kPng, 8) == 0) return "PNG";
  if (b.size() >= 3 && b[0] == 0xff && b[1] == 0xd8 && b[2] == 0xff) return "JPEG";
  if (b.size() >= 2 && b[0] == 'B' && b[1] == 'M') return "BMP";
  return nullptr;
}

// Debian's stb_image (2.27) trusts the code counts of a JPEG Huffman table (DHT segment): more
// than 256 codes overflow its tables and corrupt memory (fixed upstream in 2.28). Walk the
// markers the way stb does and refuse such files before stb sees them.
Status check_jpeg_huffman_tables(std::span<const uint8_t> b, std::string_view where) {
  auto at = [&](size_t i) -> uint32_t { return i < b.size() ? b[i] : 0; };  // stb reads 0 at EOF
  size_t p = 2;                                                             // after SOI
  while (p + 1 < b.size()) {
    if (b[p] != 0xff) {  // entropy-coded data
      ++p;
      continue;
    }
    const uint32_t m = b[p + 1];
    if (m == 0xff) {  // fill byte
      ++p;
      continue;
    }
    if (m == 0xd9) break;                                      // EOI
    if (m == 0x00 || m == 0x01 || (m >= 0xd0 && m <= 0xd8)) {  // stuffed byte, TEM, RSTn, SOI
      p += 2;
      continue;
    }
    const int64_t length = static_cast<int64_t>(at(p + 2) << 8 | at(p + 3));
    if (m == 0xc4) {
      int64_t remaining = length - 2;
      size_t q = p + 4;
      while (remaining > 0) {
        int64_t codes = 0;
        for (size_t i = 0; i < 16; ++i) codes += at(q + 1 + i);
        if (codes > 256) {
          return error("{}: corrupt JPEG image (a Huffman table declares {} codes; at most 256)",
                       where, codes);
        }
        q += 17 + static_cast<size_t>(codes);
        remaining -= 17 + codes;
      }
      if (remaining != 0) return error("{}: corrupt JPEG image (bad Huffman table length)", where);
    }
    p += 2 + static_cast<size_t>(length);
  }
  return Status::Ok();
}

}  // namespace

bool is_image_file_name(std::string_view name) {
  return ends_with_ci(name, ".png") || ends_with_ci(name, ".jpg") || ends_with_ci(name, ".jpeg") ||
         ends_with_ci(name, ".bmp");
}

Result<Image> decode_image(std::span<const uint8_t> bytes, int channels, std::string_view where) {
  if (channels != 1 && channels != 3) {
    return error("{}: images decode to 1 or 3 channels, not {}", where, channels);
  }
  const char* format = sniff_format(bytes);
  if (format == nullptr) {
    return error("{}: not a PNG, JPEG or BMP image (unrecognized leading bytes)", where);
  }
  if (bytes.size() > static_cast<size_t>(INT32_MAX)) {
    return error("{}: image file too large", where);
  }
  if (format == std::string_view("JPEG")) {
    OCTET_RETURN_IF_ERROR(check_jpeg_huffman_tables(bytes, where));
  }
  int w = 0, h = 0, file_channels = 0;
  const int size = static_cast<int>(bytes.size());
  if (!stbi_info_from_memory(bytes.data(), size, &w, &h, &file_channels)) {
    return error("{}: corrupt or unsupported {} image ({})", where, format, stbi_failure_reason());
  }
  if (w <= 0 || h <= 0 || static_cast<int64_t>(w) * h > (int64_t{1} << 26)) {
    return error("{}: {} image of {}x{} pixels is not supported", where, format, w, h);
  }
  std::unique_ptr<stbi_uc, decltype(&stbi_image_free)> data(
      stbi_load_from_memory(bytes.data(), size, &w, &h, &file_channels, channels),
      &stbi_image_free);
  if (!data) {
    return error("{}: corrupt or unsupported {} image ({})", where, format, stbi_failure_reason());
  }
  Image image;
  image.width = w;
  image.height = h;
  image.channels = channels;
  image.pixels.assign(data.get(), data.get() + static_cast<size_t>(w) * h * channels);
  return image;
}

Result<Image> read_image(const std::string& path, int channels) {
  OCTET_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes, read_file_bytes(path));
  return decode_image(bytes, channels, path);
}

std::vector<float> resize_bilinear(const Image& image, int out_height, int out_width) {
  const int c = image.channels;
  std::vector<float> out(static_cast<size_t>(out_height) * out_width * c);
  if (out_height == image.height && out_width == image.width) {
    std::copy(image.pixels.begin(), image.pixels.end(), out.begin());
    return out;
  }
  // Per output coordinate: the two source indices and the weight of the second.
  struct Tap {
    int i0, i1;
    float t;
  };
  auto taps = [](int out_size, int in_size) {
    std::vector<Tap> result(static_cast<size_t>(out_size));
    const double scale = static_cast<double>(in_size) / out_size;
    for (int o = 0; o < out_size; ++o) {
      const double src = std::clamp((o + 0.5) * scale - 0.5, 0.0, in_size - 1.0);
      const int i0 = static_cast<int>(src);
      const int i1 = std::min(i0 + 1, in_size - 1);
      result[o] = Tap{i0, i1, static_cast<float>(src - i0)};
    }
    return result;
  };
  const std::vector<Tap> ys = taps(out_height, image.height);
  const std::vector<Tap> xs = taps(out_width, image.width);
  auto pixel = [&](int y, int x, int ch) {
    return static_cast<float>(image.pixels[(static_cast<size_t>(y) * image.width + x) * c + ch]);
  };
  float* o = out.data();
  for (const Tap& ty : ys) {
    for (const Tap& tx : xs) {
      for (int ch = 0; ch < c; ++ch) {
        const float top = std::lerp(pixel(ty.i0, tx.i0, ch), pixel(ty.i0, tx.i1, ch), tx.t);
        const float bottom = std::lerp(pixel(ty.i1, tx.i0, ch), pixel(ty.i1, tx.i1, ch), tx.t);
        // std::lerp is exact at t = 0 and 1 and monotone, so results stay within [0, 255].
        *o++ = std::lerp(top, bottom, ty.t);
      }
    }
  }
  return out;
}

}  // namespace octet
