import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';

/**
 * Settings come from environment variables and, optionally, a JSON file (`deskgate.json` in the
 * data directory, or the file given with `--config`). The environment wins over the file.
 * Only the process entry (cli/context.ts) touches the environment; everything else gets a Config.
 */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** Unset: SQLite at `<dataDir>/deskgate.db`. */
  readonly databaseUrl: string | undefined;
  readonly publicUrl: string | undefined;
  /** Addresses/CIDRs (or `loopback`) whose X-Forwarded-* headers are believed. Empty: none. */
  readonly trustProxy: readonly string[];
  readonly secretKey: string | undefined;
  readonly adminUser: string;
  readonly adminPassword: string | undefined;
  readonly tokenTtlDays: number;
  readonly sessionTtlHours: number;
  readonly rememberMeDays: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Run the ID/rendezvous and relay servers in this process (off: beside an existing hbbs/hbbr). */
  readonly rendezvous: boolean;
  /** The ID server's port (hbbs's 21116); the relay's default is the next one. */
  readonly rendezvousPort: number;
  /** Per-listener overrides of the ports derived from rendezvousPort (0: any free port). */
  readonly natPort: number | undefined;
  readonly relayPort: number | undefined;
  readonly rendezvousWsPort: number | undefined;
  readonly relayWsPort: number | undefined;
  /** Relay limits in Mbit/s (0: none): each relayed connection, and all together. */
  readonly relayBandwidth: number;
  readonly relayTotalBandwidth: number;
  /** New devices or keys one address may register: in a row within a minute, and per day. */
  readonly registrationBurst: number;
  readonly registrationsPerDay: number;
  /** The relay server clients are told to use (`host` or `host:port`); unset: the ID server's host, port rendezvousPort + 1. */
  readonly relayHost: string | undefined;
}

type Raw = string | number | boolean | undefined;

interface Setting<K extends keyof Config> {
  key: K;
  env: string;
  parse: (raw: Raw) => Config[K];
}

class BadSetting extends Error {}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function text(raw: Raw): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string') throw new BadSetting('must be a string');
  return raw;
}

function integer(min: number, max: number, fallback: number) {
  return (raw: Raw): number => {
    if (raw === undefined || raw === '') return fallback;
    const value = typeof raw === 'number' ? raw : Number(String(raw).trim());
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new BadSetting(`must be a whole number from ${min} to ${max}`);
    }
    return value;
  };
}

function originUrl(raw: Raw): string | undefined {
  const value = text(raw);
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new BadSetting('must be an absolute http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BadSetting('must be an absolute http(s) URL');
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new BadSetting('must not carry a query, fragment or credentials');
  }
  // Keep a path prefix (deskgate behind https://host/rustdesk) but never a trailing slash.
  return url.href.replace(/\/+$/, '');
}

function proxyList(raw: Raw): string[] {
  const value = text(raw);
  if (value === undefined) return [];
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  for (const item of items) {
    if (item === 'loopback' || item === 'linklocal' || item === 'uniquelocal') continue;
    const [address, bits, extra] = item.split('/');
    const family = isIP(address ?? '');
    const maxBits = family === 4 ? 32 : 128;
    const validBits =
      bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= maxBits && extra === undefined);
    if (family === 0 || !validBits) {
      throw new BadSetting('must be a comma-separated list of addresses, CIDRs or `loopback`');
    }
  }
  return items;
}

function databaseUrl(raw: Raw): string | undefined {
  const value = text(raw);
  if (value === undefined) return undefined;
  if (!/^postgres(ql)?:\/\//.test(value)) {
    throw new BadSetting('must start with postgres:// or postgresql:// (leave it unset for SQLite)');
  }
  return value;
}

function secretKey(raw: Raw): string | undefined {
  const value = text(raw);
  if (value !== undefined && value.length < 32) {
    throw new BadSetting('must be at least 32 characters long');
  }
  return value;
}

