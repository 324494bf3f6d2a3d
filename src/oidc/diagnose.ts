import { randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import { AppError } from '../errors.js';
import { plainHttpAllowed, type FetchLike, type RpProvider, type RpRegistry } from './client.js';
import { MAX_RESPONSE_BYTES, PROVIDER_TIMEOUT_MS } from './http-fetch.js';
import type { OpenedProvider } from '../domain/auth-provider.js';
import { presets } from './provider-types.js';
import { entraDomainTenant } from './entra-diagnose.js';
import { decodeEntraError } from './entra-errors.js';
import { explainTokenError } from './response-errors.js';
import { oauth2Checks } from './oauth2-diagnose.js';

/**
 * One check of the provider test. `message` is the whole of it in one sentence or three; a
 * failed check also names the URL tried (`url`), what came back (`got`) and what to do (`fix`).
 */
export interface Check {
  name: string;
  ok: boolean;
  message: string;
  url?: string;
  got?: string;
  fix?: string;
}

export interface Diagnosis {
  ok: boolean;
  checks: Check[];
}

/** What a failed request got back, and what to do about it. */
export interface Finding {
  got: string;
  fix: string;
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

/** The media type of an answer (`text/html`), only when it looks like one: never other header text. */
function mediaType(response: ResponseLike | undefined): string {
  const type = (response?.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return /^[a-z0-9.+-]{1,40}\/[a-z0-9.+-]{1,60}$/.test(type) ? type : '';
}

const CHECK_ADDRESS = 'Check the address (open it in a browser: it should show JSON).';

function statusFinding(response: ResponseLike, url: URL): Finding {
  if (response.status >= 300 && response.status < 400) {
    return {
      got: `${url.href} answered with a redirect (HTTP ${response.status}).`,
      fix: 'deskgate does not follow redirects from identity providers: enter the address it redirects to (open it in a browser to see where it goes).',
    };
  }
  const type = mediaType(response);
  const got = `${url.href} answered HTTP ${response.status}${type ? ` (${type})` : ''}.`;
  if (response.status === 404) return { got, fix: 'Nothing is at this address: check it, including its path.' };
  if (response.status === 401 || response.status === 403) return { got, fix: 'The provider refused to show a public document: check the address.' };
  if (response.status >= 500) return { got, fix: 'The provider is failing: try again later, or check its status page and logs.' };
  return { got, fix: CHECK_ADDRESS };
}

const finding = (got: string, fix: string): Finding => ({ got, fix });

/** A failed request to `url`: what came back and what to do, in words; nothing the other side sent. */
export function describeFailure(error: unknown, url: URL): Finding {
  if (error instanceof AppError && error.cause === undefined) return finding(error.publicMessage, 'Check the address.');
  const errors = unwrap(error);
  const codes = new Set(errors.map(codeOf).filter((code) => code !== ''));
  const response = errors.find(isResponse);
  const has = (...names: string[]) => names.some((name) => codes.has(name));
  const host = url.host;

  if (codes.has('OAUTH_RESPONSE_IS_NOT_CONFORM') && response) return statusFinding(response, url);
  if (codes.has('UND_ERR_RES_EXCEEDED_MAX_SIZE')) return finding(`${host} answered with more than ${MIB}.`, `deskgate refuses answers that large. ${CHECK_ADDRESS}`);
  if (has('OAUTH_RESPONSE_IS_NOT_JSON')) {
    const type = mediaType(response);
    return isHtml(response)
      ? finding(`${url.href} answered with an HTML page, not JSON (a sign-in or error page?).`, CHECK_ADDRESS)
      : finding(`${url.href} answered with something that is not JSON${type ? ` (${type})` : ''}.`, CHECK_ADDRESS);
  }
  if (has('OAUTH_PARSE_ERROR')) return finding(`${url.href} answered with a body that is not valid JSON.`, CHECK_ADDRESS);
  if (has('OAUTH_INVALID_RESPONSE', 'OAUTH_MISSING_SERVER_METADATA', 'OAUTH_INVALID_SERVER_METADATA')) {
    return finding(`${url.href} answered JSON that is not a valid OpenID Connect discovery document.`, 'Check that the issuer is the identity provider’s, not another service’s.');
  }
  if (has('OAUTH_HTTP_REQUEST_FORBIDDEN')) {
    return finding(`${url.href} uses plain http; sign-in refuses it (only https, loopback, or a provider that allows plain http).`, 'Use the https address.');
  }
  if (has('OAUTH_REQUEST_PROTOCOL_FORBIDDEN')) return finding(`${url.href} is not an http(s) address.`, 'Enter an https address.');
  if (has('ECONNREFUSED')) {
    return finding(`Nothing is listening at ${host}: the connection was refused.`, 'Check the address and port, and that the provider is running.');
  }
  if (has('ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME')) {
    return finding(`The name ${url.hostname} could not be found (DNS).`, 'Check the address for typos, and that this server can resolve public names.');
  }
  if (has('EHOSTUNREACH', 'ENETUNREACH')) return finding(`${host} cannot be reached from this server (no route to it).`, 'Check this server’s network, proxy and firewall.');
  if ([...codes].some((code) => TIMEOUTS.has(code))) {
    return finding(`${host} did not answer within ${SECONDS} seconds (timeout).`, 'A firewall may be dropping the connection: check that this server may reach it.');
  }
  if (has('CERT_HAS_EXPIRED')) return finding(`The TLS certificate of ${host} has expired.`, 'The provider must renew its certificate.');
  if (has('CERT_NOT_YET_VALID')) return finding(`The TLS certificate of ${host} is not valid yet.`, 'Check this server’s clock.');
  if ([...codes].some((code) => UNTRUSTED.has(code))) {
    return finding(
      `The TLS certificate of ${host} is not trusted (self-signed, or from an authority this server does not know).`,
      'Give deskgate the authority’s certificate with NODE_EXTRA_CA_CERTS.',
    );
  }
  if (has('ERR_TLS_CERT_ALTNAME_INVALID', 'HOSTNAME_MISMATCH')) {
    return finding(`The TLS certificate of ${host} is for another name.`, 'Use the name the certificate is for, or have the provider’s certificate cover this name.');
  }
  if ([...codes].some((code) => code === 'EPROTO' || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_'))) {
    return finding(`The TLS handshake with ${host} failed.`, 'Is this an https port? Plain-http servers need an http:// address.');
  }
  if ([...codes].some((code) => code.startsWith('HPE_') || code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'UND_ERR_INFO')) {
    return finding(`${host} did not answer as an HTTP server does.`, 'Is this the right address and port?');
  }
  return finding(`The request to ${host} failed.`, 'Check the address, and that this server may reach it.');
}

/** A failed request to `url` in words an administrator can act on; nothing the other side sent. */
export function explainFailure(error: unknown, url: URL): string {
  const { got, fix } = describeFailure(error, url);
  return `${got} ${fix}`;
}

/** A failed check: the URL tried, what came back, what to do, and all of it as one message. */
function failedCheck(name: string, url: string | undefined, got: string, fix: string): Check {
  return { name, ok: false, message: `${got} ${fix}`.trim(), ...(url ? { url } : {}), got, fix };
}

/** Which JWKs can verify a signature with the pinned algorithm (RFC 7518 §3.1, RFC 8037). */
function fits(key: Record<string, unknown>, alg: string): boolean {
  if (key.use === 'enc' || (key.alg !== undefined && key.alg !== alg)) return false;
  if (/^(RS|PS)/.test(alg)) return key.kty === 'RSA';
  if (alg === 'EdDSA') return key.kty === 'OKP' && (key.crv === 'Ed25519' || key.crv === 'Ed448');
  const curve = { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' }[alg];
  return key.kty === 'EC' && key.crv === curve;
}

const JWKS_FIX = 'Check the key set address (jwks_uri, Advanced), or leave it empty to use the one discovery names.';

async function checkKeys(fetch: FetchLike, provider: RpProvider, jwksUri: string): Promise<Check> {
  let url: URL;
  try {
    url = new URL(jwksUri);
  } catch {
    return failedCheck('keys', undefined, 'The key set address (jwks_uri) in the discovery document is not a URL.', 'Enter the key set address under Advanced.');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && plainHttpAllowed(provider))) {
    return failedCheck('keys', url.href, `The key set ${url.href} uses plain http; sign-in refuses it.`, 'The provider must publish its keys over https.');
  }
  let response: Response;
  try {
    response = await fetch(url.href, { method: 'GET', headers: { accept: 'application/jwk-set+json, application/json' }, redirect: 'manual' });
  } catch (error) {
    const { got, fix } = describeFailure(error, url);
    return failedCheck('keys', url.href, `Fetching the key set failed: ${got}`, fix);
  }
  if (response.status !== 200) {
    const { got, fix } = statusFinding(response, url);
    return failedCheck('keys', url.href, `The key set: ${got}`, fix);
  }
  let body: unknown;
  try {
    body = JSON.parse(await response.text());
  } catch {
    return failedCheck('keys', url.href, isHtml(response) ? `The key set ${url.href} is an HTML page, not JSON.` : `The key set ${url.href} is not JSON.`, JWKS_FIX);
  }
  const keys = (body as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0) return failedCheck('keys', url.href, `The key set ${url.href} publishes no keys.`, JWKS_FIX);
  const alg = provider.id_token_signed_response_alg;
  const usable = keys.filter((key) => typeof key === 'object' && key !== null && fits(key as Record<string, unknown>, alg)).length;
  const published = `${keys.length} signing key${keys.length === 1 ? '' : 's'} published`;
  if (usable === 0) {
    return failedCheck('keys', url.href, `${published}, none for ${alg}, the algorithm set for ID tokens (Advanced).`, 'Pick the algorithm the provider signs with.');
  }
  return { name: 'keys', ok: true, message: `${published}; ${usable} for ${alg}, the algorithm set for ID tokens.`, url: url.href };
}

/** Names from a discovery list that look like names (nothing else is repeated). */
const listed = (values: unknown): string[] | undefined =>
  Array.isArray(values) ? values.filter((name): name is string => typeof name === 'string' && /^[A-Za-z0-9_ ]{1,30}$/.test(name)).slice(0, 10) : undefined;

/** The pinned ID-token algorithm against the ones discovery lists. */
function algorithmCheck(server: oidc.ServerMetadata, alg: string): Check {
  const names = listed(server.id_token_signing_alg_values_supported);
  if (names === undefined) return { name: 'algorithm', ok: true, message: `The provider does not list its signing algorithms; ID tokens are expected signed with ${alg}.` };
  if (names.includes(alg)) return { name: 'algorithm', ok: true, message: `The provider signs ID tokens with ${alg}, the algorithm set under Advanced.` };
  return failedCheck(
    'algorithm',
    undefined,
    `The provider signs ID tokens with ${names.join(', ') || 'other algorithms'}, not ${alg}.`,
    'Pick one of those under Advanced (ID token signing algorithm).',
  );
}

const isEntra = (url: string) => {
  try {
    return ['login.microsoftonline.com', 'sts.windows.net'].includes(new URL(url).hostname);
  } catch {
    return false;
  }
};

/** The response type and mode set under Advanced against what discovery lists. */
function responseCheck(server: oidc.ServerMetadata, provider: TestedProvider): Check {
  const type = provider.response_type;
  const types = listed(server.response_types_supported);
  if (types !== undefined && !types.includes(type)) {
    return failedCheck('response_type', undefined, `The provider offers response types ${types.join(', ') || 'other than this one'}, not ${type}.`, 'Set Response type to code under Advanced.');
  }
  const mode = provider.response_mode ?? 'query';
  const modes = listed(server.response_modes_supported);
  if (modes !== undefined && !modes.includes(mode)) {
    return failedCheck('response_type', undefined, `The provider offers response modes ${modes.join(', ') || 'other than this one'}, not ${mode}.`, 'Set Response mode to query under Advanced.');
  }
  const hybrid =
    type === 'code id_token' && isEntra(provider.issuer)
      ? ' Entra ID sends that ID token only when "ID tokens" is ticked under the app registration → Authentication; code alone needs no such setting.'
      : '';
  return { name: 'response_type', ok: true, message: `The provider offers response type ${type} and response mode ${mode}.${hybrid}` };
}

/** A discovered issuer repeated only when it is an http(s) URL of reasonable length. */
function discoveredIssuer(error: unknown): string | undefined {
  const compared = unwrap(error).find(
    (e): e is { attribute: string; body: { issuer?: unknown } } =>
      typeof e === 'object' && e !== null && (e as { attribute?: unknown }).attribute === 'issuer' && typeof (e as { body?: unknown }).body === 'object',
  );
  const issuer = compared?.body?.issuer;
  if (typeof issuer !== 'string' || issuer.length > 300) return undefined;
  try {
    const url = new URL(issuer);
    return /^https?:$/.test(url.protocol) && !url.username && !url.password ? issuer : undefined;
  } catch {
    return undefined;
  }
}

const entraV2 = (tenant: string) => `https://login.microsoftonline.com/${tenant || '<tenant>'}/v2.0`;
const tenantIn = (url: URL) => url.pathname.split('/')[1] ?? '';

/** The issuer discovery names against the one entered: a v1 Entra issuer, a missing /v2.0, a trailing slash. */
function issuerMismatch(entered: URL, discovered: string | undefined, documentUrl: string): Check {
  const fixExactly = (issuer: string) => `Enter ${issuer} as the issuer: it must match exactly.`;
  if (discovered === undefined) {
    return failedCheck('issuer', documentUrl, `The discovery document names a different issuer than the one entered (${entered.href}).`, `Enter the issuer the provider names; they must match exactly.${entraHint(entered)}`);
  }
  const found = new URL(discovered);
  const got = `The provider names its issuer ${discovered}, not ${entered.href} as entered.`;
  if (found.hostname === 'sts.windows.net') {
    return failedCheck(
      'issuer',
      documentUrl,
      `${got} That is Entra ID's v1.0 issuer: the issuer entered lacks /v2.0.`,
      `deskgate signs in with Entra ID's v2.0 endpoint: enter ${entraV2(tenantIn(found))} as the issuer (or pick the Microsoft Entra ID type and enter only the tenant).`,
    );
  }
  if (discovered.replace(/\/$/, '') === entered.href.replace(/\/$/, '')) {
    const which = discovered.endsWith('/') ? 'with' : 'without';
    return failedCheck('issuer', documentUrl, `${got} They differ only in the trailing slash.`, `${fixExactly(discovered)} (${which} the trailing slash).`);
  }
  if (/\/v2\.0\/?$/.test(found.pathname) && !/\/v2\.0\/?$/.test(entered.pathname)) {
    return failedCheck('issuer', documentUrl, `${got} The issuer entered lacks /v2.0.`, fixExactly(discovered));
  }
  return failedCheck('issuer', documentUrl, got, `${fixExactly(discovered)} If that is not the provider you meant, check the address.`);
}

/** The issuer entered, as sign-in will compare it, when discovery worked. */
function issuerCheck(provider: RpProvider, server: oidc.ServerMetadata): Check {
  const entered = new URL(provider.issuer);
  if (entered.hostname === 'sts.windows.net') {
    return failedCheck(
      'issuer',
      undefined,
      `${entered.href} is Entra ID's v1.0 issuer.`,
      `deskgate signs in with Entra ID's v2.0 endpoint: enter ${entraV2(tenantIn(entered))} as the issuer.`,
    );
  }
  if (entraDomainTenant(provider.issuer, server.issuer)) {
    return { name: 'issuer', ok: true, message: `Entra ID names the tenant ${tenantIn(entered)} by its id: ID tokens carry the issuer ${server.issuer}.` };
  }
  // openid-client lets Microsoft's discovery name another issuer than the address it was read
  // from (Entra's `{tenantid}`); a sign-in still fails when it is not the one entered.
  if (!server.issuer.includes('{tenantid}') && server.issuer !== provider.issuer && server.issuer !== entered.href) {
    return issuerMismatch(entered, discoveredIssuer({ attribute: 'issuer', body: { issuer: server.issuer } }), documentOf(entered).href);
  }
  if (server.issuer.includes('{tenantid}')) {
    return { name: 'issuer', ok: true, message: `${server.issuer} is Entra ID's multi-tenant issuer: each person's tenant is checked against the allowed tenants.` };
  }
  return { name: 'issuer', ok: true, message: `The provider names its issuer ${server.issuer}, exactly as entered.` };
}

/** Entra's v1.0 endpoint answers discovery with an sts.windows.net issuer; sign-in needs v2.0. */
function entraHint(issuer: URL): string {
  if (issuer.hostname !== 'login.microsoftonline.com' || /\/v2\.0\/?$/.test(issuer.pathname)) return '';
  return ` This looks like Entra ID's v1.0 endpoint: use ${entraV2(tenantIn(issuer))} as the issuer.`;
}

/** An Entra error answer to discovery (an unknown tenant: AADSTS90002), decoded; nothing else of the body is read. */
async function entraAnswer(error: unknown): Promise<ReturnType<typeof explainTokenError> | undefined> {
  const response = unwrap(error).find(isResponse) as (ResponseLike & { clone?: () => Response }) | undefined;
  if (!response || response.status < 400 || !/json/i.test(response.headers.get('content-type') ?? '') || typeof response.clone !== 'function') return undefined;
  try {
    const body = (await response.clone().json()) as { error?: unknown; error_description?: unknown };
    if (!decodeEntraError(body.error_description)) return undefined;
    return explainTokenError({ status: response.status, error: body.error, description: body.error_description });
  } catch {
    return undefined;
  }
}

const documentOf = (issuer: URL) => new URL(`${issuer.href.replace(/\/$/, '')}/.well-known/openid-configuration`);

async function discoveryFailure(error: unknown, provider: RpProvider): Promise<Check[]> {
  const issuer = new URL(provider.issuer);
  const document = documentOf(issuer);
  const errors = unwrap(error);
  if (errors.some((e) => codeOf(e) === 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED')) {
    return [
      { name: 'discovery', ok: true, message: `${document.href} answered with a discovery document.`, url: document.href },
      issuerMismatch(issuer, discoveredIssuer(error), document.href),
    ];
  }
  const entra = await entraAnswer(error);
  if (entra) return [failedCheck('discovery', document.href, `Discovery failed: ${document.href} answered HTTP ${unwrap(error).find(isResponse)?.status}. ${entra.words}`, entra.fix)];
  const { got, fix } = describeFailure(error, document);
  const notFound = /HTTP 404/.test(got) ? ` Is the issuer right? deskgate reads <issuer>/.well-known/openid-configuration.${entraHint(issuer)}` : '';
  return [failedCheck('discovery', document.href, `Discovery failed: ${got}`, `${fix}${notFound}`)];
}

/** RFC 6749 §2.3.1: the client id and secret are form-encoded before they go into Basic. */
const formEncode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');

/**
 * The client secret, checked: the token endpoint is sent a made-up authorization code with the
 * client's credentials, as a sign-in sends them. `invalid_grant` (the code refused) means the
 * credentials were accepted; `invalid_client` or a 401 means they were not. No real code is
 * ever at stake, and nothing the endpoint says is repeated but its `error` and Entra's AADSTS number.
 */
async function checkSecret(fetch: FetchLike, provider: RpProvider, tokenEndpoint: string | undefined, options: DiagnoseOptions): Promise<Check> {
  const redirectUri = options.redirectUri ?? '';
  if (!tokenEndpoint) return failedCheck('client_secret', undefined, 'The provider names no token endpoint.', 'Enter the token endpoint under Advanced.');
  let url: URL;
  try {
    url = new URL(tokenEndpoint);
  } catch {
    return failedCheck('client_secret', undefined, 'The token endpoint is not a URL.', 'Enter the token endpoint under Advanced.');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && plainHttpAllowed(provider))) {
    return failedCheck('client_secret', url.href, `The token endpoint ${url.href} uses plain http; the secret is not sent there.`, 'The provider must take token requests over https.');
  }
  if (provider.client_secret && options.secretOrigins && !options.secretOrigins.includes(url.origin)) {
    return failedCheck(
      'client_secret',
      url.href,
      `The saved client secret was not sent to ${url.href}: it is not the token endpoint of the saved provider.`,
      'Enter the client secret to check it there, or save the change and test again.',
    );
  }
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    code: `deskgate-test-${randomBytes(16).toString('base64url')}`,
    redirect_uri: redirectUri || 'http://localhost/api/oidc/callback',
    code_verifier: randomBytes(32).toString('base64url'),
  });
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  if (provider.client_secret && provider.token_endpoint_auth_method === 'client_secret_basic') {
    headers.authorization = `Basic ${Buffer.from(`${formEncode(provider.client_id)}:${formEncode(provider.client_secret)}`).toString('base64')}`;
  } else {
    body.set('client_id', provider.client_id);
    if (provider.client_secret) body.set('client_secret', provider.client_secret);
  }
  let response: Response;
  try {
    response = await fetch(url.href, { method: 'POST', headers, body, redirect: 'manual' });
  } catch (error) {
    const { got, fix } = describeFailure(error, url);
    return failedCheck('client_secret', url.href, `The token endpoint could not be asked: ${got}`, fix);
  }
  let answer: { error?: unknown; error_description?: unknown; access_token?: unknown } | undefined;
  try {
    const parsed: unknown = JSON.parse(await response.text());
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) answer = parsed as typeof answer;
  } catch {
    answer = undefined;
  }
  if (answer?.error === undefined && response.status !== 401) {
    if (response.status >= 200 && response.status < 300) {
      return failedCheck('client_secret', url.href, `The token endpoint ${url.href} answered HTTP ${response.status} to a made-up code.`, 'Check that this is the provider’s token endpoint.');
    }
    const { got, fix } = isHtml(response)
      ? { got: `The token endpoint ${url.href} answered HTTP ${response.status} with an HTML page, not JSON.`, fix: 'Check the token endpoint (Advanced).' }
      : statusFinding(response, url);
    return failedCheck('client_secret', url.href, got, fix);
  }
  const explained = explainTokenError({ status: response.status, error: answer?.error, description: answer?.error_description });
  if (explained.codeOnly) {
    const what = provider.client_secret ? 'the client ID and secret' : 'the client ID (no secret is set)';
    return {
      name: 'client_secret',
      ok: true,
      message: `The token endpoint accepted ${what}: it refused only the made-up code sent to check them, as it should.`,
      url: url.href,
    };
  }
  const redirect = explained.code === 'oidc.redirect_uri_mismatch' && redirectUri ? ` The redirect URI to register: ${redirectUri}` : '';
  const missing = !provider.client_secret && explained.code === 'oidc.client_secret_rejected' ? ' No client secret is set.' : '';
  return failedCheck('client_secret', url.href, `${explained.words}${missing}`, `${explained.fix}${redirect}`);
}

/** The redirect URI to register, and Entra's rule that it be https (or http://localhost). */
function redirectCheck(provider: RpProvider, redirectUri: string): Check {
  const uri = new URL(redirectUri);
  if (isEntra(provider.issuer) && uri.protocol === 'http:' && uri.hostname !== 'localhost') {
    return failedCheck(
      'redirect_uri',
      redirectUri,
      `The redirect URI is ${redirectUri}, plain http: Entra ID accepts http only for localhost.`,
      'Serve deskgate over https (set DESKGATE_PUBLIC_URL to its https address, or open the console through it), then register that redirect URI.',
    );
  }
  return { name: 'redirect_uri', ok: true, message: `Register this redirect URI at the provider, exactly: ${redirectUri}`, url: redirectUri };
}

/** What the test reads of a provider: what sign-in does, and the response mode set under Advanced. */
export type TestedProvider = RpProvider & Partial<Pick<OpenedProvider, 'response_mode'>>;

export interface DiagnoseOptions {
  /** The redirect URI sign-in sends (for the secret check, and to show); '' when not known. */
  redirectUri?: string;
  /**
   * Where the client secret may be sent (token endpoint origins); undefined: anywhere. A test of
   * unsaved settings sends the saved secret only to the saved provider's token endpoint, so
   * testing another issuer cannot carry it off.
   */
  secretOrigins?: readonly string[] | undefined;
}

/**
 * The provider test (DESIGN.md "Sign-in design"): discovery afresh, the issuer, algorithm and
 * response type against the provider's settings, the key set, and the client secret at the token
 * endpoint, through the fetch sign-in uses, so the test meets the same limits as a sign-in would:
 * no redirects, answers capped, https unless the provider allows plain http.
 */
export async function diagnoseProvider(registry: RpRegistry, provider: TestedProvider, options: DiagnoseOptions = {}): Promise<Diagnosis> {
  const redirectUri = options.redirectUri ?? '';
  const done = (checks: Check[]): Diagnosis => {
    const all = redirectUri ? [...checks, redirectCheck(provider, redirectUri)] : checks;
    return { ok: all.every((check) => check.ok), checks: all };
  };
  registry.forget(provider.id);
  let config: oidc.Configuration;
  try {
    config = await registry.configuration(provider);
  } catch (error) {
    if (presets[provider.type].protocol === 'oauth2') {
      const { got, fix } = describeFailure(error, new URL(provider.authorization_endpoint));
      return done([failedCheck('endpoints', provider.authorization_endpoint, got, fix)]);
    }
    return done(await discoveryFailure(error, provider));
  }
  const fetch = config[oidc.customFetch] as FetchLike;
  const server = registry.metadataOf(config);
  if (presets[provider.type].protocol === 'oauth2') {
    const message = 'Plain OAuth 2: there is no discovery document or key set to fetch; the endpoints are used as entered.';
    return done([{ name: 'endpoints', ok: true, message }, ...oauth2Checks(provider), await checkSecret(fetch, provider, server.token_endpoint, options)]);
  }
  const checks: Check[] = [
    { name: 'discovery', ok: true, message: `Issuer ${server.issuer} answered.` },
    issuerCheck(provider, server),
    algorithmCheck(server, provider.id_token_signed_response_alg),
    responseCheck(server, provider),
    server.jwks_uri
      ? await checkKeys(fetch, provider, server.jwks_uri)
      : failedCheck('keys', undefined, 'The discovery document names no key set (jwks_uri).', 'Enter the key set address under Advanced.'),
    await checkSecret(fetch, provider, server.token_endpoint, options),
  ];
  return done(checks);
}
