import { Type, type Static } from 'typebox';

/** Who acted or what was acted on, by name as it was then (the record outlives renames and deletions). */
const Party = Type.Object({ type: Type.String(), id: Type.String(), name: Type.String() });

/** One record of the console audit log: an administrative change, written with the change itself. */
export const AuditRecord = Type.Object({
  id: Type.String(),
  created_at: Type.Integer(),
  actor: Party,
  action: Type.String(),
  target: Party,
  detail: Type.Record(Type.String(), Type.Unknown()),
  ip: Type.String(),
});
export type AuditRecord = Static<typeof AuditRecord>;
export type AuditTarget = AuditRecord['target'];
