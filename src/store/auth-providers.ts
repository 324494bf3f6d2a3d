import type { Kysely } from 'kysely';
import { policyFromJson, type ProviderType, type StoredProvider } from '../domain/auth-provider.js';
import type { AuthProviderRow, Database } from './schema.js';

/** A row as the rest of deskgate sees it: booleans, the provider type, the policy parsed. */
function fromRow(row: AuthProviderRow): StoredProvider {
  return {
    ...row,
    type: row.type as ProviderType,
    enabled: row.enabled === 1,
    allow_insecure_http: row.allow_insecure_http === 1,
    policy: policyFromJson(row.policy),
    token_endpoint_auth_method: row.token_endpoint_auth_method as StoredProvider['token_endpoint_auth_method'],
    id_token_signed_response_alg: row.id_token_signed_response_alg as StoredProvider['id_token_signed_response_alg'],
    response_mode: row.response_mode as StoredProvider['response_mode'],
    response_type: row.response_type as StoredProvider['response_type'],
  };
}

/** The columns a change to a provider writes (only the fields present). */
export function providerRowPatch(patch: Partial<Omit<StoredProvider, 'id'>>): Partial<Omit<AuthProviderRow, 'id'>> {
  const { enabled, allow_insecure_http, policy, ...rest } = patch;
  return {
    ...rest,
    ...(enabled === undefined ? {} : { enabled: enabled ? 1 : 0 }),
    ...(allow_insecure_http === undefined ? {} : { allow_insecure_http: allow_insecure_http ? 1 : 0 }),
    ...(policy === undefined ? {} : { policy: JSON.stringify(policy) }),
  };
}

export function createAuthProviderStore(db: Kysely<Database>) {
  return {
    async list(): Promise<StoredProvider[]> {
      return (await db.selectFrom('auth_providers').selectAll().orderBy('position').orderBy('name').execute()).map(fromRow);
    },
    async findById(id: string): Promise<StoredProvider | undefined> {
      const row = await db.selectFrom('auth_providers').selectAll().where('id', '=', id).executeTakeFirst();
      return row && fromRow(row);
    },
    async findByName(name: string): Promise<StoredProvider | undefined> {
      const row = await db.selectFrom('auth_providers').selectAll().where('name', '=', name).executeTakeFirst();
      return row && fromRow(row);
    },
    async maxPosition(): Promise<number> {
      const row = await db
        .selectFrom('auth_providers')
        .select((eb) => eb.fn.max<number | null>('position').as('p'))
        .executeTakeFirst();
      return Number(row?.p ?? -1);
    },
    async insert(provider: StoredProvider): Promise<void> {
      await db.insertInto('auth_providers').values({ ...provider, ...providerRowPatch(provider) } as AuthProviderRow).execute();
    },
    async update(id: string, patch: Partial<Omit<StoredProvider, 'id'>>): Promise<void> {
      await db.updateTable('auth_providers').set(providerRowPatch(patch)).where('id', '=', id).execute();
    },
  };
}

export type AuthProviderStore = ReturnType<typeof createAuthProviderStore>;
