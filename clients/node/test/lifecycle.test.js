// The publisher's sender thread does not keep a service alive on its own: a process that never calls close() still
// exits when its own work is done (Node re-refs a worker when a 'message' listener is added after unref()). The
// thread starts in a service run with --input-type; one that cannot start is restarted after a growing delay.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { openTransport } from '../src/transport.js';
import { freePort } from '../test-support/pipeline.js';

const INDEX = new URL('../src/index.js', import.meta.url).href;

/** Runs `body` (module code, `createPublisher` in scope) in a fresh node; resolves its exit code, or 'alive'. */
function run(body, ms, flags = []) {
  // A file, not --eval: the sender thread inherits the process's flags, and --input-type would fail it.
  const file = join(mkdtempSync(join(tmpdir(), 'eventpipe-lifecycle-')), 'service.mjs');
  writeFileSync(file, `import { createPublisher } from ${JSON.stringify(INDEX)};\n${body}\n`);
  const child = spawn(process.execPath, [...flags, file], { stdio: 'ignore' });
  return new Promise((resolve) => {
    const timer = setTimeout(() => { child.kill(); resolve('alive'); }, ms);
    child.on('exit', (code) => { clearTimeout(timer); resolve(code); });
  });
}

test('a service that never closes its publisher still exits, idle or with Kafka unreachable', async () => {
  const bootstrap = `127.0.0.1:${await freePort()}`;
  for (const senderThread of [true, false]) {
    const idle = `await createPublisher({ bootstrap: '${bootstrap}', service: 's', connectWaitMs: 0, senderThread: ${senderThread} });`;
    assert.equal(await run(idle, 30_000), 0, `idle, senderThread: ${senderThread}`);
  }
  const busy = `const pub = await createPublisher({ bootstrap: '${bootstrap}', service: 's', connectWaitMs: 0 });
    pub.recordRequest({ method: 'GET', route: '/a', statusCode: 200, durationSeconds: 0.1 });`;
  assert.equal(await run(busy, 30_000), 0, 'events held by the sender thread, Kafka unreachable');
});

test('the sender thread starts in a service run as ESM from stdin (--input-type=module)', async () => {
  const bootstrap = `127.0.0.1:${await freePort()}`;
  const child = spawn(process.execPath, ['--input-type=module'], { stdio: ['pipe', 'pipe', 'ignore'] });
  child.stdin.end(`import { createPublisher } from ${JSON.stringify(INDEX)};
    const pub = await createPublisher({ bootstrap: '${bootstrap}', service: 's', connectWaitMs: 0 });
    pub.recordRequest({ method: 'GET', route: '/a', statusCode: 200, durationSeconds: 0.1 });
    setTimeout(() => { console.log(JSON.stringify(pub.stats())); process.exit(0); }, 2000);`);
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  await new Promise((resolve) => child.on('exit', resolve));
  const stats = JSON.parse(out);
  // Kafka is unreachable: the event waits in the thread; before, the thread refused the flag and lost it
  assert.deepEqual([stats.accepted, stats.pending, stats.failed], [1, 1, {}]);
});

test('a service run with a process-wide flag (--expose-gc) starts its sender thread', async () => {
  // A worker refuses such a flag when the list is passed explicitly; inherited, Node leaves it out.
  const body = `const pub = await createPublisher({ bootstrap: '127.0.0.1:${await freePort()}', service: 's', connectWaitMs: 0 });
    pub.recordRequest({ method: 'GET', route: '/a', statusCode: 200, durationSeconds: 0.1 });
    await new Promise((r) => setTimeout(r, 1000));
    process.exit(pub.stats().failed.sender_exit === undefined && pub.stats().pending === 1 ? 0 : 3);`;
  assert.equal(await run(body, 30_000, ['--expose-gc']), 0);
});

test('a sender thread that cannot start is restarted after a delay doubling from 100 ms', async () => {
  const starts = join(mkdtempSync(join(tmpdir(), 'eventpipe-starts-')), 'starts');
  process.env.EVENTPIPE_TEST_STARTS = starts;
  const reports = [];
  const transport = openTransport({ kafka: { brokers: ['127.0.0.1:9'] } }, true, (r) => reports.push(r),
    new URL('../test-support/failing-sender-thread.js', import.meta.url));
  const times = () => (existsSync(starts) ? readFileSync(starts, 'utf8').trim().split('\n').map(Number) : []);
  const deadline = Date.now() + 30_000;
  while (times().length < 5 && Date.now() < deadline) await sleep(20);
  const t = times();
  assert.ok(t.length >= 5, `${t.length} starts`);
  // at least 100 + 200 + 400 + 800 ms between the first start and the fifth (without the delay: about 0.5 s)
  assert.ok(t[4] - t[0] >= 1400, `5 starts in ${t[4] - t[0]} ms`);
  await transport.close(0);
  assert.deepEqual(reports, []); // nothing was handed to a thread, so nothing was lost
});
