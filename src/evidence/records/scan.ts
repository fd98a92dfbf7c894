/**
 * A projecting CSV scanner for record files: it finds records and fields in the file's UTF-8 bytes
 * and builds strings only for the columns an indicator reads (every column until the header is
 * found), so that a 12-column dossier export costs the 6 strings its rates read, not 12 — and
 * those are shared: a field whose bytes were seen before (a unit id, a date, "Có") gives the same
 * string again without decoding.
 *
 * It reads exactly what csv-parse (as csv.ts configures it) reads: the same records, the same field
 * texts, row by row; the record delimiter found as csv-parse finds it (the first line break outside
 * quotes: CRLF, LF or CR, and only it ends records afterwards); RFC 4180 quotes with "" inside, line
 * breaks inside quotes, an empty line a record of one empty field, no record after a last line
 * break. What csv-parse refuses (a quote opened inside a field, text after a closing quote, a quote
 * never closed, a record over the size limit as csv-parse counts it) the scanner finds too, and
 * says only that it did (`CsvMalformed`): the caller then asks csv-parse for its exact words and row.
 */

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** Byte classes in unquoted text. */
const PLAIN = 0;
const SEPARATOR = 1;
const QUOTE_BYTE = 2;
const BREAK = 3;

/** Record delimiters, as csv-parse discovers them. */
const UNKNOWN = 0;
const LF_ONLY = 1;
const CRLF = 2;
const CR_ONLY = 3;

/** A record or line break that cannot be decided before more bytes come. */
const MORE = -1;

/** The scanner met what csv-parse refuses; `row` is the record it was in. */
export class CsvMalformed extends Error {
  constructor(readonly row: number) {
    super(`malformed CSV in record ${row}`);
  }
}

/** Which columns to build strings for: every one, or those marked in `wanted` (by index). */
export interface Projection {
  all: boolean;
  wanted: Uint8Array;
}

export const EVERY_COLUMN: Projection = { all: true, wanted: new Uint8Array(0) };

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Strings of short fields by their bytes: a direct-mapped table (two places per hash), cleared when its byte store is full. */
class Texts {
  private static readonly SIZE = 1 << 14;
  private static readonly LONGEST = 48;
  private readonly hashes = new Int32Array(Texts.SIZE);
  private readonly starts = new Int32Array(Texts.SIZE);
  private readonly lengths = new Int32Array(Texts.SIZE).fill(-1);
  private readonly strings: string[] = new Array<string>(Texts.SIZE).fill('');
  private readonly store = new Uint8Array(1 << 18);
  private used = 0;

  /** The text of bytes s..e. */
  of(buf: Buffer, s: number, e: number): string {
    let h = FNV_OFFSET;
    if (e - s <= Texts.LONGEST) for (let i = s; i < e; i++) h = Math.imul(h ^ buf[i]!, FNV_PRIME);
    return this.hashed(buf, s, e, h);
  }

  /** The text of bytes s..e, whose FNV-1a hash `h` the scanner worked out as it read them. */
  hashed(buf: Buffer, s: number, e: number, h: number): string {
    const length = e - s;
    if (length > Texts.LONGEST) return buf.toString('utf8', s, e);
    h ^= length;
    const mask = Texts.SIZE - 1;
    const first = (h ^ (h >>> 15)) & mask;
    for (let k = 0; k < 2; k++) {
      const at = (first + k) & mask;
      if (this.hashes[at] === h && this.lengths[at] === length && this.same(buf, s, length, this.starts[at]!)) return this.strings[at]!;
    }
    const text = buf.toString('utf8', s, e);
    if (this.used + length > this.store.length) {
      this.lengths.fill(-1);
      this.used = 0;
    }
    // The second place takes the newcomer when the first is taken, and the first the one after.
    const at = this.lengths[first] === -1 ? first : (first + 1) & mask;
    this.hashes[at] = h;
    this.lengths[at] = length;
    this.starts[at] = this.used;
    this.strings[at] = text;
    this.store.set(buf.subarray(s, e), this.used);
    this.used += length;
    return text;
  }

  private same(buf: Buffer, s: number, length: number, at: number): boolean {
    const store = this.store;
    for (let i = 0; i < length; i++) if (buf[s + i] !== store[at + i]) return false;
    return true;
  }
}

/** One table for every file: a text is the same string whichever file or column its bytes are in. */
const TEXTS = new Texts();

export class RecordScanner {
  private readonly classes = new Uint8Array(256);
  private readonly separator: number;
  private delimiter = UNKNOWN;
  private carry: Buffer | undefined;
  private row = 0;
  /** The fields of the record last read. */
  private fields: string[] = [];

  constructor(
    separator: string,
    /** csv-parse's `max_record_size`. */
    private readonly maxRecordBytes: number,
    /** Which columns the next record needs (asked before each record). */
    private readonly projection: () => Projection,
    private readonly onRecord: (fields: string[], row: number) => void,
  ) {
    this.separator = separator.charCodeAt(0);
    this.classes[this.separator] = SEPARATOR;
    this.classes[QUOTE] = QUOTE_BYTE;
    this.classes[CR] = BREAK;
    this.classes[LF] = BREAK;
  }

  /** How many records were handed on. */
  get rows(): number {
    return this.row;
  }

  /** Reads the whole records of `chunk` (after what was left of the previous one). */
  feed(chunk: Buffer): void {
    const buf = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    const done = this.scan(buf, false);
    this.carry = done < buf.length ? buf.subarray(done) : undefined;
  }

  /** The end of the file: what is left is the last record. */
  end(): void {
    if (this.carry) this.scan(this.carry, true);
    this.carry = undefined;
  }

