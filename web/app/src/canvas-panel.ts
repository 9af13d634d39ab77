// The shared mechanics of the playground's canvas panels: the data to draw, the "reveal true
// probabilities" switch, and redrawing when the canvas' box or the device pixel ratio changes
// (zoom, moving to another screen). Subclasses only draw: draw() runs through the render scheduler
// (render-scheduler.ts), at most once per cycle and never inside a frame message or a layout callback.

import { PALETTE } from './palette.ts';
import { cancelDraw, scheduleDraw } from './render-scheduler.ts';

/** Sizes a canvas to w × h CSS px with a backing store at the device pixel ratio, scales the
 *  context to CSS px and clears it to the surface colour. */
export function sizeCanvas(canvas: HTMLCanvasElement, ctx: CanvasRenderingContext2D, w: number, h: number): void {
  const dpr = window.devicePixelRatio || 1;
  canvas.style.width = `${w}px`;
  canvas.style.height = `${h}px`;
  canvas.width = Math.round(w * dpr);
  canvas.height = Math.round(h * dpr);
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = PALETTE.surface;
  ctx.fillRect(0, 0, w, h);
}

export abstract class CanvasPanel<T> {
  protected data: T | undefined;
  protected reveal = false;
  /** Width of the canvas' box from the ResizeObserver, so that draw() need not read layout
   *  (several panels redrawn per animation frame would otherwise force a reflow each). */
  protected boxWidth = 0;
  private readonly observer: ResizeObserver;
  private dprQuery: MediaQueryList | undefined;
  private readonly onDprChange = (): void => this.watchDpr();

  constructor(
    protected readonly canvas: HTMLCanvasElement,
    protected readonly emptyText: string,
  ) {
    this.observer = new ResizeObserver((entries) => {
      this.boxWidth = Math.floor(entries[entries.length - 1]?.contentRect.width ?? 0);
      this.redraw();
    });
    this.observer.observe(canvas.parentElement ?? canvas);
    this.watchDpr();
  }

  /** Re-registers for the next devicePixelRatio change. */
  private watchDpr(): void {
    this.dprQuery?.removeEventListener('change', this.onDprChange);
    this.dprQuery = matchMedia(`(resolution: ${window.devicePixelRatio}dppx)`);
    this.dprQuery.addEventListener('change', this.onDprChange);
    this.redraw();
  }

  /** The width to draw at: the canvas box's (the ResizeObserver's, else the parent's), at least 200 px. */
  protected cssWidth(): number {
    return Math.max(200, this.boxWidth || this.canvas.parentElement?.clientWidth || 320);
  }

  set(data: T | undefined): void {
    this.data = data;
    this.redraw();
  }

  setReveal(reveal: boolean): void {
    this.reveal = reveal;
    this.redraw();
  }

  /** Asks for a draw in the scheduler's next cycle (several asks, one draw). */
  protected redraw(): void {
    scheduleDraw(this, this.drawJob);
  }

  private readonly drawJob = (): void => this.draw();

  abstract draw(): void;

  dispose(): void {
    cancelDraw(this);
    this.observer.disconnect();
    this.dprQuery?.removeEventListener('change', this.onDprChange);
  }
}
