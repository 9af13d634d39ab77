// The "MAML sinusoid, live adaptation" view (issue 7): one `maml-sinusoid-live` run — the K support
// points, the true curve, the meta-learned network's prediction before adaptation and after the
// step a slider picks, the pretrained baseline after that step, and both models' MSE per step.
// A click adds a support point (the scenario's given points x1, y1 … x10, y10; on the true curve
// unless "on the curve" is unticked) and a new run starts at once. The given points' x / y
// controls are shown for the points in use only (keyboard users edit them there).

import type { Frame, Pool } from 'fastslow';
import { setOutputs, SingleRunView } from '../run-view.ts';
import type { Launch, RunUi } from '../runner.ts';
import { formatStat, numberOf } from '../state.ts';
import { byId, el, swatch } from '../view.ts';
import { reducedMotion, type MamlHooks } from './nav-view.ts';
import { MAML_STYLE, PRETRAINED_STYLE, SinusoidCanvas, X_RANGE } from './sinusoid-canvas.ts';
import { StepPlot } from './step-plot.ts';

export const SINUSOID_VIEW = 'maml-sinusoid-live';

/** The scenario's bound on given points (x1 … x10). */
export const MAX_POINTS = 10;
const Y_LIMIT = 10;

/** The given points of a view's values (the first `points` of x1, y1 …). */
export function givenPoints(values: Readonly<Record<string, string>>): [number, number][] {
  const n = Math.min(MAX_POINTS, Math.max(0, Math.floor(numberOf(values.points ?? '0')) || 0));
  const out: [number, number][] = [];
  for (let i = 1; i <= n; i++) out.push([numberOf(values[`x${i}`] ?? '0'), numberOf(values[`y${i}`] ?? '0')]);
  return out;
}

/** The values that hold `points` as the given points (unused x / y left at their default). */
export function pointValues(points: readonly [number, number][]): Record<string, string> {
  const out: Record<string, string> = { points: String(points.length) };
  const round = (v: number) => String(Math.round(v * 100) / 100);
  for (let i = 1; i <= MAX_POINTS; i++) {
    const p = points[i - 1];
    out[`x${i}`] = p ? round(Math.min(X_RANGE, Math.max(-X_RANGE, p[0]))) : '0';
    out[`y${i}`] = p ? round(Math.min(Y_LIMIT, Math.max(-Y_LIMIT, p[1]))) : '0';
  }
  return out;
}

export class SinusoidView extends SingleRunView<MamlHooks> {
  private readonly section: HTMLElement;
  private readonly canvasNode: HTMLCanvasElement;
  private readonly canvas: SinusoidCanvas;
  private readonly slider: HTMLInputElement;
  private readonly sliderOut: HTMLOutputElement;
  private readonly snap: HTMLInputElement;
  private readonly pointList: HTMLUListElement;
  private readonly clear: HTMLButtonElement;
  private readonly summary: HTMLParagraphElement;
  private readonly plot: StepPlot;
  private latest: Frame | undefined;
  private follow = true;

