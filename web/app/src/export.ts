// Downloads of what a view shows, for every view (one mechanism; the table view's CSV / JSON
// buttons use `download` too):
//   - results: the final results of the runs of a view, as JSON (verbatim) and as CSV in long
//     ("tidy") form — one row per number: run, scenario, the run's parameters, field, index, value —
//     which fits any result shape (scalars get an empty index; arrays one row per element);
//   - plots: every <canvas> of a figure (uPlot draws into one) composed at its on-screen layout
//     into one PNG on a white background.

/** One finished run of a view. */
export interface RunResult {
  readonly scenario: string;
  readonly params: Readonly<Record<string, string>>;
  readonly result: unknown;
}

/** What a view can export (kept by its runner, or computed by the view). */
export interface ExportResults {
  /** File name without extension, e.g. "fastslow-bandit-live-seed1". */
  readonly name: string;
  readonly runs: readonly RunResult[];
}

/** Saves text as a file (a temporary object URL on an <a download>). */
export function download(fileName: string, body: BlobPart, type: string): void {
  const blob = new Blob([body], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoke after the browser has started the download.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A CSV field, quoted when it needs to be (RFC 4180). */
export function csvField(v: unknown): string {
  const s = v === undefined || v === null ? '' : typeof v === 'string' ? v : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The leaves of a JSON value: [dotted path, index or '', value] (arrays of primitives indexed). */
export function leaves(value: unknown, path = ''): [string, string, unknown][] {
  if (value === null || typeof value !== 'object') return [[path, '', value]];
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) return value.map((v, i) => [path, String(i), v]);
    return value.flatMap((v, i) => leaves(v, path ? `${path}.${i}` : String(i)));
  }
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
}

/** Results in long form: run, scenario, parameters (the union over runs), field, index, value. */
export function resultsToCsv(runs: readonly RunResult[]): string {
  const paramNames = [...new Set(runs.flatMap((r) => Object.keys(r.params)))];
  const head = ['run', 'scenario', ...paramNames, 'field', 'index', 'value'];
  const lines = [head.map(csvField).join(',')];
  runs.forEach((r, i) => {
    const fixed = [String(i), r.scenario, ...paramNames.map((p) => r.params[p] ?? '')];
    for (const [field, index, v] of leaves(r.result)) {
      // The result repeats the parameters (params.*): they are columns already.
      if (field === 'params' || field.startsWith('params.')) continue;
      lines.push([...fixed, field, index, v].map(csvField).join(','));
    }
  });
  return `${lines.join('\r\n')}\r\n`;
}

export function resultsToJson(runs: readonly RunResult[]): string {
  return `${JSON.stringify({ fastslow: 1, runs }, null, 2)}\n`;
}

/** A file name part from parameter values ("seed1"). */
export function exportName(view: string, values: Readonly<Record<string, string>>): string {
  const seed = values.seed !== undefined ? `-seed${values.seed.replace(/[^0-9A-Za-z_-]/g, '')}` : '';
  return `fastslow-${view.replace(/[^0-9A-Za-z_-]/g, '')}${seed}`;
}

/** The canvases of `root` that are on screen (not hidden, not zero-sized). */
export function visibleCanvases(root: ParentNode): HTMLCanvasElement[] {
  return [...root.querySelectorAll('canvas')].filter((c) => {
    const r = c.getBoundingClientRect();
    return c.width > 0 && c.height > 0 && r.width > 0 && r.height > 0 && !c.closest('[hidden]');
  });
}

/**
 * Composes canvases into one PNG as they are laid out on screen (at the canvases' own pixel
 * density), on white. Resolves with the PNG blob; undefined when there is nothing to draw.
 */
export async function canvasesToPng(canvases: readonly HTMLCanvasElement[]): Promise<Blob | undefined> {
  if (canvases.length === 0) return undefined;
  const rects = canvases.map((c) => c.getBoundingClientRect());
  const scale = Math.max(...canvases.map((c, i) => c.width / Math.max(1, rects[i]!.width)));
  const left = Math.min(...rects.map((r) => r.left));
  const top = Math.min(...rects.map((r) => r.top));
  const right = Math.max(...rects.map((r) => r.right));
  const bottom = Math.max(...rects.map((r) => r.bottom));
  const out = document.createElement('canvas');
  out.width = Math.max(1, Math.round((right - left) * scale));
  out.height = Math.max(1, Math.round((bottom - top) * scale));
  const ctx = out.getContext('2d');
  if (!ctx) return undefined;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, out.width, out.height);
  canvases.forEach((c, i) => {
    const r = rects[i]!;
    ctx.drawImage(c, (r.left - left) * scale, (r.top - top) * scale, r.width * scale, r.height * scale);
  });
  return new Promise((resolve) => out.toBlob((b) => resolve(b ?? undefined), 'image/png'));
}
