import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { isAppError } from '../errors.js';
import type { ClientSignIn } from '../domain/client-sign-in.js';
import type { User } from '../domain/user.js';
import type { TestSignInReport } from '../services/test-sign-in.js';
import { logSignIn } from './activity-log.js';
import type { HttpContext } from './context.js';
import { PENDING_STEP_COOKIE, TRUST_COOKIE, readCookie, readSessionCookie, setSessionCookie, setSignInCookie } from './cookies.js';
import { clearTxCookie, readTxCookie, sendResubmitPage, setTxCookie, takeResubmitMarker } from './oidc-browser-binding.js';
import { requestOrigin } from './origin.js';
import { LOCAL_TIME_SCRIPT, escapeHtml, sendErrorPage, sendPage, timeHtml, type NextStep } from './pages.js';
import { toPageError } from './wire-errors.js';

const tags = ['Single sign-on (browser)'];

/** What the confirmation page shows of a value at most (RFC 8628 §5.4: the client chose it). */
const SHOWN_LENGTH = 64;

/**
 * Client-supplied text as the page shows it: control and invisible formatting characters (a
 * right-to-left override can make a name read backwards) made visible, and long text cut.
 */
function shownText(value: string): string {
  const chars = Array.from(value.replace(/[\p{Cc}\p{Cf}]/gu, '\uFFFD'));
  return chars.length > SHOWN_LENGTH ? `${chars.slice(0, SHOWN_LENGTH - 1).join('')}…` : chars.join('');
}

function deviceRows(signIn: ClientSignIn, user: User): string {
  const info = JSON.parse(signIn.device_info) as Record<string, string>;
  const rows: [string, string][] = [
    ['Account', user.display_name ? `${user.display_name} (${user.name})` : user.name],
    ['Device name', info.name || 'not reported'],
    ['Operating system', info.os || 'not reported'],
    ['RustDesk ID', signIn.device_id || 'not reported'],
    ['Requested from', signIn.ip],
  ];
  const requestedAt = `<dt>Requested at</dt><dd>${timeHtml(signIn.created_at)}</dd>`;
  return `<dl>${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(shownText(v))}</dd>`).join('')}${requestedAt}</dl>`;
}

/**
 * RFC 8628 §5.4 (remote phishing): someone elsewhere can start a sign-in on their own device and
 * send the link to a victim. When the browser is not where the client asked from, say so.
 */
function addressWarning(signIn: ClientSignIn, browserIp: string): string {
  return `<p class="warning"><strong>This sign-in was requested from another network address.</strong> The RustDesk client asked from ${escapeHtml(shownText(signIn.ip))}; this browser is at ${escapeHtml(shownText(browserIp))}. If you did not start this sign-in yourself, on the device below, choose Deny: someone may be trying to sign their device in as you.</p>`;
}

/** Rule names as the console's test sign-in report shows them. */
const RULE_NAMES: Record<string, string> = {
  allowed_tenants: 'Allowed tenants',
  allowed_email_domains: 'Allowed e-mail domains',
  allowed_orgs: 'Allowed organisations',
  allow_anyone: 'Anyone',
  auto_register: 'Account',
  account_enabled: 'Account enabled',
  max_authorized_users: 'User cap',
  username_claim: 'Username',
  groups_claim: 'Groups',
  admin_groups: 'Administrator',
  groups_overage: 'Groups overage',
};

/**
 * A test sign-in's result: who signed in at the provider, and each policy rule's verdict by
 * name with what to do. Everything from the provider is escaped; nothing here signs anyone in.
 */
function testReportHtml(report: TestSignInReport): string {
  const closing = '<p>The same report is on Settings → OIDC, under the provider. You can close this window.</p>';
  if (report.error) {
    return `<p class="warning"><strong>The sign-in at the provider failed.</strong> ${escapeHtml(report.error.message)} (${escapeHtml(report.error.code)})</p>${closing}`;
  }
  const who = report.identity;
  const rows: [string, string][] = who
    ? [
        ['Name', who.name || 'not sent'],
        ['E-mail', who.email ? `${who.email} (${who.email_verified ? 'verified' : 'not verified'})` : 'not sent'],
        ...(who.tenant ? ([['Tenant', who.tenant]] as [string, string][]) : []),
        ['Subject', who.subject],
        ['Issuer', who.issuer],
      ]
    : [];
  const identity = `<dl>${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v.replace(/[\p{Cc}\p{Cf}]/gu, '\uFFFD'))}</dd>`).join('')}</dl>`;
  const refused = report.verdicts.filter((v) => !v.ok).map((v) => RULE_NAMES[v.rule] ?? v.rule);
  const summary = report.ok
    ? '<p><strong>This person would be admitted.</strong> Nobody was signed in and nothing was created.</p>'
    : `<p class="warning"><strong>This person would be refused</strong> by: ${escapeHtml(refused.join(', '))}. Nobody was signed in and nothing was created.</p>`;
  const verdicts = report.verdicts
    .map((v) => {
      const fix = v.fix ? `<br>What to do: ${escapeHtml(v.fix)}` : '';
      return `<li data-rule="${escapeHtml(v.rule)}" data-ok="${v.ok}">${v.ok ? '✓' : '✗'} <strong>${escapeHtml(RULE_NAMES[v.rule] ?? v.rule)}</strong>: ${escapeHtml(v.message)}${fix}</li>`;
    })
    .join('');
  return `${summary}${identity}<ul>${verdicts}</ul>${closing}`;
}