  constructor(pool: Pool, runUi: RunUi, hooks: MamlHooks) {
    super(pool, runUi, hooks);
    this.canvasNode = el('canvas', { id: 'sin-plot', role: 'img', 'aria-label': 'Sinusoid task: click to add a support point' });
    this.slider = el('input', { type: 'range', id: 'sin-step', min: '0', max: '0', step: '1', value: '0' });
    this.sliderOut = el('output', { for: 'sin-step', id: 'sin-step-out' }, '–');
    this.snap = el('input', { type: 'checkbox', id: 'sin-snap', checked: '' });
    this.pointList = el('ul', { id: 'sin-points', class: 'maml-points', 'aria-label': 'Given support points' });
    this.clear = el('button', { type: 'button', id: 'sin-clear' }, 'Remove all given points');
    this.summary = el('p', { id: 'sin-summary', class: 'message' });
    const plotNode = el('div', { id: 'sin-mse', class: 'plot', 'data-points': '0' });
    this.section = el(
      'div',
      { id: 'sin-cards', hidden: '' },
      el(
        'figure',
        { class: 'card' },
        el('figcaption', {}, 'Support points, true curve and predictions'),
        el('div', { class: 'canvas-box' }, this.canvasNode),
        el(
          'ul',
          { class: 'legend', 'aria-label': 'Legend' },
          el('li', {}, swatch('#1b1f24'), 'true curve'),
          el('li', {}, swatch(MAML_STYLE.color), 'MAML after the step shown (solid)'),
          el('li', {}, swatch('rgba(0, 114, 178, 0.55)'), 'MAML before adaptation (dotted)'),
          el('li', {}, swatch(PRETRAINED_STYLE.color), 'pretrained after the step shown (dashed)'),
          el('li', {}, el('span', { class: 'glyph glyph-drawn', 'aria-hidden': 'true' }, '●'), 'K drawn support points'),
          el('li', {}, el('span', { class: 'glyph glyph-given', 'aria-hidden': 'true' }, '◆'), 'given points (click to add)'),
        ),
        el('div', { class: 'maml-slider' }, el('label', { for: 'sin-step' }, 'Predictions after step '), this.slider, ' ', this.sliderOut),
        el('div', { class: 'maml-points-row' }, el('label', { class: 'reveal' }, this.snap, ' Clicked points on the true curve'), this.clear),
        this.pointList,
        this.summary,
      ),
      el(
        'figure',
        { class: 'card' },
        el('figcaption', {}, 'MSE on the true curve per gradient step'),
        el('div', { class: 'plot-wrap' }, plotNode, el('p', { class: 'plot-empty', 'aria-hidden': 'true' }, 'The error per step appears here once a run starts.')),
        el(
          'ul',
          { class: 'legend', 'aria-label': 'Curves' },
          el('li', {}, swatch(MAML_STYLE.color), 'MAML (solid)'),
          el('li', {}, swatch(PRETRAINED_STYLE.color), 'pretrained (dashed)'),
        ),
      ),
    );
    this.placeCards(this.section);
    this.canvas = new SinusoidCanvas(this.canvasNode, 'Click to add a support point, or press Run');
    this.plot = new StepPlot(plotNode, 'gradient step', 'MSE (log)', [
      { label: 'MAML', color: MAML_STYLE.color },
      { label: 'pretrained', color: PRETRAINED_STYLE.color, dash: PRETRAINED_STYLE.dash },
    ], true);
    this.slider.addEventListener('input', () => {
      this.follow = this.slider.value === this.slider.max;
      this.draw();
    });
    this.canvasNode.addEventListener('click', (e) => {
      const r = this.canvasNode.getBoundingClientRect();
      const [x, y] = this.canvas.toData(e.clientX - r.left, e.clientY - r.top);
      this.addPoint(x, y);
    });
    this.clear.addEventListener('click', () => this.setPoints([]));
  }

  protected override launches(): Launch[] | undefined {
    this.follow = true;
    return super.launches();
  }

  private addPoint(x: number, clickedY: number): void {
    if (x < -X_RANGE || x > X_RANGE) return;
    const amplitude = numberOf(this.run.params.amplitude ?? ''), phase = numberOf(this.run.params.phase ?? '');
    const onCurve = this.snap.checked && Number.isFinite(amplitude) && Number.isFinite(phase);
    const y = onCurve ? amplitude * Math.sin(x - phase) : clickedY;
    let points = givenPoints(this.run.params);
    if (points.length >= MAX_POINTS) {
      points = points.slice(1);
      this.message.set(`At most ${MAX_POINTS} given points: the oldest one was dropped.`, 'warning');
    }
    this.setPoints([...points, [x, y]]);
  }

  private setPoints(points: readonly [number, number][]): void {
    this.startOnNextChange();
    this.hooks.setValues(pointValues(points));
  }

  /** Only the x / y controls of the given points in use are shown (the rest are unused). */
  protected override valuesTaken(): void {
    const n = givenPoints(this.run.params).length;
    for (let i = 1; i <= MAX_POINTS; i++) {
      for (const name of [`x${i}`, `y${i}`]) {
        const row = document.querySelector<HTMLElement>(`#param-fields [data-param="${name}"]`);
        if (row) row.hidden = i > n;
      }
    }
    const points = givenPoints(this.run.params);
    this.pointList.replaceChildren(
      ...points.map(([x, y], i) => {
        const remove = el('button', { type: 'button', class: 'link-button', 'aria-label': `Remove given point ${i + 1} (${x}, ${y})` }, 'remove');
        remove.addEventListener('click', () => this.setPoints(points.filter((_, j) => j !== i)));
        return el('li', {}, `◆ ${i + 1}: (${formatStat(x)}, ${formatStat(y)}) `, remove);
      }),
    );
    this.clear.disabled = points.length === 0;
  }