function adminUser(raw: Raw): string {
  const value = text(raw) ?? 'admin';
  if (!/^[A-Za-z0-9._@-]{1,64}$/.test(value)) {
    throw new BadSetting('must be 1-64 letters, digits, or . _ @ -');
  }
  return value;
}

function adminPassword(raw: Raw): string | undefined {
  const value = text(raw);
  if (value !== undefined && (value.length < 8 || value.length > 128)) {
    throw new BadSetting('must be 8 to 128 characters long');
  }
  return value;
}

function logLevel(raw: Raw): Config['logLevel'] {
  const value = text(raw) ?? 'info';
  const found = LOG_LEVELS.find((level) => level === value);
  if (!found) throw new BadSetting(`must be one of ${LOG_LEVELS.join(', ')}`);
  return found;
}

function onOff(fallback: boolean) {
  return (raw: Raw): boolean => {
    if (raw === undefined || raw === '') return fallback;
    if (typeof raw === 'boolean') return raw;
    const value = String(raw).trim().toLowerCase();
    if (['on', 'true', '1', 'yes'].includes(value)) return true;
    if (['off', 'false', '0', 'no'].includes(value)) return false;
    throw new BadSetting('must be on or off');
  };
}

/** A port, 0 for any free one; unset: derived from DESKGATE_RENDEZVOUS_PORT. */
function optionalPort(raw: Raw): number | undefined {
  return raw === undefined || raw === '' ? undefined : integer(0, 65535, 0)(raw);
}

function host(raw: Raw): string {
  const value = text(raw) ?? '0.0.0.0';
  if (!/^[A-Za-z0-9.:_-]+$/.test(value)) throw new BadSetting('must be a host name or address');
  return value;
}

/** `host` or `host:port` (an IPv6 address in brackets), as a RustDesk client's relay setting takes it. */
function hostAndPort(raw: Raw): string | undefined {
  const value = text(raw);
  if (value === undefined) return undefined;
  const match = /^([A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}))?$/.exec(value.trim());
  if (!match || (match[2] !== undefined && (Number(match[2]) < 1 || Number(match[2]) > 65535))) {
    throw new BadSetting('must be a host name or address, optionally with :port (no scheme or path)');
  }
  return value.trim();
}

/** Every setting, its variable, and its default (the default sits in its parser). */
export const settings: Setting<keyof Config>[] = [
  // 21114 is the port RustDesk clients derive from the ID server (21116 - 2).
  { key: 'port', env: 'DESKGATE_PORT', parse: integer(0, 65535, 21114) },
  { key: 'host', env: 'DESKGATE_HOST', parse: host },
  { key: 'dataDir', env: 'DESKGATE_DATA_DIR', parse: (raw) => text(raw) ?? './data' },
  { key: 'databaseUrl', env: 'DATABASE_URL', parse: databaseUrl },
  { key: 'publicUrl', env: 'DESKGATE_PUBLIC_URL', parse: originUrl },
  { key: 'trustProxy', env: 'DESKGATE_TRUST_PROXY', parse: proxyList },
  { key: 'secretKey', env: 'DESKGATE_SECRET_KEY', parse: secretKey },
  { key: 'adminUser', env: 'DESKGATE_ADMIN_USER', parse: adminUser },
  { key: 'adminPassword', env: 'DESKGATE_ADMIN_PASSWORD', parse: adminPassword },
  { key: 'tokenTtlDays', env: 'DESKGATE_TOKEN_TTL_DAYS', parse: integer(1, 3650, 30) },
  { key: 'sessionTtlHours', env: 'DESKGATE_SESSION_TTL_HOURS', parse: integer(1, 720, 12) },
  { key: 'rememberMeDays', env: 'DESKGATE_REMEMBER_ME_DAYS', parse: integer(1, 365, 30) },
  { key: 'logLevel', env: 'DESKGATE_LOG_LEVEL', parse: logLevel },
  // 21116 is hbbs's port: the one a RustDesk client assumes when its ID server names none.
  { key: 'rendezvous', env: 'DESKGATE_RENDEZVOUS', parse: onOff(false) },
  { key: 'rendezvousPort', env: 'DESKGATE_RENDEZVOUS_PORT', parse: integer(2, 65532, 21116) },
  { key: 'natPort', env: 'DESKGATE_NAT_PORT', parse: optionalPort },
  { key: 'relayPort', env: 'DESKGATE_RELAY_PORT', parse: optionalPort },
  { key: 'rendezvousWsPort', env: 'DESKGATE_RENDEZVOUS_WS_PORT', parse: optionalPort },
  { key: 'relayWsPort', env: 'DESKGATE_RELAY_WS_PORT', parse: optionalPort },
  { key: 'relayHost', env: 'DESKGATE_RELAY_HOST', parse: hostAndPort },
  { key: 'relayBandwidth', env: 'DESKGATE_RELAY_BANDWIDTH', parse: integer(0, 100_000, 0) },
  { key: 'relayTotalBandwidth', env: 'DESKGATE_RELAY_TOTAL_BANDWIDTH', parse: integer(0, 1_000_000, 0) },
  { key: 'registrationBurst', env: 'DESKGATE_REGISTRATION_BURST', parse: integer(1, 1_000_000, 30) },
  { key: 'registrationsPerDay', env: 'DESKGATE_REGISTRATIONS_PER_DAY', parse: integer(1, 10_000_000, 300) },
];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

