// Users: create (the generated key is shown once), routes per service, a new key, rename, delete, setup snippets.
import {api, seg} from './api.js';
import {h, clear, modal, confirmBox, field, select, copy} from './dom.js';
import {state, loadConfig, write, offers, NOTICE} from './edits.js';

const STRATEGIES = ['round_robin', 'weighted_rr', 'adaptive_rr', 'sticky_healthy'];

/**
 * Fills panel with the user's setup snippets from GET /users/<name>/setup. The gateway's address is this
 * page's own (right behind a TLS terminator too); the key, when given (just after it was made), replaces
 * the placeholder here in the page: it is never sent anywhere.
 */
async function snippets(panel, name, key) {
  const base = new URL('..', location.href).href.replace(/\/$/, '');
  const r = await api('GET', '/users/' + seg(name) + '/setup', {query: {base_url: base}});
  if (!r.ok) return clear(panel, h('p', {class: 'muted'}, r.status === 404 ? 'Setup snippets are not available in this piapi.' : r.error.message));
  const fill = t => key ? t.split(r.data.key_placeholder).join(key) : t;
  clear(panel, h('p', {class: 'muted'}, key ? 'Ready to paste, with ' + name + "'s key filled in."
    : 'For ' + base + '. Replace ' + r.data.key_placeholder + ' with the key handed to ' + name + '.'),
  r.data.snippets.map(sn => h('div', {class: 'snippet', 'data-client': sn.client},
    h('div', {class: 'row between'}, h('h3', {}, sn.title),
      h('button', {type: 'button', onclick: e => copy(fill(sn.text), e.target.closest('.snippet'))}, 'Copy')),
    h('pre', {}, fill(sn.text)))));
}

