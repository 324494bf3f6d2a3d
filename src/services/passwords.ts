import { hash, verify } from '@node-rs/argon2';

// @node-rs/argon2 exports Algorithm as a const enum, which verbatimModuleSyntax cannot import.
const ARGON2ID = 2;

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

/** argon2id with OWASP's minimum parameters (19 MiB, 2 passes); tests may pass cheaper ones. */
export interface Argon2Params {
  memoryCost: number;
  timeCost: number;
}

export const defaultArgon2Params: Argon2Params = { memoryCost: 19456, timeCost: 2 };

export function createPasswordHasher(params: Argon2Params = defaultArgon2Params): PasswordHasher {
  const options = { algorithm: ARGON2ID, parallelism: 1, ...params };
  return {
    hash: (password) => hash(password, options),
    async verify(stored, password) {
      try {
        return await verify(stored, password);
      } catch {
        return false; // a malformed stored hash is a failed verification, not a crash
      }
    },
  };
}

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;
