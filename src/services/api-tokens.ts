import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { Store } from '../store/index.js';
import type { ApiToken, ApiTokenInfo } from '../domain/api-token.js';
import type { Actor, AuditService } from './audit.js';
import { authorityFor, requireScope, type Authority } from './authority.js';
import { hashToken, newId, randomToken } from './secrets.js';

/** Areas of the admin API; a token holds `admin` or `<area>:read` / `<area>:write`. */
export const SCOPE_AREAS = ['users', 'groups', 'devices', 'strategies', 'audit', 'address_books', 'oidc', 'settings'] as const;
export type ScopeArea = (typeof SCOPE_AREAS)[number];
export const ALL_SCOPES: string[] = ['admin', ...SCOPE_AREAS.flatMap((a) => [`${a}:read`, `${a}:write`])];

/** The prefix tells API tokens from RustDesk client tokens at a glance (and to secret scanners). */
export const API_TOKEN_PREFIX = 'dgt_';

export function parseScopes(input: string | string[]): string[] {
  const list = (Array.isArray(input) ? input : input.split(/[\s,]+/)).map((s) => s.trim()).filter(Boolean);
  if (list.length === 0) throw new AppError('token.invalid_scope', { message: 'At least one scope is needed' });
  for (const scope of list) {
    if (!ALL_SCOPES.includes(scope)) {
      throw new AppError('token.invalid_scope', {
        message: `Unknown scope "${scope.slice(0, 40)}"; use admin or <area>:read|write with area one of ${SCOPE_AREAS.join(', ')}`,
      });
    }
  }
  return [...new Set(list)];
}

export type { ApiTokenInfo };

/** All of a token but its hash. */
const info = (token: ApiToken): ApiTokenInfo => ({
  id: token.id,
  name: token.name,
  scopes: token.scopes,
  created_by: token.created_by,
  created_at: token.created_at,
  last_used_at: token.last_used_at,
  expires_at: token.expires_at,
  revoked_at: token.revoked_at,
});

export function createApiTokenService({ store, clock, audit }: { store: Store; clock: Clock; audit: AuditService }) {
  return {
    /**
     * Returns the token itself once; only its hash is kept. A caller grants only scopes it holds
     * itself: otherwise a `settings:write` token could mint an `admin` one.
     */
    async create(
      actor: Actor,
      input: { name: string; scopes: string | string[]; expiresInDays?: number | undefined },
      authority?: Authority,
    ): Promise<{ token: string; info: ApiTokenInfo }> {
      const name = input.name.trim();
      if (name.length < 1 || name.length > 64) throw new AppError('token.invalid_name');
      const scopes = parseScopes(input.scopes);
      const held = authorityFor(actor, authority);
      for (const scope of scopes) requireScope(held, scope, `Granting "${scope}"`);
      const token = randomToken(API_TOKEN_PREFIX);
      const now = clock.now();
      const row: ApiToken = {
        id: newId(),
        name,
        token_hash: hashToken(token),
        scopes,
        created_by: actor.name,
        created_at: now,
        last_used_at: null,
        expires_at: input.expiresInDays ? now + input.expiresInDays * 86_400_000 : null,
        revoked_at: null,
      };
      await store.transaction(async (tx) => {
        await tx.apiTokens.insert(row);
        await tx.consoleAudit.insert(audit.row(actor, 'token.create', { type: 'api_token', id: row.id, name }, { scopes }));
      });
      return { token, info: info(row) };
    },

    async list(includeRevoked = false): Promise<ApiTokenInfo[]> {
      return (await store.apiTokens.list(includeRevoked)).map(info);
    },

    async revoke(actor: Actor, id: string): Promise<void> {
      const row = await store.apiTokens.findById(id);
      if (!row) throw new AppError('token.not_found');
      await store.transaction(async (tx) => {
        if (!(await tx.apiTokens.revoke(id, clock.now()))) throw new AppError('token.not_found');
        await tx.consoleAudit.insert(audit.row(actor, 'token.revoke', { type: 'api_token', id, name: row.name }));
      });
    },

    /** Undefined for anything that is not a live API token. */
    async verify(token: string): Promise<ApiTokenInfo | undefined> {
      if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 200) return undefined;
      const row = await store.apiTokens.findByHash(hashToken(token));
      const now = clock.now();
      if (!row || row.revoked_at !== null || (row.expires_at !== null && row.expires_at <= now)) return undefined;
      if (row.last_used_at === null || now - row.last_used_at > 60_000) await store.apiTokens.touch(row.id, now);
      return info(row);
    },
  };
}

export type ApiTokenService = ReturnType<typeof createApiTokenService>;
