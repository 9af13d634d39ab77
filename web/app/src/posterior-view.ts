// Canvas panel of one policy in the comparison: one row per arm with the arm's posterior density
// Beta(a + s, b + f) over p ∈ [0, 1] (a, b: the task prior), the index the policy ranked the arm by
// at the last pull (◆ on the same p axis, its value beside), and the arm's pulls (bar + count).
// ▲ marks the arm pulled, ★ the best arm. A student reads "the ◆ furthest right got the ▲".
// HiDPI-aware; redraws when its box or the device pixel ratio changes.

import { argmax, armsToShow, axisMax, betaShape } from './compare-model.ts';
import { CanvasPanel } from './canvas-panel.ts';
import { PALETTE } from './palette.ts';

/** What a panel draws (plain data; the panel never keeps a frame). */
export interface PosteriorData {
  readonly pulls: Float64Array;
  readonly successes: Float64Array;
  readonly priorA: number;
  readonly priorB: number;
  /** The policy's per-arm index at the last pull; undefined when the core does not send one. */
  readonly index: Float64Array | undefined;
  readonly trueP: Float64Array;
  readonly bestArm: number;
  readonly lastArm: number;
  readonly step: number;
}

/** Arms drawn at most; beyond, those with the highest index (and the pulled and best arms). */
export const MAX_ROWS = 12;

const FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const BOLD = '600 12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const COMPACT = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

export class PosteriorView extends CanvasPanel<PosteriorData> {
  /** Density shape per arm, kept while its posterior and the width stay (most arms, most frames). */
  private readonly shapes = new Map<number, { a: number; b: number; shape: Float64Array }>();

  draw(): void {
    const canvas = this.canvas;
    if (this.boxWidth === 0) return; // not laid out yet: the ResizeObserver draws when it is
    const width = Math.max(240, this.boxWidth);
    const d = this.data;
    const k = d?.pulls.length ?? 0;
    const rows = d && k > 0 ? armsToShow(k, MAX_ROWS, d.index, d.pulls, [d.lastArm, d.bestArm]) : [];
    const rowH = rows.length <= 5 ? 34 : rows.length <= 8 ? 28 : 22;
    const top = 22;
    const bottom = 24;
    const height = rows.length === 0 ? 160 : top + rows.length * rowH + bottom;
    const dpr = window.devicePixelRatio || 1;
    const pw = Math.round(width * dpr);
    const ph = Math.round(height * dpr);
    if (canvas.width !== pw || canvas.height !== ph) {
      canvas.style.width = `${width}px`;
      canvas.style.height = `${height}px`;
      canvas.width = pw;
      canvas.height = ph;
    }
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.font = FONT;
    if (!d || rows.length === 0) {
      ctx.fillStyle = PALETTE.muted;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText(this.emptyText, width / 2, height / 2);
      canvas.setAttribute('aria-label', `Posterior view: ${this.emptyText}`);
      return;
    }
    this.drawRows(ctx, d, rows, width, top, rowH);
  }

  private drawRows(ctx: CanvasRenderingContext2D, d: PosteriorData, rows: number[], width: number, top: number, rowH: number): void {
    const k = d.pulls.length;
    const labelW = 50;
    const idxW = 52;
    const pullsW = Math.round(Math.min(110, Math.max(64, width * 0.2)));
    const gap = 10;
    const densX = labelW;
    const densW = Math.max(60, width - labelW - idxW - pullsW - 2 * gap);
    const idxX = densX + densW + gap;
    const pullsX = idxX + idxW + gap;
    // The axis covers p ∈ [0, 1] and, when the index goes beyond (UCB values early on), up to a
    // round value past the largest index, so every ◆ stays readable; beyond 3 an arrow marks it.
    const xMax = axisMax(d.index, d.step > 0);
    const px = (p: number): number => densX + densW * Math.min(1, Math.max(0, p / xMax));
    const unitW = densW / xMax; // width of p ∈ [0, 1]
    let maxPulls = 0;
    for (const n of d.pulls) maxPulls = Math.max(maxPulls, n);
    const started = d.step > 0;
    const best = d.index && started ? argmax(d.index) : -1;
    const bottomY = top + rows.length * rowH;

    // Column heads.
    ctx.fillStyle = PALETTE.muted;
    ctx.textBaseline = 'alphabetic';
    ctx.textAlign = 'left';
    ctx.fillText('arm', 4, top - 7);
    const head = ctx.measureText('posterior of p · ◆ index').width <= densW - 4 ? 'posterior of p · ◆ index' : 'posterior · ◆';
    ctx.fillText(head, densX, top - 7);
    ctx.textAlign = 'right';
    ctx.fillText('index', idxX + idxW, top - 7);
    ctx.textAlign = 'left';
    ctx.fillText('pulls', pullsX, top - 7);

    // Beyond p = 1 only an index can lie: shaded.
    if (xMax > 1) {
      ctx.fillStyle = PALETTE.beyond;
      ctx.fillRect(px(1), top, densW - unitW, bottomY - top);
    }
    // p grid lines.
    ctx.strokeStyle = PALETTE.grid;
    ctx.lineWidth = 1;
    for (const p of axisTicks(xMax, true)) {
      const x = Math.round(px(p)) + 0.5;
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x, bottomY);
      ctx.stroke();
    }

