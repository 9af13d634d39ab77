// Thin view: builds one labelled control per parameter (schema or view) and reports edits as raw text.
// It holds no state of its own beyond the DOM; main.ts owns the AppState and calls update().

import {
  boolOf,
  describeError,
  numberOf,
  SEED_PARAM,
  setItems,
  sliderFor,
  toggleItem,
  type ParamError,
  type ParamSpec,
  type SliderMap,
} from './state.ts';
import { el } from './view.ts';

export interface ControlsCallbacks {
  /** A control's text changed (every keystroke / slider move). */
  change(name: string, text: string): void;
  /** The user asked for a fresh random seed. */
  newSeed(): void;
}

export interface ControlsView {
  /** Shows these values (without touching the text field the user is typing in). */
  update(values: Readonly<Record<string, string>>): void;
  /** Shows the errors next to their controls (an empty map clears them). */
  showErrors(byParam: ReadonlyMap<string, readonly ParamError[]>): void;
  /** Moves focus to the control of a parameter. */
  focus(name: string): void;
}

interface Control {
  readonly spec: ParamSpec;
  readonly row: HTMLElement;
  readonly error: HTMLElement;
  readonly input: HTMLInputElement | HTMLSelectElement;
  set(text: string): void;
}

type Made = Omit<Control, 'row' | 'error'> & { nodes: Node[] };


function rangeText(spec: ParamSpec): string {
  if (spec.type === 'enum' || spec.type === 'bool') return '';
  const parts: string[] = [];
  if (spec.min !== undefined && spec.max !== undefined) parts.push(`${spec.min.toLocaleString('en-US')} – ${spec.max.toLocaleString('en-US')}`);
  if (spec.scale === 'log') parts.push('log scale');
  return parts.join(', ');
}

function numberControl(spec: ParamSpec, ids: Ids, cb: ControlsCallbacks): Made {
  const input = el('input', {
    id: ids.input,
    name: spec.name,
    type: 'text',
    inputmode: spec.type === 'int' ? 'numeric' : 'decimal',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': `${ids.help} ${ids.error}`,
    class: 'num',
  });
  const slider: SliderMap | undefined = sliderFor(spec);
  const nodes: Node[] = [];
  let range: HTMLInputElement | undefined;
  if (slider) {
    range = el('input', {
      type: 'range',
      min: '0',
      max: String(slider.positions),
      step: '1',
      'aria-labelledby': ids.label,
      'aria-describedby': ids.help,
      'data-param': spec.name,
    });
    const r = range;
    r.addEventListener('input', () => {
      const text = slider.format(slider.toValue(Number(r.value)));
      input.value = text;
      r.setAttribute('aria-valuetext', text);
      cb.change(spec.name, text);
    });
  }
  input.addEventListener('input', () => cb.change(spec.name, input.value));
  const set = (text: string): void => {
    if (document.activeElement !== input && input.value !== text) input.value = text;
    if (range && slider) {
      const pos = slider.toPosition(numberOf(text));
      if (pos !== undefined) range.value = String(pos);
      range.setAttribute('aria-valuetext', text);
    }
  };
  if (spec.name === SEED_PARAM) {
    const button = el('button', { type: 'button', class: 'secondary', 'aria-describedby': ids.help }, 'New seed');
    button.addEventListener('click', () => cb.newSeed());
    nodes.push(el('div', { class: 'inline' }, input, button));
  } else {
    nodes.push(el('div', { class: range ? 'inline with-range' : 'inline' }, input, ...(range ? [range] : [])));
  }
  return { spec, input, set, nodes };
}

function enumControl(spec: ParamSpec, ids: Ids, cb: ControlsCallbacks): Made {
  const select = el('select', { id: ids.input, name: spec.name, 'aria-describedby': `${ids.help} ${ids.error}` });
  const choices = spec.choices ?? [];
  for (const c of choices) select.append(el('option', { value: c }, spec.labels?.[c] ?? c));
  select.addEventListener('change', () => cb.change(spec.name, select.value));
  const set = (text: string): void => {
    // A value from the URL that is not a choice is still shown (and flagged by the core's error),
    // not silently replaced by a valid one.
    for (const o of Array.from(select.options)) if (o.dataset.invalid !== undefined && o.value !== text) o.remove();
    if (!choices.includes(text) && !Array.from(select.options).some((o) => o.value === text)) {
      select.append(el('option', { value: text, 'data-invalid': '' }, `${text} (not a choice)`));
    }
    select.value = text;
  };
  return { spec, input: select, set, nodes: [select] };
}

function boolControl(spec: ParamSpec, ids: Ids, cb: ControlsCallbacks): Made {
  const box = el('input', { id: ids.input, name: spec.name, type: 'checkbox', 'aria-describedby': `${ids.help} ${ids.error}` });
  box.addEventListener('change', () => cb.change(spec.name, box.checked ? 'true' : 'false'));
  const set = (text: string): void => {
    const b = boolOf(text);
    box.checked = b === true;
    box.indeterminate = b === undefined;
  };
  return { spec, input: box, set, nodes: [box] };
}

/**
 * A 'set' parameter: one checkbox per choice (plus one, checked, per unknown item a URL brought, so
 * it can be seen and removed). With more than three choices and no upper limit, All / None buttons.
 */
