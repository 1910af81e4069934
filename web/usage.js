// Usage: each user's limits now, and tokens and cost per user, service, model and day from the usage
// ledger, with a CSV download.
import {api, token} from './api.js';
import {h, clear, table, fmtNum, field, toast, dayIn} from './dom.js';
import {limitsPanel} from './limits.js';

const GROUPS = ['user', 'service', 'provider', 'model', 'day'];
const COUNTERS = [['requests', 'requests'], ['input_tokens', 'input'], ['cache_read_tokens', 'cache read'],
  ['cache_write_tokens', 'cache write'], ['output_tokens', 'output'], ['reasoning_tokens', 'reasoning'], ['cost_usd', 'cost (USD)']];

export function show(root) {
  let alive = true, zone = 'UTC', datesChosen = false;
  const from = h('input', {type: 'date', id: 'usage-from', onchange: () => { datesChosen = true; }});
  const to = h('input', {type: 'date', id: 'usage-to', onchange: () => { datesChosen = true; }});
  /** The last seven days, ending today in piapi's zone (learnt from its first answer). */
  const lastWeek = () => {
    to.value = dayIn(zone);
    from.value = dayIn('UTC', new Date(Date.parse(to.value + 'T00:00:00Z') - 6 * 864e5));
  };
  lastWeek();
  const checks = GROUPS.map(g => h('label', {}, h('input', {type: 'checkbox', value: g, checked: g === 'user' || g === 'day'}), ' ' + g));
  const out = h('div', {id: 'usage'});
  const query = () => ({from: from.value, to: to.value,
    group_by: checks.map(l => l.firstChild).filter(c => c.checked).map(c => c.value).join(',')});
  const limits = limitsPanel();
  root.append(h('h1', {}, 'Usage'), limits.panel, h('h2', {}, 'Tokens and cost'), h('form', {class: 'row filters', onsubmit: e => { e.preventDefault(); load(); }},
    field('From', from), field('To', to), h('fieldset', {class: 'row'}, h('legend', {}, 'Group by'), checks),
    h('div', {class: 'row'}, h('button', {class: 'primary'}, 'Show'), h('button', {type: 'button', id: 'usage-csv', onclick: csv}, 'Download CSV'))), out);

  async function load() {
    const r = await api('GET', '/usage', {query: {...query(), format: 'json'}});
    if (!alive) return;
    if (r.status === 404) return clear(out, h('p', {class: 'muted', id: 'usage-missing'},
      'Usage is not available in this piapi: it has no usage ledger.'));
    if (!r.ok) return clear(out, h('p', {class: 'error'}, r.error.message));
    const d = r.data;
    if (d.timezone !== zone) {
      zone = d.timezone;
      if (!datesChosen) {
        const asked = to.value;
        lastWeek();
        if (to.value !== asked) return load(); // the week asked for ended on the wrong day there
      }
    }
    const keys = d.group_by;
    const cost = row => {
      const n = row.unpriced_requests || 0;
      if (n && n === row.requests) return 'unpriced';
      return (row.cost_usd == null ? '—' : '$' + Number(row.cost_usd).toFixed(4)) + (n ? ' + ' + n + ' unpriced' : '');
    };
    const cell = (row, k) => k === 'cost_usd' ? cost(row)
      : k === 'cache_write_tokens' ? fmtNum(row.cache_write_5m_tokens + row.cache_write_1h_tokens) : fmtNum(row[k]);
    clear(out, h('p', {class: 'muted'}, `${d.from} to ${d.to} (${d.timezone})`),
      table([...keys, ...COUNTERS.map(c => c[1])], [
        ...d.rows.map(row => h('tr', {}, keys.map(k => h('td', {}, row[k] == null ? '—' : String(row[k]))),
          COUNTERS.map(([k]) => h('td', {class: 'num'}, cell(row, k))))),
        h('tr', {class: 'total'}, keys.map((k, i) => h('th', {scope: 'row'}, i ? '' : 'total')),
          COUNTERS.map(([k]) => h('td', {class: 'num'}, cell(d.totals, k))))], 'compact'),
      d.totals.unpriced_requests ? h('p', {class: 'muted'}, d.totals.unpriced_requests + (d.totals.unpriced_requests === 1 ? ' request' : ' requests')
        + ' had no price (its model is not in pricing:): its cost is not included.') : null);
  }

  /** The CSV needs the token too, so it is fetched and handed over as a file, never through a URL with the token. */
  async function csv() {
    const url = new URL('api/usage', location.href);
    for (const [k, v] of Object.entries({...query(), format: 'csv'})) url.searchParams.set(k, v);
    const r = await fetch(url, {headers: {Authorization: 'Bearer ' + token.get()}, cache: 'no-store', credentials: 'omit'});
    if (!r.ok) return toast(r.status === 404 ? 'Usage is not available in this piapi' : 'CSV failed: HTTP ' + r.status, 'bad');
    const link = h('a', {href: URL.createObjectURL(await r.blob()), download: `piapi-usage-${from.value}-${to.value}.csv`});
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  }

  load();
  return {stop() { alive = false; limits.stop(); }};
}
