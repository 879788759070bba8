// A real Express app behind eventMiddleware -> the embedded broker -> the aggregator -> /metrics, exactly;
// the published fields; Kafka unreachable; bad input refused, and dead-lettered when forced through; a sender
// thread that dies.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import express from 'express';
import kafkajs from 'kafkajs';
import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { context, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { createPublisher, eventMiddleware, InvalidEventError, resolveSettings, schema } from '@eventpipe/client';
import { ENCODERS } from '../src/encoding.js';
import { openTransport } from '../src/transport.js';
import { freePort, le, REPO, REQUEST_BUCKETS, seriesId, startPipeline } from '../test-support/pipeline.js';

// Dyadic durations: every sum of them is exact in binary floating point, so _sum compares exactly. 0.25 and
// 2.5 sit on bucket bounds (le is inclusive).
const DURATIONS = [0.0078125, 0.015625, 0.046875, 0.09375, 0.25, 0.75, 2.5, 7.5, 12.0];

let pipeline;
before(async () => { pipeline = await startPipeline(); });
after(async () => { await pipeline?.stop(); });

function buildApp(pub, clock, options = {}) {
  const app = express();
  app.use(eventMiddleware(pub, { clock: () => clock.now, ...options }));
  const took = (req) => { clock.now += Number(req.get('x-duration') ?? 0); };
  app.get('/users/:userId', (req, res) => {
    took(req);
    if (Number(req.params.userId) % 5 === 0) res.status(404).json({ error: 'no such user' });
    else res.json({ id: req.params.userId });
  });
  app.get('/users/:userId/images/:imageId', (req, res) => { took(req); res.json({ image: req.params.imageId }); });
  app.post('/orders', express.raw({ type: '*/*' }), (req, res) => { took(req); res.status(201).json({ bytes: req.body.length }); });
  app.get('/boom', (req, res, next) => { took(req); next(new Error('handler failed')); });
  const v2 = express.Router();
  v2.get('/items/:itemId', (req, res) => { took(req); res.json({ item: req.params.itemId }); });
  app.use('/v2', v2);
  app.use((err, req, res, next) => { res.status(500).json({ error: err.message }); }); // eslint-disable-line no-unused-vars
  return app;
}

async function serve(app) {
  const server = await new Promise((ok) => { const s = app.listen(0, '127.0.0.1', () => ok(s)); });
  return { base: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((ok) => server.close(ok)) };
}

function plan(n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const d = DURATIONS[i % DURATIONS.length];
    switch (i % 6) {
      case 0: case 1: out.push(['GET', `/users/${i}`, '/users/{userId}', d, i % 5 === 0 ? 404 : 200]); break;
      case 2: out.push(['GET', `/users/${i}/images/img-${i}`, '/users/{userId}/images/{imageId}', d, 200]); break;
      case 3: out.push(['POST', '/orders', '/orders', d, 201]); break;
      case 4: out.push(i % 4 ? ['GET', `/v2/items/${i}`, '/v2/items/{itemId}', d, 200] : ['GET', '/boom', '/boom', d, 500]); break;
      default: out.push(['GET', `/missing/${i}`, '/missing/{id}', 0, 404]);
    }
  }
  return out;
}

function expectedSeries(service, requests) {
  const out = {};
  const observations = new Map();
  for (const [method, , endpoint, d, status] of requests) {
    const id = seriesId('http_requests_total', { service, method, endpoint, status: String(status) });
    out[id] = (out[id] ?? 0) + 1;
    const key = JSON.stringify([method, endpoint]);
    if (!observations.has(key)) observations.set(key, []);
    observations.get(key).push(d);
  }
  for (const [key, values] of observations) {
    const [method, endpoint] = JSON.parse(key);
    const labels = { service, method, endpoint };
    for (const b of REQUEST_BUCKETS) {
      out[seriesId('http_request_duration_seconds_bucket', { ...labels, le: le(b) })] = values.filter((v) => v <= b).length;
    }
    out[seriesId('http_request_duration_seconds_bucket', { ...labels, le: '+Inf' })] = values.length;
    out[seriesId('http_request_duration_seconds_count', labels)] = values.length;
    out[seriesId('http_request_duration_seconds_sum', labels)] = values.reduce((a, b) => a + b, 0);
  }
  return out;
}

async function send(base, [method, path, , d]) {
  const r = await fetch(base + path, { method, headers: { 'x-duration': String(d) }, body: method === 'POST' ? '{}' : undefined });
  await r.arrayBuffer();
  return r.status;
}

