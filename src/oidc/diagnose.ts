import * as oidc from 'openid-client';
import { AppError } from '../errors.js';
import { plainHttpAllowed, type FetchLike, type RpProvider, type RpRegistry } from './client.js';
import { MAX_RESPONSE_BYTES, PROVIDER_TIMEOUT_MS } from './http-fetch.js';
import { presets } from './provider-types.js';

export interface Check {
  name: string;
  ok: boolean;
  message: string;
}

export interface Diagnosis {
  ok: boolean;
  checks: Check[];
}

/*
 * What a check may say: words of its own, addresses the administrator entered or the provider's
 * discovery named, status codes, and algorithm names. Never a body, a header value or an error
 * message from the other side: pointed at a service that is not an identity provider (a
 * database, an internal admin page), the test must not become a way to read it.
 */

const MIB = `${MAX_RESPONSE_BYTES / 1024 / 1024} MiB`;
const SECONDS = PROVIDER_TIMEOUT_MS / 1000;

const UNTRUSTED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);
const TIMEOUTS = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT', 'OAUTH_TIMEOUT']);

interface ResponseLike {
  status: number;
  headers: Headers;
}

/** The error and everything under it (causes, and each attempt of a multi-address connect). */
function unwrap(error: unknown): unknown[] {
  const all: unknown[] = [];
  const queue = [error];
  while (queue.length > 0 && all.length < 20) {
    const next = queue.shift();
    if (next === undefined || next === null || all.includes(next)) continue;
    all.push(next);
    if (next instanceof AggregateError) queue.push(...(next.errors as unknown[]));
    if (typeof next === 'object' && 'cause' in next) queue.push((next as { cause: unknown }).cause);
  }
  return all;
}

/** Errors known by name only (undici's parser error has no code; its `data` holds what was sent). */
const CODE_BY_NAME: Record<string, string> = { TimeoutError: 'OAUTH_TIMEOUT', HTTPParserError: 'HPE_PARSER', SocketError: 'UND_ERR_SOCKET' };

const codeOf = (value: unknown): string => {
  if (typeof value !== 'object' || value === null) return '';
  const { code, name } = value as { code?: unknown; name?: unknown };
  return typeof code === 'string' ? code : typeof name === 'string' ? (CODE_BY_NAME[name] ?? '') : '';
};

const isResponse = (value: unknown): value is ResponseLike =>
  typeof value === 'object' && value !== null && typeof (value as ResponseLike).status === 'number' && (value as ResponseLike).headers instanceof Headers;

const isHtml = (response: ResponseLike | undefined) => /html/i.test(response?.headers.get('content-type') ?? '');

function statusWords(response: ResponseLike, url: URL): string {
  if (response.status >= 300 && response.status < 400) {
    return `${url.href} answered with a redirect (HTTP ${response.status}). deskgate does not follow redirects from identity providers: enter the address it redirects to.`;
  }
  return `${url.href} answered HTTP ${response.status}.`;
}

