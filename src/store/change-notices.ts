import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The channel migration 0013's triggers notify: `t:<token hash>` and `u:<user id>`. */
export const TOKEN_CHANGES_CHANNEL = 'deskgate_token_changes';

/**
 * What the services see of the database's change notices (PostgreSQL LISTEN/NOTIFY), without pg.
 * While `listening` is true, every change committed since it became true reaches `onNotice`.
 */
export interface ChangeNotices {
  readonly listening: boolean;
  /** Called with each notice's payload, as the trigger wrote it. */
  onNotice(fn: (payload: string) => void): void;
  /** Called when the connection is lost: notices may have been missed from then until `listening` again. */
  onLost(fn: () => void): void;
  /**
   * Resolves true once every change committed before this call has reached `onNotice` (a
   * notice sent now came back: they arrive in commit order), false if that cannot be told.
   */
  caughtUp(): Promise<boolean>;
}

export interface ChangeListener extends ChangeNotices {
  /** Connects and listens; resolves after the first attempt, whether it worked or not (it retries by itself). */
  start(): Promise<void>;
  close(): Promise<void>;
}

export interface ListenerTimings {
  /** First wait before connecting again; it doubles up to `retryMaxMs`. */
  retryMs: number;
  retryMaxMs: number;
  /** How often the connection proves it still receives notices. */
  probeEveryMs: number;
  /** How long a probe may take before the connection counts as lost. */
  probeTimeoutMs: number;
}

const TIMINGS: ListenerTimings = { retryMs: 250, retryMaxMs: 30_000, probeEveryMs: 30_000, probeTimeoutMs: 10_000 };

/** How the connection shows in `pg_stat_activity`. */
export const LISTENER_NAME = 'deskgate change notices';

/** Payloads of probes (`p:…`): every instance sends them on the same channel, and nobody else reads them. */
const PROBE = 'p:';

/**
 * One dedicated connection that LISTENs on `channel` and hands each notice on. It counts as
 * listening only once a notice it sent itself came back (a pooler in transaction mode, say,
 * would take the LISTEN and deliver nothing), and proves it again every `probeEveryMs`: a
 * connection that died without a word (a half-open TCP connection) is found within
 * `probeEveryMs + probeTimeoutMs`. On an error, its end or a failed probe it reports "lost" and
 * connects again after a growing pause. Its timers never keep the process alive.
 */
export function createChangeListener(
  config: pg.ClientConfig,
  channel: string = TOKEN_CHANGES_CHANNEL,
  timings: ListenerTimings = TIMINGS,
): ChangeListener {
  const noticeFns: ((payload: string) => void)[] = [];
  const lostFns: (() => void)[] = [];
  let client: pg.Client | undefined;
  let listening = false;
  let closed = false;
  let started: Promise<void> | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let probeTimer: NodeJS.Timeout | undefined;
  let retryMs = timings.retryMs;
  /** The last connection's end, which `close` waits for. */
  let ended: Promise<void> = Promise.resolve();
  /** The probe awaited, by payload. */
  const probes = new Map<string, () => void>();

  function lose(c: pg.Client): void {
    if (client !== c) return;
    client = undefined;
    clearInterval(probeTimer);
    probeTimer = undefined;
    probes.clear();
    ended = c.end().catch(() => {});
    if (listening) {
      listening = false;
      for (const fn of lostFns) fn();
    }
    if (closed) return;
    retryTimer = setTimeout(() => void connect(), retryMs).unref();
    retryMs = Math.min(retryMs * 2, timings.retryMaxMs);
  }

  /** Sends a notice on `c` and resolves true once it came back, false after the timeout or a failure. */
  async function probe(c: pg.Client): Promise<boolean> {
    const payload = `${PROBE}${randomBytes(9).toString('base64url')}`;
    const arrived = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), timings.probeTimeoutMs).unref();
      probes.set(payload, () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    // Raced with the timeout: on a connection that died silently the query itself never ends.
    const sent = c.query('select pg_notify($1, $2)', [channel, payload]).then(
      () => arrived,
      () => false,
    );
    try {
      return await Promise.race([arrived, sent]);
    } finally {
      probes.delete(payload);
    }
  }

  async function connect(): Promise<void> {
    retryTimer = undefined;
    if (closed) return;
    const c = new pg.Client({ application_name: LISTENER_NAME, ...config, keepAlive: true });
    client = c;
    c.on('error', () => lose(c));
    c.on('end', () => lose(c));
    c.on('notification', (message) => {
      if (client !== c || message.channel !== channel || message.payload === undefined) return;
      if (message.payload.startsWith(PROBE)) {
        probes.get(message.payload)?.();
        return;
      }
      for (const fn of noticeFns) fn(message.payload);
    });
    try {
      await c.connect();
      await c.query(`listen ${c.escapeIdentifier(channel)}`);
      if (!(await probe(c))) throw new Error('a notice sent did not come back');
    } catch {
      lose(c);
      return;
    }
    if (client !== c) return;
    listening = true;
    retryMs = timings.retryMs;
    probeTimer = setInterval(() => {
      void probe(c).then((ok) => {
        if (!ok) lose(c);
      });
    }, timings.probeEveryMs).unref();
  }

  return {
    get listening() {
      return listening;
    },
    onNotice(fn) {
      noticeFns.push(fn);
    },
    onLost(fn) {
      lostFns.push(fn);
    },
    async caughtUp() {
      const c = client;
      if (!listening || !c) return false;
      const ok = await probe(c);
      if (!ok) lose(c);
      return ok;
    },
    start() {
      started ??= connect();
      return started;
    },
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      if (client) lose(client);
      // Waited for, so that a database dropped next finds nobody connected.
      await ended;
    },
  };
}
