// npy.cc - see npy.h. Format: the NumPy .npy specification (magic "\x93NUMPY", version, header
// length, a Python dict literal with 'descr', 'fortran_order' and 'shape', padded so the data
// starts on a 64-byte boundary).
#include "io/npy.h"

#include <fmt/format.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "frontend/tflite/reader.h"

namespace octet {

namespace {

struct Descr {
  const char* text;
  DType dtype;
};
constexpr Descr kDescrs[] = {
    {"<f4", DType::kFloat32}, {"<f2", DType::kFloat16}, {"<f8", DType::kFloat64},
    {"|i1", DType::kInt8},    {"|u1", DType::kUInt8},   {"<i2", DType::kInt16},
    {"<i4", DType::kInt32},   {"<i8", DType::kInt64},   {"|b1", DType::kBool},
    {"<i1", DType::kInt8},    {"<u1", DType::kUInt8},   {"<u4", DType::kUInt32},
};

// Finds the value text after 'key': in the header dict.
std::string_view dict_value(std::string_view header, std::string_view key) {
  const std::string quoted = fmt::format("'{}'", key);
  size_t p = header.find(quoted);
  if (p == std::string_view::npos) return {};
  p = header.find(':', p + quoted.size());
  if (p == std::string_view::npos) return {};
  ++p;
  while (p < header.size() && header[p] == ' ') ++p;
  size_t e = p;
  if (p < header.size() && header[p] == '(') {
    e = header.find(')', p);
    return e == std::string_view::npos ? std::string_view{} : header.substr(p, e - p + 1);
  }
  if (p < header.size() && header[p] == '\'') {
    e = header.find('\'', p + 1);
    return e == std::string_view::npos ? std::string_view{} : header.substr(p, e - p + 1);
  }
  while (e < header.size() && header[e] != ',' && header[e] != '}') ++e;
  return header.substr(p, e - p);
}

}  // namespace

Result<NpyArray> parse_npy(std::span<const uint8_t> b, std::string_view where) {
  static const uint8_t kMagic[] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
  if (b.size() < 10 || std::memcmp(b.data(), kMagic, 6) != 0) {
    return error("{}: not a .npy file (missing the \\x93NUMPY magic)", where);
  }
  const int major = b[6];
  size_t header_len = 0, header_start = 0;
  if (major == 1) {
    header_len = b[8] | (b[9] << 8);
    header_start = 10;
  } else if (major == 2 || major == 3) {
    if (b.size() < 12) return error("{}: truncated .npy header", where);
    header_len = b[8] | (b[9] << 8) | (size_t{b[10]} << 16) | (size_t{b[11]} << 24);
    header_start = 12;
  } else {
    return error("{}: unsupported .npy version {}", where, major);
  }
  if (header_start + header_len > b.size()) return error("{}: truncated .npy header", where);
  const std::string_view header(reinterpret_cast<const char*>(b.data() + header_start), header_len);
  NpyArray a;
  const std::string_view descr = dict_value(header, "descr");
  bool found = false;
  for (const Descr& d : kDescrs) {
    if (descr == fmt::format("'{}'", d.text)) {
      a.dtype = d.dtype;
      found = true;
    }
  }
  if (!found) {
    return error(
        "{}: unsupported .npy dtype {} (octet reads little-endian float16/32/64, int8/16/"
        "32/64, uint8, bool)",
        where, descr.empty() ? "(missing)" : descr);
  }
  if (dict_value(header, "fortran_order").starts_with("True")) {
    return error("{}: Fortran-ordered arrays are not supported; save with np.ascontiguousarray",
                 where);
  }
  const std::string_view shape = dict_value(header, "shape");
  if (shape.empty()) return error("{}: .npy header has no shape", where);
  size_t p = 1;
  while (p < shape.size()) {
    while (p < shape.size() && (shape[p] == ' ' || shape[p] == ',')) ++p;
    if (p >= shape.size() || shape[p] == ')') break;
    int64_t d = 0;
    size_t digits = 0;
    while (p < shape.size() && shape[p] >= '0' && shape[p] <= '9') {
      d = d * 10 + (shape[p] - '0');
      if (d > INT32_MAX) return error("{}: dimension too large in shape {}", where, shape);
      ++p, ++digits;
    }
    while (p < shape.size() && shape[p] == 'L') ++p;
    if (digits == 0) return error("{}: malformed shape {}", where, shape);
    a.shape.dims.push_back(static_cast<int32_t>(d));
  }
  auto elements = a.shape.checked_elements();
  if (!elements) return error("{}: shape {} is too large", where, a.shape.to_string());
  const size_t data_start = header_start + header_len;
  const size_t bytes = static_cast<size_t>(*elements) * dtype_size(a.dtype);
  if (b.size() - data_start != bytes) {
    return error("{}: shape {} {} needs {} data bytes, the file has {}", where, dtype_name(a.dtype),
                 a.shape.to_string(), bytes, b.size() - data_start);
  }
  a.data.assign(b.begin() + data_start, b.end());
  return a;
}

Result<NpyArray> read_npy(const std::string& path) {
  OCTET_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes, read_file_bytes(path));
  return parse_npy(bytes, path);
}

