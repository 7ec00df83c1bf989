// The Switchboard chat page, built on switchboard.js. Plain ES module, no framework, no build step. Rooms are the
// hub's channels "chat:<room>". Everything other people wrote goes into the page with textContent, never as HTML.
import { Switchboard } from './switchboard.js';

const PREFIX = 'chat:';
const DEFAULT_ROOM = 'lobby';
const HISTORY = 50;
const PRESENCE_POLL_MS = 15000;
const ROOM_PATTERN = /^[A-Za-z0-9_.:@-]{1,123}$/;
const NAME_KEY = 'switchboard.chat.name';
const ROOMS_KEY = 'switchboard.chat.rooms';
const TOKEN_KEY = 'switchboard.chat.token';

const $ = (id) => document.getElementById(id);
const meta = document.querySelector('meta[name="switchboard-auth"]');
/** The hub's auth.mode, written into the page when it is served (the raw file says @AUTH_MODE@). */
const authMode = meta && /^[a-z]+$/.test(meta.content) ? meta.content : 'none';
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/** name → { sub, list (the room's <ol>), unread, people: Set } */
const rooms = new Map();
/** Every user name the hub gave this page's connections (a new one per anonymous connection). */
const myUsers = new Set();
/** Display names learned from messages, by the hub's user name (anonymous users choose theirs). */
const knownNames = new Map();
let active = null;
let displayName = '';
let client = null;
let countdown = null;
let presencePoll = null;

// ---- sign in ---------------------------------------------------------------------------------------------------

function setUpSignIn() {
  const form = $('signin');
  if (authMode === 'jwt') {
    $('name-field').hidden = true;
    $('token-field').hidden = false;
    $('token-input').value = sessionStorage.getItem(TOKEN_KEY) || '';
    $('signin-hint').textContent = 'This hub checks tokens: paste a JWT it accepts. It stays in this tab only.';
  } else if (authMode === 'none') {
    $('name-input').value = localStorage.getItem(NAME_KEY) || '';
    $('signin-hint').textContent = 'Anyone can join this hub: your name is what others see next to your messages.';
  } else {
    $('name-field').hidden = true;
    $('signin-hint').textContent = 'The server knows who you are (' + authMode + '): you appear under that name.';
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const error = validateSignIn();
    showError('signin-error', error);
    if (error) return;
    form.hidden = true;
    $('chat').hidden = false;
    start();
  });
  (authMode === 'jwt' ? $('token-input') : authMode === 'none' ? $('name-input') : $('signin-submit')).focus();
}

/** @returns {string} what is wrong with the form, or '' */
function validateSignIn() {
  if (authMode === 'jwt') {
    const token = $('token-input').value.trim();
    if (!/^[\w-]+\.[\w-]+\.[\w-]*$/.test(token)) return 'Paste a JWT: three base64url parts separated by dots.';
    sessionStorage.setItem(TOKEN_KEY, token);
    return '';
  }
  if (authMode !== 'none') return '';
  const name = $('name-input').value.trim();
  if (!name) return 'Pick a name first.';
  displayName = name.slice(0, 40);
  localStorage.setItem(NAME_KEY, displayName);
  return '';
}

// ---- the connection --------------------------------------------------------------------------------------------

function start() {
  const url = new URL('ws', import.meta.url);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const options = authMode === 'jwt' ? { token: () => sessionStorage.getItem(TOKEN_KEY) } : {};
  client = new Switchboard(url.href, options);
  client.onState(showState);
  const saved = JSON.parse(localStorage.getItem(ROOMS_KEY) || '[]').filter((r) => ROOM_PATTERN.test(r));
  for (const room of saved.length > 0 ? saved : [DEFAULT_ROOM]) join(room);
  select(rooms.keys().next().value);
  client.connect();
  if (presencePoll === null) presencePoll = setInterval(() => refreshPresence(), PRESENCE_POLL_MS);
  $('composer-input').focus();
}

function showState(state, detail) {
  clearInterval(countdown);
  countdown = null;
  const status = $('status');
  status.dataset.state = state;
  const text = $('status-text');
  if (state === 'connected') {
    myUsers.add(detail.user);
    if (authMode !== 'none') displayName = detail.user;
    text.textContent = 'Connected as ' + (displayName || detail.user);
  } else if (state === 'connecting') {
    text.textContent = detail.attempt > 0 ? 'Reconnecting…' : 'Connecting…';
  } else if (state === 'disconnected' && detail.offline) {
    status.dataset.state = 'offline';
    text.textContent = 'Offline: reconnecting when the network is back';
  } else if (state === 'disconnected') {
    const tick = () => {
      const seconds = Math.max(0, Math.ceil((detail.retryAt - Date.now()) / 1000));
      text.textContent = 'Reconnecting in ' + seconds + ' s…';
    };
    tick();
    countdown = setInterval(tick, 500);
  } else if (state === 'closed') {
    text.textContent = 'Disconnected: ' + closedReason(detail);
    if (detail.code === 4501 || detail.code === 4503) signInAgain();
  }
}