test('1,000 requests over templated routes reach /metrics exactly', async () => {
  const service = 'node-front';
  const requests = plan(1000);
  const pub = await createPublisher({ bootstrap: pipeline.bootstrap, service });
  const server = await serve(buildApp(pub, { now: 0 }));
  for (const r of requests) assert.equal(await send(server.base, r), r[4], `${r[0]} ${r[1]}`);
  await server.close();
  await pub.close();
  const stats = pub.stats();
  assert.deepEqual([stats.accepted, stats.sent['events.requests'], stats.failed, stats.pending], [1000, 1000, {}, 0]);
  assert.deepEqual(stats.dropped, { buffer_full: 0, closed: 0, invalid: 0 });

  const expected = expectedSeries(service, requests);
  const got = await pipeline.waitFor(expected, (s) => s.startsWith('http_request') && s.includes(`service="${service}"`));
  assert.deepEqual(got, expected);
});

test('with senderThread: false the sender runs on this event loop and delivers the same, exactly', async () => {
  const service = 'node-inline';
  const requests = plan(300);
  const pub = await createPublisher({ bootstrap: pipeline.bootstrap, service, senderThread: false });
  const server = await serve(buildApp(pub, { now: 0 }));
  for (const r of requests) assert.equal(await send(server.base, r), r[4], `${r[0]} ${r[1]}`);
  await server.close();
  await pub.close();
  const stats = pub.stats();
  assert.deepEqual([stats.accepted, stats.sent['events.requests'], stats.failed, stats.pending], [300, 300, {}, 0]);
  const expected = expectedSeries(service, requests);
  assert.deepEqual(await pipeline.waitFor(expected, (s) => s.startsWith('http_request') && s.includes(`service="${service}"`)),
    expected);
});