    rows.forEach((arm, r) => {
      const y0 = top + r * rowH;
      const base = y0 + rowH - 3;
      const isLast = arm === d.lastArm && started;
      const isBest = arm === d.bestArm;
      if (isLast || isBest) {
        ctx.fillStyle = isLast ? PALETTE.lastTint : PALETTE.bestTint;
        ctx.fillRect(0, y0, width, rowH);
      }
      // Row separator.
      ctx.strokeStyle = PALETTE.grid;
      ctx.beginPath();
      ctx.moveTo(0, Math.round(y0 + rowH) + 0.5);
      ctx.lineTo(width, Math.round(y0 + rowH) + 0.5);
      ctx.stroke();

      // Label: ▲ pulled, the arm number, ★ best.
      ctx.textBaseline = 'middle';
      ctx.textAlign = 'left';
      const my = y0 + rowH / 2;
      if (isLast) {
        ctx.fillStyle = PALETTE.last;
        ctx.fillText('▲', 4, my);
      }
      ctx.fillStyle = PALETTE.text;
      if (isLast) ctx.font = BOLD; // a font change is not free: only where it differs
      ctx.fillText(String(arm), 18, my);
      if (isLast) ctx.font = FONT;
      if (isBest) {
        ctx.fillStyle = PALETTE.best;
        ctx.fillText('★', 18 + ctx.measureText(String(arm)).width + 4, my);
      }

      // Posterior density, scaled to the row: a point per 2 px of the p axis.
      const n = d.pulls[arm] ?? 0;
      const s = d.successes[arm] ?? 0;
      const shape = this.shape(arm, d.priorA + s, d.priorB + (n - s), Math.max(16, Math.round(unitW / 2)));
      const h = rowH - 6;
      ctx.beginPath();
      ctx.moveTo(densX, base);
      for (let i = 0; i < shape.length; i++) ctx.lineTo(densX + ((i + 0.5) * unitW) / shape.length, base - h * shape[i]!);
      ctx.lineTo(densX + unitW, base);
      ctx.closePath();
      ctx.fillStyle = PALETTE.densityFill;
      ctx.fill();
      ctx.strokeStyle = PALETTE.density;
      ctx.lineWidth = isLast ? 1.6 : 1;
      ctx.beginPath();
      for (let i = 0; i < shape.length; i++) {
        const x = densX + ((i + 0.5) * unitW) / shape.length;
        const y = base - h * shape[i]!;
        if (i === 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      }
      ctx.stroke();
      ctx.lineWidth = 1;

      // True p (revealed only): an orange tick through the row.
      if (this.reveal) {
        const x = px(d.trueP[arm] ?? 0);
        ctx.strokeStyle = PALETTE.truth;
        ctx.lineWidth = 2.5;
        ctx.beginPath();
        ctx.moveTo(x, y0 + 2);
        ctx.lineTo(x, y0 + rowH - 2);
        ctx.stroke();
        ctx.lineWidth = 1;
      }

      // Index: ◆ on the p axis (an arrow at the edge when off the axis) and its value.
      const v = d.index?.[arm];
      if (v !== undefined && started) {
        const x = px(v);
        const r0 = Math.min(6, rowH / 4);
        ctx.fillStyle = arm === best ? PALETTE.last : PALETTE.index;
        ctx.strokeStyle = PALETTE.surface;
        ctx.lineWidth = 1.5;
        ctx.beginPath();
        if (v > xMax || v < 0) {
          const dir = v > xMax ? 1 : -1;
          ctx.moveTo(x + dir * r0, my);
          ctx.lineTo(x - dir * r0, my - r0);
          ctx.lineTo(x - dir * r0, my + r0);
        } else {
          ctx.moveTo(x, my - r0);
          ctx.lineTo(x + r0, my);
          ctx.lineTo(x, my + r0);
          ctx.lineTo(x - r0, my);
        }
        ctx.closePath();
        ctx.stroke();
        ctx.fill();
        ctx.lineWidth = 1;
        ctx.textAlign = 'right';
        if (arm === best) ctx.font = BOLD;
        ctx.fillStyle = arm === best ? PALETTE.last : PALETTE.text;
        ctx.fillText(formatIndex(v), idxX + idxW, my);
        if (arm === best) ctx.font = FONT;
      } else {
        ctx.textAlign = 'right';
        ctx.fillStyle = PALETTE.muted;
        ctx.fillText('–', idxX + idxW, my);
      }

      // Pulls: a bar scaled to the most-pulled arm, and the count.
      const barMax = pullsW - 34;
      const w = maxPulls > 0 ? (barMax * n) / maxPulls : 0;
      ctx.fillStyle = isLast ? PALETTE.last : PALETTE.pulls;
      if (w > 0) ctx.fillRect(pullsX, my - Math.min(6, rowH / 4), Math.max(1, w), Math.min(12, rowH / 2));
      ctx.fillStyle = PALETTE.text;
      ctx.textAlign = 'left';
      ctx.fillText(COMPACT.format(n), pullsX + w + 4, my);
    });

    // p axis.
    ctx.fillStyle = PALETTE.muted;
    ctx.textBaseline = 'top';
    ctx.textAlign = 'center';
    for (const p of axisTicks(xMax, false)) ctx.fillText(String(p), Math.min(px(p), densX + densW - 4), bottomY + 5);
    if (rows.length < k) {
      ctx.textAlign = 'right';
      ctx.fillText(`${rows.length} of ${k} arms`, width - 2, bottomY + 5);
    }

    const pulled = started && d.lastArm >= 0 ? `pulled arm ${d.lastArm}` : 'no pull yet';
    const why =
      best >= 0 && started
        ? best === d.lastArm
          ? `, the highest index (${formatIndex(d.index?.[best] ?? 0)})`
          : `; the highest index was arm ${best} (${formatIndex(d.index?.[best] ?? 0)})`
        : '';
    this.canvas.setAttribute(
      'aria-label',
      `Posterior view: ${k} arms${rows.length < k ? `, ${rows.length} shown` : ''}; ${pulled}${why}; best arm ${d.bestArm}; most pulls ${maxPulls}.`,
    );
  }

  private shape(arm: number, a: number, b: number, points: number): Float64Array {
    const kept = this.shapes.get(arm);
    if (kept && kept.a === a && kept.b === b && kept.shape.length === points) return kept.shape;
    const shape = betaShape(a, b, points);
    if (this.shapes.size > 4096) this.shapes.clear();
    this.shapes.set(arm, { a, b, shape });
    return shape;
  }

}

function axisTicks(xMax: number, grid: boolean): number[] {
  const step = (grid ? 0.25 : 0.5) * (xMax > 1.5 ? 2 : 1);
  const out: number[] = [];
  for (let p = 0; p <= xMax + 1e-9; p += step) out.push(Number(p.toFixed(2)));
  return out;
}

/** An index value: 3 decimals (Thompson draws, means, Gittins indices and UCB values all are O(1)). */
export function formatIndex(v: number): string {
  if (!Number.isFinite(v)) return v > 0 ? '∞' : v < 0 ? '−∞' : '–';
  return v.toFixed(3);
}
