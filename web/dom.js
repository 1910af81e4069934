// DOM helpers: every value goes in as text (textContent or attributes), never as markup.
const SVG = 'http://www.w3.org/2000/svg';

function build(el, props, kids) {
  for (const [k, v] of Object.entries(props || {})) {
    if (v == null || v === false) continue;
    if (k === 'class') el.setAttribute('class', v);
    else if (k === 'text') el.textContent = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'value' || k === 'checked' || k === 'selected' || k === 'disabled') el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  add(el, kids);
  return el;
}

function add(el, kids) {
  for (const kid of kids) {
    if (kid == null || kid === false) continue;
    if (Array.isArray(kid)) add(el, kid);
    else el.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  }
}

/** h('td', {class: 'num'}, value): an element whose children are nodes or plain text. */
export const h = (tag, props, ...kids) => build(document.createElement(tag), props, kids);
export const s = (tag, props, ...kids) => build(document.createElementNS(SVG, tag), props, kids);

export function clear(el, ...kids) {
  el.replaceChildren();
  add(el, kids);
  return el;
}

export const $ = (sel, root = document) => root.querySelector(sel);

let toastTimer;
/** A short message at the bottom; kind is 'ok' or 'bad'. */
export function toast(text, kind = 'ok') {
  const t = $('#toast');
  clear(t, text);
  t.className = 'toast show ' + kind;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { t.className = 'toast'; }, 4000);
}

/** A table with a header row; rows are arrays of cells (text or nodes). */
export function table(headers, rows, cls) {
  return h('div', {class: 'scroll'}, h('table', {class: cls},
    h('thead', {}, h('tr', {}, headers.map(x => h('th', {scope: 'col'}, x)))),
    h('tbody', {}, rows)));
}

export function fmtTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return d.toLocaleTimeString([], {hour: '2-digit', minute: '2-digit', second: '2-digit'});
}

export function fmtDateTime(iso) {
  return iso ? new Date(iso).toLocaleString() : '—';
}

export const fmtMs = v => v == null ? '—' : v >= 10000 ? (v / 1000).toFixed(1) + ' s' : Math.round(v) + ' ms';
export const fmtNum = v => v == null ? '—' : Number(v).toLocaleString();
/**
 * A day (YYYY-MM-DD) in an IANA time zone, such as piapi's limits.timezone in which its usage days begin;
 * in UTC when the browser does not know the zone.
 */
export function dayIn(zone, date = new Date()) {
  try {
    const p = Object.fromEntries(new Intl.DateTimeFormat('en-US', {timeZone: zone || 'UTC', year: 'numeric', month: '2-digit',
      day: '2-digit'}).formatToParts(date).map(x => [x.type, x.value]));
    return p.year + '-' + p.month + '-' + p.day;
  } catch (e) {
    return date.toISOString().slice(0, 10);
  }
}

/** Dollars: cents from $1 up, four decimals below it (so a small day is not shown as $0.00). */
export const fmtUsd = v => v == null ? '—' : '$' + Number(v).toFixed(Math.abs(v) >= 1 || v === 0 ? 2 : 4);
export const pct = v => v == null ? '—' : (v * 100).toFixed(1) + '%';

/** Copies text; where the clipboard API is refused (plain HTTP), selects it for Ctrl+C instead. */
export async function copy(text, target) {
  try {
    await navigator.clipboard.writeText(text);
    toast('Copied');
    return;
  } catch (e) {
    // not a secure context, or permission refused: fall back below
  }
  const area = h('textarea', {class: 'copy-area', readonly: true, 'aria-label': 'Text to copy'});
  area.value = text;
  (target || document.body).append(area);
  area.focus();
  area.select();
  let ok = false;
  try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
  if (ok) {
    area.remove();
    toast('Copied');
  } else {
    toast('Press Ctrl+C (⌘C) to copy the selected text');
    area.addEventListener('blur', () => area.remove(), {once: true});
  }
}

/**
 * A modal dialog holding a form; resolves with the value of the button pressed ('' when dismissed with
 * Escape). Buttons are [label, value, class]; 'Cancel'-like buttons (value '') skip form validation.
 */
export function modal(title, body, buttons) {
  const form = h('form', {method: 'dialog'}, body, h('div', {class: 'row end'},
    buttons.map(([label, value, cls]) => h('button', {value, class: cls || '', formnovalidate: value === ''}, label))));
  const dlg = h('dialog', {class: 'modal', 'aria-label': title}, h('h2', {}, title), form);
  document.body.append(dlg);
  return new Promise(resolve => {
    dlg.addEventListener('close', () => { resolve(dlg.returnValue); dlg.remove(); });
    dlg.showModal();
  });
}

export const confirmBox = (title, text, ok = 'OK', cls = 'danger') =>
  modal(title, h('p', {}, text), [['Cancel', ''], [ok, 'ok', cls]]).then(v => v === 'ok');

/** A labelled form control. */
export function field(label, control, hint) {
  const id = control.id || (control.id = 'f' + Math.random().toString(36).slice(2, 9));
  return h('div', {class: 'field'}, h('label', {for: id}, label), control, hint ? h('small', {}, hint) : null);
}

export function select(options, value, props) {
  return h('select', props || {}, options.map(o => {
    const [v, label] = Array.isArray(o) ? o : [o, o];
    return h('option', {value: v, selected: v === value}, label);
  }));
}
