import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Attribute, Change, Client } from 'ldapts';
import type { LdapSettingsInput } from '../../src/domain/ldap.js';

/**
 * A real OpenLDAP server (Debian's slapd) for the tests: a throw-away configuration
 * (slapd.conf) and database in a temporary directory, random ports for ldap:// and ldaps://
 * (with a CA and certificate made by openssl for 127.0.0.1 and localhost), the ppolicy and
 * memberof overlays, and a small AD-like schema (objectGUID, sAMAccountName,
 * userAccountControl with Active Directory's OIDs). `stop()` ends the process and removes the
 * directory; a process left by a crashed test is ended when node exits.
 */

export const SLAPD = '/usr/sbin/slapd';
export const BASE_DN = 'dc=example,dc=test';
export const ROOT_DN = `cn=admin,${BASE_DN}`;
const ROOT_PASSWORD = 'root-secret';
export const READER_DN = `cn=reader,${BASE_DN}`;
export const READER_PASSWORD = 'reader-secret';
export const ADMINS_GROUP = `cn=deskgate-admins,ou=groups,${BASE_DN}`;
export const OPS_GROUP = `cn=Ops,ou=groups,${BASE_DN}`;
/** Groups of groups: Ops is in Tier2, Tier2 in Staff (the memberof overlay writes each group's memberOf). */
export const TIER2_GROUP = `cn=Tier2,ou=groups,${BASE_DN}`;
export const STAFF_GROUP = `cn=Staff,ou=groups,${BASE_DN}`;

/** People in the directory: name → password. */
export const PEOPLE = {
  alice: 'alice-directory-pass',
  bob: 'bob-directory-pass',
  carol: 'carol-directory-pass',
  locked: 'locked-directory-pass',
  dup: 'dup-directory-pass',
  jdoe: 'jdoe-directory-pass',
  gone: 'gone-directory-pass',
} as const;

/** The AD-like entries' objectGUIDs (16 bytes) and their usual text form. */
export const JDOE_GUID = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
export const JDOE_GUID_TEXT = '33221100-5544-7766-8899-aabbccddeeff';

const AD_SCHEMA = `
attributetype ( 1.2.840.113556.1.4.2 NAME 'objectGUID' EQUALITY octetStringMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.40 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.4.221 NAME 'sAMAccountName' EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.4.8 NAME 'userAccountControl' EQUALITY integerMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )
objectclass ( 1.3.6.1.4.1.99999.1.1 NAME 'deskgateAdUser' SUP top AUXILIARY MAY ( objectGUID $ sAMAccountName $ userAccountControl ) )
`;

export interface TestLdap {
  /** ldap://127.0.0.1:<port> (StartTLS offered). */
  url: string;
  /** ldaps://localhost:<port>. */
  ldapsUrl: string;
  /** The throw-away CA that signed the server's certificate. */
  caPem: string;
  /** Runs `fn` with a client bound as the directory's root (to change entries in a test). */
  asRoot<T>(fn: (client: Client) => Promise<T>): Promise<T>;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** A TCP port nothing listens on (for slapd, or for an unreachable directory). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Resolves when slapd logs that it is serving (`-d none` logs that line only), fails when it exits first. */
function serving(child: ChildProcess, log: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onData = () => {
      if (log().includes('slapd starting')) {
        child.stderr!.off('data', onData);
        resolve();
      }
    };
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`slapd exited (${code}): ${log()}`)));
  });
}

