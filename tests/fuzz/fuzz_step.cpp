// libFuzzer target: stepping runs (core/common/run.cpp, core/bandit/**).
//
// Input → valid params for bandit-live or bandit-eval, small so each input runs in
// milliseconds (k <= 50, steps / n <= 200, trials <= 3; Gittins with n <= 12 and γ <= 0.9), every
// parameter given either as a number or as text; then up to 64 operations at arbitrary
// points: step(budget) with budgets 0, negative, NaN, ±inf, 0.5, 1 - ulp, 2^32, 1e300, ...,
// frame(), result_json(), progress(), done().
// Properties checked:
//   - step() returns done(); progress is in [0, 1] and never decreases; done() never reverts;
//     a budget below 1 (or NaN) does nothing; after done(), step() changes nothing;
//   - frames: array lengths k, pulls add up to the step, rewards and regret bounded and
//     monotone (bandit-live); trialsDone <= trials, every total an integer in [0, n] (bandit-eval);
//   - the final result equals that of the same run done in one step() call (slicing never
//     changes a run), and bandit-eval's totals equal those of the run split into two chunks
//     (taskOffset, trials) — the splittable-table contract of bandit_eval.cpp.
#include <algorithm>

#include "bandit/gittins_index.hpp"
#include "common/run.hpp"
#include "fuzz_common.hpp"

using namespace fastslow;

