import type { AssignBody, StrategyTargets, TargetKind } from './types';

export const TARGET_KINDS: readonly TargetKind[] = ['devices', 'users', 'device_groups'];

/** The API takes at most this many of each kind in one request. */
const MAX_PER_LIST = 1000;

const none = (): StrategyTargets => ({ devices: [], users: [], device_groups: [] });

/** What ticking and unticking changed: those to give the strategy, and those to leave with none of their own. */
export function changesOf(before: StrategyTargets, after: StrategyTargets): { give: StrategyTargets; take: StrategyTargets } {
  const give = none();
  const take = none();
  for (const kind of TARGET_KINDS) {
    const was = new Set(before[kind]);
    const is = new Set(after[kind]);
    give[kind] = after[kind].filter((id) => !was.has(id));
    take[kind] = before[kind].filter((id) => !is.has(id));
  }
  return { give, take };
}

export const isEmpty = (targets: StrategyTargets) => TARGET_KINDS.every((kind) => targets[kind].length === 0);

/**
 * The requests, each within the API's limit, that give `targets` the strategy `strategyId`, or
 * with null take `from` away from them, only where it is still theirs (someone may have given
 * them another strategy since the dialog opened).
 */
export function assignBodies(strategyId: string | null, targets: StrategyTargets, from?: string): AssignBody[] {
  const bodies: AssignBody[] = [];
  const longest = Math.max(...TARGET_KINDS.map((kind) => targets[kind].length));
  for (let start = 0; start < longest; start += MAX_PER_LIST) {
    const body: AssignBody = strategyId === null && from !== undefined ? { strategy_id: null, from_strategy_id: from } : { strategy_id: strategyId };
    for (const kind of TARGET_KINDS) {
      const part = targets[kind].slice(start, start + MAX_PER_LIST);
      if (part.length > 0) body[kind] = part;
    }
    bodies.push(body);
  }
  return bodies;
}
