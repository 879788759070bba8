// The publisher's sender thread does not keep a service alive on its own: a process that never calls close() still
// exits when its own work is done (Node re-refs a worker when a 'message' listener is added after unref()).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { freePort } from '../test-support/pipeline.js';

const INDEX = new URL('../src/index.js', import.meta.url).href;

/** Runs `body` (module code, `createPublisher` in scope) in a fresh node; resolves its exit code, or 'alive'. */
function run(body, ms) {
  // A file, not --eval: the sender thread inherits the process's flags, and --input-type would fail it.
  const file = join(mkdtempSync(join(tmpdir(), 'eventpipe-lifecycle-')), 'service.mjs');
  writeFileSync(file, `import { createPublisher } from ${JSON.stringify(INDEX)};\n${body}\n`);
  const child = spawn(process.execPath, [file], { stdio: 'ignore' });
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
