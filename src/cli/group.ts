import type { Command } from 'commander';
import { AppError } from '../errors.js';
import { cliActor, withCore, type Io } from './context.js';
import { json, table } from './output.js';

export function registerGroup(program: Command, io: Io): void {
  const group = program.command('group').description('manage user groups');

  group
    .command('add')
    .description('create a group')
    .argument('<name>', 'group name, 1-64 characters')
    .option('--note <text>', 'a note for administrators')
    .action(async (name: string, options: { note?: string }, command: Command) => {
      await withCore(command, io, async ({ services }) => {
        const created = await services.groups.create(cliActor(), { name, note: options.note });
        io.out(`created group "${created.name}"`);
      });
    });

  group
    .command('list')
    .description('list groups with their member counts')
    .option('--json', 'print a JSON array of groups')
    .action(async (options: { json?: boolean }, command: Command) => {
      await withCore(command, io, async ({ services }) => {
        const groups = [];
        for (let current = 1; ; current++) {
          const page = await services.groups.list({ current, pageSize: 500 });
          groups.push(...page.data);
          if (page.data.length < 500 || groups.length >= page.total) break;
        }
        if (options.json) return io.out(json(groups));
        if (groups.length === 0) return io.out('no groups');
        io.out(table(['NAME', 'MEMBERS', 'NOTE'], groups.map((g) => [g.name, g.member_count, g.note])));
      });
    });

  group
    .command('delete')
    .description('delete a group (its members stay; the Default group cannot be deleted)')
    .argument('<name>', 'group name')
    .action(async (name: string, _options: unknown, command: Command) => {
      await withCore(command, io, async ({ services }) => {
        const found = await services.groups.findByName(name);
        if (!found) throw new AppError('group.not_found');
        await services.groups.delete(cliActor(), found.id);
        io.out(`deleted group "${found.name}"`);
      });
    });
}
