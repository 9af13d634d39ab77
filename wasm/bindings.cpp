// Embind registrations of the core. No logic here: the only adapter copies a Frame into a
// plain JS object of numbers and fresh Float64Arrays (copies, safe to transfer).
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include "common/build_info.hpp"
#include "common/run.hpp"

using namespace emscripten;
using namespace fastslow;

namespace {

val frame_to_js(const RunHandle& run) {
  const Frame f = run.frame();
  val scalars = val::object(), arrays = val::object(), out = val::object();
  for (const auto& [name, x] : f.scalars) scalars.set(name, x);
  for (const auto& [name, v] : f.arrays)
    arrays.set(name, val(typed_memory_view(v.size(), v.data())).call<val>("slice"));
  out.set("scalars", scalars);
  out.set("arrays", arrays);
  return out;
}

std::string validate_json(const std::string& scenario, const RawParams& raw) {
  return to_text(validate_scenario(scenario, raw).to_json());
}

}  // namespace

EMSCRIPTEN_BINDINGS(fastslow) {
  value_object<RawParam>("RawParam")
      .field("name", &RawParam::name)
      .field("kind", &RawParam::kind)
      .field("number", &RawParam::number)
      .field("text", &RawParam::text);
  register_vector<RawParam>("RawParams");

  function("schemaJson", &schema_json);
  function("buildInfo", &build_info_json);
  function("validate", &validate_json);

  class_<RunHandle>("Run")
      .constructor<std::string, RawParams>()
      .constructor<std::string>()  // resume from a checkpoint's text
      .function("ok", &RunHandle::ok)
      .function("errorJson", &RunHandle::error_json)
      .function("step", &RunHandle::step)
      .function("done", &RunHandle::done)
      .function("progress", &RunHandle::progress)
      .function("frame", &frame_to_js)
      .function("resultJson", &RunHandle::result_json)
      .function("checkpointJson", &RunHandle::checkpoint_json);
}
