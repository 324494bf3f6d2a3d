// Two internals of oidc-provider 9 the bench identity provider uses (bench/targets.ts): its
// in-memory store is an LRU of 1,000 entries, too few for a load of concurrent sign-ins.
declare module 'oidc-provider/lib/adapters/memory_adapter.js' {
  /** Replaces the store every MemoryAdapter instance reads and writes. */
  export function setStorage(store: unknown): void;
}

declare module 'oidc-provider/lib/helpers/lru.js' {
  export default class LRU {
    constructor(options: { maxSize: number });
  }
}
