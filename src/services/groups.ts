import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { Store } from '../store/index.js';
import type { PageRequest } from '../store/paging.js';
import type { Group, GroupPatch } from '../domain/group.js';
import type { Actor, AuditService } from './audit.js';
import { newId } from './secrets.js';

export const DEFAULT_GROUP = 'Default';

/** Group names are unique ignoring case. */
const isDefault = (group: Group) => group.name.toLowerCase() === DEFAULT_GROUP.toLowerCase();

/** User groups and their members. Every change takes an actor and writes its console audit record in the same transaction. */
export function createGroupService(deps: { store: Store; clock: Clock; audit: AuditService }) {
  const { store, clock, audit } = deps;

  // The Default group can be neither deleted nor renamed, so its id is read once.
  let defaultGroup: string | undefined;

  /** The Default group, made on first need; concurrent first calls agree on one row. */
  async function defaultGroupId(): Promise<string> {
    if (defaultGroup) return defaultGroup;
    const group = await store.groups.findByName(DEFAULT_GROUP);
    if (group) return (defaultGroup = group.id);
    const now = clock.now();
    await store.groups.insertIfAbsent({
      id: newId(),
      name: DEFAULT_GROUP,
      note: '',
      created_at: now,
      updated_at: now,
    });
    const made = await store.groups.findByName(DEFAULT_GROUP);
    if (!made) throw new AppError('group.not_found');
    return (defaultGroup = made.id);
  }

  /** A group with its members. */
  async function get(id: string) {
    const group = await store.groups.findById(id);
    if (!group) throw new AppError('group.not_found');
    const members = await store.groups.members(id);
    return {
      id: group.id,
      name: group.name,
      note: group.note,
      members,
      member_count: members.length,
      created_at: group.created_at,
      updated_at: group.updated_at,
    };
  }

  return {
    defaultGroupId,

    async list(page: PageRequest) {
      const { total, rows } = await store.groups.list(page);
      return {
        total,
        data: rows.map((g) => ({
          id: g.id,
          name: g.name,
          note: g.note,
          member_count: g.member_count,
          created_at: g.created_at,
          updated_at: g.updated_at,
        })),
      };
    },

    get,

    async findByName(name: string) {
      return store.groups.findByName(name);
    },

    async create(actor: Actor, input: { name: string; note?: string | undefined }) {
      const name = input.name.trim();
      if (name.length < 1 || name.length > 64) throw new AppError('group.invalid_name');
      if (await store.groups.findByName(name)) throw new AppError('group.name_taken');
      const now = clock.now();
      const id = newId();
      await store.transaction(async (tx) => {
        await tx.groups.insert({
          id,
          name,
          note: input.note ?? '',
          created_at: now,
          updated_at: now,
        });
        await tx.consoleAudit.insert(audit.row(actor, 'group.create', { type: 'group', id, name }));
      });
      return get(id);
    },

    async update(actor: Actor, id: string, changes: { name?: string | undefined; note?: string | undefined }) {
      const group = await store.groups.findById(id);
      if (!group) throw new AppError('group.not_found');
      const patch: GroupPatch = {};
      if (changes.name !== undefined && changes.name.trim() !== group.name) {
        const name = changes.name.trim();
        if (name.length < 1 || name.length > 64) throw new AppError('group.invalid_name');
        if (isDefault(group)) throw new AppError('group.default_protected');
        const other = await store.groups.findByName(name);
        if (other && other.id !== id) throw new AppError('group.name_taken');
        patch.name = name;
      }
      if (changes.note !== undefined && changes.note !== group.note) patch.note = changes.note;
      if (Object.keys(patch).length > 0) {
        const detail = { ...(patch.name ? { name: patch.name } : {}), ...(patch.note !== undefined ? { note: patch.note } : {}) };
        await store.transaction(async (tx) => {
          await tx.groups.update(id, { ...patch, updated_at: clock.now() });
          await tx.consoleAudit.insert(audit.row(actor, 'group.update', { type: 'group', id, name: group.name }, detail));
        });
      }
      return get(id);
    },

    async delete(actor: Actor, id: string): Promise<void> {
      const group = await store.groups.findById(id);
      if (!group) throw new AppError('group.not_found');
      if (isDefault(group)) throw new AppError('group.default_protected');
      await store.transaction(async (tx) => {
        await tx.groups.delete(id);
        await tx.consoleAudit.insert(audit.row(actor, 'group.delete', { type: 'group', id, name: group.name }));
      });
    },

    async changeMembers(actor: Actor, id: string, change: { add?: string[]; remove?: string[] }) {
      const group = await store.groups.findById(id);
      if (!group) throw new AppError('group.not_found');
      const add = [...new Set(change.add ?? [])];
      const remove = [...new Set(change.remove ?? [])];
      for (const userId of add) if (!(await store.users.findById(userId))) throw new AppError('user.not_found');
      if (add.length || remove.length) {
        await store.transaction(async (tx) => {
          await tx.groups.addMembers(id, add);
          await tx.groups.removeMembers(id, remove);
          await tx.consoleAudit.insert(audit.row(actor, 'group.members', { type: 'group', id, name: group.name }, { add, remove }));
        });
      }
      return get(id);
    },
  };
}

export type GroupService = ReturnType<typeof createGroupService>;
