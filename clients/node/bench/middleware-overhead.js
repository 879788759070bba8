// Benchmark (not a test): per-request cost of eventMiddleware against a prom-client middleware on the same
// Express app, side by side, with no middleware as the baseline.
//   node clients/node/bench/middleware-overhead.js --bootstrap 127.0.0.1:9092 [--requests 20000] [--rounds 7] [--http]
// Each variant's app runs in its own child process. By default requests are injected into the app in that
// process (light-my-request: real Express routing and response code, no sockets), 4 in flight, as the Python
// bench calls its ASGI app directly: microseconds of instrumentation are not lost in the noise of a TCP client
// sharing the machine. --http sends them over keep-alive HTTP from this process instead.
// Two figures per request: the CPU time of the child's main thread, the event loop serving requests (from
// /proc/self/task/<pid>/schedstat, nanoseconds; Linux), and of the whole child process (process.cpuUsage),
// which includes the sender thread where kafkajs runs (and, for the senderThread: false variant, kafkajs on the
// event loop itself). CPU time rather than wall time: robust against the scheduling noise of a shared machine.
// Rounds alternate the variants, each round starting one later; each round starts with a full GC, so no
// variant pays for another's garbage. Medians are reported.
import { fork } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'node:http';
import { readFileSync } from 'node:fs';
import os from 'node:os';

const BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const VARIANTS = ['none', 'prom-client', 'eventpipe (broker up)', 'eventpipe (Kafka unreachable)',
  'eventpipe (broker up, senderThread: false)'];
const IN_FLIGHT = 4;
const pathOf = (i) => (i % 4 ? `/users/${i}` : '/health');

/** CPU microseconds of this process's main thread so far (the first field of its schedstat, in ns). */
function mainThreadCpu() {
  return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1000;
}

function cpuNow() {
  const u = process.cpuUsage();
  return { process: u.user + u.system, main: mainThreadCpu() };
}

async function appFor(variant, bootstrap, express) {
  const app = express();
  let pub = null;
  if (variant === 'prom-client') {
    const client = await import('prom-client');
    const registry = new client.Registry();
    const requests = new client.Counter({ name: 'http_requests_total', help: 'requests', labelNames: ['method', 'endpoint', 'status'], registers: [registry] });
    const duration = new client.Histogram({ name: 'http_request_duration_seconds', help: 'duration', labelNames: ['method', 'endpoint'], buckets: BUCKETS, registers: [registry] });
    app.use((req, res, next) => {
      const end = duration.startTimer();
      res.once('finish', () => {
        const endpoint = req.route ? req.baseUrl + req.route.path : req.path;
        requests.inc({ method: req.method, endpoint, status: res.statusCode });
        end({ method: req.method, endpoint });
      });
      next();
    });
  } else if (variant.startsWith('eventpipe')) {
    const { createPublisher, eventMiddleware } = await import('@eventpipe/client');
    const down = variant.includes('unreachable');
    pub = await createPublisher({ bootstrap: down ? `127.0.0.1:${await closedPort()}` : bootstrap, service: 'bench-node',
      bufferCapacity: down ? 1000 : 1_000_000, connectWaitMs: down ? 0 : 5000, closeTimeoutMs: 200,
      senderThread: !variant.includes('senderThread: false') });
    app.use(eventMiddleware(pub));
  }
  app.get('/users/:userId', (req, res) => { res.json({ id: req.params.userId }); });
  app.get('/health', (req, res) => { res.json({ status: 'ok' }); });
  return { app, pub };
}

/** Until `pub` holds nothing but what it cannot deliver (Kafka down: its bound), then a settling pause. */
async function drained(pub, bound) {
  const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));
  while (pub !== null && pub.stats().pending > bound) await sleep(10);
  await sleep(50);
}

// All variants' apps live in this one process, so they share its JIT and memory layout: separate processes
// differed by up to 10 µs per request with identical code. A round measures one variant's requests and the
// delivery of its events (until its publisher has no pending event), so no sender work spills into another's.
async function server(bootstrap) {
  const { default: express } = await import('express');
  const { default: inject } = await import('light-my-request');
  const apps = {};
  for (const v of VARIANTS) apps[v] = await appFor(v, bootstrap, express);
  const ports = {};
  for (const v of VARIANTS) {
    ports[v] = await new Promise((ok) => { const s = apps[v].app.listen(0, '127.0.0.1', () => ok(s.address().port)); });
  }
  const injected = async (app, n) => {
    let next = 0;
    await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
      while (next < n) await inject(app, { method: 'GET', url: pathOf(next++) });
    }));
  };
  process.send({ ports });
  process.on('message', async (m) => {
    if (m.cpu !== undefined) {
      const { pub } = apps[m.cpu];
      await drained(pub, pub?.stats().accepted < 1000 ? 0 : 1000);
      process.send({ cpu: cpuNow() });
    } else if (m.inject !== undefined) {
      const { app, pub } = apps[m.variant];
      globalThis.gc(); // the previous round's garbage (another variant's) is not this round's cost
      const c0 = cpuNow();
      const t0 = process.hrtime.bigint();
      await injected(app, m.inject);
      const wall = Number(process.hrtime.bigint() - t0) / 1e3;
      await drained(pub, m.variant.includes('unreachable') ? 1000 : 0);
      const c1 = cpuNow();
      process.send({ injected: { wall, process: c1.process - c0.process, main: c1.main - c0.main } });
    } else if (m === 'stop') {
      const stats = {};
      for (const v of VARIANTS) {
        await apps[v].pub?.close();
        stats[v] = apps[v].pub?.stats() ?? null;
      }
      process.send({ stats });
      process.exit(0);
    }
  });
}

