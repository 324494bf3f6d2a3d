import type { Migration, MigrationProvider } from 'kysely';
import * as foundation from './0001-foundation.js';

/** Migrations in order; names sort as they run. Imported statically so the build carries them. */
const migrations: Record<string, Migration> = {
  '0001-foundation': foundation,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
