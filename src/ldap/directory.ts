import { Client, InvalidCredentialsError, NoSuchObjectError, type Entry } from 'ldapts';
import type { ConnectionOptions } from 'node:tls';
import type { DirectoryPerson, OpenedLdapSettings } from '../domain/ldap.js';
import { userFilter } from './filter.js';

/**
 * The directory client: one connection per sign-in or test that binds as the search account,
 * searches for the person, and binds as the entry it found with the password they typed
 * ("search then bind"). Every step is reported in an administrator's words, so that Settings →
 * LDAP → Test and a refused sign-in explain the same thing.
 */

export type StepName = 'connect' | 'bind' | 'search' | 'user_bind';

export interface Step {
  step: StepName;
  ok: boolean;
  message: string;
}

/** What a look-up did and found. `outcome` is how it ended; `person` the entry it matched. */
export interface Lookup {
  steps: Step[];
  outcome:
    | 'found' // the person's entry was found (and, with a password, the password was right)
    | 'unreachable' // no connection (refused, no such host, timeout, TLS failure)
    | 'bind_failed' // the search account was refused
    | 'search_failed' // the directory refused the search (base DN, filter)
    | 'not_found' // no entry matched
    | 'ambiguous' // more than one entry matched
    | 'no_id' // the entry has no stable id in `id_attribute`
    | 'wrong_password'; // the bind as the person failed
  person?: DirectoryPerson;
}

export type DirectorySettings = Omit<OpenedLdapSettings, 'enabled' | 'auto_create' | 'admin_group_dn'>;

/** The connection errors that mean "cannot reach the server", in words. */
function connectionProblem(error: unknown, settings: DirectorySettings): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const where = settings.url;
  if (code === 'ECONNREFUSED') return `Nothing answers at ${where}: the connection was refused (is the server running, and is the port right?)`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `The host of ${where} is not found in DNS`;
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return `${where} cannot be reached from this server (no route)`;
  if (code === 'ECONNRESET' || code === 'EPIPE') return `${where} closed the connection (an ldaps:// URL on a plain LDAP port, or the reverse?)`;
  if (/timeout|timed out/i.test(message)) return `${where} did not answer within ${settings.timeout_seconds} s`;
  if (typeof code === 'string' && (code.startsWith('ERR_TLS') || /CERT|SELF_SIGNED|UNABLE_TO/.test(code))) {
    return `The TLS certificate of ${where} is not trusted (${code}): paste the CA that signed it in "CA certificate", and use the host name the certificate names`;
  }
  if (/tls|ssl|certificate/i.test(message)) return `The TLS connection to ${where} failed: ${message.slice(0, 200)}`;
  return `Could not talk to ${where}: ${message.slice(0, 200)}`;
}

/** An entry's attribute as text (the first value), '' when absent. */
function first(entry: Entry, attribute: string): string {
  if (!attribute) return '';
  const key = Object.keys(entry).find((k) => k.toLowerCase() === attribute.toLowerCase());
  const value = key ? entry[key] : undefined;
  const one = Array.isArray(value) ? value[0] : value;
  if (one === undefined) return '';
  return Buffer.isBuffer(one) ? one.toString('utf8') : String(one);
}

function all(entry: Entry, attribute: string): string[] {
  if (!attribute) return [];
  const key = Object.keys(entry).find((k) => k.toLowerCase() === attribute.toLowerCase());
  const value = key ? entry[key] : undefined;
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v)));
}

/**
 * The stable id. Active Directory's `objectGUID` is 16 bytes, shown as a GUID whose first three
 * groups are little-endian; `entryUUID` (OpenLDAP, RFC 4530) is already text.
 */
function stableId(entry: Entry, attribute: string): string {
  const key = Object.keys(entry).find((k) => k.toLowerCase() === attribute.toLowerCase());
  const value = key ? entry[key] : undefined;
  const one = Array.isArray(value) ? value[0] : value;
  if (one === undefined) return '';
  if (Buffer.isBuffer(one)) {
    if (one.length !== 16) return one.toString('hex');
    const hex = (b: Buffer) => b.toString('hex');
    const le = (start: number, end: number) => hex(Buffer.from(one.subarray(start, end)).reverse());
    return `${le(0, 4)}-${le(4, 6)}-${le(6, 8)}-${hex(one.subarray(8, 10))}-${hex(one.subarray(10, 16))}`;
  }
  return String(one).trim().toLowerCase();
}

