import * as oidc from 'openid-client';
import { AppError } from '../errors.js';
import { BufferedResponse, createHttpFetch } from './http-fetch.js';
import type { OpenedProvider } from '../domain/auth-provider.js';
import { presets } from './provider-types.js';

/** What the relying party needs to know about a provider: its settings and its secret, opened. */
export type RpProvider = Pick<
  OpenedProvider,
  | 'id'
  | 'type'
  | 'client_id'
  | 'client_secret'
  | 'issuer'
  | 'authorization_endpoint'
  | 'token_endpoint'
  | 'userinfo_endpoint'
  | 'jwks_uri'
  | 'token_endpoint_auth_method'
  | 'id_token_signed_response_alg'
  | 'response_type'
  | 'allow_insecure_http'
  | 'updated_at'
>;

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface RpOptions {
  /**
   * Outbound requests go through this (tests simulate hosted providers with it), and it keeps
   * its own time limits; default: kept-alive connections through undici (http-fetch.ts).
   */
  fetch?: FetchLike | undefined;
  /**
   * Verify ID-token signatures even when the token came straight from the token endpoint
   * (spec/oidc-rp.md §1.5). Only tests turn this off, to show the negative suite can fail.
   */
  nonRepudiation?: boolean;
  /** Seconds before a cached discovery is fetched again. */
  discoveryTtlSeconds?: number;
  now: () => number;
}

/** A discovery answer with some endpoints replaced (anything but a JSON object passes as it is). */
async function withOverrides(response: Response, overrides: Record<string, string>): Promise<Response> {
  if (response.status !== 200) return response;
  const document: unknown = await response.clone().json().catch(() => undefined);
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return response;
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  return new BufferedResponse(200, headers, Buffer.from(JSON.stringify({ ...document, ...overrides }))) as unknown as Response;
}

const isLoopback = (url: URL) => ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);

/** The https rule of sign-in: plain http only when the issuer is on loopback or the provider allows it. */
export function plainHttpAllowed(provider: Pick<RpProvider, 'issuer' | 'authorization_endpoint' | 'allow_insecure_http'>): boolean {
  const anchor = new URL(provider.issuer || provider.authorization_endpoint);
  return anchor.protocol === 'http:' && (isLoopback(anchor) || provider.allow_insecure_http);
}

/**
 * openid-client configurations per provider: discovery cached (and dropped on change, on a
 * failure, or after a day), the ID-token algorithm pinned, non-repudiation checks on.
 */
