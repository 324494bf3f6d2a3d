import addressparser from 'nodemailer/lib/addressparser';
import type { Clock } from '../clock.js';
import { SMTP_FIELD_KEYS, SMTP_SECURITY, defaultSmtp, type SmtpInput, type SmtpSettings, type StoredSmtp } from '../domain/smtp.js';
import { AppError } from '../errors.js';
import type { Store } from '../store/index.js';
import type { Actor, AuditService } from './audit.js';
import { authorityFor, requireScope, type Authority } from './authority.js';
import type { SecretBox } from './secret-box.js';

/** The settings table's key for the whole SMTP configuration (one JSON value, password sealed). */
const KEY = 'smtp';

/** A host name or an IP address (IPv6 in brackets or bare): no scheme, path, port or spaces. */
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?|\[?[0-9A-Fa-f:.]+\]?)$/;

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

/** The one address of a From value ("Name <a@b>" or "a@b"), or undefined when it is not exactly one. */
export function fromAddress(value: string): string | undefined {
  const parsed = addressparser(value, { flatten: true });
  if (parsed.length !== 1) return undefined;
  const address = parsed[0]!.address;
  return /^[^\s@<>]+@[^\s@<>]+$/.test(address) ? address : undefined;
}

/** The server settings opened for sending: the password in clear. Never leaves the server. */
export type OpenedSmtp = Omit<StoredSmtp, 'password'> & { password: string };

/**
 * Settings → SMTP: kept under one key of the settings table, the password sealed with the
 * secret box and never returned. Changing them needs `admin`: whoever chooses where mail goes
 * reads every invitation and password-reset link, administrators' included.
 */
/** Whether mail can be sent, as `from` (a transaction's store, say) reads the settings. */
export async function smtpConfigured(from: Store): Promise<boolean> {
  const value = (await from.settings.get(KEY)) as Partial<StoredSmtp> | undefined;
  return typeof value === 'object' && value !== null && !!value.host && !!value.from;
}

export function createSmtpSettingsService({ store, clock, audit, secretBox }: { store: Store; clock: Clock; audit: AuditService; secretBox: SecretBox }) {
  async function stored(from: Store = store): Promise<StoredSmtp> {
    const value = (await from.settings.get(KEY)) as Partial<StoredSmtp> | undefined;
    return { ...defaultSmtp(), password: '', ...(value && typeof value === 'object' ? value : {}) };
  }

  function view(row: StoredSmtp): SmtpSettings {
    const { password, ...fields } = row;
    return { ...fields, has_password: password !== '', configured: row.host !== '' && row.from !== '' };
  }

  /** Checks the whole result, so that a saved configuration is always one nodemailer can use. */
  function check(row: StoredSmtp): void {
    const invalid = (message: string) => new AppError('mail.invalid_settings', { message });
    if (row.host !== '' && !HOST.test(row.host)) throw invalid('The host must be a host name or an IP address, without a scheme or port');
    if (!Number.isInteger(row.port) || row.port < 1 || row.port > 65535) throw invalid('The port must be a whole number from 1 to 65535');
    if (!SMTP_SECURITY.includes(row.security)) throw invalid('Security must be tls, starttls or none');
    if (row.from !== '' && !fromAddress(row.from)) throw invalid('The From address must be one e-mail address, optionally as "Name <address>"');
    if (row.host !== '' && row.from === '') throw invalid('Set a From address as well as the host');
    if (row.ca_pem !== '' && !PEM_BLOCK.test(row.ca_pem)) throw invalid('The custom CA must be PEM text (-----BEGIN CERTIFICATE----- …)');
    if (/[\r\n]/.test(row.username) || /[\r\n]/.test(row.from)) throw invalid('Line breaks are not allowed here');
  }

  return {
    /** The admin view (no password). */
    async get(): Promise<SmtpSettings> {
      return view(await stored());
    },

    /** For sending only: the password opened. */
    async opened(): Promise<OpenedSmtp> {
      const row = await stored();
      return { ...row, password: row.password ? secretBox.open(row.password) : '' };
    },

    /** Changes any subset of the fields, audited in the same transaction; the password never goes into the record. */
    async update(actor: Actor, input: SmtpInput, authority?: Authority): Promise<SmtpSettings> {
      requireScope(authorityFor(actor, authority), 'admin', 'Changing the SMTP settings');
      return store.transaction(async (tx) => {
        const row = await stored(tx);
        const changed: Record<string, unknown> = {};
        const fields = row as unknown as Record<string, unknown>;
        for (const key of SMTP_FIELD_KEYS) {
          const given: unknown = input[key];
          const value = typeof given === 'string' && key !== 'ca_pem' ? given.trim() : given;
          if (value !== undefined && value !== fields[key]) {
            fields[key] = value;
            // The CA is long and public: the record says it changed, not what it is.
            changed[key] = key === 'ca_pem' ? (value === '' ? 'removed' : 'set') : value;
          }
        }
        if (input.password && row.username !== '') {
          row.password = secretBox.seal(input.password);
          changed.password = 'set';
        }
        // No account, no password: nothing kept that is not used.
        if (row.username === '' && row.password !== '') {
          row.password = '';
          changed.password = 'removed';
        }
        check(row);
        // No lock-out (README): mail must keep working while an administrator's only second
        // factor is an e-mailed code. Decided in this transaction, from what it would save, under
        // the administrators' lock that turning e-mail verification on takes too.
        if (row.host === '' || row.from === '') {
          await tx.users.lockAdministrators();
          const relying = await tx.twoFactor.adminsOnlyOnEmail();
          if (relying.length > 0) {
            throw new AppError('signin.would_lock_out', {
              message: `Turning e-mail off would lock out ${relying.join(', ')}: their only second factor is an e-mailed code. Set up two-factor sign-in with an app for them, or turn their e-mail login verification off first (Users, or deskgate user email-verification off NAME)`,
            });
          }
        }
        if (Object.keys(changed).length > 0) {
          await tx.settings.set(KEY, row, clock.now());
          await tx.consoleAudit.insert(audit.row(actor, 'smtp.update', { type: 'setting', id: KEY, name: 'SMTP' }, changed));
        }
        return view(row);
      });
    },
  };
}

export type SmtpSettingsService = ReturnType<typeof createSmtpSettingsService>;
