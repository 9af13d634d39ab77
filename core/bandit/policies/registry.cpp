// The bandit policies by name, and their hyper-parameters as schema parameters (one
// description shared by every bandit scenario, mirrored 1:1 by BanditPolicyConfig).
#include "bandit/policy.hpp"

namespace fastslow {

const std::vector<std::string>& bandit_policy_names() {
  static const std::vector<std::string> names = {"random",   "greedy",              "epsilon-greedy", "ucb1",
                                                 "thompson", "optimistic-thompson", "gittins"};
  return names;
}

std::vector<ParamSpec> bandit_policy_params() {
  return {
      ParamSpec::choice("policy", "epsilon-greedy", bandit_policy_names(), "the policy that chooses arms"),
      ParamSpec::real("epsilon", 0.1, 0, 1, "ε-greedy: probability of a uniformly random pull"),
      ParamSpec::real("ucbC", 1, 0, 10, "UCB1: exploration constant c in mean + c·sqrt(2 ln t / n_i) (1 = UCB1)"),
      ParamSpec::choice("gittinsMode", "discounted", {"discounted", "finite-horizon"},
                        "Gittins: discounted index (γ below) or the finite-horizon index of the pulls left"),
      ParamSpec::real("gittinsDiscount", 0.99, 0.5, 0.995, "Gittins: discount γ of the discounted index"),
      std::move(ParamSpec::real("priorA", 1, 0.1, 100, "task prior Beta(a, b) of every arm's p: a (1, 1 = uniform)")).log(),
      std::move(ParamSpec::real("priorB", 1, 0.1, 100, "task prior Beta(a, b) of every arm's p: b (1, 1 = uniform)")).log(),
  };
}

BanditPolicyConfig bandit_policy_config(const Params& params) {
  BanditPolicyConfig c;
  c.epsilon = params.real("epsilon");
  c.ucb_c = params.real("ucbC");
  c.prior = {params.real("priorA"), params.real("priorB")};
  c.gittins_mode = params.choice("gittinsMode") == "finite-horizon" ? GittinsMode::FiniteHorizon : GittinsMode::Discounted;
  c.gittins_discount = params.real("gittinsDiscount");
  return c;
}

void check_bandit_policy(const Params& params, const std::string& n_name, std::vector<ParamError>& errors) {
  const int64_t n = params.integer(n_name);
  if (params.choice("policy") == "gittins" && n > kGittinsMaxPulls) {
    const std::string allowed = "an integer in [1, " + std::to_string(kGittinsMaxPulls) + "] with policy gittins";
    errors.push_back({n_name, std::to_string(n),
                      n_name + ": " + std::to_string(n) + " pulls is too long for the Gittins index tables; expected " +
                          allowed,
                      allowed});
  }
}

std::unique_ptr<BanditPolicy> make_bandit_policy(const std::string& name, const BanditPolicyConfig& c) {
  if (name == "greedy") return make_greedy_policy();
  if (name == "epsilon-greedy") return make_epsilon_greedy_policy(c.epsilon);
  if (name == "ucb1") return make_ucb1_policy(c.ucb_c);
  if (name == "thompson") return make_thompson_policy(c.prior);
  if (name == "optimistic-thompson") return make_optimistic_thompson_policy(c.prior);
  if (name == "gittins") return make_gittins_policy(c.prior, c.gittins_mode, c.gittins_discount, c.gittins_lazy);
  return make_random_policy();  // "random": the schema admits no other name
}

std::unique_ptr<BanditPolicy> make_bandit_policy(const std::string& name, const Params& params) {
  return make_bandit_policy(name, bandit_policy_config(params));
}

}  // namespace fastslow
