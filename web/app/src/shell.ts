// The product around the views, generic over them (nothing here knows a scenario):
//   - the landing page: the catalogue (catalog.ts) as cards, at the empty hash or #home;
//   - "Copy link", "Embed this…" (the two snippets for the current state), result downloads
//     (CSV / JSON from the runner's finished runs, or a view's own `results()`), and a PNG button
//     on every figure that draws into a canvas;
//   - embed mode (embed.html): options from the query, content height posted to the parent page,
//     autoplay, an "open in the playground" link.
// main.ts calls showLanding / viewShown / booted; everything else is built here, in code.

import { availableEntries, CATALOG, citation, paperLink, type CatalogEntry } from './catalog.ts';
import {
  EMBED_OPTIONS,
  embedSnippets,
  HEIGHT_MESSAGE,
  NO_OPTIONS,
  parseEmbedQuery,
  playgroundUrl,
  type EmbedOptions,
} from './embed-options.ts';
import { canvasesToPng, download, exportName, resultsToCsv, resultsToJson, visibleCanvases, type ExportResults } from './export.ts';
import { RESULTS_EVENT, type Runner } from './runner.ts';
import type { AppState, ViewSpec } from './state.ts';
import { el, type ViewController } from './view.ts';

/** A view controller as main.ts keeps it; `results` lets a view without a Runner export too. */
export type ShellController = ViewController & { runner?: Runner; results?(): ExportResults | undefined };

export interface ShellHost {
  views(): readonly ViewSpec[];
  state(): AppState | undefined;
  active(): ShellController | undefined;
}

export const LANDING_HASH = '#home';

/** True on the embed page (embed.html, or a host that serves it under another name). */
export function isEmbedPage(): boolean {
  return document.documentElement.hasAttribute('data-embed') || /\/embed(\.html)?$/.test(location.pathname);
}

/** The site's folder (where index.html, embed.html and fastslow-demo.js are). */
export function siteBase(): string {
  return new URL('./', location.href).href;
}

