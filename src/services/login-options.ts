import type { Store } from '../store/index.js';

/**
 * What `GET /api/login-options` lists (spec/rustdesk-client-api.md §4.2): an `oidc/<name>`
 * entry per enabled provider, in order, and one `common-oidc/[…]` entry with names and icons
 * (clients that understand it use it as the whole list).
 */
export function createLoginOptionsService({ store }: { store: Store }) {
  return {
    async forClients(): Promise<string[]> {
      const enabled = (await store.authProviders.list()).filter((p) => p.enabled === 1);
      if (enabled.length === 0) return [];
      const common = enabled.map((p) => (p.icon ? { name: p.name, icon: p.icon } : { name: p.name }));
      return [...enabled.map((p) => `oidc/${p.name}`), `common-oidc/${JSON.stringify(common)}`];
    },
  };
}

export type LoginOptionsService = ReturnType<typeof createLoginOptionsService>;
