// The worker thread of WorkerTransport (transport.js): one KafkaSender, fed with the events the publisher hands
// over (flat [topic, key, value, ...] arrays: no object per event on the service's thread) and reporting back
// what became of them.
import { parentPort, workerData } from 'node:worker_threads';
import { KafkaSender } from './sender.js';

const sender = new KafkaSender(workerData, (report) => parentPort.postMessage(report));

parentPort.on('message', async (m) => {
  if (m.events !== undefined) {
    const flat = m.events;
    const events = new Array(flat.length / 3);
    for (let i = 0, j = 0; i < flat.length; i += 3, j += 1) events[j] = { topic: flat[i], key: flat[i + 1], value: flat[i + 2] };
    sender.push(events);
  } else if (m.connect) {
    sender.connect();
  } else if (m.close !== undefined) {
    await sender.close(m.close);
    parentPort.postMessage({ closed: true });
  }
});
