// Benchmark (not a test): per-request cost of eventMiddleware against a prom-client middleware on the same
// Express app, side by side, with no middleware as the baseline.
//   node clients/node/bench/middleware-overhead.js --bootstrap 127.0.0.1:9092 [--requests 10000] [--rounds 5]
// Each variant's app runs in its own child process; the figure is that process's CPU time per request
// (process.cpuUsage: robust against the scheduling noise of a shared machine), which includes kafkajs's
// sender work on the same event loop. Rounds alternate the variants; medians are reported.
import { fork } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'node:http';
import os from 'node:os';

const BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const VARIANTS = ['none', 'prom-client', 'eventpipe (broker up)', 'eventpipe (Kafka unreachable)'];

async function server(variant, bootstrap) {
  const { default: express } = await import('express');
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
      bufferCapacity: down ? 1000 : 10_000, connectWaitMs: down ? 0 : 5000, closeTimeoutMs: 200 });
    app.use(eventMiddleware(pub));
  }
  app.get('/users/:userId', (req, res) => { res.json({ id: req.params.userId }); });
  app.get('/health', (req, res) => { res.json({ status: 'ok' }); });
  const s = app.listen(0, '127.0.0.1', () => process.send({ port: s.address().port }));
  process.on('message', async (m) => {
    if (m === 'cpu') {
      const u = process.cpuUsage();
      process.send({ cpu: u.user + u.system });
    } else if (m === 'stop') {
      await pub?.close();
      process.send({ stats: pub?.stats() ?? null });
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

async function load(port, n, agent) {
  const one = (path) => new Promise((ok, fail) => {
    request({ host: '127.0.0.1', port, path, agent }, (res) => { res.resume(); res.on('end', ok); }).on('error', fail).end();
  });
  const inFlight = 4;
  let next = 0;
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (next < n) {
      const i = next++;
      await one(i % 4 ? `/users/${i}` : '/health');
    }
  }));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const args = Object.fromEntries(process.argv.slice(2).map((a, i, all) => (a.startsWith('--') ? [a.slice(2), all[i + 1]] : null)).filter(Boolean));
  if (!args.bootstrap) throw new Error('--bootstrap HOST:PORT is required (a running broker, e.g. ./pipeline broker)');
  const n = Number(args.requests ?? 10_000);
  const rounds = Number(args.rounds ?? 5);
  const self = fileURLToPath(import.meta.url);
  const children = {};
  for (const v of VARIANTS) {
    const child = fork(self, ['--serve', v, '--bootstrap', args.bootstrap]);
    children[v] = { child, port: await new Promise((ok) => child.once('message', (m) => ok(m.port))) };
  }
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  for (const v of VARIANTS) await load(children[v].port, 2000, agent); // warm-up
  const cpu = Object.fromEntries(VARIANTS.map((v) => [v, []]));
  const wall = Object.fromEntries(VARIANTS.map((v) => [v, []]));
  for (let r = 0; r < rounds; r++) {
    for (const v of VARIANTS) {
      const { child, port } = children[v];
      const c0 = await ask(child, 'cpu', 'cpu');
      const t0 = process.hrtime.bigint();
      await load(port, n, agent);
      wall[v].push(Number(process.hrtime.bigint() - t0) / 1e3 / n);
      cpu[v].push(((await ask(child, 'cpu', 'cpu')) - c0) / n);
    }
  }
  agent.destroy();
  const base = median(cpu.none);
  const prom = median(cpu['prom-client']) - base;
  console.log(`${n} requests x ${rounds} rounds (4 in flight), medians per request; load average ${os.loadavg()[0].toFixed(1)}`);
  console.log('| variant | server CPU µs | overhead µs | vs prom-client | wall µs (client view) |');
  console.log('|---|---|---|---|---|');
  for (const v of VARIANTS) {
    const m = median(cpu[v]);
    console.log(`| ${v} | ${m.toFixed(1)} | ${(m - base).toFixed(1)} | ${v === 'none' ? '' : `${((m - base) / prom).toFixed(2)}×`} | ${median(wall[v]).toFixed(1)} |`);
  }
  for (const v of VARIANTS) {
    const stats = await ask(children[v].child, 'stop', 'stats');
    if (stats) console.log(`${v}: accepted=${stats.accepted} sent=${JSON.stringify(stats.sent['events.requests'])} dropped=${JSON.stringify(stats.dropped)} failed=${JSON.stringify(stats.failed)}`);
  }
}

const serveAt = process.argv.indexOf('--serve');
if (serveAt >= 0) await server(process.argv[serveAt + 1], process.argv[process.argv.indexOf('--bootstrap') + 1]);
else await main();
