// The "Go-Explore, live" view (issue 6): one `go-explore` run drawn as the rooms world with the
// archive's cells coloured by visit count, the chosen cell, its return path and the exploration
// burst; cells discovered against frames; a slider over the archive's history; in phase 2 the
// backward algorithm's start point moving back along the demonstration. "Compare methods" runs
// one `go-explore-eval` seed on the same world and overlays the four methods' curves.
// The DOM is built here and placed in the shared run panel (toolbar, status, message).

import type { Frame, Pool, RunHandle } from 'fastslow';
import type { RunUi } from '../runner.ts';
import { setOutputs, SingleRunView, type RunPanelHooks } from '../run-view.ts';
import { formatStat, type AppState } from '../state.ts';
import { byId, describeFailure, el, swatch } from '../view.ts';
import { runsCard } from '../plot.ts';
import { CellsPlot, METHOD_LABELS, METHODS, type MethodCurve } from './cells-plot.ts';
import { RoomsCanvas, type RoomsPicture } from './rooms-canvas.ts';

export const GO_EXPLORE_VIEW = 'go-explore';

/** Parameters of go-explore that go-explore-eval shares (the comparison runs the same world). */
const SHARED = ['rooms', 'roomSize', 'keys', 'layout', 'frames', 'exploreSteps', 'repeatProb', 'conflate', 'seed'];

export class GoExploreView extends SingleRunView {
  private readonly section: HTMLElement;
  private readonly canvas: RoomsCanvas;
  private readonly canvasNode: HTMLCanvasElement;
  private readonly plot: CellsPlot;
  private readonly slider: HTMLInputElement;
  private readonly sliderOut: HTMLOutputElement;
  private readonly phaseLine: HTMLParagraphElement;
  private readonly compareButton: HTMLButtonElement;
  private readonly compareStatus: HTMLSpanElement;
  private latest: Frame | undefined;
  private follow = true;
  private compareRun: RunHandle | undefined;

  constructor(pool: Pool, runUi: RunUi, hooks: RunPanelHooks) {
    super(pool, runUi, hooks);
    this.canvasNode = el('canvas', { id: 'ge-world', role: 'img', 'aria-label': 'Rooms world and Go-Explore archive' });
    this.slider = el('input', { type: 'range', id: 'ge-history', min: '0', max: '0', step: '1', value: '0' });
    this.sliderOut = el('output', { for: 'ge-history', id: 'ge-history-out' }, 'live');
    this.phaseLine = el('p', { id: 'ge-phase', class: 'message' });
    this.compareButton = el('button', { type: 'button', id: 'ge-compare' }, 'Compare methods');
    this.compareStatus = el('span', { id: 'ge-compare-status', role: 'status', 'aria-live': 'polite' });
    const plotNode = el('div', { id: 'ge-plot', class: 'plot', 'data-points': '0', 'data-series': '0' });
    const legend = el(
      'ul',
      { class: 'legend', 'aria-label': 'Legend' },
      el('li', {}, swatch('#596170'), 'wall'),
      el('li', {}, swatch('#8a5a00'), 'locked door'),
      el('li', {}, '◆ key'),
      el('li', {}, '★ treasure'),
      el('li', {}, swatch('rgba(0,114,178,0.6)'), 'archive cell (darker: seen more)'),
      el('li', {}, swatch('#0072B2'), 'return path'),
      el('li', {}, swatch('#D55E00'), 'chosen cell and exploration burst'),
      el('li', {}, swatch('#007A56'), 'phase 2: demonstration, ● start τ'),
    );
    this.section = el(
      'div',
      { id: 'ge-cards', hidden: '' },
      el(
        'figure',
        { class: 'card' },
        el('figcaption', {}, 'Rooms world and archive'),
        el('div', { class: 'canvas-box' }, this.canvasNode),
        legend,
        el('div', { class: 'ge-history' }, el('label', { for: 'ge-history' }, 'Archive at frame '), this.slider, ' ', this.sliderOut),
        this.phaseLine,
      ),
      runsCard('Cells discovered vs frames', plotNode, METHODS.map((m) => METHOD_LABELS[m]!), 'Compare', this.compareButton, this.compareStatus),
    );
    this.placeCards(this.section);
    this.canvas = new RoomsCanvas(this.canvasNode, 'Press Run to start exploring');
    this.plot = new CellsPlot(plotNode);
    this.slider.addEventListener('input', () => {
      this.follow = this.slider.value === this.slider.max;
      this.draw();
    });
    this.compareButton.addEventListener('click', () => this.compare());
  }

  protected stats(): { id: string; label: string }[] {
    return [
      { id: 'stat-frames', label: 'frames' },
      { id: 'stat-cells', label: 'cells' },
      { id: 'stat-score', label: 'best score' },
    ];
  }

  override hide(): void {
    super.hide();
    this.compareRun?.cancel();
  }

  /** New values: the comparison's curves were of the old ones. */
  override changed(state: AppState, byUser: boolean): void {
    this.plot.setCompared(undefined, undefined);
    super.changed(state, byUser);
  }

