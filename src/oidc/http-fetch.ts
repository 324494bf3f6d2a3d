import { Agent, request, type Dispatcher } from 'undici';
import type { FetchLike } from './client.js';

/** Discovery documents, key sets, token and userinfo answers are small; more is refused. */
export const MAX_RESPONSE_BYTES = 1024 * 1024;

/**
 * Free sockets are closed after this, below the 5 s idle timeout many servers use (Node's
 * included), so a request is not sent on a socket the provider is closing at that moment.
 */
const IDLE_SOCKET_MS = 4_000;

export interface HttpFetch extends FetchLike {
  /** Closes the kept-alive sockets (on shutdown). */
  close(): void;
}

/**
 * What oauth4webapi reads of a fetch answer (status, headers, text/json, clone), over bytes
 * already received. Building a WHATWG Response and reading it back through web streams costs
 * about 0.1 ms per call; this costs next to nothing. oauth4webapi accepts it because its
 * prototype is tagged `Response`, as cross-realm Responses are.
 */
export class BufferedResponse {
  readonly body = null;
  readonly url = '';
  readonly redirected = false;
  readonly type = 'basic';
  readonly statusText = '';
  bodyUsed = false;

  constructor(
    readonly status: number,
    readonly headers: Headers,
    private readonly bytes: Buffer,
  ) {}

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  get [Symbol.toStringTag](): string {
    return 'Response';
  }

  private take(): Buffer {
    if (this.bodyUsed) throw new TypeError('Body has already been consumed');
    this.bodyUsed = true;
    return this.bytes;
  }

  async text(): Promise<string> {
    return this.take().toString('utf8');
  }

  async json(): Promise<unknown> {
    return JSON.parse(this.take().toString('utf8')) as unknown;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = this.take();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  clone(): BufferedResponse {
    if (this.bodyUsed) throw new TypeError('Body has already been consumed');
    return new BufferedResponse(this.status, new Headers(this.headers), this.bytes);
  }
}

function bodyOf(body: RequestInit['body']): string | Uint8Array | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  if (body instanceof URLSearchParams) return body.toString();
  throw new TypeError('unsupported request body');
}

/**
 * The `fetch` openid-client uses to talk to identity providers: undici's request API over
 * kept-alive connections. Node's built-in fetch costs about 0.3 ms more CPU per call (web
 * streams, a cloned request and response), node:http about 0.05 ms more; a client sign-in makes
 * one such call in a budget of 2 ms. It does what oauth4webapi asks of fetch: no redirects
 * followed (it sends `redirect: 'manual'`), the signal aborts, the answer is buffered (capped).
 */
export function createHttpFetch(): HttpFetch {
  const agent = new Agent({ keepAliveTimeout: IDLE_SOCKET_MS, maxResponseSize: MAX_RESPONSE_BYTES });

  async function fetchOverHttp(input: string, init: RequestInit): Promise<Response> {
    const url = new URL(input);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`unsupported protocol ${url.protocol}`);
    const answer = await request(url, {
      dispatcher: agent,
      method: (init.method ?? 'GET') as Dispatcher.HttpMethod,
      headers: init.headers === undefined ? {} : Object.fromEntries(new Headers(init.headers).entries()),
      body: bodyOf(init.body),
      signal: init.signal ?? undefined,
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value === undefined) continue;
      for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
    }
    const bytes = Buffer.from(await answer.body.arrayBuffer());
    return new BufferedResponse(answer.statusCode, headers, bytes) as unknown as Response;
  }

  return Object.assign(fetchOverHttp, {
    close() {
      void agent.close();
    },
  });
}