function closedReason(detail) {
  if (detail.code === 4501) return 'your token expired. Paste a new one to continue.';
  if (detail.code === 4503 || detail.code === 1008) return 'the hub refused this connection.';
  return (detail.reason || 'closed') + ' (' + detail.code + ').';
}

function signInAgain() {
  client = null;
  for (const room of rooms.values()) room.sub = null;
  rooms.clear();
  $('room-list').replaceChildren();
  $('message-pane').replaceChildren();
  $('chat').hidden = true;
  $('signin').hidden = false;
  $('token-input').value = '';
  $('token-input').focus();
}

// ---- rooms -----------------------------------------------------------------------------------------------------

/** Joins a room (subscribes, with its latest history first); it stays joined across reconnects. */
function join(name) {
  if (rooms.has(name)) return;
  const list = document.createElement('ol');
  list.className = 'messages';
  list.setAttribute('role', 'log');
  list.setAttribute('aria-label', 'Messages in #' + name);
  list.tabIndex = 0;
  const room = { name, list, unread: 0, people: new Set(), sub: null, button: null, presenceAt: 0,
    presenceAsked: false };
  rooms.set(name, room);
  room.sub = client.subscribe(PREFIX + name, {
    message: (m) => addMessage(room, m),
    gap: (g) => showGap(room, g),
    subscribed: () => refreshPresence(room),
    presence: (e) => {
      if (e.type === 'join') room.people.add(e.user);
      else room.people.delete(e.user);
      if (room === active) renderPeople();
    },
    error: (e) => {
      showError('join-error', 'Could not join #' + name + ': ' + e.message);
      leave(name);
    },
  }, { history: HISTORY });
  const item = document.createElement('li');
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'room';
  button.addEventListener('click', () => select(name));
  item.append(button);
  room.button = button;
  $('room-list').append(item);
  renderRoomButton(room);
  saveRooms();
}

function leave(name) {
  const room = rooms.get(name);
  if (!room) return;
  if (room.sub) room.sub.unsubscribe();
  rooms.delete(name);
  room.button.parentElement.remove();
  saveRooms();
  if (active === room) {
    active = null;
    const next = rooms.keys().next();
    if (!next.done) select(next.value);
    else {
      $('message-pane').replaceChildren();
      $('room-title').textContent = 'No room: join one';
      $('people').replaceChildren();
      $('people-count').textContent = '';
      $('join-input').focus();
    }
  }
}

function select(name) {
  const room = rooms.get(name);
  if (!room) return;
  active = room;
  room.unread = 0;
  for (const other of rooms.values()) renderRoomButton(other);
  $('room-title').textContent = '#' + name;
  $('message-pane').replaceChildren(room.list);
  scrollToEnd(room, true);
  renderPeople();
}

function renderRoomButton(room) {
  const button = room.button;
  button.replaceChildren(document.createTextNode('#' + room.name));
  if (room === active) button.setAttribute('aria-current', 'true');
  else button.removeAttribute('aria-current');
  if (room.unread > 0) {
    const badge = document.createElement('span');
    badge.className = 'unread';
    badge.textContent = String(room.unread);
    const label = document.createElement('span');
    label.className = 'visually-hidden';
    label.textContent = ' unread';
    button.append(' ', badge, label);
  }
}

function saveRooms() {
  localStorage.setItem(ROOMS_KEY, JSON.stringify([...rooms.keys()]));
}

// ---- messages --------------------------------------------------------------------------------------------------

