// "RL² in a maze" (issue 4, Playground): one rl2-live run with task=maze. The maze with each
// episode's path drawn over it (episode 1 solid blue, episode 2 dashed vermillion, …), the
// episodes' lengths beside the shortest path, the action probabilities per step and the hidden
// state's path (PCA in the core) coloured by episode.

import type { Frame, Pool } from 'fastslow';
import type { RunPanelHooks } from '../live-view.ts';
import type { RunUi } from '../runner.ts';
import { PALETTE, SERIES_STYLES } from '../palette.ts';
import { formatStat } from '../state.ts';
import { el, swatch } from '../view.ts';
import { MazeCanvas } from './rl2-canvases.ts';
import { setOutputs } from '../run-view.ts';
import { card, canvasBox, PolicyCards, Rl2RunView } from './rl2-base.ts';
import { liveParams, RL2_MAZE } from './rl2-model.ts';

const MOVES = ['up', 'right', 'down', 'left'];
const MAX_EPISODES = 5;

export class Rl2MazeView extends Rl2RunView {
  private readonly maze: MazeCanvas;
  private readonly policy: PolicyCards;
  private readonly mazeNode: HTMLCanvasElement;
  private readonly lengthsBody: HTMLTableSectionElement;
  private readonly toggles: HTMLInputElement[] = [];
  private readonly toggleItems: HTMLLIElement[] = [];
  private latest: Frame | undefined;

  constructor(pool: Pool, runUi: RunUi, hooks: RunPanelHooks) {
    super(pool, runUi, hooks, 'rl2-maze-cards', [
      { id: 'stat-maze-step', label: 'step' },
      { id: 'stat-maze-episode', label: 'episode' },
      { id: 'stat-maze-lengths', label: 'lengths' },
    ]);
    const maze = canvasBox('rl2-maze', 'Maze with the episodes’ paths');
    this.policy = new PolicyCards(
      { probs: 'rl2-maze-probs', hidden: 'rl2-maze-hidden' },
      { probs: 'RL² move probabilities per step', hidden: 'RL² hidden state, two principal components, by episode' },
      'RL²’s move probabilities at every step',
      [
        el('li', {}, swatch(PALETTE.last, true, true), 'move taken'),
        el('li', {}, swatch(PALETTE.last, true), 'move that reached the goal'),
        el('li', {}, '┆ end of an episode'),
      ],
      'The GRU state after each step projected on its two leading principal components (PCA in the core over this trial’s states), coloured by episode as the paths are. ○ first step, ◆ latest. The state is not reset between episodes: that is how episode 2 can remember the maze.',
    );
    this.mazeNode = maze.canvas;
    for (let e = 0; e < MAX_EPISODES; e++) {
      const input = el('input', { type: 'checkbox', id: `rl2-path-${e + 1}`, checked: '' });
      input.addEventListener('change', () => this.drawMaze());
      this.toggles.push(input);
      this.toggleItems.push(
        el('li', {}, el('label', { for: input.id, class: 'reveal' }, input, swatch(SERIES_STYLES[e % SERIES_STYLES.length]!.color), `episode ${e + 1} (${SERIES_STYLES[e % SERIES_STYLES.length]!.name})`)),
      );
    }
    this.lengthsBody = el('tbody');
    this.section.append(
      card(
        'The maze and each episode’s path',
        maze.box,
        el('ul', { class: 'legend', 'aria-label': 'Paths shown' }, ...this.toggleItems),
        el(
          'ul',
          { class: 'legend', 'aria-label': 'Legend' },
          el('li', {}, '○ start'),
          el('li', {}, swatch(PALETTE.best), '★ goal'),
          el('li', {}, swatch(PALETTE.last), '◆ the agent now'),
          el('li', {}, swatch(PALETTE.muted), 'wall'),
        ),
        el(
          'table',
          { class: 'rl2-lengths', id: 'rl2-lengths' },
          el('caption', { class: 'visually-hidden' }, 'Episode lengths'),
          el(
            'thead',
            {},
            el('tr', {}, el('th', { scope: 'col' }, 'episode'), el('th', { scope: 'col' }, 'steps'), el('th', { scope: 'col' }, 'reached the goal'), el('th', { scope: 'col' }, 'shortest path')),
          ),
          this.lengthsBody,
        ),
      ),
      ...this.policy.cards,
    );
    this.maze = new MazeCanvas(maze.canvas, 'Press Run, or Step to go one move at a time');
  }

