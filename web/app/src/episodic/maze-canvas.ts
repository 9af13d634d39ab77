// The maze of the `episodic` scenario on a canvas: walls, a heatmap of max_a Q over cells read
// from the agent's memory (DND / table / network), the greedy action per cell (a small tick),
// the agent's last finished episode as a path, the goal (★) and the agent (●); the memory
// entries a cell's Q read weighs most are outlined (vermillion, thicker = heavier) for the
// focused cell: the one under the pointer, else the one chosen with the arrow keys, else the
// agent's current cell.

import { CanvasPanel, sizeCanvas } from '../canvas-panel.ts';
import { PALETTE } from '../palette.ts';

/** What one drawing needs, taken from an `episodic` frame. */
export interface MazePicture {
  width: number;
  height: number;
  /** (2w+1) × (2h+1) wall pixels, row-major, 1 = wall (core/maze Maze::pixels). */
  walls: Float64Array;
  qMax: Float64Array;
  greedy: Float64Array;
  path: Float64Array;
  goal: number;
  position: number;
  /** Per cell, NEIGHBOUR_CELLS cells (−1 padded) and their summed read weights. */
  neighbourCells: Float64Array;
  neighbourWeights: Float64Array;
  /** The focused cell (hover / keyboard), −1: the agent's cell. */
  focus: number;
}

/** Cells per cell in the frame's neighbour arrays (core: Trainer::kNeighbourCells). */
export const NEIGHBOUR_CELLS = 8;

const HEAT_RGB = '0, 114, 178'; // Okabe–Ito blue: higher max_a Q is darker
// Offsets of the greedy-action tick per action (0 up, 1 right, 2 down, 3 left; core/maze).
const DX = [0, 1, 0, -1], DY = [-1, 0, 1, 0];

/** The neighbours of cell `c`: [cell, weight] pairs, heaviest first. */
export function neighboursOf(p: Pick<MazePicture, 'neighbourCells' | 'neighbourWeights'>, c: number): [number, number][] {
  const out: [number, number][] = [];
  for (let j = 0; j < NEIGHBOUR_CELLS; j++) {
    const n = p.neighbourCells[c * NEIGHBOUR_CELLS + j] ?? -1;
    if (n >= 0) out.push([n, p.neighbourWeights[c * NEIGHBOUR_CELLS + j] ?? 0]);
  }
  return out;
}

export class MazeCanvas extends CanvasPanel<MazePicture> {
  /** Size of a maze cell in CSS pixels at the last draw (for pointer → cell). */
  private cellPx = 0;

  /** The maze cell under a point of the canvas (CSS pixels), or −1. */
  cellAt(x: number, y: number): number {
    const d = this.data;
    if (!d || this.cellPx <= 0) return -1;
    const cx = Math.floor(x / (2 * this.cellPx)), cy = Math.floor(y / (2 * this.cellPx));
    if (cx < 0 || cy < 0 || cx >= d.width || cy >= d.height) return -1;
    return cy * d.width + cx;
  }