function addMessage(room, m) {
  const data = m.data !== null && typeof m.data === 'object' ? m.data : {};
  const claimed = typeof data.name === 'string' && data.name.trim() ? data.name.trim().slice(0, 40) : '';
  // Anonymous users and HTTP publishes (from "server") name themselves; otherwise the hub's identity is shown.
  const sender = (authMode === 'none' || m.from === 'server') && claimed ? claimed : m.from;
  if (claimed && m.from !== 'server') knownNames.set(m.from, sender);
  const own = myUsers.has(m.from);
  const item = document.createElement('li');
  item.className = own ? 'message own' : 'message';
  item.dataset.offset = String(m.offset);
  const head = document.createElement('div');
  head.className = 'meta';
  const who = document.createElement('span');
  who.className = 'sender';
  who.textContent = own ? sender + ' (you)' : sender;
  if (sender !== m.from) who.title = m.from;
  const when = document.createElement('time');
  const date = new Date(m.time);
  when.dateTime = m.time;
  when.textContent = Number.isNaN(date.getTime()) ? '' : timeFormat.format(date);
  head.append(who, ' ', when);
  const text = document.createElement('p');
  text.className = 'text';
  text.textContent = typeof data.text === 'string' ? data.text : JSON.stringify(m.data);
  item.append(head, text);
  const stick = isNearEnd(room);
  room.list.append(item);
  if (room === active) scrollToEnd(room, stick);
  else {
    room.unread++;
    renderRoomButton(room);
  }
  // Someone not in the presence list spoke: they joined since the last look (without presence events).
  if (m.from !== 'server' && !room.people.has(m.from) && Date.now() - room.presenceAt > 3000) {
    refreshPresence(room);
  }
  else if (room === active && knownNames.has(m.from)) renderPeople();
}

function showGap(room, gap) {
  const why = gap.reason === 'epoch_changed'
    ? 'the hub lost its history (it was restarted or the room was idle too long)'
    : 'the hub no longer held them';
  const marker = document.createElement('li');
  marker.className = 'gap-marker';
  marker.textContent = 'Messages may be missing here: ' + why + '.';
  room.list.append(marker);
  $('gap-text').textContent = 'Some messages in #' + room.name + ' could not be recovered: ' + why
    + '. The conversation may be incomplete.';
  $('gap-banner').hidden = false;
}

function isNearEnd(room) {
  const list = room.list;
  return list.scrollHeight - list.scrollTop - list.clientHeight < 48;
}

function scrollToEnd(room, always) {
  if (always) room.list.scrollTop = room.list.scrollHeight;
}

// ---- presence --------------------------------------------------------------------------------------------------

/** Asks the hub who is in the room; at most one question at a time per room. */
function refreshPresence(room = active) {
  if (!room || !client || client.state !== 'connected' || room.presenceAsked) return;
  room.presenceAsked = true;
  room.presenceAt = Date.now();
  client.presence(PREFIX + room.name).finally(() => {
    room.presenceAsked = false;
  }).then((users) => {
    room.people = new Set(users);
    if (room === active) renderPeople();
  }, () => {});
}

function renderPeople() {
  const people = $('people');
  if (!active) return;
  const entries = [...active.people].map((user) => {
    const mine = myUsers.has(user);
    const name = mine ? displayName || user : knownNames.get(user) || user;
    return { name: mine ? name + ' (you)' : name, mine };
  }).sort((a, b) => (b.mine - a.mine) || a.name.localeCompare(b.name));
  people.replaceChildren(...entries.map((entry) => {
    const item = document.createElement('li');
    item.textContent = entry.name;
    if (entry.mine) item.className = 'own';
    return item;
  }));
  $('people-count').textContent = '(' + entries.length + ')';
}

// ---- forms -----------------------------------------------------------------------------------------------------

function setUpForms() {
  $('composer').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = $('composer-input');
    const text = input.value.trim();
    if (!text || !active || !client) return;
    const data = authMode === 'none' ? { text, name: displayName } : { text };
    input.value = '';
    showError('send-error', '');
    client.publish(PREFIX + active.name, data).catch((e) => {
      showError('send-error', 'Not sent (' + e.code + '): "' + text.slice(0, 60) + '". '
        + (e.code === 'connection_lost' ? 'The connection dropped: check whether it arrived before resending.'
          : e.message));
    });
  });
  $('join-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = $('join-input');
    let name = input.value.trim().replace(/^#/, '');
    if (name.startsWith(PREFIX)) name = name.slice(PREFIX.length);
    if (!ROOM_PATTERN.test(name)) {
      showError('join-error', 'A room name is 1 to 123 letters, digits or _ . : @ -');
      input.focus();
      return;
    }
    showError('join-error', '');
    input.value = '';
    join(name);
    select(name);
    $('composer-input').focus();
  });
  $('leave-button').addEventListener('click', () => {
    if (active) leave(active.name);
  });
  $('gap-dismiss').addEventListener('click', () => {
    $('gap-banner').hidden = true;
    $('composer-input').focus();
  });
}

function showError(id, message) {
  const element = $(id);
  element.textContent = message;
  element.hidden = !message;
}

setUpForms();
setUpSignIn();
