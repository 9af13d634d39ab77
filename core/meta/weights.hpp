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

// The models among `candidates` whose weights "<prefix><model>" are shipped (the choices of a
// scenario's `model` enum); all candidates when none is (validation then names what is missing).
std::vector<std::string> shipped_models(const std::string& prefix, const std::vector<std::string>& candidates);

}  // namespace fastslow::meta
