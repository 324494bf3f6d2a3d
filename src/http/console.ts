import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import type { HttpContext } from './context.js';
import { sendError } from './wire-errors.js';

/** Where `npm run build` puts the console (vite, from web/): the same from src/ and dist/. */
export const DEFAULT_CONSOLE_ROOT = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/**
 * The console's scripts and styles come from this origin only, never inline (Vite emits none);
 * `img-src data:` is for provider icons, which are shown only as `data:image/svg+xml` images.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

// Vite names every file under assets/ by its content hash, so a changed file has a new name.
const IMMUTABLE = 'public, max-age=31536000, immutable';

function secure(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', CONSOLE_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'same-origin')
    .header('x-frame-options', 'DENY')
    .header('cross-origin-opener-policy', 'same-origin');
}

/** A path under `root`, or undefined for anything that tries to leave it or names a dotfile. */
function resolveInside(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.split('/').some((part) => part.startsWith('.'))) return undefined;
  const file = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  return file.startsWith(root) ? file : undefined;
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}

const NOT_BUILT = (root: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>deskgate</title></head>
<body><h1>The web console is not built</h1><p>deskgate found no console in <code>${root.replace(/[&<>"']/g, '')}</code>.
Run <code>npm run build</code> (<code>npm install</code> does it) and start deskgate again. The API works without it.</p></body></html>`;

/**
 * The web console (DESIGN.md layout): files from web/dist, index.html for every other
 * non-API path (the console routes in the browser), and a JSON 404 for unknown /api paths.
 * Registered last, so every API route wins over the catch-all.
 */
export const consoleRoutes: FastifyPluginAsync<HttpContext & { root?: string }> = async (app, options) => {
  const root = path.resolve(options.root ?? DEFAULT_CONSOLE_ROOT) + path.sep;
  const index = path.join(root, 'index.html');
  if (!(await isFile(index))) app.log.warn(`web console not built: ${index} is missing; run npm run build`);

  async function sendIndex(reply: FastifyReply): Promise<FastifyReply> {
    const html = await readFile(index).catch(() => undefined);
    secure(reply).header('cache-control', 'no-cache');
    if (!html) return reply.status(503).type(TYPES['.html'] as string).send(NOT_BUILT(root));
    return reply.type(TYPES['.html'] as string).send(html);
  }

  app.get('/*', { schema: { hide: true } }, async (request: FastifyRequest, reply: FastifyReply) => {
    const urlPath = request.url.split('?')[0] ?? '/';
    if (urlPath === '/api' || urlPath.startsWith('/api/')) return sendError(new AppError('request.not_found'), request, reply);
    if (urlPath === '/' || urlPath === '/index.html') return sendIndex(reply);
    const file = resolveInside(root, urlPath);
    if (file && (await isFile(file))) {
      const extension = path.extname(file);
      const cache = urlPath.startsWith('/assets/') ? IMMUTABLE : 'public, max-age=3600';
      return secure(reply)
        .header('cache-control', cache)
        .type(TYPES[extension] ?? 'application/octet-stream')
        .send(await readFile(file));
    }
    // A missing script or image is a 404, not the page: only route-like paths get index.html.
    if (urlPath.startsWith('/assets/') || path.extname(urlPath) !== '') {
      return secure(reply).status(404).type(TYPES['.txt'] as string).header('cache-control', 'no-cache').send('Not found');
    }
    return sendIndex(reply);
  });
};
