// Dashboard: cards, the last hour's chart, breakdowns and the live request log. One refresh is at
// most four calls (logs, stats, series, and usage while it exists), every 5 s while shown and not paused.
import {api} from './api.js';
import {h, clear, table, fmtTime, fmtMs, fmtNum, fmtUsd, pct, select, field, dayIn} from './dom.js';
import {chart} from './chart.js';

const STATUS = [['', 'any'], ['success', 'success'], ['error', 'error'], ['2xx', '2xx'], ['4xx', '4xx'], ['5xx', '5xx']];

export function show(root) {
  let paused = false, alive = true, busy = false, again = false, usageShown = true, usageZone = 'UTC';
  const filters = {user: '', service: '', provider: '', status: ''};
  const known = {user: new Set(), service: new Set(), provider: new Set()};
  const cards = h('div', {class: 'cards', id: 'cards'});
  const graph = h('div', {class: 'chart', id: 'chart'});
  const breakdown = h('div', {class: 'grid3'});
  const logBox = h('div', {id: 'log'});
  const updated = h('span', {class: 'muted', id: 'updated'});
  const pause = h('button', {type: 'button', id: 'pause', 'aria-pressed': 'false', onclick: () => {
    paused = !paused;
    pause.textContent = paused ? 'Resume' : 'Pause';
    pause.setAttribute('aria-pressed', String(paused));
    if (!paused) refresh();
  }}, 'Pause');
  const selects = {};
  const filterRow = h('div', {class: 'row filters'});
  for (const name of ['user', 'service', 'provider']) {
    selects[name] = select([['', 'all']], '', {id: 'filter-' + name, onchange: e => { filters[name] = e.target.value; refresh(); }});
    filterRow.append(field(name[0].toUpperCase() + name.slice(1), selects[name]));
  }
  filterRow.append(field('Status', select(STATUS, '', {id: 'filter-status', onchange: e => { filters.status = e.target.value; refresh(); }})),
    h('div', {class: 'row'}, pause, updated));
  root.append(h('h1', {}, 'Dashboard'), cards, h('h2', {}, 'Last hour'), graph, breakdown,
    h('h2', {}, 'Live request log'), filterRow, logBox);

  async function refresh() {
    if (!alive) return;
    if (busy) { again = true; return; } // a filter changed mid-refresh: show it right after, not at the next tick
    busy = true;
    again = false;
    const today = dayIn(usageZone);
    const [logs, stats, series, usage] = await Promise.all([
      api('GET', '/logs', {query: {...filters, limit: 50}}),
      api('GET', '/stats', {query: {window: '1h'}}),
      api('GET', '/series'),
      usageShown ? api('GET', '/usage', {query: {from: today, to: today, group_by: 'day'}}) : null]);
    busy = false;
    if (!alive) return;
    if (again) return refresh();
    if (usage && !usage.ok) usageShown = false; // 404: no usage ledger in this piapi; stop asking
    // "today" is a day in piapi's limits.timezone, learnt from its answer: ask again at once when it was guessed wrong
    const wrongDay = usage && usage.ok && dayIn(usage.data.timezone) !== today;
    if (usage && usage.ok) usageZone = usage.data.timezone;
    if (wrongDay) return refresh();
    if (stats.ok) renderStats(stats.data, series.data, usage && usage.ok ? usage.data : null);
    if (series.ok) draw(lastSeries = series.data);
    if (logs.ok) renderLog(logs.data);
    updated.textContent = 'updated ' + new Date().toLocaleTimeString();
  }

  let lastSeries = null;
  function draw(series) {
    clear(graph, chart(series.points, graph.clientWidth - 26), h('p', {class: 'legend muted'},
      h('span', {class: 'key bar'}), 'requests per minute (red: with errors) ', h('span', {class: 'key lat'}), 'p95 latency'));
  }
  const resized = () => { if (lastSeries) draw(lastSeries); };
  window.addEventListener('resize', resized);

  /** Today's cost, and what it leaves out: requests whose model has no price. */
  const tokensSub = t => (t.requests === t.unpriced_requests ? (t.requests ? 'no priced requests' : 'no requests yet')
    : fmtUsd(t.cost_usd)) + (t.unpriced_requests && t.requests !== t.unpriced_requests ? ' + ' + t.unpriced_requests + ' unpriced' : '');

  function renderStats(st, series, usage) {
    const t = st.total;
    const card = (label, value, sub, id) => h('div', {class: 'card', id}, h('div', {class: 'label'}, label),
      h('div', {class: 'value'}, value), sub ? h('div', {class: 'sub'}, sub) : null);
    clear(cards,
      card('Requests (1 h)', fmtNum(t.requests), st.complete ? null : 'log holds less than an hour', 'card-requests'),
      card('Success rate', pct(t.success_ratio), fmtNum(t.errors) + ' errors', 'card-success'),
      card('Latency p50 / p95', fmtMs(t.latency_ms.p50) + ' / ' + fmtMs(t.latency_ms.p95), null, 'card-latency'),
      card('First byte p50 / p95', fmtMs(t.ttfb_ms.p50) + ' / ' + fmtMs(t.ttfb_ms.p95), null, 'card-ttfb'),
      card('Active streams', series ? fmtNum(series.active_streams) : '—', series ? fmtNum(series.in_flight) + ' in flight' : null, 'card-streams'),
      usage ? card('Tokens today', fmtNum(usage.totals.input_tokens + usage.totals.output_tokens), tokensSub(usage.totals), 'card-tokens') : null);
    const group = (title, groups, key) => {
      for (const k of Object.keys(groups)) if (k !== 'none') known[key].add(k);
      return h('section', {}, h('h3', {}, title), table(['', 'requests', 'success', 'p95'],
        Object.entries(groups).map(([k, g]) => h('tr', {}, h('td', {}, k), h('td', {class: 'num'}, fmtNum(g.requests)),
          h('td', {class: 'num'}, pct(g.success_ratio)), h('td', {class: 'num'}, fmtMs(g.latency_ms.p95)))), 'compact'));
    };
    clear(breakdown, group('By service', st.by_service, 'service'), group('By provider', st.by_provider, 'provider'),
      group('By user', st.by_user, 'user'));
    for (const [name, sel] of Object.entries(selects)) {
      const values = [...known[name]].sort();
      if (sel.options.length - 1 === values.length) continue;
      clear(sel, h('option', {value: ''}, 'all'), values.map(v => h('option', {value: v, selected: v === filters[name]}, v)));
    }
  }

  function renderLog(data) {
    const rows = data.logs.map(e => h('tr', {'data-request-id': e.request_id},
      h('td', {title: e.time}, fmtTime(e.time)), h('td', {}, e.user || '—'), h('td', {}, e.service_type || '—'),
      h('td', {}, e.provider ? e.provider + '/' + e.provider_key : '—'), h('td', {class: 'path'}, e.method + ' ' + e.path),
      h('td', {}, h('span', {class: 'badge s' + String(e.status)[0]}, String(e.status || '—'))), h('td', {}, e.outcome),
      h('td', {class: 'num'}, e.ttfb_ms < 0 ? '—' : fmtMs(e.ttfb_ms)), h('td', {class: 'num'}, fmtMs(e.duration_ms)),
      h('td', {class: 'err'}, e.error || '')));
    clear(logBox, rows.length ? table(['time', 'user', 'service', 'upstream', 'request', 'status', 'outcome', 'first byte', 'duration', 'error'],
      rows, 'log') : h('p', {class: 'muted'}, 'No requests match yet.'),
    h('p', {class: 'muted'}, `${data.count} shown of ${data.stored} kept (capacity ${data.capacity})`));
  }

  const timer = setInterval(() => { if (!paused && document.visibilityState === 'visible') refresh(); }, 5000);
  refresh();
  return {stop() { alive = false; clearInterval(timer); window.removeEventListener('resize', resized); }};
}
