// Types of @eventpipe/client (the implementation is plain ESM in this folder).

export interface PublisherOptions {
  /** Kafka bootstrap servers `host:port[,host:port]`; default EVENTPIPE_BOOTSTRAP. */
  bootstrap?: string;
  /** The emitting service (the `service` label); default EVENTPIPE_SERVICE. */
  service?: string;
  /** This process within the service; default EVENTPIPE_INSTANCE, else `<hostname>-<pid>`. */
  instance?: string;
  /** Events held while Kafka is slow or down; beyond it events are dropped and counted. Default 10000. */
  bufferCapacity?: number;
  /** How long close() waits for buffered events to be acknowledged. Default 10000. */
  closeTimeoutMs?: number;
  /** How long the sender waits to fill a batch of 500 events; a full batch or close() ends the wait at once. Default 1000: each kafkajs produce request costs far more CPU than librdkafka's, so fewer, fuller batches (docs/benchmarks.md, issue 13: 50 → 1000 ms cut the per-event cost by about a third). */
  lingerMs?: number;
  /** How long createPublisher waits for a first connection (it never fails on it). Default 2000. */
  connectWaitMs?: number;
  /** Run the Kafka client on a worker thread (default true), so its CPU never occupies this event loop; false
   * runs it here, which kafkajs settings holding functions (an OAuth bearer provider, a socket factory) need. */
  senderThread?: boolean;
  /** `gzip` (default) or `none`; kafkajs has no built-in LZ4. */
  compression?: 'gzip' | 'none';
  /** Extra kafkajs client configuration, applied over the one from EVENTPIPE_KAFKA_*. */
  kafka?: Record<string, unknown>;
  /** kafkajs's own log level (kafkajs `logLevel`); default NOTHING, the publisher warns once a minute itself. */
  kafkaLogLevel?: number;
  /** The environment to read instead of process.env. */
  env?: Record<string, string | undefined>;
}

export interface PublisherStats {
  accepted: number;
  sent: Record<string, number>;
  failed: Record<string, number>;
  dropped: Record<string, number>;
  pending: number;
}

export interface Field {
  readonly name: string;
  readonly type: string;
  readonly required: boolean;
  readonly symbols: readonly string[];
}

export interface EventKind {
  readonly record: string;
  readonly topic: string;
  readonly fields: readonly Field[];
}

export interface RequestFields {
  method: string;
  route: string;
  statusCode: number;
  durationSeconds: number;
  requestBytes?: number | null;
  responseBytes?: number | null;
  userId?: string | null;
  plan?: string | null;
  traceId?: string | null;
  spanId?: string | null;
}

export interface GenerationFields {
  jobId: string;
  model: string;
  plan: string;
  status: 'QUEUED' | 'STARTED' | 'COMPLETED' | 'FAILED' | Lowercase<'QUEUED' | 'STARTED' | 'COMPLETED' | 'FAILED'>;
  queue: string;
  durationSeconds?: number | null;
  creditsUsed?: number | null;
  userId?: string | null;
  workerId?: string;
}

export interface BillingFields {
  kind: string;
  userId: string;
  plan?: string | null;
  fromPlan?: string | null;
  toPlan?: string | null;
  billingCycle?: 'MONTHLY' | 'YEARLY' | 'monthly' | 'yearly' | null;
  amountMinor?: number | null;
  currency?: string | null;
  credits?: number | null;
  usageType?: string | null;
}

export declare class Publisher {
  constructor(options?: PublisherOptions);
  readonly service: string;
  readonly instance: string;
  readonly source: Readonly<{ service: string; instance: string }>;
  start(): Promise<this>;
  /** Buffers one event of `kind`; false when dropped; throws InvalidEventError when it breaks its contract. */
  record(kind: EventKind, fields: Record<string, unknown>): boolean;
  recordRequest(fields: RequestFields): boolean;
  recordGeneration(fields: GenerationFields): boolean;
  recordBilling(fields: BillingFields): boolean;
  recordActivity(fields: { userId: string; plan: string; action: string }): boolean;
  recordQueueSample(fields: { queueName: string; length: number; activeWorkers: number }): boolean;
  /** A generic event (issue 9's CustomEvent on events.custom). */
  recordCustom(name: string, attributes?: Record<string, string>, measurements?: Record<string, number>): boolean;
  countDropped(reason: string): void;
  stats(): PublisherStats;
  /** Stops accepting events and delivers the buffered ones, waiting at most closeTimeoutMs. */
  close(): Promise<void>;
}

export declare function createPublisher(options?: PublisherOptions): Promise<Publisher>;

/** The parts of an Express request/response the middleware reads. */
export interface RequestLike {
  method: string;
  url: string;
  originalUrl?: string;
  baseUrl?: string;
  route?: { path?: unknown };
  headers: Record<string, string | string[] | undefined>;
}
export interface ResponseLike {
  statusCode: number;
  headersSent: boolean;
  getHeader(name: string): unknown;
  once(event: 'finish' | 'close', listener: () => void): unknown;
}

export interface MiddlewareOptions<Req extends RequestLike = RequestLike> {
  /** The user and plan of a request, called when its response finished. */
  user?: (req: Req) => { userId?: string | null; plan?: string | null } | null | undefined;
  /** Monotonic clock in seconds. */
  clock?: () => number;
  routes?: RouteTemplates;
}

export declare function eventMiddleware<Req extends RequestLike = RequestLike>(
  publisher: Publisher, options?: MiddlewareOptions<Req>,
): (req: Req, res: ResponseLike, next: (err?: unknown) => void) => void;

export declare class InvalidEventError extends Error {}
export declare function validate(kind: EventKind, event: Record<string, unknown>): void;

export declare const OTHER: '/{other}';
export declare function fromExpressPath(path: string): string;
export declare class RouteTemplates {
  constructor(maxDerived?: number);
  template(rawPath: string): string;
  admit(template: string): string;
}

export interface ResolvedSettings {
  bootstrap: string;
  service: string;
  instance: string;
  bufferCapacity: number;
  closeTimeoutMs: number;
  lingerMs: number;
  connectWaitMs: number;
  senderThread: boolean;
  kafka: Record<string, unknown>;
}
export declare function resolveSettings(options?: PublisherOptions): ResolvedSettings;

export declare namespace schema {
  const REQUEST: EventKind;
  const GENERATION: EventKind;
  const BILLING: EventKind;
  const ACTIVITY: EventKind;
  const QUEUE: EventKind;
  const CUSTOM: EventKind;
  const SOURCE_FIELDS: readonly Field[];
  const KINDS: readonly EventKind[];
}
