// Compiled by `npm run typecheck`: the public API as a TypeScript service uses it, against src/index.d.ts.
import { createPublisher, eventMiddleware, InvalidEventError, schema, type Publisher, type PublisherStats } from '@eventpipe/client';

export async function setup(app: { use(h: unknown): void }): Promise<Publisher> {
  const pub = await createPublisher({ bootstrap: 'h:p', service: 'front', bufferCapacity: 1000 });
  app.use(eventMiddleware(pub, { user: (req) => ({ userId: String(req.headers['x-user'] ?? ''), plan: 'pro' }) }));
  pub.recordCustom('cache_lookup', { cache_type: 'redis', result: 'hit' }, { duration_seconds: 0.002 });
  pub.recordGeneration({ jobId: 'j', model: 'sdxl', plan: 'pro', status: 'completed', queue: 'images', durationSeconds: 3 });
  pub.recordBilling({ kind: 'PAYMENT', userId: 'u', plan: 'pro', amountMinor: 999, currency: 'USD' });
  pub.recordActivity({ userId: 'u', plan: 'pro', action: 'login' });
  pub.recordQueueSample({ queueName: 'images', length: 3, activeWorkers: 2 });
  try {
    pub.record(schema.REQUEST, {});
  } catch (e) {
    if (!(e instanceof InvalidEventError)) throw e;
  }
  const stats: PublisherStats = pub.stats();
  void stats.dropped.buffer_full;
  await pub.close();
  return pub;
}
