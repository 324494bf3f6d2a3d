import { rootCertificates } from 'node:tls';
import nodemailer from 'nodemailer';
import type { MailMessage } from '../domain/smtp.js';
import { AppError, type ErrorCode } from '../errors.js';
import { fromAddress, type OpenedSmtp, type SmtpSettingsService } from './smtp-settings.js';

/** A failed delivery as the server's log records it: the code, and what the server or socket said. */
export interface MailFailure {
  code: ErrorCode;
  detail: string;
}

/** What the server answered to a message it accepted (shown by "Send test e-mail"). */
export interface MailSent {
  response: string;
}

/**
 * Sends e-mail through the SMTP server of Settings → SMTP, read anew for each message (mail is
 * rare, and a change applies at once on every instance). Each failure becomes an `AppError`
 * with a 4xx status, never a 5xx: the cause is outside deskgate, and what the server said goes
 * to the log (`onFailure`), not to whoever triggered the message.
 */
export function createMailService({ smtp }: { smtp: Pick<SmtpSettingsService, 'opened'> }) {
  const listeners: ((failure: MailFailure) => void)[] = [];

  async function deliver(message: MailMessage): Promise<MailSent> {
    const settings = await smtp.opened();
    if (!settings.host || !settings.from) throw new AppError('mail.not_configured');
    // One address, and nothing that could start another header line.
    if (/[\r\n]/.test(message.to) || !fromAddress(message.to)) throw new AppError('mail.invalid_address');
    const transport = nodemailer.createTransport(transportOptions(settings));
    try {
      const info = await transport.sendMail({
        from: settings.from,
        to: message.to,
        subject: message.subject.replace(/[\r\n]+/g, ' '),
        text: message.text,
        ...(message.html !== undefined ? { html: message.html } : {}),
        // Nothing we send names a file or URL to attach; refuse them should one slip in.
        disableFileAccess: true,
        disableUrlAccess: true,
      });
      return { response: String(info.response ?? '') };
    } catch (error) {
      const failure = classify(error);
      for (const listener of listeners) listener(failure);
      throw new AppError(failure.code, { detail: failure.detail, cause: error });
    } finally {
      transport.close();
    }
  }

  return {
    /** Sends one message; throws `mail.not_configured` when SMTP is not set up, another `mail.*` when sending fails. */
    async send(message: MailMessage): Promise<void> {
      await deliver(message);
    },

    /** Whether Settings → SMTP names a server and a sender (not whether the server answers). */
    async configured(): Promise<boolean> {
      const settings = await smtp.opened();
      return settings.host !== '' && settings.from !== '';
    },

    /**
     * "Send test e-mail": the administrator who asked sees what the server said, on success
     * (its final answer) and on failure (in the error's message).
     */
    async test(to: string): Promise<MailSent> {
      try {
        return await deliver({
          to,
          subject: 'deskgate test e-mail',
          text: 'This message was sent from Settings → SMTP in the deskgate console to check the mail server settings. No action is needed.',
        });
      } catch (error) {
        if (error instanceof AppError && error.detail) {
          throw new AppError(error.code, { message: `${error.publicMessage}. The server said: ${error.detail}`, detail: error.detail, cause: error.cause });
        }
        throw error;
      }
    },

    /** Calls `listener` with each failed delivery (the server's log). */
    onFailure(listener: (failure: MailFailure) => void): void {
      listeners.push(listener);
    },
  };
}

export type MailService = ReturnType<typeof createMailService>;

function transportOptions(settings: OpenedSmtp) {
  const timeout = settings.timeout_seconds * 1000;
  return {
    host: settings.host.replace(/^\[(.*)\]$/, '$1'),
    port: settings.port,
    secure: settings.security === 'tls',
    // STARTTLS is required when chosen (no silent fall-back to plain text); `none` never upgrades,
    // so that a local relay with a certificate for another name still works.
    requireTLS: settings.security === 'starttls',
    ignoreTLS: settings.security === 'none',
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    dnsTimeout: timeout,
    // Loopback counts: a relay on the same host is a normal set-up.
    allowInternalNetworkInterfaces: true,
    tls: {
      minVersion: 'TLSv1.2' as const,
      // A private CA is trusted besides the public ones, not instead of them.
      ...(settings.ca_pem ? { ca: [...rootCertificates, settings.ca_pem] } : {}),
    },
    ...(settings.username ? { auth: { user: settings.username, pass: settings.password } } : {}),
  };
}

const TLS_CODES = /^(?:ETLS|ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|HOSTNAME_MISMATCH)/;
const UNREACHABLE_CODES = /^(?:ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|EDNS|ECONNRESET|EPIPE|ECONNECTION|ESOCKET)$/;

/** Names a nodemailer failure for a person; the detail (for the log) keeps the server's words. */
function classify(error: unknown): MailFailure {
  const e = error as { code?: unknown; responseCode?: unknown; response?: unknown; message?: unknown; cause?: { code?: unknown } };
  const code = typeof e.code === 'string' ? e.code : '';
  const inner = typeof e.cause?.code === 'string' ? e.cause.code : '';
  const message = typeof e.message === 'string' ? e.message : String(error);
  const detail = (typeof e.response === 'string' && e.response ? e.response : message).replace(/\s+/g, ' ').slice(0, 500);
  if (code === 'EAUTH' || code === 'ENOAUTH') return { code: 'mail.auth_failed', detail };
  // Includes a server that does not offer STARTTLS when it is required (a 5xx answer to it).
  if (code === 'ETLS') return { code: 'mail.tls_failed', detail };
  // The server answered with a refusal (a recipient, the sender, the message): its words say why.
  if (typeof e.responseCode === 'number' && e.responseCode >= 400) return { code: 'mail.refused', detail };
  if (code === 'ETIMEDOUT' || /timeout/i.test(message)) return { code: 'mail.timeout', detail };
  if (TLS_CODES.test(code) || TLS_CODES.test(inner) || /certificate|ssl|tls/i.test(message)) return { code: 'mail.tls_failed', detail };
  if (UNREACHABLE_CODES.test(code) || UNREACHABLE_CODES.test(inner)) return { code: 'mail.unreachable', detail };
  return { code: 'mail.refused', detail };
}
