import type { AuthProviderService, ProviderSnapshot } from './auth-providers.js';

/**
 * What `GET /api/login-options` lists (spec/rustdesk-client-api.md §4.2): an `oidc/<name>`
 * entry per enabled provider, in order, and one `common-oidc/[…]` entry with names and icons
 * (clients that understand it use it as the whole list).
 */
export function createLoginOptionsService({ providers }: { providers: AuthProviderService }) {
  // Asked by every client at start and by TLS probes: computed once per providers' snapshot,
  // which is itself kept for a few seconds and dropped when a provider changes.
  let last: { snapshot: Promise<ProviderSnapshot>; options: Promise<string[]> } | undefined;

  async function compute(snapshot: Promise<ProviderSnapshot>): Promise<string[]> {
    const enabled = (await snapshot).ordered.filter((p) => p.enabled);
    if (enabled.length === 0) return [];
    const common = enabled.map((p) => (p.icon ? { name: p.name, icon: p.icon } : { name: p.name }));
    return [...enabled.map((p) => `oidc/${p.name}`), `common-oidc/${JSON.stringify(common)}`];
  }

  return {
    forClients(): Promise<string[]> {
      const snapshot = providers.snapshot();
      if (last?.snapshot !== snapshot) last = { snapshot, options: compute(snapshot) };
      return last.options;
    },
  };
}

export type LoginOptionsService = ReturnType<typeof createLoginOptionsService>;
