import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import { OPTION_KEY, PROTECTED_OPTIONS, STRATEGY_LIMITS, type Strategy } from '../domain/strategy.js';
import type { Store } from '../store/index.js';
import type { ListedStrategy, StrategyTargets } from '../store/strategies.js';
import type { Actor, AuditService } from './audit.js';
import { newId } from './secrets.js';
import { shortLived } from './short-lived.js';

/** How long heartbeats are answered from one read of the strategies: Pro promises devices a change within 30 s. */
export const STRATEGIES_CACHE_MS = 5_000;

export interface StrategyInput {
  name?: string | undefined;
  note?: string | undefined;
  enabled?: boolean | undefined;
  is_default?: boolean | undefined;
  options?: Record<string, string> | undefined;
}

/** The strategies by id, and the default one (for devices no strategy names). */
export interface StrategyIndex {
  byId: Map<string, Strategy>;
  fallback: Strategy | undefined;
}

/** What a heartbeat answer carries to a device whose strategy changed (spec §5.2). */
export interface StrategyPush {
  modified_at: number;
  strategy: { config_options: Record<string, string> };
}

function cleanName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > STRATEGY_LIMITS.name || /\p{Cc}/u.test(trimmed)) {
    throw new AppError('strategy.invalid', { message: `A strategy's name is 1-${STRATEGY_LIMITS.name} characters, without control characters` });
  }
  return trimmed;
}

/** The options as the client takes them: every value a string (one that is not drops the whole strategy, §5.2). */
function cleanOptions(options: Record<string, unknown>): Record<string, string> {
  const entries = Object.entries(options);
  if (entries.length > STRATEGY_LIMITS.options) {
    throw new AppError('strategy.invalid', { message: `A strategy sets at most ${STRATEGY_LIMITS.options} options` });
  }
  const clean: Record<string, string> = {};
  for (const [key, value] of entries) {
    if (key.length > STRATEGY_LIMITS.key || !OPTION_KEY.test(key)) {
      throw new AppError('strategy.invalid', { message: `"${key.slice(0, 40)}" is not a client option name (letters, digits, - _ and ., at most ${STRATEGY_LIMITS.key})` });
    }
    const server = PROTECTED_OPTIONS[key];
    if (server) {
      throw new AppError('strategy.invalid', {
        message: `${key} names ${server}: a wrong value would cut the strategy's devices off from this server, so strategies do not set it`,
      });
    }
    if (typeof value !== 'string' || value.length > STRATEGY_LIMITS.value || /\p{Cc}/u.test(value)) {
      throw new AppError('strategy.invalid', { message: `${key} must be text of at most ${STRATEGY_LIMITS.value} characters, without control characters` });
    }
    clean[key] = value;
  }
  return clean;
}

const sameOptions = (a: Record<string, string>, b: Record<string, string>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([key, value]) => b[key] === value);

/**
 * Strategies (Pro's bulk client settings): made, changed and given to devices, users and device
 * groups by administrators, each change with its console audit record; and, for the heartbeat,
 * the strategy a device is under and whether it has to be sent (spec/rustdesk-client-api.md §5.2).
 */