function closedPort() {
  return new Promise((ok) => { const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); }); });
}

function ask(child, message, key) {
  return new Promise((ok) => {
    const on = (m) => { if (key in m) { child.off('message', on); ok(m[key]); } };
    child.on('message', on);
    child.send(message);
  });
}

/** Sends n requests over HTTP, 4 in flight; the child's CPU and the wall time, both in µs. */
async function overHttp(child, variant, port, n, agent) {
  const one = (path) => new Promise((ok, fail) => {
    request({ host: '127.0.0.1', port, path, agent }, (res) => { res.resume(); res.on('end', ok); }).on('error', fail).end();
  });
  const c0 = await ask(child, { cpu: variant }, 'cpu');
  const t0 = process.hrtime.bigint();
  let next = 0;
  await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
    while (next < n) await one(pathOf(next++));
  }));
  const wall = Number(process.hrtime.bigint() - t0) / 1e3;
  const c1 = await ask(child, { cpu: variant }, 'cpu');
  return { wall, process: c1.process - c0.process, main: c1.main - c0.main };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const args = Object.fromEntries(process.argv.slice(2).map((a, i, all) => (a.startsWith('--') ? [a.slice(2), all[i + 1]] : null)).filter(Boolean));
  if (!args.bootstrap) throw new Error('--bootstrap HOST:PORT is required (a running broker, e.g. ./pipeline broker)');
  const n = Number(args.requests ?? 20_000);
  const rounds = Number(args.rounds ?? 7);
  const http = 'http' in args;
  const self = fileURLToPath(import.meta.url);
  const child = fork(self, ['--serve', '--bootstrap', args.bootstrap], { execArgv: ['--expose-gc'] });
  const ports = await new Promise((ok) => child.once('message', (m) => ok(m.ports)));
  const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
  const run = (v, count) => (http ? overHttp(child, v, ports[v], count, agent)
    : ask(child, { inject: count, variant: v }, 'injected'));
  for (const v of VARIANTS) await run(v, 4000); // warm-up
  const results = Object.fromEntries(VARIANTS.map((v) => [v, { main: [], process: [], wall: [] }]));
  for (let r = 0; r < rounds; r++) {
    // Each round starts one variant later, so no variant always follows the same one.
    for (const v of VARIANTS.map((_, i) => VARIANTS[(i + r) % VARIANTS.length])) {
      const m = await run(v, n);
      for (const k of ['main', 'process', 'wall']) results[v][k].push(m[k] / n);
    }
  }
  agent.destroy();
  const med = (v, k) => median(results[v][k]);
  const base = { main: med('none', 'main'), process: med('none', 'process') };
  const prom = { main: med('prom-client', 'main') - base.main, process: med('prom-client', 'process') - base.process };
  console.log(`${n} requests x ${rounds} rounds (${http ? 'HTTP' : 'injected'}, ${IN_FLIGHT} in flight), medians per request; `
    + `load average ${os.loadavg()[0].toFixed(1)}`);
  console.log('| variant | event-loop thread CPU µs | overhead µs | vs prom-client | process CPU µs | overhead µs | vs prom-client | wall µs |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const v of VARIANTS) {
    const cells = ['main', 'process'].flatMap((k) => {
      const m = med(v, k);
      return [m.toFixed(1), (m - base[k]).toFixed(1), v === 'none' ? '' : `${((m - base[k]) / prom[k]).toFixed(2)}×`];
    });
    console.log(`| ${v} | ${cells.join(' | ')} | ${med(v, 'wall').toFixed(1)} |`);
  }
  const stats = await ask(child, 'stop', 'stats');
  for (const v of VARIANTS) {
    const st = stats[v];
    if (st) console.log(`${v}: accepted=${st.accepted} sent=${JSON.stringify(st.sent['events.requests'])} dropped=${JSON.stringify(st.dropped)} failed=${JSON.stringify(st.failed)}`);
  }
}

const serveAt = process.argv.indexOf('--serve');
if (serveAt >= 0) await server(process.argv[process.argv.indexOf('--bootstrap') + 1]);
else await main();