/** Copies text; falls back to a selected textarea + execCommand where the Clipboard API is refused. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const t = el('textarea', { 'aria-hidden': 'true', readonly: '' });
    t.value = text;
    t.className = 'visually-hidden';
    document.body.append(t);
    t.select();
    let ok = false;
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    t.remove();
    return ok;
  }
}

export class Shell {
  readonly embed: EmbedOptions | undefined;
  private readonly layout = document.querySelector<HTMLElement>('main.layout');
  private readonly landing = el('section', { id: 'landing', class: 'landing', 'aria-labelledby': 'landing-heading', tabindex: '-1' });
  private readonly bar = el('div', { class: 'share-bar', role: 'group', 'aria-label': 'Share and export' });
  private readonly status = el('p', { class: 'share-status', role: 'status', 'aria-live': 'polite' });
  private readonly buttons = {
    link: el('button', { type: 'button', id: 'btn-copy-link' }, 'Copy link'),
    embed: el('button', { type: 'button', id: 'btn-embed', 'aria-haspopup': 'dialog' }, 'Embed this…'),
    csv: el('button', { type: 'button', id: 'btn-results-csv', title: 'The results of the finished run(s), one number per row' }, 'Results CSV'),
    json: el('button', { type: 'button', id: 'btn-results-json', title: 'The results of the finished run(s), as the library returns them' }, 'Results JSON'),
  };
  private dialog: HTMLDialogElement | undefined;
  private embedBar: { title: HTMLElement; open: HTMLAnchorElement } | undefined;
  /** A catalogue card was followed: its view starts once shown (it promises something in seconds). */
  private playOnShow = false;

  constructor(private readonly host: ShellHost) {
    this.embed = isEmbedPage() ? parseEmbedQuery(location.search) : undefined;
    this.landing.hidden = true;
    if (this.layout) this.layout.before(this.landing);
    this.buildShareBar();
    if (this.embed) this.enterEmbedMode(this.embed);
    else this.addHomeLink();
    if (this.isLanding(location.hash)) {
      // Until the core has loaded (and the catalogue can be matched to its views).
      const note = el('p', { class: 'landing-intro', role: 'status' }, 'Loading the WebAssembly core…');
      this.landing.replaceChildren(el('h2', { id: 'landing-heading' }, 'Choose a demo'), note);
      this.landing.hidden = false;
      if (this.layout) this.layout.hidden = true;
      // Start-up problems are reported in the (hidden) run panel's message line: shown here too.
      const message = document.getElementById('message');
      if (message) {
        new MutationObserver(() => {
          if (note.isConnected && message.textContent) note.textContent = message.textContent;
        }).observe(message, { childList: true, characterData: true, subtree: true });
      }
    }
    document.addEventListener(RESULTS_EVENT, () => this.refresh());
    // Views may build their figures late (on the first frame): PNG buttons follow (once a frame).
    let queued = 0;
    new MutationObserver(() => {
      if (queued !== 0) return;
      queued = requestAnimationFrame(() => {
        queued = 0;
        const view = this.host.active();
        if (view) this.addPngButtons(view.panel);
      });
    }).observe(this.layout ?? document.body, { childList: true, subtree: true });
  }

  // ---- landing ----------------------------------------------------------------------------------

  /** The landing page is shown for an empty hash or #home (never on the embed page). */
  isLanding(hash: string): boolean {
    return !this.embed && (hash === '' || hash === '#' || hash === LANDING_HASH);
  }

  showLanding(views: readonly ViewSpec[]): void {
    const entries = availableEntries(views.map((v) => v.id));
    const titleOf = (e: CatalogEntry): string => views.find((v) => v.id === e.view)?.title ?? e.view;
    // A view nobody has written a catalogue entry for yet still gets a card (its schema's summary).
    const others = views.filter((v) => !entries.some((e) => e.view === v.id));
    this.landing.replaceChildren(
      el('h2', { id: 'landing-heading' }, 'Choose a demo'),
      el(
        'p',
        { class: 'landing-intro' },
        'Each demo runs live in this tab and opens with settings that show something within seconds. ' +
          'Every setting is in the address: change one, then copy the link to share exactly that run.',
      ),
      el('ul', { class: 'catalog', role: 'list' }, ...entries.map((e) => this.card(e, titleOf(e))), ...others.map((v) => this.plainCard(v))),
      ...(views.length === 0 ? [el('p', {}, 'This build has no demo to show.')] : []),
    );
    const fromView = this.layout?.hidden === false;
    this.landing.hidden = false;
    if (this.layout) this.layout.hidden = true;
    this.skipLink(false);
    // Back from a view: focus would be on a control that is now hidden.
    if (fromView) this.landing.focus();
    document.body.dataset.view = 'home';
    document.title = 'fastslow playground';
  }

  private card(e: CatalogEntry, viewTitle: string): HTMLElement {
    const link = paperLink(e.paper);
    const paper = link
      ? el('a', { href: link, rel: 'noopener', target: '_blank', title: e.paper.title }, citation(e.paper))
      : el('span', { title: e.paper.title }, citation(e.paper));
    const meta = [
      ...(e.runtime ? [el('span', { class: 'runtime' }, `about ${e.runtime}`)] : []),
      ...(e.tags ?? []).map((t) => el('span', { class: 'tag' }, t)),
    ];
    const open = el('a', { href: `#${e.state}`, class: 'card-link', 'data-view': e.view }, e.title);
    open.addEventListener('click', () => {
      this.playOnShow = true;
    });
    return el(
      'li',
      { class: 'catalog-card', 'data-entry': e.id },
      el('h3', {}, open),
      el('p', { class: 'card-text' }, e.explanation),
      el('p', { class: 'card-paper' }, 'From ', paper, `: “${e.paper.title}”.`),
      el('p', { class: 'card-meta' }, el('span', { class: 'view-name' }, viewTitle), ...meta),
    );
  }

  private plainCard(v: ViewSpec): HTMLElement {
    const open = el('a', { href: `#${v.kind === 'scenario' ? 'scenario' : 'view'}=${encodeURIComponent(v.id)}`, class: 'card-link', 'data-view': v.id }, v.title);
    open.addEventListener('click', () => {
      this.playOnShow = true;
    });
    return el(
      'li',
      { class: 'catalog-card', 'data-entry': v.id, 'data-plain': '' },
      el('h3', {}, open),
      el('p', { class: 'card-text' }, v.summary),
      el('p', { class: 'card-meta' }, el('span', { class: 'view-name' }, v.title)),
    );
  }

  hideLanding(): void {
    if (this.landing.hidden) return;
    this.landing.hidden = true;
    if (this.layout) this.layout.hidden = false;
    this.skipLink(true);
  }

  /** The skip link leads to the run controls: not on the landing page, which has none. */
  private skipLink(shown: boolean): void {
    const link = document.getElementById('skip-link');
    if (link) link.hidden = !shown;
    const home = document.getElementById('home-link');
    if (shown) home?.removeAttribute('aria-current');
    else home?.setAttribute('aria-current', 'page');
  }

  private addHomeLink(): void {
    const header = document.querySelector('.site-header');
    if (!header) return;
    const nav = el('nav', { class: 'site-nav', 'aria-label': 'Site' }, el('a', { href: LANDING_HASH, id: 'home-link' }, 'All demos'));
    header.append(nav);
  }

  // ---- share and export -------------------------------------------------------------------------

  private buildShareBar(): void {
    const b = this.buttons;
    this.bar.append(b.link, b.embed, b.csv, b.json, this.status);
    const info = document.querySelector('.scenario-info');
    (info ?? document.getElementById('params'))?.after(this.bar);
    b.link.addEventListener('click', () => {
      void copyText(location.href).then((ok) =>
        this.say(ok ? 'Link copied: it opens this view with these settings.' : 'Could not copy: copy the address bar instead.'),
      );
    });
    b.embed.addEventListener('click', () => this.openEmbedDialog());
    b.csv.addEventListener('click', () => this.downloadResults('csv'));
    b.json.addEventListener('click', () => this.downloadResults('json'));
    this.refresh();
  }

  private say(text: string): void {
    this.status.textContent = text;
  }

  private results(): ExportResults | undefined {
    const view = this.host.active();
    const state = this.host.state();
    if (!view || !state) return undefined;
    const name = exportName(state.view, state.values);
    return view.results?.() ?? view.runner?.results(name);
  }

  private downloadResults(kind: 'csv' | 'json'): void {
    const r = this.results();
    if (!r) return;
    if (kind === 'csv') download(`${r.name}.csv`, resultsToCsv(r.runs), 'text/csv;charset=utf-8');
    else download(`${r.name}.json`, resultsToJson(r.runs), 'application/json');
    this.say(`Saved ${r.name}.${kind} (${r.runs.length} run${r.runs.length === 1 ? '' : 's'}).`);
  }

  /** Enables the result buttons when there is something to export; adds PNG buttons to figures. */
  refresh(): void {
    const view = this.host.active();
    // A view that has its own result buttons (no runner, no results()) does not show these.
    const exports = view !== undefined && (view.runner !== undefined || view.results !== undefined);
    const has = this.results() !== undefined;
    for (const b of [this.buttons.csv, this.buttons.json]) {
      b.hidden = !exports;
      b.disabled = !has;
    }
    if (view) this.addPngButtons(view.panel);
  }

  /** A "PNG" button in the caption of every figure of the panel that draws into a canvas. */
  private addPngButtons(panel: HTMLElement): void {
    for (const fig of panel.querySelectorAll<HTMLElement>('figure')) {
      if (fig.querySelector('.png-button') || !fig.querySelector('canvas, .plot')) continue;
      const caption = fig.querySelector('figcaption');
      const name = (caption?.firstChild?.textContent ?? caption?.textContent ?? 'plot').trim();
      const button = el('button', { type: 'button', class: 'png-button', 'aria-label': `Save “${name}” as PNG` }, 'PNG');
      button.addEventListener('click', () => void this.savePng(fig, name));
      (caption ?? fig).append(button);
    }
  }

  private async savePng(fig: HTMLElement, name: string): Promise<void> {
    const png = await canvasesToPng(visibleCanvases(fig));
    if (!png) {
      this.say('Nothing drawn yet: run first.');
      return;
    }
    const state = this.host.state();
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'plot';
    const file = `${state ? exportName(state.view, state.values) : 'fastslow'}-${slug}.png`;
    download(file, png, 'image/png');
    this.say(`Saved ${file}.`);
  }

  // ---- "Embed this" -----------------------------------------------------------------------------

  private openEmbedDialog(): void {
    const dialog = this.dialog ?? this.buildDialog();
    this.dialog = dialog;
    this.updateSnippets();
    dialog.showModal();
  }

  private buildDialog(): HTMLDialogElement {
    const dialog = el('dialog', { id: 'embed-dialog', class: 'embed-dialog', 'aria-labelledby': 'embed-heading' });
    const options = el('fieldset', { class: 'embed-options' }, el('legend', {}, 'Options'));
    for (const o of EMBED_OPTIONS) {
      const box = el('input', { type: 'checkbox', id: `embed-opt-${o.name}`, 'data-option': o.name });
      box.addEventListener('change', () => this.updateSnippets());
      options.append(el('label', { for: box.id }, box, ` ${o.label}`));
    }
    const snippet = (id: string, label: string, help: string): HTMLElement => {
      const area = el('textarea', { id, readonly: '', rows: '4', spellcheck: 'false', 'aria-describedby': `${id}-help` });
      const copy = el('button', { type: 'button' }, `Copy ${label.toLowerCase()}`);
      copy.addEventListener('click', () => void copyText(area.value).then((ok) => (copyStatus.textContent = ok ? `${label} copied.` : 'Could not copy: select the text and copy it.')));
      return el('div', { class: 'snippet' }, el('label', { for: id }, label), el('p', { id: `${id}-help`, class: 'hint' }, help), area, copy);
    };
    const copyStatus = el('p', { role: 'status', 'aria-live': 'polite', class: 'hint' });
    const close = el('button', { type: 'button', class: 'primary' }, 'Close');
    close.addEventListener('click', () => dialog.close());
    const preview = el('a', { id: 'embed-preview', target: '_blank', rel: 'noopener' }, 'Open the embed page');
    dialog.append(
      el('h2', { id: 'embed-heading' }, 'Embed this demo'),
      el('p', {}, 'Paste one of these into a course page: the demo opens with the current view and settings. ', preview, '.'),
      options,
      snippet('embed-iframe', 'Iframe', 'Works anywhere HTML is allowed.'),
      snippet('embed-element', 'Custom element', 'One script tag, then <fastslow-demo> wherever a demo should appear; its height follows its content.'),
      copyStatus,
      el('div', { class: 'dialog-actions' }, close),
    );
    document.body.append(dialog);
    return dialog;
  }

  private dialogOptions(): EmbedOptions {
    const o: Record<string, boolean> = { ...NO_OPTIONS };
    for (const { key, name } of EMBED_OPTIONS) {
      const box = document.getElementById(`embed-opt-${name}`) as HTMLInputElement | null;
      o[key] = box?.checked ?? false;
    }
    return o as unknown as EmbedOptions;
  }

  private updateSnippets(): void {
    const spec = this.host.views().find((v) => v.id === this.host.state()?.view);
    const state = location.hash.slice(1);
    const s = embedSnippets(siteBase(), state, this.dialogOptions(), spec?.title ?? 'demo');
    (document.getElementById('embed-iframe') as HTMLTextAreaElement).value = s.iframe;
    (document.getElementById('embed-element') as HTMLTextAreaElement).value = s.element;
    const src = /src="([^"]*)"/.exec(s.iframe)?.[1]?.replace(/&amp;/g, '&');
    if (src) (document.getElementById('embed-preview') as HTMLAnchorElement).href = src;
  }

  // ---- embed mode -------------------------------------------------------------------------------

  private enterEmbedMode(o: EmbedOptions): void {
    const body = document.body;
    body.classList.add('embed');
    body.classList.toggle('embed-hide-controls', o.hideControls);
    body.classList.toggle('embed-compact', o.compact);
    const title = el('span', { class: 'embed-title' });
    const open = el('a', { class: 'embed-open', target: '_blank', rel: 'noopener' }, 'Open in the fastslow playground ↗');
    body.prepend(el('div', { class: 'embed-bar' }, title, open));
    this.embedBar = { title, open };
    this.bar.hidden = true;
    if (window.parent !== window) {
      let last = 0;
      const post = (): void => {
        const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
        if (height === last) return;
        last = height;
        window.parent.postMessage({ type: HEIGHT_MESSAGE, height }, '*');
      };
      new ResizeObserver(post).observe(document.documentElement);
    }
  }

  /** A view is shown (main.ts): the embed bar and the buttons follow. */
  viewShown(spec: ViewSpec): void {
    if (this.embedBar) {
      this.embedBar.title.textContent = spec.title;
      this.embedBar.open.href = playgroundUrl(siteBase(), location.hash);
    }
    this.say('');
    this.refresh();
    if (this.playOnShow) {
      this.playOnShow = false;
      // The card that had focus is gone: focus moves to the demo.
      this.host.active()?.panel.focus();
      window.setTimeout(() => this.autoplay(), 0);
    }
  }

  /** The URL changed without a new view (an edit, back / forward). */
  stateChanged(): void {
    if (this.embedBar) this.embedBar.open.href = playgroundUrl(siteBase(), location.hash);
    if (this.dialog?.open) this.updateSnippets();
  }

  /** The first view is up: autoplay (unless the reader asks for reduced motion). */
  booted(): void {
    if (this.embed?.autoplay) this.autoplay();
  }

  private autoplay(): void {
    const view = this.host.active();
    if (!view) return;
    if (matchMedia('(prefers-reduced-motion: reduce)').matches) {
      view.message.set('Autoplay is off because your system asks for reduced motion: press Run to start.');
      return;
    }
    view.submit();
  }
}
