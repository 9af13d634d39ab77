// Embedding, pure part (no DOM): the options of an embed and the URLs / snippets that carry them.
// One list of options, the same names everywhere:
//   embed.html?hide-controls&autoplay&compact#<state>                 (iframe)
//   <fastslow-demo scenario="…" params="…" hide-controls autoplay compact>  (custom element)
// The state (view + parameters) is the playground's URL hash, unchanged; the options are in the
// query, so the hash stays exactly what the playground would show.

export interface EmbedOptions {
  /** Hide the parameter controls (the run toolbar stays). */
  readonly hideControls: boolean;
  /** Start the run once loaded (not when the reader asks for reduced motion). */
  readonly autoplay: boolean;
  /** Smaller plots, no legends or data tables. */
  readonly compact: boolean;
}

export const EMBED_OPTIONS: readonly { key: keyof EmbedOptions; name: string; label: string }[] = [
  { key: 'hideControls', name: 'hide-controls', label: 'Hide the controls' },
  { key: 'autoplay', name: 'autoplay', label: 'Autoplay' },
  { key: 'compact', name: 'compact', label: 'Compact height' },
];

export const NO_OPTIONS: EmbedOptions = { hideControls: false, autoplay: false, compact: false };

/** A boolean option's value: present means on, unless "0", "false", "no" or "off". */
export function flag(value: string | null | undefined): boolean {
  if (value === null || value === undefined) return false;
  return !/^(0|false|no|off)$/i.test(value.trim());
}

/** Options from a query string ("?hide-controls&autoplay=1"). */
export function parseEmbedQuery(search: string): EmbedOptions {
  const q = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  const o: Record<string, boolean> = {};
  for (const { key, name } of EMBED_OPTIONS) o[key] = q.has(name) && flag(q.get(name));
  return o as unknown as EmbedOptions;
}

/** The query string of options ("" when none is on). */
export function formatEmbedQuery(o: EmbedOptions): string {
  const on = EMBED_OPTIONS.filter(({ key }) => o[key]).map(({ name }) => name);
  return on.length > 0 ? `?${on.join('&')}` : '';
}

/** The embed page's URL for a state hash (with or without '#') under the site's base URL. */
export function embedUrl(base: string, state: string, o: EmbedOptions): string {
  const hash = state.startsWith('#') ? state.slice(1) : state;
  const root = base.endsWith('/') ? base : `${base}/`;
  return `${root}embed.html${formatEmbedQuery(o)}${hash ? `#${hash}` : ''}`;
}

/** The playground's URL for a state. */
export function playgroundUrl(base: string, state: string): string {
  const hash = state.startsWith('#') ? state.slice(1) : state;
  const root = base.endsWith('/') ? base : `${base}/`;
  return `${root}index.html${hash ? `#${hash}` : ''}`;
}

/** The attributes of <fastslow-demo> that are not options. */
export interface DemoAttributes {
  /** A view id (a scenario or an app view: both keys are accepted, as in the URL). */
  readonly scenario?: string | null;
  /** Parameters in URL query form: "k=10&seed=3". */
  readonly params?: string | null;
  /** Or the whole state hash (wins over scenario + params). */
  readonly state?: string | null;
}

/** The state hash (without '#') that <fastslow-demo> attributes describe. */
export function stateOfAttributes(a: DemoAttributes): string {
  if (a.state) return a.state.startsWith('#') ? a.state.slice(1) : a.state;
  const q = new URLSearchParams(a.params ?? '');
  q.delete('scenario');
  q.delete('view');
  const head = a.scenario ? `scenario=${encodeURIComponent(a.scenario)}` : '';
  const rest = q.toString();
  return [head, rest].filter(Boolean).join('&');
}

/** Splits a state hash into its view and its parameters (for the element's attributes). */
export function attributesOfState(state: string): { scenario: string | undefined; params: string } {
  const q = new URLSearchParams(state.startsWith('#') ? state.slice(1) : state);
  const scenario = q.get('view') ?? q.get('scenario') ?? undefined;
  q.delete('view');
  q.delete('scenario');
  return { scenario, params: q.toString() };
}

/** Text for an HTML attribute value in double quotes. */
export function attr(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** Default iframe height of a snippet (px): the embed page fits these without scrolling at ~700 px wide. */
export function snippetHeight(o: EmbedOptions): number {
  if (o.compact) return o.hideControls ? 420 : 760;
  return o.hideControls ? 640 : 1100;
}

/** The two snippets for a state: an <iframe>, and the custom element with its script tag. */
export function embedSnippets(base: string, state: string, o: EmbedOptions, title: string): { iframe: string; element: string } {
  const root = base.endsWith('/') ? base : `${base}/`;
  const iframe =
    `<iframe src="${attr(embedUrl(root, state, o))}" title="${attr(`fastslow: ${title}`)}" ` +
    `width="100%" height="${snippetHeight(o)}" loading="lazy"></iframe>`;
  const { scenario, params } = attributesOfState(state);
  const attrs = [
    ...(scenario ? [`scenario="${attr(scenario)}"`] : []),
    ...(params ? [`params="${attr(params)}"`] : []),
    ...EMBED_OPTIONS.filter(({ key }) => o[key]).map(({ name }) => name),
  ];
  const element =
    `<script type="module" src="${attr(`${root}fastslow-demo.js`)}"></script>\n` +
    `<fastslow-demo ${attrs.join(' ')}></fastslow-demo>`;
  return { iframe, element };
}

/** Message the embed page posts to its parent with its content height (the element fits to it). */
export const HEIGHT_MESSAGE = 'fastslow-demo:height';