  protected render(f: Frame | undefined): void {
    this.latest = f;
    const s = f?.scalars ?? {};
    setOutputs({
      'stat-frames': f ? formatStat(s.frames) : undefined,
      'stat-cells': f ? formatStat(s.cells) : undefined,
      'stat-score': f ? formatStat(s.bestScore) : undefined,
    });
    const status = byId<HTMLElement>('status');
    status.dataset.cells = s.cells === undefined ? '' : String(s.cells);
    status.dataset.treasureFrame = s.treasureFrame === undefined ? '' : String(s.treasureFrame);
    const max = Math.round(s.frames ?? 0);
    this.slider.max = String(max);
    if (this.follow) this.slider.value = String(max);
    this.plot.setLive(f?.arrays.curveFrames, f?.arrays.curveCells);
    this.phaseLine.textContent = this.phaseText(f);
    this.draw();
  }

  private phaseText(f: Frame | undefined): string {
    if (!f) return '';
    const s = f.scalars;
    const treasure = (s.treasureFrame ?? -1) >= 0 ? `treasure first reached at frame ${formatStat(s.treasureFrame)}` : 'treasure not reached yet';
    if ((s.phase ?? 1) === 1) return `Phase 1 (explore): ${treasure}.`;
    const evals = s.evalEpisodes ?? 0;
    const evalText = evals > 0 ? `; evaluation under sticky actions: ${formatStat(s.evalSuccesses)}/${formatStat(evals)} episodes reach the demonstration's score` : '';
    return `Phase 2 (robustify, backward algorithm): start τ = ${formatStat(s.tau)} of ${formatStat(s.demoLength)} demonstration steps, recent success ${Math.round(100 * (s.windowRate ?? 0))}%${evalText}. Phase 1: ${treasure}.`;
  }

  private draw(): void {
    const f = this.latest;
    const a = f?.arrays;
    if (!f || !a?.tiles || !a.cellX || !a.cellY || !a.cellSeen || !a.cellFound) {
      this.canvas.set(undefined);
      this.sliderOut.value = 'live';
      return;
    }
    const upTo = this.follow ? Infinity : Number(this.slider.value);
    this.sliderOut.value = this.follow ? `live (${formatStat(f.scalars.frames)})` : formatStat(upTo);
    const picture: RoomsPicture = {
      width: f.scalars.width ?? 0,
      height: f.scalars.height ?? 0,
      tiles: a.tiles,
      cellX: a.cellX,
      cellY: a.cellY,
      cellSeen: a.cellSeen,
      cellFound: a.cellFound,
      upToFrame: upTo,
      chosen: this.follow ? f.scalars.chosen ?? -1 : -1,
      returnX: this.follow ? a.returnX ?? new Float64Array() : new Float64Array(),
      returnY: this.follow ? a.returnY ?? new Float64Array() : new Float64Array(),
      burstX: this.follow ? a.burstX ?? new Float64Array() : new Float64Array(),
      burstY: this.follow ? a.burstY ?? new Float64Array() : new Float64Array(),
      demoX: a.demoX,
      demoY: a.demoY,
      demoStride: f.scalars.demoStride,
      tau: f.scalars.tau,
    };
    this.canvas.set(picture);
    let shown = 0;
    for (let i = 0; i < a.cellFound.length; i++) if ((a.cellFound[i] ?? 0) <= upTo) shown++;
    this.canvasNode.setAttribute('aria-label', `Rooms world ${picture.width}×${picture.height} tiles; ${shown} archive cells shown`);
    this.canvasNode.dataset.cells = String(shown);
  }

  /** One go-explore-eval seed on the same world and budget: the four methods' curves. */
  private compare(): void {
    this.compareRun?.cancel();
    const params: Record<string, string> = { phase2Frames: '0', points: '50' };
    for (const name of SHARED) if (this.run.params[name] !== undefined) params[name] = this.run.params[name]!;
    const run = this.pool.start('go-explore-eval', params);
    this.compareRun = run;
    this.compareStatus.textContent = 'running the four methods…';
    const off = run.onFrame((f) => {
      this.compareStatus.textContent = `running the four methods… ${Math.round(100 * (f.scalars.progress ?? 0))}%`;
    });
    run.result.then(
      (r) => {
        off();
        if (this.compareRun !== run) return;
        const result = r as { checkpoints: number[]; methods: (MethodCurve & { reachedTreasure: boolean })[] };
        this.plot.setCompared(result.checkpoints, result.methods);
        this.compareStatus.textContent = result.methods
          .map((m) => `${METHOD_LABELS[m.name] ?? m.name}: ${formatStat(m.cells[m.cells.length - 1])} cells${m.reachedTreasure ? ', treasure ★' : ''}`)
          .join('; ');
      },
      (err: unknown) => {
        off();
        if (this.compareRun !== run) return;
        const code = (err as { code?: unknown } | undefined)?.code;
        this.compareStatus.textContent = code === 'cancelled' ? '' : describeFailure(err);
      },
    );
  }
}
