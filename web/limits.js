// Limits: each user's limits and quotas as the limiter counts them now (GET /limits): what is used,
// the limit, what remains and when it resets, plus today's and this month's totals.
import {api} from './api.js';
import {h, clear, table, fmtNum, fmtDateTime, fmtUsd} from './dom.js';

const words = name => name.replace(/_/g, ' ');
const amount = (limit, v) => v == null ? '—' : limit.startsWith('cost_') ? fmtUsd(v) : fmtNum(v);

/** "in 42 s", "in 3 h 12 min", "in 2 d 4 h"; the exact time is in the cell's title. */
function resetsIn(seconds) {
  if (seconds == null) return 'when one ends';
  const m = Math.floor(seconds / 60), hrs = Math.floor(m / 60), d = Math.floor(hrs / 24);
  if (seconds < 60) return 'in ' + seconds + ' s';
  if (m < 60) return 'in ' + m + ' min';
  if (hrs < 24) return 'in ' + hrs + ' h ' + (m % 60) + ' min';
  return 'in ' + d + ' d ' + (hrs % 24) + ' h';
}

function user(u) {
  const t = u.today, mo = u.month;
  const rows = u.limits.map(l => h('tr', {'data-limit': l.limit, class: l.remaining === 0 ? 'exhausted' : ''},
    h('td', {}, words(l.limit)), h('td', {}, l.scope),
    h('td', {class: 'num'}, amount(l.limit, l.used)), h('td', {class: 'num'}, amount(l.limit, l.max)),
    h('td', {class: 'num'}, amount(l.limit, l.remaining)),
    h('td', {title: l.resets_at ? fmtDateTime(l.resets_at) : null}, resetsIn(l.resets_in_seconds))));
  return h('section', {class: 'panel', 'data-user': u.user}, h('h3', {}, u.user),
    h('p', {class: 'muted totals'}, `today (${t.day}): ${fmtNum(t.requests)} request${t.requests === 1 ? '' : 's'}, ${fmtNum(t.tokens)} tokens, ${fmtUsd(t.cost_usd)}`
      + ` · ${mo.month}: ${fmtNum(mo.tokens)} tokens, ${fmtUsd(mo.cost_usd)} · ${fmtNum(u.in_progress)} in progress`),
    rows.length ? table(['limit', 'scope', 'used', 'limit', 'remaining', 'resets'], rows, 'compact')
      : h('p', {class: 'muted'}, 'No limits apply to this user.'));
}

/** The panel and a function that loads it again; every 10 s while the view is shown. */
export function limitsPanel() {
  const box = h('div', {id: 'limits'});
  const updated = h('span', {class: 'muted', id: 'limits-updated'});
  const panel = h('section', {}, h('div', {class: 'row between'}, h('h2', {}, 'Limits now'),
    h('div', {class: 'row'}, updated, h('button', {type: 'button', id: 'limits-refresh', onclick: () => load()}, 'Refresh'))),
  h('p', {class: 'muted'}, 'The counters the limiter admits requests by; a request\'s tokens and cost count once it ends. '
    + 'Set limits under limits: in config.yaml (Raw YAML).'), box);
  let alive = true;
  async function load() {
    const r = await api('GET', '/limits');
    if (!alive) return;
    if (!r.ok) return clear(box, h('p', {class: 'error'}, r.error.message));
    updated.textContent = 'days in ' + r.data.timezone + ' · updated ' + new Date().toLocaleTimeString();
    clear(box, r.data.users.length ? r.data.users.map(user) : h('p', {class: 'muted'}, 'No users yet.'));
  }
  const timer = setInterval(() => { if (document.visibilityState === 'visible') load(); }, 10000);
  load();
  return {panel, load, stop() { alive = false; clearInterval(timer); }};
}
