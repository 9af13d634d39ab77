// View options in the page: the controls that carry `data-option="<name>"` (a checkbox: checked;
// a <details>: open) are bound to AppState.options (state.ts), so a shared link, a reload and
// Back / Forward show the view as it was. A view needs no code for it: it listens to its own
// control's 'change' / 'toggle' event as before; applying an option from the URL sets the
// control and fires that same event.

type OptionControl = HTMLInputElement | HTMLDetailsElement;

function controlsIn(root: ParentNode): OptionControl[] {
  return [...root.querySelectorAll<HTMLElement>('[data-option]')].filter(
    (n): n is OptionControl => (n instanceof HTMLInputElement && n.type === 'checkbox') || n instanceof HTMLDetailsElement,
  );
}

function isOn(c: OptionControl): boolean {
  return c instanceof HTMLInputElement ? c.checked : c.open;
}

let applying = false;

/** Sets the option controls under `root` to `on` (a control whose option is not listed: off). */
export function applyOptions(root: ParentNode, on: readonly string[] | undefined): void {
  applying = true;
  try {
    for (const c of controlsIn(root)) {
      const want = on?.includes(c.dataset.option ?? '') ?? false;
      if (isOn(c) === want) continue;
      if (c instanceof HTMLInputElement) {
        c.checked = want;
        c.dispatchEvent(new Event('change', { bubbles: true }));
      } else {
        c.open = want; // fires 'toggle' (asynchronously) by itself
      }
    }
  } finally {
    applying = false;
  }
}

/** Calls `changed(name, on)` when the user switches an option control under `root`. */
export function watchOptions(root: HTMLElement, changed: (name: string, on: boolean) => void): void {
  const handler = (e: Event): void => {
    const c = e.target;
    if (applying || !(c instanceof HTMLElement) || c.dataset.option === undefined) return;
    if (!controlsIn(root).includes(c as OptionControl)) return;
    changed(c.dataset.option, isOn(c as OptionControl));
  };
  root.addEventListener('change', handler);
  root.addEventListener('toggle', handler, true); // 'toggle' does not bubble
}