/** A DN compared as directories write it: without case, and without spaces after commas. */
export const dnKey = (dn: string) => dn.replace(/,\s+/g, ',').toLowerCase();

/** How far nested groups are followed: a loop or a vast tree must not hold a sign-in. */
const MAX_NESTING = 10;
const MAX_GROUPS = 500;

/**
 * The person's groups and every group those are in, in turn, each group read (as the search
 * account) for its own `group_attribute`. A group that cannot be read (gone, hidden from the
 * search account, or not a DN at all) is kept but not followed. One level's groups are asked for
 * at once.
 */
async function withNestedGroups(client: Client, settings: DirectorySettings, direct: string[]): Promise<{ groups: string[]; truncated: boolean }> {
  const seen = new Set(direct.map(dnKey));
  const groups = [...direct];
  let level = direct;
  for (let depth = 0; depth < MAX_NESTING && level.length > 0; depth++) {
    const parents = await Promise.all(
      level.map(async (dn) => {
        try {
          const { searchEntries } = await client.search(dn, { scope: 'base', attributes: [settings.group_attribute], timeLimit: settings.timeout_seconds });
          return searchEntries[0] ? all(searchEntries[0], settings.group_attribute) : [];
        } catch {
          // Refused, or a value that is no DN: not followed. A connection that broke shows at the next step.
          return [];
        }
      }),
    );
    const next: string[] = [];
    for (const dn of parents.flat()) {
      if (seen.has(dnKey(dn))) continue;
      if (groups.length >= MAX_GROUPS) return { groups, truncated: true };
      seen.add(dnKey(dn));
      groups.push(dn);
      next.push(dn);
    }
    level = next;
  }
  return { groups, truncated: level.length > 0 };
}

/** An LDAP result (the server answered, with a numeric result code), not a broken connection. */
function isResultError(error: unknown): error is Error & { code: number } {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'number';
}

function tlsOptions(settings: DirectorySettings): ConnectionOptions {
  return { minVersion: 'TLSv1.2', ...(settings.ca_pem.trim() ? { ca: settings.ca_pem } : {}) };
}

/**
 * Looks `username` up, and with a `password` checks it by binding as the entry found. An empty
 * password is never sent: a simple bind with a DN and no password is an "unauthenticated bind"
 * (RFC 4513 §5.1.2), which Active Directory and permissive servers answer with success.
 */
export async function lookUp(settings: DirectorySettings, username: string, password?: string): Promise<Lookup> {
  if (password !== undefined && password === '') throw new Error('an empty password is never sent to the directory');
  const steps: Step[] = [];
  const timeout = settings.timeout_seconds * 1000;
  const secure = settings.url.toLowerCase().startsWith('ldaps://');
  // ldapts speaks TLS from the start whenever it is given TLS options: only for ldaps://.
  const client = new Client({ url: settings.url, timeout, connectTimeout: timeout, ...(secure ? { tlsOptions: tlsOptions(settings) } : {}) });
  // The client's own timers cover each message; this one covers the whole look-up, so that
  // nothing (a TLS handshake that never ends) can hold a sign-in longer.
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('Operation timed out')), timeout * 4 + 1000);
  });
  try {
    return await Promise.race([run(client, settings, steps, username, password), deadline]);
  } catch (error) {
    // Only connection failures get here; each step's own refusals are outcomes.
    steps.push({ step: steps.length === 0 ? 'connect' : steps[steps.length - 1]!.step, ok: false, message: connectionProblem(error, settings) });
    return { steps, outcome: 'unreachable' };
  } finally {
    clearTimeout(timer);
    await client.unbind().catch(() => undefined);
  }
}

