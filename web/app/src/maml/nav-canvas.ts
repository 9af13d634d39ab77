// The 2D navigation world on a canvas: the goal distribution's square [−0.5, 0.5]², the start
// (0, 0), the goal (★), the trajectories of the step the slider shows (those before adaptation
// underneath in grey), and the pixel ↔ world mapping a click needs.

import { CanvasPanel, sizeCanvas } from '../canvas-panel.ts';
import { PALETTE } from '../palette.ts';

/** Half the side of the square drawn, in world units (goals lie within ±0.5): at least this, more
 *  when the run's trajectories wander further (navExtent), at most MAX_EXTENT. */
export const EXTENT = 0.7;
export const MAX_EXTENT = 1.5;
export const GOAL_RANGE = 0.5;

/** The half-side that shows 98% of the coordinates of these trajectories (between EXTENT and
 *  MAX_EXTENT; the few far wanderers are cut off rather than shrinking the world for all). */
export function navExtent(all: readonly (Float64Array | undefined)[]): number {
  const values: number[] = [];
  for (const a of all) if (a) for (const v of a) values.push(Math.abs(v));
  if (values.length === 0) return EXTENT;
  values.sort((x, y) => x - y);
  const q = values[Math.floor(0.98 * (values.length - 1))] ?? 0;
  return Math.min(MAX_EXTENT, Math.max(EXTENT, Math.ceil((q + 0.05) * 10) / 10));
}

/** The mean position over trajectories at each time (a finished one stays where it ended). */
export function meanPath(t: Trajectories): Float64Array {
  const n = t.lengths.length;
  let longest = 0;
  for (const len of t.lengths) longest = Math.max(longest, len);
  const out = new Float64Array(2 * longest);
  if (n === 0) return out;
  let at = 0;
  for (const len of t.lengths) {
    for (let j = 0; j < longest; j++) {
      const i = at + 2 * Math.min(j, len - 1);
      out[2 * j]! += (t.paths[i] ?? 0) / n;
      out[2 * j + 1]! += (t.paths[i + 1] ?? 0) / n;
    }
    at += 2 * len;
  }
  return out;
}

/** x, y pairs of several trajectories, concatenated, with the number of points of each. */
export interface Trajectories {
  readonly paths: Float64Array;
  readonly lengths: Float64Array;
}

export interface NavPicture {
  readonly goal: readonly [number, number];
  /** The step shown (undefined: none yet). */
  readonly shown?: Trajectories;
  /** The trajectories before adaptation, drawn faintly beneath when another step is shown. */
  readonly before?: Trajectories;
  /** 'es': the shown trajectories are one generation's population. */
  readonly es: boolean;
  /** Half the side of the square drawn (navExtent). */
  readonly extent: number;
}

const TRAJ = '0, 114, 178'; // Okabe–Ito blue
const BEFORE = '89, 97, 112'; // muted grey
const MEAN = '#00446b'; // darker Okabe–Ito blue

export class NavCanvas extends CanvasPanel<NavPicture> {
  /** Side of the drawn square in CSS pixels (set by draw). */
  private side = 320;
  private extent = EXTENT;

  /** World coordinates of a point given in CSS pixels relative to the canvas. */
  toWorld(px: number, py: number): [number, number] {
    const s = this.side;
    return [((px / s) * 2 - 1) * this.extent, (1 - (py / s) * 2) * this.extent];
  }

  private toPx(x: number, y: number): [number, number] {
    const s = this.side;
    return [((x / this.extent + 1) / 2) * s, ((1 - y / this.extent) / 2) * s];
  }

  draw(): void {
    const canvas = this.canvas;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const width = this.cssWidth();
    const s = Math.min(width, 520);
    this.side = s;
    this.extent = this.data?.extent ?? EXTENT;
    sizeCanvas(canvas, ctx, s, s);
    ctx.strokeStyle = PALETTE.grid;
    ctx.strokeRect(0.5, 0.5, s - 1, s - 1);
    // Goal square and grid lines every 0.25.
    const [gx0, gy0] = this.toPx(-GOAL_RANGE, GOAL_RANGE);
    const [gx1, gy1] = this.toPx(GOAL_RANGE, -GOAL_RANGE);
    ctx.fillStyle = 'rgba(0, 114, 178, 0.04)';
    ctx.fillRect(gx0, gy0, gx1 - gx0, gy1 - gy0);
    ctx.strokeStyle = PALETTE.grid;
    ctx.lineWidth = 1;
    for (let v = -0.5; v <= 0.5 + 1e-9; v += 0.25) {
      const [x] = this.toPx(v, 0);
      const [, y] = this.toPx(0, v);
      ctx.beginPath();
      ctx.moveTo(x, gy0);
      ctx.lineTo(x, gy1);
      ctx.moveTo(gx0, y);
      ctx.lineTo(gx1, y);
      ctx.stroke();
    }
    ctx.strokeStyle = PALETTE.muted;
    ctx.strokeRect(gx0, gy0, gx1 - gx0, gy1 - gy0);
    ctx.fillStyle = PALETTE.muted;
    ctx.font = '11px system-ui, sans-serif';
    ctx.textAlign = 'left';
    ctx.textBaseline = 'top';
    ctx.fillText('goals: [−0.5, 0.5]²', gx0 + 4, gy1 + 4);
    const d = this.data;
    if (d) {
      if (d.before) this.paths(ctx, d.before, `rgba(${BEFORE}, 0.28)`, 1);
      if (d.shown) {
        this.paths(ctx, d.shown, `rgba(${TRAJ}, 0.4)`, 1.25);
        // The mean path, cased in white so that it reads over the others.
        const mean = meanPath(d.shown);
        const one = { paths: mean, lengths: new Float64Array([mean.length / 2]) };
        this.paths(ctx, one, PALETTE.surface, 5);
        this.paths(ctx, one, MEAN, 2.5);
      }
    }
    // Start.
    const [sx, sy] = this.toPx(0, 0);
    ctx.fillStyle = PALETTE.text;
    ctx.beginPath();
    ctx.arc(sx, sy, 4, 0, 2 * Math.PI);
    ctx.fill();
    if (d) {
      const [x, y] = this.toPx(d.goal[0], d.goal[1]);
      ctx.font = `${Math.max(18, Math.round(s / 18))}px system-ui, sans-serif`;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.lineWidth = 3;
      ctx.strokeStyle = PALETTE.surface;
      ctx.strokeText('★', x, y);
      ctx.fillStyle = PALETTE.last;
      ctx.fillText('★', x, y);
    }
    if (!d?.shown) {
      ctx.fillStyle = PALETTE.muted;
      ctx.font = '13px system-ui, sans-serif';
      ctx.textAlign = 'left';
      ctx.textBaseline = 'top';
      ctx.fillText(this.emptyText, 8, 8);
    }
  }

  private paths(ctx: CanvasRenderingContext2D, t: Trajectories, color: string, width: number): void {
    ctx.strokeStyle = color;
    ctx.lineWidth = width;
    ctx.lineJoin = 'round';
    let at = 0;
    for (const n of t.lengths) {
      ctx.beginPath();
      for (let j = 0; j < n; j++) {
        const [x, y] = this.toPx(t.paths[at + 2 * j] ?? 0, t.paths[at + 2 * j + 1] ?? 0);
        if (j === 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      }
      ctx.stroke();
      at += 2 * n;
    }
  }
}
