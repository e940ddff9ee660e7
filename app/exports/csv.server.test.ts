import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CSV_CONTENT_TYPE,
  type CsvCell,
  type CsvColumn,
  csvHeaders,
  csvStream,
  frenchDecimal,
  neutralizeFormula,
} from "./csv.server";

async function readBytes(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The whole stream decoded as UTF-8, BOM stripped (after checking it is there). */
async function readText(stream: ReadableStream<Uint8Array>): Promise<string> {
  const bytes = await readBytes(stream);
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes.slice(3));
}

/** One column per cell, headers "a", "b", …; one row. */
function singleRow(cells: CsvCell[], options?: { decimals?: number }) {
  const columns: CsvColumn<CsvCell[]>[] = cells.map((_, i) => ({
    header: String.fromCharCode(97 + i),
    value: (row) => row[i],
  }));
  return csvStream([cells], columns, options);
}

/** The data line (second line) of a one-row export. */
async function dataLine(cells: CsvCell[], options?: { decimals?: number }): Promise<string> {
  const text = await readText(singleRow(cells, options));
  const headerEnd = text.indexOf("\r\n");
  expect(text.endsWith("\r\n")).toBe(true);
  return text.slice(headerEnd + 2, -2);
}

interface Answer {
  id: number;
  name: string;
  score: number | null;
  adult: boolean;
  at: Date;
}

const answerColumns: CsvColumn<Answer>[] = [
  { header: "id", value: (r) => r.id },
  { header: "nom", value: (r) => r.name },
  { header: "score", value: (r) => r.score },
  { header: "adulte", value: (r) => r.adult },
  { header: "date", value: (r) => r.at },
];