  draw(): void {
    const canvas = this.canvas;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const d = this.data;
    const cssWidth = this.cssWidth();
    const pw = d ? 2 * d.width + 1 : 19, ph = d ? 2 * d.height + 1 : 19;
    // One wall pixel = half a cell: a cell of the maze spans 2 px units (cell + its wall).
    const px = Math.max(3, Math.floor(Math.min(cssWidth, 560) / pw));
    this.cellPx = px;
    const w = pw * px, h = ph * px;
    sizeCanvas(canvas, ctx, w, h);
    if (!d) {
      ctx.fillStyle = PALETTE.muted;
      ctx.font = '14px system-ui, sans-serif';
      ctx.fillText(this.emptyText, 8, 20);
      return;
    }
    const centre = (c: number): [number, number] => [(2 * (c % d.width) + 1.5) * px, (2 * Math.floor(c / d.width) + 1.5) * px];
    // Heatmap: each cell and the open passages to its right / below take its colour.
    let qmax = 0;
    for (const q of d.qMax) if (Number.isFinite(q)) qmax = Math.max(qmax, q);
    const cells = d.width * d.height;
    for (let c = 0; c < cells; c++) {
      const q = d.qMax[c] ?? 0;
      if (!(qmax > 0) || !(q > 0)) continue;
      ctx.fillStyle = `rgba(${HEAT_RGB}, ${(0.08 + 0.8 * Math.min(1, q / qmax)).toFixed(3)})`;
      const x = 2 * (c % d.width) + 1, y = 2 * Math.floor(c / d.width) + 1;
      ctx.fillRect(x * px, y * px, px, px);
    }
    // Walls.
    ctx.fillStyle = PALETTE.muted;
    for (let y = 0; y < ph; y++)
      for (let x = 0; x < pw; x++) if ((d.walls[y * pw + x] ?? 1) === 1) ctx.fillRect(x * px, y * px, px, px);
    // Greedy action per cell (a short tick from the centre), where the agent has values.
    ctx.strokeStyle = 'rgba(27, 31, 36, 0.45)';
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let c = 0; c < cells; c++) {
      const a = d.greedy[c];
      if (a === undefined || !((d.qMax[c] ?? 0) > 0)) continue;
      const [x, y] = centre(c);
      ctx.moveTo(x, y);
      ctx.lineTo(x + (DX[a] ?? 0) * px * 0.45, y + (DY[a] ?? 0) * px * 0.45);
    }
    ctx.stroke();
    // The last finished episode's path.
    if (d.path.length > 1) {
      ctx.strokeStyle = PALETTE.last;
      ctx.globalAlpha = 0.75;
      ctx.lineWidth = Math.max(1.5, px * 0.25);
      ctx.lineJoin = 'round';
      ctx.beginPath();
      d.path.forEach((c, i) => {
        const [x, y] = centre(c);
        if (i === 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      });
      ctx.stroke();
      ctx.globalAlpha = 1;
    }
    // Neighbours of the focused cell, outlined by weight.
    const focus = d.focus >= 0 ? d.focus : d.position;
    if (focus >= 0 && focus < cells) {
      const nb = neighboursOf(d, focus);
      const wmax = nb.reduce((m, [, wt]) => Math.max(m, wt), 0);
      ctx.strokeStyle = PALETTE.last;
      for (const [n, wt] of nb) {
        ctx.lineWidth = 1 + 2.5 * (wmax > 0 ? wt / wmax : 0);
        const x = 2 * (n % d.width) + 1, y = 2 * Math.floor(n / d.width) + 1;
        ctx.strokeRect(x * px - 0.5 * px + 1, y * px - 0.5 * px + 1, 2 * px - 2, 2 * px - 2);
      }
      ctx.strokeStyle = PALETTE.text;
      ctx.lineWidth = 2;
      ctx.setLineDash([3, 2]);
      const fx = 2 * (focus % d.width) + 1, fy = 2 * Math.floor(focus / d.width) + 1;
      ctx.strokeRect(fx * px - 0.5 * px, fy * px - 0.5 * px, 2 * px, 2 * px);
      ctx.setLineDash([]);
    }
    // Goal ★ and agent ●.
    ctx.font = `${Math.max(9, Math.round(px * 1.6))}px system-ui, sans-serif`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    if (d.goal >= 0) {
      const [x, y] = centre(d.goal);
      ctx.fillStyle = PALETTE.best;
      ctx.fillText('★', x, y + px * 0.05);
    }
    if (d.position >= 0 && d.position < cells) {
      const [x, y] = centre(d.position);
      ctx.fillStyle = PALETTE.text;
      ctx.beginPath();
      ctx.arc(x, y, Math.max(2.5, px * 0.4), 0, 2 * Math.PI);
      ctx.fill();
    }
  }
}
