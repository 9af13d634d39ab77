// The RL² views' pictures on canvases (CanvasPanel: drawn through the render scheduler, redrawn on
// resize and zoom). Colours: palette.ts (Okabe–Ito); every colour is paired with a shape or a
// dash pattern and a legend in words.
//   ProbsCanvas   the policy's action probabilities per step (a heat map: steps × actions) with
//                 the action taken marked (● rewarded, ○ not).
//   HiddenCanvas  the GRU state over the trial projected on its two leading principal components
//                 (computed in the core, rl2_scenarios.cpp), as a path from ○ start to ◆ now.
//   ArmsCanvas    pulls per arm of RL² and of Gittins on the same task, the true p under each arm.
//   MazeCanvas    the maze, start and goal, and each episode's path.

import { CanvasPanel, sizeCanvas } from '../canvas-panel.ts';
import { PALETTE, SERIES_STYLES } from '../palette.ts';

const FONT = '12px system-ui, sans-serif';

/** Sizes the canvas to css width × height at the device pixel ratio; returns its context. */
function setup(canvas: HTMLCanvasElement, w: number, h: number): CanvasRenderingContext2D | undefined {
  const ctx = canvas.getContext('2d');
  if (!ctx) return undefined;
  sizeCanvas(canvas, ctx, w, h);
  ctx.font = FONT;
  return ctx;
}

function emptyText(ctx: CanvasRenderingContext2D, text: string): void {
  ctx.fillStyle = PALETTE.muted;
  ctx.fillText(text, 8, 20);
}

// ---- action probabilities per step --------------------------------------------------------------

export interface ProbsPicture {
  /** Row-major, `actions` values per step, from step `start` (0-based). */
  probs: Float64Array;
  actions: number;
  start: number;
  /** The actions taken and their rewards, aligned with `probs` rows (may be shorter). */
  taken: Float64Array;
  rewards: Float64Array;
  /** Steps in the whole trial (the x axis' extent); the rows drawn so far fill its left part. */
  total: number;
  /** Row labels (arm numbers or move names). */
  labels: readonly string[];
  /** Steps where an episode ended (a vertical rule after each). */
  episodeEnds?: readonly number[];
}

export class ProbsCanvas extends CanvasPanel<ProbsPicture> {
  draw(): void {
    const canvas = this.canvas;
    const d = this.data;
    const width = this.cssWidth();
    const rows = d?.actions ?? 10;
    const rowH = Math.max(5, Math.min(22, Math.floor(220 / rows)));
    const left = 52, top = 8, bottom = 34;
    const h = top + rows * rowH + bottom;
    const ctx = setup(canvas, width, h);
    if (!ctx) return;
    if (!d) return emptyText(ctx, this.emptyText);
    const plotW = width - left - 8;
    const steps = d.taken.length;
    const count = Math.max(1, d.total - d.start);
    const colW = plotW / count;
    const [r, g, b] = [0, 114, 178];
    for (let t = 0; t < d.probs.length / d.actions; t++) {
      for (let a = 0; a < d.actions; a++) {
        const p = d.probs[t * d.actions + a] ?? 0;
        // Shade ∝ √p, so that small probabilities (many arms, a spread-out policy) stay visible.
        ctx.fillStyle = `rgba(${r}, ${g}, ${b}, ${Math.sqrt(Math.min(1, Math.max(0, p))).toFixed(3)})`;
        ctx.fillRect(left + t * colW, top + a * rowH, Math.ceil(colW), rowH);
      }
    }
    // The action taken: ● rewarded, ○ not (only when the cells are big enough to hold a mark).
    const mark = Math.min(colW, rowH);
    if (mark >= 5) {
      const radius = Math.max(1.5, Math.min(5, mark / 2 - 1));
      const offset = steps - d.probs.length / d.actions;
      for (let t = 0; t < d.probs.length / d.actions; t++) {
        const a = d.taken[t + offset];
        if (a === undefined) continue;
        const x = left + (t + 0.5) * colW, y = top + (a + 0.5) * rowH;
        ctx.beginPath();
        ctx.arc(x, y, radius, 0, 2 * Math.PI);
        ctx.lineWidth = 1.5;
        ctx.strokeStyle = PALETTE.last;
        if ((d.rewards[t + offset] ?? 0) > 0) {
          ctx.fillStyle = PALETTE.last;
          ctx.fill();
        } else {
          ctx.fillStyle = PALETTE.surface;
          ctx.fill();
          ctx.stroke();
        }
      }
    }
    ctx.strokeStyle = PALETTE.muted;
    ctx.lineWidth = 1;
    ctx.strokeRect(left + 0.5, top + 0.5, plotW, rows * rowH);
    for (const end of d.episodeEnds ?? []) {
      const x = Math.round(left + (end + 1 - d.start) * colW) + 0.5;
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x, top + rows * rowH);
      ctx.setLineDash([4, 3]);
      ctx.stroke();
      ctx.setLineDash([]);
    }
    // Row labels (every row when they fit, else every few).
    ctx.fillStyle = PALETTE.text;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    const every = Math.ceil(14 / rowH);
    for (let a = 0; a < rows; a += every) ctx.fillText(d.labels[a] ?? String(a + 1), left - 6, top + (a + 0.5) * rowH);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    const y = top + rows * rowH + 4;
    ctx.fillText(String(d.start + 1), left + colW / 2, y);
    ctx.fillText(String(d.total), left + plotW - colW / 2, y);
    ctx.fillStyle = PALETTE.muted;
    ctx.fillText('step', left + plotW / 2, y + 14);
    ctx.textAlign = 'start';
    ctx.textBaseline = 'alphabetic';
  }
}

