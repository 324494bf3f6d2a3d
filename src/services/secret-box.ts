import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors.js';

/**
 * Secrets at rest (OIDC client secrets, later TOTP seeds) are sealed with AES-256-GCM under a
 * key from DESKGATE_SECRET_KEY, or from a key file made on first start (mode 0600). With
 * PostgreSQL the key must be shared by every instance, so configuration requires the variable.
 */
export function loadSecretKey(options: { secretKey: string | undefined; dataDir: string }): Buffer {
  if (options.secretKey) return derive(Buffer.from(options.secretKey, 'utf8'));
  const file = path.join(options.dataDir, 'secret.key');
  if (!existsSync(file)) {
    mkdirSync(options.dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  }
  chmodSync(file, 0o600);
  return derive(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64'));
}

function derive(material: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', material, 'deskgate', 'secret-box v1', 32));
}

const VERSION = 'v1';
/** 96-bit nonces and full 128-bit tags, as seal() writes them (NIST SP 800-38D §5.2.1.1, §5.2.1.2). */
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function createSecretBox(key: Buffer) {
  return {
    seal(plaintext: string): string {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [VERSION, iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
    },
    /**
     * The plaintext, or `secrets.wrong_key`: a value that does not open is, in practice, a
     * database restored or shared without its secret key, and the message says which setting.
     */
    open(sealed: string): string {
      const [version, ivText, body, tagText] = sealed.split('.');
      if (version !== VERSION || !ivText || body === undefined || !tagText) throw new AppError('secrets.wrong_key', { detail: 'not a sealed secret' });
      const iv = Buffer.from(ivText, 'base64url');
      const tag = Buffer.from(tagText, 'base64url');
      // Without a pinned length GCM accepts any 4..16-byte prefix of the tag, and each byte cut
      // off makes a forgery 256 times cheaper: only the full tag that seal() wrote opens.
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new AppError('secrets.wrong_key', { detail: 'not a sealed secret' });
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      decipher.setAuthTag(tag);
      try {
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
      } catch (cause) {
        throw new AppError('secrets.wrong_key', { detail: 'authentication tag mismatch', cause });
      }
    },
  };
}

export type SecretBox = ReturnType<typeof createSecretBox>;