function makeCertificates(dir: string): void {
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=deskgate test CA']);
  run(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost']);
  writeFileSync(path.join(dir, 'ext.cnf'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  run(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'ext.cnf']);
}

function config(dir: string): string {
  return `
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include /etc/ldap/schema/nis.schema
include ${dir}/ad.schema
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload ppolicy
moduleload memberof
pidfile ${dir}/slapd.pid
# As Active Directory does: a DN with an empty password is an (anonymous) unauthenticated bind.
allow bind_anon_dn
TLSCACertificateFile ${dir}/ca.pem
TLSCertificateFile ${dir}/server.pem
TLSCertificateKeyFile ${dir}/server.key

database mdb
suffix "${BASE_DN}"
rootdn "${ROOT_DN}"
rootpw ${ROOT_PASSWORD}
directory ${dir}/db
maxsize 10485760
access to attrs=userPassword by self write by anonymous auth by * none
access to * by users read by anonymous auth
overlay memberof
overlay ppolicy
ppolicy_default "cn=default,ou=policies,${BASE_DN}"
ppolicy_use_lockout
`;
}

type Attrs = Record<string, string | string[] | Buffer>;

const entries = (): [string, Attrs][] => [
  [BASE_DN, { objectClass: ['dcObject', 'organization'], o: 'Example', dc: 'example' }],
  [`ou=people,${BASE_DN}`, { objectClass: 'organizationalUnit', ou: 'people' }],
  [`ou=contractors,${BASE_DN}`, { objectClass: 'organizationalUnit', ou: 'contractors' }],
  [`ou=ad,${BASE_DN}`, { objectClass: 'organizationalUnit', ou: 'ad' }],
  [`ou=groups,${BASE_DN}`, { objectClass: 'organizationalUnit', ou: 'groups' }],
  [`ou=policies,${BASE_DN}`, { objectClass: 'organizationalUnit', ou: 'policies' }],
  [`cn=default,ou=policies,${BASE_DN}`, { objectClass: ['device', 'pwdPolicy'], cn: 'default', pwdAttribute: 'userPassword', pwdLockout: 'TRUE' }],
  [READER_DN, { objectClass: ['organizationalRole', 'simpleSecurityObject'], cn: 'reader', userPassword: READER_PASSWORD }],
  [`uid=alice,ou=people,${BASE_DN}`, person('alice', 'Alice Example', 'alice@example.test')],
  [`uid=bob,ou=people,${BASE_DN}`, person('bob', 'Bob Example', 'bob@example.test')],
  [`uid=carol,ou=people,${BASE_DN}`, person('carol', 'Carol Example', 'carol@example.test')],
  // Locked through the password policy overlay (permanently: the special time 000001010000Z).
  [`uid=locked,ou=people,${BASE_DN}`, { ...person('locked', 'Locked Out', 'locked@example.test'), pwdAccountLockedTime: '000001010000Z' }],
  // Two entries with one uid: a sub search for it finds both.
  [`uid=dup,ou=people,${BASE_DN}`, person('dup', 'Dup One', 'dup1@example.test')],
  [`uid=dup,ou=contractors,${BASE_DN}`, person('dup', 'Dup Two', 'dup2@example.test')],
  // Active Directory-like: sAMAccountName, objectGUID, userAccountControl (514 = 512 + 2, disabled).
  [`cn=John Doe,ou=ad,${BASE_DN}`, { ...adPerson('jdoe', 'John Doe', JDOE_GUID, 512) }],
  [`cn=Gone Person,ou=ad,${BASE_DN}`, { ...adPerson('gone', 'Gone Person', Buffer.from('ffeeddccbbaa99887766554433221100', 'hex'), 514) }],
  [ADMINS_GROUP, { objectClass: 'groupOfNames', cn: 'deskgate-admins', member: [`uid=alice,ou=people,${BASE_DN}`] }],
  [OPS_GROUP, { objectClass: 'groupOfNames', cn: 'Ops', member: [`uid=bob,ou=people,${BASE_DN}`, `cn=John Doe,ou=ad,${BASE_DN}`] }],
  [TIER2_GROUP, { objectClass: 'groupOfNames', cn: 'Tier2', member: [OPS_GROUP] }],
  [STAFF_GROUP, { objectClass: 'groupOfNames', cn: 'Staff', member: [TIER2_GROUP] }],
];

function person(uid: keyof typeof PEOPLE, cn: string, mail: string): Attrs {
  return { objectClass: 'inetOrgPerson', uid, cn, sn: cn.split(' ').pop()!, mail, userPassword: PEOPLE[uid] };
}

function adPerson(sam: keyof typeof PEOPLE, cn: string, guid: Buffer, uac: number): Attrs {
  return {
    objectClass: ['inetOrgPerson', 'deskgateAdUser'],
    cn,
    sn: cn.split(' ').pop()!,
    displayName: cn,
    mail: `${sam}@corp.example.test`,
    sAMAccountName: sam,
    objectGUID: guid,
    userAccountControl: String(uac),
    userPassword: PEOPLE[sam],
  };
}

export async function startLdap(): Promise<TestLdap> {
  const dir = mkdtempSync(path.join(tmpdir(), 'deskgate-slapd-'));
  mkdirSync(path.join(dir, 'db'));
  writeFileSync(path.join(dir, 'ad.schema'), AD_SCHEMA);
  makeCertificates(dir);
  writeFileSync(path.join(dir, 'slapd.conf'), config(dir));
  const [port, securePort] = [await freePort(), await freePort()];
  const url = `ldap://127.0.0.1:${port}`;
  const ldapsUrl = `ldaps://localhost:${securePort}`;
  // -d none: in the foreground (a child this process can end), logging only start and stop.
  const child = spawn(SLAPD, ['-f', path.join(dir, 'slapd.conf'), '-h', `ldap://127.0.0.1:${port}/ ldaps://127.0.0.1:${securePort}/`, '-d', 'none'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  running.add(child);
  let log = '';
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = serving(child, () => log);
  ready.catch(() => undefined);

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    running.delete(child);
    rmSync(dir, { recursive: true, force: true });
  };

  const asRoot = async <T>(fn: (client: Client) => Promise<T>): Promise<T> => {
    const client = new Client({ url, timeout: 10_000, connectTimeout: 10_000 });
    try {
      await client.bind(ROOT_DN, ROOT_PASSWORD);
      return await fn(client);
    } finally {
      await client.unbind();
    }
  };

  try {
    await ready;
    // slapd logs that it is starting a moment before its listeners accept: retry a refused connection.
    for (let attempt = 0; ; attempt++) {
      try {
        await asRoot(async () => undefined);
        break;
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'ECONNREFUSED' || attempt >= 200) throw error;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
    await asRoot(async (client) => {
      for (const [dn, attrs] of entries()) {
        const list = Object.entries(attrs).map(([type, value]) => new Attribute({ type, values: Buffer.isBuffer(value) ? [value] : Array.isArray(value) ? value : [value] }));
        await client.add(dn, list);
      }
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, ldapsUrl, caPem: readFileSync(path.join(dir, 'ca.pem'), 'utf8'), asRoot, stop };
}

/** Settings → LDAP for the OpenLDAP people (uid, entryUUID, memberOf). */
export function openLdapSettings(ldap: TestLdap, overrides: LdapSettingsInput = {}): LdapSettingsInput {
  return {
    enabled: true,
    url: ldap.url,
    bind_dn: READER_DN,
    bind_password: READER_PASSWORD,
    base_dn: BASE_DN,
    scope: 'sub',
    user_filter: '(&(objectClass=inetOrgPerson)(uid={username}))',
    username_attribute: 'uid',
    email_attribute: 'mail',
    display_name_attribute: 'cn',
    id_attribute: 'entryUUID',
    group_attribute: 'memberOf',
    admin_group_dn: ADMINS_GROUP,
    auto_create: true,
    timeout_seconds: 5,
    ...overrides,
  };
}

/** The usual Active Directory filter: by sAMAccountName, disabled accounts (flag 0x2) left out. */
export const AD_FILTER = '(&(sAMAccountName={username})(!(userAccountControl:1.2.840.113556.1.4.803:=2)))';

/** Settings → LDAP as for Active Directory, against the AD-like entries. */
export function adSettings(ldap: TestLdap, overrides: LdapSettingsInput = {}): LdapSettingsInput {
  return openLdapSettings(ldap, {
    base_dn: `ou=ad,${BASE_DN}`,
    user_filter: AD_FILTER,
    username_attribute: 'sAMAccountName',
    display_name_attribute: 'displayName',
    id_attribute: 'objectGUID',
    admin_group_dn: '',
    ...overrides,
  });
}

/** Replaces one attribute of an entry (as the directory's administrator). */
export async function replaceAttribute(ldap: TestLdap, dn: string, type: string, values: string[]): Promise<void> {
  await ldap.asRoot((client) => client.modify(dn, new Change({ operation: 'replace', modification: new Attribute({ type, values }) })));
}
