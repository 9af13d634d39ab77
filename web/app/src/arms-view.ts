// Canvas view of a bandit's arms (bandit-live frames): per arm a bar of pull counts, a marker for
// the estimated success probability, the true probability only when revealed, the best arm and the
// last-pulled arm highlighted. HiDPI-aware; redraws when its box or the device pixel ratio changes.

import { CanvasPanel } from './canvas-panel.ts';
import { PALETTE } from './palette.ts';

/** What the view draws, taken from a frame (plain data; the view never keeps the frame). */
export interface ArmsData {
  readonly pulls: Float64Array;
  readonly estimates: Float64Array;
  readonly trueP: Float64Array;
  readonly bestArm: number;
  readonly lastArm: number;
}

/** The arms data of a frame, or undefined when the frame has no per-arm arrays. */
export function armsOf(frame: { scalars: Record<string, number>; arrays: Record<string, Float64Array> }): ArmsData | undefined {
  const { pulls, estimates, trueP } = frame.arrays;
  if (!pulls || !estimates || !trueP) return undefined;
  return { pulls, estimates, trueP, bestArm: frame.scalars.bestArm ?? -1, lastArm: frame.scalars.lastArm ?? -1 };
}

const COMPACT = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
const FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

export class ArmsView extends CanvasPanel<ArmsData> {
  draw(): void {
    const canvas = this.canvas;
    if (this.boxWidth === 0) return; // not laid out yet: the ResizeObserver draws when it is
    const width = Math.max(200, this.boxWidth);
    const height = Math.round(Math.min(340, Math.max(220, width * 0.45)));
    const dpr = window.devicePixelRatio || 1;
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
    const pw = Math.round(width * dpr);
    const ph = Math.round(height * dpr);
    if (canvas.width !== pw || canvas.height !== ph) {
      canvas.width = pw;
      canvas.height = ph;
    }
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.font = FONT;
    const d = this.data;
    if (!d || d.pulls.length === 0) {
      ctx.fillStyle = PALETTE.muted;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText(this.emptyText, width / 2, height / 2);
      canvas.setAttribute('aria-label', `Arms view: ${this.emptyText}`);
      return;
    }
    this.drawArms(ctx, d, width, height);
  }

