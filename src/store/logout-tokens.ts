import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/** The `jti`s of accepted back-channel logout tokens: each is accepted once, on any instance. */
export function createLogoutTokenStore(db: Kysely<Database>) {
  return {
    /**
     * Records a token's `jti` for a provider until `expiresAt`; false when it was recorded
     * already (a replay). The insert decides, so concurrent deliveries on several instances
     * accept it once.
     */
    async remember(providerId: string, jti: string, expiresAt: number): Promise<boolean> {
      const result = await db
        .insertInto('logout_token_jtis')
        .values({ provider_id: providerId, jti, expires_at: expiresAt })
        .onConflict((oc) => oc.columns(['provider_id', 'jti']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    /** Forgets `jti`s whose tokens can no longer be accepted. */
    async purge(before: number): Promise<void> {
      await db.deleteFrom('logout_token_jtis').where('expires_at', '<', before).execute();
    },
  };
}

export type LogoutTokenStore = ReturnType<typeof createLogoutTokenStore>;