  protected override runParamsOf(params: Record<string, string>): Record<string, string> {
    return liveParams(RL2_MAZE, params);
  }

  protected render(f: Frame | undefined): void {
    this.latest = f;
    const s = f?.scalars ?? {};
    const a = f?.arrays;
    const lengths = a?.lengths ? Array.from(a.lengths) : [];
    const episodes = Math.round(s.episodes ?? Number(this.run.params.episodes ?? 2)) || 2;
    this.toggleItems.forEach((li, e) => (li.hidden = e >= episodes));
    setOutputs({
      'stat-maze-step': f ? s.t : undefined,
      'stat-maze-episode': f ? `${Math.min(episodes, (s.episode ?? 0) + 1)} of ${episodes}` : undefined,
      'stat-maze-lengths': f && lengths.length > 0 ? lengths.join(', ') : undefined,
    });
    const status = document.getElementById('status');
    if (status) status.dataset.lengths = lengths.join(',');
    this.renderLengths(f, episodes);
    this.drawMaze();
    if (!f || !a?.probHistory) {
      this.policy.clear();
      return;
    }
    const ends: number[] = [];
    let sum = 0;
    for (const l of lengths) ends.push((sum += l) - 1);
    const group = a.pathEpisode && a.hiddenX && a.pathEpisode.length >= a.hiddenX.length ? a.pathEpisode.subarray(a.pathEpisode.length - a.hiddenX.length) : undefined;
    this.policy.set(
      f,
      {
        actions: 4,
        // The x axis: the trial's cap while it runs (episodes · 4 · cells), its length once done.
        total: Math.max(1, s.steps ?? s.t ?? 1),
        labels: MOVES,
        episodeEnds: ends.slice(0, Math.max(0, episodes - 1)),
      },
      a.probHistory,
      group,
    );
  }

  private renderLengths(f: Frame | undefined, episodes: number): void {
    const a = f?.arrays;
    const s = f?.scalars ?? {};
    const rows: HTMLTableRowElement[] = [];
    for (let e = 0; e < episodes; e++) {
      const done = a?.lengths && e < a.lengths.length;
      const current = f && !done && e === (s.episode ?? 0);
      const steps = done ? formatStat(a.lengths![e]) : current ? `${formatStat((s.t ?? 0) - sumOf(a?.lengths))} so far` : '–';
      const goal = done ? ((a.successes?.[e] ?? 0) > 0 ? '✓ yes' : '✗ no (cut at the cap)') : '–';
      rows.push(el('tr', { 'data-episode': String(e + 1) }, el('th', { scope: 'row' }, `${e + 1}`), el('td', {}, steps), el('td', {}, goal), el('td', {}, f ? formatStat(s.shortestPath) : '–')));
    }
    this.lengthsBody.replaceChildren(...rows);
  }

  private drawMaze(): void {
    const f = this.latest;
    const a = f?.arrays;
    const s = f?.scalars ?? {};
    if (!f || !a?.walls) {
      this.maze.set(undefined);
      return;
    }
    const shown = new Set<number>();
    this.toggles.forEach((t, e) => t.checked && shown.add(e));
    this.maze.set({
      width: s.width ?? 5,
      height: s.height ?? 5,
      walls: a.walls,
      start: s.start ?? 0,
      goal: s.goal ?? 0,
      cells: a.pathCell ?? new Float64Array(),
      episodes: a.pathEpisode ?? new Float64Array(),
      shown,
      position: s.position ?? s.start ?? 0,
    });
    const lengths = a.lengths ? Array.from(a.lengths).join(' and ') : '';
    this.mazeNode.setAttribute('aria-label', `Maze ${s.width}×${s.height} cells; ${lengths ? `episode lengths ${lengths}` : 'no episode finished yet'}`);
  }
}

function sumOf(v: Float64Array | undefined): number {
  let s = 0;
  for (const x of v ?? []) s += x;
  return s;
}
