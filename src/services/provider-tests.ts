import type { RpProvider, RpRegistry } from '../oidc/client.js';
import { diagnoseProvider, type Diagnosis } from '../oidc/diagnose.js';

/**
 * The provider test of Settings → OIDC. It goes through the relying party's registry, so it
 * fetches with the fetch sign-in uses (the one app config injects; tests simulate hosted
 * providers with it) and meets the same limits; and it drops the provider's cached discovery,
 * so the next sign-in uses what the test found.
 */
export function createProviderTestService(deps: {
  /** The provider with its client secret opened (`providers.forTest`); `provider.not_found` otherwise. */
  forTest: (id: string) => Promise<RpProvider>;
  registry: RpRegistry;
}) {
  const { forTest, registry } = deps;
  return {
    /** Discovery afresh, then the key set: named checks an administrator can act on. */
    async run(providerId: string): Promise<Diagnosis> {
      return diagnoseProvider(registry, await forTest(providerId));
    },
  };
}

export type ProviderTestService = ReturnType<typeof createProviderTestService>;
