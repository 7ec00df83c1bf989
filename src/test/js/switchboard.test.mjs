// Unit tests of switchboard.js: `node --test src/test/js/` (Node's own runner, no npm dependencies).
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { FakeClock, FakeWindow, fakeWebSocketClass, flush, loadClient } from './fakes.mjs';

const { Switchboard, SwitchboardError, backoffDelay, shouldReconnect, DEFAULTS } = await loadClient();

/** A client wired to fakes, recording its state changes. */
function setUp(options = {}) {
  const clock = new FakeClock();
  const { FakeWebSocket, sockets } = fakeWebSocketClass();
  const win = new FakeWindow();
  const states = [];
  const sb = new Switchboard('ws://hub/ws', { WebSocket: FakeWebSocket, clock, random: () => 0.5,
    environment: win, ...options });
  sb.onState((state, detail) => states.push({ state, ...detail }));
  return { sb, clock, sockets, win, states, socket: () => sockets[sockets.length - 1] };
}

function message(channel, offset, epoch = 'e1', data = { n: offset }) {
  return { type: 'message', channel, offset, epoch, data, from: 'server', time: '2026-12-03T12:00:00Z' };
}

/** Answers the client's last subscribe on the socket. */
function answerSubscribe(socket, fields) {
  const request = socket.last('subscribe');
  socket.receive({ type: 'subscribed', id: request.id, channel: request.channel, ...fields });
  return request;
}

test('nothing connects before connect(); then connecting, and connected on the welcome', () => {
  const { sb, sockets, states, socket } = setUp();
  sb.subscribe('chat:lobby', { message() {} });
  assert.equal(sockets.length, 0);
  assert.equal(sb.state, 'idle');
  sb.connect();
  assert.equal(sockets.length, 1);
  assert.equal(socket().url, 'ws://hub/ws');
  assert.deepEqual(states.map((s) => s.state), ['connecting']);
  socket().open('anon-42');
  assert.equal(sb.state, 'connected');
  assert.equal(sb.user, 'anon-42');
  assert.equal(states[1].user, 'anon-42');
  assert.deepEqual(socket().last('subscribe'), { type: 'subscribe', channel: 'chat:lobby', id: 1 });
  sb.connect(); // a second call does nothing
  assert.equal(sockets.length, 1);
});

test('reconnects after 1001, 1006, 1011, 1012, 1013 and 4000-4499; ends after 1008, 1009, 4500-4999', () => {
  for (const code of [1001, 1006, 1011, 1012, 1013, 4000, 4008, 4009, 4010, 4029, 4499]) {
    const { sb, clock, sockets, socket, states } = setUp();
    sb.connect();
    socket().open();
    socket().end(code);
    assert.equal(sb.state, 'disconnected', 'after ' + code);
    clock.advance(states.at(-1).delayMs);
    assert.equal(sockets.length, 2, 'a new attempt after ' + code);
    assert.equal(shouldReconnect(code), true);
  }
  for (const code of [1002, 1003, 1007, 1008, 1009, 1010, 4500, 4501, 4503, 4999]) {
    const { sb, clock, sockets, socket, states } = setUp();
    sb.connect();
    socket().open();
    socket().end(code, 'why');
    assert.equal(sb.state, 'closed', 'after ' + code);
    assert.equal(states.at(-1).code, code);
    assert.equal(states.at(-1).reason, 'why');
    clock.advance(10 * DEFAULTS.maxDelayMs);
    assert.equal(sockets.length, 1, 'no new attempt after ' + code);
    assert.equal(shouldReconnect(code), false);
  }
});

test('close() by the application sends 1000 and never reconnects', async () => {
  const { sb, clock, sockets, socket, states, win } = setUp();
  sb.connect();
  socket().open();
  const waiting = sb.publish('chat:a', 1).catch((e) => e);
  sb.close();
  assert.deepEqual(socket().closedWith, { code: 1000, reason: 'client closed' });
  assert.equal(sb.state, 'closed');
  assert.equal(states.at(-1).code, 1000);
  assert.equal((await waiting).code, 'closed');
  clock.advance(60_000);
  win.fire('online');
  assert.equal(sockets.length, 1);
  assert.equal(win.count('online'), 0, 'the window listeners are removed');
  assert.throws(() => sb.connect(), SwitchboardError);
  sb.close(); // idempotent
});

