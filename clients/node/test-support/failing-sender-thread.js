// A sender thread that cannot start (as one refusing a flag, or a broken install): it notes the time of each start
// in the file named by EVENTPIPE_TEST_STARTS and ends at once; for the test of transport.js's restart delay.
import { appendFileSync } from 'node:fs';

appendFileSync(process.env.EVENTPIPE_TEST_STARTS, `${Date.now()}\n`);
process.exit(1);
