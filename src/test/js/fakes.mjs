// Test doubles for switchboard.js under `node --test`: a fake WebSocket, a fake clock and a fake window.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SOURCE = fileURLToPath(new URL('../../main/resources/chat/switchboard.js', import.meta.url));

/** Imports switchboard.js as served (an ES module in a folder without package.json, hence the data: URL). */
export async function loadClient() {
  const code = readFileSync(SOURCE, 'utf8');
  return import('data:text/javascript;base64,' + Buffer.from(code).toString('base64'));
}

/** A clock whose time moves only when the test says so; timers fire in due order. */
export class FakeClock {
  constructor() {
    this.time = 1_000_000;
    this.timers = new Map();
    this.nextHandle = 1;
  }

  now() {
    return this.time;
  }

  setTimeout(fn, ms) {
    const handle = this.nextHandle++;
    this.timers.set(handle, { fn, at: this.time + Math.max(0, ms), seq: handle });
    return handle;
  }

  clearTimeout(handle) {
    this.timers.delete(handle);
  }

  /** Moves time forward by ms, firing every timer that falls due, earliest first. */
  advance(ms) {
    const end = this.time + ms;
    for (;;) {
      let next = null;
      for (const [handle, timer] of this.timers) {
        if (timer.at <= end && (next === null || timer.at < next[1].at
            || (timer.at === next[1].at && timer.seq < next[1].seq))) {
          next = [handle, timer];
        }
      }
      if (next === null) break;
      this.timers.delete(next[0]);
      this.time = next[1].at;
      next[1].fn();
    }
    this.time = end;
  }

  /** @returns {number[]} delays of pending timers from now */
  pending() {
    return [...this.timers.values()].map((t) => t.at - this.time).sort((a, b) => a - b);
  }
}

/** Every socket the client opened, newest last; the test plays the hub. */
export function fakeWebSocketClass() {
  const sockets = [];
  class FakeWebSocket {
    constructor(url) {
      this.url = url;
      this.sent = [];
      this.closedWith = null;
      this.readyState = 0;
      sockets.push(this);
    }

    send(text) {
      if (this.readyState !== 1) throw new Error('send on a socket that is not open');
      this.sent.push(JSON.parse(text));
    }

    close(code, reason) {
      this.closedWith = { code, reason };
      this.readyState = 2;
    }

    // ---- the hub's side ----
    open(user = 'anon-1') {
      this.readyState = 1;
      if (this.onopen) this.onopen({});
      this.receive({ type: 'welcome', session: 's', user, heartbeatSeconds: 25, maxMessageBytes: 65536 });
    }

    receive(frame) {
      if (this.onmessage) this.onmessage({ data: JSON.stringify(frame) });
    }

    /** The connection ends with this code (1006: dropped with no close frame). */
    end(code, reason = '') {
      this.readyState = 3;
      if (this.onclose) this.onclose({ code, reason, wasClean: code !== 1006 });
    }

    /** @returns the last request of this type the client sent */
    last(type) {
      const found = this.sent.filter((f) => f.type === type);
      return found[found.length - 1];
    }
  }
  return { FakeWebSocket, sockets };
}

/** A window: online/offline events, navigator.onLine and the document's visibility. */
export class FakeWindow {
  constructor() {
    this.listeners = new Map();
    this.navigator = { onLine: true };
    const docListeners = new Map();
    this.document = {
      visibilityState: 'visible',
      addEventListener: (type, fn) => docListeners.set(type, [...(docListeners.get(type) || []), fn]),
      removeEventListener: (type, fn) => {
        docListeners.set(type, (docListeners.get(type) || []).filter((f) => f !== fn));
      },
      fire: (type) => (docListeners.get(type) || []).forEach((fn) => fn({ type })),
    };
  }

  addEventListener(type, fn) {
    this.listeners.set(type, [...(this.listeners.get(type) || []), fn]);
  }

  removeEventListener(type, fn) {
    this.listeners.set(type, (this.listeners.get(type) || []).filter((f) => f !== fn));
  }

  fire(type) {
    (this.listeners.get(type) || []).forEach((fn) => fn({ type }));
  }

  count(type) {
    return (this.listeners.get(type) || []).length;
  }
}

/** Lets pending promise callbacks run. */
export function flush() {
  return new Promise((resolve) => setImmediate(resolve));
}