test('illegal transitions are impossible: the transition table is enforced', () => {
  const { sb } = setUp();
  assert.throws(() => sb._setState('connected', {}), /Illegal transition idle -> connected/);
  sb.close();
  for (const next of ['connecting', 'connected', 'disconnected', 'closed']) {
    assert.throws(() => sb._setState(next, {}), /Illegal transition closed/);
  }
});

test('every pair of states: only the documented transitions are allowed', () => {
  const allowed = {
    idle: ['connecting', 'disconnected', 'closed'],
    connecting: ['connected', 'disconnected', 'closed'],
    connected: ['disconnected', 'closed'],
    disconnected: ['connecting', 'disconnected', 'closed'],
    closed: [],
  };
  const reach = {
    idle: () => {},
    connecting: (t) => t.sb.connect(),
    connected: (t) => { t.sb.connect(); t.socket().open(); },
    disconnected: (t) => { t.sb.connect(); t.socket().end(1006); },
    closed: (t) => t.sb.close(),
  };
  for (const from of Object.keys(allowed)) {
    for (const to of ['connecting', 'connected', 'disconnected', 'closed']) {
      const t = setUp();
      reach[from](t);
      assert.equal(t.sb.state, from);
      if (allowed[from].includes(to)) t.sb._setState(to, {});
      else assert.throws(() => t.sb._setState(to, {}), /Illegal transition/, from + ' -> ' + to);
    }
  }
});

test('backoff: full jitter below 0.5 s x 2^attempt, capped at 30 s', () => {
  const timing = DEFAULTS;
  assert.equal(backoffDelay(0, () => 0, timing), 0);
  assert.equal(backoffDelay(0, () => 0.999999, timing), 499);
  assert.equal(backoffDelay(3, () => 0.999999, timing), 3999);
  assert.equal(backoffDelay(20, () => 0.999999, timing), 29999);
  const seen = new Set();
  for (let i = 0; i < 100; i++) {
    const delay = backoffDelay(4, Math.random, timing);
    assert.ok(delay >= 0 && delay < 8000, 'within the ceiling: ' + delay);
    seen.add(delay);
  }
  assert.ok(seen.size > 50, 'jitter spreads the delays');
});

test('consecutive failures grow the delay; a connection that stayed up resets it', () => {
  const { sb, clock, socket, states } = setUp({ random: () => 0.999999 });
  sb.connect();
  const delays = [];
  for (let i = 0; i < 8; i++) {
    socket().end(1006);
    delays.push(states.at(-1).delayMs);
    clock.advance(states.at(-1).delayMs);
  }
  assert.deepEqual(delays, [499, 999, 1999, 3999, 7999, 15999, 29999, 29999]);
  socket().open();
  clock.advance(DEFAULTS.stableAfterMs);
  socket().end(1001);
  assert.equal(states.at(-1).delayMs, 499, 'reset after a healthy period');
  clock.advance(499);
  socket().open();
  clock.advance(DEFAULTS.stableAfterMs - 1);
  socket().end(1001);
  assert.equal(states.at(-1).delayMs, 999, 'not reset after a short one');
});

test('maxAttempts ends in closed with the cause', () => {
  const { sb, clock, socket, states } = setUp({ maxAttempts: 2 });
  sb.connect();
  socket().end(1006);
  clock.advance(30_000);
  socket().end(1006);
  clock.advance(30_000);
  socket().end(1006);
  assert.equal(sb.state, 'closed');
  assert.match(states.at(-1).reason, /gave up after 2 attempts/);
});

