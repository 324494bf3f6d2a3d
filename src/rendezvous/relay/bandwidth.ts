/**
 * Token buckets for the relay's optional limits (DESKGATE_RELAY_BANDWIDTH per connection,
 * DESKGATE_RELAY_TOTAL_BANDWIDTH for all): a sender over its rate is paused, never dropped.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  /** `rate` bytes a second, at most one second's worth saved up. */
  constructor(
    private readonly rate: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = rate;
    this.last = now();
  }

  /** Takes `bytes`; returns how many ms the sender should wait before sending more (0: none). */
  take(bytes: number): number {
    const t = this.now();
    this.tokens = Math.min(this.rate, this.tokens + ((t - this.last) * this.rate) / 1000);
    this.last = t;
    this.tokens -= bytes;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens * 1000) / this.rate);
  }
}

/** The wait before more bytes may pass every bucket given (the longest of their waits). */
export function takeAll(buckets: readonly (TokenBucket | undefined)[], bytes: number): number {
  let wait = 0;
  for (const bucket of buckets) if (bucket) wait = Math.max(wait, bucket.take(bytes));
  return wait;
}
