// Providers: services (type, base URL, auth) and keys (names and masked values; values are replace-only).
import {seg} from './api.js';
import {h, clear, table, modal, confirmBox, field, select} from './dom.js';
import {state, loadConfig, write, keyUses, NOTICE} from './edits.js';

export function show(root) {
  let alive = true;
  const box = h('div', {id: 'providers'});
  root.append(h('div', {class: 'row between'}, h('h1', {}, 'Providers'),
    h('button', {type: 'button', class: 'primary', id: 'add-provider', onclick: addProvider}, 'Add provider')),
  h('p', {class: 'notice'}, NOTICE), box);

  async function load() {
    const r = await loadConfig();
    if (!alive) return;
    if (!r.ok) return clear(box, h('p', {class: 'error'}, r.error.message));
    const uses = keyUses(state.config);
    clear(box, state.config.providers.map(p => provider(p, uses)));
  }

  function provider(p, uses) {
    const used = [...uses.entries()].filter(([id]) => id.startsWith(p.name + '\n')).flatMap(([, w]) => w);
    const services = p.services.map(sv => h('tr', {},
      h('td', {}, sv.type), h('td', {class: 'path'}, sv.base_url), h('td', {}, sv.auth.mode), h('td', {}, sv.auth.name),
      h('td', {}, sv.auth.prefix == null ? '—' : JSON.stringify(sv.auth.prefix)),
      h('td', {class: 'actions'}, h('button', {type: 'button', onclick: () => editService(p, sv)}, 'Edit'),
        h('button', {type: 'button', class: 'danger', onclick: () => removeService(p, sv)}, 'Remove'))));
    const keys = Object.entries(p.api_keys).map(([name, masked]) => {
      const where = uses.get(p.name + '\n' + name) || [];
      return h('tr', {'data-key': name}, h('td', {}, name), h('td', {class: 'mono'}, masked),
        h('td', {}, where.length ? where.join(', ') : h('span', {class: 'muted'}, 'unused')),
        h('td', {class: 'actions'}, h('button', {type: 'button', onclick: () => setKey(p, name)}, 'Replace value'),
          h('button', {type: 'button', onclick: () => renameKey(p, name)}, 'Rename'),
          h('button', {type: 'button', class: 'danger', disabled: where.length > 0,
            title: where.length ? 'In use by ' + where.join(', ') + ': change those routes first' : null,
            onclick: () => deleteKey(p, name)}, 'Delete')));
    });
    return h('section', {class: 'panel', 'data-provider': p.name},
      h('div', {class: 'row between'}, h('h2', {}, p.name), h('div', {class: 'row'},
        h('button', {type: 'button', onclick: () => renameProvider(p)}, 'Rename'),
        h('button', {type: 'button', class: 'danger', disabled: used.length > 0,
          title: used.length ? 'In use by ' + used.join(', ') : null, onclick: () => deleteProvider(p)}, 'Delete'))),
      h('h3', {}, 'Services'), table(['type', 'base URL', 'auth', 'header / parameter', 'prefix', ''], services, 'compact'),
      h('button', {type: 'button', onclick: () => editService(p, null)}, 'Add service'),
      h('h3', {}, 'Keys'), table(['name', 'value', 'used by', ''], keys, 'compact'),
      h('button', {type: 'button', onclick: () => setKey(p, null)}, 'Add key'));
  }

  /** Base URL and auth controls; returns [nodes, read()]. */
  function serviceFields(sv) {
    const a = sv ? sv.auth : {mode: 'header', name: 'Authorization', prefix: 'Bearer '};
    const base = h('input', {type: 'url', required: true, value: sv ? sv.base_url : '', placeholder: 'https://api.openai.com/v1'});
    const mode = select([['header', 'header'], ['query', 'query parameter']], a.mode);
    const name = h('input', {required: true, value: a.name});
    const prefix = h('input', {value: a.prefix == null ? '' : a.prefix, placeholder: 'e.g. "Bearer " (with its space)'});
    const nodes = [field('Base URL', base), h('div', {class: 'row'}, field('Send the key in', mode), field('Header or parameter name', name),
      field('Prefix (header mode)', prefix))];
    const read = () => ({base_url: base.value.trim(), auth: mode.value === 'query' ? {mode: 'query', name: name.value.trim()}
      : {mode: 'header', name: name.value.trim(), prefix: prefix.value}});
    return [nodes, read];
  }

  function secretFields() {
    const value = h('input', {type: 'password', autocomplete: 'off', placeholder: 'sk-…'});
    const env = h('input', {placeholder: 'or an environment variable, e.g. ALPHA_KEY'});
    return [[field('Key value', value, 'Stored in config.yaml; never shown again.'), field('…or read it from', env,
      'Written as ${NAME}; piapi must have been started with it set.')],
    () => env.value.trim() ? {env: env.value.trim()} : {value: value.value.trim()}];
  }

  async function addProvider() {
    const name = h('input', {required: true, id: 'new-provider-name'});
    const keyName = h('input', {required: true, value: 'main'});
    const [secret, readSecret] = secretFields();
    const type = h('input', {required: true, placeholder: 'codex, claude_code, …'});
    const [svc, readService] = serviceFields(null);
    if (await modal('Add provider', h('div', {}, field('Name', name), field('Key name', keyName), secret,
      field('Service type', type, 'The first path segment clients use: /piapi/<type>/…'), svc),
    [['Cancel', ''], ['Add', 'ok', 'primary']]) !== 'ok') return;
    const body = {name: name.value.trim(), api_keys: {[keyName.value.trim()]: readSecret()},
      services: [{type: type.value.trim(), ...readService()}]};
    if (await write('POST', '/providers', body, 'Provider added', load)) load();
  }

  async function editService(p, sv) {
    const type = h('input', {required: true, value: sv ? sv.type : '', disabled: !!sv});
    const [nodes, read] = serviceFields(sv);
    if (await modal(sv ? 'Service ' + sv.type + ' of ' + p.name : 'Add a service to ' + p.name,
      h('div', {}, field('Service type', type), nodes), [['Cancel', ''], ['Save', 'ok', 'primary']]) !== 'ok') return;
    const t = sv ? sv.type : type.value.trim();
    if (await write('PUT', '/providers/' + seg(p.name) + '/services/' + seg(t), read(), 'Service saved', load)) load();
  }

  async function removeService(p, sv) {
    if (!await confirmBox('Remove service', 'Remove ' + sv.type + ' from ' + p.name + '?', 'Remove')) return;
    if (await write('DELETE', '/providers/' + seg(p.name) + '/services/' + seg(sv.type), undefined, 'Service removed', load)) load();
  }

  async function setKey(p, name) {
    const keyName = h('input', {required: true, value: name || '', disabled: !!name});
    const [nodes, read] = secretFields();
    if (await modal(name ? 'Replace the value of ' + p.name + '/' + name : 'Add a key to ' + p.name,
      h('div', {}, field('Key name', keyName), nodes), [['Cancel', ''], ['Save', 'ok', 'primary']]) !== 'ok') return;
    const k = name || keyName.value.trim();
    if (await write('PUT', '/providers/' + seg(p.name) + '/keys/' + seg(k), read(), 'Key saved', load)) load();
  }

  async function renameKey(p, name) {
    const to = h('input', {required: true, value: name});
    if (await modal('Rename key ' + p.name + '/' + name, h('div', {}, field('New name', to),
      h('p', {class: 'muted'}, 'Routes that use this key are changed in the same write.')), [['Cancel', ''], ['Rename', 'ok', 'primary']]) !== 'ok') return;
    if (await write('POST', '/providers/' + seg(p.name) + '/keys/' + seg(name) + '/rename', {name: to.value.trim()}, 'Key renamed', load)) load();
  }

  async function deleteKey(p, name) {
    if (!await confirmBox('Delete key', 'Delete key ' + name + ' of ' + p.name + '?', 'Delete')) return;
    if (await write('DELETE', '/providers/' + seg(p.name) + '/keys/' + seg(name), undefined, 'Key deleted', load)) load();
  }

  async function renameProvider(p) {
    const to = h('input', {required: true, value: p.name});
    if (await modal('Rename provider ' + p.name, h('div', {}, field('New name', to),
      h('p', {class: 'muted'}, 'Routes that use it are changed in the same write.')), [['Cancel', ''], ['Rename', 'ok', 'primary']]) !== 'ok') return;
    if (await write('PUT', '/providers/' + seg(p.name), {name: to.value.trim()}, 'Provider renamed', load)) load();
  }

  async function deleteProvider(p) {
    if (!await confirmBox('Delete provider', 'Delete ' + p.name + ' with its keys and services?', 'Delete')) return;
    if (await write('DELETE', '/providers/' + seg(p.name), undefined, 'Provider deleted', load)) load();
  }

  load();
  return {stop() { alive = false; }};
}
