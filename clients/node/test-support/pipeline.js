// A real embedded Kafka broker and aggregator as child processes (`./pipeline broker` / `aggregator`), and a
// parsed /metrics scrape. Used by the round-trip tests.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const AVRO = join(REPO, 'event-schemas/src/main/avro');
export const REQUEST_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** A bucket bound as the aggregator writes `le` (the Prometheus Go client's format): 1, 2.5, 0.01. */
export const le = (b) => String(b);

export function seriesId(name, labels) {
  const inner = Object.keys(labels).sort().map((k) => `${k}="${labels[k]}"`).join(',');
  return inner ? `${name}{${inner}}` : name;
}

export function parseMetrics(text) {
  const out = {};
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`unparseable exposition line: ${line}`);
    const labels = Object.fromEntries([...(m[2] ?? '').matchAll(LABEL)].map((x) => [x[1], x[2]]));
    out[seriesId(m[1], labels)] = Number(m[3]);
  }
  return out;
}

export function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    }).on('error', fail);
  });
}

const sleep = (ms) => new Promise((r) => { setTimeout(r, ms); });

function child(args, ready, logFile, timeoutMs) {
  const log = createWriteStream(logFile);
  const proc = spawn(join(REPO, 'pipeline'), args, { cwd: REPO, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const started = new Promise((ok, fail) => {
    let seen = '';
    const timer = setTimeout(() => fail(new Error(`${args[0]} did not start in ${timeoutMs} ms; see ${logFile}`)), timeoutMs);
    const onData = (d) => {
      log.write(d);
      seen = (seen + d).slice(-4096);
      if (seen.includes(ready)) {
        clearTimeout(timer);
        ok();
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', (d) => log.write(d));
    proc.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`${args[0]} exited with ${code}: ${readFileSync(logFile, 'utf8').slice(-3000)}`));
    });
  });
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise((r) => proc.once('exit', r));
      process.kill(-proc.pid, 'SIGTERM');
      const killer = setTimeout(() => process.kill(-proc.pid, 'SIGKILL'), 30_000);
      await exited;
      clearTimeout(killer);
    }
    log.end();
  };
  return { started, stop };
}

/** Broker + aggregator on free ports. */
export async function startPipeline() {
  const dir = mkdtempSync(join(tmpdir(), 'eventpipe-nodeclient-'));
  const port = await freePort();
  const metricsPort = await freePort();
  const p = {
    bootstrap: `127.0.0.1:${port}`, metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`, dir, children: [],
    async scrape() {
      const r = await fetch(this.metricsUrl);
      if (!r.ok) throw Object.assign(new Error(`scrape: HTTP ${r.status}`), { status: r.status });
      return parseMetrics(await r.text());
    },
    /** Scrapes until the selected series equal `expected` or the deadline passes; returns the last. */
    async waitFor(expected, select, timeoutMs = 90_000) {
      const deadline = Date.now() + timeoutMs;
      const want = JSON.stringify(Object.entries(expected).sort());
      for (;;) {
        const got = Object.fromEntries(Object.entries(await this.scrape()).filter(([k]) => select(k)));
        if (JSON.stringify(Object.entries(got).sort()) === want || Date.now() > deadline) return got;
        await sleep(500);
      }
    },
    async stop() {
      for (const c of this.children.reverse()) await c.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    const broker = child(['broker', '--port', String(port), '--data-dir', join(dir, 'kafka')], 'Kafka broker ready',
      join(dir, 'broker.log'), 120_000);
    p.children.push(broker);
    await broker.started;
    const agg = child(['aggregator', '--bootstrap', p.bootstrap, '--metrics-port', String(metricsPort), '--state-dir',
      join(dir, 'state')], 'metrics at', join(dir, 'aggregator.log'), 120_000);
    p.children.push(agg);
    await agg.started;
    // /metrics answers 503 until the Streams app runs.
    const deadline = Date.now() + 120_000;
    for (;;) {
      try {
        await p.scrape();
        break;
      } catch (e) {
        if (e.status !== 503 || Date.now() > deadline) throw e;
        await sleep(300);
      }
    }
  } catch (e) {
    await p.stop();
    throw e;
  }
  return p;
}
