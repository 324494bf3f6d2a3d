import { CompiledQuery, type Kysely, type KyselyPlugin, type RootOperationNode } from 'kysely';
import type { Database } from '../../src/store/schema.js';

/**
 * How SQLite would read what a store runs: `plans(k)` gives a database that records its queries,
 * for a store to be built on, and `explain(match)` SQLite's query plan of the latest recorded
 * query whose SQL matches, its steps joined by " | ".
 */
export function queryPlans(k: Kysely<Database>) {
  const seen: RootOperationNode[] = [];
  const plugin: KyselyPlugin = {
    transformQuery(args) {
      seen.push(args.node);
      return args.node;
    },
    async transformResult(args) {
      return args.result;
    },
  };
  return {
    db: k.withPlugin(plugin),
    async explain(match: RegExp = /./): Promise<string> {
      const compiled = seen
        .map((node) => k.getExecutor().compileQuery(node, { queryId: 'plan' }))
        .reverse()
        .find((query) => match.test(query.sql));
      if (!compiled) throw new Error(`no recorded query matches ${match}`);
      // A precompiled query is recorded as built, with stand-ins for its values: the plan is the same with none.
      const values = compiled.parameters.map((value) => (typeof value === 'object' && value !== null && !Buffer.isBuffer(value) ? null : value));
      const plan = await k.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${compiled.sql}`, values));
      return plan.rows.map((row) => row.detail).join(' | ');
    },
  };
}