async function run(client: Client, settings: DirectorySettings, steps: Step[], username: string, password: string | undefined): Promise<Lookup> {
  const secure = settings.url.toLowerCase().startsWith('ldaps://');
  if (settings.start_tls && !secure) await client.startTLS(tlsOptions(settings));

  // The search account's bind is the first message, so it also proves the connection.
  try {
    // No bind DN: an anonymous bind (empty name and password), which still proves the connection.
    await client.bind(settings.bind_dn, settings.bind_dn ? settings.bind_password : '');
    steps.push({ step: 'connect', ok: true, message: `Connected to ${settings.url}${settings.start_tls && !secure ? ' (StartTLS)' : ''}` });
    steps.push({ step: 'bind', ok: true, message: settings.bind_dn ? `Signed in to the directory as ${settings.bind_dn}` : 'No bind DN: searching anonymously' });
  } catch (error) {
    if (!isResultError(error)) throw error;
    steps.push({ step: 'connect', ok: true, message: `Connected to ${settings.url}` });
    const why = error instanceof InvalidCredentialsError ? 'the bind DN or its password is wrong' : (error as Error).message.slice(0, 200);
    steps.push({ step: 'bind', ok: false, message: `The directory refused the bind as ${settings.bind_dn}: ${why}` });
    return { steps, outcome: 'bind_failed' };
  }

  const filter = userFilter(settings.user_filter, username);
  const attributes = [settings.id_attribute, settings.username_attribute, settings.email_attribute, settings.display_name_attribute, settings.group_attribute].filter(
    (a) => a !== '',
  );
  let entries: Entry[];
  try {
    const result = await client.search(settings.base_dn, {
      scope: settings.scope,
      filter,
      attributes,
      sizeLimit: 2,
      timeLimit: settings.timeout_seconds,
      explicitBufferAttributes: settings.id_attribute.toLowerCase() === 'objectguid' ? [settings.id_attribute] : [],
    });
    entries = result.searchEntries;
  } catch (error) {
    if (!isResultError(error)) throw error;
    // sizeLimitExceeded (4): more entries than the two asked for.
    if (error.code === 4) {
      steps.push({ step: 'search', ok: false, message: `More than one entry matches ${filter}: a sign-in needs exactly one, so make the filter narrower` });
      return { steps, outcome: 'ambiguous' };
    }
    const why = error instanceof NoSuchObjectError ? `the base DN ${settings.base_dn} does not exist` : (error as Error).message.slice(0, 200);
    steps.push({ step: 'search', ok: false, message: `The search failed: ${why}` });
    return { steps, outcome: 'search_failed' };
  }
  if (entries.length === 0) {
    steps.push({ step: 'search', ok: false, message: `No entry under ${settings.base_dn} matches ${filter}` });
    return { steps, outcome: 'not_found' };
  }
  if (entries.length > 1) {
    steps.push({ step: 'search', ok: false, message: `More than one entry matches ${filter}: a sign-in needs exactly one, so make the filter narrower` });
    return { steps, outcome: 'ambiguous' };
  }
  const entry = entries[0]!;
  const person: DirectoryPerson = {
    dn: entry.dn,
    id: stableId(entry, settings.id_attribute),
    username: first(entry, settings.username_attribute),
    email: first(entry, settings.email_attribute),
    display_name: first(entry, settings.display_name_attribute),
    groups: all(entry, settings.group_attribute),
  };
  steps.push({ step: 'search', ok: true, message: `Found ${entry.dn}` });
  if (!person.id) {
    steps.push({ step: 'search', ok: false, message: `The entry has no ${settings.id_attribute}: deskgate links accounts by that stable id, so set "ID attribute" to one the entry has` });
    return { steps, outcome: 'no_id', person };
  }
  // Read as the search account, before the bind as the person, who may not see the groups.
  if (settings.nested_groups && settings.group_attribute && person.groups.length > 0) {
    const direct = person.groups.length;
    const { groups, truncated } = await withNestedGroups(client, settings, person.groups);
    person.groups = groups;
    const more = `${groups.length - direct} more through nested groups`;
    steps.push({ step: 'search', ok: true, message: `Groups: ${direct} on the entry, ${more}${truncated ? ` (stopped at ${MAX_NESTING} levels or ${MAX_GROUPS} groups)` : ''}` });
  }
  if (password === undefined) return { steps, outcome: 'found', person };

  try {
    await client.bind(entry.dn, password);
  } catch (error) {
    if (!isResultError(error)) throw error;
    const why = error instanceof InvalidCredentialsError ? 'wrong password, or the account is locked or disabled' : (error as Error).message.slice(0, 200);
    steps.push({ step: 'user_bind', ok: false, message: `The directory refused the password of ${entry.dn}: ${why}` });
    return { steps, outcome: 'wrong_password', person };
  }
  steps.push({ step: 'user_bind', ok: true, message: `The password of ${entry.dn} is right` });
  return { steps, outcome: 'found', person };
}
