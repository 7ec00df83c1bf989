// @ts-check
/**
 * switchboard.js: the browser client of the Switchboard hub (protocol v1, docs/protocol.md). A dependency-free ES
 * module: a WebSocket that reconnects by itself (backoff with full jitter), resubscribes with `since`/`epoch`,
 * delivers each channel's messages exactly once and in offset order, and says so explicitly when it cannot
 * (the `gap` callback). API and state machine: docs/clients.md, "Browser client"; types: switchboard.d.ts.
 *
 * @module switchboard
 */

/** Every timing and bound the client uses, in milliseconds unless named otherwise. */
export const DEFAULTS = Object.freeze({
  /** First reconnect delay ceiling; each consecutive failure doubles it (full jitter: a random delay below it). */
  initialDelayMs: 500,
  /** Growth of the delay ceiling per consecutive failure. */
  factor: 2,
  /** The delay ceiling never exceeds this. */
  maxDelayMs: 30000,
  /** A connection that stayed up this long resets the backoff. */
  stableAfterMs: 10000,
  /** An application-level ping goes out when nothing was received for this long. */
  pingAfterMs: 15000,
  /** With nothing received this long after a ping, the hub counts as dead and the client reconnects. */
  pongTimeoutMs: 10000,
  /** From creating the socket to the hub's `welcome`. */
  connectTimeoutMs: 10000,
  /** From sending a request (publish, history, presence) to its reply. */
  requestTimeoutMs: 10000,
  /** Requests waiting for a connection; beyond it they fail at once with `queue_full`. */
  maxQueued: 1000,
  /** Consecutive failed attempts before the client gives up (state `closed`); unlimited by default. */
  maxAttempts: Infinity,
  /** A JWT is refreshed this long before its `exp`. */
  refreshBeforeExpiryMs: 60000,
});

/** The close code this client uses when it drops a connection itself to reconnect (in the reconnect range). */
export const RECONNECT_CLOSE = 4000;

/**
 * Whether a close code received from the hub (or reported by the browser) is worth reconnecting after: yes for
 * 1000 from the hub, 1001, 1005, 1006, 1011–1015 and 4000–4499 (and 3000–3999, unknown to the hub); no for
 * 1002, 1003, 1007, 1008, 1009, 1010 and 4500–4999 (docs/protocol.md, "Close codes").
 *
 * @param {number} code
 * @returns {boolean}
 */
export function shouldReconnect(code) {
  if (code >= 4500 && code <= 4999) return false;
  return ![1002, 1003, 1007, 1008, 1009, 1010].includes(code);
}

/**
 * Full-jitter backoff: a random delay in [0, min(maxDelayMs, initialDelayMs × factor^attempt)).
 *
 * @param {number} attempt consecutive failures so far (0 for the first retry)
 * @param {() => number} random uniform in [0, 1)
 * @param {{initialDelayMs: number, factor: number, maxDelayMs: number}} timing
 * @returns {number} milliseconds
 */
export function backoffDelay(attempt, random, timing) {
  const ceiling = Math.min(timing.maxDelayMs, timing.initialDelayMs * Math.pow(timing.factor, attempt));
  return Math.floor(random() * ceiling);
}

/** A failed request: `code` is the hub's error code or one of the client's own (see switchboard.d.ts). */
export class SwitchboardError extends Error {
  /**
   * @param {string} code
   * @param {string} message
   * @param {number} [retryAfterMs]
   */
  constructor(code, message, retryAfterMs) {
    super(message);
    this.name = 'SwitchboardError';
    this.code = code;
    if (retryAfterMs !== undefined) this.retryAfterMs = retryAfterMs;
  }
}

/** Which state may follow which; anything else is a bug and throws. */
const TRANSITIONS = Object.freeze({
  idle: ['connecting', 'disconnected', 'closed'],
  connecting: ['connected', 'disconnected', 'closed'],
  connected: ['disconnected', 'closed'],
  disconnected: ['connecting', 'disconnected', 'closed'],
  closed: [],
});

/** @returns {import('./switchboard').Clock} */
function systemClock() {
  return {
    now: () => Date.now(),
    setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
    clearTimeout: (handle) => globalThis.clearTimeout(/** @type {any} */ (handle)),
  };
}

/** Reports a failure of application code without letting it break the client. */
function report(error) {
  if (typeof globalThis.reportError === 'function') globalThis.reportError(error);
  else console.error(error);
}

