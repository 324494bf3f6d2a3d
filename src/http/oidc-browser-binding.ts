import type { FastifyReply, FastifyRequest } from 'fastify';
import { readCookies } from './cookies.js';
import { escapeHtml, sendPage } from './pages.js';

const TX_COOKIE = 'deskgate_oidc';
// On https the __Host- prefix pins the cookie to this origin (no Domain, Path=/, Secure), so a
// sibling site cannot plant a transaction cookie of its own (cookie tossing).
const TX_COOKIE_HTTPS = '__Host-deskgate_oidc';
/** Marks the same-origin re-submission of a form_post callback (see `sendResubmitPage`). */
const RESUBMIT_FIELD = 'deskgate_resubmit';

/**
 * The transaction cookie binds a sign-in to the browser that began it; the callback requires it
 * on GET and POST alike. A form_post callback is a cross-site POST, which carries only
 * `SameSite=None; Secure` cookies, and browsers accept those on https or localhost only;
 * elsewhere the cookie is `Lax` and reaches the callback through a same-origin re-submission.
 */
export function setTxCookie(request: FastifyRequest, reply: FastifyReply, value: string, formPost: boolean): void {
  const https = request.protocol === 'https';
  const crossSite = formPost && (https || request.hostname === 'localhost');
  const parts = [`${https ? TX_COOKIE_HTTPS : TX_COOKIE}=${value}`, `Path=${https ? '/' : '/api/oidc'}`, 'HttpOnly', 'Max-Age=600'];
  parts.push(crossSite ? 'SameSite=None' : 'SameSite=Lax');
  if (https || crossSite) parts.push('Secure');
  reply.header('set-cookie', parts.join('; '));
}

export function readTxCookie(request: FastifyRequest): string | undefined {
  return readCookies(request)[request.protocol === 'https' ? TX_COOKIE_HTTPS : TX_COOKIE];
}

export function clearTxCookie(request: FastifyRequest, reply: FastifyReply): void {
  const https = request.protocol === 'https';
  const name = https ? `${TX_COOKIE_HTTPS}=; Path=/; Secure` : `${TX_COOKIE}=; Path=/api/oidc`;
  reply.header('set-cookie', `${name}; HttpOnly; Max-Age=0; SameSite=Lax`);
}

/** Submits the page's form (by the prototype's method: a field named `submit` cannot shadow it). */
const RESUBMIT_SCRIPT = 'HTMLFormElement.prototype.submit.call(document.forms[0])';

/**
 * A form_post callback that arrived without the `Lax` transaction cookie (a cross-site POST on
 * plain http) gets this page: it posts the same fields again to the callback, now from this
 * origin, so the browser sends the cookie. Nothing is consumed until then, and only the marked
 * re-submission that carries the cookie can complete the sign-in.
 */
export function sendResubmitPage(reply: FastifyReply, params: URLSearchParams): FastifyReply {
  const fields = [...params, [RESUBMIT_FIELD, '1']]
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name ?? '')}" value="${escapeHtml(value ?? '')}">`)
    .join('');
  // `action="callback"` is this URL, whatever path prefix a proxy adds in front of it.
  const form = `<form method="post" action="callback">${fields}<noscript><p>Scripts are off in this browser: continue by hand.</p><button type="submit" class="primary">Continue</button></noscript></form>`;
  return sendPage(reply, 200, 'Finishing sign-in', form, { script: RESUBMIT_SCRIPT });
}


/** Takes the re-submission marker out of a callback's fields (it means nothing to the provider); true when it was there. */
export function takeResubmitMarker(params: URLSearchParams): boolean {
  const marked = params.get(RESUBMIT_FIELD) === '1';
  params.delete(RESUBMIT_FIELD);
  return marked;
}