export function createStrategyService(deps: { store: Store; clock: Clock; audit: AuditService }) {
  const { store, clock, audit } = deps;
  /** Every strategy by id, and the default one, as the database holds them now. */
  async function current(): Promise<StrategyIndex> {
    const all = await store.strategies.all();
    return { byId: new Map(all.map((s) => [s.id, s])), fallback: all.find((s) => s.is_default) };
  }
  // Every heartbeat asks: answered from one read of the few strategies, kept a few seconds.
  const snapshot = shortLived(clock, STRATEGIES_CACHE_MS, current);

  async function get(id: string): Promise<ListedStrategy> {
    const found = (await store.strategies.list()).find((s) => s.id === id);
    if (!found) throw new AppError('strategy.not_found');
    return found;
  }

  async function existing(id: string): Promise<Strategy> {
    const found = await store.strategies.findById(id);
    if (!found) throw new AppError('strategy.not_found');
    return found;
  }

  /** Above every other strategy's, so that a device moved from one strategy to another always sees a new one (under `lock`). */
  async function nextRevision(tx: Store): Promise<number> {
    return Math.max(clock.now(), (await tx.strategies.maxRevision()) + 1);
  }

  const target = (s: Pick<Strategy, 'id' | 'name'>) => ({ type: 'strategy', id: s.id, name: s.name });

  /** The devices, users and device groups named, each existing; duplicates dropped. */
  async function checkTargets(targets: Partial<StrategyTargets>): Promise<StrategyTargets> {
    const clean = {
      devices: [...new Set(targets.devices ?? [])],
      users: [...new Set(targets.users ?? [])],
      device_groups: [...new Set(targets.device_groups ?? [])],
    };
    const what = { devices: 'device', users: 'user', device_groups: 'device group' } as const;
    for (const kind of ['devices', 'users', 'device_groups'] as const) {
      const missing = await store.strategies.missing(kind, clean[kind]);
      if (missing.length > 0) throw new AppError('strategy.unknown_target', { message: `No ${what[kind]} with id ${missing[0]!.slice(0, 100)}` });
    }
    return clean;
  }

  return {
    list: () => store.strategies.list(),
    get,
    current,

    async create(actor: Actor, input: StrategyInput): Promise<ListedStrategy> {
      const name = cleanName(input.name ?? '');
      const options = cleanOptions(input.options ?? {});
      const id = newId();
      const now = clock.now();
      await store.transaction(async (tx) => {
        await tx.strategies.lock();
        const strategy: Strategy = {
          id, name, note: input.note ?? '', enabled: input.enabled ?? true, is_default: input.is_default ?? false,
          options, revision: await nextRevision(tx), created_at: now, updated_at: now,
        };
        if (!(await tx.strategies.insert(strategy))) throw new AppError('strategy.name_taken');
        if (strategy.is_default) await tx.strategies.clearDefault(id);
        await tx.consoleAudit.insert(audit.row(actor, 'strategy.create', target(strategy), { enabled: strategy.enabled, is_default: strategy.is_default, options }));
      });
      snapshot.clear();
      return get(id);
    },

    /** Changes what is given; new options are a new revision, which every device under the strategy is sent. */
    async update(actor: Actor, id: string, input: StrategyInput): Promise<ListedStrategy> {
      const stored = await existing(id);
      const next: Strategy = { ...stored };
      const changed: Record<string, unknown> = {};
      if (input.name !== undefined && cleanName(input.name) !== stored.name) next.name = changed.name = cleanName(input.name);
      if (input.note !== undefined && input.note !== stored.note) next.note = changed.note = input.note;
      if (input.enabled !== undefined && input.enabled !== stored.enabled) next.enabled = changed.enabled = input.enabled;
      if (input.is_default !== undefined && input.is_default !== stored.is_default) next.is_default = changed.is_default = input.is_default;
      if (input.options !== undefined) {
        const options = cleanOptions(input.options);
        if (!sameOptions(options, stored.options)) next.options = changed.options = options;
      }
      if (Object.keys(changed).length === 0) return get(id);
      await store.transaction(async (tx) => {
        await tx.strategies.lock();
        if (changed.options !== undefined) next.revision = await nextRevision(tx);
        next.updated_at = clock.now();
        if (!(await tx.strategies.update(next))) throw new AppError('strategy.name_taken');
        if (next.is_default) await tx.strategies.clearDefault(id);
        await tx.consoleAudit.insert(audit.row(actor, 'strategy.update', target(stored), changed));
      });
      snapshot.clear();
      return get(id);
    },

    /** Deletes it: its devices keep the options it set, and get another strategy only if one names them. */
    async delete(actor: Actor, id: string): Promise<void> {
      const stored = await existing(id);
      await store.transaction(async (tx) => {
        await tx.strategies.delete(id);
        await tx.consoleAudit.insert(audit.row(actor, 'strategy.delete', target(stored)));
      });
      snapshot.clear();
    },

    /** The devices, users and device groups that name this strategy themselves. */
    async targets(id: string): Promise<StrategyTargets> {
      await existing(id);
      return store.strategies.targets(id);
    },

    /**
     * Gives these devices, users and device groups this strategy (instead of the one they had),
     * or, with null, leaves them with none of their own; with `from`, only those whose own is
     * still that one (someone may have given them another meanwhile). Devices under another
     * strategy than before are sent it with their next heartbeat.
     */
    async assign(actor: Actor, id: string | null, targets: Partial<StrategyTargets>, from?: string): Promise<void> {
      const strategy = id === null ? undefined : await existing(id);
      const clean = await checkTargets(targets);
      if (clean.devices.length + clean.users.length + clean.device_groups.length === 0) return;
      const previous = id === null && from !== undefined ? await store.strategies.findById(from) : undefined;
      await store.transaction(async (tx) => {
        await tx.strategies.assign(id, clean, id === null ? from : undefined);
        const recordTarget = strategy ?? previous;
        await tx.consoleAudit.insert(
          audit.row(actor, strategy ? 'strategy.assign' : 'strategy.unassign', recordTarget ? target(recordTarget) : { type: 'strategy', id: from ?? '', name: '(none)' }, { ...clean }),
        );
      });
    },

    /** A strategy by name (`rustdesk --assign --strategy_name`, the `preset-strategy-name` sysinfo key). */
    findByName: (name: string) => store.strategies.findByName(name),

    /**
     * What a heartbeat answer carries (§5.2) for a device whose own, owner's or group's strategy
     * is `namedId` (null: none, so the default), and which last applied `modifiedAt`: the
     * strategy when its revision is another, else nothing. No strategy, or a disabled one, sends
     * nothing: the device keeps the options it has.
     */
    async pushFor(namedId: string | null, modifiedAt: number): Promise<StrategyPush | undefined> {
      const { byId, fallback } = await snapshot.get();
      const strategy = namedId === null ? fallback : byId.get(namedId);
      if (!strategy?.enabled || strategy.revision === modifiedAt) return undefined;
      return { modified_at: strategy.revision, strategy: { config_options: strategy.options } };
    },
  };
}

export type StrategyService = ReturnType<typeof createStrategyService>;
