import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const WEB = path.join(ROOT, 'web');
const BUILT = path.join(WEB, 'dist', 'index.html');

function newest(entry: string): number {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(entry).map((name) => newest(path.join(entry, name))));
}

/**
 * `npm install` builds the console; after an edit under web/ the tests would otherwise drive
 * yesterday's build, so they rebuild it first when any source is newer than web/dist.
 */
export function ensureConsoleBuilt(): void {
  const sources = ['src', 'public', 'index.html', 'vite.config.ts'].map((name) => path.join(WEB, name));
  const sourceTime = Math.max(...sources.filter(existsSync).map(newest), newest(path.join(ROOT, 'src/oidc/provider-types.ts')));
  if (existsSync(BUILT) && statSync(BUILT).mtimeMs >= sourceTime) return;
  const vite = path.join(ROOT, 'node_modules', '.bin', 'vite');
  const result = spawnSync(vite, ['build', 'web', '--logLevel', 'error'], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`building the console failed (npm run build:web):\n${result.stdout}${result.stderr}`);
}