/** @param {string} token @returns {number | undefined} the JWT's `exp` (epoch seconds), if it has one */
function jwtExpiry(token) {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const json = atob(parts[1].replace(/-/g, '+').replace(/_/g, '/'));
    const exp = JSON.parse(json).exp;
    return typeof exp === 'number' ? exp : undefined;
  } catch (e) {
    return undefined;
  }
}

/**
 * A reconnecting connection to one hub. Nothing connects before {@link Switchboard#connect}. All callbacks run on
 * the page's event loop; an exception in one is reported and does not affect the client.
 */
export class Switchboard {
  /**
   * @param {string} url the hub's WebSocket URL, e.g. `ws://localhost:8080/ws`
   * @param {import('./switchboard').SwitchboardOptions} [options]
   */
  constructor(url, options = {}) {
    this._url = url;
    this._timing = { ...DEFAULTS, ...options };
    this._token = options.token;
    /** @type {import('./switchboard').WebSocketConstructor} */
    this._WebSocket = options.WebSocket || globalThis.WebSocket;
    this._clock = options.clock || systemClock();
    this._random = options.random || Math.random;
    /** @type {import('./switchboard').Environment | null} */
    this._env = options.environment !== undefined ? options.environment
      : (typeof window !== 'undefined' ? window : null);
    /** @type {import('./switchboard').State | 'idle'} */
    this._state = 'idle';
    this._listeners = new Set();
    /** @type {Map<string, ChannelState>} */
    this._channels = new Map();
    this._pending = new Map();
    this._queue = [];
    this._nextId = 1;
    this._attempt = 0;
    this._ws = null;
    this._welcome = null;
    this._connectedAt = 0;
    this._lastReceived = 0;
    this._pingSentAt = 0;
    this._timers = { retry: null, connect: null, ping: null, pong: null, refresh: null };
    this._currentToken = null;
    this._envHandlers = null;
  }

  /** @returns {'idle' | import('./switchboard').State} the current state */
  get state() {
    return this._state;
  }

  /** @returns {string | null} the user the hub knows this connection as (from `welcome`), null before */
  get user() {
    return this._welcome ? this._welcome.user : null;
  }

  /**
   * @param {(state: import('./switchboard').State, detail: import('./switchboard').StateDetail) => void} listener
   * @returns {() => void} removes the listener
   */
  onState(listener) {
    this._listeners.add(listener);
    return () => this._listeners.delete(listener);
  }

  /**
   * Subscribes now or at the next connection, and again after every reconnect, from where delivery stopped.
   *
   * @param {string} channel
   * @param {import('./switchboard').SubscriptionHandlers} handlers
   * @param {import('./switchboard').SubscribeOptions} [options]
   * @returns {import('./switchboard').Subscription}
   */
  subscribe(channel, handlers, options = {}) {
    if (this._state === 'closed') throw new SwitchboardError('closed', 'The client is closed');
    let entry = this._channels.get(channel);
    const fresh = !entry;
    if (!entry) {
      entry = new ChannelState(channel, options.history || 0);
      this._channels.set(channel, entry);
    }
    const handlerSet = { ...handlers };
    entry.handlers.add(handlerSet);
    if (fresh && this._state === 'connected') this._sendSubscribe(entry);
    const owner = entry;
    return {
      channel,
      unsubscribe: () => {
        owner.handlers.delete(handlerSet);
        if (owner.handlers.size > 0 || this._channels.get(channel) !== owner) return;
        this._channels.delete(channel);
        if (this._state === 'connected') this._sendInternal({ type: 'unsubscribe', channel });
      },
    };
  }

  /** Connects (once; later calls do nothing). Reconnects by itself until {@link Switchboard#close}. */
  connect() {
    if (this._state === 'closed') throw new SwitchboardError('closed', 'The client is closed');
    if (this._state !== 'idle') return;
    this._listenToEnvironment();
    if (this._isOffline()) {
      this._setState('disconnected', { offline: true, attempt: 0 });
      return;
    }
    this._open();
  }

  /**
   * Publishes; resolves with the offset the hub gave the message. While disconnected the request waits (bounded);
   * if the connection drops after sending, it rejects with `connection_lost`: it may or may not have happened.
   *
   * @param {string} channel
   * @param {unknown} data any JSON value
   * @returns {Promise<{offset: number}>}
   */
  publish(channel, data) {
    return this._request({ type: 'publish', channel, data }).then((reply) => ({ offset: reply.offset }));
  }

