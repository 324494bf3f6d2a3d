import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import type { SmtpInput } from '../../src/domain/smtp.js';
import { systemActor } from '../../src/services/audit.js';
import type { TestApp } from './app.js';

/** A message as the test SMTP server received it. */
export interface CapturedMail {
  /** The envelope's sender and recipients (MAIL FROM, RCPT TO). */
  from: string;
  to: string[];
  /** Header values, decoded. */
  headers: { from: string; to: string; subject: string };
  subject: string;
  text: string;
  html: string | undefined;
  /** Who signed in to send it, if anyone; and whether the connection was encrypted. */
  user: string | undefined;
  secure: boolean;
  raw: string;
}

export interface SmtpTestServer {
  host: string;
  port: number;
  security: 'tls' | 'starttls' | 'none';
  /** The CA that signed the server's certificate (PEM), when it speaks TLS. */
  caPem: string;
  messages: CapturedMail[];
  /** The next message to arrive (or the first not yet taken by an earlier call). */
  next(): Promise<CapturedMail>;
  close(): Promise<void>;
}

export interface SmtpTestOptions {
  /** `tls`: TLS from the first byte; `starttls`: offers STARTTLS; `none`: plain only. */
  security?: 'tls' | 'starttls' | 'none';
  /** Require this account; without it the server takes mail from anyone. */
  auth?: { user: string; pass: string };
  /** Recipients the server refuses with a 550. */
  refuse?: (recipient: string) => boolean;
}

interface Certificates {
  caPem: string;
  keyPem: string;
  certPem: string;
}

let certificates: Certificates | undefined;

/**
 * A throw-away CA and a certificate it signed for localhost and 127.0.0.1, made once per test
 * process with openssl (offline, P-256: fast).
 */
export function testCertificates(): Certificates {
  if (certificates) return certificates;
  const dir = mkdtempSync(path.join(tmpdir(), 'deskgate-smtp-ca-'));
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  try {
    openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '2', '-subj', '/CN=deskgate test CA');
    openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=localhost');
    writeFileSync(file('ext.cnf'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n');
    openssl('x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-out', file('server.pem'), '-days', '2', '-extfile', file('ext.cnf'));
    certificates = { caPem: readFileSync(file('ca.pem'), 'utf8'), keyPem: readFileSync(file('server.key'), 'utf8'), certPem: readFileSync(file('server.pem'), 'utf8') };
    return certificates;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A real SMTP server on 127.0.0.1 and a random port that keeps every message it accepts. */
export async function startSmtp(options: SmtpTestOptions = {}): Promise<SmtpTestServer> {
  const security = options.security ?? 'none';
  const tls = security === 'none' ? undefined : testCertificates();
  const messages: CapturedMail[] = [];
  const waiting: ((mail: CapturedMail) => void)[] = [];
  let taken = 0;

  const serverOptions: SMTPServerOptions = {
    secure: security === 'tls',
    ...(tls ? { key: tls.keyPem, cert: tls.certPem } : { disabledCommands: ['STARTTLS'] }),
    authOptional: !options.auth,
    // The plain-text server still accepts a password (a relay on the same host may ask for one).
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (options.auth && auth.username === options.auth.user && auth.password === options.auth.pass) return callback(null, { user: auth.username });
      return callback(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, callback) {
      if (options.refuse?.(address.address)) {
        const error = Object.assign(new Error(`5.1.1 <${address.address}>: Recipient address rejected: User unknown`), { responseCode: 550 });
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const mail = {
          ...parseMessage(raw),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          user: typeof session.user === 'string' ? session.user : undefined,
          secure: session.secure,
          raw,
        };
        messages.push(mail);
        const waiter = waiting.shift();
        if (waiter) {
          taken++;
          waiter(mail);
        }
        callback();
      });
    },
  };
  const server = new SMTPServer(serverOptions);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    security,
    caPem: tls?.caPem ?? '',
    messages,
    next() {
      if (taken < messages.length) return Promise.resolve(messages[taken++]!);
      return new Promise((resolve) => waiting.push(resolve));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Points a test app's Settings → SMTP at the server (trusting its CA), as an administrator
 * would; `overrides` changes any field after that.
 */
export async function useSmtp(t: TestApp, server: SmtpTestServer, overrides: SmtpInput = {}): Promise<void> {
  await t.services.smtpSettings.update(systemActor, {
    host: server.host,
    port: server.port,
    security: server.security,
    from: 'deskgate <deskgate@example.test>',
    ca_pem: server.caPem,
    username: '',
    timeout_seconds: 10,
    ...overrides,
  });
}

// ---- A small MIME reader: enough for what nodemailer writes (one part, or multipart/alternative).

function splitHead(raw: string): { head: Map<string, string>; body: string } {
  const at = raw.indexOf('\r\n\r\n');
  const headText = at < 0 ? raw : raw.slice(0, at);
  const body = at < 0 ? '' : raw.slice(at + 4);
  const head = new Map<string, string>();
  for (const line of headText.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) head.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { head, body };
}

/** RFC 2047 encoded words (=?UTF-8?Q?…?= and =?UTF-8?B?…?=). */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_all, _charset: string, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(quotedPrintableBytes(text.replaceAll('_', ' '))).toString('utf8'),
    );
}

function quotedPrintableBytes(text: string): number[] {
  const bytes: number[] = [];
  const input = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < input.length; i++) {
    if (input[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(input.slice(i + 1, i + 3))) {
      bytes.push(parseInt(input.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(input[i]!, 'utf8'));
    }
  }
  return bytes;
}

function decodeBody(head: Map<string, string>, body: string): string {
  const encoding = (head.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') return Buffer.from(quotedPrintableBytes(body)).toString('utf8');
  return body;
}

function parseMessage(raw: string): Pick<CapturedMail, 'headers' | 'subject' | 'text' | 'html'> {
  const { head, body } = splitHead(raw);
  const headers = { from: decodeWords(head.get('from') ?? ''), to: decodeWords(head.get('to') ?? ''), subject: decodeWords(head.get('subject') ?? '') };
  const parts: { type: string; content: string }[] = [];
  const collect = (partHead: Map<string, string>, partBody: string) => {
    const type = partHead.get('content-type') ?? 'text/plain';
    const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
    if (type.toLowerCase().startsWith('multipart/') && boundary) {
      for (const piece of partBody.split(`--${boundary}`).slice(1)) {
        if (piece.startsWith('--')) break;
        const inner = splitHead(piece.replace(/^\r\n/, ''));
        collect(inner.head, inner.body.replace(/\r\n$/, ''));
      }
    } else {
      parts.push({ type: type.toLowerCase(), content: decodeBody(partHead, partBody) });
    }
  };
  collect(head, body);
  const text = parts.find((p) => p.type.startsWith('text/plain'))?.content ?? '';
  const html = parts.find((p) => p.type.startsWith('text/html'))?.content;
  return { headers, subject: headers.subject, text: text.replace(/\r\n/g, '\n').replace(/\n$/, ''), html };
}
