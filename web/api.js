// The admin API client. The token lives in sessionStorage only: never in a URL, a cookie or localStorage.
const KEY = 'piapiAdminToken';
export const token = {
  get: () => sessionStorage.getItem(KEY),
  set: t => sessionStorage.setItem(KEY, t),
  clear: () => sessionStorage.removeItem(KEY),
};

let unauthorized = () => {};
/** Called when any call answers 401: the page returns to sign-in. */
export const onUnauthorized = fn => { unauthorized = fn; };

/**
 * One admin call. opts: json (a body to send as JSON), text (a YAML body), ifMatch, query (object).
 * Resolves to {ok, status, etag, data | text, error}; never throws.
 */
export async function api(method, path, opts = {}) {
  const headers = {Authorization: 'Bearer ' + (opts.token || token.get() || '')};
  let body;
  if (opts.ifMatch) headers['If-Match'] = opts.ifMatch;
  if (opts.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.text !== undefined) {
    headers['Content-Type'] = 'application/x-yaml';
    body = opts.text;
  }
  const url = new URL('api' + path, location.href);
  for (const [k, v] of Object.entries(opts.query || {})) if (v != null && v !== '') url.searchParams.set(k, v);
  let res;
  try {
    res = await fetch(url, {method, headers, body, cache: 'no-store', credentials: 'omit'});
  } catch (e) {
    return {ok: false, status: 0, error: {message: 'piapi did not answer (' + e.message + ')'}};
  }
  if (res.status === 401 && !opts.token) {
    token.clear();
    unauthorized();
  }
  const out = {ok: res.ok, status: res.status, etag: res.headers.get('ETag')};
  const type = res.headers.get('Content-Type') || '';
  if (type.startsWith('application/json')) {
    out.data = await res.json();
    if (!res.ok && out.data && out.data.error) out.error = out.data.error;
  } else {
    out.text = await res.text();
  }
  if (!res.ok && !out.error) out.error = {message: 'HTTP ' + res.status};
  return out;
}

/** A path segment: names may hold '/', '#', '?' and spaces. */
export const seg = s => encodeURIComponent(s);
