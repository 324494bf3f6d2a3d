import type { ProviderInput } from '../domain/auth-provider.js';
import type { RpRegistry } from '../oidc/client.js';
import { diagnoseProvider, type Diagnosis, type TestedProvider } from '../oidc/diagnose.js';
import { entraChecks, type EntraTested } from '../oidc/entra-diagnose.js';
import { newId } from './secrets.js';
import { CALLBACK_PATH } from './sso-sign-in.js';

/** What decides where the secret goes: a test that changes one of these sends the saved secret only where it went before. */
const ADDRESS_FIELDS = ['type', 'issuer', 'authorization_endpoint', 'token_endpoint'] as const;

/** What the test reads of a provider: what sign-in does, and the tenant and policy Entra's findings explain. */
type ProviderUnderTest = TestedProvider & EntraTested;

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
  forTest: (id: string, input?: ProviderInput) => Promise<ProviderUnderTest>;
  registry: RpRegistry;
  /** The base of every redirect URI for a request from `requestOrigin` (`sso.publicBase`). */
  publicBase: (requestOrigin: string) => Promise<string>;
}) {
  const { forTest, registry, publicBase } = deps;

  /**
   * Where the saved secret may go when unsaved values are tested without a secret of their own:
   * anywhere while they leave the provider's address alone; else only to the saved provider's
   * token endpoint (as discovered, or entered), so that an issuer typed in cannot receive it.
   */
  async function savedTokenOrigins(providerId: string, unsaved: ProviderUnderTest): Promise<string[] | undefined> {
    const saved = await forTest(providerId);
    if (ADDRESS_FIELDS.every((field) => saved[field] === unsaved[field])) return undefined;
    const origins: string[] = [];
    const add = (url: string | undefined) => {
      try {
        if (url) origins.push(new URL(url).origin);
      } catch {
        // not a URL: nothing may receive the secret there
      }
    };
    add(saved.token_endpoint);
    if (!saved.token_endpoint) {
      try {
        add(registry.metadataOf(await registry.configuration(saved)).token_endpoint);
      } catch {
        // the saved provider cannot be discovered: its secret goes nowhere new
      }
    }
    return origins;
  }

  /**
   * The general checks, then Entra ID's findings (authority, tenants, the `{tenantid}` issuer,
   * the groups claim) for an Entra provider. Discovery's issuer is read from the configuration
   * the test just made, only when discovery answered: a failed one is not fetched again.
   */
  async function diagnose(provider: ProviderUnderTest, options: Parameters<typeof diagnoseProvider>[2]): Promise<Diagnosis> {
    const diagnosis = await diagnoseProvider(registry, provider, options);
    let issuer: string | undefined;
    if (diagnosis.checks.some((check) => check.name === 'discovery' && check.ok)) {
      try {
        issuer = registry.metadataOf(await registry.configuration(provider)).issuer;
      } catch {
        issuer = undefined;
      }
    }
    const entra = entraChecks(provider, issuer);
    if (entra.length === 0) return diagnosis;
    const checks = [...diagnosis.checks, ...entra];
    return { ok: checks.every((check) => check.ok), checks };
  }

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
        return { ...(await diagnose(provider, { redirectUri })), tested: 'saved', issuer, redirect_uri: redirectUri };
      }
      const secretOrigins = values.client_secret ? undefined : await savedTokenOrigins(providerId, provider);
      const probe = { ...provider, id: `${provider.id}:test:${newId()}` };
      try {
        return { ...(await diagnose(probe, { redirectUri, secretOrigins })), tested: 'unsaved', issuer, redirect_uri: redirectUri };
      } finally {
        registry.forget(probe.id);
      }
    },
  };
}

export type ProviderTestService = ReturnType<typeof createProviderTestService>;
