// Fan-out with permessage-deflate, end to end: N subscribers that offer permessage-deflate (as browsers do) and one
// publisher sending RATE msg/s of a compressible JSON payload for DURATION s. Prints one JSON line: deliveries/s,
// latency percentiles, bytes received on the wire per delivered message (TCP bytes, so compression shows), whether
// the hub negotiated the extension, the hub's CPU while publishing (from /proc, with --server-pid) and this
// client's own CPU (when it nears 100 %, one Node thread inflating everything is the bottleneck, not the hub).
// Used by `scripts/bench deflate`; loopback only; bounded by --max-time.
import { readFileSync } from 'node:fs';
import { WebSocket } from 'ws';

const arg = (name, fallback) => {
  const i = process.argv.indexOf('--' + name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const url = arg('url');
const conns = Number(arg('conns', 1000));
const rate = Number(arg('rate', 100));
const duration = Number(arg('duration', 10));
const payloadBytes = Number(arg('payload-bytes', 1024));
const serverPid = arg('server-pid');
const maxTime = Number(arg('max-time', duration + 60));
if (!url || !/^ws:\/\/127\.0\.0\.1:/.test(url)) {
  console.error('usage: deflate-fanout.mjs --url ws://127.0.0.1:PORT/ws [--conns N --rate R --duration S]');
  process.exit(2);
}
setTimeout(() => { console.error('max time reached'); process.exit(3); }, maxTime * 1000).unref();

const now = () => Number(process.hrtime.bigint() / 1000n); // µs, monotonic
const cpuTicks = () => {
  if (!serverPid) return null;
  const f = readFileSync(`/proc/${serverPid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(f[11]) + Number(f[12]); // utime + stime, clock ticks (100 per s)
};
const words = 'channel offset epoch subscriber publisher message history recover presence '.repeat(64);
const pad = words.slice(0, Math.max(0, payloadBytes - 60));
const options = { perMessageDeflate: { clientNoContextTakeover: true }, maxPayload: 16 << 20 };

const latencies = [];
let delivered = 0;
let firstSend = 0;
let lastReceive = 0;
let negotiated = 0;
const sockets = [];

function open(i) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options);
    ws.on('error', reject);
    ws.on('message', (data) => {
      const text = data.toString();
      if (text.includes('"type":"subscribed"')) { resolve(ws); return; }
      if (text.includes('"type":"welcome"')) {
        if (ws.extensions.includes('permessage-deflate')) negotiated++;
        ws.send(JSON.stringify({ type: 'subscribe', id: i, channel: 'bench' }));
        return;
      }
      const at = text.indexOf('"lg_ts":');
      if (at >= 0) {
        const t = now();
        latencies.push(t - Number(text.slice(at + 8, text.indexOf(',', at))));
        delivered++;
        lastReceive = t;
      }
    });
  });
}

for (let i = 0; i < conns; i += 100) {
  const batch = [];
  for (let j = i; j < Math.min(conns, i + 100); j++) batch.push(open(j));
  sockets.push(...await Promise.all(batch));
}
const publisher = await new Promise((resolve, reject) => {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  ws.on('error', reject);
  ws.on('message', (data) => { if (data.toString().includes('"type":"welcome"')) resolve(ws); });
});
await new Promise((r) => setTimeout(r, 1000));
const wireBefore = sockets.reduce((sum, ws) => sum + ws._socket.bytesRead, 0);
const cpuBefore = cpuTicks();
const ownBefore = process.cpuUsage();
const started = Date.now();
let sent = 0;
firstSend = now();
await new Promise((resolve) => {
  const timer = setInterval(() => {
    const due = Math.floor(((Date.now() - started) / 1000) * rate);
    while (sent < due && sent < rate * duration) {
      const data = { lg_seq: sent, lg_ts: now(), pad };
      publisher.send(JSON.stringify({ type: 'publish', id: sent, channel: 'bench', data }));
      sent++;
    }
    if (sent >= rate * duration) { clearInterval(timer); resolve(); }
  }, 5);
});
const cpuAfter = cpuTicks();
const own = process.cpuUsage(ownBefore);
const elapsed = (Date.now() - started) / 1000;
const expected = sent * conns;
const drainUntil = Date.now() + 5000;
while (delivered < expected && Date.now() < drainUntil) await new Promise((r) => setTimeout(r, 50));
const wireAfter = sockets.reduce((sum, ws) => sum + ws._socket.bytesRead, 0);
latencies.sort((a, b) => a - b);
const pct = (p) => latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] / 1000 : -1;
console.log(JSON.stringify({
  conns, rate, duration, payload_bytes: payloadBytes, negotiated_deflate: negotiated, sent, delivered,
  lost: expected - delivered,
  delivered_per_s: Math.round(delivered / ((lastReceive - firstSend) / 1e6)),
  p50_ms: pct(0.5), p99_ms: pct(0.99), max_ms: pct(1),
  wire_bytes_per_delivery: delivered ? Math.round((wireAfter - wireBefore) / delivered) : -1,
  server_cpu_pct: cpuBefore === null ? -1 : Math.round((cpuAfter - cpuBefore) / elapsed),
  client_cpu_pct: Math.round((own.user + own.system) / 1e4 / elapsed),
}));
for (const ws of sockets) ws.terminate();
publisher.terminate();
process.exit(0);
