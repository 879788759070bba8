// eventMiddleware: one RequestEvent per request of an Express app. The route is the matched template,
// req.baseUrl + req.route.path with `:id` written `{id}`, never the raw path; unmatched requests go through
// RouteTemplates. Sizes come from the Content-Length headers. The event is recorded when the response closes
// (finished, or aborted: status 499 when no header was sent). A publishing problem never fails or delays the
// request: it is counted and logged once.
import { fromExpressPath, RouteTemplates } from './routes.js';
import { InvalidEventError } from './validation.js';

const defaultClock = () => performance.now() / 1000;
const START = Symbol('eventpipe.start');

function length(header) {
  const n = Number(header);
  return header !== undefined && Number.isSafeInteger(n) && n >= 0 ? n : null;
}

/**
 * `app.use(eventMiddleware(pub))`, before the routes. Options: `user(req)` may return
 * `{ userId, plan }` (called when the response finished, so auth may have set req.user); `clock()` is a
 * monotonic clock in seconds (tests give a fake one); `routes` a RouteTemplates for unmatched paths.
 */
export function eventMiddleware(publisher, { user, clock = defaultClock, routes = new RouteTemplates() } = {}) {
  const templates = new Map();
  let warned = false;

  function routeOf(req) {
    const path = req.route?.path;
    if (typeof path !== 'string') return routes.template(req.originalUrl ?? req.url);
    const raw = (req.baseUrl ?? '') + path;
    let template = templates.get(raw);
    if (template === undefined) {
      template = fromExpressPath(raw) || '/';
      templates.set(raw, template);
    }
    return routes.admit(template);
  }

  // One listener function for all requests, on 'close' only: Node emits it after 'finish' for a completed
  // response and alone for an aborted one, so nothing is allocated per request but the start time on `res`.
  function onClose() {
    const res = this;
    const req = res.req;
    try {
      const who = user ? user(req) ?? {} : {};
      publisher.recordRequest({
        method: req.method, route: routeOf(req),
        statusCode: !res.writableFinished && !res.headersSent ? 499 : res.statusCode,
        durationSeconds: Math.max(clock() - res[START], 0), requestBytes: length(req.headers['content-length']),
        responseBytes: length(res.getHeader('content-length')), userId: who.userId ?? null, plan: who.plan ?? null,
      });
    } catch (e) {
      publisher.countDropped(e instanceof InvalidEventError ? 'invalid' : 'error');
      if (!warned) {
        warned = true;
        console.warn(`eventpipe: request event dropped (further ones are only counted): ${e.message}`);
      }
    }
  }

  return function eventpipe(req, res, next) {
    res[START] = clock();
    res.on('close', onClose);
    next();
  };
}