  /**
   * @param {string} channel
   * @param {{since?: number, limit?: number}} [range]
   * @returns {Promise<{channel: string, epoch: string, messages: any[], recovered: boolean, more: boolean}>}
   */
  history(channel, range = {}) {
    const frame = { type: 'history', channel };
    if (range.since !== undefined) frame.since = range.since;
    if (range.limit !== undefined) frame.limit = range.limit;
    return this._request(frame);
  }

  /** @param {string} channel @returns {Promise<string[]>} the users subscribed to the channel */
  presence(channel) {
    return this._request({ type: 'presence', channel }).then((reply) => reply.users);
  }

  /** Closes for good (state `closed`): no reconnect; waiting requests reject with `closed`. Idempotent. */
  close() {
    if (this._state === 'closed') return;
    const ws = this._ws;
    this._detach();
    if (ws) {
      try {
        ws.close(1000, 'client closed');
      } catch (e) {
        // Already closing: nothing more to do.
      }
    }
    this._terminate({ code: 1000, reason: 'closed by the application' });
  }

  // ---- connecting --------------------------------------------------------------------------------------------

  async _open() {
    this._setState('connecting', { attempt: this._attempt });
    let url = this._url;
    if (this._token !== undefined) {
      let token;
      try {
        token = typeof this._token === 'function' ? await this._token() : this._token;
      } catch (error) {
        if (this._state === 'connecting' && !this._ws) {
          this._retry({ code: 1006, reason: 'token unavailable', error });
        }
        return;
      }
      if (this._state !== 'connecting' || this._ws) return;
      this._currentToken = token || null;
      if (token) url += (url.includes('?') ? '&' : '?') + 'access_token=' + encodeURIComponent(token);
    }
    let ws;
    try {
      ws = new this._WebSocket(url);
    } catch (error) {
      this._retry({ code: 1006, reason: 'could not open the socket', error });
      return;
    }
    this._ws = ws;
    ws.onmessage = (event) => {
      if (this._ws === ws) this._onFrame(event.data);
    };
    ws.onclose = (event) => {
      if (this._ws === ws) this._lost(event.code, event.reason || '');
    };
    ws.onerror = () => {}; // a close event always follows
    this._timers.connect = this._clock.setTimeout(() => {
      if (this._ws === ws && this._state === 'connecting') this._drop('no welcome from the hub in time');
    }, this._timing.connectTimeoutMs);
  }

  /** @param {unknown} text */
  _onFrame(text) {
    this._lastReceived = this._clock.now();
    let frame;
    try {
      frame = JSON.parse(String(text));
    } catch (e) {
      return;
    }
    if (!frame || typeof frame !== 'object') return;
    switch (frame.type) {
      case 'welcome': this._onWelcome(frame); break;
      case 'message': this._onMessage(frame); break;
      case 'join': case 'leave': this._onPresence(frame); break;
      case 'pong': break;
      default: this._onReply(frame);
    }
  }

  _onWelcome(frame) {
    if (this._state !== 'connecting') return;
    this._clear('connect');
    this._welcome = frame;
    this._connectedAt = this._clock.now();
    this._setState('connected', { user: frame.user, session: frame.session, welcome: frame });
    if (/** @type {string} */ (this._state) !== 'connected') return; // a listener closed the client
    for (const entry of this._channels.values()) this._sendSubscribe(entry);
    const waiting = this._queue.splice(0);
    for (const request of waiting) this._send(request);
    this._armPing();
    this._scheduleRefresh(jwtExpiry(this._currentToken || ''));
  }

  // ---- losing the connection ---------------------------------------------------------------------------------

  /** Drops the current socket (the hub seems gone) and reconnects. */
  _drop(reason) {
    const ws = this._ws;
    this._detach();
    try {
      ws.close(RECONNECT_CLOSE, reason);
    } catch (e) {
      // The socket was not open yet: closing it is all we wanted.
    }
    this._lost(RECONNECT_CLOSE, reason, true);
  }

  _detach() {
    const ws = this._ws;
    if (ws) {
      ws.onmessage = null;
      ws.onclose = null;
      ws.onerror = null;
    }
    this._ws = null;
  }

