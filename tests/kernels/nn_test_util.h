// nn_test_util.h - small helpers shared by the nn kernel tests.
#pragma once

#include <cstdint>
#include <initializer_list>

#include "octet_kernels.h"

namespace octet::testing {

inline octet_shape make_shape(std::initializer_list<int32_t> dims) {
  octet_shape s{};
  for (int32_t d : dims) s.dims[s.rank++] = d;
  return s;
}

}  // namespace octet::testing
