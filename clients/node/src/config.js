// Publisher settings from options and the environment (EVENTPIPE_BOOTSTRAP, EVENTPIPE_SERVICE,
// EVENTPIPE_INSTANCE, EVENTPIPE_KAFKA_*), and the kafkajs client configuration they become.
// EVENTPIPE_KAFKA_SECURITY_PROTOCOL=SASL_SSL names the Kafka property security.protocol (after the prefix,
// lower-cased, `_` written `.`), as for the Java and Python clients; a name ending in _FILE reads the value
// from that file (secrets from mounted files). Values are never logged.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

const PREFIX = 'EVENTPIPE_KAFKA_';

/** Kafka property -> how it lands in the kafkajs config. */
const SUPPORTED = {
  'security.protocol': (c, v) => {
    const p = v.toUpperCase();
    if (!['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'].includes(p)) {
      throw new Error(`security.protocol: expected PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL, got ${v}`);
    }
    if (p.endsWith('SSL')) c.ssl = c.ssl === undefined || c.ssl === true ? true : c.ssl;
    if (p.startsWith('SASL')) c.sasl = c.sasl ?? {};
  },
  'sasl.mechanism': (c, v) => { c.sasl = { ...c.sasl, mechanism: v.toLowerCase() }; },
  'sasl.username': (c, v) => { c.sasl = { ...c.sasl, username: v }; },
  'sasl.password': (c, v) => { c.sasl = { ...c.sasl, password: v }; },
  'ssl.ca.location': (c, v) => { c.ssl = { ...sslObject(c), ca: [readFileSync(v, 'utf8')] }; },
  'ssl.certificate.location': (c, v) => { c.ssl = { ...sslObject(c), cert: readFileSync(v, 'utf8') }; },
  'ssl.key.location': (c, v) => { c.ssl = { ...sslObject(c), key: readFileSync(v, 'utf8') }; },
  'ssl.key.password': (c, v) => { c.ssl = { ...sslObject(c), passphrase: v }; },
  'client.id': (c, v) => { c.clientId = v; },
};

const sslObject = (c) => (typeof c.ssl === 'object' ? c.ssl : {});

/** The Kafka properties named by EVENTPIPE_KAFKA_* variables, as {property: value}. */
export function kafkaProperties(env) {
  const out = {};
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith(PREFIX) || name === PREFIX || raw === undefined) continue;
    let key = name.slice(PREFIX.length);
    let value = raw;
    if (key.endsWith('_FILE')) {
      key = key.slice(0, -'_FILE'.length);
      try {
        value = readFileSync(raw, 'utf8').trim();
      } catch (e) {
        throw new Error(`${name}: cannot read the file it names: ${e.code}`);
      }
    }
    const property = key.toLowerCase().replaceAll('_', '.');
    if (!(property in SUPPORTED)) {
      throw new Error(`${name}: ${property} is not supported by the Node client (kafkajs); supported: `
        + Object.keys(SUPPORTED).join(', '));
    }
    out[property] = { name, value };
  }
  return out;
}

/** Resolves and checks the options; errors name the option or variable. */
export function resolveSettings(options = {}) {
  const env = options.env ?? process.env;
  const s = {
    bootstrap: options.bootstrap || env.EVENTPIPE_BOOTSTRAP || '',
    service: options.service || env.EVENTPIPE_SERVICE || '',
    instance: options.instance || env.EVENTPIPE_INSTANCE || `${hostname()}-${process.pid}`,
    bufferCapacity: options.bufferCapacity ?? 10_000,
    closeTimeoutMs: options.closeTimeoutMs ?? 10_000,
    lingerMs: options.lingerMs ?? 1000,
    connectWaitMs: options.connectWaitMs ?? 2_000,
    senderThread: options.senderThread ?? true,
  };
  if (!s.bootstrap.trim()) throw new Error('bootstrap: required (option or EVENTPIPE_BOOTSTRAP), e.g. localhost:9092');
  if (!s.service.trim()) throw new Error('service: required (option or EVENTPIPE_SERVICE), e.g. front');
  for (const k of ['bufferCapacity']) {
    if (!Number.isInteger(s[k]) || s[k] < 1) throw new RangeError(`${k}: must be an integer >= 1, got ${s[k]}`);
  }
  if (typeof s.senderThread !== 'boolean') throw new TypeError(`senderThread: must be true or false, got ${s.senderThread}`);
  for (const k of ['closeTimeoutMs', 'lingerMs', 'connectWaitMs']) {
    if (!(s[k] >= 0)) throw new RangeError(`${k}: must be >= 0, got ${s[k]}`);
  }
  const kafka = { clientId: `eventpipe-${s.service}`, brokers: s.bootstrap.split(',').map((b) => b.trim()) };
  for (const [property, { name, value }] of Object.entries(kafkaProperties(env))) {
    try {
      SUPPORTED[property](kafka, value);
    } catch (e) {
      throw new Error(`${name}: ${e.message}`);
    }
  }
  s.kafka = { ...kafka, ...options.kafka };
  return s;
}