  /**
   * @param {number} code
   * @param {string} reason
   * @param {boolean} [own] the client dropped the connection itself
   */
  _lost(code, reason, own = false) {
    this._ws = null;
    const wasConnected = this._state === 'connected';
    for (const name of ['connect', 'ping', 'pong', 'refresh']) this._clear(name);
    this._failPending('connection_lost', 'The connection dropped before the hub answered');
    for (const entry of this._channels.values()) entry.connectionLost();
    if (wasConnected && this._clock.now() - this._connectedAt >= this._timing.stableAfterMs) this._attempt = 0;
    if (!own && !shouldReconnect(code)) {
      this._terminate({ code, reason, wasConnected });
      return;
    }
    this._retry({ code, reason, wasConnected });
  }

  /** @param {import('./switchboard').StateDetail} detail */
  _retry(detail) {
    if (this._state === 'closed') return;
    if (this._attempt >= this._timing.maxAttempts) {
      this._terminate({ ...detail, reason: 'gave up after ' + this._attempt + ' attempts' });
      return;
    }
    if (this._isOffline()) {
      this._setState('disconnected', { ...detail, offline: true, attempt: this._attempt });
      return;
    }
    const delayMs = backoffDelay(this._attempt, this._random, this._timing);
    this._attempt++;
    this._setState('disconnected', { ...detail, attempt: this._attempt, delayMs,
      retryAt: this._clock.now() + delayMs });
    this._timers.retry = this._clock.setTimeout(() => {
      this._timers.retry = null;
      this._open();
    }, delayMs);
  }

  /** Reconnects now instead of waiting out the backoff (the network is back, the page is visible again). */
  _retryNow() {
    if (this._state !== 'disconnected' || this._isOffline()) return;
    this._clear('retry');
    this._open();
  }

  /** @param {import('./switchboard').StateDetail} detail */
  _terminate(detail) {
    for (const name of Object.keys(this._timers)) this._clear(name);
    this._failPending('closed', 'The client is closed');
    const queued = this._queue.splice(0);
    for (const request of queued) request.reject(new SwitchboardError('closed', 'The client is closed'));
    this._stopListeningToEnvironment();
    this._setState('closed', detail);
  }

  // ---- liveness ----------------------------------------------------------------------------------------------

  /** Pings once nothing was received for pingAfterMs; one timer, re-armed lazily rather than per frame. */
  _armPing() {
    const due = this._lastReceived + this._timing.pingAfterMs - this._clock.now();
    this._timers.ping = this._clock.setTimeout(() => {
      this._timers.ping = null;
      if (this._state !== 'connected') return;
      if (this._clock.now() - this._lastReceived >= this._timing.pingAfterMs) this._probe();
      else this._armPing();
    }, Math.max(0, due));
  }

  /** Sends a ping; with nothing received within pongTimeoutMs the connection is dropped. */
  _probe() {
    if (this._state !== 'connected' || this._timers.pong) return;
    this._pingSentAt = this._clock.now();
    this._sendInternal({ type: 'ping' });
    this._timers.pong = this._clock.setTimeout(() => {
      this._timers.pong = null;
      if (this._state !== 'connected') return;
      if (this._lastReceived >= this._pingSentAt) this._armPing();
      else this._drop('no answer from the hub');
    }, this._timing.pongTimeoutMs);
  }

  /** @param {number | undefined} exp epoch seconds */
  _scheduleRefresh(exp) {
    if (exp === undefined || typeof this._token !== 'function') return;
    const due = exp * 1000 - this._timing.refreshBeforeExpiryMs - this._clock.now();
    this._timers.refresh = this._clock.setTimeout(() => {
      this._timers.refresh = null;
      this._refresh();
    }, Math.max(0, due));
  }

  async _refresh() {
    if (this._state !== 'connected' || typeof this._token !== 'function') return;
    try {
      const token = await this._token();
      if (!token || this._state !== 'connected') return;
      const reply = await this._request({ type: 'refresh', token });
      this._currentToken = token;
      this._scheduleRefresh(reply.exp);
    } catch (error) {
      // The hub closes with 4501 at expiry if no refresh succeeds; the application hears it then.
      report(error);
    }
  }

  // ---- the browser's hints -----------------------------------------------------------------------------------

  _isOffline() {
    const nav = this._env && this._env.navigator;
    return !!nav && nav.onLine === false;
  }

