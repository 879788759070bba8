// The real sender thread (src/sender-thread.js), except that it dies, as a thread can (an uncaught error in the
// Kafka client, out of memory), when it is handed an event for the topic 'crash.now': for the test of
// transport.js's unexpected-exit path. Its listener runs after the real one, before anything is sent.
import { parentPort } from 'node:worker_threads';
import '../src/sender-thread.js';

parentPort.on('message', (m) => {
  if (m.events?.includes('crash.now')) process.exit(1);
});