  /**
   * Reads the whole records at the start of `buf` (all of it when `final`); returns how many bytes
   * they take. The bytes after them are given again, with more, at the next call.
   */
  scan(buf: Buffer, final: boolean): number {
    const done = this.records(buf, final);
    // A record still open past the limit (a quote never closed): refused once csv-parse surely would.
    if (!final && buf.length - done > this.maxRecordBytes) this.record(buf, done, false, EVERY_COLUMN, true);
    return done;
  }

  private records(buf: Buffer, final: boolean): number {
    let p = 0;
    while (p < buf.length) {
      const next = this.record(buf, p, final, this.projection(), false);
      if (next === MORE) return p;
      // Only a record longer than the limit in bytes can be over it as csv-parse counts it.
      if (next - p > this.maxRecordBytes) this.record(buf, p, final, EVERY_COLUMN, true);
      this.onRecord(this.fields, ++this.row);
      p = next;
    }
    return p;
  }

  /**
   * One record from `start` into `fields`; returns the position after its line break, or MORE when
   * the buffer ends first and more bytes will come. `measuring` checks csv-parse's size limit as it
   * counts (before each byte it adds to a field: the UTF-16 length of the record's earlier fields
   * plus the bytes of this one so far) and throws where it would.
   */
  private record(buf: Buffer, start: number, final: boolean, projection: Projection, measuring: boolean): number {
    const end = buf.length;
    const classes = this.classes;
    const separator = this.separator;
    const { all, wanted } = projection;
    const fields: string[] = [];
    if (!measuring) this.fields = fields;
    let before = 0;
    let p = start;
    let column = 0;
    for (;;) {
      let s: number;
      let e: number;
      let escapes = 0;
      const want = all || (column < wanted.length && wanted[column] === 1);
      let h = FNV_OFFSET;
      const quoted = p < end && buf[p] === QUOTE;
      if (quoted) {
        s = p + 1;
        let q = s;
        for (;;) {
          q = buf.indexOf(QUOTE, q);
          if (q < 0 || q + 1 >= end) {
            if (measuring) this.limit(before, (q < 0 ? end : q) - s - escapes);
            if (q < 0 && final) throw new CsvMalformed(this.row + 1);
            if (!final) return MORE;
            break;
          }
          const after = buf[q + 1]!;
          if (after === QUOTE) {
            escapes++;
            q += 2;
            continue;
          }
          if (after !== separator) {
            const k = this.lineBreak(buf, q + 1, final, end);
            if (k === MORE) return MORE;
            if (k === 0) throw new CsvMalformed(this.row + 1);
          }
          break;
        }
        e = q;
        p = q + 1;
      } else {
        s = p;
        // The bytes of a wanted field are hashed as they are read, for the table of texts.
        for (;;) {
          if (want) {
            let b: number;
            while (p < end && classes[(b = buf[p]!)] === PLAIN) {
              h = Math.imul(h ^ b, FNV_PRIME);
              p++;
            }
          } else while (p < end && classes[buf[p]!] === PLAIN) p++;
          if (p >= end) break;
          const b = buf[p]!;
          const c = classes[b]!;
          if (c === SEPARATOR) break;
          else if (c === QUOTE_BYTE) throw new CsvMalformed(this.row + 1);
          else {
            const k = this.lineBreak(buf, p, final, end);
            if (k === MORE) {
              if (measuring) this.limit(before, p - s);
              return MORE;
            }
            if (k > 0) break;
            if (want) h = Math.imul(h ^ b, FNV_PRIME);
            p++;
          }
        }
        if (p >= end && !final) {
          if (measuring) this.limit(before, p - s);
          return MORE;
        }
        e = p;
      }
      if (want) {
        let text: string;
        if (escapes > 0) text = buf.toString('utf8', s, e).replaceAll('""', '"');
        else text = quoted ? TEXTS.of(buf, s, e) : TEXTS.hashed(buf, s, e, h);
        fields[column] = text;
        if (measuring) {
          this.limit(before, e - s - escapes);
          before += text.length;
        }
      }
      if (p >= end) return end;
      if (buf[p] === separator) {
        p++;
        column++;
        continue;
      }
      return p + this.lineBreak(buf, p, final, end);
    }
  }

  /** csv-parse's size check on a field of `bytes` bytes after fields of UTF-16 length `before`: it checks before adding each byte. */
  private limit(before: number, bytes: number): void {
    if (bytes > 0 && before + bytes - 1 > this.maxRecordBytes) throw new CsvMalformed(this.row + 1);
  }

  /**
   * The length of the line break at `p` (a CR or LF outside quotes) under the record delimiter,
   * 0 if it is text under it, MORE if it cannot be told yet. The first one decides the delimiter.
   */
  private lineBreak(buf: Buffer, p: number, final: boolean, end: number): number {
    const b = buf[p];
    if (b !== CR && b !== LF) return 0;
    switch (this.delimiter) {
      case LF_ONLY:
        return b === LF ? 1 : 0;
      case CR_ONLY:
        return b === CR ? 1 : 0;
      case CRLF:
        if (b === LF) return 0;
        if (p + 1 >= end) return final ? 0 : MORE;
        return buf[p + 1] === LF ? 2 : 0;
      default:
        if (b === LF) {
          this.delimiter = LF_ONLY;
          return 1;
        }
        if (p + 1 >= end && !final) return MORE;
        this.delimiter = buf[p + 1] === LF ? CRLF : CR_ONLY;
        return this.delimiter === CRLF ? 2 : 1;
    }
  }
}
