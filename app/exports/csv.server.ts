// CSV exports for coordinators, shaped for French Excel:
//   - UTF-8 with a byte order mark (otherwise Excel reads the file as Windows-1252),
//   - `;` as field separator and CRLF line ends,
//   - decimal comma in numbers ("12,5"),
//   - cells that could be evaluated as formulas neutralised (OWASP "CSV injection"),
//   - streamed: rows are pulled from the source only when the consumer reads, so a
//     million-response export runs in bounded memory.
//
// Field quoting/escaping is done by csv-stringify (sync API, called once per output
// chunk); cell conversion (numbers, booleans, dates, neutralisation) is done by the
// `cast` hooks below.
import { type Options as StringifyOptions, stringify } from "csv-stringify/sync";

export const CSV_CONTENT_TYPE = "text/csv; charset=utf-8";

export type CsvCell = string | number | boolean | null | undefined | Date;

export interface CsvColumn<Row> {
  header: string;
  value: (row: Row) => CsvCell;
}

// ---------------------------------------------------------------------------
// Formula neutralisation
// ---------------------------------------------------------------------------

/**
 * Characters that make a spreadsheet treat a cell as a formula (or that it strips
 * before looking for one): `=`, `+`, `-`, `@`, tab, carriage return (OWASP), NUL
 * (OWASP ASVS 1.2.10), and the full-width forms `＝ ＋ － ＠` that some spreadsheet
 * applications normalise to their ASCII counterparts.
 *
 * The leading `\s*` implements the leading-whitespace rule: a value such as
 * `"  =HYPERLINK(…)"` or `"\n+33…"` is neutralised too, because some spreadsheet
 * applications trim leading whitespace before deciding whether a cell is a formula.
 * A value made only of whitespace is left alone.
 */
const FORMULA_START = /^\s*[=+\-@\t\r\0\uFF1D\uFF0B\uFF0D\uFF20]/;

/**
 * Prefixes `value` with a single quote `'` when a spreadsheet could run it as a
 * formula, i.e. when its first character — or its first character after leading
 * whitespace (spaces, tabs, line breaks, no-break spaces…) — is one of
 * `= + - @`, tab, carriage return, NUL or a full-width `＝ ＋ － ＠`.
 * Other strings are returned unchanged, and so is a plain negative number written as
 * text ("-3", "-12,5"). Numbers themselves never go through this function, so a negative
 * score stays a number.
 */
export function neutralizeFormula(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NEGATIVE_NUMBER.test(value) ? `'${value}` : value;
}

/**
 * A negative number written as text ("-3", "-12,5", as `frenchDecimal` gives them): a
 * spreadsheet reads it as the number it is and can run nothing from it, so it is left as is
 * (a quote would turn a real number into text). Anything more ("-1+1", "-3 ", "-2e3") is not.
 */
const PLAIN_NEGATIVE_NUMBER = /^-\d+(?:[.,]\d+)?$/;

// ---------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------

/**
 * The decimal digits of a finite, non-negative number without exponent notation,
 * from its shortest round-trip representation (`String(x)`): 1.5e-7 → "0.00000015",
 * 1e21 → "1000000000000000000000".
 */
function plainDigits(abs: number): string {
  const s = String(abs);
  const e = s.indexOf("e");
  if (e === -1) return s;
  const mantissa = s.slice(0, e);
  const exponent = Number(s.slice(e + 1));
  const point = mantissa.indexOf(".");
  const digits = point === -1 ? mantissa : mantissa.slice(0, point) + mantissa.slice(point + 1);
  const pointPos = (point === -1 ? mantissa.length : point) + exponent;
  if (pointPos <= 0) return `0.${"0".repeat(-pointPos)}${digits}`;
  if (pointPos >= digits.length) return digits + "0".repeat(pointPos - digits.length);
  return `${digits.slice(0, pointPos)}.${digits.slice(pointPos)}`;
}

/** Adds one unit in the last place to a string of decimal digits ("0999" → "1000"). */
function incrementDigits(digits: string): string {
  const chars = digits.split("");
  let i = chars.length - 1;
  while (i >= 0) {
    if (chars[i] === "9") {
      chars[i] = "0";
      i--;
    } else {
      chars[i] = String(Number(chars[i]) + 1);
      return chars.join("");
    }
  }
  return `1${chars.join("")}`;
}

