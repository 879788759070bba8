// The event contracts as this client writes them: the Avro field lists of event-schemas, mirrored.
// test/schema-parity.test.js reads event-schemas/src/main/avro/**/*.avsc and fails when a field, its type,
// whether it is required, or an enum's symbols differ from what is declared here, so the two cannot drift.

const common = () => [f('event_id', 'string'), f('event_time', 'long'), f('source', 'Source')];

function f(name, type, required = true, symbols = []) {
  return Object.freeze({ name, type, required, symbols: Object.freeze(symbols) });
}

const opt = (name, type) => f(name, type, false);

function kind(record, topic, fields) {
  return Object.freeze({ record, topic, fields: Object.freeze(fields) });
}

// Symbols without UNKNOWN: it exists for old readers only and the pipeline refuses it from writers.
export const REQUEST = kind('RequestEvent', 'events.requests', [...common(),
  f('method', 'string'), f('route', 'string'), f('status_code', 'int'), f('duration_seconds', 'double'),
  opt('request_bytes', 'long'), opt('response_bytes', 'long'), opt('user_id', 'string'), opt('plan', 'string'),
  opt('trace_id', 'string'), opt('span_id', 'string')]);

export const GENERATION = kind('GenerationEvent', 'events.generations', [...common(),
  f('job_id', 'string'), f('model', 'string'), f('plan', 'string'),
  f('status', 'enum', true, ['QUEUED', 'STARTED', 'COMPLETED', 'FAILED']),
  f('queue', 'string'), opt('worker_id', 'string'), opt('duration_seconds', 'double'), opt('credits_used', 'long'),
  opt('user_id', 'string'), opt('trace_id', 'string'), opt('span_id', 'string')]);

export const BILLING = kind('BillingEvent', 'events.billing', [...common(),
  f('kind', 'enum', true, ['SUBSCRIPTION_STARTED', 'SUBSCRIPTION_RENEWED', 'SUBSCRIPTION_CHANGED',
    'SUBSCRIPTION_CANCELLED', 'PAYMENT', 'CREDIT_PURCHASE', 'CREDIT_CONSUMPTION']),
  f('user_id', 'string'), opt('plan', 'string'), opt('from_plan', 'string'), opt('to_plan', 'string'),
  f('billing_cycle', 'enum', false, ['MONTHLY', 'YEARLY']), opt('amount_minor', 'long'), opt('currency', 'string'),
  opt('credits', 'long'), opt('usage_type', 'string')]);

export const ACTIVITY = kind('ActivityEvent', 'events.activity', [...common(),
  f('user_id', 'string'), f('plan', 'string'),
  f('action', 'enum', true, ['REGISTRATION', 'LOGIN', 'LOGOUT', 'PAGE_VIEW', 'API_CALL'])]);

export const QUEUE = kind('QueueSample', 'samples.queues', [...common(),
  f('queue_name', 'string'), f('length', 'long'), f('active_workers', 'int')]);

// The generic event of issue 9 (CustomEvent on events.custom), written to its documented shape. The pipeline
// does not have this topic or schema yet; the parity test checks it as soon as CustomEvent.avsc exists.
export const CUSTOM = kind('CustomEvent', 'events.custom', [...common(),
  f('name', 'string'), f('attributes', 'map<string>'), f('measurements', 'map<double>'),
  opt('trace_id', 'string'), opt('span_id', 'string')]);

export const SOURCE_FIELDS = Object.freeze([f('service', 'string'), f('instance', 'string')]);

export const KINDS = Object.freeze([REQUEST, GENERATION, BILLING, ACTIVITY, QUEUE, CUSTOM]);
