// Refuses, before anything is sent, an event the pipeline would dead-letter: a missing required field, a wrong
// type, an unknown enum symbol, or a broken rule of the contract (the same rules as EventTypes in event-schemas).
import * as schema from './schema.js';

/** An event that does not satisfy its contract; the message names the record and the field. */
export class InvalidEventError extends Error {
  constructor(message) {
    super(message);
    this.name = 'InvalidEventError';
  }
}

const CURRENCY = /^[A-Z]{3}$/;
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const isNum = (v) => typeof v === 'number' && Number.isFinite(v);
export const isBlank = (v) => typeof v !== 'string' || v.trim() === '';

/** Why `v` (not null) is not a value of `field`'s type, or null. */
export function typeProblem(field, v) {
  switch (field.type) {
    case 'string': return typeof v === 'string' ? null : 'expected a string';
    case 'long': return Number.isSafeInteger(v) ? null : 'expected an integer';
    case 'int': return Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX ? null : 'expected a 32-bit integer';
    case 'double': return isNum(v) ? null : 'expected a finite number';
    case 'enum': return field.symbols.includes(v) ? null : `unknown value, expected one of ${field.symbols.join(', ')}`;
    case 'Source':
      if (typeof v !== 'object' || Array.isArray(v)) return 'expected an object {service, instance}';
      for (const sub of schema.SOURCE_FIELDS) {
        if (isBlank(v[sub.name])) return `${sub.name} is required and must be a non-blank string`;
      }
      return null;
    case 'map<string>':
    case 'map<double>': {
      if (typeof v !== 'object' || Array.isArray(v)) return 'expected an object';
      const wantString = field.type === 'map<string>';
      for (const [k, x] of Object.entries(v)) {
        if (wantString && typeof x !== 'string') return `value of '${k}' must be a string`;
        if (!wantString && !isNum(x)) return `value of '${k}' must be a finite number`;
      }
      return null;
    }
    default: throw new Error(`unhandled field type ${field.type}`);
  }
}

function notBlank(e, p, ...names) {
  for (const n of names) if (isBlank(e[n])) p.push(`${n}: required and must not be blank`);
}

function nonNegative(e, p, ...names) {
  for (const n of names) if (e[n] != null && e[n] < 0) p.push(`${n}: negative (${e[n]})`);
}

/** The rules of each event type beyond field types; each reports into the problems list `p`. */
export const RULES = {
  RequestEvent(e, p) {
    notBlank(e, p, 'method');
    if (!e.route.startsWith('/')) p.push(`route: must be a route template starting with '/' (${e.route})`);
    if (e.status_code < 100 || e.status_code > 599) p.push(`status_code: outside 100..599 (${e.status_code})`);
    nonNegative(e, p, 'duration_seconds', 'request_bytes', 'response_bytes');
  },
  GenerationEvent(e, p) {
    notBlank(e, p, 'model', 'plan');
    nonNegative(e, p, 'duration_seconds', 'credits_used');
  },
  BillingEvent(e, p) {
    notBlank(e, p, 'user_id');
    nonNegative(e, p, 'amount_minor', 'credits');
    if (e.amount_minor != null && !(typeof e.currency === 'string' && CURRENCY.test(e.currency))) {
      p.push(`currency: an ISO 4217 code is required with amount_minor (${e.currency})`);
    }
    switch (e.kind) {
      case 'SUBSCRIPTION_STARTED':
      case 'SUBSCRIPTION_RENEWED':
        notBlank(e, p, 'to_plan');
        if (e.billing_cycle == null) p.push(`billing_cycle: required for ${e.kind}`);
        break;
      case 'SUBSCRIPTION_CHANGED': notBlank(e, p, 'from_plan', 'to_plan'); break;
      case 'SUBSCRIPTION_CANCELLED': notBlank(e, p, 'from_plan'); break;
      case 'PAYMENT': if (e.amount_minor == null) p.push('amount_minor: required for PAYMENT'); break;
      case 'CREDIT_PURCHASE':
      case 'CREDIT_CONSUMPTION':
        if (e.credits == null) p.push(`credits: required for ${e.kind}`);
        if (e.kind === 'CREDIT_CONSUMPTION') notBlank(e, p, 'usage_type');
        break;
      default:
    }
  },
  ActivityEvent(e, p) { notBlank(e, p, 'user_id', 'plan'); },
  QueueSample(e, p) {
    notBlank(e, p, 'queue_name');
    nonNegative(e, p, 'length', 'active_workers');
  },
  CustomEvent(e, p) { notBlank(e, p, 'name'); },
};

/** Throws InvalidEventError naming every problem of `event` against `kind`; returns when it is valid. */
export function validate(kind, event) {
  if (event === null || typeof event !== 'object') {
    throw new InvalidEventError(`${kind.record}: expected an object, got ${event === null ? 'null' : typeof event}`);
  }
  const problems = [];
  for (const field of kind.fields) {
    const v = event[field.name];
    if (v == null) {
      if (field.required) problems.push(`${field.name}: required field is missing`);
      continue;
    }
    const why = typeProblem(field, v);
    if (why) problems.push(`${field.name}: ${why}, got ${String(JSON.stringify(v)).slice(0, 80)}`);
  }
  if (problems.length === 0) {
    if (event.event_time <= 0) problems.push(`event_time: must be epoch milliseconds > 0 (${event.event_time})`);
    notBlank(event, problems, 'event_id');
    RULES[kind.record](event, problems);
  }
  if (problems.length) throw new InvalidEventError(`${kind.record}: ${problems.join('; ')}`);
}
