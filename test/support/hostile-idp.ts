import { createHash, createHmac, generateKeyPair, randomBytes, sign as cryptoSign, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { base64url, exportJWK, type JWK } from 'jose';

/**
 * A deliberately hostile OpenID Provider for the negative suite (spec/oidc-rp.md §5.6, §3.2).
 *
 * By default it is a correct, strict provider: discovery (RS256 only, PKCE S256, RFC 9207
 * `iss` advertised), `/jwks`, `/authorize` that answers at once (302 or an auto-posting
 * form_post page) with a fresh code, the state and `iss`; `/token` that checks client
 * authentication, redirect URI, PKCE and single use of the code and returns an ID token
 * signed with the published key; `/userinfo`. A test then breaks exactly one thing through
 * `scenario` (kept until `reset()`), e.g. `hostile.scenario = { idToken: { iss: 'https://evil' } }`.
 * No browser, no timers, no sleeps.
 */

/** Put this as a value in a scenario to leave the claim, header or parameter out entirely. */
export const OMIT = Symbol('omit');
type Value = unknown;
type Overrides = Record<string, Value>;

export interface HostileKey {
  kid: string;
  alg: 'RS256' | 'ES256';
  privateKey: KeyObject;
  publicJwk: JWK;
}

/** Which keys `/jwks` publishes. */
export type JwksMode =
  | 'current' // the current signing key, with kid, use and alg (default)
  | 'current-without-kid' // the current key only, no kid
  | 'two-without-kid' // the current and the spare RSA key, neither with a kid
  | 'with-ec' // the current key and an EC P-256 key (so an ES256 token finds a key)
  | 'with-weak' // the current key and a 1024-bit RSA key
  | 'html' // 200 with an HTML page instead of JSON
  | 'down' // 503
  | { keys: HostileKey[]; withoutKid?: boolean };

export type Signer = HostileKey | 'none' | 'client-secret';

export interface IdTokenScenario {
  /** Claim overrides; OMIT removes a claim. */
  idToken?: Overrides;
  /** JOSE header overrides; OMIT removes (e.g. `kid: OMIT`). */
  header?: Overrides;
  /** What signs the token: a key (default: the current key), `none`, or HS256 with the client secret. */
  signWith?: Signer;
}

export interface Scenario extends IdTokenScenario {
  /** The subject of the person who "signs in"; also their preferred_username. */
  sub?: string;
  /** Authorization response parameters (`code`, `state`, `iss`, `error`, ...); OMIT removes. */
  authorization?: Overrides;
  /** The front-channel ID token of the hybrid flow (`code id_token`); defaults to the back-channel settings. */
  frontChannel?: IdTokenScenario;
  /** Token endpoint response members (`token_type`, `expires_in`, ...); OMIT removes. */
  tokenResponse?: Overrides;
  /** UserInfo response members (e.g. `sub`); OMIT removes. */
  userinfo?: Overrides;
  jwks?: JwksMode;
}

export interface HostileClient {
  client_id: string;
  client_secret: string;
}

export interface HostileIdpOptions {
  clients: HostileClient[];
  /** `id_token_signing_alg_values_supported` in discovery (default: RS256 only). */
  signingAlgs?: string[];
}

interface CodeGrant {
  clientId: string;
  redirectUri: string;
  nonce: string | undefined;
  challenge: string;
  sub: string;
  used: boolean;
}

export interface HostileIdp {
  issuer: string;
  keys: { primary: HostileKey; secondary: HostileKey; stranger: HostileKey; ec: HostileKey; weak: HostileKey };
  /** The key tokens are signed with and `/jwks` publishes by default (`rotate()` changes it). */
  current: HostileKey;
  /** What the next requests do wrong; kept until `reset()`. */
  scenario: Scenario;
  /** Requests seen, per endpoint, since start (tests compare before/after). */
  calls: { discovery: number; jwks: number; authorize: number; token: number; userinfo: number };
  /** Why each token request was refused or that it was answered ("issued"). */
  tokenOutcomes: string[];
  /** The last authorization code handed out. */
  lastCode: string | undefined;
  /** Switches signing (and `/jwks`) to the other RSA key, as a provider's key rotation does. */
  rotate(): void;
  reset(): void;
  close(): Promise<void>;
}

const generate = promisify(generateKeyPair);
const sha256 = (value: string | Buffer) => createHash('sha256').update(value).digest();
const b64 = (value: string | Uint8Array) => base64url.encode(value);
const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function rsaKey(kid: string, modulusLength = 2048): Promise<HostileKey> {
  const { privateKey, publicKey } = await generate('rsa', { modulusLength });
  return { kid, alg: 'RS256', privateKey, publicJwk: await exportJWK(publicKey) };
}

async function ecKey(kid: string): Promise<HostileKey> {
  const { privateKey, publicKey } = await generate('ec', { namedCurve: 'P-256' });
  return { kid, alg: 'ES256', privateKey, publicJwk: await exportJWK(publicKey) };
}

/** Applies overrides to a copy; OMIT deletes. */
function apply(base: Overrides, overrides: Overrides | undefined): Overrides {
  const out: Overrides = { ...base };
  for (const [key, value] of Object.entries(overrides ?? {})) {
    if (value === OMIT) delete out[key];
    else out[key] = value;
  }
  return out;
}

/** A compact JWS signed however the scenario says: raw node:crypto so no library can refuse to make a bad token. */
function signJws(header: Overrides, payload: Overrides, signer: Signer, clientSecret: string): string {
  const input = `${b64(JSON.stringify(header))}.${b64(JSON.stringify(payload))}`;
  const alg = header.alg;
  let signature: Uint8Array;
  if (signer === 'none' || alg === 'none') signature = new Uint8Array();
  else if (signer === 'client-secret') signature = createHmac('sha256', clientSecret).update(input).digest();
  else if (signer.alg === 'ES256') signature = cryptoSign('sha256', Buffer.from(input), { key: signer.privateKey, dsaEncoding: 'ieee-p1363' });
  else signature = cryptoSign('sha256', Buffer.from(input), signer.privateKey);
  return `${input}.${b64(signature)}`;
}

/** Left half of SHA-256, as c_hash/at_hash for RS256/ES256/HS256. */
const halfHash = (value: string) => b64(sha256(value).subarray(0, 16));

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

export async function startHostileIdp(options: HostileIdpOptions): Promise<HostileIdp> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const tag = issuer.slice(-5);
  const [primary, secondary, stranger, ec, weak] = await Promise.all([
    rsaKey(`key-1-${tag}`),
    rsaKey(`key-2-${tag}`),
    rsaKey(`stranger-${tag}`),
    ecKey(`ec-${tag}`),
    rsaKey(`weak-${tag}`, 1024),
  ]);
  const clients = new Map(options.clients.map((c) => [c.client_id, c]));
  const codes = new Map<string, CodeGrant>();
  const accessTokens = new Map<string, { sub: string }>();

  const idp: HostileIdp = {
    issuer,
    keys: { primary, secondary, stranger, ec, weak },
    current: primary,
    scenario: {},
    calls: { discovery: 0, jwks: 0, authorize: 0, token: 0, userinfo: 0 },
    tokenOutcomes: [],
    lastCode: undefined,
    rotate() {
      idp.current = idp.current === primary ? secondary : primary;
    },
    reset() {
      idp.scenario = {};
      idp.current = primary;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };

  const publicJwk = (key: HostileKey, withKid: boolean): JWK => ({
    ...key.publicJwk,
    use: 'sig',
    alg: key.alg,
    ...(withKid ? { kid: key.kid } : {}),
  });

  function jwks(res: ServerResponse) {
    const mode = idp.scenario.jwks ?? 'current';
    if (mode === 'html') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return void res.end('<html><body>Sign in to continue</body></html>');
    }
    if (mode === 'down') return json(res, 503, { error: 'temporarily_unavailable' });
    const keys =
      mode === 'current'
        ? [publicJwk(idp.current, true)]
        : mode === 'current-without-kid'
          ? [publicJwk(idp.current, false)]
          : mode === 'two-without-kid'
            ? [publicJwk(primary, false), publicJwk(secondary, false)]
            : mode === 'with-ec'
              ? [publicJwk(idp.current, true), publicJwk(ec, true)]
              : mode === 'with-weak'
                ? [publicJwk(idp.current, true), publicJwk(weak, true)]
                : mode.keys.map((k) => publicJwk(k, !mode.withoutKid));
    json(res, 200, { keys }, { 'content-type': 'application/jwk-set+json' });
  }

  function idToken(part: IdTokenScenario, grant: CodeGrant, extra: Overrides): string {
    const now = Math.floor(Date.now() / 1000);
    const client = clients.get(grant.clientId);
    const signer = part.signWith ?? idp.current;
    const claims = apply(
      {
        iss: issuer,
        sub: grant.sub,
        aud: grant.clientId,
        iat: now,
        exp: now + 300,
        auth_time: now,
        ...(grant.nonce !== undefined ? { nonce: grant.nonce } : {}),
        preferred_username: grant.sub,
        name: `Hostile ${grant.sub}`,
        email: `${grant.sub}@hostile.example`,
        email_verified: true,
        ...extra,
      },
      part.idToken,
    );
    const header = apply(
      typeof signer === 'string'
        ? { alg: signer === 'none' ? 'none' : 'HS256', typ: 'JWT' }
        : { alg: signer.alg, kid: signer.kid, typ: 'JWT' },
      part.header,
    );
    return signJws(header, claims, signer, client?.client_secret ?? '');
  }

  function authorize(url: URL, res: ServerResponse) {
    const q = url.searchParams;
    const client = clients.get(q.get('client_id') ?? '');
    const redirectUri = q.get('redirect_uri') ?? '';
    const responseType = q.get('response_type') ?? '';
    // An honest provider refuses without redirecting when the client or redirect URI is wrong.
    if (!client || !/^http:\/\/127\.0\.0\.1:\d+\//.test(redirectUri)) {
      res.writeHead(400, { 'content-type': 'text/plain' });
      return void res.end('invalid client or redirect_uri');
    }
    const problem =
      !['code', 'code id_token'].includes(responseType)
        ? 'unsupported_response_type'
        : !(q.get('scope') ?? '').split(' ').includes('openid')
          ? 'invalid_scope'
          : q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge')
            ? 'invalid_request'
            : undefined;
    const code = b64(randomBytes(24));
    const grant: CodeGrant = {
      clientId: client.client_id,
      redirectUri,
      nonce: q.get('nonce') ?? undefined,
      challenge: q.get('code_challenge') ?? '',
      sub: idp.scenario.sub ?? 'hostile-user',
      used: false,
    };
    codes.set(code, grant);
    idp.lastCode = code;
    const base: Overrides = problem
      ? { error: problem, state: q.get('state') ?? OMIT, iss: issuer }
      : { code, state: q.get('state') ?? OMIT, iss: issuer };
    if (!problem && responseType === 'code id_token') {
      const front = idp.scenario.frontChannel ?? idp.scenario;
      base.id_token = idToken(front, grant, { c_hash: halfHash(String(idp.scenario.authorization?.code ?? code)) });
    }
    const params = apply(base, idp.scenario.authorization);
    const fields = Object.entries(params).map(([k, v]) => [k, String(v)] as const);
    if (q.get('response_mode') === 'form_post' || responseType === 'code id_token') {
      const inputs = fields.map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`).join('');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      return void res.end(
        `<!doctype html><html><body onload="document.forms[0].submit()"><form method="post" action="${escapeHtml(redirectUri)}">${inputs}</form></body></html>`,
      );
    }
    const target = new URL(redirectUri);
    for (const [k, v] of fields) target.searchParams.append(k, v);
    res.writeHead(302, { location: target.href, 'cache-control': 'no-store' });
    res.end();
  }

  async function token(req: IncomingMessage, res: ServerResponse) {
    const body = new URLSearchParams(await readBody(req));
    const refuse = (status: number, error: string, why: string) => {
      idp.tokenOutcomes.push(`${error}: ${why}`);
      json(res, status, { error, error_description: why });
    };
    // client_secret_basic (form-encoded id and secret, RFC 6749 §2.3.1) or client_secret_post.
    let clientId = body.get('client_id') ?? '';
    let secret = body.get('client_secret') ?? '';
    const basic = /^basic (.+)$/i.exec(req.headers.authorization ?? '');
    if (basic?.[1]) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      clientId = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' '));
      secret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' '));
    }
    const client = clients.get(clientId);
    if (!client || client.client_secret !== secret) return refuse(401, 'invalid_client', 'client authentication failed');
    if (body.get('grant_type') !== 'authorization_code') return refuse(400, 'unsupported_grant_type', 'only authorization_code');
    const grant = codes.get(body.get('code') ?? '');
    if (!grant) return refuse(400, 'invalid_grant', 'unknown code');
    if (grant.used) return refuse(400, 'invalid_grant', 'code already used');
    grant.used = true;
    if (grant.clientId !== clientId) return refuse(400, 'invalid_grant', 'code issued to another client');
    if (grant.redirectUri !== body.get('redirect_uri')) return refuse(400, 'invalid_grant', 'redirect_uri mismatch');
    if (b64(sha256(body.get('code_verifier') ?? '')) !== grant.challenge) return refuse(400, 'invalid_grant', 'PKCE verification failed');

    const accessToken = b64(randomBytes(24));
    accessTokens.set(accessToken, { sub: grant.sub });
    idp.tokenOutcomes.push('issued');
    json(
      res,
      200,
      apply(
        {
          access_token: accessToken,
          token_type: 'Bearer',
          expires_in: 300,
          scope: 'openid profile email',
          id_token: idToken(idp.scenario, grant, {}),
        },
        idp.scenario.tokenResponse,
      ),
    );
  }

  function userinfo(req: IncomingMessage, res: ServerResponse) {
    const bearer = /^bearer (.+)$/i.exec(req.headers.authorization ?? '');
    const holder = bearer?.[1] ? accessTokens.get(bearer[1]) : undefined;
    if (!holder) return json(res, 401, { error: 'invalid_token' }, { 'www-authenticate': 'Bearer error="invalid_token"' });
    json(
      res,
      200,
      apply(
        { sub: holder.sub, preferred_username: holder.sub, name: `Hostile ${holder.sub}`, email: `${holder.sub}@hostile.example` },
        idp.scenario.userinfo,
      ),
    );
  }

  function discovery(res: ServerResponse) {
    json(res, 200, {
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      userinfo_endpoint: `${issuer}/userinfo`,
      jwks_uri: `${issuer}/jwks`,
      response_types_supported: ['code', 'code id_token'],
      response_modes_supported: ['query', 'form_post'],
      grant_types_supported: ['authorization_code', 'implicit'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: options.signingAlgs ?? ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      code_challenge_methods_supported: ['S256'],
      scopes_supported: ['openid', 'profile', 'email'],
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nonce', 'name', 'preferred_username', 'email', 'email_verified'],
      authorization_response_iss_parameter_supported: true,
    });
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', issuer);
    void (async () => {
      try {
        if (req.method === 'GET' && url.pathname === '/.well-known/openid-configuration') {
          idp.calls.discovery++;
          return discovery(res);
        }
        if (req.method === 'GET' && url.pathname === '/jwks') {
          idp.calls.jwks++;
          return jwks(res);
        }
        if (req.method === 'GET' && url.pathname === '/authorize') {
          idp.calls.authorize++;
          return authorize(url, res);
        }
        if (req.method === 'POST' && url.pathname === '/token') {
          idp.calls.token++;
          return await token(req, res);
        }
        if ((req.method === 'GET' || req.method === 'POST') && url.pathname === '/userinfo') {
          idp.calls.userinfo++;
          return userinfo(req, res);
        }
        json(res, 404, { error: 'not_found' });
      } catch (error) {
        json(res, 500, { error: 'server_error', error_description: String(error) });
      }
    })();
  });

  return idp;
}
