import type { Command } from 'commander';
import { openConfiguredDatabase } from '../core.js';
import { configOf, type Io } from './context.js';

export function registerMigrate(program: Command, io: Io): void {
  program
    .command('migrate')
    .description('bring the database schema up to date (serve does this too)')
    .action(async (_options, command: Command) => {
      const db = openConfiguredDatabase(configOf(command, io));
      try {
        const applied = await db.migrate();
        io.out(applied.length ? `applied: ${applied.join(', ')}` : 'the database is up to date');
      } finally {
        await db.close();
      }
    });
}