test('resubscribes with since/epoch after a reconnect; replayed duplicates are dropped; order kept', () => {
  const { sb, clock, socket } = setUp();
  const got = [];
  const gaps = [];
  sb.subscribe('chat:a', { message: (m) => got.push(m.offset), gap: (g) => gaps.push(g) });
  sb.connect();
  socket().open();
  answerSubscribe(socket(), { offset: 10, epoch: 'e1' });
  socket().receive(message('chat:a', 11));
  socket().receive(message('chat:a', 12));
  socket().end(1006);
  clock.advance(1000);
  socket().open();
  const resubscribe = answerSubscribe(socket(), { offset: 15, epoch: 'e1', recovered: true });
  assert.equal(resubscribe.since, 12);
  assert.equal(resubscribe.epoch, 'e1');
  for (const offset of [11, 12, 13, 14, 15, 15, 16]) socket().receive(message('chat:a', offset));
  assert.deepEqual(got, [11, 12, 13, 14, 15, 16]);
  assert.deepEqual(gaps, []);
});

test('recovered:false is a gap, told before anything newer', () => {
  const { sb, clock, socket } = setUp();
  const events = [];
  sb.subscribe('chat:a', { message: (m) => events.push('m' + m.offset), gap: (g) => events.push(g) });
  sb.connect();
  socket().open();
  answerSubscribe(socket(), { offset: 3, epoch: 'e1' });
  socket().receive(message('chat:a', 4));
  socket().end(1006);
  clock.advance(1000);
  socket().open();
  answerSubscribe(socket(), { offset: 500, epoch: 'e1', recovered: false });
  socket().receive(message('chat:a', 501));
  assert.deepEqual(events, ['m4', { channel: 'chat:a', reason: 'not_recovered', lastOffset: 4, lastEpoch: 'e1',
    offset: 500, epoch: 'e1' }, 'm501']);
});

test('a new epoch after a hub restart is a gap; offsets start again', () => {
  const { sb, clock, socket } = setUp();
  const events = [];
  sb.subscribe('chat:a', {
    message: (m) => events.push(m.epoch + ':' + m.offset),
    gap: (g) => events.push(g.reason),
  });
  sb.connect();
  socket().open();
  answerSubscribe(socket(), { offset: 0, epoch: 'e1' });
  socket().receive(message('chat:a', 1));
  socket().end(1001);
  clock.advance(1000);
  socket().open();
  answerSubscribe(socket(), { offset: 0, epoch: 'e2', recovered: false });
  socket().receive(message('chat:a', 1, 'e2'));
  assert.deepEqual(events, ['e1:1', 'epoch_changed', 'e2:1']);
});

test('a live epoch change at offset 1 (idle channel) is no gap; a jump in offsets is', () => {
  const { sb, socket } = setUp();
  const events = [];
  sb.subscribe('chat:a', {
    message: (m) => events.push(m.epoch + ':' + m.offset),
    gap: (g) => events.push(g.reason),
  });
  sb.connect();
  socket().open();
  answerSubscribe(socket(), { offset: 7, epoch: 'e1' });
  socket().receive(message('chat:a', 1, 'e2'));
  socket().receive(message('chat:a', 3, 'e2'));
  assert.deepEqual(events, ['e2:1', 'skipped', 'e2:3']);
});

test('history option: the latest messages first, then the live ones held meanwhile, once each', () => {
  const { sb, socket } = setUp();
  const got = [];
  sb.subscribe('chat:a', { message: (m) => got.push(m.offset) }, { history: 3 });
  sb.connect();
  socket().open();
  answerSubscribe(socket(), { offset: 10, epoch: 'e1' });
  const request = socket().last('history');
  assert.equal(request.since, 7);
  socket().receive(message('chat:a', 11));
  socket().receive(message('chat:a', 12));
  assert.deepEqual(got, [], 'live messages wait for the history');
  socket().receive({ type: 'history', id: request.id, channel: 'chat:a', epoch: 'e1', recovered: true, more: false,
    messages: [message('chat:a', 8), message('chat:a', 9), message('chat:a', 10), message('chat:a', 11)] });
  socket().receive(message('chat:a', 13));
  assert.deepEqual(got, [8, 9, 10, 11, 12, 13]);
});