/** A failed request to `url` in words an administrator can act on; nothing the other side sent. */
export function explainFailure(error: unknown, url: URL): string {
  if (error instanceof AppError && error.cause === undefined) return error.publicMessage;
  const errors = unwrap(error);
  const codes = new Set(errors.map(codeOf).filter((code) => code !== ''));
  const response = errors.find(isResponse);
  const has = (...names: string[]) => names.some((name) => codes.has(name));
  const host = url.host;

  if (codes.has('OAUTH_RESPONSE_IS_NOT_CONFORM') && response) return statusWords(response, url);
  if (codes.has('UND_ERR_RES_EXCEEDED_MAX_SIZE')) return `${host} answered with more than ${MIB}; deskgate refuses answers that large.`;
  if (has('OAUTH_RESPONSE_IS_NOT_JSON')) {
    return isHtml(response) ? `${url.href} answered with an HTML page, not JSON (a sign-in or error page?).` : `${url.href} answered with something that is not JSON.`;
  }
  if (has('OAUTH_PARSE_ERROR')) return `${url.href} answered with a body that is not valid JSON.`;
  if (has('OAUTH_INVALID_RESPONSE', 'OAUTH_MISSING_SERVER_METADATA', 'OAUTH_INVALID_SERVER_METADATA')) {
    return `${url.href} answered JSON that is not a valid OpenID Connect discovery document.`;
  }
  if (has('OAUTH_HTTP_REQUEST_FORBIDDEN')) return `${url.href} uses plain http; sign-in refuses it (only https, loopback, or a provider that allows plain http).`;
  if (has('OAUTH_REQUEST_PROTOCOL_FORBIDDEN')) return `${url.href} is not an http(s) address.`;
  if (has('ECONNREFUSED')) return `Nothing is listening at ${host}: the connection was refused. Check the address and port, and that the provider is running.`;
  if (has('ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME')) return `The name ${url.hostname} could not be found (DNS). Check the address.`;
  if (has('EHOSTUNREACH', 'ENETUNREACH')) return `${host} cannot be reached from this server (no route to it).`;
  if ([...codes].some((code) => TIMEOUTS.has(code))) return `${host} did not answer within ${SECONDS} seconds (timeout). A firewall may be dropping the connection.`;
  if (has('CERT_HAS_EXPIRED')) return `The TLS certificate of ${host} has expired.`;
  if (has('CERT_NOT_YET_VALID')) return `The TLS certificate of ${host} is not valid yet (check this server's clock).`;
  if ([...codes].some((code) => UNTRUSTED.has(code))) {
    return `The TLS certificate of ${host} is not trusted (self-signed, or from an authority this server does not know). Give deskgate the authority's certificate with NODE_EXTRA_CA_CERTS.`;
  }
  if (has('ERR_TLS_CERT_ALTNAME_INVALID', 'HOSTNAME_MISMATCH')) return `The TLS certificate of ${host} is for another name.`;
  if ([...codes].some((code) => code === 'EPROTO' || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_'))) {
    return `The TLS handshake with ${host} failed. Is this an https port?`;
  }
  if ([...codes].some((code) => code.startsWith('HPE_') || code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'UND_ERR_INFO')) {
    return `${host} did not answer as an HTTP server does. Is this the right address and port?`;
  }
  return `The request to ${host} failed.`;
}

/** Which JWKs can verify a signature with the pinned algorithm (RFC 7518 §3.1, RFC 8037). */
function fits(key: Record<string, unknown>, alg: string): boolean {
  if (key.use === 'enc' || (key.alg !== undefined && key.alg !== alg)) return false;
  if (/^(RS|PS)/.test(alg)) return key.kty === 'RSA';
  if (alg === 'EdDSA') return key.kty === 'OKP' && (key.crv === 'Ed25519' || key.crv === 'Ed448');
  const curve = { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' }[alg];
  return key.kty === 'EC' && key.crv === curve;
}

const keysCheck = (ok: boolean, message: string): Check => ({ name: 'keys', ok, message });

async function checkKeys(fetch: FetchLike, provider: RpProvider, jwksUri: string): Promise<Check> {
  let url: URL;
  try {
    url = new URL(jwksUri);
  } catch {
    return keysCheck(false, 'The key set address (jwks_uri) in the discovery document is not a URL.');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && plainHttpAllowed(provider))) {
    return keysCheck(false, `The key set ${url.href} uses plain http; sign-in refuses it. The provider must publish its keys over https.`);
  }
  let response: Response;
  try {
    response = await fetch(url.href, { method: 'GET', headers: { accept: 'application/jwk-set+json, application/json' }, redirect: 'manual' });
  } catch (error) {
    return keysCheck(false, `Fetching the key set failed: ${explainFailure(error, url)}`);
  }
  if (response.status !== 200) return keysCheck(false, `The key set: ${statusWords(response, url)}`);
  let body: unknown;
  try {
    body = JSON.parse(await response.text());
  } catch {
    return keysCheck(false, isHtml(response) ? `The key set ${url.href} is an HTML page, not JSON.` : `The key set ${url.href} is not JSON.`);
  }
  const keys = (body as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0) return keysCheck(false, `The key set ${url.href} publishes no keys.`);
  const alg = provider.id_token_signed_response_alg;
  const usable = keys.filter((key) => typeof key === 'object' && key !== null && fits(key as Record<string, unknown>, alg)).length;
  const published = `${keys.length} signing key${keys.length === 1 ? '' : 's'} published`;
  if (usable === 0) return keysCheck(false, `${published}, none for ${alg}, the algorithm set for ID tokens (Advanced). Pick the algorithm the provider signs with.`);
  return keysCheck(true, `${published}; ${usable} for ${alg}, the algorithm set for ID tokens.`);
}

/** The algorithms discovery lists, if the pinned one is not among them (only well-formed names are repeated). */
function algorithmCheck(server: oidc.ServerMetadata, alg: string): Check | undefined {
  const listed = server.id_token_signing_alg_values_supported;
  if (!Array.isArray(listed) || listed.includes(alg)) return undefined;
  const names = listed.filter((name): name is string => typeof name === 'string' && /^[A-Za-z0-9]{2,10}$/.test(name)).slice(0, 10);
  return {
    name: 'algorithm',
    ok: false,
    message: `The provider signs ID tokens with ${names.join(', ') || 'other algorithms'}, not ${alg}. Pick one of those under Advanced.`,
  };
}

/** Entra's v1.0 endpoint answers discovery with an sts.windows.net issuer; sign-in needs v2.0. */
function entraHint(issuer: URL): string {
  if (issuer.hostname !== 'login.microsoftonline.com' || /\/v2\.0\/?$/.test(issuer.pathname)) return '';
  const tenant = issuer.pathname.split('/')[1] || '<tenant>';
  return ` This looks like Entra ID's v1.0 endpoint: use https://login.microsoftonline.com/${tenant}/v2.0 as the issuer.`;
}

function explainDiscovery(error: unknown, provider: RpProvider): string {
  const issuer = new URL(provider.issuer);
  const errors = unwrap(error);
  if (errors.some((e) => codeOf(e) === 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED')) {
    return `The discovery document names a different issuer than the one entered (${issuer.href}); they must match exactly.${entraHint(issuer)}`;
  }
  const document = new URL(`${issuer.href.replace(/\/$/, '')}/.well-known/openid-configuration`);
  const words = explainFailure(error, document);
  return /HTTP 404/.test(words) ? `${words} Is the issuer right? deskgate reads <issuer>/.well-known/openid-configuration.${entraHint(issuer)}` : words;
}

/**
 * The provider test (DESIGN.md "Sign-in design"): discovery afresh, then the key set, through
 * the fetch sign-in uses, so the test meets the same limits as a sign-in would: no redirects,
 * answers capped, https unless the provider allows plain http.
 */
export async function diagnoseProvider(registry: RpRegistry, provider: RpProvider): Promise<Diagnosis> {
  if (presets[provider.type].protocol === 'oauth2') {
    const message = 'Plain OAuth 2: there is no discovery document or key set to fetch; the endpoints are used as entered. Sign in once to check them.';
    return { ok: true, checks: [{ name: 'endpoints', ok: true, message }] };
  }
  registry.forget(provider.id);
  let config: oidc.Configuration;
  try {
    config = await registry.configuration(provider);
  } catch (error) {
    return { ok: false, checks: [{ name: 'discovery', ok: false, message: `Discovery failed: ${explainDiscovery(error, provider)}` }] };
  }
  const server = registry.metadataOf(config);
  const checks: Check[] = [{ name: 'discovery', ok: true, message: `Issuer ${server.issuer} answered.` }];
  const algorithm = algorithmCheck(server, provider.id_token_signed_response_alg);
  if (algorithm) checks.push(algorithm);
  const fetch = config[oidc.customFetch] as FetchLike;
  checks.push(server.jwks_uri ? await checkKeys(fetch, provider, server.jwks_uri) : keysCheck(false, 'The discovery document names no key set (jwks_uri).'));
  return { ok: checks.every((check) => check.ok), checks };
}
