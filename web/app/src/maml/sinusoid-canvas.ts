// The sinusoid task on a canvas: the true curve, the support points (drawn ●, given ◆), the
// meta-learned network's prediction before adaptation and after the step the slider shows, and
// the pretrained baseline's after that step; and the pixel ↔ data mapping a click needs.

import { CanvasPanel, sizeCanvas } from '../canvas-panel.ts';
import { PALETTE, SERIES_STYLES } from '../palette.ts';

export const X_RANGE = 5;

export interface SinusoidPicture {
  readonly x: Float64Array;
  readonly truth: Float64Array;
  readonly supportX: Float64Array;
  readonly supportY: Float64Array;
  /** The first `drawn` support points come from the task, the rest were given. */
  readonly drawn: number;
  /** MAML's prediction before adaptation and after the step shown (grid values). */
  readonly mamlBefore?: Float64Array;
  readonly mamlAfter?: Float64Array;
  readonly pretrainedAfter?: Float64Array;
}

export const MAML_STYLE = SERIES_STYLES[0]!;
export const PRETRAINED_STYLE = SERIES_STYLES[1]!;

export class SinusoidCanvas extends CanvasPanel<SinusoidPicture> {
  private w = 320;
  private h = 240;
  private yMax = 6;
  private readonly pad = { left: 34, right: 8, top: 8, bottom: 22 };

  /** Data coordinates of a point given in CSS pixels relative to the canvas. */
  toData(px: number, py: number): [number, number] {
    const { left, right, top, bottom } = this.pad;
    const x = -X_RANGE + ((px - left) / (this.w - left - right)) * 2 * X_RANGE;
    const y = this.yMax - ((py - top) / (this.h - top - bottom)) * 2 * this.yMax;
    return [x, y];
  }

  private toPx(x: number, y: number): [number, number] {
    const { left, right, top, bottom } = this.pad;
    return [left + ((x + X_RANGE) / (2 * X_RANGE)) * (this.w - left - right), top + ((this.yMax - y) / (2 * this.yMax)) * (this.h - top - bottom)];
  }

  draw(): void {
    const canvas = this.canvas;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const d = this.data;
    const width = this.cssWidth();
    this.w = Math.min(width, 720);
    this.h = Math.round(Math.min(360, Math.max(220, this.w * 0.55)));
    let top = 5.5;
    if (d) {
      for (const v of d.truth) top = Math.max(top, Math.abs(v) + 0.5);
      for (const v of d.supportY) top = Math.max(top, Math.abs(v) + 0.5);
    }
    this.yMax = Math.ceil(top);
    sizeCanvas(canvas, ctx, this.w, this.h);
    // Axes: grid every 1 in x, every 2 (or so) in y, with labels.
    ctx.strokeStyle = PALETTE.grid;
    ctx.lineWidth = 1;
    ctx.fillStyle = PALETTE.muted;
    ctx.font = '11px system-ui, sans-serif';
    const [l, t] = this.toPx(-X_RANGE, this.yMax);
    const [r, b] = this.toPx(X_RANGE, -this.yMax);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (let x = -X_RANGE; x <= X_RANGE; x++) {
      const [px] = this.toPx(x, 0);
      ctx.beginPath();
      ctx.moveTo(px, t);
      ctx.lineTo(px, b);
      ctx.stroke();
      if (x % (this.w < 420 ? 2.5 : 1) === 0 || x === -X_RANGE) ctx.fillText(String(x), px, b + 4);
    }
    const yStep = this.yMax > 8 ? 4 : 2;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (let y = -Math.floor(this.yMax / yStep) * yStep; y <= this.yMax; y += yStep) {
      const [, py] = this.toPx(0, y);
      ctx.beginPath();
      ctx.moveTo(l, py);
      ctx.lineTo(r, py);
      ctx.stroke();
      ctx.fillText(String(y), l - 4, py);
    }
    ctx.strokeStyle = PALETTE.muted;
    ctx.strokeRect(l, t, r - l, b - t);
    if (!d) {
      ctx.fillStyle = PALETTE.muted;
      ctx.font = '13px system-ui, sans-serif';
      ctx.textAlign = 'left';
      ctx.textBaseline = 'top';
      ctx.fillText(this.emptyText, l + 8, t + 8);
      return;
    }
    ctx.save();
    ctx.beginPath();
    ctx.rect(l, t, r - l, b - t);
    ctx.clip();
    this.curve(ctx, d.x, d.truth, PALETTE.text, 2, []);
    if (d.mamlBefore) this.curve(ctx, d.x, d.mamlBefore, 'rgba(0, 114, 178, 0.55)', 1.5, [2, 3]);
    if (d.pretrainedAfter) this.curve(ctx, d.x, d.pretrainedAfter, PRETRAINED_STYLE.color, 2, [...PRETRAINED_STYLE.dash]);
    if (d.mamlAfter) this.curve(ctx, d.x, d.mamlAfter, MAML_STYLE.color, 2.5, []);
    ctx.restore();
    // Support points on top: drawn ● (orange), given ◆ (vermillion), white outline.
    for (let i = 0; i < d.supportX.length; i++) {
      const [px, py] = this.toPx(d.supportX[i] ?? 0, d.supportY[i] ?? 0);
      ctx.lineWidth = 2;
      ctx.strokeStyle = PALETTE.surface;
      ctx.beginPath();
      if (i < d.drawn) {
        ctx.fillStyle = PALETTE.truth;
        ctx.arc(px, py, 5, 0, 2 * Math.PI);
      } else {
        ctx.fillStyle = PALETTE.last;
        ctx.moveTo(px, py - 7);
        ctx.lineTo(px + 6, py);
        ctx.lineTo(px, py + 7);
        ctx.lineTo(px - 6, py);
        ctx.closePath();
      }
      ctx.stroke();
      ctx.fill();
    }
  }

  private curve(ctx: CanvasRenderingContext2D, xs: Float64Array, ys: Float64Array, color: string, width: number, dash: number[]): void {
    ctx.strokeStyle = color;
    ctx.lineWidth = width;
    ctx.setLineDash(dash);
    ctx.beginPath();
    for (let i = 0; i < xs.length; i++) {
      const [px, py] = this.toPx(xs[i] ?? 0, ys[i] ?? 0);
      if (i === 0) ctx.moveTo(px, py);
      else ctx.lineTo(px, py);
    }
    ctx.stroke();
    ctx.setLineDash([]);
  }
}