/** The smallest OpenTelemetry context manager (the SDK's is not a dependency of this package). */
class AsyncLocalContextManager {
  #als = new AsyncLocalStorage();
  active() { return this.#als.getStore() ?? ROOT_CONTEXT; }
  with(ctx, fn, thisArg, ...args) { return this.#als.run(ctx, () => fn.apply(thisArg, args)); }
  bind(ctx, target) { return target; }
  enable() { return this; }
  disable() { return this; }
}

test('the published events carry the template, sizes, user, plan and the active span', async () => {
  const service = 'node-fields';
  const pub = await createPublisher({ bootstrap: pipeline.bootstrap, service, instance: 'front-7' });
  const server = await serve(buildApp(pub, { now: 0 }, { user: () => ({ userId: 'u-42', plan: 'pro' }) }));
  const r = await fetch(`${server.base}/orders`, { method: 'POST', body: '{"sku": 12345}', headers: { 'x-duration': '0.5' } });
  assert.equal(r.status, 201);
  await server.close();
  context.setGlobalContextManager(new AsyncLocalContextManager());
  const span = trace.wrapSpanContext({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331',
    traceFlags: TraceFlags.SAMPLED });
  context.with(trace.setSpan(context.active(), span),
    () => pub.recordRequest({ method: 'get', route: '/traced', statusCode: 204, durationSeconds: 0.001 }));
  context.disable();
  await pub.close();

  const kafka = new kafkajs.Kafka({ brokers: [pipeline.bootstrap], logLevel: kafkajs.logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `t-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topic: 'events.requests', fromBeginning: true });
  const found = [];
  await new Promise((ok) => {
    consumer.run({ eachMessage: async ({ message }) => {
      if (message.key.toString() === `${service}/front-7`) found.push(JSON.parse(message.value.toString()));
      if (found.length === 2) ok();
    } });
  });
  await consumer.disconnect();
  const [event, traced] = found;
  assert.deepEqual([traced.route, traced.method, traced.trace_id, traced.span_id],
    ['/traced', 'GET', '0af7651916cd43dd8448eb211c80319c', 'b7ad6b7169203331']);
  assert.match(event.event_id, /^[0-9a-f-]{36}$/);
  assert.ok(event.event_time > 1_700_000_000_000);
  delete event.event_id;
  delete event.event_time;
  assert.deepEqual(event, {
    source: { service, instance: 'front-7' }, method: 'POST', route: '/orders', status_code: 201, duration_seconds: 0.5,
    request_bytes: 14, response_bytes: 12, user_id: 'u-42', plan: 'pro', trace_id: null, span_id: null,
  });
});

test('with Kafka unreachable requests complete and drops are counted', async () => {
  const pub = await createPublisher({ bootstrap: `127.0.0.1:${await freePort()}`, service: 'node-down', bufferCapacity: 10,
    closeTimeoutMs: 200, connectWaitMs: 0 });
  const server = await serve(buildApp(pub, { now: 0 }));
  const statuses = new Set();
  for (let i = 0; i < 1000; i++) statuses.add(await send(server.base, ['GET', `/users/${5 * i + 1}`, '', 0]));
  await server.close();
  assert.deepEqual([...statuses], [200]);
  let stats = pub.stats();
  assert.deepEqual([stats.accepted, stats.dropped.buffer_full, stats.pending], [10, 990, 10]);
  await pub.close();
  stats = pub.stats();
  assert.deepEqual([stats.sent['events.requests'], stats.failed, stats.pending], [0, { close_timeout: 10 }, 0]);
  assert.equal(pub.recordRequest({ method: 'GET', route: '/x', statusCode: 200, durationSeconds: 0.1 }), false);
  assert.equal(pub.stats().dropped.closed, 1);
});

test('an event missing a field is refused, and dead-lettered with the reason when forced through', async () => {
  const bad = { event_id: 'bad-node-1', event_time: Date.now(), source: { service: 'node-bad', instance: 'i-1' },
    method: 'GET', route: '/x', duration_seconds: 0.1 };
  const pub = await createPublisher({ bootstrap: pipeline.bootstrap, service: 'node-bad' });
  assert.throws(() => pub.record(schema.REQUEST, bad),
    (e) => e instanceof InvalidEventError && e.message === 'RequestEvent: status_code: required field is missing');
  await pub.close();
  assert.equal(pub.stats().accepted, 0);

  const kafka = new kafkajs.Kafka({ brokers: [pipeline.bootstrap], logLevel: kafkajs.logLevel.NOTHING });
  const raw = kafka.producer();
  await raw.connect();
  await raw.send({ topic: 'events.requests', messages: [{ key: 'node-bad/i-1', value: JSON.stringify(bad) }] });
  await raw.disconnect();
  const series = 'eventpipe_dead_letters_total{reason="missing_field",topic="events.requests"}';
  assert.deepEqual(await pipeline.waitFor({ [series]: 1 }, (s) => s === series), { [series]: 1 });
});

test('custom events are published, or counted as failed without their topic (issue 9) and never fail the others', async () => {
  const catalog = readFileSync(join(REPO, 'event-schemas/src/main/java/io/eventpipe/schemas/topics/Topics.java'), 'utf8');
  const pub = await createPublisher({ bootstrap: pipeline.bootstrap, service: 'node-custom' });
  assert.equal(pub.recordCustom('cache_lookup', { cache_type: 'redis', result: 'hit' }, { duration_seconds: 0.002 }), true);
  assert.equal(pub.recordRequest({ method: 'GET', route: '/after-custom', statusCode: 200, durationSeconds: 0.1 }), true);
  await pub.close();
  const stats = pub.stats();
  assert.equal(stats.sent['events.requests'], 1);
  if (!catalog.includes('"events.custom"')) {
    assert.deepEqual([stats.sent['events.custom'], Object.values(stats.failed)], [0, [1]]);
  } else {
    assert.deepEqual([stats.sent['events.custom'], stats.failed], [1, {}]);
  }
});

test('a sender thread that dies loses only what it held, counted as sender_exit; a new thread delivers the rest', async () => {
  const reports = [];
  const { kafka } = resolveSettings({ bootstrap: pipeline.bootstrap, service: 'node-crash' });
  const transport = openTransport({ kafka, lingerMs: 5 }, true, (r) => reports.push(r),
    new URL('../test-support/crashing-sender-thread.js', import.meta.url));
  const counted = (kind, key) => reports.reduce((n, r) => n + (r[kind]?.[key] ?? 0), 0);
  const push = (service, n) => {
    for (let i = 0; i < n; i++) {
      const json = ENCODERS.RequestEvent({ event_id: `${service}-${i}`, event_time: Date.now(),
        source: { service, instance: 'i-1' }, method: 'GET', route: '/crash', status_code: 200, duration_seconds: 0.25,
        request_bytes: null, response_bytes: null, user_id: null, plan: null, trace_id: null, span_id: null });
      assert.notEqual(json, null);
      transport.push(schema.REQUEST.topic, `${service}/i-1`, json);
    }
  };
  try {
    // One handover (pushed in one turn of the event loop): four events and the one that ends the thread.
    push('node-crash-lost', 4);
    transport.push('crash.now', 'k', '{}');
    const deadline = Date.now() + 30_000;
    while (counted('failed', 'sender_exit') === 0 && Date.now() < deadline) await sleep(50);
    assert.equal(counted('failed', 'sender_exit'), 5);

    push('node-crash', 10);
    while (counted('sent', schema.REQUEST.topic) < 10 && Date.now() < deadline + 60_000) await sleep(50);
  } finally {
    await transport.close(5000);
  }
  assert.equal(counted('sent', schema.REQUEST.topic), 10);
  assert.equal(counted('failed', 'sender_exit'), 5);
  const id = seriesId('http_requests_total', { service: 'node-crash', method: 'GET', endpoint: '/crash', status: '200' });
  assert.deepEqual(await pipeline.waitFor({ [id]: 10 }, (k) => k.startsWith('http_requests_total{') && k.includes('service="node-crash')),
    { [id]: 10 });
});
