/**
 * A small proto3 codec driven by field tables (wire/messages.ts), for the few message types of
 * RustDesk's rendezvous protocol. Decoding is strict where it matters for a server facing the
 * internet: groups (wire types 3 and 4, the deep-recursion attack of spec §7.4) and truncated or
 * overlong fields are errors; unknown fields of the other wire types are skipped, unknown enum
 * values kept as numbers (spec §8 item 29).
 */

export type FieldType = 'string' | 'bytes' | 'int32' | 'uint64' | 'bool' | 'enum' | 'message';

export interface FieldDef {
  no: number;
  name: string;
  type: FieldType;
  repeated?: boolean;
  /** Part of a `oneof`: written whenever set, even to its default (§3, "tag + 00"). */
  oneof?: boolean;
  message?: MessageDef;
}

export interface MessageDef {
  name: string;
  fields: readonly FieldDef[];
  /** Filled on first use: field by number. */
  byNo?: Map<number, FieldDef>;
}

export class ProtobufError extends Error {}

type Value = string | Uint8Array | number | bigint | boolean | Record<string, unknown> | unknown[];

const utf8 = new TextDecoder('utf-8', { fatal: false });

// ---------- writing ----------

class Writer {
  private parts: Uint8Array[] = [];
  length = 0;

  byte(b: number) {
    this.parts.push(Uint8Array.of(b));
    this.length += 1;
  }

  varint(value: number | bigint) {
    if (typeof value === 'number' && !Number.isInteger(value)) throw new RangeError(`not a whole number: ${value}`);
    const bytes: number[] = [];
    if (typeof value === 'bigint' || value < 0 || value > Number.MAX_SAFE_INTEGER) {
      // Negative int32 are written as ten-byte two's complement, as protobuf does.
      let v = BigInt.asUintN(64, BigInt(value));
      while (v > 0x7fn) {
        bytes.push(Number(v & 0x7fn) | 0x80);
        v >>= 7n;
      }
      bytes.push(Number(v));
    } else {
      let v = value;
      while (v > 0x7f) {
        bytes.push((v % 128) | 0x80);
        v = Math.floor(v / 128);
      }
      bytes.push(v);
    }
    this.raw(Uint8Array.from(bytes));
  }

  raw(bytes: Uint8Array) {
    this.parts.push(bytes);
    this.length += bytes.length;
  }

  finish(): Buffer {
    return Buffer.concat(this.parts, this.length);
  }
}

const isDefault = (field: FieldDef, value: unknown): boolean => {
  switch (field.type) {
    case 'string':
      return value === '';
    case 'bytes':
      return (value as Uint8Array).length === 0;
    case 'bool':
      return value === false;
    case 'uint64':
      return value === 0n || value === 0;
    case 'message':
      return false;
    default:
      return value === 0;
  }
};

function writeField(w: Writer, field: FieldDef, value: unknown) {
  const key = (wire: number) => w.varint(field.no * 8 + wire);
  switch (field.type) {
    case 'string': {
      const bytes = Buffer.from(value as string, 'utf8');
      key(2);
      w.varint(bytes.length);
      w.raw(bytes);
      return;
    }
    case 'bytes':
      key(2);
      w.varint((value as Uint8Array).length);
      w.raw(value as Uint8Array);
      return;
    case 'message': {
      const inner = encode(field.message!, value as Record<string, unknown>);
      key(2);
      w.varint(inner.length);
      w.raw(inner);
      return;
    }
    case 'bool':
      key(0);
      w.varint(value ? 1 : 0);
      return;
    default:
      key(0);
      w.varint(value as number | bigint);
  }
}

/** Serializes `value` as `def`: proto3 rules, fields in number order, defaults left out. */
export function encode(def: MessageDef, value: Record<string, unknown>): Buffer {
  const w = new Writer();
  for (const field of def.fields) {
    const v = value[field.name];
    if (v === undefined || v === null) continue;
    if (field.repeated) {
      for (const item of v as unknown[]) writeField(w, field, item);
    } else if (field.oneof || !isDefault(field, v)) {
      writeField(w, field, v);
    }
  }
  return w.finish();
}

// ---------- reading ----------

class Reader {
  pos: number;
  constructor(
    readonly buf: Uint8Array,
    start: number,
    readonly end: number,
  ) {
    this.pos = start;
  }

