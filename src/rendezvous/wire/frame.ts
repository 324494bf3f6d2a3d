/**
 * RustDesk's TCP framing (spec/rustdesk-rendezvous.md §1.2): a 1–4 byte little-endian header whose
 * first byte's low two bits give its length − 1, and the payload length in the rest (`h >> 2`).
 * An empty frame is the keep-alive of long-lived links.
 */

/** The largest payload a stock encoder can write (30 bits). */
const MAX_ENCODABLE = 0x3fffffff;

/** The header for a payload of `length` bytes, in the shortest form (as the client writes it). */
export function frameHeader(length: number): Buffer {
  if (length <= 0x3f) return Buffer.from([length << 2]);
  if (length <= 0x3fff) {
    const h = (length << 2) | 1;
    return Buffer.from([h & 0xff, h >>> 8]);
  }
  if (length <= 0x3fffff) {
    const h = (length << 2) | 2;
    return Buffer.from([h & 0xff, (h >>> 8) & 0xff, h >>> 16]);
  }
  if (length <= MAX_ENCODABLE) {
    const h = Buffer.alloc(4);
    h.writeUInt32LE(((length << 2) | 3) >>> 0);
    return h;
  }
  throw new RangeError('frame too large');
}

/** One frame: header and payload in one buffer. */
export function frame(payload: Uint8Array): Buffer {
  return Buffer.concat([frameHeader(payload.length), payload]);
}

export class FrameTooLarge extends Error {
  constructor(readonly length: number) {
    super(`frame of ${length} bytes is over the limit`);
  }
}

/**
 * Splits a byte stream into frame payloads. Chunks are kept as they arrive and joined only when
 * a frame is complete, so a header that announces a huge length allocates nothing: the frame is
 * refused as soon as its header is read (`FrameTooLarge`), before its bytes arrive.
 */
export class FrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;

  constructor(private readonly maxPayload: number) {}

  /** Bytes received but not yet part of a returned frame (the relay forwards them as they are). */
  get pending(): Buffer {
    return this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
  }

  /** The next complete payload, or undefined until more bytes arrive. Throws FrameTooLarge. */
  next(): Buffer | undefined {
    if (this.buffered === 0) return undefined;
    const first = this.chunks[0]!;
    const headerLength = (first[0]! & 3) + 1;
    if (this.buffered < headerLength) return undefined;
    const head = first.length >= headerLength ? first : this.pending;
    let h = 0;
    for (let i = headerLength - 1; i >= 0; i--) h = h * 256 + head[i]!;
    const length = Math.floor(h / 4);
    if (length > this.maxPayload) throw new FrameTooLarge(length);
    if (this.buffered < headerLength + length) return undefined;
    const all = this.chunks.length === 1 ? first : Buffer.concat(this.chunks, this.buffered);
    const payload = all.subarray(headerLength, headerLength + length);
    const rest = all.subarray(headerLength + length);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    return payload;
  }
}