  private drawArms(ctx: CanvasRenderingContext2D, d: ArmsData, width: number, height: number): void {
    const k = d.pulls.length;
    let maxPulls = 0;
    for (const n of d.pulls) maxPulls = Math.max(maxPulls, n);
    const maxLabel = COMPACT.format(maxPulls);
    // Room for the rotated axis names (~18 px) and the widest tick label.
    const left = Math.ceil(Math.max(44, 26 + ctx.measureText(maxLabel).width));
    const right = 8;
    const top = 22;
    const bottom = 34;
    const gap = 14;
    const plotW = width - left - right;
    const plotH = height - top - bottom - gap;
    const probH = Math.round(plotH * 0.55);
    const pullH = plotH - probH;
    const probTop = top;
    const pullTop = top + probH + gap;
    const col = plotW / k;
    const x0 = (i: number): number => left + i * col;
    const probY = (p: number): number => probTop + probH * (1 - Math.min(1, Math.max(0, p)));
    const pullScale = maxPulls > 0 ? pullH / maxPulls : 0;

    // Best-arm column tint (behind everything) and its marker above the plot.
    if (d.bestArm >= 0 && d.bestArm < k) {
      ctx.fillStyle = PALETTE.bestTint;
      ctx.fillRect(x0(d.bestArm), probTop - 4, Math.max(col, 2), plotH + gap + 4);
    }

    // Grid and axis labels.
    ctx.strokeStyle = PALETTE.grid;
    ctx.lineWidth = 1;
    ctx.fillStyle = PALETTE.muted;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const p of [0, 0.5, 1]) {
      const y = Math.round(probY(p)) + 0.5;
      ctx.beginPath();
      ctx.moveTo(left, y);
      ctx.lineTo(left + plotW, y);
      ctx.stroke();
      ctx.fillText(String(p), left - 6, y);
    }
    const baseY = pullTop + pullH;
    ctx.beginPath();
    ctx.moveTo(left, Math.round(baseY) + 0.5);
    ctx.lineTo(left + plotW, Math.round(baseY) + 0.5);
    ctx.stroke();
    ctx.fillText(maxLabel, left - 6, pullTop + 6);
    ctx.fillText('0', left - 6, baseY - 4);
    ctx.save();
    ctx.translate(11, probTop + probH / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'center';
    ctx.fillText('p', 0, 0);
    ctx.restore();
    ctx.save();
    ctx.translate(11, pullTop + pullH / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'center';
    ctx.fillText('pulls', 0, 0);
    ctx.restore();

    // Pull bars: the last-pulled arm in a contrasting colour.
    const barW = Math.max(1, col * 0.7);
    const barOff = (col - barW) / 2;
    for (let i = 0; i < k; i++) {
      const h = (d.pulls[i] ?? 0) * pullScale;
      if (h <= 0) continue;
      ctx.fillStyle = i === d.lastArm ? PALETTE.last : PALETTE.pulls;
      ctx.fillRect(x0(i) + barOff, baseY - h, barW, h);
    }

    // True probabilities (only when revealed): a thick horizontal tick per arm.
    if (this.reveal) {
      ctx.strokeStyle = PALETTE.truth;
      ctx.lineWidth = Math.min(3, Math.max(1.5, col * 0.2));
      ctx.beginPath();
      for (let i = 0; i < k; i++) {
        const y = probY(d.trueP[i] ?? 0);
        ctx.moveTo(x0(i) + barOff, y);
        ctx.lineTo(x0(i) + barOff + barW, y);
      }
      ctx.stroke();
    }

    // Estimates: a filled circle per arm (outlined so it stays visible over the truth tick).
    const r = Math.min(5, Math.max(1.2, col * 0.3));
    ctx.fillStyle = PALETTE.estimate;
    ctx.strokeStyle = PALETTE.surface;
    ctx.lineWidth = r > 2 ? 1.5 : 0;
    for (let i = 0; i < k; i++) {
      const cx = x0(i) + col / 2;
      const cy = probY(d.estimates[i] ?? 0);
      ctx.beginPath();
      ctx.arc(cx, cy, r, 0, Math.PI * 2);
      ctx.fill();
      if (r > 2) ctx.stroke();
    }

    // Markers: ★ over the best arm (top margin), ▲ under the last-pulled arm (below the arm numbers).
    ctx.textAlign = 'center';
    if (d.bestArm >= 0 && d.bestArm < k) {
      ctx.fillStyle = PALETTE.best;
      ctx.textBaseline = 'bottom';
      ctx.fillText('★ best', clampX(x0(d.bestArm) + col / 2, left + 18, left + plotW - 18), probTop - 5);
    }
    if (d.lastArm >= 0 && d.lastArm < k) {
      const cx = x0(d.lastArm) + col / 2;
      ctx.fillStyle = PALETTE.last;
      ctx.beginPath();
      ctx.moveTo(cx, baseY + 20);
      ctx.lineTo(cx - 5, baseY + 29);
      ctx.lineTo(cx + 5, baseY + 29);
      ctx.closePath();
      ctx.fill();
    }

    // Arm numbers along the bottom, thinned so they never overlap.
    ctx.fillStyle = PALETTE.muted;
    ctx.textBaseline = 'top';
    const every = niceEvery(Math.ceil(28 / col));
    for (let i = 0; i < k; i += every) {
      const cx = x0(i) + col / 2;
      ctx.fillText(String(i), cx, baseY + 5);
    }

    const best = d.bestArm >= 0 ? `best arm ${d.bestArm}` : 'best arm unknown';
    const last = d.lastArm >= 0 ? `last pulled arm ${d.lastArm}` : 'no pull yet';
    this.canvas.setAttribute('aria-label', `Arms view: ${k} arms, ${best}, ${last}; most pulls ${maxPulls}.`);
  }

}

function clampX(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/** 1, 2, 5, 10, 20, 50, ... at least n. */
function niceEvery(n: number): number {
  if (n <= 1) return 1;
  let base = 1;
  for (;;) {
    for (const m of [1, 2, 5]) if (base * m >= n) return base * m;
    base *= 10;
  }
}
