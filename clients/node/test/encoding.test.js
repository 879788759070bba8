// The compiled encoders accept exactly the events validate() accepts and write the JSON JSON.stringify would.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidEventError, schema, validate } from '@eventpipe/client';
import { ENCODERS } from '../src/encoding.js';

const SOURCE = Object.freeze({ service: 'front', instance: 'f-1' });
const SOURCE_JSON = JSON.stringify(SOURCE);

const VALID = {
  RequestEvent: { method: 'GET', route: '/users/{id}', status_code: 200, duration_seconds: 0.25, request_bytes: 0,
    response_bytes: 12, user_id: 'u-ü"\n', plan: 'pro', trace_id: '0af7651916cd43dd8448eb211c80319c', span_id: 'b7ad6b7169203331' },
  GenerationEvent: { job_id: 'j', model: 'sdxl', plan: 'free', status: 'COMPLETED', queue: 'gpu', worker_id: 'w',
    duration_seconds: 3, credits_used: 2, user_id: 'u' },
  BillingEvent: { kind: 'PAYMENT', user_id: 'u', amount_minor: 999, currency: 'USD' },
  ActivityEvent: { user_id: 'u', plan: 'pro', action: 'LOGIN' },
  QueueSample: { queue_name: 'gpu', length: 3, active_workers: 2 },
  CustomEvent: { name: 'db_query', attributes: { table: 'users' }, measurements: { rows: 12, s: 0.5 } },
};

// Wrong values for any field of a type, and for the rules of each kind.
const BAD_BY_TYPE = {
  string: [1, ['x'], true, {}],
  long: ['1', 1.5, true, 2 ** 53, NaN],
  int: ['1', 1.5, false, 2 ** 31, -(2 ** 31) - 1],
  double: ['1', NaN, Infinity, -Infinity, true, [1]],
  enum: ['completed', 'UNKNOWN', 1, ['LOGIN']],
  Source: ['front', { service: 'front' }, { service: ' ', instance: 'i' }, { service: 1, instance: 'i' }, ['x']],
  'map<string>': [['a'], { a: 1 }, 'a'],
  'map<double>': [['a'], { a: '1' }, { a: NaN }, { a: true }],
};
const BAD_BY_RULE = {
  RequestEvent: [{ method: ' ' }, { route: 'users' }, { status_code: 99 }, { status_code: 600 },
    { duration_seconds: -0.1 }, { request_bytes: -1 }, { response_bytes: -1 }],
  GenerationEvent: [{ model: ' ' }, { plan: '' }, { duration_seconds: -1 }, { credits_used: -1 }],
  BillingEvent: [{ currency: 'usd' }, { currency: null }, { kind: 'SUBSCRIPTION_STARTED' },
    { kind: 'SUBSCRIPTION_CHANGED', from_plan: 'a' }, { kind: 'CREDIT_CONSUMPTION', credits: 1 }, { user_id: ' ' },
    { credits: -1 }],
  ActivityEvent: [{ user_id: ' ' }, { plan: '' }],
  QueueSample: [{ queue_name: ' ' }, { length: -1 }, { active_workers: -1 }],
  CustomEvent: [{ name: ' ' }],
};
const COMMON_BAD = [{ event_time: 0 }, { event_time: -5 }, { event_id: ' ' }];

const event = (kind, o = {}) => ({ event_id: 'e-1', event_time: 1_763_800_000_000, source: SOURCE, ...VALID[kind.record], ...o });

function* cases() {
  for (const kind of schema.KINDS) {
    yield [kind, event(kind)];
    for (const f of kind.fields) {
      yield [kind, event(kind, { [f.name]: null })];
      yield [kind, event(kind, { [f.name]: undefined })];
      for (const bad of BAD_BY_TYPE[f.type]) yield [kind, event(kind, { [f.name]: bad })];
    }
    for (const o of [...BAD_BY_RULE[kind.record], ...COMMON_BAD]) yield [kind, event(kind, o)];
  }
}

function acceptedByValidate(kind, e) {
  try {
    validate(kind, e);
    return true;
  } catch (err) {
    if (err instanceof InvalidEventError) return false;
    throw err;
  }
}

test('the encoder accepts what validate() accepts and writes what JSON.stringify writes', () => {
  let n = 0;
  for (const [kind, e] of cases()) {
    const json = ENCODERS[kind.record](e, SOURCE, SOURCE_JSON);
    assert.equal(json !== null, acceptedByValidate(kind, e), `${kind.record} ${JSON.stringify(e)}`);
    if (json !== null) {
      // Absent optional fields are written as null.
      const complete = Object.fromEntries(kind.fields.map((f) => [f.name, e[f.name] ?? null]));
      assert.equal(json, JSON.stringify(complete));
    }
    n += 1;
  }
  assert.ok(n > 300, `${n} cases`);
});

test('a foreign source object is checked and written itself; fields outside the contract are not written', () => {
  const other = { service: 'worker', instance: 'w-1' };
  assert.deepEqual(JSON.parse(ENCODERS.ActivityEvent(event(schema.ACTIVITY, { source: other }), SOURCE, SOURCE_JSON)).source, other);
  assert.equal('extra' in JSON.parse(ENCODERS.ActivityEvent(event(schema.ACTIVITY, { extra: 'x' }), SOURCE, SOURCE_JSON)), false);
});
