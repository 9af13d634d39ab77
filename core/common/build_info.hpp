#pragma once
#include <string>

namespace fastslow {
// {"simd":bool,"arch":"sse4.2"|"scalar"|...,"version":"x.y.z"}: which kernels this build runs.
std::string build_info_json();
}