  protected stats(): { id: string; label: string }[] {
    return [
      { id: 'stat-sin-step', label: 'step' },
      { id: 'stat-sin-maml', label: 'MAML MSE' },
      { id: 'stat-sin-pre', label: 'pretrained MSE' },
    ];
  }

  protected render(f: Frame | undefined): void {
    this.latest = f;
    const s = f?.scalars ?? {};
    const done = f !== undefined && (s.step ?? 0) >= (s.steps ?? Infinity);
    const reached = f ? Math.round(s.step ?? 0) : 0;
    this.slider.max = String(reached);
    if (this.follow && (!reducedMotion() || done)) this.slider.value = String(reached);
    this.slider.disabled = !f;
    const status = byId<HTMLElement>('status');
    status.dataset.support = f ? String(f.arrays.supportX?.length ?? 0) : '';
    status.dataset.mamlMse = f ? Array.from(f.arrays.mamlMse ?? []).map((v) => v.toPrecision(4)).join(',') : '';
    this.draw();
  }

  private draw(): void {
    const f = this.latest;
    const a = f?.arrays;
    const k = Number(this.slider.value);
    this.sliderOut.value = f ? (k === 0 ? '0 (before adaptation)' : `${k} of ${formatStat(f.scalars.steps)}`) : '–';
    setOutputs({
      'stat-sin-step': f ? `${formatStat(f.scalars.step)} / ${formatStat(f.scalars.steps)}` : undefined,
      'stat-sin-maml': a?.mamlMse ? formatStat(a.mamlMse[k], 3) : undefined,
      'stat-sin-pre': a?.pretrainedMse ? formatStat(a.pretrainedMse[k], 3) : undefined,
    });
    if (!f || !a?.x || !a.truth || !a.supportX || !a.supportY) {
      this.canvas.set(undefined);
      this.plot.set([], -1);
      this.summary.textContent =
        'Click in the plot to add a support point: both networks take gradient steps on the support set, and the meta-learned one fits it in a step or two.';
      return;
    }
    const G = a.x.length;
    const curve = (c: Float64Array | undefined, i: number) => (c && c.length >= (i + 1) * G ? c.subarray(i * G, (i + 1) * G) : undefined);
    const mamlBefore = curve(a.mamlCurves, 0), mamlAfter = curve(a.mamlCurves, k), pretrainedAfter = curve(a.pretrainedCurves, k);
    this.canvas.set({
      x: a.x,
      truth: a.truth,
      supportX: a.supportX,
      supportY: a.supportY,
      drawn: f.scalars.shots ?? a.supportX.length,
      ...(mamlBefore && k > 0 ? { mamlBefore } : {}),
      ...(mamlAfter ? { mamlAfter } : {}),
      ...(pretrainedAfter ? { pretrainedAfter } : {}),
    });
    this.canvasNode.dataset.support = String(a.supportX.length);
    this.canvasNode.dataset.step = String(k);
    this.canvasNode.setAttribute(
      'aria-label',
      `Sinusoid task with ${a.supportX.length} support points; predictions after step ${k}` +
        (a.mamlMse ? `: MAML MSE ${formatStat(a.mamlMse[k], 3)}` : '') +
        (a.pretrainedMse ? `, pretrained MSE ${formatStat(a.pretrainedMse[k], 3)}` : '') +
        '. Click to add a support point.',
    );
    this.plot.set([a.mamlMse, a.pretrainedMse], k);
    const m0 = a.mamlMse?.[0], mk = a.mamlMse?.[k], p0 = a.pretrainedMse?.[0], pk = a.pretrainedMse?.[k];
    this.summary.textContent =
      `${a.supportX.length} support points (${formatStat(f.scalars.shots)} drawn, ${a.supportX.length - (f.scalars.shots ?? 0)} given). ` +
      `MSE on the true curve: MAML ${formatStat(m0, 3)} → ${formatStat(mk, 3)}, pretrained ${formatStat(p0, 3)} → ${formatStat(pk, 3)} after ${k} step${k === 1 ? '' : 's'}.`;
  }
}
