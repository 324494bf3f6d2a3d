import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { CliError, cliActor, withCore, type Io } from './context.js';

/** More than any key file (88 characters): reading a wrong, huge file must not fill memory. */
const KEY_FILE_LIMIT = 4096;

function readKeyFile(file: string): string {
  let text: Buffer;
  try {
    text = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (code ?? 'unreadable')}`);
  }
  if (text.length > KEY_FILE_LIMIT) throw new CliError(`${file} is too long for an hbbs key file`);
  return text.toString('utf8');
}

/** What a new key in place means for clients and the running instances. */
function installed(done: string, result: { publicKeyBase64: string; replaced: string | undefined }): string {
  const lines = [`${done}; the Key for RustDesk clients is ${result.publicKeyBase64}`];
  if (result.replaced) lines.push(`It replaces ${result.replaced}: every client configured with that Key must be given the new one.`);
  lines.push('Running deskgate instances use it within 5 seconds.');
  return lines.join('\n');
}

export function registerKey(program: Command, io: Io): void {
  const key = program
    .command('key')
    .description('the rendezvous key pair: its public key is the Key every RustDesk client enters');

  key
    .command('show')
    .description('print the public key (made on first start)')
    .action(async (_options: unknown, command: Command) => {
      await withCore(command, io, async ({ services }) => {
        io.out(await services.rendezvousKey.publicKey());
      });
    });

  key
    .command('import')
    .description("take an hbbs key pair (its id_ed25519 file, and id_ed25519.pub beside it if there) so clients keep their Key")
    .argument('<file>', 'hbbs\'s id_ed25519')
    .option('--force', 'replace a different key deskgate already has (every client using the old Key stops working)')
    .action(async (file: string, options: { force?: boolean }, command: Command) => {
      const secretFile = path.resolve(io.cwd, file);
      const idEd25519 = readKeyFile(secretFile);
      const idEd25519Pub = existsSync(`${secretFile}.pub`) ? readKeyFile(`${secretFile}.pub`) : undefined;
      await withCore(command, io, async ({ services }) => {
        const result = await services.rendezvousKey.importHbbs(cliActor(), {
          idEd25519,
          ...(idEd25519Pub !== undefined ? { idEd25519Pub } : {}),
          ...(options.force ? { force: true } : {}),
        });
        if (!result.changed) return io.out(`deskgate already has this key: ${result.publicKeyBase64}`);
        io.out(installed('Imported the key pair', result));
      });
    });

  key
    .command('new')
    .description('replace the key pair with a new one (every client using the old Key stops working; needs --force)')
    .option('--force', 'replace the key deskgate has')
    .action(async (options: { force?: boolean }, command: Command) => {
      await withCore(command, io, async ({ services }) => {
        const result = await services.rendezvousKey.replaceWithNew(cliActor(), options.force ? { force: true } : {});
        io.out(installed('Made a new key pair', result));
      });
    });

  key
    .command('export')
    .description('write the key pair as hbbs\'s id_ed25519 (mode 0600) and id_ed25519.pub, for an offline backup')
    .argument('[dir]', 'where to write them (default: the current directory)')
    .option('--force', 'overwrite files that are already there')
    .action(async (dir: string | undefined, options: { force?: boolean }, command: Command) => {
      const target = path.resolve(io.cwd, dir ?? '.');
      const secretFile = path.join(target, 'id_ed25519');
      const publicFile = `${secretFile}.pub`;
      if (!options.force) {
        for (const file of [secretFile, publicFile]) {
          if (existsSync(file)) throw new CliError(`${file} already exists; use --force to overwrite it`);
        }
      }
      await withCore(command, io, async ({ services }) => {
        const files = await services.rendezvousKey.exportHbbs(cliActor());
        // Made 0600 from the start, and again when overwriting (writeFile keeps an old file's mode).
        writeFileSync(secretFile, files.idEd25519, { mode: 0o600 });
        chmodSync(secretFile, 0o600);
        writeFileSync(publicFile, files.idEd25519Pub, { mode: 0o644 });
        io.out(`Wrote ${secretFile} and ${publicFile}. Keep id_ed25519 secret: whoever holds it can act as this server.`);
      });
    });
}
