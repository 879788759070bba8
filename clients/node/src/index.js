// @eventpipe/client: publish the pipeline's events from Node services to Kafka, as the same JSON the Java
// producers and the aggregator agree on.
//   import { createPublisher, eventMiddleware } from '@eventpipe/client';
//   const pub = await createPublisher({ bootstrap: 'h:p', service: 'front' }); app.use(eventMiddleware(pub));
export { createPublisher, Publisher } from './publisher.js';
export { eventMiddleware } from './express.js';
export { InvalidEventError, validate } from './validation.js';
export { RouteTemplates, fromExpressPath, OTHER } from './routes.js';
export { resolveSettings } from './config.js';
export * as schema from './schema.js';
