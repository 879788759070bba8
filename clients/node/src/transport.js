// Transports: where the publisher's KafkaSender runs. Both take events one at a time (push), report counts
// back to the publisher ({ sent }, { failed }), connect on request and deliver on close(ms).
// - WorkerTransport (the default) runs the sender on a worker thread, as pino runs its transports: kafkajs's
//   record encoding, compression, CRC and socket work (most of the Kafka client's CPU, docs/benchmarks.md issue
//   13) then never occupies the service's event loop, which only appends events to an array and hands it over
//   every HANDOFF_MS or HANDOFF_EVENTS events in one postMessage.
// - InlineTransport runs it on the caller's event loop: for kafkajs settings that cannot be passed to a thread
//   (functions such as an OAuth bearer provider or a socket factory), chosen with `senderThread: false`.
import { Worker } from 'node:worker_threads';
import { KafkaSender, within } from './sender.js';

const HANDOFF_MS = 20;
const HANDOFF_EVENTS = 500;
const CLOSE_GRACE_MS = 5000; // beyond closeTimeoutMs, for the thread to report and stop
// A thread that ended within a second of its start is restarted after a delay doubling from 100 ms to 30 s, so one
// that cannot start (a flag it refuses, a broken install) is not restarted in a loop; events wait meanwhile.
const QUICK_EXIT_MS = 1000;
const RESTART_MIN_MS = 100;
const RESTART_MAX_MS = 30_000;
const SENDER_THREAD = new URL('./sender-thread.js', import.meta.url);
// The thread inherits the service's flags as Node passes them on (a flag list given explicitly is validated, and
// process-wide flags such as --expose-gc are refused), except with --input-type (ESM on stdin or --eval), which a
// worker running a file refuses: then it gets none.
const THREAD_EXEC_ARGV = process.execArgv.some((a) => a.startsWith('--input-type')) ? [] : undefined;

/** `threadModule`: the worker's module, sender-thread.js but in the test of a thread that dies. */
export function openTransport(senderOptions, thread, report, threadModule = SENDER_THREAD) {
  return thread ? new WorkerTransport(senderOptions, report, threadModule) : new InlineTransport(senderOptions, report);
}

class InlineTransport {
  #sender;
  #connected;

  constructor(senderOptions, report) {
    let connected;
    this.#connected = new Promise((resolve) => { connected = resolve; });
    this.#sender = new KafkaSender(senderOptions, (r) => (r.connected ? connected(true) : report(r)));
  }

  push(topic, key, value) {
    this.#sender.push([{ topic, key, value }]);
  }

  /** True once connected, false after `ms` (the sender goes on trying). */
  async connected(ms) {
    this.#sender.connect();
    return (await within(this.#connected, ms)) === true;
  }

  close(ms) {
    return this.#sender.close(ms);
  }
}

class WorkerTransport {
  #options;
  #report;
  #threadModule;
  #worker = null;
  #pending = [];
  #timer = null;
  #handedOver = 0; // events given to the current thread, and how many of them it reported on
  #settled = 0;
  #connected = null;
  #onConnected = null;
  #onClosed = null;
  #closing = false;
  #startedAt = 0;
  #restartDelay = 0;
  #restartTimer = null;

  constructor(senderOptions, report, threadModule) {
    try {
      structuredClone(senderOptions);
    } catch (e) {
      throw new Error(`kafka: these kafkajs settings cannot be passed to the sender thread (${e.message}); `
        + 'use senderThread: false to run the sender on this event loop');
    }
    this.#options = senderOptions;
    this.#report = report;
    this.#threadModule = threadModule;
    this.#start();
  }

  push(topic, key, value) {
    this.#pending.push(topic, key, value);
    if (this.#pending.length >= 3 * HANDOFF_EVENTS) this.#handOver();
    else if (this.#timer === null) {
      this.#timer = setTimeout(() => this.#handOver(), HANDOFF_MS);
      this.#timer.unref();
    }
  }

  async connected(ms) {
    this.#worker?.postMessage({ connect: true });
    return (await within(this.#connected, ms)) === true;
  }

  async close(ms) {
    this.#closing = true;
    if (this.#worker === null) { // a restart was waiting: try now
      clearTimeout(this.#restartTimer);
      this.#start();
    }
    this.#handOver();
    const closed = new Promise((resolve) => { this.#onClosed = resolve; });
    this.#worker.postMessage({ close: ms });
    const done = await within(closed, ms + CLOSE_GRACE_MS);
    if (done === undefined) this.#lost('close_timeout');
    await this.#worker.terminate();
  }

  #start() {
    this.#connected = new Promise((resolve) => { this.#onConnected = resolve; });
    const worker = new Worker(this.#threadModule, { workerData: this.#options, execArgv: THREAD_EXEC_ARGV });
    worker.on('message', (m) => {
      if (m.connected) this.#onConnected(true);
      else if (m.closed) this.#onClosed?.(true);
      else {
        for (const counts of [m.sent, m.failed]) for (const n of Object.values(counts ?? {})) this.#settled += n;
        this.#report(m);
      }
    });
    worker.on('error', (e) => console.warn(`eventpipe: the sender thread failed: ${e.message}`));
    worker.on('exit', () => {
      if (this.#worker !== worker || this.#closing) return;
      // Unexpected: what the thread held is lost; a new thread takes the next events.
      this.#lost('sender_exit');
      this.#worker = null;
      const quick = Date.now() - this.#startedAt < QUICK_EXIT_MS;
      this.#restartDelay = quick ? Math.min(Math.max(2 * this.#restartDelay, RESTART_MIN_MS), RESTART_MAX_MS) : 0;
      this.#restartTimer = setTimeout(() => {
        this.#start();
        this.#handOver();
      }, this.#restartDelay);
      this.#restartTimer.unref();
    });
    // Like the inline sender, the thread does not keep the service alive on its own. After the listeners: adding a
    // 'message' listener refs the worker's port again (Node 20), and an idle service would never exit.
    worker.unref();
    this.#worker = worker;
    this.#startedAt = Date.now();
    this.#handedOver = 0;
    this.#settled = 0;
  }

  #lost(reason) {
    const n = this.#handedOver - this.#settled;
    this.#settled = this.#handedOver;
    if (n > 0) this.#report({ failed: { [reason]: n } });
  }

  #handOver() {
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    if (this.#pending.length === 0 || this.#worker === null) return; // none: kept for the next thread
    const events = this.#pending;
    this.#pending = [];
    this.#handedOver += events.length / 3;
    this.#worker.postMessage({ events });
  }
}
