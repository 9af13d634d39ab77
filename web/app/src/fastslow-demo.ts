// <fastslow-demo>: one demo of the playground in a course page, loaded by one tag:
//   <script type="module" src="https://…/fastslow/fastslow-demo.js"></script>
//   <fastslow-demo scenario="bandit-live" params="k=10&policy=ucb1&seed=1" hide-controls autoplay compact></fastslow-demo>
//
// The element shows the embed page (embed.html, beside this script) in an iframe whose height
// follows its content. An iframe, not the page itself: the computation runs in Web Workers, and a
// page may only start workers from its own origin, so a script loaded from another site could not
// start them in the course page; the iframe also keeps the demo's styles and runs apart from the
// host page's (several elements on one page are independent).
//
// Attributes: scenario (a view id), params (URL query form), or state (a whole playground hash);
// hide-controls, autoplay, compact (boolean); height (px: fixed instead of fitting the content);
// src (the playground folder, by default the one this script was loaded from); label (the
// iframe's accessible title).

import { embedUrl, flag, HEIGHT_MESSAGE, snippetHeight, stateOfAttributes, type EmbedOptions } from './embed-options.ts';

const BASE = new URL(/* @vite-ignore */ './', import.meta.url).href;

const OBSERVED = ['scenario', 'params', 'state', 'hide-controls', 'autoplay', 'compact', 'height', 'src', 'label'] as const;

export class FastslowDemo extends HTMLElement {
  static readonly observedAttributes = OBSERVED;
  private frame: HTMLIFrameElement | undefined;
  private readonly onMessage = (e: MessageEvent): void => {
    if (!this.frame || e.source !== this.frame.contentWindow) return;
    const data = e.data as { type?: unknown; height?: unknown } | null;
    if (data?.type !== HEIGHT_MESSAGE || typeof data.height !== 'number' || this.hasAttribute('height')) return;
    this.frame.style.height = `${Math.ceil(Math.min(4000, Math.max(120, data.height)))}px`;
  };

  options(): EmbedOptions {
    const on = (name: string): boolean => this.hasAttribute(name) && flag(this.getAttribute(name) || 'true');
    return { hideControls: on('hide-controls'), autoplay: on('autoplay'), compact: on('compact') };
  }

  /** The embed page this element shows. */
  src(): string {
    const base = new URL(this.getAttribute('src') || BASE, document.baseURI).href;
    const state = stateOfAttributes({
      scenario: this.getAttribute('scenario'),
      params: this.getAttribute('params'),
      state: this.getAttribute('state'),
    });
    return embedUrl(base, state, this.options());
  }

  connectedCallback(): void {
    if (!this.frame) {
      const shadow = this.attachShadow({ mode: 'open' });
      // A constructed sheet, not a <style>: a host page's CSP need not allow inline styles.
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(':host{display:block;max-width:100%}iframe{display:block;width:100%;border:0;border-radius:8px;background:#f4f6f8}');
      shadow.adoptedStyleSheets = [sheet];
      this.frame = document.createElement('iframe');
      this.frame.setAttribute('loading', 'lazy');
      shadow.append(this.frame);
    }
    window.addEventListener('message', this.onMessage);
    this.update();
  }

  disconnectedCallback(): void {
    window.removeEventListener('message', this.onMessage);
  }

  attributeChangedCallback(): void {
    if (this.frame) this.update();
  }

  private update(): void {
    const frame = this.frame;
    if (!frame) return;
    const fixed = Number(this.getAttribute('height'));
    frame.style.height = `${Number.isFinite(fixed) && fixed > 0 ? fixed : snippetHeight(this.options())}px`;
    frame.title = this.getAttribute('label') || `fastslow demo: ${this.getAttribute('scenario') || 'playground'}`;
    const src = this.src();
    if (frame.getAttribute('src') !== src) frame.setAttribute('src', src);
  }
}

if (!customElements.get('fastslow-demo')) customElements.define('fastslow-demo', FastslowDemo);
