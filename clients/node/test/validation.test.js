// Client-side refusal of events the pipeline would dead-letter, with the field named; settings and routes.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fromExpressPath, InvalidEventError, OTHER, Publisher, resolveSettings, RouteTemplates, schema, validate } from '@eventpipe/client';

const SOURCE = { service: 'front', instance: 'f-1' };
const request = (o = {}) => ({ event_id: 'e1', event_time: 1_763_800_000_000, source: SOURCE, method: 'GET',
  route: '/users/{id}', status_code: 200, duration_seconds: 0.1, ...o });

const refused = (kind, event, message) => assert.throws(() => validate(kind, event),
  (e) => e instanceof InvalidEventError && e.message === message);

test('a valid request passes', () => { validate(schema.REQUEST, request({ request_bytes: 0, user_id: 'u', trace_id: null })); });

test('invalid requests are refused naming the field', () => {
  refused(schema.REQUEST, request({ route: undefined }), 'RequestEvent: route: required field is missing');
  refused(schema.REQUEST, request({ status_code: '200' }), 'RequestEvent: status_code: expected a 32-bit integer, got "200"');
  refused(schema.REQUEST, request({ duration_seconds: NaN }), 'RequestEvent: duration_seconds: expected a finite number, got null');
  refused(schema.REQUEST, request({ status_code: 42 }), 'RequestEvent: status_code: outside 100..599 (42)');
  refused(schema.REQUEST, request({ route: 'users/1' }), "RequestEvent: route: must be a route template starting with '/' (users/1)");
  refused(schema.REQUEST, request({ duration_seconds: -0.5, response_bytes: -1 }),
    'RequestEvent: duration_seconds: negative (-0.5); response_bytes: negative (-1)');
  refused(schema.REQUEST, request({ event_time: 0 }), 'RequestEvent: event_time: must be epoch milliseconds > 0 (0)');
});

test('enum symbols, billing rules and custom maps', () => {
  refused(schema.GENERATION, { event_id: 'e', event_time: 1, source: SOURCE, job_id: 'j', model: 'm', plan: 'p', queue: 'q', status: 'UNKNOWN' },
    'GenerationEvent: status: unknown value, expected one of QUEUED, STARTED, COMPLETED, FAILED, got "UNKNOWN"');
  const billing = (o) => ({ event_id: 'e', event_time: 1, source: SOURCE, user_id: 'u', ...o });
  refused(schema.BILLING, billing({ kind: 'PAYMENT' }), 'BillingEvent: amount_minor: required for PAYMENT');
  refused(schema.BILLING, billing({ kind: 'PAYMENT', amount_minor: 999, currency: 'usd' }),
    'BillingEvent: currency: an ISO 4217 code is required with amount_minor (usd)');
  refused(schema.BILLING, billing({ kind: 'SUBSCRIPTION_STARTED', to_plan: 'pro' }), 'BillingEvent: billing_cycle: required for SUBSCRIPTION_STARTED');
  const custom = { event_id: 'e', event_time: 1, source: SOURCE, name: 'db_query', attributes: { table: 'users' } };
  validate(schema.CUSTOM, { ...custom, measurements: { duration_seconds: 0.01 } });
  refused(schema.CUSTOM, { ...custom, measurements: { rows: '12' } },
    'CustomEvent: measurements: value of \'rows\' must be a finite number, got {"rows":"12"}');
});

test('settings come from the environment; EVENTPIPE_KAFKA_* become kafkajs config', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eventpipe-'));
  writeFileSync(join(dir, 'pw'), 's3cret\n');
  const s = resolveSettings({ env: { EVENTPIPE_BOOTSTRAP: 'k1:9093, k2:9093', EVENTPIPE_SERVICE: 'front', EVENTPIPE_INSTANCE: 'f-3',
    EVENTPIPE_KAFKA_SECURITY_PROTOCOL: 'SASL_SSL', EVENTPIPE_KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
    EVENTPIPE_KAFKA_SASL_USERNAME: 'svc', EVENTPIPE_KAFKA_SASL_PASSWORD_FILE: join(dir, 'pw') } });
  assert.deepEqual([s.bootstrap, s.service, s.instance], ['k1:9093, k2:9093', 'front', 'f-3']);
  assert.deepEqual(s.kafka, { clientId: 'eventpipe-front', brokers: ['k1:9093', 'k2:9093'], ssl: true,
    sasl: { mechanism: 'scram-sha-512', username: 'svc', password: 's3cret' } });
  assert.equal(resolveSettings({ bootstrap: 'h:1', service: 'x', env: { EVENTPIPE_BOOTSTRAP: 'y:2' } }).bootstrap, 'h:1');
});

test('setting errors name the option or variable', () => {
  const base = { EVENTPIPE_BOOTSTRAP: 'h:1', EVENTPIPE_SERVICE: 'a' };
  const bad = (env, message) => assert.throws(() => resolveSettings({ env }), { message });
  bad({ EVENTPIPE_SERVICE: 'a' }, 'bootstrap: required (option or EVENTPIPE_BOOTSTRAP), e.g. localhost:9092');
  bad({ EVENTPIPE_BOOTSTRAP: 'h:1' }, 'service: required (option or EVENTPIPE_SERVICE), e.g. front');
  bad({ ...base, EVENTPIPE_KAFKA_LINGER_MS: '5' }, /^EVENTPIPE_KAFKA_LINGER_MS: linger\.ms is not supported by the Node client \(kafkajs\); supported: security\.protocol,/);
  bad({ ...base, EVENTPIPE_KAFKA_SECURITY_PROTOCOL: 'TLS' }, 'EVENTPIPE_KAFKA_SECURITY_PROTOCOL: security.protocol: expected PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL, got TLS');
  bad({ ...base, EVENTPIPE_KAFKA_SASL_PASSWORD_FILE: '/nonexistent/eventpipe' }, 'EVENTPIPE_KAFKA_SASL_PASSWORD_FILE: cannot read the file it names: ENOENT');
  assert.throws(() => resolveSettings({ env: base, senderThread: 'yes' }), { message: 'senderThread: must be true or false, got yes' });
  // A function cannot cross to the sender thread: the error says so and how to run the sender here instead.
  const withFunction = { env: base, kafka: { sasl: { mechanism: 'oauthbearer', oauthBearerProvider: async () => ({ value: 't' }) } } };
  assert.throws(() => new Publisher(withFunction),
    /^Error: kafka: these kafkajs settings cannot be passed to the sender thread \(.*\); use senderThread: false to run the sender on this event loop$/);
});

test('Express parameters are written {name}; unmatched paths are templated with a cap', () => {
  assert.equal(fromExpressPath('/users/:id/images/:imageId(\\d+)'), '/users/{id}/images/{imageId}');
  assert.equal(fromExpressPath('/files/:name?'), '/files/{name}');
  const r = new RouteTemplates(3);
  assert.equal(r.template('/users/123/orders?page=2'), '/users/{id}/orders');
  assert.equal(r.template('/files/0b7e8f3c-94a1-4c1e-9e0d-2a6c1f2b7d11'), '/files/{uuid}');
  assert.equal(r.template('/blobs/deadbeefdeadbeefdeadbeef'), '/blobs/{token}');
  assert.equal(r.template('/another'), OTHER);
  assert.equal(r.template('/users/9/orders'), '/users/{id}/orders');
});