describe("neutralizeFormula", () => {
  it("prefixes a single quote to strings starting with = + - @ tab CR", () => {
    expect(neutralizeFormula("=1+1")).toBe("'=1+1");
    expect(neutralizeFormula("+33612345678")).toBe("'+33612345678");
    expect(neutralizeFormula("-1+1")).toBe("'-1+1");
    expect(neutralizeFormula("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(neutralizeFormula("\tcmd")).toBe("'\tcmd");
    expect(neutralizeFormula("\rcmd")).toBe("'\rcmd");
  });

  it("also neutralises NUL and the full-width ＝ ＋ － ＠", () => {
    expect(neutralizeFormula("\0=1")).toBe("'\0=1");
    expect(neutralizeFormula("＝1+1")).toBe("'＝1+1");
    expect(neutralizeFormula("＋1")).toBe("'＋1");
    expect(neutralizeFormula("－1")).toBe("'－1");
    expect(neutralizeFormula("＠A1")).toBe("'＠A1");
  });

  it("neutralises those characters after leading whitespace too", () => {
    expect(neutralizeFormula("  =1+1")).toBe("'  =1+1");
    expect(neutralizeFormula("\n+1")).toBe("'\n+1");
    expect(neutralizeFormula("\u00A0@A1")).toBe("'\u00A0@A1");
  });

  it("leaves other strings unchanged", () => {
    for (const s of ["", "   ", "\n", "bonjour", "a=b", "1-2", "'=déjà", "12,5", "été @ Lille", " texte"]) {
      expect(neutralizeFormula(s)).toBe(s);
    }
  });

  it("leaves a plain negative number written as text a number, but not a formula that starts like one", () => {
    for (const s of ["-3", "-12,5", "-0.25", "-100"]) expect(neutralizeFormula(s)).toBe(s);
    for (const s of ["-1+1", "-3 ", " -3", "-2e3", "-3,5,1", "-", "-,5", "-3;=1", "-3\n=1"]) {
      expect(neutralizeFormula(s)).toBe(`'${s}`);
    }
  });

  it("never lets a generated cell start like a formula (fast-check)", { timeout: 30_000 }, () => {
    const starts = fc.constantFrom(
      "=",
      "+",
      "-",
      "@",
      "\t",
      "\r",
      "\0",
      "＝",
      "＋",
      "－",
      "＠",
      " ",
      "\n",
      "\u00A0",
      "a",
      "1",
      "'",
    );
    fc.assert(
      fc.property(
        fc.array(starts, { maxLength: 3 }),
        fc.string({ unit: "binary", maxLength: 20 }),
        (prefix, rest) => {
          const value = prefix.join("") + rest;
          const cell = neutralizeFormula(value);
          // Either unchanged, or the same text behind one quote: nothing is lost.
          expect([value, `'${value}`]).toContain(cell);
          // What a spreadsheet sees once it has trimmed leading whitespace.
          const first = cell.replace(/^\s+/, "")[0];
          if (first !== undefined && "=+-@\t\r\0＝＋－＠".includes(first)) {
            expect(cell).toMatch(/^-\d+(?:[.,]\d+)?$/);
          }
        },
      ),
      { seed: 20261127, numRuns: 1000 },
    );
  });
});

describe("frenchDecimal", () => {
  it("writes a decimal comma with exactly `decimals` digits, no thousands separator", () => {
    expect(frenchDecimal(12.5, 1)).toBe("12,5");
    expect(frenchDecimal(12.5, 2)).toBe("12,50");
    expect(frenchDecimal(12, 2)).toBe("12,00");
    expect(frenchDecimal(1234567.891, 2)).toBe("1234567,89");
    expect(frenchDecimal(7, 0)).toBe("7");
    expect(frenchDecimal(0, 3)).toBe("0,000");
  });

  it("returns an empty string for null, undefined, NaN and infinities", () => {
    expect(frenchDecimal(null, 2)).toBe("");
    expect(frenchDecimal(undefined, 2)).toBe("");
    expect(frenchDecimal(Number.NaN, 2)).toBe("");
    expect(frenchDecimal(Number.POSITIVE_INFINITY, 2)).toBe("");
  });

  it("rounds half away from zero", () => {
    expect(frenchDecimal(0.125, 2)).toBe("0,13");
    expect(frenchDecimal(-0.125, 2)).toBe("-0,13");
    expect(frenchDecimal(2.5, 0)).toBe("3");
    expect(frenchDecimal(-2.5, 0)).toBe("-3");
    expect(frenchDecimal(1.005, 2)).toBe("1,01"); // toFixed gives "1.00"
    expect(frenchDecimal(2.675, 2)).toBe("2,68");
    expect(frenchDecimal(9.995, 2)).toBe("10,00");
    expect(frenchDecimal(99.5, 0)).toBe("100");
    expect(frenchDecimal(0.1 + 0.2, 2)).toBe("0,30");
    expect(frenchDecimal(1.234, 2)).toBe("1,23");
    expect(frenchDecimal(-1.234, 2)).toBe("-1,23");
  });

  it("never prints a negative zero", () => {
    expect(frenchDecimal(-0.001, 2)).toBe("0,00");
    expect(frenchDecimal(-0, 1)).toBe("0,0");
    expect(frenchDecimal(-0.4, 0)).toBe("0");
  });

  it("never uses exponent notation", () => {
    expect(frenchDecimal(1.5e-7, 8)).toBe("0,00000015");
    expect(frenchDecimal(1.5e-7, 2)).toBe("0,00");
    expect(frenchDecimal(1e21, 0)).toBe("1000000000000000000000");
  });

  it("rejects an invalid number of decimals", () => {
    expect(() => frenchDecimal(1, -1)).toThrow(RangeError);
    expect(() => frenchDecimal(1, 1.5)).toThrow(RangeError);
  });
});

describe("csvStream", () => {
  it("writes BOM, header row, `;` separators and CRLF line ends", async () => {
    const rows: Answer[] = [
      { id: 1, name: "Alice", score: 12.5, adult: true, at: new Date("2026-03-01T08:30:00Z") },
      { id: 2, name: "Bob", score: null, adult: false, at: new Date("2026-03-02T00:00:00.123Z") },
    ];
    const bytes = await readBytes(csvStream(rows, answerColumns));
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes.slice(3));
    expect(text).toBe(
      "id;nom;score;adulte;date\r\n" +
        "1;Alice;12,5;oui;2026-03-01T08:30:00.000Z\r\n" +
        "2;Bob;;non;2026-03-02T00:00:00.123Z\r\n",
    );
  });

  it("writes only the BOM and the header row when there are no rows", async () => {
    expect(await readText(csvStream([], answerColumns))).toBe("id;nom;score;adulte;date\r\n");
  });

  it('quotes fields containing `;`, `"`, LF or CR, doubling quotes', async () => {
    expect(
      await dataLine(["a;b", 'il a dit "oui"', "ligne 1\nligne 2", "ligne 1\r\nligne 2", "a\rb", "simple"]),
    ).toBe('"a;b";"il a dit ""oui""";"ligne 1\nligne 2";"ligne 1\r\nligne 2";"a\rb";simple');
  });

  it("neutralises formulas in free text (and quotes them when needed)", async () => {
    expect(await dataLine(['=HYPERLINK("http://x")'])).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(await dataLine(["+33612345678", "-1+1", "@SUM(A1)", "\tcmd", "=1;2"])).toBe(
      `'+33612345678;'-1+1;'@SUM(A1);'\tcmd;"'=1;2"`,
    );
    expect(await dataLine(["\r=1", "  =1+1"])).toBe(`"'\r=1";'  =1+1`);
  });

  it("neutralises headers too", async () => {
    const text = await readText(
      csvStream(
        [{ v: 1 }],
        [
          { header: "=cmd|' /C calc'!A0", value: (r) => r.v },
          { header: "score;moyen", value: (r) => r.v },
        ],
      ),
    );
    expect(text).toBe(`'=cmd|' /C calc'!A0;"score;moyen"\r\n1;1\r\n`);
  });

  it("writes numbers with a decimal comma, integers unchanged, negatives not neutralised", async () => {
    expect(await dataLine([12.5, 42, -3, -1.25, 0, 1_000_000, 0.1 + 0.2, 1.5e-7])).toBe(
      "12,5;42;-3;-1,25;0;1000000;0,30000000000000004;0,00000015",
    );
  });

  it("rounds non-integers to options.decimals, leaving integers as is", async () => {
    expect(await dataLine([12.5, 2 / 3, -1.005, 42, -7], { decimals: 2 })).toBe("12,50;0,67;-1,01;42;-7");
  });

  it("writes booleans as oui/non, dates as ISO 8601, null/undefined/NaN as empty", async () => {
    expect(
      await dataLine([
        true,
        false,
        new Date("2026-11-26T21:37:03.294Z"),
        null,
        undefined,
        Number.NaN,
        new Date("x"),
        "",
      ]),
    ).toBe("oui;non;2026-11-26T21:37:03.294Z;;;;;");
  });

  it("keeps accents and other non-ASCII characters intact in UTF-8", async () => {
    expect(await dataLine(["Élève de 5ᵉ, très motivé — «ça va» 😀", "Noël"])).toBe(
      "Élève de 5ᵉ, très motivé — «ça va» 😀;Noël",
    );
  });

  it("accepts an async generator as source", async () => {
    async function* source(): AsyncGenerator<Answer> {
      for (let id = 1; id <= 3; id++) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        yield {
          id,
          name: `élève ${id}`,
          score: id / 2,
          adult: id % 2 === 0,
          at: new Date(Date.UTC(2026, 0, id)),
        };
      }
    }
    expect(await readText(csvStream(source(), answerColumns))).toBe(
      "id;nom;score;adulte;date\r\n" +
        "1;élève 1;0,5;non;2026-01-01T00:00:00.000Z\r\n" +
        "2;élève 2;1;oui;2026-01-02T00:00:00.000Z\r\n" +
        "3;élève 3;1,5;non;2026-01-03T00:00:00.000Z\r\n",
    );
  });

  it("streams many rows, all of them, in several chunks", async () => {
    const total = 20_000;
    function* source() {
      for (let i = 0; i < total; i++) yield { i, text: `réponse n°${i}; "ok"` };
    }
    const stream = csvStream(source(), [
      { header: "i", value: (r) => r.i },
      { header: "texte", value: (r) => r.text },
    ]);
    let chunks = 0;
    const parts: Uint8Array[] = [];
    const reader = stream.getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      chunks++;
      parts.push(r.value);
    }
    expect(chunks).toBeGreaterThan(10);
    const text = new TextDecoder().decode(Buffer.concat(parts));
    const lines = text.split("\r\n");
    expect(lines).toHaveLength(total + 2); // header + rows + "" after the last CRLF
    expect(lines[1]).toBe('0;"réponse n°0; ""ok"""');
    expect(lines[total]).toBe(`${total - 1};"réponse n°${total - 1}; ""ok"""`);
    expect(lines[total + 1]).toBe("");
  });

  it("pulls rows only as the consumer reads (backpressure)", async () => {
    const total = 100_000;
    let pulled = 0;
    async function* source() {
      for (let i = 0; i < total; i++) {
        pulled++;
        yield { id: i, name: `participant-${i}`, score: i / 7 };
      }
    }
    const stream = csvStream(source(), [
      { header: "id", value: (r) => r.id },
      { header: "nom", value: (r) => r.name },
      { header: "score", value: (r) => r.score },
    ]);
    const reader = stream.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    expect(first.value!.byteLength).toBeGreaterThan(0);
    // Give the stream every chance to run ahead of the reader.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const afterFirst = pulled;
    expect(afterFirst).toBeGreaterThan(0);
    expect(afterFirst).toBeLessThan(total * 0.05);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(pulled).toBe(afterFirst); // nothing more is pulled while nobody reads
    await reader.read();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(pulled).toBeGreaterThan(afterFirst);
    expect(pulled).toBeLessThan(total * 0.05);
    await reader.cancel();
  });

  it("calls the iterator's return() when the consumer cancels (generator finally runs)", async () => {
    let pulled = 0;
    let finallyRan = false;
    async function* source() {
      try {
        for (let i = 0; i < 1_000_000; i++) {
          pulled++;
          yield { i };
        }
      } finally {
        finallyRan = true;
      }
    }
    const reader = csvStream(source(), [{ header: "i", value: (r) => r.i }]).getReader();
    await reader.read();
    expect(finallyRan).toBe(false);
    await reader.cancel("client gone");
    expect(finallyRan).toBe(true);
    expect(pulled).toBeLessThan(50_000);
  });

  it("calls return() on a plain (non-generator) async iterator when cancelled", async () => {
    let returned = 0;
    let i = 0;
    const cursor: AsyncIterableIterator<{ i: number }> = {
      [Symbol.asyncIterator]() {
        return this;
      },
      async next() {
        return { done: false, value: { i: i++ } };
      },
      async return() {
        returned++;
        return { done: true, value: undefined };
      },
    };
    const reader = csvStream(cursor, [{ header: "i", value: (r) => r.i }]).getReader();
    await reader.read();
    await reader.cancel();
    expect(returned).toBe(1);
  });

  it("cancelling before any read still closes a generator passed directly", async () => {
    let started = false;
    const gen = (async function* () {
      started = true;
      yield { i: 1 };
    })();
    const stream = csvStream(gen, [{ header: "i", value: (r) => r.i }]);
    await stream.cancel();
    expect(await gen.next()).toEqual({ done: true, value: undefined });
    expect(started).toBe(false);
  });

  it("calls return() and errors the stream when a column's value() throws", async () => {
    let finallyRan = false;
    function* source() {
      try {
        for (let i = 0; ; i++) yield { i };
      } finally {
        finallyRan = true;
      }
    }
    const stream = csvStream(source(), [
      {
        header: "i",
        value: (r) => {
          if (r.i === 3) throw new Error("boom");
          return r.i;
        },
      },
    ]);
    await expect(new Response(stream).arrayBuffer()).rejects.toThrow("boom");
    expect(finallyRan).toBe(true);
  });

  it("errors the stream when the source throws", async () => {
    async function* source() {
      yield { i: 1 };
      throw new Error("database gone");
    }
    await expect(
      new Response(csvStream(source(), [{ header: "i", value: (r) => r.i }])).text(),
    ).rejects.toThrow("database gone");
  });

  it("rejects an invalid options.decimals up front", () => {
    expect(() => csvStream([], [], { decimals: -1 })).toThrow(RangeError);
  });
});

