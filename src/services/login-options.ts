/**
 * What `GET /api/login-options` lists (spec/rustdesk-client-api.md §4.2). Until auth
 * providers exist, password sign-in needs no entry, so the list is empty.
 */
export function createLoginOptionsService() {
  return {
    async forClients(): Promise<string[]> {
      return [];
    },
  };
}

export type LoginOptionsService = ReturnType<typeof createLoginOptionsService>;
