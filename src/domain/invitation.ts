import { Type, type Static } from 'typebox';

/** A pending invitation by e-mail, as the Users page lists it (never its link). */
export const Invitation = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String({ description: 'The username the administrator chose; empty: the person chooses one' }),
  invited_by: Type.String({ description: 'Who sent (or last resent) it' }),
  created_at: Type.Integer(),
  sent_at: Type.Integer({ description: 'When the latest e-mail was sent' }),
  expires_at: Type.Integer({ description: 'The link works until then (72 hours after it was sent)' }),
  is_admin: Type.Boolean({ description: 'The account it makes is an administrator' }),
  groups: Type.Array(Type.Object({ id: Type.String(), name: Type.String() }), {
    description: 'The user groups the account will be in; none: the Default group. A group deleted meanwhile is left out',
  }),
});
export type Invitation = Static<typeof Invitation>;

/** An invitation as stored: the hash of its link's token besides; its groups are rows of their own. */
export type StoredInvitation = Omit<Invitation, 'groups'> & { token_hash: string };
