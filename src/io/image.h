// image.h - PNG, JPEG and BMP images in (decoded with Debian's stb_image, restricted to those three
// formats), and the bilinear resize that fits them to a model input. Used for calibration data.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace octet {

// 8-bit pixels, rows top to bottom, channels interleaved (RGB or gray).
struct Image {
  int width = 0;
  int height = 0;
  int channels = 0;
  std::vector<uint8_t> pixels;  // height * width * channels
};

// True for names ending in .png, .jpg, .jpeg or .bmp (any case).
bool is_image_file_name(std::string_view name);

// Decodes PNG, JPEG (baseline and progressive) or BMP bytes into `channels` (1 = gray, 3 = RGB)
// channels, converting as needed. Errors name `where` and give the decoder's reason. Images wider
// or taller than 32768 pixels, or of more than 2^26 (67M) pixels, are refused. EXIF orientation
// is not applied.
Result<Image> decode_image(std::span<const uint8_t> bytes, int channels, std::string_view where);
Result<Image> read_image(const std::string& path, int channels);

// Bilinear resize with half-pixel centers (source x = (x + 0.5) * in_w / out_w - 0.5, clamped to
// the edge), as OpenCV's INTER_LINEAR and tf.image.resize(method="bilinear", antialias=False) do.
// No antialiasing when shrinking. Returns float pixel values in [0, 255], HWC. The same size
// returns the pixels unchanged.
std::vector<float> resize_bilinear(const Image& image, int out_height, int out_width);

}  // namespace octet
