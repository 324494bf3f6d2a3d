import type { Clock } from '../clock.js';
import type { Store } from '../store/index.js';

const CACHE_MS = 5_000;

/**
 * What `GET /api/login-options` lists (spec/rustdesk-client-api.md §4.2): an `oidc/<name>`
 * entry per enabled provider, in order, and one `common-oidc/[…]` entry with names and icons
 * (clients that understand it use it as the whole list).
 */
export function createLoginOptionsService({ store, clock }: { store: Store; clock: Clock }) {
  // Asked by every client at start and by TLS probes: answered from memory for a few seconds.
  // A change on this instance clears it at once; other instances see it within CACHE_MS.
  let cached: { at: number; options: Promise<string[]> } | undefined;

  async function compute(): Promise<string[]> {
    const enabled = (await store.authProviders.list()).filter((p) => p.enabled === 1);
    if (enabled.length === 0) return [];
    const common = enabled.map((p) => (p.icon ? { name: p.name, icon: p.icon } : { name: p.name }));
    return [...enabled.map((p) => `oidc/${p.name}`), `common-oidc/${JSON.stringify(common)}`];
  }

  return {
    forClients(): Promise<string[]> {
      const now = clock.now();
      if (!cached || now - cached.at >= CACHE_MS || now < cached.at) {
        const options = compute();
        cached = { at: now, options };
        options.catch(() => (cached = undefined));
      }
      return cached.options;
    },
    forget(): void {
      cached = undefined;
    },
  };
}

export type LoginOptionsService = ReturnType<typeof createLoginOptionsService>;
