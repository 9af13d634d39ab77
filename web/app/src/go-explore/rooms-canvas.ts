// The rooms world on a canvas: tiles, the Go-Explore archive's cells coloured by how often they
// were seen (log scale), the chosen cell, its return path and the last exploration burst; in
// phase 2 the demonstration and the backward algorithm's start point τ.

import { CanvasPanel, sizeCanvas } from '../canvas-panel.ts';
import { PALETTE } from '../palette.ts';

/** What one drawing needs, taken from a `go-explore` frame. */
export interface RoomsPicture {
  width: number;
  height: number;
  tiles: Float64Array;
  cellX: Float64Array;
  cellY: Float64Array;
  cellSeen: Float64Array;
  cellFound: Float64Array;
  /** Only cells found at or before this frame are drawn (the history slider). */
  upToFrame: number;
  chosen: number;
  returnX: Float64Array;
  returnY: Float64Array;
  burstX: Float64Array;
  burstY: Float64Array;
  /** Phase 2: the demonstration (every `demoStride`-th state) and τ. */
  demoX?: Float64Array;
  demoY?: Float64Array;
  demoStride?: number;
  tau?: number;
}

// Tile codes of core/goexplore/rooms.hpp.
const WALL = 1, DOOR = 2, KEY = 3, TREASURE = 4;
const SEEN_RGB = '0, 114, 178'; // Okabe–Ito blue
const DEMO = '#007A56';

export class RoomsCanvas extends CanvasPanel<RoomsPicture> {
  draw(): void {
    const canvas = this.canvas;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const d = this.data;
    const cssWidth = this.cssWidth();
    const tiles = d ? Math.max(d.width, d.height) : 25;
    const cell = Math.max(4, Math.floor(Math.min(cssWidth, 640) / tiles));
    const w = (d?.width ?? tiles) * cell, h = (d?.height ?? tiles) * cell;
    sizeCanvas(canvas, ctx, w, h);
    if (!d) {
      ctx.fillStyle = PALETTE.muted;
      ctx.font = '14px system-ui, sans-serif';
      ctx.fillText(this.emptyText, 8, 20);
      return;
    }
    // Tiles.
    for (let y = 0; y < d.height; y++) {
      for (let x = 0; x < d.width; x++) {
        const t = d.tiles[y * d.width + x];
        if (t === WALL) {
          ctx.fillStyle = PALETTE.muted;
          ctx.fillRect(x * cell, y * cell, cell, cell);
        } else if (t === DOOR) {
          ctx.fillStyle = '#8a5a00';
          ctx.fillRect(x * cell, y * cell, cell, cell);
        }
      }
    }
    // Cells: sum of times seen per tile (several cells share a tile, one per keys held).
    const seen = new Float64Array(d.width * d.height);
    let max = 1;
    for (let i = 0; i < d.cellX.length; i++) {
      if ((d.cellFound[i] ?? 0) > d.upToFrame) continue;
      const k = (d.cellY[i] ?? 0) * d.width + (d.cellX[i] ?? 0);
      seen[k]! += d.cellSeen[i] ?? 0;
      max = Math.max(max, seen[k]!);
    }
    const logMax = Math.log1p(max);
    for (let k = 0; k < seen.length; k++) {
      if (seen[k]! <= 0) continue;
      const a = 0.12 + 0.75 * (Math.log1p(seen[k]!) / logMax);
      ctx.fillStyle = `rgba(${SEEN_RGB}, ${a.toFixed(3)})`;
      ctx.fillRect((k % d.width) * cell, Math.floor(k / d.width) * cell, cell, cell);
    }
    // Keys (◆) and the treasure (★) on top.
    ctx.font = `${Math.max(8, cell - 2)}px system-ui, sans-serif`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    for (let y = 0; y < d.height; y++) {
      for (let x = 0; x < d.width; x++) {
        const t = d.tiles[y * d.width + x];
        if (t === KEY || t === TREASURE) {
          ctx.fillStyle = t === KEY ? PALETTE.truth : PALETTE.best;
          ctx.fillText(t === KEY ? '◆' : '★', (x + 0.5) * cell, (y + 0.55) * cell);
        }
      }
    }
    const path = (xs: Float64Array | undefined, ys: Float64Array | undefined, color: string, width: number, dash: number[] = []) => {
      if (!xs || !ys || xs.length < 2) return;
      ctx.strokeStyle = color;
      ctx.lineWidth = width;
      ctx.setLineDash(dash);
      ctx.beginPath();
      for (let i = 0; i < xs.length; i++) {
        const px = ((xs[i] ?? 0) + 0.5) * cell, py = ((ys[i] ?? 0) + 0.5) * cell;
        if (i === 0) ctx.moveTo(px, py);
        else ctx.lineTo(px, py);
      }
      ctx.stroke();
      ctx.setLineDash([]);
    };
    if (d.demoX && d.demoX.length > 1) {
      path(d.demoX, d.demoY, DEMO, 2, [4, 3]);
      const i = Math.min(d.demoX.length - 1, Math.floor((d.tau ?? 0) / (d.demoStride ?? 1)));
      ctx.fillStyle = DEMO;
      ctx.beginPath();
      ctx.arc(((d.demoX[i] ?? 0) + 0.5) * cell, ((d.demoY?.[i] ?? 0) + 0.5) * cell, Math.max(3, cell * 0.6), 0, 2 * Math.PI);
      ctx.fill();
    } else {
      path(d.returnX, d.returnY, PALETTE.estimate, 1.5);
      path(d.burstX, d.burstY, PALETTE.last, 2);
      if (d.chosen >= 0 && d.chosen < d.cellX.length) {
        ctx.strokeStyle = PALETTE.last;
        ctx.lineWidth = 2;
        ctx.strokeRect((d.cellX[d.chosen] ?? 0) * cell + 1, (d.cellY[d.chosen] ?? 0) * cell + 1, cell - 2, cell - 2);
      }
    }
  }
}