describe("csvHeaders", () => {
  it("sets content type, attachment with an accent-safe file name, no-store and nosniff", () => {
    const headers = csvHeaders("rapport-été.csv");
    expect(headers.get("Content-Type")).toBe(CSV_CONTENT_TYPE);
    expect(CSV_CONTENT_TYPE).toBe("text/csv; charset=utf-8");
    expect(headers.get("Content-Disposition")).toBe(
      `attachment; filename="rapport-ete.csv"; filename*=UTF-8''rapport-%C3%A9t%C3%A9.csv`,
    );
    expect(headers.get("Cache-Control")).toBe("no-store");
    expect(headers.get("X-Content-Type-Options")).toBe("nosniff");
  });

  it("cannot be used to break out of the header or the quoted file name", () => {
    const disposition = csvHeaders('a"b\\c/d\r\ne (1)*.csv').get("Content-Disposition");
    expect(disposition).toBe(
      `attachment; filename="a_b_c_d__e (1)*.csv"; filename*=UTF-8''a_b_c_d__e%20%281%29%2A.csv`,
    );
  });

  it("falls back to export.csv for an empty name", () => {
    expect(csvHeaders("  ").get("Content-Disposition")).toBe(
      `attachment; filename="export.csv"; filename*=UTF-8''export.csv`,
    );
  });
});