std::vector<uint8_t> encode_npy(DType dtype, const Shape& shape, std::span<const uint8_t> data) {
  const char* descr = "<f4";
  for (const Descr& d : kDescrs) {
    if (d.dtype == dtype) {
      descr = d.text;
      break;
    }
  }
  // Python tuple syntax: "()", "(3,)", "(1, 2)".
  std::string dims;
  for (int i = 0; i < shape.rank(); ++i) dims += fmt::format("{}{}", i ? ", " : "", shape[i]);
  if (shape.rank() == 1) dims += ",";
  std::string header =
      fmt::format("{{'descr': '{}', 'fortran_order': False, 'shape': ({}), }}", descr, dims);
  const size_t unpadded = 10 + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header.push_back('\n');
  std::vector<uint8_t> out = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
  out.push_back(static_cast<uint8_t>(header.size() & 0xff));
  out.push_back(static_cast<uint8_t>(header.size() >> 8));
  out.insert(out.end(), header.begin(), header.end());
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

Status write_file_bytes(const std::string& path, std::span<const uint8_t> bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return error("cannot write '{}': {}", path, std::strerror(errno));
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  if (!out) return error("cannot write '{}': {}", path, std::strerror(errno));
  return Status::Ok();
}

Status write_npy(const std::string& path, DType dtype, const Shape& shape,
                 std::span<const uint8_t> data) {
  return write_file_bytes(path, encode_npy(dtype, shape, data));
}

Result<std::vector<NpzMember>> read_npz(const std::string& path) {
  OCTET_ASSIGN_OR_RETURN(std::vector<uint8_t> z, read_file_bytes(path));
  auto u16 = [&](size_t p) -> uint32_t { return z[p] | (z[p + 1] << 8); };
  auto u32 = [&](size_t p) -> uint32_t {
    return z[p] | (z[p + 1] << 8) | (z[p + 2] << 16) | (uint32_t{z[p + 3]} << 24);
  };
  std::vector<NpzMember> members;
  size_t p = 0;
  // Walk the local file headers (signature PK\3\4) in order.
  while (p + 30 <= z.size() && u32(p) == 0x04034b50) {
    const uint32_t flags = u16(p + 6), method = u16(p + 8);
    uint32_t compressed = u32(p + 18), uncompressed = u32(p + 22);
    const uint32_t name_len = u16(p + 26), extra_len = u16(p + 28);
    if (p + 30 + name_len + extra_len > z.size()) return error("{}: truncated zip header", path);
    std::string name(reinterpret_cast<const char*>(&z[p + 30]), name_len);
    const size_t data_at = p + 30 + name_len + extra_len;
    // zip64 sizes live in the extra field (numpy writes them for large members).
    if (compressed == 0xffffffffu || uncompressed == 0xffffffffu) {
      size_t e = p + 30 + name_len;
      while (e + 4 <= data_at) {
        const uint32_t id = u16(e), len = u16(e + 2);
        if (id == 1 && len >= 16 && e + 20 <= data_at) {
          uncompressed = u32(e + 4);
          compressed = u32(e + 12);
        }
        e += 4 + len;
      }
    }
    if (flags & 0x8) {
      return error("{}: member '{}' uses a zip data descriptor, which octet does not read", path,
                   name);
    }
    if (data_at + compressed > z.size()) return error("{}: member '{}' is truncated", path, name);
    std::vector<uint8_t> raw;
    if (method == 0) {
      raw.assign(z.begin() + data_at, z.begin() + data_at + compressed);
    } else if (method == 8) {
      raw.resize(uncompressed);
      z_stream s{};
      if (inflateInit2(&s, -MAX_WBITS) != Z_OK) return error("{}: zlib init failed", path);
      s.next_in = const_cast<Bytef*>(&z[data_at]);
      s.avail_in = compressed;
      s.next_out = raw.data();
      s.avail_out = uncompressed;
      const int rc = inflate(&s, Z_FINISH);
      inflateEnd(&s);
      if (rc != Z_STREAM_END || s.total_out != uncompressed) {
        return error("{}: member '{}' does not inflate (corrupt archive)", path, name);
      }
    } else {
      return error(
          "{}: member '{}' uses zip compression method {} (octet reads stored and "
          "deflated members)",
          path, name, method);
    }
    if (name.ends_with(".npy")) {
      name.resize(name.size() - 4);
      OCTET_ASSIGN_OR_RETURN(NpyArray a, parse_npy(raw, fmt::format("{}[{}]", path, name)));
      members.push_back(NpzMember{name, std::move(a)});
    }
    p = data_at + compressed;
  }
  if (members.empty()) return error("{}: not an .npz archive, or it holds no .npy members", path);
  return members;
}

}  // namespace octet
