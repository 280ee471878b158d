// npy_test.cc - .npy encode/parse round trips, the header forms NumPy writes, and bad files.
#include "io/npy.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

namespace octet {
namespace {

std::vector<uint8_t> npy_with_header(const std::string& dict, size_t data_bytes) {
  std::string header = dict;
  while ((10 + header.size() + 1) % 64) header += ' ';
  header += '\n';
  std::vector<uint8_t> out = {
      0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, static_cast<uint8_t>(header.size()), 0};
  out.insert(out.end(), header.begin(), header.end());
  out.resize(out.size() + data_bytes, 7);
  return out;
}

TEST(Npy, RoundTripEveryRank) {
  for (const Shape& s : {Shape{}, Shape{3}, Shape{2, 3}, Shape{1, 2, 3, 4}}) {
    std::vector<float> v(s.elements());
    for (size_t i = 0; i < v.size(); ++i) v[i] = 0.5f * i;
    const auto bytes =
        encode_npy(DType::kFloat32, s, {reinterpret_cast<uint8_t*>(v.data()), v.size() * 4});
    EXPECT_EQ((bytes[8] | (bytes[9] << 8)) % 64, 54);  // data starts on a 64-byte boundary
    auto a = parse_npy(bytes, "t");
    ASSERT_TRUE(a.ok()) << a.message();
    EXPECT_EQ(a->dtype, DType::kFloat32);
    EXPECT_EQ(a->shape, s);
    EXPECT_EQ(std::memcmp(a->data.data(), v.data(), v.size() * 4), 0);
  }
}

TEST(Npy, ParsesNumpyHeaderVariants) {
  auto a = parse_npy(
      npy_with_header("{'descr': '|i1', 'fortran_order': False, 'shape': (5,), }", 5), "t");
  ASSERT_TRUE(a.ok()) << a.message();
  EXPECT_EQ(a->dtype, DType::kInt8);
  EXPECT_EQ(a->shape, (Shape{5}));
  a = parse_npy(npy_with_header("{'descr':'<i8','fortran_order':False,'shape':(2,3)}", 48), "t");
  ASSERT_TRUE(a.ok()) << a.message();
  EXPECT_EQ(a->dtype, DType::kInt64);
  EXPECT_EQ(a->shape, (Shape{2, 3}));
}

TEST(Npy, BadFilesAreClearErrors) {
  EXPECT_NE(parse_npy(std::vector<uint8_t>{1, 2, 3}, "f.npy").message().find("f.npy: not a .npy"),
            std::string::npos);
  auto r = parse_npy(
      npy_with_header("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", 8), "f.npy");
  EXPECT_NE(r.message().find("unsupported .npy dtype"), std::string::npos) << r.message();
  r = parse_npy(npy_with_header("{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }", 8),
                "f.npy");
  EXPECT_NE(r.message().find("Fortran"), std::string::npos) << r.message();
  r = parse_npy(npy_with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }", 8),
                "f.npy");
  EXPECT_NE(r.message().find("needs 16 data bytes, the file has 8"), std::string::npos)
      << r.message();
  r = parse_npy(
      npy_with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999,), }", 8),
      "f.npy");
  EXPECT_FALSE(r.ok());
}

}  // namespace
}  // namespace octet
