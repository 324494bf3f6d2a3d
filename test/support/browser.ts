/**
 * A browser without a screen: follows redirects, keeps cookies per host, and submits the
 * auto-posting forms of `response_mode=form_post` (spec/oidc-rp.md §5.3). It does not apply
 * SameSite rules; the Chromium tests do that.
 */
export interface Step {
  url: string;
  status: number;
  headers: Headers;
  body: string;
}

function unescapeHtml(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)))
    .replace(/&amp;/g, '&');
}

export function formOf(html: string): { action: string; fields: URLSearchParams } | undefined {
  const form = /<form[^>]*method="post"[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) return undefined;
  const fields = new URLSearchParams();
  for (const input of (form[2] ?? '').matchAll(/<input[^>]*>/gi)) {
    const name = /name="([^"]*)"/.exec(input[0])?.[1];
    const value = /value="([^"]*)"/.exec(input[0])?.[1] ?? '';
    if (name) fields.append(unescapeHtml(name), unescapeHtml(value));
  }
  return { action: unescapeHtml(form[1] ?? ''), fields };
}

export function createBrowser() {
  const jars = new Map<string, Map<string, string>>();

  function cookieHeader(url: URL): string {
    const jar = jars.get(url.host);
    return jar ? [...jar].map(([k, v]) => `${k}=${v}`).join('; ') : '';
  }

  function store(url: URL, headers: Headers) {
    const jar = jars.get(url.host) ?? new Map<string, string>();
    for (const line of headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '';
      if (expired) jar.delete(name);
      else jar.set(name, value);
    }
    jars.set(url.host, jar);
  }

  async function request(url: string, init: { method?: string; body?: URLSearchParams } = {}): Promise<Step> {
    const target = new URL(url);
    const headers: Record<string, string> = { cookie: cookieHeader(target), 'user-agent': 'deskgate-test-browser' };
    if (init.body) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(target, {
      method: init.method ?? 'GET',
      headers,
      redirect: 'manual',
      ...(init.body ? { body: init.body.toString() } : {}),
    });
    store(target, response.headers);
    return { url: target.href, status: response.status, headers: response.headers, body: await response.text() };
  }

  return {
    request,
    cookies: (host: string) => jars.get(host) ?? new Map<string, string>(),
    /**
     * Follows redirects and auto-submitting forms from `url` until a page that is neither
     * (or until `stopAt` matches the next URL, which is then returned unvisited as `url`).
     */
    async navigate(url: string, options: { stopAt?: (next: string) => boolean; method?: string; body?: URLSearchParams } = {}): Promise<Step> {
      let step = await request(url, { ...(options.method ? { method: options.method } : {}), ...(options.body ? { body: options.body } : {}) });
      for (let hops = 0; hops < 20; hops++) {
        const location = step.headers.get('location');
        if (step.status >= 300 && step.status < 400 && location) {
          const next = new URL(location, step.url).href;
          if (options.stopAt?.(next)) return { ...step, url: next };
          step = await request(next);
          continue;
        }
        // A page that submits its form by script (form_post, the resubmit page), not one whose script only shows times.
        const autoForm = step.status === 200 && /onload|<script[^>]*>[^<]*submit/i.test(step.body) ? formOf(step.body) : undefined;
        if (autoForm) {
          const next = new URL(autoForm.action, step.url).href;
          step = await request(next, { method: 'POST', body: autoForm.fields });
          continue;
        }
        return step;
      }
      throw new Error('too many redirects');
    },
  };
}

export type Browser = ReturnType<typeof createBrowser>;
