// The catalogue: one entry per thing the playground can show, in the order the landing page lists
// them. Pure data (no DOM): the landing cards, the "URL round trip for every scenario" e2e test and
// the docs are all generated from this list. To add a scenario's view, append ONE entry here.
//
// `state` is the URL hash (without '#') that opens the entry: the view and the parameters that
// differ from the view's defaults, chosen so that something worth seeing happens within seconds.
// An entry whose view this build does not have (its scenario is not in the core) is not shown.

/** The paper an entry reproduces or illustrates. */
export interface PaperRef {
  /** "Duan, Schulman, Chen, Bartlett, Sutskever, Abbeel" or "Duan et al." */
  readonly authors: string;
  readonly year: number;
  readonly title: string;
  /** arXiv identifier, e.g. "1611.02779" (the link is https://arxiv.org/abs/<id>). */
  readonly arxiv?: string;
  /** Where to read it when it has no arXiv identifier (DOI, proceedings). */
  readonly url?: string;
}

export interface CatalogEntry {
  /** Unique, stable (used in test ids and anchors). */
  readonly id: string;
  /** The view the state opens (a view id of state.ts buildViews). */
  readonly view: string;
  readonly title: string;
  /** Two sentences: what you see, and what to look for. */
  readonly explanation: string;
  readonly paper: PaperRef;
  /** URL hash without '#': opens the view with these parameters (the others keep their defaults). */
  readonly state: string;
  /** Roughly how long the default run takes, shown on the card after "about" ("4 s"). */
  readonly runtime?: string;
  /** Short topic labels shown on the card. */
  readonly tags?: readonly string[];
}

