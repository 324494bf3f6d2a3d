import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';

/**
 * Plain server-rendered pages for the browser leg of single sign-on. No script, except a fixed
 * one a page may carry, allowed by its hash (CSP Level 3 §8.2 hash-source): nothing else runs.
 */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#1f2328;background:#fff}
@media (prefers-color-scheme:dark){body{color:#e6edf3;background:#0d1117}dl{border-color:#30363d}}
h1{font-size:1.4rem}dl{display:grid;grid-template-columns:auto 1fr;gap:.3rem 1rem;border:1px solid #d0d7de;border-radius:8px;padding:1rem}
dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}form{display:inline}button{font-size:1rem;padding:.5rem 1.2rem;margin:1rem .5rem 0 0;border-radius:6px;border:1px solid #8c959f;cursor:pointer}
button.primary{background:#1f6feb;color:#fff;border-color:#1f6feb}
.warning{border:2px solid #bf8700;background:#fff8c5;color:#1f2328;border-radius:8px;padding:.8rem 1rem}
a.button{display:inline-block;font-size:1rem;padding:.5rem 1.2rem;margin-top:.5rem;border-radius:6px;background:#1f6feb;color:#fff;text-decoration:none}`;

/**
 * Shows each `<time datetime="…">` in the browser's own time zone (the server's text, in UTC,
 * stays when scripts are off). A fixed text: the page's CSP allows it by its hash.
 */
export const LOCAL_TIME_SCRIPT =
  "for(const e of document.querySelectorAll('time[datetime]')){const d=new Date(e.getAttribute('datetime'));" +
  "if(!isNaN(d))e.textContent=d.toLocaleString(undefined,{dateStyle:'medium',timeStyle:'long'})}";

/** A moment as the pages show it: UTC text, turned into the browser's local time by LOCAL_TIME_SCRIPT. */
export function timeHtml(ms: number): string {
  const at = new Date(ms);
  return `<time datetime="${escapeHtml(at.toISOString())}">${escapeHtml(at.toUTCString())}</time>`;
}

/** The policy that lets one fixed script run, by its hash; the few scripts there are, each hashed once. */
const scriptPolicies = new Map<string, string>();
function cspWithScript(script: string): string {
  let policy = scriptPolicies.get(script);
  if (!policy) {
    policy = `${CSP}; script-src 'sha256-${createHash('sha256').update(script).digest('base64')}'`;
    scriptPolicies.set(script, policy);
  }
  return policy;
}

/**
 * `body` must already be escaped HTML. `script`, a fixed text that never contains request data,
 * runs at the end of the page.
 */
export function sendPage(reply: FastifyReply, status: number, title: string, body: string, options: { script?: string } = {}): FastifyReply {
  const script = options.script === undefined ? '' : `<script>${options.script}</script>`;
  const csp = options.script === undefined ? CSP : cspWithScript(options.script);
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="referrer" content="no-referrer"><title>${escapeHtml(title)} · deskgate</title><style>${STYLE}</style></head><body><h1>${escapeHtml(title)}</h1>${body}${script}</body></html>`;
  return reply
    .status(status)
    .header('content-security-policy', csp)
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .type('text/html; charset=utf-8')
    .send(html);
}

/**
 * What an error page offers next: words (a RustDesk client's browser has nothing to go back
 * to), or a "Back to sign-in" link to the console's sign-in page, with words for anyone else.
 */
export type NextStep = string | { backToSignIn: true; otherwise?: string };

export function sendErrorPage(reply: FastifyReply, status: number, message: string, next: NextStep): FastifyReply {
  const nextHtml =
    typeof next === 'string'
      ? `<p>${escapeHtml(next)}</p>`
      : `<p><a class="button" href="/sign-in">Back to sign-in</a></p>${next.otherwise ? `<p>${escapeHtml(next.otherwise)}</p>` : ''}`;
  return sendPage(reply, status, 'Sign-in failed', `<p>${escapeHtml(message)}</p>${nextHtml}`);
}