export function createRpRegistry(options: RpOptions) {
  const ttl = (options.discoveryTtlSeconds ?? 86_400) * 1000;
  const cache = new Map<string, { config: Promise<oidc.Configuration>; version: number; at: number }>();
  const ownFetch = options.fetch ? undefined : createHttpFetch();
  const fetch: FetchLike = options.fetch ?? (ownFetch as FetchLike);
  // serverMetadata() deep-copies the discovery document on every call: read it once per Configuration.
  const discovered = new WeakMap<oidc.Configuration, oidc.ServerMetadata>();

  async function build(provider: RpProvider): Promise<oidc.Configuration> {
    const preset = presets[provider.type];
    const metadata: Partial<oidc.ClientMetadata> = {
      client_id: provider.client_id,
      id_token_signed_response_alg: provider.id_token_signed_response_alg,
    };
    const auth = !provider.client_secret
      ? oidc.None()
      : provider.token_endpoint_auth_method === 'client_secret_post'
        ? oidc.ClientSecretPost(provider.client_secret)
        : oidc.ClientSecretBasic(provider.client_secret);
    const insecure = plainHttpAllowed(provider);
    if (new URL(provider.issuer || provider.authorization_endpoint).protocol === 'http:' && !insecure) {
      throw new AppError('oidc.discovery_failed', { message: 'Plain http issuers are refused unless loopback or explicitly allowed' });
    }
    const execute: ((config: oidc.Configuration) => void)[] = [];
    if (insecure) execute.push(oidc.allowInsecureRequests);
    if (options.nonRepudiation !== false) execute.push(oidc.enableNonRepudiationChecks);
    if (provider.response_type === 'code id_token') execute.push(oidc.useCodeIdTokenResponseType);

    let config: oidc.Configuration;
    if (preset.protocol === 'oauth2') {
      // No discovery for plain OAuth 2 providers (GitHub): the endpoints are the metadata.
      config = new oidc.Configuration(
        {
          issuer: provider.issuer || new URL(provider.authorization_endpoint).origin,
          authorization_endpoint: provider.authorization_endpoint,
          token_endpoint: provider.token_endpoint,
          userinfo_endpoint: provider.userinfo_endpoint,
        },
        provider.client_id,
        metadata,
        auth,
      );
      for (const step of execute) step(config);
    } else {
      // Endpoints an administrator typed in override discovery. They go into the discovery
      // document as it arrives, so that openid-client's own handling of what it discovered
      // (Entra's `{tenantid}` issuer above all) still applies.
      const overrides = {
        ...(provider.authorization_endpoint ? { authorization_endpoint: provider.authorization_endpoint } : {}),
        ...(provider.token_endpoint ? { token_endpoint: provider.token_endpoint } : {}),
        ...(provider.userinfo_endpoint ? { userinfo_endpoint: provider.userinfo_endpoint } : {}),
        ...(provider.jwks_uri ? { jwks_uri: provider.jwks_uri } : {}),
      };
      const discoveryFetch: FetchLike =
        Object.keys(overrides).length === 0 ? fetch : async (url, init) => withOverrides(await fetch(url, init), overrides);
      try {
        config = await oidc.discovery(new URL(provider.issuer), provider.client_id, metadata, auth, {
          execute,
          timeout: 10,
          [oidc.customFetch]: discoveryFetch,
        });
      } catch (error) {
        throw new AppError('oidc.discovery_failed', { cause: error, detail: (error as Error).message });
      }
    }
    config[oidc.customFetch] = fetch;
    // openid-client would give every request an AbortSignal.timeout: a signal and a timer per
    // call, and a DOMException when the timer fires 30 s later. The fetch keeps its own limits.
    config.timeout = 0;
    return config;
  }

  /** The provider's configuration, discovered once and reused. */
  function configuration(provider: RpProvider): Promise<oidc.Configuration> {
    const now = options.now();
    const hit = cache.get(provider.id);
    if (hit && hit.version === provider.updated_at && now - hit.at < ttl) return hit.config;
    const config = build(provider);
    cache.set(provider.id, { config, version: provider.updated_at, at: now });
    config.catch(() => cache.delete(provider.id));
    return config;
  }

  return {
    configuration,

    /** The fetch every request to providers goes through (their keys for logout tokens too). */
    fetch,

    /** The provider's metadata as discovered (or configured), read once per configuration. */
    metadataOf(config: oidc.Configuration): oidc.ServerMetadata {
      let server = discovered.get(config);
      if (!server) {
        server = config.serverMetadata();
        discovered.set(config, server);
      }
      return server;
    },

    /** Closes kept-alive connections to providers. */
    close(): void {
      ownFetch?.close();
    },

    /** Drops a provider's cached discovery (after a change or a failed sign-in). */
    forget(providerId: string): void {
      cache.delete(providerId);
    },

    /**
     * The configuration for one callback. openid-client refetches the JWKS on an unknown `kid`
     * only when its copy is a minute old (spec/oidc-rp.md §1.3), so a key rotated a moment after
     * a fetch would fail. oauth4webapi keeps the keys it fetched per Configuration and ignores a
     * cache imported into that same Configuration later (`setJwksCache` only seeds a new one), so
     * when the copy is younger than a minute this takes a freshly discovered Configuration seeded
     * with the keys marked a minute old: known keys still come from memory, an unknown `kid`
     * refetches. Times are on the wall clock, as openid-client stamps its cache.
     */
    async configurationForCallback(provider: RpProvider): Promise<oidc.Configuration> {
      const config = await configuration(provider);
      const jwks = oidc.getJwksCache(config);
      const aged = Math.floor(Date.now() / 1000) - 61;
      if (!jwks || jwks.uat <= aged) return config;
      const hit = cache.get(provider.id);
      if (hit && (await hit.config.catch(() => undefined)) === config) cache.delete(provider.id);
      let fresh: oidc.Configuration;
      try {
        fresh = await configuration(provider);
      } catch {
        return config;
      }
      if (!oidc.getJwksCache(fresh)) oidc.setJwksCache(fresh, { ...jwks, uat: aged });
      return fresh;
    },
  };
}

export type RpRegistry = ReturnType<typeof createRpRegistry>;
