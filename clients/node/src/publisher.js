// Publisher: events go into a bounded in-process buffer and never make the caller wait on Kafka. One async
// sender loop moves the buffer into an idempotent kafkajs producer (acks=all, one request in flight, GZIP:
// kafkajs has no built-in LZ4 codec). When the buffer is full (Kafka slow or down) an event is dropped and
// counted. The sender waits up to lingerMs for a batch of MAX_BATCH events (a full batch goes at once): each
// kafkajs produce request has a high fixed CPU cost on this event loop. close() delivers what is buffered, waiting at most closeTimeoutMs; what is left is counted as
// failed with reason close_timeout.
import { randomUUID } from 'node:crypto';
import kafkajs from 'kafkajs';
import { resolveSettings } from './config.js';
import * as schema from './schema.js';
import { ENCODERS } from './encoding.js';
import { cachingPartitioner } from './partitioner.js';
import { currentIds } from './trace.js';
import { validate } from './validation.js';

const { CompressionTypes, Kafka, logLevel } = kafkajs;
const REQUEST_ENCODER = ENCODERS[schema.REQUEST.record];
const MAX_BATCH = 1000;
const RECONNECT_MS = 1000;
const WARN_EVERY_MS = 60_000;

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
  #producer;
  #buffer = [];
  #inflight = 0;
  #connected = false;
  #closing = false;
  #abandoned = false;
  #wake = null;
  #timers = new Set();
  #loop;
  #lastWarning = -Infinity;
  #accepted = 0;
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
    const kafka = new Kafka({ logLevel: options.kafkaLogLevel ?? logLevel.NOTHING, ...this.#settings.kafka });
    this.#producer = kafka.producer({
      idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, createPartitioner: cachingPartitioner,
      retry: { initialRetryTime: 100, retries: 5 },
    });
    this.compression = options.compression === 'none' ? CompressionTypes.None : CompressionTypes.GZIP;
  }

  /** Starts the sender loop and waits up to connectWaitMs for a first connection (never fails on it). */
  async start() {
    this.#loop = this.#run();
    if (this.#settings.connectWaitMs > 0) {
      await this.#within(this.#connect(), this.#settings.connectWaitMs);
    }
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
    if (this.#buffer.length >= this.#settings.bufferCapacity) return this.#drop('buffer_full');
    this.#buffer.push({ topic, key, value });
    this.#accepted += 1;
    this.#wakeUp();
    if (this.#buffer.length >= MAX_BATCH) this.#endLinger();
    return true;
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
    const sent = { ...this.#sent };
    const failed = { ...this.#failed };
    const done = Object.values(sent).reduce((a, b) => a + b, 0) + Object.values(failed).reduce((a, b) => a + b, 0);
    return { accepted: this.#accepted, sent, failed, dropped: { ...this.#dropped }, pending: this.#accepted - done };
  }

  /** Stops accepting events and delivers the buffered ones, waiting at most closeTimeoutMs. */
  async close() {
    if (this.#closing) return;
    this.#closing = true;
    this.#wakeUp();
    this.#endLinger();
    const finished = await this.#within(this.#loop.then(() => true), this.#settings.closeTimeoutMs);
    if (!finished) {
      this.#abandoned = true;
      this.#fail('close_timeout', this.#buffer.length + this.#inflight);
      this.#buffer = [];
      this.#inflight = 0;
      this.#wakeUp();
    }
    for (const t of this.#timers) clearTimeout(t);
    await this.#producer.disconnect().catch(() => {});
  }

  async #run() {
    while (!this.#abandoned) {
      if (this.#buffer.length === 0) {
        if (this.#closing) return;
        await new Promise((resolve) => { this.#wake = resolve; });
        continue;
      }
      if (!this.#connected && !(await this.#connect())) {
        await this.#sleep(RECONNECT_MS);
        continue;
      }
      if (this.#settings.lingerMs > 0 && !this.#closing && this.#buffer.length < MAX_BATCH) {
        await this.#linger(this.#settings.lingerMs);
      }
      await this.#send(this.#buffer.splice(0, MAX_BATCH));
    }
  }

  async #send(batch) {
    const byTopic = new Map();
    for (const m of batch) { // kafkajs reads key and value and ignores the topic property: no copy per message
      const messages = byTopic.get(m.topic);
      if (messages === undefined) byTopic.set(m.topic, [m]);
      else messages.push(m);
    }
    this.#inflight = batch.length;
    // One request per topic: a topic the broker refuses (events.custom before it exists) must not fail the others.
    for (const [topic, messages] of byTopic) {
      try {
        await this.#producer.send({ topic, messages, acks: -1, compression: this.compression });
        if (!this.#abandoned) this.#sent[topic] += messages.length;
      } catch (e) {
        if (!this.#abandoned) this.#fail(reasonOf(e), messages.length);
        this.#warn(e);
      } finally {
        this.#inflight -= messages.length;
      }
    }
    this.#inflight = 0;
  }

  async #connect() {
    if (this.#connected) return true;
    this.#connecting ??= this.#producer.connect().then(() => { this.#connected = true; }, (e) => this.#warn(e))
      .finally(() => { this.#connecting = null; });
    await this.#connecting;
    return this.#connected;
  }

  #connecting = null;

  /** Waits `ms` for a batch to fill; a full batch or close() ends the wait at once. */
  #linger(ms) {
    return new Promise((resolve) => {
      const t = setTimeout(() => this.#endLinger(), ms);
      this.#timers.add(t);
      this.#lingerEnd = () => {
        clearTimeout(t);
        this.#timers.delete(t);
        resolve();
      };
    });
  }

  #endLinger() {
    const end = this.#lingerEnd;
    this.#lingerEnd = null;
    end?.();
  }

  #lingerEnd = null;

  #sleep(ms) {
    return new Promise((resolve) => {
      const t = setTimeout(() => { this.#timers.delete(t); resolve(); }, ms);
      this.#timers.add(t);
    });
  }

  /** `promise`'s value, or undefined once `ms` passed (the timer is cleared when the promise wins). */
  async #within(promise, ms) {
    let t;
    const timeout = new Promise((resolve) => { t = setTimeout(resolve, ms); });
    try {
      return await Promise.race([promise, timeout]);
    } finally {
      clearTimeout(t);
    }
  }

  #wakeUp() {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }

  #drop(reason) {
    this.#dropped[reason] += 1;
    return false;
  }

  #fail(reason, n) {
    if (n > 0) this.#failed[reason] = (this.#failed[reason] ?? 0) + n;
  }

  #warn(e) {
    const now = Date.now();
    if (now - this.#lastWarning >= WARN_EVERY_MS) {
      this.#lastWarning = now;
      console.warn(`eventpipe: Kafka client error (events buffer up to bufferCapacity, then drop): ${e.message}`);
    }
  }
}

function reasonOf(e) {
  return (e?.name ?? 'error').replace(/^KafkaJS/, '').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}

/** Creates a publisher and starts its sender; `await pub.close()` flushes. */
export async function createPublisher(options = {}) {
  return new Publisher(options).start();
}
