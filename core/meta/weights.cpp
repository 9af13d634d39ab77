#include "meta/weights.hpp"

namespace fastslow::meta {

std::vector<std::string> shipped_models(const std::string& prefix, const std::vector<std::string>& candidates) {
  std::vector<std::string> out;
  for (const auto& c : candidates)
    if (trained_weights(prefix + c)) out.push_back(c);
  return out.empty() ? candidates : out;
}

}  // namespace fastslow::meta