  /** A varint as a number when it fits, else as a bigint (only uint64 fields keep those). */
  varint(): number | bigint {
    let result = 0;
    let shift = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new ProtobufError('truncated varint');
      const b = this.buf[this.pos++]!;
      if (shift < 49) {
        result += (b & 0x7f) * 2 ** shift;
      } else {
        return this.bigTail(result, shift, b);
      }
      if ((b & 0x80) === 0) return result;
      shift += 7;
    }
    throw new ProtobufError('varint too long');
  }

  private bigTail(low: number, shift: number, first: number): bigint {
    let result = BigInt(low);
    let b = first;
    let s = BigInt(shift);
    for (;;) {
      result |= BigInt(b & 0x7f) << s;
      if ((b & 0x80) === 0) return BigInt.asUintN(64, result);
      if (s >= 63n || this.pos >= this.end) throw new ProtobufError('bad varint');
      b = this.buf[this.pos++]!;
      s += 7n;
    }
  }

  lengthDelimited(): [number, number] {
    const length = Number(this.varint());
    const start = this.pos;
    if (!Number.isSafeInteger(length) || length > this.end - start) throw new ProtobufError('truncated field');
    this.pos = start + length;
    return [start, this.pos];
  }

  skip(wire: number) {
    switch (wire) {
      case 0:
        this.varint();
        return;
      case 1:
        this.advance(8);
        return;
      case 2:
        this.lengthDelimited();
        return;
      case 5:
        this.advance(4);
        return;
      default:
        // 3 and 4 (groups) are deprecated and unused here; nesting them is the recursion attack.
        throw new ProtobufError(`unsupported wire type ${wire}`);
    }
  }

  private advance(n: number) {
    if (this.pos + n > this.end) throw new ProtobufError('truncated field');
    this.pos += n;
  }
}

function defaultOf(field: FieldDef): Value | undefined {
  if (field.repeated) return [];
  if (field.oneof || field.type === 'message') return undefined;
  switch (field.type) {
    case 'string':
      return '';
    case 'bytes':
      return new Uint8Array(0);
    case 'bool':
      return false;
    case 'uint64':
      return 0n;
    default:
      return 0;
  }
}

function fieldsOf(def: MessageDef): Map<number, FieldDef> {
  def.byNo ??= new Map(def.fields.map((f) => [f.no, f]));
  return def.byNo;
}

function readValue(r: Reader, field: FieldDef, wire: number, depth: number): Value {
  if (field.type === 'string' || field.type === 'bytes' || field.type === 'message') {
    if (wire !== 2) throw new ProtobufError(`${field.name}: wrong wire type`);
    const [start, end] = r.lengthDelimited();
    if (field.type === 'string') return utf8.decode(r.buf.subarray(start, end));
    // A copy, so that a kept key does not pin the whole datagram or stream chunk.
    if (field.type === 'bytes') return Uint8Array.prototype.slice.call(r.buf, start, end);
    return decodeRange(field.message!, r.buf, start, end, depth + 1);
  }
  if (wire !== 0) throw new ProtobufError(`${field.name}: wrong wire type`);
  const v = r.varint();
  switch (field.type) {
    case 'bool':
      return v !== 0 && v !== 0n;
    case 'uint64':
      return BigInt(v);
    default:
      // int32 and enums: the low 32 bits, signed (a negative int32 arrives as ten bytes).
      return Number(BigInt.asIntN(32, BigInt(v)));
  }
}

function decodeRange(def: MessageDef, buf: Uint8Array, start: number, end: number, depth: number): Record<string, unknown> {
  if (depth > 8) throw new ProtobufError('nested too deep');
  const out: Record<string, unknown> = {};
  for (const field of def.fields) {
    const d = defaultOf(field);
    if (d !== undefined) out[field.name] = d;
  }
  const byNo = fieldsOf(def);
  const r = new Reader(buf, start, end);
  while (r.pos < end) {
    const key = r.varint();
    if (typeof key !== 'number' || key === 0) throw new ProtobufError('bad field key');
    const no = Math.floor(key / 8);
    const wire = key % 8;
    const field = byNo.get(no);
    if (!field) {
      r.skip(wire);
      continue;
    }
    const value = readValue(r, field, wire, depth);
    if (field.repeated) (out[field.name] as unknown[]).push(value);
    else out[field.name] = value;
  }
  return out;
}

/** Parses `buf` as `def`; throws ProtobufError on anything malformed. */
export function decode(def: MessageDef, buf: Uint8Array): Record<string, unknown> {
  return decodeRange(def, buf, 0, buf.length, 0);
}