export function show(root) {
  let alive = true;
  const box = h('div', {id: 'users'});
  root.append(h('div', {class: 'row between'}, h('h1', {}, 'Users'),
    h('button', {type: 'button', class: 'primary', id: 'add-user', onclick: addUser}, 'Add user')),
  h('p', {class: 'notice'}, NOTICE), box);

  async function load() {
    const r = await loadConfig();
    if (!alive) return;
    if (!r.ok) return clear(box, h('p', {class: 'error'}, r.error.message));
    clear(box, state.config.users.length ? state.config.users.map(user) : h('p', {class: 'muted'}, 'No users yet.'));
  }

  function user(u) {
    const free = [...offers(state.config).keys()].filter(t => !(t in u.services));
    return h('section', {class: 'panel', 'data-user': u.name},
      h('div', {class: 'row between'}, h('h2', {}, u.name, ' ', h('span', {class: 'mono muted'}, u.api_key)),
        h('div', {class: 'row'}, h('button', {type: 'button', onclick: () => setup(u)}, 'Setup'),
          h('button', {type: 'button', onclick: () => newKey(u)}, 'New key'),
          h('button', {type: 'button', onclick: () => rename(u)}, 'Rename'),
          h('button', {type: 'button', class: 'danger', onclick: () => remove(u)}, 'Delete'))),
      h('div', {class: 'setup'}),
      h('ul', {class: 'routes'}, Object.entries(u.services).map(([type, r]) => h('li', {'data-service': type},
        h('strong', {}, type), ' ', h('span', {}, describe(r)), ' ',
        h('button', {type: 'button', onclick: () => editRoute(u, type, r)}, 'Edit'),
        h('button', {type: 'button', class: 'danger', disabled: Object.keys(u.services).length < 2,
          title: Object.keys(u.services).length < 2 ? 'A user needs one route; delete the user instead' : null,
          onclick: () => removeRoute(u, type)}, 'Remove')))),
      free.length ? h('button', {type: 'button', onclick: () => editRoute(u, null, null)}, 'Add route') : null);
  }

  const describe = r => r.candidates
    ? r.strategy.replace('_', ' ') + ': ' + r.candidates.map(c => c.provider_name + '/' + c.provider_key_name
      + (c.weight !== 1 ? ' ×' + c.weight : '') + (c.enabled ? '' : ' (off)')).join(', ')
    : '→ ' + r.provider_name + '/' + r.provider_key_name;

  /** Provider and key selects for one candidate of a route for this service type. */
  function candidateRow(type, c, rows) {
    const providers = (offers(state.config).get(type) || []);
    const provider = select(providers.map(p => p.name), c ? c.provider_name : providers[0] && providers[0].name, {'aria-label': 'provider'});
    const key = h('select', {'aria-label': 'key'});
    const fillKeys = () => {
      const p = providers.find(x => x.name === provider.value);
      clear(key, Object.keys(p ? p.api_keys : {}).map(k => h('option', {value: k, selected: c && k === c.provider_key_name}, k)));
    };
    provider.addEventListener('change', fillKeys);
    fillKeys();
    const weight = h('input', {type: 'number', min: 1, value: c ? c.weight || 1 : 1, 'aria-label': 'weight', class: 'short'});
    const enabled = h('input', {type: 'checkbox', checked: c ? c.enabled !== false : true, 'aria-label': 'enabled'});
    const tags = h('input', {value: c && c.tags ? c.tags.join(', ') : '', 'aria-label': 'tags', placeholder: 'tags'});
    const row = h('div', {class: 'row candidate'}, provider, key, weight, h('label', {}, enabled, ' enabled'), tags,
      h('button', {type: 'button', class: 'danger', onclick: () => { row.remove(); rows.splice(rows.indexOf(item), 1); }}, '✕'));
    const item = {row, read: () => ({provider_name: provider.value, provider_key_name: key.value, weight: Number(weight.value) || 1,
      enabled: enabled.checked, tags: tags.value.split(',').map(t => t.trim()).filter(Boolean)})};
    rows.push(item);
    return row;
  }

  async function editRoute(u, type, r) {
    const types = type ? [type] : [...offers(state.config).keys()].filter(t => !(t in u.services));
    const typeSel = select(types, type || types[0], {disabled: !!type, id: 'route-type'});
    const aggregated = h('input', {type: 'checkbox', id: 'route-aggregated', checked: !!(r && r.candidates)});
    const strategy = select(STRATEGIES, r && r.strategy ? r.strategy : 'round_robin', {id: 'route-strategy'});
    const rows = [];
    const list = h('div', {class: 'candidates'});
    const fill = () => {
      rows.length = 0;
      const existing = r ? (r.candidates || [{provider_name: r.provider_name, provider_key_name: r.provider_key_name}]) : [null];
      clear(list, existing.map(c => candidateRow(typeSel.value, c, rows)));
    };
    typeSel.addEventListener('change', () => { r = null; fill(); });
    fill();
    const add = h('button', {type: 'button', onclick: () => list.append(candidateRow(typeSel.value, null, rows))}, 'Add candidate');
    const v = await modal((type ? 'Route ' : 'New route for ') + u.name + (type ? ' · ' + type : ''), h('div', {class: 'route-editor'},
      field('Service', typeSel), h('label', {}, aggregated, ' several candidates (aggregated route)'),
      field('Strategy', strategy, 'Used by aggregated routes: round robin, weighted, adaptive (weights follow error rates), sticky.'),
      h('p', {class: 'muted'}, 'Candidates: provider, key, weight, enabled, tags. A single route uses the first.'), list, add),
    [['Cancel', ''], ['Save', 'ok', 'primary']]);
    if (v !== 'ok' || !rows.length) return;
    const cands = rows.map(x => x.read());
    const body = aggregated.checked ? {strategy: strategy.value, candidates: cands}
      : {provider_name: cands[0].provider_name, provider_key_name: cands[0].provider_key_name};
    if (await write('PUT', '/users/' + seg(u.name) + '/services/' + seg(typeSel.value), body, 'Route saved', load)) load();
  }

  async function removeRoute(u, type) {
    if (!await confirmBox('Remove route', 'Remove ' + u.name + "'s route for " + type + '?', 'Remove')) return;
    if (await write('DELETE', '/users/' + seg(u.name) + '/services/' + seg(type), undefined, 'Route removed', load)) load();
  }

  async function showKey(title, name, key) {
    const out = h('code', {class: 'secret', id: 'new-key'}, key);
    const setupBox = h('div', {class: 'setup'});
    const shown = modal(title, h('div', {}, h('p', {}, 'This is ' + name + "'s key. It is shown only now: copy it and hand it over."),
      h('div', {class: 'row'}, out, h('button', {type: 'button', onclick: e => copy(key, e.target.parentNode)}, 'Copy')),
      h('details', {}, h('summary', {}, 'Client setup with this key'), setupBox)),
    [['I have saved it', 'ok', 'primary']]);
    snippets(setupBox, name, key);
    await shown;
  }

  async function addUser() {
    if (!state.config && !(await loadConfig()).ok) return; // pressed before the view's first load came back
    const o = offers(state.config);
    if (!o.size) return modal('Add a provider first', h('p', {}, 'A user needs a route to a provider service.'), [['OK', 'ok']]);
    const name = h('input', {required: true, id: 'new-user-name'});
    const typeSel = select([...o.keys()], [...o.keys()][0], {id: 'new-user-service'});
    const rows = [];
    const slot = h('div', {});
    const fill = () => { rows.length = 0; clear(slot, candidateRow(typeSel.value, null, rows)); };
    typeSel.addEventListener('change', fill);
    fill();
    if (await modal('Add user', h('div', {}, field('Name', name), field('First service', typeSel), field('Upstream', slot),
      h('p', {class: 'muted'}, 'piapi generates a strong key; you see it once.')), [['Cancel', ''], ['Create', 'ok', 'primary']]) !== 'ok') return;
    const c = rows[0].read();
    const r = await write('POST', '/users', {name: name.value.trim(), services: {[typeSel.value]: {provider_name: c.provider_name,
      provider_key_name: c.provider_key_name}}}, 'User created', load);
    if (!r) return;
    await load();
    await showKey('User created', r.data.user, r.data.api_key);
  }

  async function newKey(u) {
    if (!await confirmBox('New key', u.name + "'s current key stops working at once. Go on?", 'New key')) return;
    const r = await write('POST', '/users/' + seg(u.name) + '/key', undefined, 'New key made', load);
    if (r) await showKey('New key', u.name, r.data.api_key);
  }

  async function rename(u) {
    const to = h('input', {required: true, value: u.name});
    if (await modal('Rename ' + u.name, field('New name', to), [['Cancel', ''], ['Rename', 'ok', 'primary']]) !== 'ok') return;
    if (await write('PUT', '/users/' + seg(u.name), {name: to.value.trim()}, 'User renamed', load)) load();
  }

  async function remove(u) {
    if (!await confirmBox('Delete user', 'Delete ' + u.name + '? Their key stops working at once.', 'Delete')) return;
    if (await write('DELETE', '/users/' + seg(u.name), undefined, 'User deleted', load)) load();
  }

  /** The setup snippets for this user's clients, each with a copy button (which works over plain HTTP too). */
  async function setup(u) {
    const panel = box.querySelector(`[data-user="${CSS.escape(u.name)}"] .setup`);
    if (panel.childNodes.length) return clear(panel);
    await snippets(panel, u.name, null);
  }

  load();
  return {stop() { alive = false; }};
}