function setControl(spec: ParamSpec, ids: Ids, cb: ControlsCallbacks): Made {
  const choices = spec.choices ?? [];
  let current = '';
  const list = el('div', { class: 'choices', id: ids.input, role: 'group', 'aria-labelledby': ids.label, 'aria-describedby': `${ids.help} ${ids.error}` });
  const boxes = new Map<string, HTMLInputElement>();
  const makeBox = (item: string, extra: boolean): HTMLInputElement => {
    const box = el('input', { type: 'checkbox', name: spec.name, value: item, ...(extra ? { 'data-invalid': '' } : {}) });
    box.addEventListener('change', () => cb.change(spec.name, toggleItem(current, item, box.checked, choices)));
    boxes.set(item, box);
    return box;
  };
  const addBox = (item: string, text: string, extra: boolean): void => {
    list.append(el('label', { class: extra ? 'choice invalid-choice' : 'choice' }, makeBox(item, extra), text));
  };
  const grid = spec.grid;
  if (grid && grid.rows.length * grid.cols.length === choices.length) {
    // A matrix: column and row heads, one checkbox per cell named by its full label.
    list.classList.add('choice-grid');
    list.style.gridTemplateColumns = `auto repeat(${grid.cols.length}, auto)`;
    list.append(el('span'), ...grid.cols.map((c) => el('span', { class: 'grid-head', 'aria-hidden': 'true' }, c)));
    grid.rows.forEach((r, i) => {
      list.append(el('span', { class: 'grid-head', 'aria-hidden': 'true' }, r));
      grid.cols.forEach((_, j) => {
        const item = choices[i * grid.cols.length + j]!;
        const box = makeBox(item, false);
        box.setAttribute('aria-label', spec.labels?.[item] ?? item);
        list.append(el('label', { class: 'grid-cell', title: spec.labels?.[item] ?? item }, box));
      });
    });
  } else {
    for (const c of choices) addBox(c, spec.labels?.[c] ?? c, false);
  }
  const set = (text: string): void => {
    current = text;
    const items = setItems(text);
    for (const [item, box] of boxes) {
      if (box.dataset.invalid !== undefined && !items.includes(item)) {
        box.closest('label')?.remove();
        boxes.delete(item);
      }
    }
    for (const item of items) if (!boxes.has(item)) addBox(item, `${item} (unknown)`, true);
    for (const [item, box] of boxes) box.checked = items.includes(item);
  };
  const nodes: Node[] = [list];
  if (choices.length > 3 && (spec.maxItems === undefined || spec.maxItems >= choices.length)) {
    const all = el('button', { type: 'button', class: 'secondary small' }, 'All');
    const none = el('button', { type: 'button', class: 'secondary small' }, 'None');
    all.setAttribute('aria-label', `all ${spec.name}`);
    none.setAttribute('aria-label', `no ${spec.name}`);
    all.addEventListener('click', () => cb.change(spec.name, choices.join(',')));
    none.addEventListener('click', () => cb.change(spec.name, ''));
    nodes.push(el('div', { class: 'inline set-buttons' }, all, none));
  }
  // Focus and aria-invalid go to the first checkbox (a group itself cannot hold focus).
  const first = boxes.values().next().value ?? el('input', { type: 'checkbox' });
  return { spec, input: first, set, nodes };
}

interface Ids {
  readonly input: string;
  readonly label: string;
  readonly help: string;
  readonly error: string;
}

/**
 * Renders the controls of a parameter list (a scenario's, or a view's) into `form`, replacing what
 * was there. `idPrefix` keeps ids unique when several views keep their controls in the page.
 */
export function renderControls(form: HTMLElement, scenario: { readonly params: readonly ParamSpec[] }, cb: ControlsCallbacks, idPrefix = 'param'): ControlsView {
  form.replaceChildren();
  const controls = new Map<string, Control>();
  for (const spec of scenario.params) {
    const base = `${idPrefix}-${spec.name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
    const ids: Ids = { input: base, label: `${base}-label`, help: `${base}-help`, error: `${base}-error` };
    const made =
      spec.type === 'enum'
        ? enumControl(spec, ids, cb)
        : spec.type === 'bool'
          ? boolControl(spec, ids, cb)
          : spec.type === 'set'
            ? setControl(spec, ids, cb)
            : numberControl(spec, ids, cb);
    const label =
      spec.type === 'set' ? el('span', { id: ids.label, class: 'label' }, spec.name) : el('label', { for: ids.input, id: ids.label }, spec.name);
    const range = rangeText(spec);
    const help = el('p', { id: ids.help, class: 'help' }, spec.help, ...(range ? [' ', el('span', { class: 'range' }, `(${range})`)] : []));
    const error = el('p', { id: ids.error, class: 'field-error', 'data-error-for': spec.name, hidden: '' });
    const row =
      spec.type === 'bool'
        ? el('div', { class: 'field field-bool', 'data-param': spec.name }, el('div', { class: 'inline' }, ...made.nodes, label), help, error)
        : el('div', { class: spec.type === 'set' ? 'field field-set' : 'field', 'data-param': spec.name }, label, ...made.nodes, help, error);
    form.append(row);
    controls.set(spec.name, { spec, row, error, input: made.input, set: made.set });
  }
  return {
    update(values) {
      for (const [name, c] of controls) c.set(values[name] ?? '');
    },
    showErrors(byParam) {
      for (const [name, c] of controls) {
        const errs = byParam.get(name) ?? [];
        c.error.textContent = errs.map(describeError).join(' ');
        c.error.hidden = errs.length === 0;
        c.row.classList.toggle('invalid', errs.length > 0);
        const target = c.spec.type === 'set' ? c.row.querySelector('.choices') ?? c.input : c.input;
        if (errs.length > 0) target.setAttribute('aria-invalid', 'true');
        else target.removeAttribute('aria-invalid');
      }
    },
    focus(name) {
      controls.get(name)?.input.focus();
    },
  };
}