test('history option: pages while the hub says more; a refused history lets the live stream through', () => {
  const { sb, socket } = setUp();
  const got = [];
  const other = [];
  sb.subscribe('chat:a', { message: (m) => got.push(m.offset) }, { history: 4 });
  sb.subscribe('chat:b', { message: (m) => other.push(m.offset) }, { history: 4 });
  sb.connect();
  socket().open();
  const [subA, subB] = socket().sent.filter((f) => f.type === 'subscribe');
  socket().receive({ type: 'subscribed', id: subA.id, channel: 'chat:a', offset: 10, epoch: 'e1' });
  socket().receive({ type: 'subscribed', id: subB.id, channel: 'chat:b', offset: 5, epoch: 'e1' });
  const [histA, histB] = socket().sent.filter((f) => f.type === 'history');
  socket().receive({ type: 'history', id: histA.id, channel: 'chat:a', epoch: 'e1', recovered: true, more: true,
    messages: [message('chat:a', 7), message('chat:a', 8)] });
  const nextPage = socket().last('history');
  assert.equal(nextPage.since, 8);
  socket().receive({ type: 'history', id: nextPage.id, channel: 'chat:a', epoch: 'e1', recovered: true,
    more: false, messages: [message('chat:a', 9), message('chat:a', 10)] });
  socket().receive({ type: 'error', id: histB.id, code: 'forbidden', message: 'no history for you' });
  socket().receive(message('chat:b', 6));
  assert.deepEqual(got, [7, 8, 9, 10]);
  assert.deepEqual(other, [6]);
});

test('a connection lost while history loads resubscribes from the last delivered offset', () => {
  const { sb, clock, socket, states } = setUp();
  const got = [];
  sb.subscribe('chat:a', { message: (m) => got.push(m.offset) }, { history: 3 });
  sb.connect();
  socket().open();
  answerSubscribe(socket(), { offset: 10, epoch: 'e1' });
  socket().receive(message('chat:a', 11));
  socket().end(1006);
  clock.advance(states.at(-1).delayMs);
  socket().open();
  const resubscribe = answerSubscribe(socket(), { offset: 11, epoch: 'e1', recovered: true });
  assert.equal(resubscribe.since, 7);
  for (const offset of [8, 9, 10, 11]) socket().receive(message('chat:a', offset));
  assert.deepEqual(got, [8, 9, 10, 11]);
});

test('join/leave events reach the subscription they belong to; subscribed is told after every (re)subscribe', () => {
  const { sb, clock, socket, states } = setUp();
  const events = [];
  sb.subscribe('chat:a', { presence: (e) => events.push(e.type + ':' + e.user),
    subscribed: (s) => events.push('subscribed:' + s.offset + ':' + s.recovered) });
  sb.connect();
  socket().open();
  answerSubscribe(socket(), { offset: 2, epoch: 'e1' });
  socket().receive({ type: 'join', channel: 'chat:a', user: 'bob' });
  socket().receive({ type: 'join', channel: 'chat:other', user: 'eve' });
  socket().receive({ type: 'leave', channel: 'chat:a', user: 'bob' });
  socket().end(1006);
  clock.advance(states.at(-1).delayMs);
  socket().open();
  answerSubscribe(socket(), { offset: 2, epoch: 'e1', recovered: true });
  assert.deepEqual(events, ['subscribed:2:undefined', 'join:bob', 'leave:bob', 'subscribed:2:true']);
});

test('publish resolves with the offset; an error frame rejects with the hub code', async () => {
  const { sb, socket } = setUp();
  sb.connect();
  socket().open();
  const ok = sb.publish('chat:a', { text: 'hi' });
  const sent = socket().last('publish');
  assert.deepEqual(sent.data, { text: 'hi' });
  socket().receive({ type: 'published', id: sent.id, channel: 'chat:a', offset: 43 });
  assert.deepEqual(await ok, { offset: 43 });
  const refused = sb.publish('news:x', 1);
  const second = socket().last('publish');
  socket().receive({ type: 'error', id: second.id, code: 'rate_limited', message: 'slow down', retryAfterMs: 20 });
  await assert.rejects(refused, (e) => e instanceof SwitchboardError && e.code === 'rate_limited'
    && e.retryAfterMs === 20);
});

