// Trained RL² weights as a small JSON asset (core/rl2/weights/<name>.json):
//   {"format": "fastslow-rl2-weights", "version": 1, "task": "bandit", "n": 10, "k": 5,
//    "obsDim": 1, "actions": 5, "hidden": 64, "valueScale": 5, "numParams": 14406,
//    "params": "<base64 of the parameters as little-endian IEEE float32, rl2_net.hpp layout>"}
// float32 halves the size; the shipped numbers are what evaluation uses (the trainer rounds
// before it saves, so train-time and eval-time weights are the same). The files are compiled
// into the core (CMake generates the table embedded_weights()), so native and wasm runs
// evaluate the same weights without any file access.
#pragma once
#include <string>
#include <vector>

#include "rl2/rl2_net.hpp"

namespace fastslow::rl2 {

struct WeightsFile {
  int version = 1;
  std::string task;  // "bandit" or "maze"
  int n = 0, k = 0;  // bandit: pulls, arms; maze: size, episodes per trial
  NetShape shape;
  double value_scale = 1;
  Vec params;
};

std::string weights_to_json(const WeightsFile& w);
// False with a message in `error` when the text is not a valid weights file of version 1.
bool weights_from_json(const std::string& text, WeightsFile& out, std::string& error);

// The asset name for a setting, e.g. "bandit-n10-k5".
std::string weights_name(const std::string& task, int n, int k);

struct EmbeddedWeights {
  const char* name;
  std::vector<const char*> chunks;  // the file's text in pieces (compilers limit literal length)
};
// The weights compiled in (generated from core/rl2/weights/*.json by CMake).
const std::vector<EmbeddedWeights>& embedded_weights();
// The embedded weights called `name`; false (and `error`) when absent or invalid.
bool load_embedded_weights(const std::string& name, WeightsFile& out, std::string& error);

}  // namespace fastslow::rl2