// ---- hidden state ---------------------------------------------------------------------------------

export interface HiddenPicture {
  x: Float64Array;
  y: Float64Array;
  /** Optional group of each point (e.g. maze episode): coloured by SERIES_STYLES; else by time. */
  group?: Float64Array;
}

export class HiddenCanvas extends CanvasPanel<HiddenPicture> {
  draw(): void {
    const canvas = this.canvas;
    const d = this.data;
    const width = Math.min(this.cssWidth(), 520);
    const h = Math.round(Math.min(300, width * 0.75));
    const ctx = setup(canvas, width, h);
    if (!ctx) return;
    if (!d || d.x.length === 0) return emptyText(ctx, this.emptyText);
    const n = Math.min(d.x.length, d.y.length);
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (let i = 0; i < n; i++) {
      x0 = Math.min(x0, d.x[i]!);
      x1 = Math.max(x1, d.x[i]!);
      y0 = Math.min(y0, d.y[i]!);
      y1 = Math.max(y1, d.y[i]!);
    }
    const pad = 14, left = 24, bottom = 22;
    const sx = (v: number): number => left + pad + ((v - x0) / (x1 - x0 || 1)) * (width - left - 2 * pad);
    const sy = (v: number): number => h - bottom - pad - ((v - y0) / (y1 - y0 || 1)) * (h - bottom - 2 * pad);
    ctx.strokeStyle = PALETTE.grid;
    ctx.strokeRect(left + 0.5, 0.5, width - left - 1, h - bottom - 1);
    ctx.fillStyle = PALETTE.muted;
    ctx.textAlign = 'center';
    ctx.fillText('principal component 1', left + (width - left) / 2, h - 6);
    ctx.save();
    ctx.translate(14, (h - bottom) / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.fillText('component 2', 0, 0);
    ctx.restore();
    ctx.textAlign = 'start';
    // Segments: by group colour, or a light-to-dark blue ramp over time.
    ctx.lineWidth = 1.5;
    for (let i = 1; i < n; i++) {
      const g = d.group?.[i];
      if (g !== undefined) {
        const style = SERIES_STYLES[g % SERIES_STYLES.length]!;
        ctx.strokeStyle = style.color;
        ctx.setLineDash([...style.dash]);
      } else {
        const f = 0.2 + (0.8 * i) / n;
        ctx.strokeStyle = `rgba(0, 114, 178, ${f.toFixed(3)})`;
      }
      ctx.beginPath();
      ctx.moveTo(sx(d.x[i - 1]!), sy(d.y[i - 1]!));
      ctx.lineTo(sx(d.x[i]!), sy(d.y[i]!));
      ctx.stroke();
    }
    ctx.setLineDash([]);
    // ○ start, ◆ now.
    ctx.strokeStyle = PALETTE.text;
    ctx.fillStyle = PALETTE.surface;
    ctx.beginPath();
    ctx.arc(sx(d.x[0]!), sy(d.y[0]!), 5, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
    const ex = sx(d.x[n - 1]!), ey = sy(d.y[n - 1]!);
    ctx.fillStyle = PALETTE.last;
    ctx.beginPath();
    ctx.moveTo(ex, ey - 6);
    ctx.lineTo(ex + 6, ey);
    ctx.lineTo(ex, ey + 6);
    ctx.lineTo(ex - 6, ey);
    ctx.closePath();
    ctx.fill();
  }
}

// ---- pulls per arm: RL² and Gittins ----------------------------------------------------------------

export interface ArmsPicture {
  rl2: Float64Array;
  gittins: Float64Array;
  p: Float64Array;
}

export class ArmsCanvas extends CanvasPanel<ArmsPicture> {
  draw(): void {
    const canvas = this.canvas;
    const d = this.data;
    const width = this.cssWidth();
    const h = 200;
    const ctx = setup(canvas, width, h);
    if (!ctx) return;
    if (!d) return emptyText(ctx, this.emptyText);
    const k = d.p.length;
    const left = 36, top = 8, bottom = 40;
    const plotW = width - left - 8, plotH = h - top - bottom;
    let max = 1, best = 0;
    for (let i = 0; i < k; i++) {
      max = Math.max(max, d.rl2[i] ?? 0, d.gittins[i] ?? 0);
      if ((d.p[i] ?? 0) > (d.p[best] ?? 0)) best = i;
    }
    const group = plotW / k;
    const bar = Math.max(1, Math.min(18, group * 0.38));
    // Every arm's p under it when there is room (about 32 px per arm), else only the best arm's.
    const allLabels = group >= 32;
    ctx.strokeStyle = PALETTE.grid;
    ctx.fillStyle = PALETTE.muted;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const f of [0, 0.5, 1]) {
      const y = Math.round(top + plotH * (1 - f)) + 0.5;
      ctx.beginPath();
      ctx.moveTo(left, y);
      ctx.lineTo(left + plotW, y);
      ctx.stroke();
      ctx.fillText(String(Math.round(max * f)), left - 4, y);
    }
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (let i = 0; i < k; i++) {
      const cx = left + (i + 0.5) * group;
      if (i === best) {
        ctx.fillStyle = PALETTE.bestTint;
        ctx.fillRect(left + i * group, top, group, plotH);
      }
      const hr = (plotH * (d.rl2[i] ?? 0)) / max, hg = (plotH * (d.gittins[i] ?? 0)) / max;
      ctx.fillStyle = SERIES_STYLES[0]!.color;
      ctx.fillRect(cx - bar - 1, top + plotH - hr, bar, hr);
      // Gittins: vermillion outline with a light fill (distinct from RL²'s solid bar without colour).
      ctx.fillStyle = SERIES_STYLES[1]!.fill;
      ctx.fillRect(cx + 1, top + plotH - hg, bar, hg);
      ctx.strokeStyle = SERIES_STYLES[1]!.color;
      ctx.lineWidth = 1.5;
      if (hg > 0) ctx.strokeRect(cx + 1.75, top + plotH - hg + 0.75, bar - 1.5, hg - 1.5);
      ctx.lineWidth = 1;
      ctx.fillStyle = i === best ? PALETTE.best : PALETTE.muted;
      if (allLabels || i === best) {
        ctx.fillText(`${i === best ? '★ ' : ''}${(d.p[i] ?? 0).toFixed(2)}`, cx, top + plotH + 4);
      }
    }
    ctx.fillStyle = PALETTE.muted;
    ctx.fillText(allLabels ? 'arms (true p below each; ★ best)' : 'arms (★ best, its true p)', left + plotW / 2, top + plotH + 20);
    ctx.textAlign = 'start';
    ctx.textBaseline = 'alphabetic';
  }
}

// ---- maze and paths ---------------------------------------------------------------------------------

export interface MazePicture {
  width: number;
  height: number;
  /** (2w+1) × (2h+1) wall pixels, row-major, 1 = wall. */
  walls: Float64Array;
  start: number;
  goal: number;
  /** The cell after every step and its episode (0-based). */
  cells: Float64Array;
  episodes: Float64Array;
  /** Which episodes to draw. */
  shown: ReadonlySet<number>;
  position: number;
}

export class MazeCanvas extends CanvasPanel<MazePicture> {
  draw(): void {
    const canvas = this.canvas;
    const d = this.data;
    const cssWidth = Math.min(this.cssWidth(), 420);
    const cells = d ? Math.max(d.width, d.height) : 5;
    const unit = Math.floor(cssWidth / (2 * cells + 1));
    const w = (2 * (d?.width ?? cells) + 1) * unit, h = (2 * (d?.height ?? cells) + 1) * unit;
    const ctx = setup(canvas, w, Math.max(h, 40));
    if (!ctx) return;
    if (!d) return emptyText(ctx, this.emptyText);
    const pw = 2 * d.width + 1;
    // Wall pixels: the cells and passages are 2 units wide, walls 1 unit, drawn on a 2-unit cell grid.
    ctx.fillStyle = PALETTE.muted;
    for (let py = 0; py < 2 * d.height + 1; py++) {
      for (let px = 0; px < pw; px++) if ((d.walls[py * pw + px] ?? 0) > 0) ctx.fillRect(px * unit, py * unit, unit, unit);
    }
    const centre = (cell: number): [number, number] => [(2 * (cell % d.width) + 1.5) * unit, (2 * Math.floor(cell / d.width) + 1.5) * unit];
    // Goal ★ and start ○.
    const [gx, gy] = centre(d.goal);
    ctx.fillStyle = PALETTE.best;
    ctx.font = `${Math.round(unit * 1.3)}px system-ui, sans-serif`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText('★', gx, gy);
    const [sx, sy] = centre(d.start);
    ctx.strokeStyle = PALETTE.text;
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.arc(sx, sy, unit * 0.4, 0, 2 * Math.PI);
    ctx.stroke();
    // Paths: each episode from the start, offset a little so overlapping ones stay visible.
    const maxEpisode = d.episodes.length ? d.episodes[d.episodes.length - 1]! : 0;
    for (let e = 0; e <= maxEpisode; e++) {
      if (!d.shown.has(e)) continue;
      const style = SERIES_STYLES[e % SERIES_STYLES.length]!;
      const off = (e - maxEpisode / 2) * unit * 0.22;
      ctx.strokeStyle = style.color;
      ctx.lineWidth = Math.max(2, unit * 0.18);
      ctx.setLineDash(style.dash.map((v) => v * Math.max(1, unit / 16)));
      ctx.lineJoin = 'round';
      ctx.beginPath();
      ctx.moveTo(sx + off, sy + off);
      for (let i = 0; i < d.cells.length; i++) {
        if (d.episodes[i] !== e) continue;
        const [x, y] = centre(d.cells[i]!);
        ctx.lineTo(x + off, y + off);
      }
      ctx.stroke();
    }
    ctx.setLineDash([]);
    // The agent now: ◆.
    const [ax, ay] = centre(d.position);
    ctx.fillStyle = PALETTE.last;
    ctx.beginPath();
    const r = unit * 0.45;
    ctx.moveTo(ax, ay - r);
    ctx.lineTo(ax + r, ay);
    ctx.lineTo(ax, ay + r);
    ctx.lineTo(ax - r, ay);
    ctx.closePath();
    ctx.fill();
    ctx.textAlign = 'start';
    ctx.textBaseline = 'alphabetic';
    ctx.font = FONT;
  }
}
