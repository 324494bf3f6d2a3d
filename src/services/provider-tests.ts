import type { ProviderInput } from '../domain/auth-provider.js';
import type { RpRegistry } from '../oidc/client.js';
import { diagnoseProvider, type Diagnosis, type TestedProvider } from '../oidc/diagnose.js';
import { newId } from './secrets.js';
import { CALLBACK_PATH } from './sso-sign-in.js';

/** The provider test's answer: the checks, which values were tested, and the redirect URI to register. */
export interface ProviderTestReport extends Diagnosis {
  /** `saved`: the provider as stored; `unsaved`: with the changes sent along (nothing was saved). */
  tested: 'saved' | 'unsaved';
  /** The issuer tested (or, for plain OAuth 2, the authorization endpoint). */
  issuer: string;
  /** What sign-in sends the provider as the redirect URI, for a request from this origin. */
  redirect_uri: string;
}

/**
 * The provider test of Settings → OIDC. It goes through the relying party's registry, so it
 * fetches with the fetch sign-in uses (the one app config injects; tests simulate hosted
 * providers with it) and meets the same limits. Testing the saved provider drops its cached
 * discovery, so the next sign-in uses what the test found; testing unsaved values uses a
 * configuration of its own, which sign-in never sees.
 */
export function createProviderTestService(deps: {
  /** The provider with its client secret opened, changed by `input` if given (`providers.forTest`); `provider.not_found` or `provider.invalid` otherwise. */
  forTest: (id: string, input?: ProviderInput) => Promise<TestedProvider>;
  registry: RpRegistry;
  /** The base of every redirect URI for a request from `requestOrigin` (`sso.publicBase`). */
  publicBase: (requestOrigin: string) => Promise<string>;
}) {
  const { forTest, registry, publicBase } = deps;
  return {
    /**
     * Discovery afresh, the issuer, algorithm and response type against the settings, the key
     * set, and the client secret at the token endpoint: named checks an administrator can act on.
     * `values` (a provider change, as PATCH takes it; no secret: the saved one) are tested
     * instead of what is saved, without saving them.
     */
    async run(providerId: string, options: { values?: ProviderInput | undefined; requestOrigin?: string | undefined } = {}): Promise<ProviderTestReport> {
      const values = options.values && Object.keys(options.values).length > 0 ? options.values : undefined;
      const provider = await forTest(providerId, values);
      const redirectUri = options.requestOrigin ? `${await publicBase(options.requestOrigin)}${CALLBACK_PATH}` : '';
      const issuer = provider.issuer || provider.authorization_endpoint;
      if (!values) {
        return { ...(await diagnoseProvider(registry, provider, { redirectUri })), tested: 'saved', issuer, redirect_uri: redirectUri };
      }
      const probe = { ...provider, id: `${provider.id}:test:${newId()}` };
      try {
        return { ...(await diagnoseProvider(registry, probe, { redirectUri })), tested: 'unsaved', issuer, redirect_uri: redirectUri };
      } finally {
        registry.forget(probe.id);
      }
    },
  };
}

export type ProviderTestService = ReturnType<typeof createProviderTestService>;
