// History: the config versions piapi loaded or wrote (who, when, what changed, SHA-256), a diff of
// each against the one before it or the current one, and a restore through the normal write path.
import {api} from './api.js';
import {h, clear, table, fmtDateTime, confirmBox, toast} from './dom.js';
import {renderDiff} from './diff.js';
import {explain} from './edits.js';

export function show(root) {
  let alive = true, list = null;
  const box = h('div', {id: 'history'});
  const view = h('div', {id: 'history-diff'});
  root.append(h('h1', {}, 'History'), h('p', {class: 'muted'}, 'Every version of config.yaml piapi loaded, wrote or saw fail '
    + 'to load, newest first. Key values are masked here; a restore writes the version back exactly as it was.'), box, view);

  async function load() {
    const r = await api('GET', '/config/history');
    if (!alive) return;
    if (!r.ok) return clear(box, h('p', {class: 'error'}, r.error.message));
    list = r.data;
    const rows = list.versions.map((v, i) => h('tr', {'data-version': v.id, class: v.current ? 'current' : ''},
      h('td', {class: 'num'}, String(v.id)), h('td', {}, fmtDateTime(v.time)), h('td', {}, v.who),
      h('td', {}, v.note ? h('div', {}, v.note) : null, h('ul', {class: 'changes'}, v.changes.map(c => h('li', {}, c)))),
      h('td', {class: 'mono', title: v.sha256}, v.sha256.slice(0, 12)),
      h('td', {}, v.current ? h('span', {class: 'badge'}, 'current') : v.loaded ? '' : h('span', {class: 'badge bad'}, 'did not load')),
      h('td', {class: 'actions'},
        h('button', {type: 'button', onclick: () => compare(v, list.versions[i + 1], 'previous')}, 'Diff'),
        v.current ? null : h('button', {type: 'button', onclick: () => compare(list.versions.find(x => x.current), v, 'current', true)}, 'vs current'),
        v.current ? null : h('button', {type: 'button', class: 'danger restore', onclick: () => restore(v)}, 'Restore'))));
    clear(box, list.durable ? null : h('p', {class: 'notice'}, 'The data dir cannot be written: versions are kept in memory until piapi restarts.'),
      rows.length ? table(['#', 'when', 'who', 'what changed', 'SHA-256', '', ''], rows, 'compact') : h('p', {class: 'muted'}, 'Nothing kept yet.'));
  }

  const text = async v => {
    const r = await api('GET', '/config/history/' + v.id);
    return r.ok ? r.data.text : null;
  };

  async function compare(a, b, what, reversed) {
    if (!b || !a) {
      const t = await text(a || b);
      return clear(view, h('h2', {}, 'Version ' + (a || b).id), t == null ? h('p', {class: 'muted'}, 'This version cannot be shown.') : h('pre', {class: 'yaml'}, t));
    }
    const [older, newer] = reversed ? [a, b] : [b, a];
    const [x, y] = await Promise.all([text(older), text(newer)]);
    if (!alive) return;
    if (x == null || y == null) return clear(view, h('p', {class: 'muted'}, 'One of these versions does not parse, so it cannot be shown masked.'));
    clear(view, h('h2', {}, reversed ? `Current (#${older.id}) → #${newer.id}` : `#${older.id} → #${newer.id}`),
      renderDiff(x, y, '#' + older.id + (what === 'current' ? ' (current)' : ''), '#' + newer.id));
  }

  async function restore(v) {
    if (!await confirmBox('Restore version ' + v.id, 'Write version ' + v.id + ' (' + fmtDateTime(v.time) + ') back to config.yaml and load it?',
      'Restore', 'primary')) return;
    const send = force => api('POST', '/config/history/' + v.id + '/restore', {ifMatch: '"' + list.current_sha256 + '"',
      query: force ? {force: 'true'} : null});
    let r = await send(false);
    if (r.status === 422 && await explain(r, load) === 'force') r = await send(true);
    if (r.ok) {
      toast(r.data.result === 'unchanged' ? 'That version is live already' : 'Version ' + v.id + ' restored');
      window.dispatchEvent(new Event('piapi:config'));
    } else if (r.status !== 422) {
      await explain(r, load);
    }
    load();
  }

  load();
  return {stop() { alive = false; }};
}