/** After a failure: a console sign-in goes back to the sign-in page; a RustDesk client's browser is closed. */
const CONSOLE_AGAIN: NextStep = { backToSignIn: true };
const CLIENT_AGAIN = 'Close this window and start the sign-in again from RustDesk.';
/** At the callback either kind may fail: the way back to the console, and words for a RustDesk client. */
const EITHER_AGAIN: NextStep = { backToSignIn: true, otherwise: 'Signing in a RustDesk client? Close this window and start the sign-in again from RustDesk.' };
const LINK_AGAIN = 'Go back to My account in the console and connect the provider again.';

/** The browser leg: start, provider callback, and the client sign-in confirmation. */
export const oidcPageRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, ctx) => {
  const { services, clock } = ctx;

  function fail(reply: FastifyReply, error: unknown, request: FastifyRequest, next: NextStep): FastifyReply {
    const page = toPageError(error);
    if (isAppError(error) && page.status < 500) request.log.info({ code: error.code, detail: error.detail }, 'single sign-on refused');
    else request.log.error({ err: error }, 'single sign-on failed');
    return sendErrorPage(reply, page.status, page.message, next);
  }

  app.get(
    '/api/oidc/login/:name',
    {
      schema: {
        tags,
        summary: 'Console sign-in through a provider; comes back to return_to (a local path)',
        params: Type.Object({ name: Type.String({ maxLength: 64 }) }),
        querystring: Type.Object({ return_to: Type.Optional(Type.String({ maxLength: 1000 })) }),
      },
    },
    async (request, reply) => {
      try {
        const started = await services.sso.startConsole({
          providerName: request.params.name,
          returnTo: request.query.return_to,
          requestOrigin: requestOrigin(request),
          ip: request.ip,
        });
        setTxCookie(request, reply, started.browserCookie, started.formPost);
        return reply.redirect(started.redirect, 302);
      } catch (error) {
        return fail(reply, error, request, CONSOLE_AGAIN);
      }
    },
  );

  app.get(
    '/api/oidc/start/:id',
    {
      schema: {
        tags,
        summary: 'The URL a RustDesk client opens: goes on to the provider',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
      },
    },
    async (request, reply) => {
      try {
        const started = await services.sso.continueClient({ signInId: request.params.id, requestOrigin: requestOrigin(request), ip: request.ip });
        setTxCookie(request, reply, started.browserCookie, started.formPost);
        return reply.redirect(started.redirect, 302);
      } catch (error) {
        return fail(reply, error, request, CLIENT_AGAIN);
      }
    },
  );

  /** The provider's answer to "Connect <provider>" on My account: back there, or a page saying why not. */
  async function linkCallback(request: FastifyRequest, reply: FastifyReply, params: URLSearchParams, method: 'GET' | 'POST') {
    try {
      const result = await services.accountLinks.complete({
        params,
        method,
        browserCookie: readTxCookie(request),
        sessionCookie: readSessionCookie(request),
        ip: request.ip,
      });
      clearTxCookie(request, reply);
      return reply.redirect(`${result.returnTo}?${new URLSearchParams({ connected: result.provider })}`, 302);
    } catch (error) {
      if (!isAppError(error, 'oidc.browser_mismatch') && !isAppError(error, 'oidc.transaction_not_found')) clearTxCookie(request, reply);
      const page = toPageError(error);
      if (isAppError(error) && page.status < 500) request.log.info({ code: error.code, detail: error.detail }, 'connecting a provider refused');
      else request.log.error({ err: error }, 'connecting a provider failed');
      return sendErrorPage(reply, page.status, page.message, LINK_AGAIN);
    }
  }

  async function callback(request: FastifyRequest, reply: FastifyReply, params: URLSearchParams, method: 'GET' | 'POST') {
    if (await services.accountLinks.awaitsCallback(params.get('state') ?? '')) return linkCallback(request, reply, params, method);
    try {
      const result = await services.sso.handleCallback({
        params,
        method,
        browserCookie: readTxCookie(request),
        ip: request.ip,
      });
      clearTxCookie(request, reply);
      if (result.kind === 'console' && result.localSecondStep) {
        // The provider's policy asks for deskgate's second step too: a session, or back to the
        // console, which finds the step pending (its secret in a cookie for /api/session only).
        const step = await services.signIn.consoleAfterSso(
          result.user,
          { ip: request.ip, userAgent: String(request.headers['user-agent'] ?? ''), trustToken: readCookie(request, TRUST_COOKIE) },
          { providerId: result.sso.providerId, sid: result.sso.sid ?? '', ttlHours: result.sso.ttlHours, sealedIdToken: result.sso.sealedIdToken },
        );
        if (step.kind === 'second_factor') {
          setSignInCookie(request, reply, PENDING_STEP_COOKIE, step.secret, 15 * 60);
          return reply.redirect(result.returnTo, 302);
        }
        setSessionCookie(request, reply, step.cookie, { expiresAt: step.session.expiresAt, now: clock.now(), remember: false });
        logSignIn(request, { user: result.user, method: 'sso', provider: result.provider, channel: 'console' });
        return reply.redirect(result.returnTo, 302);
      }
      if (result.kind === 'console') {
        const { cookie, session } = await services.consoleSessions.create(result.user, {
          sso: result.sso,
          remember: false,
          ip: request.ip,
          userAgent: String(request.headers['user-agent'] ?? ''),
        });
        setSessionCookie(request, reply, cookie, { expiresAt: session.expiresAt, now: clock.now(), remember: false });
        logSignIn(request, { user: result.user, method: 'sso', provider: result.provider, channel: 'console' });
        return reply.redirect(result.returnTo, 302);
      }
      if (result.kind === 'test') {
        return sendPage(reply, 200, `Test sign-in: ${result.report.provider_name}`, testReportHtml(result.report));
      }
      if (result.kind === 'client-done') {
        return sendPage(reply, 200, 'Signed in', '<p>RustDesk is now signed in. You can close this window.</p>');
      }
      const { signIn, user, confirmToken, otherAddress } = result;
      const form = (decision: string, label: string, primary: boolean) =>
        `<form method="post" action="/api/oidc/confirm"><input type="hidden" name="id" value="${escapeHtml(signIn.id)}"><input type="hidden" name="token" value="${escapeHtml(confirmToken)}"><input type="hidden" name="decision" value="${decision}"><button type="submit"${primary ? ' class="primary"' : ''}>${label}</button></form>`;
      return sendPage(
        reply,
        200,
        'Sign in to RustDesk on this device?',
        `${otherAddress ? addressWarning(signIn, request.ip) : ''}<p>A RustDesk client asked to sign in as you. Confirm only if you started this sign-in on the device below.</p>${deviceRows(signIn, user)}${form('confirm', 'Confirm', true)}${form('deny', 'Deny', false)}`,
        { script: LOCAL_TIME_SCRIPT },
      );
    } catch (error) {
      // The cookie stays when nothing was consumed: the browser that began the sign-in may still finish it.
      if (!isAppError(error, 'oidc.browser_mismatch') && !isAppError(error, 'oidc.transaction_not_found')) clearTxCookie(request, reply);
      return fail(reply, error, request, EITHER_AGAIN);
    }
  }

  // What providers send back (RFC 6749 §4.1.2, OIDC Core §3.3.2.5, RFC 9207); other fields pass through.
  const param = Type.Optional(Type.String({ maxLength: 8192 }));
  const CallbackQuery = Type.Object(
    { code: param, state: param, iss: param, id_token: param, session_state: param, error: param, error_description: param },
    { additionalProperties: Type.String({ maxLength: 8192 }) },
  );

  app.get('/api/oidc/callback', { schema: { tags, summary: 'Where providers send the browser back (query)', querystring: CallbackQuery } }, (request, reply) =>
    callback(request, reply, new URLSearchParams(request.query as Record<string, string>), 'GET'),
  );

  app.post(
    '/api/oidc/callback',
    { schema: { tags, summary: 'Where providers send the browser back (form_post)', body: CallbackQuery } },
    async (request, reply) => {
      const params = new URLSearchParams(request.body as Record<string, string>);
      const resubmitted = takeResubmitMarker(params);
      // Only a sign-in under way is worth a second trip; anything else is refused at once. A link
      // also needs the console session's Lax cookie, which a cross-site POST leaves behind.
      const state = params.get('state') ?? '';
      const cookieLeftBehind =
        readTxCookie(request) === undefined || (readSessionCookie(request) === undefined && (await services.accountLinks.awaitsCallback(state)));
      if (!resubmitted && cookieLeftBehind && (await services.sso.awaitsCallback(state))) {
        return sendResubmitPage(reply, params);
      }
      return callback(request, reply, params, 'POST');
    },
  );

  app.post(
    '/api/oidc/confirm',
    {
      schema: {
        tags,
        summary: 'Confirm or deny a RustDesk client sign-in (form post from the confirmation page)',
        body: Type.Object({
          id: Type.String({ maxLength: 64 }),
          token: Type.String({ maxLength: 200 }),
          decision: Type.Union([Type.Literal('confirm'), Type.Literal('deny')]),
        }),
      },
    },
    async (request, reply) => {
      try {
        const outcome = await services.sso.decideClient({
          signInId: request.body.id,
          token: request.body.token,
          approve: request.body.decision === 'confirm',
          ip: request.ip,
        });
        return outcome === 'approved'
          ? sendPage(reply, 200, 'Signed in', '<p>RustDesk is now signed in. You can close this window.</p>')
          : sendPage(reply, 200, 'Sign-in denied', '<p>The RustDesk client was not signed in. You can close this window.</p>');
      } catch (error) {
        return fail(reply, error, request, CLIENT_AGAIN);
      }
    },
  );
};
