// A line diff (longest common subsequence between the common head and tail) shown as a unified diff.
import {h} from './dom.js';

const LIMIT = 4e6; // cells of the LCS table; past it the changed middle is shown as removed then added

export function diffLines(aText, bText) {
  const a = aText.split('\n'), b = bText.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let ea = a.length, eb = b.length;
  while (ea > start && eb > start && a[ea - 1] === b[eb - 1]) { ea--; eb--; }
  const ops = [];
  for (let i = 0; i < start; i++) ops.push([' ', a[i], i + 1, i + 1]);
  const n = ea - start, m = eb - start;
  if (n * m > LIMIT) {
    for (let i = start; i < ea; i++) ops.push(['-', a[i], i + 1, null]);
    for (let j = start; j < eb; j++) ops.push(['+', b[j], null, j + 1]);
  } else {
    const w = m + 1, lcs = new Uint32Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) {
      lcs[i * w + j] = a[start + i] === b[start + j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
    }
    let i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[start + i] === b[start + j]) { ops.push([' ', a[start + i], start + i + 1, start + j + 1]); i++; j++; }
      else if (j < m && (i === n || lcs[i * w + j + 1] >= lcs[(i + 1) * w + j])) { ops.push(['+', b[start + j], null, start + j + 1]); j++; }
      else { ops.push(['-', a[start + i], start + i + 1, null]); i++; }
    }
  }
  for (let k = 0; k < a.length - ea; k++) ops.push([' ', a[ea + k], ea + k + 1, eb + k + 1]);
  return ops;
}

/** The diff with 3 lines of context around changes; a note when there is none. */
export function renderDiff(aText, bText, aName, bName) {
  const ops = diffLines(aText, bText);
  const changed = ops.map(o => o[0] !== ' ');
  if (!changed.includes(true)) return h('p', {class: 'muted diff-none'}, 'No differences.');
  const near = i => changed.slice(Math.max(0, i - 3), i + 4).includes(true);
  const lines = [h('div', {class: 'dh'}, '--- ' + aName), h('div', {class: 'dh'}, '+++ ' + bName)];
  let skipped = false;
  ops.forEach((o, i) => {
    if (!near(i)) { skipped = true; return; }
    if (skipped) lines.push(h('div', {class: 'dskip'}, '…'));
    skipped = false;
    const no = o[0] === '+' ? o[3] : o[2];
    lines.push(h('div', {class: o[0] === '+' ? 'da' : o[0] === '-' ? 'dd' : 'dc'}, h('span', {class: 'dn'}, String(no)), o[0] + ' ' + o[1]));
  });
  const adds = ops.filter(o => o[0] === '+').length, dels = ops.filter(o => o[0] === '-').length;
  return h('div', {class: 'diff'}, h('p', {class: 'muted'}, `${adds} line(s) added, ${dels} removed`), h('pre', {}, lines));
}