namespace {

// Longest Gittins episode fuzzed: the discounted table for n pulls (and the lazy per-state
// indices of bandit-live) cost milliseconds at n <= 12 under the sanitizers, seconds at n = 100.
constexpr int kGittinsN = 12;
constexpr double kGittinsMaxDiscount = 0.9;

struct Config {
  std::string scenario;
  std::vector<std::pair<std::string, json>> values;  // what the run must get
  int k = 10;
  int64_t n = 100;  // steps (live) or n (eval)
  int64_t trials = 1, offset = 0;
};

double pick_in(FuzzedDataProvider& in, double lo, double hi, bool log_scale = false) {
  switch (in.ConsumeIntegralInRange(0, 5)) {
    case 0: return lo;
    case 1: return hi;
    case 2: return std::nextafter(hi, lo);
    case 3: return std::nextafter(lo, hi);
    default: {
      const double u = in.ConsumeProbability<double>();
      return log_scale ? lo * std::pow(hi / lo, u) : lo + (hi - lo) * u;
    }
  }
}

Config make_config(FuzzedDataProvider& in) {
  Config c;
  c.scenario = in.ConsumeBool() ? "bandit-live" : "bandit-eval";
  const bool live = c.scenario == "bandit-live";
  const char* policies[] = {"random", "greedy", "epsilon-greedy", "ucb1", "thompson", "optimistic-thompson", "gittins"};
  const std::string policy = policies[in.ConsumeIntegralInRange(0, 6)];
  const bool gittins = policy == "gittins";
  c.k = in.ConsumeIntegralInRange(2, 50);
  c.n = in.ConsumeIntegralInRange<int64_t>(1, gittins ? kGittinsN : 200);
  c.values = {{"k", c.k}, {live ? "steps" : "n", c.n}, {"policy", policy}};
  if (!live) {
    c.trials = in.ConsumeIntegralInRange<int64_t>(1, 3);
    c.offset = in.PickValueInArray<int64_t>({0, 1, 2, 999, 1000000000 - 3, 1000000000});
    if (in.ConsumeBool()) c.offset = in.ConsumeIntegralInRange<int64_t>(0, 1000000000);
    c.values.push_back({"trials", c.trials});
    c.values.push_back({"taskOffset", c.offset});
  }
  // The policy knobs, each given or left at its default.
  if (in.ConsumeBool()) c.values.push_back({"epsilon", pick_in(in, 0, 1)});
  if (in.ConsumeBool()) c.values.push_back({"ucbC", pick_in(in, 0, 10)});
  if (in.ConsumeBool()) c.values.push_back({"priorA", pick_in(in, 0.1, 100, true)});
  if (in.ConsumeBool()) c.values.push_back({"priorB", pick_in(in, 0.1, 100, true)});
  const bool finite_horizon = in.ConsumeBool();
  if (finite_horizon || in.ConsumeBool()) c.values.push_back({"gittinsMode", finite_horizon ? "finite-horizon" : "discounted"});
  // Gittins' discounted indices cost ~ (truncation depth)^1.5 per DP pass, and the depth grows
  // like 1/(1 - γ): at the default γ = 0.99 one table takes seconds under the sanitizers and
  // coverage instrumentation. So with Gittins, γ stays in [0.5, 0.9] here (the long tables are
  // the core tests' and tests/node/reliability.test.mjs's business).
  if (gittins && !finite_horizon) c.values.push_back({"gittinsDiscount", pick_in(in, 0.5, kGittinsMaxDiscount)});
  else if (in.ConsumeBool()) c.values.push_back({"gittinsDiscount", pick_in(in, 0.5, 0.995)});
  c.values.push_back({"seed", in.PickValueInArray<int64_t>({0, 1, 4294967295LL, in.ConsumeIntegral<uint32_t>()})});
  return c;
}

RawParams encode(const Config& c, FuzzedDataProvider& in) {
  RawParams raw;
  for (const auto& [name, value] : c.values) {
    RawParam r;
    r.name = name;
    if (value.is_string()) {
      r.kind = RawParam::Text, r.text = value.get<std::string>();
    } else if (in.ConsumeIntegralInRange(0, 3) == 0) {  // the CLI / URL path
      r.kind = RawParam::Text, r.text = format_number(value.get<double>());
    } else {
      r.kind = RawParam::Number, r.number = value.get<double>();
    }
    raw.push_back(r);
  }
  return raw;
}

double pick_budget(FuzzedDataProvider& in) {
  switch (in.ConsumeIntegralInRange(0, 7)) {
    case 0:
      return in.PickValueInArray<double>({0, -0.0, -1, 0.5, std::nextafter(1.0, 0.0), 1, 1.5,
                                          std::numeric_limits<double>::quiet_NaN(),
                                          std::numeric_limits<double>::infinity(),
                                          -std::numeric_limits<double>::infinity(), 4294967295.0, 4294967296.0,
                                          4294967297.0, 9007199254740993.0, 1e300, DBL_MAX,
                                          std::numeric_limits<double>::denorm_min()});
    case 1: return fuzz::pick_number(in);
    default: return static_cast<double>(in.ConsumeIntegralInRange(0, 40));
  }
}

const double* scalar(const Frame& f, const char* name) {
  for (const auto& [n, x] : f.scalars)
    if (n == name) return &x;
  return nullptr;
}
const std::vector<double>* array(const Frame& f, const char* name) {
  for (const auto& [n, v] : f.arrays)
    if (n == name) return &v;
  return nullptr;
}

bool is_count(double x, double hi) { return x >= 0 && x <= hi && x == std::floor(x); }

void check_frame(const Config& c, const Frame& f, const std::string& where) {
  if (c.scenario == "bandit-live") {
    const double step = *scalar(f, "step"), reward = *scalar(f, "totalReward"), regret = *scalar(f, "cumRegret");
    FUZZ_CHECK(is_count(step, static_cast<double>(c.n)), "%s: step %g", where.c_str(), step);
    FUZZ_CHECK(is_count(reward, step), "%s: totalReward %g at step %g", where.c_str(), reward, step);
    FUZZ_CHECK(regret >= 0 && regret <= step, "%s: cumRegret %g at step %g", where.c_str(), regret, step);
    const double last = *scalar(f, "lastArm"), best = *scalar(f, "bestArm");
    FUZZ_CHECK(last >= -1 && last < c.k && (step == 0) == (last == -1), "%s: lastArm %g at step %g", where.c_str(), last, step);
    FUZZ_CHECK(best >= 0 && best < c.k, "%s: bestArm %g", where.c_str(), best);
    double pulls = 0;
    for (const char* name : {"pulls", "estimates", "trueP", "index"})
      FUZZ_CHECK(array(f, name)->size() == static_cast<size_t>(c.k), "%s: %s has %zu values", where.c_str(), name,
                 array(f, name)->size());
    for (double x : *array(f, "pulls")) pulls += x;
    FUZZ_CHECK(pulls == step, "%s: pulls add up to %g at step %g", where.c_str(), pulls, step);
    for (double p : *array(f, "trueP")) FUZZ_CHECK(p >= 0 && p <= 1, "%s: trueP %g", where.c_str(), p);
    for (double e : *array(f, "estimates")) FUZZ_CHECK(e > 0 && e < 1, "%s: estimate %g", where.c_str(), e);
    const auto& xs = *array(f, "regretX");
    const auto& ys = *array(f, "regretY");
    FUZZ_CHECK(xs.size() == ys.size() && !xs.empty() && xs.back() == step && ys.back() == regret,
               "%s: regret curve ends at (%g, %g), not the step", where.c_str(), xs.empty() ? -1 : xs.back(),
               ys.empty() ? -1 : ys.back());
    FUZZ_CHECK(std::is_sorted(xs.begin(), xs.end()) && std::is_sorted(ys.begin(), ys.end()),
               "%s: regret curve not monotone", where.c_str());
  } else {
    const double done = *scalar(f, "trialsDone");
    FUZZ_CHECK(is_count(done, static_cast<double>(c.trials)), "%s: trialsDone %g", where.c_str(), done);
    const auto& totals = *array(f, "totals");
    FUZZ_CHECK(totals.size() == static_cast<size_t>(done), "%s: %zu totals", where.c_str(), totals.size());
    for (double t : totals) FUZZ_CHECK(is_count(t, static_cast<double>(c.n)), "%s: total %g", where.c_str(), t);
  }
  const double progress = *scalar(f, "progress");
  FUZZ_CHECK(progress >= 0 && progress <= 1, "%s: frame progress %g", where.c_str(), progress);
}

json result_of(const RunHandle& run, const std::string& where) {
  const json r = json::parse(run.result_json(), nullptr, false);
  FUZZ_CHECK(!r.is_discarded() && r.is_object(), "%s: result_json is not a JSON object", where.c_str());
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  const Config c = make_config(in);
  const RawParams raw = encode(c, in);
  std::string where = c.scenario;
  for (const auto& [name, value] : c.values) where += " " + name + "=" + value.dump();

  if (fuzz::verbose()) std::fprintf(stderr, "fuzz_step: %s\n", where.c_str());
  RunHandle run(c.scenario, raw);
  FUZZ_CHECK(run.ok(), "%s: valid params rejected: %s", where.c_str(), run.error_json().c_str());
  double progress = run.progress();
  bool done = run.done();
  FUZZ_CHECK(progress == 0 && !done, "%s: a new run has progress %g, done %d", where.c_str(), progress, done);
  std::string final_result;
  const int ops = in.ConsumeIntegralInRange(0, 64);
  for (int i = 0; i < ops && in.remaining_bytes() > 0; ++i) {
    switch (in.ConsumeIntegralInRange(0, 5)) {
      case 0: check_frame(c, run.frame(), where); break;
      case 1: (void)result_of(run, where); break;
      default: {
        const double budget = pick_budget(in);
        const std::string before = run.result_json();
        const bool returned = run.step(budget);
        FUZZ_CHECK(returned == run.done(), "%s: step(%g) returned %d, done() %d", where.c_str(), budget, returned,
                   run.done());
        if (!(budget >= 1) || done)
          FUZZ_CHECK(run.result_json() == before, "%s: step(%g) changed the run (done %d)", where.c_str(), budget, done);
        break;
      }
    }
    FUZZ_CHECK(run.progress() >= progress && run.progress() <= 1, "%s: progress %g after %g", where.c_str(),
               run.progress(), progress);
    FUZZ_CHECK(run.done() || !done, "%s: done() reverted", where.c_str());
    progress = run.progress();
    done = run.done();
    FUZZ_CHECK(done == (progress == 1), "%s: done %d at progress %.17g", where.c_str(), done, progress);
  }
  while (!run.step(1e300)) {
  }
  check_frame(c, run.frame(), where);
  const json sliced = result_of(run, where);

  RunHandle whole(c.scenario, raw);
  FUZZ_CHECK(whole.step(4294967296.0), "%s: one 2^32 step did not finish the run", where.c_str());
  const json reference = result_of(whole, where);
  FUZZ_CHECK(sliced == reference, "%s: sliced run differs from the whole run:\n%s\n%s", where.c_str(),
             sliced.dump().c_str(), reference.dump().c_str());
  FUZZ_CHECK(sliced.at("done") == true, "%s: result not done", where.c_str());

  if (c.scenario == "bandit-eval") {
    FUZZ_CHECK(sliced.at("totals").size() == static_cast<size_t>(c.trials), "%s: %zu totals", where.c_str(),
               sliced.at("totals").size());
    if (c.trials >= 2 && c.offset + 1 <= 1000000000) {
      // Chunks (offset, 1) + (offset + 1, trials - 1) concatenate to the whole run's totals.
      json totals = json::array();
      for (const auto& [offset, trials] : {std::pair{c.offset, int64_t{1}}, std::pair{c.offset + 1, c.trials - 1}}) {
        RawParams part = raw;
        for (auto& r : part) {
          if (r.name == "trials") r.kind = RawParam::Number, r.number = static_cast<double>(trials);
          if (r.name == "taskOffset") r.kind = RawParam::Number, r.number = static_cast<double>(offset);
        }
        RunHandle chunk(c.scenario, part);
        FUZZ_CHECK(chunk.ok() && chunk.step(1e300), "%s: chunk (%lld, %lld) did not run", where.c_str(),
                   static_cast<long long>(offset), static_cast<long long>(trials));
        const json part_result = result_of(chunk, where);
        for (const auto& t : part_result.at("totals")) totals.push_back(t);
      }
      FUZZ_CHECK(totals == sliced.at("totals"), "%s: chunked totals %s differ from %s", where.c_str(),
                 totals.dump().c_str(), sliced.at("totals").dump().c_str());
    }
  }
  return 0;
}
