import { sql, type Kysely } from 'kysely';
import { columnsOf, precompile, type Precompiled } from './precompiled.js';
import type { User } from '../domain/user.js';
import type { ClientSignInRow, Database } from './schema.js';
import { JOINED_USER, splitJoinedUser } from './users.js';

export type ClientSignInStatus = 'pending' | 'awaiting_confirmation' | 'approved' | 'denied' | 'failed';

export type ClientSignInPatch = Partial<Pick<ClientSignInRow, 'status' | 'user_id' | 'error' | 'confirm_token' | 'sso_sid'>>;

export interface TransitionGuard {
  /** Only while the sign-in has not expired at this time. */
  liveAt?: number;
  /** Only when the stored confirmation token hash is this one. */
  confirmToken?: string;
}

const COLUMNS = columnsOf<ClientSignInRow>({
  id: true, code_hash: true, provider_id: true, device_id: true, device_uuid: true, device_info: true, ip: true,
  status: true, user_id: true, error: true, confirm_token: true, created_at: true, expires_at: true, sso_sid: true,
});

/** Column types for `insert … select`: PostgreSQL reads a bare parameter in a select list as text. */
const TYPES: Record<keyof ClientSignInRow, 'text' | 'bigint'> = {
  id: 'text', code_hash: 'text', provider_id: 'text', device_id: 'text', device_uuid: 'text', device_info: 'text', ip: 'text',
  status: 'text', user_id: 'text', error: 'text', confirm_token: 'text', created_at: 'bigint', expires_at: 'bigint', sso_sid: 'text',
};

/** RustDesk clients' pending single sign-ins; in the database so they survive restarts and span instances. */
export function createClientSignInStore(db: Kysely<Database>) {
  const insert = precompile(db, (row: ClientSignInRow) => db.insertInto('client_sign_ins').values(row), COLUMNS);
  // One statement counts and writes, so that every instance on the database keeps to one cap.
  const insertUnderCap = precompile(db, (p: ClientSignInRow & { cap: number; liveAt: number }) =>
    db
      .insertInto('client_sign_ins')
      .columns(COLUMNS)
      .expression(
        db
          .selectNoFrom(COLUMNS.map((column) => sql`cast(${p[column]} as ${sql.raw(TYPES[column])})`.as(column)))
          .where((eb) =>
            eb(
              eb
                .selectFrom('client_sign_ins')
                .select((e) => e.fn.countAll().as('n'))
                .where('ip', '=', p.ip)
                .where(sql<boolean>`status in ('pending', 'awaiting_confirmation')`)
                .where('expires_at', '>', p.liveAt),
              '<',
              p.cap,
            ),
          ),
      ),
  );
  const byId = precompile(db, (p: { id: string }) => db.selectFrom('client_sign_ins').selectAll().where('id', '=', p.id));
  // The poll every waiting client sends once a second; the user comes along for the last one.
  const byCodeHash = precompile(db, (p: { codeHash: string }) =>
    db
      .selectFrom('client_sign_ins as s')
      .leftJoin('users as u', 'u.id', 's.user_id')
      .selectAll('s')
      .select(JOINED_USER)
      .where('s.code_hash', '=', p.codeHash),
  );
  const collect = precompile(db, (p: { id: string }) =>
    db.deleteFrom('client_sign_ins').where('id', '=', p.id).where('status', '=', sql.lit('approved')).returning('id'),
  );
  // One compiled update per shape (statuses, patched columns, guards): a handful in all.
  const transitions = new Map<string, Precompiled<Record<string, unknown>, ClientSignInRow>>();

  function transitionQuery(from: ClientSignInStatus[], keys: string[], guard: TransitionGuard) {
    const shape = `${from.join(',')}|${keys.join(',')}|${guard.liveAt !== undefined}|${guard.confirmToken !== undefined}`;
    let query = transitions.get(shape);
    if (!query) {
      query = precompile(db, (p: Record<string, unknown>) => {
        let update = db
          .updateTable('client_sign_ins')
          .set(Object.fromEntries(keys.map((key) => [key, p[`set_${key}`]])))
          .where('id', '=', p.id as string)
          .where('status', 'in', from.map((_, i) => p[`from_${i}`] as string));
        if (guard.liveAt !== undefined) update = update.where('expires_at', '>', p.liveAt as number);
        if (guard.confirmToken !== undefined) update = update.where('confirm_token', '=', p.confirmToken as string);
        return update.returningAll();
      });
      transitions.set(shape, query);
    }
    return query;
  }

  return {
    async insert(row: ClientSignInRow): Promise<void> {
      await insert.run(row);
    },
    /**
     * Inserts the sign-in unless `cap` sign-ins from the same address are still under way
     * (pending or awaiting confirmation, not expired at `liveAt`); false when refused. Decided by
     * the writing statement: on PostgreSQL, starts from one address that run at the same moment
     * may each pass, so the cap can be exceeded by the requests in flight, never more.
     */
    async insertUnderCap(row: ClientSignInRow, cap: number, liveAt: number): Promise<boolean> {
      return (await insertUnderCap.run({ ...row, cap, liveAt })) === 1;
    },
    async findById(id: string): Promise<ClientSignInRow | undefined> {
      return byId.first({ id });
    },
    /** The sign-in a client polls for, and its user once one has signed in. */
    async findByCodeHash(codeHash: string): Promise<{ signIn: ClientSignInRow; user: User | undefined } | undefined> {
      const row = await byCodeHash.first({ codeHash });
      if (!row) return undefined;
      const { rest: signIn, user } = splitJoinedUser(row);
      return { signIn, user };
    },
    /**
     * Moves a sign-in from one status to another only if it is still in an expected one (and
     * passes the guard), so that two instances or a double click cannot both act on it; read and
     * write are one statement. The updated row when this call won.
     */
    async transition(
      id: string,
      from: ClientSignInStatus | ClientSignInStatus[],
      patch: ClientSignInPatch,
      guard: TransitionGuard = {},
    ): Promise<ClientSignInRow | undefined> {
      const statuses = Array.isArray(from) ? from : [from];
      const keys = Object.keys(patch).filter((key) => patch[key as keyof ClientSignInPatch] !== undefined);
      const params: Record<string, unknown> = { id, ...guard };
      for (const key of keys) params[`set_${key}`] = patch[key as keyof ClientSignInPatch];
      statuses.forEach((status, i) => (params[`from_${i}`] = status));
      return transitionQuery(statuses, keys, guard).first(params);
    },
    /**
     * Takes an approved sign-in out as its token is handed over: true for the one call that did.
     * Collected sign-ins are not kept, so the table holds only those under way or just ended.
     */
    async collect(id: string): Promise<boolean> {
      return (await collect.first({ id })) !== undefined;
    },
    async purge(before: number): Promise<void> {
      await db.deleteFrom('client_sign_ins').where('expires_at', '<', before).execute();
    },
  };
}

export type ClientSignInStore = ReturnType<typeof createClientSignInStore>;