/**
 * Formats `value` with exactly `decimals` digits after a decimal comma and no
 * thousands separator: frenchDecimal(12.5, 2) → "12,50", frenchDecimal(3, 0) → "3".
 * Returns "" for null, undefined, NaN and ±Infinity (an empty cell is what Excel
 * should show for "no value").
 *
 * Rounds half away from zero on the number's shortest decimal representation (the
 * one JavaScript prints), so 1.005 → "1,01" and -2.5 → "-3" (whereas `toFixed` gives
 * "1.00" for 1.005 because of binary floating point). A result that rounds to zero
 * is printed without a minus sign ("0,00", never "-0,00").
 * Throws a RangeError unless `decimals` is an integer from 0 to 100.
 */
export function frenchDecimal(value: number | null | undefined, decimals: number): string {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 100) {
    throw new RangeError(`frenchDecimal: decimals must be an integer from 0 to 100, got ${decimals}`);
  }
  if (value === null || value === undefined || !Number.isFinite(value)) return "";
  const [intPart = "0", fracPart = ""] = plainDigits(Math.abs(value)).split(".");
  let digits: string;
  if (fracPart.length > decimals) {
    digits = intPart + fracPart.slice(0, decimals);
    if (fracPart.charCodeAt(decimals) >= 53 /* "5" */) digits = incrementDigits(digits);
  } else {
    digits = intPart + fracPart.padEnd(decimals, "0");
  }
  const integer = digits.slice(0, digits.length - decimals) || "0";
  const fraction = digits.slice(digits.length - decimals);
  const sign = value < 0 && /[1-9]/.test(digits) ? "-" : "";
  return decimals === 0 ? sign + integer : `${sign}${integer},${fraction}`;
}

/** A cell number: integers as is, others with a decimal comma; never exponent notation. */
function formatNumber(value: number, decimals: number | undefined): string {
  if (!Number.isFinite(value)) return "";
  if (decimals !== undefined && !Number.isInteger(value)) return frenchDecimal(value, decimals);
  const digits = plainDigits(Math.abs(value)).replace(".", ",");
  return value < 0 ? `-${digits}` : digits;
}

// ---------------------------------------------------------------------------
// Streaming
// ---------------------------------------------------------------------------

const BOM = "\uFEFF";

/**
 * Rough size (in UTF-16 units) of CSV text gathered before it is emitted as one
 * chunk. Small enough that a consumer reading one chunk has pulled few rows, large
 * enough that per-chunk overhead is negligible.
 */
const CHUNK_TARGET = 16 * 1024;

function approximateLength(cell: CsvCell): number {
  if (typeof cell === "string") return cell.length + 1;
  if (cell instanceof Date) return 25;
  return 8;
}

function stringifyOptions(decimals: number | undefined): StringifyOptions {
  return {
    delimiter: ";",
    record_delimiter: "\r\n",
    // Must be explicit: csv-stringify turns it off whenever `record_delimiter` is set,
    // and then a field holding a bare "\n" or "\r" would not be quoted.
    quote_record_delimiter: true,
    quote: '"',
    escape: '"',
    eof: true,
    header: false, // the header row is written as the first record (same casting and quoting)
    bom: false, // written by csvStream itself, once
    escape_formulas: false, // done by `cast.string` (neutralizeFormula, with the leading-whitespace rule)
    cast: {
      string: (value) => neutralizeFormula(value),
      number: (value) => formatNumber(value, decimals),
      bigint: (value) => String(value),
      boolean: (value) => (value ? "oui" : "non"),
      date: (value) => (Number.isNaN(value.getTime()) ? "" : neutralizeFormula(value.toISOString())),
    },
  };
}

type AnyIterator<Row> = Iterator<Row> | AsyncIterator<Row>;

function hasReturn(value: unknown): value is { return: () => unknown } {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { return?: unknown }).return === "function"
  );
}

/**
 * Streams `rows` as a French-Excel CSV: BOM, header row, one line per row, `;`
 * separator, CRLF line ends. Fields containing `;`, `"`, CR or LF are quoted (with
 * quotes doubled). Strings (headers included) go through neutralizeFormula; numbers
 * are written with a decimal comma (`options.decimals` digits for non-integers when
 * given, otherwise as many as needed; integers as is; NaN/±Infinity → empty);
 * booleans → "oui"/"non"; dates → ISO 8601 (UTC; invalid date → empty);
 * null/undefined → empty.
 *
 * Rows are pulled from `rows` only when the consumer reads (the stream holds at most
 * one chunk of about 16 KiB ahead of the reader), so a slow consumer never makes the
 * export accumulate in memory. When the consumer cancels (client disconnects, or
 * `reader.cancel()`), the iterator's `return()` is called so that a database cursor
 * is released; it is also called if a column's `value` function (or formatting) throws. It is not
 * called when the source itself throws or is exhausted.
 */
