import { it } from "vitest";
import { countRows, createCampaign, getTestDb, postResponse, validAnswers } from "./fixtures";

it("probe", async () => {
  const { db, sqlite } = await getTestDb();
  await createCampaign(db, { slug: "p" });
  const base = { id: crypto.randomUUID(), surveyId: "parent", surveyVersion: 1, locale: "fr", ageBand: null };
  const deep = (n: number) => "[".repeat(n) + "]".repeat(n);
  const cases: [string, string][] = [
    ["deep in known answer", `{"id":"${crypto.randomUUID()}","surveyId":"parent","surveyVersion":1,"locale":"fr","ageBand":null,"answers":{"d1_asked":${deep(100000)}}}`],
    ["deep in unknown answer", `{"id":"${crypto.randomUUID()}","surveyId":"parent","surveyVersion":1,"locale":"fr","ageBand":null,"answers":{"zzz":${deep(100000)}}}`],
    ["deep obj", `{"id":"${crypto.randomUUID()}","surveyId":"parent","surveyVersion":1,"locale":"fr","ageBand":null,"answers":{"d1_asked":${'{"a":'.repeat(40000)}1${"}".repeat(40000)}}}`],
    ["proto top", `{"__proto__":{"x":1},"id":"${crypto.randomUUID()}","surveyId":"parent","surveyVersion":1,"locale":"fr","ageBand":null,"answers":{}}`],
    ["proto answers", `{"id":"${crypto.randomUUID()}","surveyId":"parent","surveyVersion":1,"locale":"fr","ageBand":null,"answers":{"__proto__":{"d1_asked":1}}}`],
    ["proto nested", JSON.stringify({ ...base, id: crypto.randomUUID(), answers: { ...validAnswers("parent"), d1_asked: { a: 1 } } }).replace('{"a":1}', '{"__proto__":{"polluted":1}}')],
    ["obj value", JSON.stringify({ ...base, id: crypto.randomUUID(), answers: { ...validAnswers("parent"), d1_asked: { a: 1 } } })],
    ["infinity", JSON.stringify({ ...base, id: crypto.randomUUID(), answers: { ...validAnswers("parent") } }).replace('"d1_asked":3', '"d1_asked":1e999')],
    ["constructor key", JSON.stringify({ ...base, id: crypto.randomUUID(), answers: { constructor: 1 } })],
    ["toString key", JSON.stringify({ ...base, id: crypto.randomUUID(), answers: { toString: 1, hasOwnProperty: 2 } })],
    ["valid", JSON.stringify({ ...base, id: crypto.randomUUID(), answers: validAnswers("parent") })],
    ["comment long", JSON.stringify({ ...base, id: crypto.randomUUID(), answers: { ...validAnswers("parent"), knowledge: "x".repeat(2001) } })],
    ["comment emoji 2000", JSON.stringify({ ...base, id: crypto.randomUUID(), answers: { ...validAnswers("parent"), knowledge: "😀".repeat(2000) } })],
    ["lone surrogate", JSON.stringify({ ...base, id: crypto.randomUUID(), answers: { ...validAnswers("parent"), knowledge: "a\ud800b" } })],
    ["NUL", JSON.stringify({ ...base, id: crypto.randomUUID(), answers: { ...validAnswers("parent"), knowledge: "a\u0000b" } })],
    ["uppercase uuid", JSON.stringify({ ...base, id: crypto.randomUUID().toUpperCase(), answers: validAnswers("parent") })],
    ["nil uuid", JSON.stringify({ ...base, id: "00000000-0000-0000-0000-000000000000", answers: validAnswers("parent") })],
    ["max uuid", JSON.stringify({ ...base, id: "ffffffff-ffff-ffff-ffff-ffffffffffff", answers: validAnswers("parent") })],
    ["surveyVersion huge", JSON.stringify({ ...base, id: crypto.randomUUID(), surveyVersion: 1e300, answers: validAnswers("parent") })],
    ["surveyVersion 2^53+", JSON.stringify({ ...base, id: crypto.randomUUID(), surveyVersion: 2 ** 64, answers: validAnswers("parent") })],
    ["surveyId proto", JSON.stringify({ ...base, id: crypto.randomUUID(), surveyId: "__proto__", answers: {} })],
    ["surveyId constructor", JSON.stringify({ ...base, id: crypto.randomUUID(), surveyId: "constructor", answers: {} })],
    ["null answer values", JSON.stringify({ ...base, id: crypto.randomUUID(), answers: { ...validAnswers("parent"), knowledge: null } })],
  ];
  for (const [name, body] of cases) {
    const before = countRows(sqlite);
    try {
      const r = await postResponse("p", body);
      console.log(name, r.status, JSON.stringify(r.body).slice(0, 300), JSON.stringify(before), JSON.stringify(countRows(sqlite)));
    } catch (e) {
      console.log(name, "THREW", String(e).slice(0, 200));
    }
  }
  console.log("polluted?", ({} as Record<string, unknown>).polluted, ({} as Record<string, unknown>).x);
}, 60000);
