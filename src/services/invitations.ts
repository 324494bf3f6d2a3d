import type { Clock } from '../clock.js';
import type { Invitation, StoredInvitation } from '../domain/invitation.js';
import { USER_NAME } from '../domain/user.js';
import { AppError } from '../errors.js';
import type { Store } from '../store/index.js';
import type { Actor, AuditService } from './audit.js';
import { authorityFor, requireScope, type Authority } from './authority.js';
import type { GroupService } from './groups.js';
import type { MailService } from './mail.js';
import type { PasswordHasher } from './passwords.js';
import { hashToken, newId, randomToken } from './secrets.js';
import { recordBadMailLink } from './sign-in-failures.js';
import { fromAddress } from './smtp-settings.js';
import { checkPassword, type UserService } from './users.js';

/** How long an invitation's link works after it was (re)sent. */
export const INVITATION_TTL_MS = 72 * 3600_000;

/** The console page the link opens; the token rides in the fragment, which no server or proxy logs. */
export const INVITATION_PATH = '/invitation';

type InvitationGroup = Invitation['groups'][number];

const view = ({ token_hash: _hash, ...invitation }: StoredInvitation, groups: InvitationGroup[]): Invitation => ({ ...invitation, groups });

/**
 * Invitations by e-mail (Users → Invite): the person gets a link, valid 72 hours and once, that
 * lets them choose a username (unless the administrator chose one) and set a password; that
 * makes their account, in the user groups the administrator chose (none: the Default group) and
 * an administrator if they said so (which needs `admin`). Only the link's hash is stored.
 */
