// KafkaSender: moves encoded events to Kafka through one idempotent kafkajs producer (acks=all, one request in
// flight, GZIP: kafkajs has no built-in LZ4 codec) and reports what became of each, as counts. It runs where
// the publisher's transport puts it: on a worker thread by default (transport.js), or on the caller's event
// loop. It holds what it is given without a bound: the publisher bounds what it hands over (accepted minus
// reported), so the bound covers the events on their way here too.
// One async loop waits up to lingerMs for a batch of MAX_BATCH events (a full batch goes at once): each
// kafkajs produce request has a high fixed CPU cost. close(ms) delivers what is held, waiting at most `ms`;
// what is left is reported failed with reason close_timeout.
import kafkajs from 'kafkajs';
import { cachingPartitioner } from './partitioner.js';

const { CompressionTypes, Kafka, logLevel } = kafkajs;
// 500: kafkajs groups a batch per partition by copying the list for every message (quadratic), and a smaller
// batch pays its fixed cost more often; 500 cost least per event here (250: +6%, 1000: +12%; docs/benchmarks.md).
export const MAX_BATCH = 500;
const RECONNECT_MS = 1000;
const WARN_EVERY_MS = 60_000;

/**
 * `options`: { kafka (kafkajs client config), lingerMs, compression ('gzip' | 'none'), kafkaLogLevel };
 * `report(r)` receives `{ connected: true }`, `{ sent: { topic: n } }` and `{ failed: { reason: n } }`.
 */
export class KafkaSender {
  #lingerMs;
  #report;
  #producer;
  #compression;
  #buffer = [];
  #inflight = 0;
  #connected = false;
  #connecting = null;
  #closing = false;
  #abandoned = false;
  #wake = null;
  #lingerEnd = null;
  #timers = new Set();
  #loop;
  #lastWarning = -Infinity;

  constructor({ kafka, lingerMs, compression, kafkaLogLevel }, report) {
    this.#lingerMs = lingerMs;
    this.#report = report;
    const client = new Kafka({ logLevel: kafkaLogLevel ?? logLevel.NOTHING, ...kafka });
    this.#producer = client.producer({
      idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, createPartitioner: cachingPartitioner,
      retry: { initialRetryTime: 100, retries: 5 },
    });
    this.#compression = compression === 'none' ? CompressionTypes.None : CompressionTypes.GZIP;
    this.#loop = this.#run();
  }

  /** Takes events `{ topic, key, value }` (kafkajs reads key and value and ignores the topic property). */
  push(events) {
    for (const e of events) this.#buffer.push(e);
    this.#wakeUp();
    if (this.#buffer.length >= MAX_BATCH) this.#endLinger();
  }

  /** Connects now rather than with the first event; resolves true once connected (never rejects). */
  connect() {
    return this.#connect();
  }

  /** Delivers what is held, waiting at most `ms`; then disconnects. */
  async close(ms) {
    if (this.#closing) return;
    this.#closing = true;
    this.#wakeUp();
    this.#endLinger();
    const finished = await within(this.#loop.then(() => true), ms);
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
      if (this.#lingerMs > 0 && !this.#closing && this.#buffer.length < MAX_BATCH) {
        await this.#linger(this.#lingerMs);
      }
      await this.#send(this.#buffer.splice(0, MAX_BATCH));
    }
  }

  async #send(batch) {
    const byTopic = new Map();
    for (const m of batch) {
      const messages = byTopic.get(m.topic);
      if (messages === undefined) byTopic.set(m.topic, [m]);
      else messages.push(m);
    }
    this.#inflight = batch.length;
    // One request per topic: a topic the broker refuses (events.custom before it exists) must not fail the others.
    for (const [topic, messages] of byTopic) {
      try {
        await this.#producer.send({ topic, messages, acks: -1, compression: this.#compression });
        if (!this.#abandoned) this.#report({ sent: { [topic]: messages.length } });
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
    this.#connecting ??= this.#producer.connect().then(() => {
      this.#connected = true;
      this.#report({ connected: true });
    }, (e) => this.#warn(e)).finally(() => { this.#connecting = null; });
    await this.#connecting;
    return this.#connected;
  }

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

  #sleep(ms) {
    return new Promise((resolve) => {
      const t = setTimeout(() => { this.#timers.delete(t); resolve(); }, ms);
      this.#timers.add(t);
    });
  }

  #wakeUp() {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }

  #fail(reason, n) {
    if (n > 0) this.#report({ failed: { [reason]: n } });
  }

  #warn(e) {
    const now = Date.now();
    if (now - this.#lastWarning >= WARN_EVERY_MS) {
      this.#lastWarning = now;
      console.warn(`eventpipe: Kafka client error (events buffer up to bufferCapacity, then drop): ${e.message}`);
    }
  }
}

/** `promise`'s value, or undefined once `ms` passed (the timer is cleared when the promise wins). */
export async function within(promise, ms) {
  let t;
  const timeout = new Promise((resolve) => { t = setTimeout(resolve, ms); });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(t);
  }
}

function reasonOf(e) {
  return (e?.name ?? 'error').replace(/^KafkaJS/, '').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}
