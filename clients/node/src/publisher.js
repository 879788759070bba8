// Publisher: checks and encodes events on the caller's thread, counts them against a bound and hands them to
// a transport (transport.js) that delivers them with a KafkaSender, on a worker thread by default; the caller
// never waits on Kafka. The bound covers every event accepted and not yet reported sent or failed, wherever it
// is: when Kafka is slow or down and the bound is reached, an event is dropped and counted. close() delivers
// what is held, waiting at most closeTimeoutMs; what is left is counted as failed with reason close_timeout.
import { randomUUID } from 'node:crypto';
import { resolveSettings } from './config.js';
import * as schema from './schema.js';
import { ENCODERS } from './encoding.js';
import { openTransport } from './transport.js';
import { currentIds } from './trace.js';
import { validate } from './validation.js';

const REQUEST_ENCODER = ENCODERS[schema.REQUEST.record];

function keyOf(kind, e) {
  switch (kind) {
    case schema.REQUEST: return `${e.source.service}/${e.source.instance}`;
    case schema.GENERATION: return e.job_id;
    case schema.QUEUE: return e.queue_name;
    case schema.CUSTOM: return e.name;
    default: return e.user_id; // billing and activity: a user's facts stay ordered
  }
}

const upper = (v) => (typeof v === 'string' ? v.toUpperCase() : v);

export class Publisher {
  #settings;
  #transport;
  #closing = false;
  #accepted = 0;
  #settled = 0;
  #sent = Object.fromEntries(schema.KINDS.map((k) => [k.topic, 0]));
  #failed = {};
  #dropped = { buffer_full: 0, closed: 0, invalid: 0 };
  #sourceJson;
  #requestKey;

  /** Use createPublisher(); this constructor does not connect. */
  constructor(options = {}) {
    this.#settings = resolveSettings(options);
    this.service = this.#settings.service;
    this.instance = this.#settings.instance;
    this.source = Object.freeze({ service: this.service, instance: this.instance });
    this.#sourceJson = JSON.stringify(this.source); // written as is for events carrying this very object
    this.#requestKey = keyOf(schema.REQUEST, { source: this.source });
    const { kafka, lingerMs, senderThread } = this.#settings;
    const senderOptions = { kafka, lingerMs, compression: options.compression, kafkaLogLevel: options.kafkaLogLevel };
    this.#transport = openTransport(senderOptions, senderThread, (r) => this.#settle(r));
  }

  /** Waits up to connectWaitMs for a first connection (never fails on it). */
  async start() {
    if (this.#settings.connectWaitMs > 0) await this.#transport.connected(this.#settings.connectWaitMs);
    return this;
  }

  /**
   * Completes `fields` (event_id, event_time, source when absent), validates and buffers the event. Returns
   * false when it was dropped (buffer full, closed); throws InvalidEventError when it breaks its contract.
   */
  record(kind, fields) {
    const event = { ...fields };
    event.event_id ??= randomUUID();
    event.event_time ??= Date.now();
    event.source ??= this.source;
    return this.#offer(kind.topic, keyOf(kind, event), this.#encode(kind, event));
  }

  recordRequest({ method, route, statusCode, durationSeconds, requestBytes = null, responseBytes = null,
    userId = null, plan = null, traceId, spanId }) {
    if (traceId === undefined && spanId === undefined) [traceId, spanId] = currentIds();
    // The hot path: the event is built complete (nothing to fill in) and its key is the constant service/instance.
    const event = {
      event_id: randomUUID(), event_time: Date.now(), source: this.source, method: upper(method), route,
      status_code: statusCode, duration_seconds: durationSeconds, request_bytes: requestBytes,
      response_bytes: responseBytes, user_id: userId, plan, trace_id: traceId ?? null, span_id: spanId ?? null,
    };
    const json = REQUEST_ENCODER(event, this.source, this.#sourceJson) ?? this.#encode(schema.REQUEST, event);
    return this.#offer(schema.REQUEST.topic, this.#requestKey, json);
  }

  /** The event's JSON, or InvalidEventError from the reference validator naming every problem. */
  #encode(kind, event) {
    const json = ENCODERS[kind.record](event, this.source, this.#sourceJson);
    if (json !== null) return json;
    validate(kind, event); // throws: the encoder accepts exactly what validate() accepts
    throw new Error(`${kind.record}: the encoder refused an event validate() accepts`);
  }

  #offer(topic, key, value) {
    if (this.#closing) return this.#drop('closed');
    if (this.#accepted - this.#settled >= this.#settings.bufferCapacity) return this.#drop('buffer_full');
    this.#transport.push(topic, key, value);
    this.#accepted += 1;
    return true;
  }

  /** A transport's report: `{ sent: { topic: n } }` or `{ failed: { reason: n } }`. */
  #settle({ sent, failed }) {
    for (const [topic, n] of Object.entries(sent ?? {})) {
      this.#sent[topic] = (this.#sent[topic] ?? 0) + n;
      this.#settled += n;
    }
    for (const [reason, n] of Object.entries(failed ?? {})) {
      this.#failed[reason] = (this.#failed[reason] ?? 0) + n;
      this.#settled += n;
    }
  }

  recordGeneration({ jobId, model, plan, status, queue, durationSeconds = null, creditsUsed = null, userId = null,
    workerId }) {
    const [traceId, spanId] = currentIds();
    return this.record(schema.GENERATION, {
      job_id: jobId, model, plan, status: upper(status), queue, worker_id: workerId ?? this.instance,
      duration_seconds: durationSeconds, credits_used: creditsUsed, user_id: userId, trace_id: traceId, span_id: spanId,
    });
  }

  recordBilling({ kind, userId, plan = null, fromPlan = null, toPlan = null, billingCycle = null, amountMinor = null,
    currency = null, credits = null, usageType = null }) {
    return this.record(schema.BILLING, {
      kind: upper(kind), user_id: userId, plan, from_plan: fromPlan, to_plan: toPlan, billing_cycle: upper(billingCycle),
      amount_minor: amountMinor, currency, credits, usage_type: usageType,
    });
  }

  recordActivity({ userId, plan, action }) {
    return this.record(schema.ACTIVITY, { user_id: userId, plan, action: upper(action) });
  }

  recordQueueSample({ queueName, length, activeWorkers }) {
    return this.record(schema.QUEUE, { queue_name: queueName, length, active_workers: activeWorkers });
  }

  /** A generic event (issue 9's CustomEvent on events.custom): a name, string attributes and numbers. */
  recordCustom(name, attributes = {}, measurements = {}) {
    const [traceId, spanId] = currentIds();
    return this.record(schema.CUSTOM, { name, attributes, measurements, trace_id: traceId, span_id: spanId });
  }

  /** Counts an event an integration gave up on before offering it (e.g. `invalid` from a hook). */
  countDropped(reason) {
    this.#dropped[reason] = (this.#dropped[reason] ?? 0) + 1;
  }

  /** What happened to the events offered so far; pending = accepted - sent - failed. */
  stats() {
    return { accepted: this.#accepted, sent: { ...this.#sent }, failed: { ...this.#failed }, dropped: { ...this.#dropped },
      pending: this.#accepted - this.#settled };
  }

  /** Stops accepting events and delivers the held ones, waiting at most closeTimeoutMs. */
  async close() {
    if (this.#closing) return;
    this.#closing = true;
    await this.#transport.close(this.#settings.closeTimeoutMs);
  }

  #drop(reason) {
    this.#dropped[reason] += 1;
    return false;
  }
}

/** Creates a publisher and starts its sender; `await pub.close()` flushes. */
export async function createPublisher(options = {}) {
  return new Publisher(options).start();
}