  _listenToEnvironment() {
    const env = this._env;
    if (!env || typeof env.addEventListener !== 'function') return;
    const handlers = {
      online: () => {
        this._attempt = 0;
        this._retryNow();
      },
      offline: () => {
        if (this._ws) this._drop('the browser went offline');
        else if (this._state === 'disconnected') {
          this._clear('retry');
          this._setState('disconnected', { offline: true, attempt: this._attempt });
        }
      },
      visibility: () => {
        const doc = env.document;
        if (!doc || doc.visibilityState !== 'visible') return;
        if (this._state === 'disconnected') this._retryNow();
        else if (this._state === 'connected') this._probe();
      },
    };
    env.addEventListener('online', handlers.online);
    env.addEventListener('offline', handlers.offline);
    if (env.document && typeof env.document.addEventListener === 'function') {
      env.document.addEventListener('visibilitychange', handlers.visibility);
    }
    this._envHandlers = handlers;
  }

  _stopListeningToEnvironment() {
    const env = this._env;
    const handlers = this._envHandlers;
    if (!env || !handlers) return;
    env.removeEventListener('online', handlers.online);
    env.removeEventListener('offline', handlers.offline);
    if (env.document && typeof env.document.removeEventListener === 'function') {
      env.document.removeEventListener('visibilitychange', handlers.visibility);
    }
    this._envHandlers = null;
  }

  // ---- channels ----------------------------------------------------------------------------------------------

  /** @param {ChannelState} entry */
  _sendSubscribe(entry) {
    const frame = { type: 'subscribe', channel: entry.channel };
    if (entry.epoch !== null) {
      frame.since = entry.offset;
      frame.epoch = entry.epoch;
    }
    this._sendInternal(frame, (reply) => this._onSubscribed(entry, reply));
  }

  /** @param {ChannelState} entry @param {any} reply */
  _onSubscribed(entry, reply) {
    if (this._channels.get(entry.channel) !== entry) return;
    if (reply.type === 'error') {
      this._channels.delete(entry.channel);
      entry.emit('error', new SwitchboardError(reply.code, reply.message || reply.code));
      return;
    }
    const info = { channel: entry.channel, offset: reply.offset, epoch: reply.epoch, recovered: reply.recovered };
    if (entry.epoch === null) {
      entry.epoch = reply.epoch;
      entry.offset = reply.offset;
      if (entry.historyLimit > 0 && reply.offset > 0) this._loadHistory(entry, reply.offset, reply.epoch);
    } else if (reply.recovered === false || reply.epoch !== entry.epoch) {
      const reason = reply.epoch !== entry.epoch ? 'epoch_changed' : 'not_recovered';
      entry.emit('gap', { channel: entry.channel, reason, lastOffset: entry.offset, lastEpoch: entry.epoch,
        offset: reply.offset, epoch: reply.epoch });
      entry.epoch = reply.epoch;
      entry.offset = reply.offset;
    }
    entry.emit('subscribed', info);
  }

  /**
   * The channel's last `limit` messages up to `upTo`, delivered before the live ones, which wait meanwhile.
   *
   * @param {ChannelState} entry @param {number} upTo @param {string} epoch
   */
  _loadHistory(entry, upTo, epoch) {
    const since = Math.max(0, upTo - entry.historyLimit);
    entry.offset = since;
    entry.loading = [];
    const page = (from) => this._sendInternal({ type: 'history', channel: entry.channel, since: from,
      limit: Math.min(1000, entry.historyLimit) }, (reply) => {
      if (entry.loading === null || this._channels.get(entry.channel) !== entry) return;
      if (reply.type === 'error') {
        entry.offset = Math.max(entry.offset, upTo);
        entry.finishLoading();
        return;
      }
      let last = from;
      for (const m of reply.messages) {
        last = m.offset;
        if (m.epoch === epoch && m.offset > entry.offset && m.offset <= upTo) entry.deliver(m, false);
      }
      if (reply.more && last < upTo && last > from) page(last);
      else {
        entry.offset = Math.max(entry.offset, Math.min(upTo, last));
        entry.finishLoading();
      }
    });
    page(since);
  }

  _onMessage(frame) {
    const entry = this._channels.get(frame.channel);
    if (entry) entry.receive(frame);
  }

  _onPresence(frame) {
    const entry = this._channels.get(frame.channel);
    if (entry) entry.emit('presence', { type: frame.type, channel: frame.channel, user: frame.user });
  }

  // ---- requests ----------------------------------------------------------------------------------------------

  /** @returns {Promise<any>} the reply frame; rejects with a SwitchboardError */
  _request(frame) {
    if (this._state === 'closed') return Promise.reject(new SwitchboardError('closed', 'The client is closed'));
    return new Promise((resolve, reject) => {
      const request = { frame, resolve, reject, timer: null };
      if (this._state === 'connected') this._send(request);
      else if (this._queue.length >= this._timing.maxQueued) {
        reject(new SwitchboardError('queue_full', 'Too many requests waiting for a connection'));
      } else this._queue.push(request);
    });
  }

