// The admin page: sign-in, the header and a hash router over the views. Data comes only from the admin API.
import {api, onUnauthorized, token} from './api.js';
import {$, clear} from './dom.js';
import * as dashboard from './dashboard.js';
import * as routes from './routes.js';
import * as providers from './providers.js';
import * as users from './users.js';
import * as usage from './usage.js';
import * as raw from './raw.js';
import * as history from './history.js';

const views = {dashboard, routes, providers, users, usage, raw, history};
let current = null;

function stopView() {
  if (current && current.stop) current.stop();
  current = null;
}

function showSignIn(message) {
  stopView();
  $('#top').hidden = true;
  clear($('#view')).hidden = true;
  $('#signin').hidden = false;
  $('#signin-error').textContent = message || '';
  $('#token').value = '';
  $('#token').focus();
}

async function signIn(event) {
  event.preventDefault();
  const t = $('#token').value.trim();
  const r = await api('GET', '/status', {token: t});
  if (r.ok) {
    token.set(t);
    enter(r.data);
  } else {
    $('#signin-error').textContent = r.status === 401 ? 'That is not the admin token.' : r.error.message;
  }
}

/** Shows the header's status line: version and the live config's generation. */
async function refreshStatus(status) {
  const s = status || (await api('GET', '/status')).data;
  if (s) $('#status').textContent = 'v' + s.version + ' · config generation ' + s.config.generation;
}

function enter(status) {
  $('#signin').hidden = true;
  $('#top').hidden = false;
  $('#view').hidden = false;
  refreshStatus(status);
  if (!location.hash) location.hash = '#/dashboard';
  else route();
}

function route() {
  if (!token.get()) return showSignIn();
  let name = (location.hash.match(/^#\/(\w+)/) || [])[1];
  if (!views[name]) name = 'dashboard';
  for (const a of document.querySelectorAll('nav a')) {
    if (a.getAttribute('href') === '#/' + name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  stopView();
  const root = clear($('#view'));
  current = views[name].show(root) || null;
  document.title = 'piapi admin · ' + name;
}

// views announce config writes, so the generation shown stays right
window.addEventListener('piapi:config', () => refreshStatus());
onUnauthorized(() => showSignIn('The admin token was refused: sign in again.'));
window.addEventListener('hashchange', () => { if (token.get()) route(); });
$('#signin-form').addEventListener('submit', signIn);
// the skip link moves the focus; following its #view would be taken for a route
$('.skip').addEventListener('click', event => { event.preventDefault(); $('#view').focus(); });
$('#signout').addEventListener('click', () => {
  token.clear();
  showSignIn('Signed out.');
});

(async () => {
  if (!token.get()) return showSignIn();
  const r = await api('GET', '/status');
  if (r.ok) enter(r.data);
  else if (r.status !== 401) showSignIn(r.error.message);
})();