test('publishes wait while disconnected, go out after a reconnect; in-flight ones: connection_lost', async () => {
  const { sb, clock, socket } = setUp({ maxQueued: 2 });
  sb.connect();
  socket().open();
  const inFlight = sb.publish('chat:a', 'lost?');
  socket().end(1006);
  await assert.rejects(inFlight, (e) => e.code === 'connection_lost');
  const first = sb.publish('chat:a', 'one');
  const second = sb.publish('chat:a', 'two');
  await assert.rejects(sb.publish('chat:a', 'three'), (e) => e.code === 'queue_full');
  clock.advance(1000);
  socket().open();
  const sent = socket().sent.filter((f) => f.type === 'publish');
  assert.deepEqual(sent.map((f) => f.data), ['one', 'two']);
  socket().receive({ type: 'published', id: sent[0].id, offset: 1 });
  socket().receive({ type: 'published', id: sent[1].id, offset: 2 });
  assert.deepEqual([await first, await second], [{ offset: 1 }, { offset: 2 }]);
});

test('a request without an answer times out', async () => {
  const { sb, clock, socket } = setUp();
  sb.connect();
  socket().open();
  const waiting = sb.presence('chat:a');
  clock.advance(DEFAULTS.requestTimeoutMs);
  await assert.rejects(waiting, (e) => e.code === 'timeout');
});

test('pings after silence, and drops a hub that answers nothing (within ping + pong timeout)', () => {
  const { sb, clock, sockets, socket, states } = setUp();
  sb.connect();
  socket().open();
  clock.advance(DEFAULTS.pingAfterMs - 1);
  assert.equal(socket().last('ping'), undefined);
  clock.advance(1);
  const ping = socket().last('ping');
  assert.ok(ping, 'a ping after pingAfterMs of silence');
  socket().receive({ type: 'pong', id: ping.id });
  clock.advance(DEFAULTS.pingAfterMs);
  assert.equal(sb.state, 'connected', 'a pong keeps the connection');
  assert.equal(socket().sent.filter((f) => f.type === 'ping').length, 2);
  clock.advance(DEFAULTS.pongTimeoutMs - 1);
  assert.equal(sb.state, 'connected');
  clock.advance(1);
  assert.equal(sb.state, 'disconnected', 'dead after ping + pong timeout of silence');
  assert.equal(states.at(-1).code, 4000);
  assert.equal(sockets[0].closedWith.code, 4000);
  clock.advance(states.at(-1).delayMs);
  assert.equal(sockets.length, 2, 'reconnects');
});

test('traffic counts as life: no ping while messages arrive', () => {
  const { sb, clock, socket } = setUp();
  sb.subscribe('chat:a', {});
  sb.connect();
  socket().open();
  answerSubscribe(socket(), { offset: 0, epoch: 'e1' });
  for (let i = 1; i <= 10; i++) {
    clock.advance(DEFAULTS.pingAfterMs - 100);
    socket().receive(message('chat:a', i));
  }
  assert.equal(socket().last('ping'), undefined);
});

test('no welcome in time: the attempt fails and another follows', () => {
  const { sb, clock, sockets, states } = setUp();
  sb.connect();
  clock.advance(DEFAULTS.connectTimeoutMs);
  assert.equal(sb.state, 'disconnected');
  clock.advance(states.at(-1).delayMs);
  assert.equal(sockets.length, 2);
});

test('the async token supplier is asked before every connect; a failing one is a failed attempt', async () => {
  let calls = 0;
  const { sb, clock, sockets, socket, states } = setUp({ token: async () => {
    calls++;
    if (calls === 2) throw new Error('token service down');
    return 'tok' + calls;
  } });
  sb.connect();
  await flush();
  assert.equal(socket().url, 'ws://hub/ws?access_token=tok1');
  socket().open();
  socket().end(1006);
  clock.advance(1000);
  await flush();
  assert.equal(sb.state, 'disconnected', 'the supplier failed');
  assert.equal(sockets.length, 1);
  assert.equal(states.at(-1).reason, 'token unavailable');
  clock.advance(states.at(-1).delayMs);
  await flush();
  assert.equal(sockets.length, 2);
  assert.equal(socket().url, 'ws://hub/ws?access_token=tok3');
});