  _send(request) {
    const id = this._nextId++;
    this._pending.set(id, request);
    request.timer = this._clock.setTimeout(() => {
      if (this._pending.delete(id)) {
        request.reject(new SwitchboardError('timeout', 'No answer from the hub in time'));
      }
    }, this._timing.requestTimeoutMs);
    this._ws.send(JSON.stringify({ ...request.frame, id }));
  }

  /** A request of the client's own: its reply (or error frame) goes to `onReply`; dropped with the connection. */
  _sendInternal(frame, onReply) {
    const id = this._nextId++;
    if (onReply) this._pending.set(id, { internal: true, onReply });
    this._ws.send(JSON.stringify({ ...frame, id }));
  }

  _onReply(frame) {
    const request = this._pending.get(frame.id);
    if (frame.id === undefined || !request) return;
    this._pending.delete(frame.id);
    if (request.internal) {
      request.onReply(frame);
      return;
    }
    this._clock.clearTimeout(request.timer);
    if (frame.type === 'error') request.reject(new SwitchboardError(frame.code, frame.message || frame.code,
      frame.retryAfterMs));
    else request.resolve(frame);
  }

  _failPending(code, message) {
    const pending = [...this._pending.values()];
    this._pending.clear();
    for (const request of pending) {
      if (request.internal) continue;
      this._clock.clearTimeout(request.timer);
      request.reject(new SwitchboardError(code, message));
    }
  }

  // ---- state -------------------------------------------------------------------------------------------------

  _setState(next, detail) {
    if (!TRANSITIONS[this._state].includes(next)) {
      throw new Error('Illegal transition ' + this._state + ' -> ' + next);
    }
    this._state = next;
    for (const listener of [...this._listeners]) {
      try {
        listener(next, detail);
      } catch (error) {
        report(error);
      }
    }
  }

  _clear(name) {
    if (this._timers[name] !== null) {
      this._clock.clearTimeout(this._timers[name]);
      this._timers[name] = null;
    }
  }
}

/** One channel's subscription: its handlers and the last offset and epoch delivered to them. */
class ChannelState {
  /** @param {string} channel @param {number} historyLimit */
  constructor(channel, historyLimit) {
    this.channel = channel;
    this.historyLimit = historyLimit;
    this.handlers = new Set();
    /** @type {string | null} null until the first `subscribed` */
    this.epoch = null;
    this.offset = 0;
    /** @type {any[] | null} live messages held back while history loads */
    this.loading = null;
  }

  /** A live or replayed `message` frame: dropped if already delivered, a gap reported if any went missing. */
  receive(m) {
    if (this.loading !== null) {
      this.loading.push(m);
      return;
    }
    if (this.epoch === null) return;
    if (m.epoch !== this.epoch) {
      // A channel idle past its history TTL restarts at offset 1 in a new epoch while we listen: nothing missed.
      if (m.offset !== 1) {
        this.emit('gap', { channel: this.channel, reason: 'epoch_changed', lastOffset: this.offset,
          lastEpoch: this.epoch, offset: m.offset - 1, epoch: m.epoch });
      }
      this.epoch = m.epoch;
      this.offset = m.offset - 1;
    }
    this.deliver(m, true);
  }

  /** @param {any} m @param {boolean} checkContinuity */
  deliver(m, checkContinuity) {
    if (m.offset <= this.offset) return;
    if (checkContinuity && m.offset > this.offset + 1) {
      this.emit('gap', { channel: this.channel, reason: 'skipped', lastOffset: this.offset, lastEpoch: this.epoch,
        offset: m.offset - 1, epoch: m.epoch });
    }
    this.offset = m.offset;
    this.emit('message', m);
  }

  finishLoading() {
    const held = this.loading || [];
    this.loading = null;
    for (const m of held) this.receive(m);
  }

  /** Live messages held back are dropped: the resubscribe replays them from the last delivered offset. */
  connectionLost() {
    this.loading = null;
  }

  emit(kind, value) {
    for (const handlers of [...this.handlers]) {
      const fn = handlers[kind];
      if (typeof fn !== 'function') continue;
      try {
        fn(value);
      } catch (error) {
        report(error);
      }
    }
  }
}