export const CATALOG: CatalogEntry[] = [
  {
    id: 'bandit-live',
    view: 'bandit-live',
    title: 'A bandit, pull by pull',
    explanation:
      'One policy plays a 10-armed Bernoulli bandit while you watch its estimates sharpen and its regret grow. ' +
      'Switch the policy to ε-greedy or UCB1 and see how much exploration each one pays for.',
    paper: {
      authors: 'Auer, Cesa-Bianchi, Fischer',
      year: 2002,
      title: 'Finite-time Analysis of the Multiarmed Bandit Problem',
      url: 'https://doi.org/10.1023/A:1013689704352',
    },
    state: 'scenario=bandit-live&k=10&steps=500&policy=thompson&seed=1',
    runtime: '4 s',
    tags: ['bandits', 'exploration'],
  },
  {
    id: 'bandit-compare',
    view: 'bandit-compare',
    title: 'Policies side by side',
    explanation:
      'UCB1, Thompson sampling and the Gittins index play the same ten tasks, each panel showing the posterior of every arm. ' +
      'The regret plot averages over tasks with 95% bands, so you can tell a real difference from luck.',
    paper: {
      authors: 'Russo, Van Roy, Kazerouni, Osband, Wen',
      year: 2018,
      title: 'A Tutorial on Thompson Sampling',
      arxiv: '1707.02038',
    },
    state: 'view=bandit-compare&policies=ucb1,thompson,gittins&tasks=10&seed=1',
    // Paced to ~4 s; the Gittins index costs more per pull on a slow machine (28 s measured at load 21 on 2 cores).
    runtime: '5–30 s',
    tags: ['bandits', 'Bayesian'],
  },
  {
    id: 'bandit-table',
    view: 'bandit-table',
    title: 'RL² Table 1, recomputed',
    explanation:
      'Mean total reward of the classic bandit algorithms for every (pulls, arms) setting of the RL² paper, computed in your browser beside the published values. ' +
      'Cells fill in as Web Workers finish them; a check mark says a cell agrees with the paper within its error.',
    paper: {
      authors: 'Duan, Schulman, Chen, Bartlett, Sutskever, Abbeel',
      year: 2016,
      title: 'RL²: Fast Reinforcement Learning via Slow Reinforcement Learning',
      arxiv: '1611.02779',
    },
    state: 'view=bandit-table&trials=100&seed=1',
    // The first cells appear within seconds; 89 s in all measured at load 21 on 2 cores.
    runtime: '1 min (cells appear within seconds)',
    tags: ['bandits', 'meta-RL', 'paper table'],
  },
  {
    id: 'go-explore',
    view: 'go-explore',
    title: 'Go-Explore: remember, return, explore',
    explanation:
      'Go-Explore remembers every cell it has reached in a world of rooms, keys and locked doors, returns to a promising one by restoring its state and explores from there, so its archive spreads through doors that random exploration rarely passes. ' +
      '“Compare methods” runs random exploration and Q-learning with a count bonus on the same world.',
    paper: {
      authors: 'Ecoffet, Huizinga, Lehman, Stanley, Clune',
      year: 2019,
      title: 'Go-Explore: a New Approach for Hard-Exploration Problems',
      arxiv: '1901.10995',
    },
    // Card to done in 1.8 s in headless Chromium at load 27 on 2 cores; the archive reaches all 1398 cells.
    state: 'scenario=go-explore&rooms=4&keys=3&frames=500000&seed=1',
    runtime: '2 s',
    tags: ['exploration', 'sparse reward'],
  },
  // The entries below open scenario views keyed by their scenario name (view = the schema's
  // scenario name, state `scenario=<name>&…`): a card appears once the playground registers a view
  // under that id (state.ts SCENARIO_VIEWS / buildViews and main.ts controllers). Their parameters
  // are checked against the core's schema by tests/node/catalog.test.mjs whether or not the view
  // exists yet.
  {
    id: 'episodic',
    view: 'episodic',
    title: 'Episodic control learns a maze fast',
    explanation:
      'MFEC remembers the best return it has seen from each noisy observation and acts by looking up its nearest neighbours, so it learns to walk a 7×7 maze to its goal within about 12,000 frames. ' +
      'Switch the method to DQN, or to NEC (Pritzel et al. 2017), with the same seed and watch networks trained by gradient steps lag behind on the same frames.',
    paper: {
      authors: 'Blundell, Uria, Pritzel, Li, Ruderman, Leibo, Rae, Wierstra, Hassabis',
      year: 2016,
      title: 'Model-Free Episodic Control',
      arxiv: '1606.04460',
    },
    // MFEC reaches 90% of the optimal return at frame 12,202 of 20,000 (seed 1); 4.6 s of CPU natively.
    state: 'scenario=episodic&method=mfec&maze=7&frames=20000&seed=1',
    runtime: '10 s',
    tags: ['episodic memory', 'fast learning'],
  },
  {
    id: 'rl2-live',
    view: 'rl2-live',
    title: 'RL²: a recurrent policy that learns a bandit',
    explanation:
      'A GRU policy trained with reinforcement learning plays a new 10-armed bandit for 100 pulls, and its action probabilities shift towards the arms that paid as evidence builds up in its hidden state. ' +
      'Nothing is updated by gradient while it plays: the learning you see is carried by the recurrent state alone.',
    paper: {
      authors: 'Duan, Schulman, Chen, Bartlett, Sutskever, Abbeel',
      year: 2016,
      title: 'RL²: Fast Reinforcement Learning via Slow Reinforcement Learning',
      arxiv: '1611.02779',
    },
    // Task 1 is a typical one: RL² 65 of 100 pulls rewarded (its mean over 1000 tasks: 62.8), Gittins beside it.
    state: 'scenario=rl2-live&n=100&k=10&taskIndex=1&seed=1',
    runtime: '4 s',
    tags: ['meta-RL', 'recurrent policy', 'bandits'],
  },
  {
    id: 'rl2-maze',
    view: 'rl2-maze',
    title: 'RL² in a maze: the second episode remembers',
    explanation:
      'The RL² policy, seeing only the walls around it, runs two episodes in the same 5×5 maze with its hidden state carried over, so episode 2 can reuse what episode 1 found. ' +
      'In this maze the second episode takes 17 steps against 60; averaged over 1000 mazes our policy gains little (27.5 → 27.3 steps), short of the paper’s 52.4 → 39.1.',
    paper: {
      authors: 'Duan, Schulman, Chen, Bartlett, Sutskever, Abbeel',
      year: 2016,
      title: 'RL²: Fast Reinforcement Learning via Slow Reinforcement Learning',
      arxiv: '1611.02779',
    },
    // Task 5 of seed 1: episode lengths 60 and 17 (`fastslow_native run rl2-live task=maze size=5 episodes=2 taskIndex=5 seed=1`).
    state: 'view=rl2-maze&size=5&episodes=2&taskIndex=5&seed=1',
    runtime: '2 s',
    tags: ['meta-RL', 'recurrent policy', 'mazes'],
  },
  {
    id: 'rl2-train',
    view: 'rl2-train',
    title: 'RL²: the slow outer loop',
    explanation:
      'Trains the GRU policy with PPO on many 10-pull, 5-armed bandits and plots its mean reward per trial as training goes, from chance (5.0) upward. ' +
      'This is the slow learning that produces the fast learner; the paper’s policies trained far longer.',
    paper: {
      authors: 'Duan, Schulman, Chen, Bartlett, Sutskever, Abbeel',
      year: 2016,
      title: 'RL²: Fast Reinforcement Learning via Slow Reinforcement Learning',
      arxiv: '1611.02779',
    },
    // 100 iterations: mean reward 5.1 → 5.8 (seed 1); 5.4 s of CPU natively.
    state: 'scenario=rl2-train&n=10&k=5&iterations=100&hidden=32&seed=1',
    runtime: '15 s',
    tags: ['meta-RL', 'training', 'PPO'],
  },
  {
    id: 'maml-sinusoid-live',
    view: 'maml-sinusoid-live',
    title: 'MAML: a sine wave from five points',
    explanation:
      'A network meta-trained with MAML and one pretrained on all tasks each take gradient steps on five points of a new sinusoid. ' +
      'After a single step the MAML network follows the true curve closely (mean error over 1000 tasks 0.71, against 2.47 for the pretrained one).',
    paper: {
      authors: 'Finn, Abbeel, Levine',
      year: 2017,
      title: 'Model-Agnostic Meta-Learning for Fast Adaptation of Deep Networks',
      arxiv: '1703.03400',
    },
    state: 'scenario=maml-sinusoid-live&amplitude=2&phase=1&shots=5&steps=10&lr=0.01&seed=1',
    runtime: '2 s',
    tags: ['meta-learning', 'few-shot regression'],
  },
  {
    id: 'maml-nav-live',
    view: 'maml-nav-live',
    title: 'MAML: a robot point finds a new goal',
    explanation:
      'A 2D point policy meta-trained with MAML walks towards an unseen goal before and after each policy-gradient step on its own trajectories. ' +
      'One step bends the trajectories towards the goal (mean return over 100 goals −41 → −14); switch the model to the pretrained baseline and it takes three steps to get as far.',
    paper: {
      authors: 'Finn, Abbeel, Levine',
      year: 2017,
      title: 'Model-Agnostic Meta-Learning for Fast Adaptation of Deep Networks',
      arxiv: '1703.03400',
    },
    state: 'scenario=maml-nav-live&model=maml&goalX=0.3&goalY=-0.2&steps=3&trajectories=20&seed=1',
    runtime: '3 s',
    tags: ['meta-RL', 'policy gradient'],
  },
];

/** The link to a paper: arXiv abstract page when it has an identifier. */
export function paperLink(p: PaperRef): string | undefined {
  return p.arxiv ? `https://arxiv.org/abs/${p.arxiv}` : p.url;
}

/** "Duan et al. 2016" style citation for a card. */
export function citation(p: PaperRef): string {
  const names = p.authors.split(',').map((s) => s.trim()).filter(Boolean);
  const who = names.length > 2 ? `${names[0]} et al.` : names.join(' & ');
  return `${who} ${p.year}`;
}

/** The view id a state hash names (`scenario=` or `view=`), if any. */
export function viewOfState(state: string): string | undefined {
  const q = new URLSearchParams(state.startsWith('#') ? state.slice(1) : state);
  return q.get('view') ?? q.get('scenario') ?? undefined;
}

/** The entries this build can show. */
export function availableEntries(viewIds: readonly string[], catalog: readonly CatalogEntry[] = CATALOG): CatalogEntry[] {
  return catalog.filter((e) => viewIds.includes(e.view));
}
