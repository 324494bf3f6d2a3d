import type { FastifyRequest, FastifyServerOptions } from 'fastify';

/**
 * Query and form parameters whose values are secrets (DESIGN.md "Safety rules"): the RustDesk
 * client's poll code and the authorization code share `code`; `state` binds a callback; `token`
 * is the confirmation page's token; the rest are OAuth/OIDC credentials (RFC 6749 §4.1.2,
 * §5.1, OIDC Core §3.2.2.5, OIDC Session §3, Back-Channel Logout §2.5).
 */
const SECRET_PARAMETERS = new Set([
  'code', 'state', 'id_token', 'access_token', 'refresh_token', 'token', 'session_state', 'logout_token',
  'code_verifier', 'client_secret', 'password', 'nonce',
]);
const REDACTED = '[redacted]';

const isSecretName = (name: string) => SECRET_PARAMETERS.has(name.toLowerCase());
const IN_TEXT = new RegExp(`(^|[?&#;\\s"'(])(${[...SECRET_PARAMETERS].join('|')})=[^&#\\s"'<>;)]*`, 'gi');

function decodeName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

/** A URL (or path and query) with the values of secret parameters replaced, names kept. */
export function redactUrl(url: string): string {
  const query = url.indexOf('?');
  if (query < 0) return url;
  const fragment = url.indexOf('#', query);
  const end = fragment < 0 ? url.length : fragment;
  const pairs = url
    .slice(query + 1, end)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      return eq >= 0 && isSecretName(decodeName(name)) ? `${name}=${REDACTED}` : pair;
    });
  return `${url.slice(0, query + 1)}${pairs.join('&')}${redactText(url.slice(end))}`;
}

/** Free text (a message, a stack, a detail) with any `name=value` of a secret parameter redacted. */
export function redactText(text: string): string {
  return text.replace(IN_TEXT, (_match, lead: string, name: string) => `${lead}${name}=${REDACTED}`);
}

/**
 * Keys kept from a plain object found in an error's `cause`. openid-client puts the whole
 * authorization response (`parameters`), the expected state, token response bodies and ID
 * token claims there; only what names the problem is logged, the rest by key alone.
 */
const CAUSE_KEYS = new Set(['error', 'error_description', 'error_uri', 'status', 'statusText', 'alg', 'kid', 'attribute', 'claim', 'reason', 'parameters']);
const MAX_DEPTH = 3;

function describeParameters(parameters: URLSearchParams): Record<string, string> {
  const described: Record<string, string> = {};
  for (const [name, value] of parameters) described[name] = isSecretName(name) ? REDACTED : redactText(value.slice(0, 500));
  return described;
}

/** What a log line may hold of any value: secrets redacted, unknown object fields left out. */
export function describeForLog(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return typeof value === 'function' ? '[function]' : value;
  if (depth > MAX_DEPTH) return '[…]';
  if (value instanceof Error) return describeError(value, { stack: false, depth });
  if (value instanceof URLSearchParams) return describeParameters(value);
  if (value instanceof URL) return redactUrl(value.href);
  if (Array.isArray(value)) return value.slice(0, 20).map((item) => describeForLog(item, depth + 1));
  const record = value as Record<string, unknown>;
  // A fetch Request or Response (openid-client attaches them): where and what, never the body.
  if (typeof record.url === 'string' && (typeof record.status === 'number' || typeof record.method === 'string')) {
    return { type: value.constructor?.name ?? 'Object', url: redactUrl(record.url), status: record.status, method: record.method };
  }
  const described: Record<string, unknown> = {};
  const omitted: string[] = [];
  for (const [key, item] of Object.entries(record)) {
    if (CAUSE_KEYS.has(key) && !isSecretName(key)) described[key] = describeForLog(item, depth + 1);
    else omitted.push(key);
  }
  if (omitted.length > 0) described.omitted = omitted.slice(0, 20);
  return described;
}

/** An error as a log line holds it: type, message, stable code, OAuth error fields, causes. */
export function describeError(error: unknown, options: { stack: boolean; depth?: number } = { stack: true }): unknown {
  if (!(error instanceof Error)) return describeForLog(error, options.depth ?? 0);
  const depth = options.depth ?? 0;
  const fields = error as Error & Record<string, unknown>;
  const described: Record<string, unknown> = { type: error.name || error.constructor.name, message: redactText(error.message) };
  if (typeof fields.code === 'string' || typeof fields.code === 'number') described.code = fields.code;
  for (const key of ['status', 'statusCode', 'error', 'error_description', 'detail'] as const) {
    if (fields[key] !== undefined) described[key] = describeForLog(fields[key], depth + 1);
  }
  if (options.stack && error.stack) described.stack = redactText(error.stack);
  if (error.cause !== undefined && depth < MAX_DEPTH) described.cause = describeForLog(error.cause, depth + 1);
  return described;
}

/** Fastify's request serializer, with the URL redacted (it would log `?code=…` as sent). */
function describeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

type LoggerOptions = Exclude<FastifyServerOptions['logger'], boolean | undefined>;
type LogMethodHook = NonNullable<NonNullable<LoggerOptions['hooks']>['logMethod']>;

/** Messages too: Fastify puts raw URLs in a few, and pino uses an error's message when none is given. */
const redactMessages: LogMethodHook = function (args, method) {
  let [first, ...rest] = args as unknown[];
  if (first instanceof Error) {
    if (rest.length === 0) rest = [first.message];
    first = { err: first };
  } else if (rest.length === 0) {
    const err = (first as { err?: unknown } | null | undefined)?.err;
    if (err instanceof Error) rest = [err.message];
  }
  const redact = (arg: unknown) => (typeof arg === 'string' ? redactText(arg) : arg);
  return method.apply(this, [redact(first), ...rest.map(redact)] as never);
};

/**
 * The logger options with deskgate's serializers, which win over any given: `req` (the URL),
 * `err`, `cause`, `detail` and `url` redacted wherever they are logged, and every message.
 */
export function withLogRedaction(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return logger;
  const options: LoggerOptions = logger === true ? {} : logger;
  return {
    ...options,
    serializers: {
      ...options.serializers,
      req: describeRequest as never,
      err: (error: unknown) => describeError(error, { stack: true }) as never,
      cause: (cause: unknown) => describeForLog(cause),
      detail: (detail: unknown) => describeForLog(detail),
      url: (url: unknown) => (typeof url === 'string' ? redactUrl(url) : describeForLog(url)),
    },
    hooks: { ...options.hooks, logMethod: redactMessages },
  };
}
