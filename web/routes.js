// Routes: every user x service with its strategy and each candidate's live health (GET /routes, every 10 s).
import {api} from './api.js';
import {h, clear, table, fmtTime, fmtNum, pct} from './dom.js';

export function show(root) {
  let alive = true;
  const box = h('div', {id: 'routes'});
  const updated = h('span', {class: 'muted'});
  root.append(h('div', {class: 'row between'}, h('h1', {}, 'Routes'),
    h('div', {class: 'row'}, updated, h('button', {type: 'button', id: 'routes-refresh', onclick: () => load()}, 'Refresh'))),
  h('p', {class: 'muted'}, 'Health lives outside the config: it survives reloads. Edit routes under Users.'), box);

  async function load() {
    const r = await api('GET', '/routes');
    if (!alive) return;
    if (!r.ok) return clear(box, h('p', {class: 'error'}, r.error.message));
    updated.textContent = 'updated ' + fmtTime(r.data.time);
    clear(box, r.data.routes.length ? r.data.routes.map(route) : h('p', {class: 'muted'}, 'No routes: add a user first.'));
  }

  function route(rt) {
    const rows = rt.candidates.map(c => h('tr', {class: c.enabled ? '' : 'disabled'},
      h('td', {}, c.provider + '/' + c.provider_key, c.current ? h('span', {class: 'badge'}, 'current') : null,
        c.tags.map(t => h('span', {class: 'tag'}, t))),
      h('td', {}, h('span', {class: 'state ' + (c.enabled ? c.state : 'off')}, c.enabled ? c.state.replace('_', ' ') : 'disabled')),
      h('td', {class: 'num'}, String(c.weight) + (c.effective_weight !== c.weight ? ' → ' + c.effective_weight : '')),
      h('td', {}, c.cooldown_until ? fmtTime(c.cooldown_until) + ' (' + (c.cooldown_reason || '') + ')' : '—'),
      h('td', {class: 'num'}, pct(c.error_rate) + ' / ' + pct(c.recent_error_rate)),
      h('td', {class: 'num'}, fmtNum(c.requests) + ' / ' + fmtNum(c.errors)),
      h('td', {class: 'num'}, c.last_status ? String(c.last_status) : '—'),
      h('td', {}, fmtTime(c.last_used)),
      h('td', {class: 'err'}, c.last_error || '')));
    return h('section', {class: 'panel', 'data-route': rt.user + '/' + rt.service_type},
      h('h2', {}, rt.user + ' · ' + rt.service_type, ' ', h('span', {class: 'muted'}, rt.strategy.replace('_', ' ')
        + (rt.session_affinity ? ' · ' + rt.sessions + ' pinned sessions' : ''))),
      table(['candidate', 'health', 'weight', 'cooldown until', 'errors (all / recent)', 'requests / errors', 'last status',
        'last used', 'last error'], rows, 'compact'));
  }

  const timer = setInterval(() => { if (document.visibilityState === 'visible') load(); }, 10000);
  load();
  return {stop() { alive = false; clearInterval(timer); }};
}
