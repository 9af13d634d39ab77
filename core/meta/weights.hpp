// Meta-trained weights shipped with the core: each asset core/meta/weights/<name>.json
// ({"version":1,"name","network","params":[...],"training":{command, seed, ...}}) is compiled
// into weights_data.cpp by `npm run train:maml` (scripts/train-maml.mjs), so the wasm and
// native cores evaluate exactly the committed numbers.
#pragma once
#include <string>
#include <vector>

namespace fastslow::meta {

// The flat parameter vector of a shipped model, or nullptr when it is not shipped.
const std::vector<double>* trained_weights(const std::string& name);

}  // namespace fastslow::meta