export function createInvitationService(deps: {
  store: Store;
  clock: Clock;
  audit: AuditService;
  mail: Pick<MailService, 'send' | 'configured'>;
  users: Pick<UserService, 'newUserRecords'>;
  groups: Pick<GroupService, 'defaultGroupId'>;
  passwords: PasswordHasher;
  /** The console's origin for links: the public URL if set, else the administrator's own. */
  publicBase: (requestOrigin: string) => Promise<string>;
}) {
  const { store, clock, audit, mail } = deps;
  const target = (invitation: { id: string; email: string }) => ({ type: 'invitation', id: invitation.id, name: invitation.email });

  async function deliver(email: string, token: string, requestOrigin: string): Promise<void> {
    const link = `${await deps.publicBase(requestOrigin)}${INVITATION_PATH}#token=${token}`;
    await mail.send({
      to: email,
      subject: 'You are invited to deskgate',
      text: [
        'You have been invited to sign in to deskgate, the account server for RustDesk.',
        '',
        'Open this link to choose your password (it works once, for 72 hours):',
        link,
        '',
        'If you did not expect this invitation, ignore this message.',
      ].join('\n'),
    });
  }

  async function requireInvitation(id: string): Promise<StoredInvitation> {
    const invitation = await store.mailLinks.findInvitation(id);
    if (!invitation) throw new AppError('invitation.not_found');
    return invitation;
  }

  async function checkName(name: string, from: Store = store): Promise<void> {
    if (!USER_NAME.test(name)) throw new AppError('user.invalid_name');
    if (await from.users.findByName(name)) throw new AppError('user.name_taken');
  }

  /** A link that does not (or no longer) work: recorded as a failed sign-in, then refused. */
  async function invalid(ip: string): Promise<never> {
    await recordBadMailLink(store, clock.now(), { reason: 'invalid_invitation_link', ip });
    throw new AppError('invitation.invalid');
  }

  async function withGroups(invitations: StoredInvitation[]): Promise<Invitation[]> {
    const groups = await store.mailLinks.groupsOfInvitations(invitations.map((i) => i.id));
    return invitations.map((invitation) => view(invitation, groups.get(invitation.id) ?? []));
  }

  /** The groups named, each once; `group.not_found` when one does not exist. */
  async function checkGroups(ids: readonly string[]): Promise<InvitationGroup[]> {
    const unique = [...new Set(ids)];
    const found = await store.groups.findByIds(unique);
    if (found.length !== unique.length) throw new AppError('group.not_found');
    return found.map((g) => ({ id: g.id, name: g.name })).sort((a, b) => a.name.localeCompare(b.name));
  }

  return {
    async list(): Promise<Invitation[]> {
      return withGroups(await store.mailLinks.listInvitations());
    },

    /**
     * Sends the e-mail first and records the invitation after it was accepted by the mail
     * server, so that a failed send leaves nothing behind to clean up.
     */
    async invite(
      actor: Actor,
      input: { email: string; name?: string | undefined; group_ids?: string[] | undefined; is_admin?: boolean | undefined },
      requestOrigin: string,
      authority?: Authority,
    ): Promise<Invitation> {
      const isAdmin = input.is_admin === true;
      if (isAdmin) requireScope(authorityFor(actor, authority), 'admin', 'Inviting an administrator');
      const email = input.email.trim();
      const name = (input.name ?? '').trim();
      if (/[\r\n]/.test(email) || fromAddress(email) !== email) throw new AppError('mail.invalid_address');
      if (name) await checkName(name);
      const groups = await checkGroups(input.group_ids ?? []);
      if (!(await mail.configured())) throw new AppError('mail.not_configured');
      if (await store.mailLinks.findInvitationByEmail(email)) throw new AppError('invitation.pending');
      const token = randomToken();
      await deliver(email, token, requestOrigin);
      const now = clock.now();
      const invitation: StoredInvitation = {
        id: newId(),
        email,
        name,
        invited_by: actor.name,
        token_hash: hashToken(token),
        created_at: now,
        sent_at: now,
        expires_at: now + INVITATION_TTL_MS,
        is_admin: isAdmin,
      };
      await store.transaction(async (tx) => {
        if (!(await tx.mailLinks.insertInvitation(invitation, groups.map((g) => g.id)))) throw new AppError('invitation.pending');
        const detail = { email, ...(name ? { name } : {}), ...(groups.length ? { groups: groups.map((g) => g.name) } : {}), ...(isAdmin ? { is_admin: true } : {}) };
        await tx.consoleAudit.insert(audit.row(actor, 'invitation.create', target(invitation), detail));
      });
      return view(invitation, groups);
    },

    /** A new link (the old one stops working) and 72 more hours. */
    async resend(actor: Actor, id: string, requestOrigin: string): Promise<Invitation> {
      const invitation = await requireInvitation(id);
      const token = randomToken();
      await deliver(invitation.email, token, requestOrigin);
      const now = clock.now();
      const change = { token_hash: hashToken(token), sent_at: now, expires_at: now + INVITATION_TTL_MS, invited_by: actor.name };
      await store.transaction(async (tx) => {
        // Accepted or revoked meanwhile: the new link leads nowhere, and the administrator is told.
        if (!(await tx.mailLinks.renewInvitation(id, change))) throw new AppError('invitation.not_found');
        await tx.consoleAudit.insert(audit.row(actor, 'invitation.resend', target(invitation)));
      });
      return (await withGroups([{ ...invitation, ...change }]))[0]!;
    },

    async revoke(actor: Actor, id: string): Promise<void> {
      const invitation = await requireInvitation(id);
      await store.transaction(async (tx) => {
        if (!(await tx.mailLinks.deleteInvitation(id))) throw new AppError('invitation.not_found');
        await tx.consoleAudit.insert(audit.row(actor, 'invitation.revoke', target(invitation)));
      });
    },

    /** What the invitation page shows before the person sets a password. */
    async inspect(token: string, ip: string): Promise<{ email: string; name: string }> {
      const invitation = await store.mailLinks.findInvitationByToken(hashToken(token), clock.now());
      if (!invitation) return invalid(ip);
      return { email: invitation.email, name: invitation.name };
    },

    /**
     * Makes the account: the username the administrator chose, else the one given; the
     * invitation is used up in the same transaction, so a link works once even when two
     * browsers race.
     */
    async accept(input: { token: string; name?: string | undefined; password: string; ip: string }): Promise<{ id: string; name: string }> {
      checkPassword(input.password);
      const pending = await store.mailLinks.findInvitationByToken(hashToken(input.token), clock.now());
      if (!pending) return invalid(input.ip);
      const name = pending.name || (input.name ?? '').trim();
      await checkName(name);
      const passwordHash = await deps.passwords.hash(input.password);
      const defaultGroupId = await deps.groups.defaultGroupId();
      const actor: Actor = { type: 'user', id: '', name, ip: input.ip };
      const records = deps.users.newUserRecords(actor, { name, email: pending.email, is_admin: pending.is_admin }, passwordHash);
      records.audit.actor.id = records.user.id;
      try {
        await store.transaction(async (tx) => {
          // Read before the invitation row goes, which takes its groups with it.
          const groups = (await tx.mailLinks.groupsOfInvitations([pending.id])).get(pending.id) ?? [];
          const invitation = await tx.mailLinks.takeInvitation(hashToken(input.token), clock.now());
          if (!invitation) throw new AppError('invitation.invalid');
          await checkName(name, tx);
          await tx.users.insert(records.user);
          await tx.users.setGroups(records.user.id, groups.length > 0 ? groups.map((g) => g.id) : [defaultGroupId]);
          await tx.consoleAudit.insert(records.audit);
          await tx.consoleAudit.insert(
            audit.row({ ...actor, id: records.user.id }, 'invitation.accept', target(invitation), { user: name, invited_by: invitation.invited_by }),
          );
        });
      } catch (error) {
        if (error instanceof AppError) throw error;
        // Another account took the name meanwhile: the unique index decides (asked after the rollback).
        if (await store.users.findByName(name)) throw new AppError('user.name_taken', { cause: error });
        throw error;
      }
      return { id: records.user.id, name };
    },
  };
}

export type InvitationService = ReturnType<typeof createInvitationService>;
