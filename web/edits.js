// Structured edits: each one JSON call to the admin API with If-Match (the config version it is based on).
import {api} from './api.js';
import {h, modal, toast} from './dom.js';

export const state = {etag: null, config: null};

export const NOTICE = 'Saving here rewrites config.yaml in a canonical layout: comments and formatting survive only when you edit through Raw YAML.';

/** GET /config (every key masked) and its ETag, which the next write sends as If-Match. */
export async function loadConfig() {
  const r = await api('GET', '/config');
  if (r.ok) {
    state.etag = r.etag;
    state.config = r.data;
  }
  return r;
}

/**
 * Sends one edit; on success returns the answer, else explains the refusal and returns null. A change
 * that leaves warnings is refused first (422) and sent again with force only when the admin says so.
 */
export async function write(method, path, json, done, reload) {
  const send = force => api(method, path, {json, ifMatch: state.etag, query: force ? {force: 'true'} : null});
  let r = await send(false);
  if (r.status === 422) {
    if (await explain(r, reload) !== 'force') return null;
    r = await send(true);
  }
  if (r.ok) {
    if (r.etag) state.etag = r.etag;
    window.dispatchEvent(new Event('piapi:config'));
    toast(done || 'Saved');
    return r;
  }
  await explain(r, reload);
  return null;
}

/**
 * A refusal in words: a stale version offers to reload, an invalid config lists its problems, warnings
 * offer "Apply anyway" (resolves to 'force' when chosen).
 */
export async function explain(r, reload) {
  const e = r.error || {};
  const list = ps => h('ul', {class: 'problems'}, ps.map(p => h('li', {}, (p.line ? 'line ' + p.line + ': ' : '') + (p.path ? p.path + ': ' : '') + p.message)));
  if (r.status === 422) {
    return modal('The config would have warnings', h('div', {}, h('p', {}, 'Nothing was written. Apply anyway, or cancel and fix them first.'),
      list(r.data.problems || [])), [['Cancel', ''], ['Apply anyway', 'force', 'danger']]);
  }
  if (r.status === 409 && (e.code === 'stale_config' || e.code === 'concurrent_change')) {
    const v = await modal('The config changed', h('p', {}, 'Someone changed the config since this page read it. '
      + 'Reload to see the current version, then apply your change again.'), [['Close', ''], ['Reload', 'reload', 'primary']]);
    if (v === 'reload' && reload) reload();
    return;
  }
  const problems = r.data && r.data.problems ? r.data.problems : [];
  await modal(r.status === 400 && e.code === 'invalid_config' ? 'The config would be invalid' : 'Not done',
    h('div', {}, h('p', {class: 'error'}, e.message || 'HTTP ' + r.status),
      problems.length ? list(problems) : null),
    [['Close', 'ok']]);
}

/** Where each provider key is used: "provider\nkey" -> ["user/service", ...]. */
export function keyUses(config) {
  const uses = new Map();
  const note = (p, k, where) => {
    const id = p + '\n' + k;
    if (!uses.has(id)) uses.set(id, []);
    uses.get(id).push(where);
  };
  for (const u of config.users) {
    for (const [type, r] of Object.entries(u.services)) {
      if (r.candidates) for (const c of r.candidates) note(c.provider_name, c.provider_key_name, u.name + '/' + type);
      else note(r.provider_name, r.provider_key_name, u.name + '/' + type);
    }
  }
  return uses;
}

/** The service types the providers offer, and for each the providers that offer it. */
export function offers(config) {
  const out = new Map();
  for (const p of config.providers) for (const s of p.services) {
    if (!out.has(s.type)) out.set(s.type, []);
    out.get(s.type).push(p);
  }
  return out;
}