test('a JWT is refreshed before its exp with a fresh token from the supplier', async () => {
  const clock0 = new FakeClock();
  const exp = Math.floor(clock0.now() / 1000) + 300;
  const jwt = (n) => 'h.' + Buffer.from(JSON.stringify({ sub: 'alice', exp: exp + n })).toString('base64url')
    + '.sig';
  let issued = 0;
  const { sb, socket } = setUp({ clock: clock0, token: () => jwt(issued++), pingAfterMs: 3_600_000 });
  const clock = clock0;
  sb.connect();
  await flush();
  socket().open('alice');
  clock.advance(300_000 - DEFAULTS.refreshBeforeExpiryMs - 1000);
  await flush();
  assert.equal(socket().last('refresh'), undefined);
  clock.advance(1000);
  await flush();
  const refresh = socket().last('refresh');
  assert.equal(refresh.token, jwt(1));
  socket().receive({ type: 'refreshed', id: refresh.id, exp: exp + 1 });
  await flush();
  assert.deepEqual(clock.pending(), [1000, 3_600_000 - 240_000], 'the next refresh is scheduled from the new exp');
});

test('offline drops the connection and waits; online reconnects at once', () => {
  const { sb, clock, sockets, socket, win, states } = setUp();
  sb.connect();
  socket().open();
  win.navigator.onLine = false;
  win.fire('offline');
  assert.equal(sb.state, 'disconnected');
  assert.equal(states.at(-1).offline, true);
  clock.advance(120_000);
  assert.equal(sockets.length, 1, 'no attempt while offline');
  win.navigator.onLine = true;
  win.fire('online');
  assert.equal(sockets.length, 2, 'at once');
  assert.equal(sb.state, 'connecting');
});

test('a page that becomes visible reconnects at once instead of waiting out the backoff', () => {
  const { sb, sockets, socket, win } = setUp({ random: () => 0.99 });
  sb.connect();
  for (let i = 0; i < 3; i++) {
    socket().end(1006);
    win.fire('online'); // also resets: same path as the network coming back
  }
  socket().end(1006);
  const before = sockets.length;
  win.document.visibilityState = 'visible';
  win.document.fire('visibilitychange');
  assert.equal(sockets.length, before + 1);
});

test('unsubscribe sends unsubscribe once the last handler goes, and stops delivery', () => {
  const { sb, socket } = setUp();
  const got = [];
  const a = sb.subscribe('chat:a', { message: (m) => got.push('a' + m.offset) });
  const b = sb.subscribe('chat:a', { message: (m) => got.push('b' + m.offset) });
  sb.connect();
  socket().open();
  assert.equal(socket().sent.filter((f) => f.type === 'subscribe').length, 1);
  answerSubscribe(socket(), { offset: 0, epoch: 'e1' });
  socket().receive(message('chat:a', 1));
  a.unsubscribe();
  assert.equal(socket().last('unsubscribe'), undefined);
  socket().receive(message('chat:a', 2));
  b.unsubscribe();
  assert.equal(socket().last('unsubscribe').channel, 'chat:a');
  socket().receive(message('chat:a', 3));
  assert.deepEqual(got, ['a1', 'b1', 'b2']);
});

test('a refused subscribe reaches the error handler; a throwing handler does not break the client', () => {
  const { sb, socket } = setUp();
  const errors = [];
  const saved = globalThis.reportError;
  const reported = [];
  globalThis.reportError = (e) => reported.push(e);
  try {
    sb.subscribe('news:x', { error: (e) => errors.push(e.code) });
    sb.subscribe('chat:a', { message: () => { throw new Error('app bug'); } });
    sb.connect();
    socket().open();
    const subs = socket().sent.filter((f) => f.type === 'subscribe');
    socket().receive({ type: 'error', id: subs[0].id, code: 'forbidden', message: 'no' });
    socket().receive({ type: 'subscribed', id: subs[1].id, channel: 'chat:a', offset: 0, epoch: 'e' });
    socket().receive(message('chat:a', 1, 'e'));
    assert.deepEqual(errors, ['forbidden']);
    assert.equal(reported.length, 1);
    assert.equal(sb.state, 'connected');
  } finally {
    globalThis.reportError = saved;
  }
});