export interface LoadConfigOptions {
  /** A JSON file given on the command line; it must exist. */
  configFile?: string;
  cwd?: string;
}

function readFileSettings(file: string, problems: string[]): Record<string, Raw> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : 'not valid JSON';
    problems.push(`config file ${file}: ${reason}`);
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    problems.push(`config file ${file}: must hold a JSON object`);
    return {};
  }
  const known = new Set(settings.map((s) => s.key as string));
  for (const key of Object.keys(parsed)) {
    if (!known.has(key)) problems.push(`config file ${file}: unknown setting "${key}"`);
  }
  return parsed as Record<string, Raw>;
}

/**
 * Validates every setting and reports all bad ones at once, by name and never by value
 * (a value may be a password).
 */
export function loadConfig(
  env: Record<string, string | undefined>,
  options: LoadConfigOptions = {},
): Config {
  const problems: string[] = [];
  const cwd = options.cwd ?? process.cwd();

  // The data directory decides where the default config file is, so it is read first.
  let file: Record<string, Raw> = {};
  if (options.configFile) {
    file = readFileSettings(path.resolve(cwd, options.configFile), problems);
  }
  const dataDirRaw = env.DESKGATE_DATA_DIR || (file.dataDir as string | undefined) || './data';
  if (!options.configFile) {
    const defaultFile = path.resolve(cwd, String(dataDirRaw), 'deskgate.json');
    if (existsSync(defaultFile)) file = readFileSettings(defaultFile, problems);
  }

  const values: Partial<Record<keyof Config, unknown>> = {};
  for (const setting of settings) {
    const fromEnv = env[setting.env];
    const raw = fromEnv !== undefined && fromEnv !== '' ? fromEnv : file[setting.key];
    try {
      values[setting.key] = setting.parse(raw);
    } catch (error) {
      if (!(error instanceof BadSetting)) throw error;
      const where = fromEnv ? setting.env : `${setting.key} (config file)`;
      problems.push(`${where} ${error.message}`);
    }
  }

  if (values.databaseUrl && !values.secretKey) {
    problems.push(
      'DESKGATE_SECRET_KEY is required with PostgreSQL: every instance must share the key that encrypts secrets',
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);

  values.dataDir = path.resolve(cwd, String(values.dataDir));
  return Object.freeze(values as Config);
}
