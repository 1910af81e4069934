// Raw YAML: the file as on disk, comments included. Validate lists problems by line (click to jump);
// Save shows the diff first and writes with If-Match; warnings can be applied anyway.
import {api} from './api.js';
import {h, clear, modal, toast} from './dom.js';
import {renderDiff} from './diff.js';

export function show(root) {
  let alive = true, etag = null, original = '', marked = new Set();
  const ta = h('textarea', {id: 'yaml', spellcheck: 'false', wrap: 'off', 'aria-label': 'config.yaml', autocapitalize: 'off'});
  const gutter = h('div', {class: 'gutter', 'aria-hidden': 'true'});
  const mark = h('div', {class: 'line-mark', hidden: true});
  const problems = h('div', {id: 'problems', 'aria-live': 'polite'});
  const diffBox = h('div', {id: 'diff'});
  const info = h('span', {class: 'muted', id: 'raw-info'});
  root.append(h('h1', {}, 'Raw YAML'),
    h('p', {class: 'muted'}, 'config.yaml as it is on disk, comments and all (the only view that shows key values). '
      + 'Save writes it atomically and reloads it; if someone changed the file since you loaded it, nothing is written.'),
    h('div', {class: 'row toolbar'}, h('button', {type: 'button', id: 'validate', onclick: validate}, 'Validate'),
      h('button', {type: 'button', id: 'show-diff', onclick: () => clear(diffBox, renderDiff(original, ta.value, 'on disk', 'your edit'))}, 'Diff'),
      h('button', {type: 'button', class: 'primary', id: 'save', onclick: save}, 'Save'),
      h('button', {type: 'button', id: 'reload', onclick: reloadFile}, 'Load from disk'), info),
    problems, h('div', {class: 'editor'}, gutter, h('div', {class: 'code'}, mark, ta)), diffBox);

  const lineHeight = () => parseFloat(getComputedStyle(ta).lineHeight) || 20;
  const lineCount = () => ta.value.split('\n').length;

  function numbers() {
    const n = lineCount();
    if (gutter.childNodes.length === n) return;
    const rows = [];
    for (let i = 1; i <= n; i++) rows.push(h('div', {class: marked.has(i) ? 'bad' : null, 'data-line': i}, String(i)));
    clear(gutter, rows);
    gutter.scrollTop = ta.scrollTop;
  }

  function place() {
    gutter.scrollTop = ta.scrollTop;
    if (!mark.hidden) mark.style.top = (Number(mark.dataset.line) - 1) * lineHeight() - ta.scrollTop + 'px';
  }

  ta.addEventListener('input', () => { numbers(); mark.hidden = true; });
  ta.addEventListener('scroll', place);

  /** Puts the cursor on a line, scrolls to it and highlights it. */
  function jump(line) {
    const lines = ta.value.split('\n');
    const at = Math.min(Math.max(line, 1), lines.length);
    let start = 0;
    for (let i = 0; i < at - 1; i++) start += lines[i].length + 1;
    ta.focus();
    ta.setSelectionRange(start, start + lines[at - 1].length);
    ta.scrollTop = Math.max(0, (at - 1) * lineHeight() - ta.clientHeight / 3);
    for (const el of gutter.querySelectorAll('.hl')) el.classList.remove('hl');
    const g = gutter.querySelector(`[data-line="${at}"]`);
    if (g) g.classList.add('hl');
    mark.dataset.line = String(at);
    mark.hidden = false;
    place();
  }

  function showProblems(list, title, cls) {
    marked = new Set(list.filter(p => p.line).map(p => p.line));
    for (const el of gutter.children) el.classList.toggle('bad', marked.has(Number(el.dataset.line)));
    if (!list.length) return clear(problems);
    clear(problems, h('div', {class: 'problems ' + cls}, h('strong', {}, title), h('ul', {}, list.map(p => h('li', {},
      p.line ? h('button', {type: 'button', class: 'link', onclick: () => jump(p.line)}, 'line ' + p.line + (p.column ? ':' + p.column : ''))
        : null, ' ', (p.severity === 'warning' ? 'warning: ' : '') + (p.path ? p.path + ': ' : '') + p.message)))));
    const first = list.find(p => p.line);
    if (first && cls === 'bad') jump(first.line);
  }

  async function reloadFile() {
    if (ta.value !== original && !await modal('Discard your edits?', h('p', {}, 'Load the file from disk and lose what you typed here?'),
      [['Keep editing', ''], ['Discard and load', 'ok', 'danger']]).then(v => v === 'ok')) return;
    load();
  }

  async function load() {
    const r = await api('GET', '/config/raw');
    if (!alive) return;
    if (!r.ok) return clear(problems, h('p', {class: 'error'}, r.error.message));
    etag = r.etag;
    original = ta.value = r.text;
    info.textContent = 'version ' + (etag || '').replace(/"/g, '').slice(0, 12);
    marked = new Set();
    clear(gutter);
    numbers();
    clear(problems);
    clear(diffBox);
    mark.hidden = true;
  }

  async function validate() {
    const r = await api('POST', '/config/validate', {text: ta.value});
    if (r.ok) {
      showProblems(r.data.warnings, r.data.warnings.length ? 'Valid, with warnings' : 'Valid', 'warn');
      if (!r.data.warnings.length) clear(problems, h('p', {class: 'ok', id: 'valid'}, 'Valid: a reload would accept this config.'));
    } else if (r.data && r.data.problems) {
      showProblems(r.data.problems, r.data.problems.length + ' problem(s): nothing was written', 'bad');
    } else {
      toast(r.error.message, 'bad');
    }
  }

  async function save(force) {
    if (ta.value === original) return toast('Nothing to save: the editor holds the file as loaded');
    if (force !== true && await modal('Save these changes?', renderDiff(original, ta.value, 'on disk', 'your edit'),
      [['Cancel', ''], ['Save', 'ok', 'primary']]) !== 'ok') return;
    const r = await api('PUT', '/config/raw', {text: ta.value, ifMatch: etag, query: force === true ? {force: 'true'} : null});
    if (r.ok) {
      etag = r.etag;
      original = ta.value;
      info.textContent = 'version ' + (etag || '').replace(/"/g, '').slice(0, 12) + ' · generation ' + r.data.generation;
      showProblems(r.data.warnings, 'Saved, with warnings', 'warn');
      if (!r.data.warnings.length) clear(problems, h('p', {class: 'ok', id: 'saved'}, 'Saved and live (generation ' + r.data.generation + ').'));
      clear(diffBox);
      window.dispatchEvent(new Event('piapi:config'));
      return toast('Saved');
    }
    const list = (r.data && (r.data.problems || r.data.warnings)) || [];
    if (r.status === 409) {
      const v = await modal('The file changed on disk', h('p', {}, 'Someone changed config.yaml since you loaded it, so nothing was '
        + 'written. Load the current file (your edits here are lost), or keep editing and copy them out first.'),
      [['Keep editing', ''], ['Load the current file', 'ok', 'danger']]);
      if (v === 'ok') load();
    } else if (r.status === 422) {
      showProblems(list, 'Warnings: nothing was written yet', 'warn');
      problems.append(h('button', {type: 'button', class: 'danger', id: 'apply-anyway', onclick: () => save(true)}, 'Apply anyway'));
    } else {
      showProblems(list, (r.error && r.error.message) || 'Not saved', 'bad');
    }
  }

  load();
  return {stop() { alive = false; }};
}
