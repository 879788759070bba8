// Route templates: Express's `:id` parameters written `{id}` (so every service's templates look alike), and
// for paths no route matched, the Java producers' rules with bounded cardinality: an all-digit segment becomes
// `{id}`, a UUID `{uuid}`, a long hex string or random-looking token `{token}`; beyond `maxDerived` distinct
// templates every new one becomes `/{other}`.

export const OTHER = '/{other}';

const NUMBER = /^\d+$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const HEX = /^[0-9a-fA-F]{16,}$/;
const TOKEN = /^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9_\-=.~]{20,}$/;
const EXPRESS_PARAM = /:(\w+)(?:\([^)]*\))?[?*+]?/g;

function placeholder(segment) {
  if (NUMBER.test(segment)) return '{id}';
  if (UUID.test(segment)) return '{uuid}';
  if (HEX.test(segment) || TOKEN.test(segment)) return '{token}';
  return segment;
}

/** `/users/:id/images/:imageId(\\d+)` -> `/users/{id}/images/{imageId}`. */
export function fromExpressPath(path) {
  return path.replace(EXPRESS_PARAM, '{$1}');
}

export class RouteTemplates {
  constructor(maxDerived = 200) {
    if (!(maxDerived >= 0)) throw new RangeError(`maxDerived: must be >= 0, got ${maxDerived}`);
    this.maxDerived = maxDerived;
    this.derived = new Set();
  }

  /** The template of a raw path (query string and fragment ignored). */
  template(rawPath) {
    const path = String(rawPath ?? '/').split('?', 1)[0].split('#', 1)[0];
    const segments = path.split('/').filter((s) => s !== '');
    return this.admit('/' + segments.map(placeholder).join('/'));
  }

  /** A template counts against the cap (a framework route can be a catch-all echoing raw paths). */
  admit(template) {
    if (this.derived.has(template)) return template;
    if (this.derived.size >= this.maxDerived) return OTHER;
    this.derived.add(template);
    return template;
  }
}