export function csvStream<Row>(
  rows: AsyncIterable<Row> | Iterable<Row>,
  columns: readonly CsvColumn<Row>[],
  options?: { decimals?: number },
): ReadableStream<Uint8Array> {
  const decimals = options?.decimals;
  if (decimals !== undefined) frenchDecimal(0, decimals); // validates, throws RangeError now rather than mid-stream
  const csvOptions = stringifyOptions(decimals);
  const encoder = new TextEncoder();

  let iterator: AnyIterator<Row> | undefined;
  let isAsync = false;
  let headerWritten = false;
  let finished = false;
  let inFlight: Promise<void> | undefined;

  function getIterator(): AnyIterator<Row> {
    if (iterator === undefined) {
      if (typeof (rows as Partial<AsyncIterable<Row>>)[Symbol.asyncIterator] === "function") {
        iterator = (rows as AsyncIterable<Row>)[Symbol.asyncIterator]();
        isAsync = true;
      } else {
        iterator = (rows as Iterable<Row>)[Symbol.iterator]();
      }
    }
    return iterator;
  }

  async function release(): Promise<void> {
    // Before the first pull the iterator has not been obtained; if `rows` is itself an
    // iterator (a generator object, typically), close it all the same.
    const target: unknown = iterator ?? rows;
    if (hasReturn(target)) await target.return();
  }

  async function produce(controller: ReadableStreamDefaultController<Uint8Array>): Promise<void> {
    if (finished) return;
    const it = getIterator();
    const records: CsvCell[][] = [];
    let prefix = "";
    let size = 0;
    let done = false;
    if (!headerWritten) {
      headerWritten = true;
      prefix = BOM;
      records.push(columns.map((c) => c.header));
    }
    while (size < CHUNK_TARGET) {
      // An error thrown by the source propagates as is: the stream errors, and the
      // iterator, which ended by throwing, is not closed a second time.
      const result = isAsync ? await (it as AsyncIterator<Row>).next() : (it as Iterator<Row>).next();
      if (finished) return; // cancelled while waiting for the source: the row is dropped
      if (result.done) {
        done = true;
        break;
      }
      const row = result.value;
      const cells = new Array<CsvCell>(columns.length);
      try {
        for (let i = 0; i < columns.length; i++) {
          const cell = columns[i]!.value(row);
          cells[i] = cell;
          size += approximateLength(cell);
        }
      } catch (error) {
        finished = true;
        await release().catch(() => undefined);
        throw error;
      }
      records.push(cells);
      size += 2;
    }
    if (records.length > 0) {
      let chunk: Uint8Array;
      try {
        chunk = encoder.encode(prefix + stringify(records, csvOptions));
      } catch (error) {
        finished = true;
        await release().catch(() => undefined);
        throw error;
      }
      controller.enqueue(chunk);
    }
    if (done) {
      finished = true;
      controller.close();
    }
  }

  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        inFlight = produce(controller);
        return inFlight;
      },
      async cancel() {
        if (finished) return;
        finished = true;
        // Let a pending `next()` settle first: not every iterator tolerates `return()`
        // while a `next()` is in progress (async generators queue it, cursors may not).
        await inFlight?.catch(() => undefined);
        await release();
      },
    },
    new CountQueuingStrategy({ highWaterMark: 1 }),
  );
}

// ---------------------------------------------------------------------------
// Response headers
// ---------------------------------------------------------------------------

/** RFC 8187 `attr-char`s are kept, every other UTF-8 byte is percent-encoded. */
function rfc8187Encode(value: string): string {
  // encodeURIComponent throws on lone surrogates: replace them first.
  const wellFormed = value.replace(
    /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    "\uFFFD",
  );
  return encodeURIComponent(wellFormed).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * Response headers for a CSV download named `fileName`:
 * `Content-Type: text/csv; charset=utf-8`,
 * `Content-Disposition: attachment; filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded>`
 * (e.g. `rapport-été.csv` → `filename="rapport-ete.csv"; filename*=UTF-8''rapport-%C3%A9t%C3%A9.csv`),
 * `Cache-Control: no-store`, `X-Content-Type-Options: nosniff`.
 * Path separators, quotes, backslashes and control characters are replaced by `_`.
 */
export function csvHeaders(fileName: string): Headers {
  // eslint-disable-next-line no-control-regex
  let name = fileName.replace(/[\u0000-\u001F\u007F/\\"]/g, "_").trim();
  if (name === "") name = "export.csv";
  const ascii = name
    .normalize("NFD")
    .replace(/[\u0300-\u036F]/g, "")
    .replace(/[^\u0020-\u007E]/g, "_");
  return new Headers({
    "Content-Type": CSV_CONTENT_TYPE,
    "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${rfc8187Encode(name)}`,
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
  });
}
