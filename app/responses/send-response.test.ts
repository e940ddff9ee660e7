import { describe, expect, it } from "vitest";
import { retryDelaySeconds, sendResponse } from "./send-response";
import type { Submission } from "./submission";

const SUBMISSION: Submission = {
  id: "11111111-2222-4333-8444-555555555555",
  secret: "q3Jx0dW8hT2b9kYl_Pz-Ag",
  surveyId: "parent",
  surveyVersion: 1,
  locale: "fr",
  ageBand: null,
  answers: { d1_asked: 3 },
};

interface Call {
  url: string;
  init: RequestInit | undefined;
}

/** A fetch that records its calls and answers with the given response (or throws). */
function fakeFetch(answer: () => Response | Promise<Response>): { fetch: typeof fetch; calls: Call[] } {
  const calls: Call[] = [];
  const impl = async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), init });
    return answer();
  };
  return { fetch: impl as typeof fetch, calls };
}

const json = (status: number, body: unknown) => Response.json(body, { status });

describe("sendResponse: the request", () => {
  it("posts the submission as JSON to the campaign's responses URL, slug encoded", async () => {
    const { fetch, calls } = fakeFetch(() =>
      json(201, { id: SUBMISSION.id, erasureCode: "ABCD-EFGH-JKMN-PQRS" }),
    );
    await sendResponse("quartier nord/é", SUBMISSION, fetch);
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call!.url).toBe(`/api/v1/campaigns/${encodeURIComponent("quartier nord/é")}/responses`);
    expect(call!.init?.method).toBe("POST");
    expect(new Headers(call!.init?.headers).get("content-type")).toBe("application/json");
    expect(JSON.parse(String(call!.init?.body))).toEqual(SUBMISSION);
  });
});

describe("sendResponse: outcomes", () => {
  it.each([201, 200])("maps %i with an erasure code to 'stored'", async (status) => {
    const { fetch } = fakeFetch(() =>
      json(status, { id: SUBMISSION.id, erasureCode: "ABCD-EFGH-JKMN-PQRS" }),
    );
    expect(await sendResponse("s", SUBMISSION, fetch)).toEqual({
      kind: "stored",
      erasureCode: "ABCD-EFGH-JKMN-PQRS",
    });
  });

  it("maps a 200 'already stored' without a code to 'stored', with no code to show", async () => {
    // The server had these answers already, sent without this phone's secret (an older page):
    // they are safe, sending them again would change nothing.
    const { fetch, calls } = fakeFetch(() =>
      json(200, { id: SUBMISSION.id, alreadyStored: true, message: "Cette réponse est déjà enregistrée." }),
    );
    expect(await sendResponse("s", SUBMISSION, fetch)).toEqual({ kind: "stored", erasureCode: null });
    expect(calls).toHaveLength(1);
  });

  it("does not take a 201 'already stored' for an acknowledgement (only a retry can be one)", async () => {
    const { fetch } = fakeFetch(() => json(201, { id: SUBMISSION.id, alreadyStored: true }));
    expect(await sendResponse("s", SUBMISSION, fetch)).toEqual({ kind: "retry", reason: "server" });
  });

  it.each([
    ["no body", () => new Response(null, { status: 201 })],
    ["a body that is not JSON", () => new Response("<html>", { status: 200 })],
    ["no erasure code", () => json(201, { id: SUBMISSION.id })],
    ["an erasure code that is not a string", () => json(200, { erasureCode: 42 })],
  ])(
    "asks for a server retry on a success with %s (the answers are not known to be stored)",
    async (_l, answer) => {
      const { fetch } = fakeFetch(answer);
      expect(await sendResponse("s", SUBMISSION, fetch)).toEqual({ kind: "retry", reason: "server" });
    },
  );

  it("maps a network error (fetch throws) to an offline retry", async () => {
    const { fetch } = fakeFetch(() => {
      throw new TypeError("Failed to fetch");
    });
    expect(await sendResponse("s", SUBMISSION, fetch)).toEqual({ kind: "retry", reason: "offline" });
  });

  it("maps a rejected fetch promise to an offline retry", async () => {
    const { fetch } = fakeFetch(() => Promise.reject(new DOMException("aborted", "AbortError")));
    expect(await sendResponse("s", SUBMISSION, fetch)).toEqual({ kind: "retry", reason: "offline" });
  });

  it.each([500, 502, 503, 504, 429, 408])("maps %i to a server retry", async (status) => {
    const { fetch } = fakeFetch(() => json(status, { error: { code: "x", message: "y" } }));
    expect(await sendResponse("s", SUBMISSION, fetch)).toEqual({ kind: "retry", reason: "server" });
  });

  it("maps 422 to 'invalid' with the server's errors", async () => {
    const errors = [
      { question: "d1_asked", message: "La réponse à cette question est obligatoire." },
      { question: "ageBand", message: "Cette tranche d'âge ne correspond pas à ce questionnaire." },
    ];
    const { fetch } = fakeFetch(() => json(422, { errors }));
    expect(await sendResponse("s", SUBMISSION, fetch)).toEqual({ kind: "invalid", errors });
  });

  it("maps 422 without a readable body to 'invalid' with no errors", async () => {
    const { fetch } = fakeFetch(() => new Response("oops", { status: 422 }));
    expect(await sendResponse("s", SUBMISSION, fetch)).toEqual({ kind: "invalid", errors: [] });
  });

  it("maps 410 to 'closed'", async () => {
    const { fetch } = fakeFetch(() =>
      json(410, {
        error: { code: "closed", message: "Ce questionnaire est fermé.", opensAt: "", closesAt: "" },
      }),
    );
    expect(await sendResponse("s", SUBMISSION, fetch)).toEqual({ kind: "closed" });
  });

  it.each([404, 409, 400, 413, 415, 405, 403])("maps %i to 'refused' with the status", async (status) => {
    const { fetch } = fakeFetch(() => json(status, { error: { code: "x", message: "y" } }));
    expect(await sendResponse("s", SUBMISSION, fetch)).toEqual({ kind: "refused", status });
  });
});

describe("retryDelaySeconds", () => {
  it("doubles from 1 second: 1, 2, 4, 8, 16", () => {
    expect([1, 2, 3, 4, 5].map(retryDelaySeconds)).toEqual([1, 2, 4, 8, 16]);
  });

  it("is capped at 30 seconds", () => {
    expect(retryDelaySeconds(6)).toBe(30);
    expect(retryDelaySeconds(7)).toBe(30);
    expect(retryDelaySeconds(100)).toBe(30);
    expect(retryDelaySeconds(10_000)).toBe(30);
  });

  it("treats attempt 0 and below as the first attempt", () => {
    expect(retryDelaySeconds(0)).toBe(1);
    expect(retryDelaySeconds(-3)).toBe(1);
  });
});

describe("sendResponse: a request that hangs", () => {
  it("gives up after the timeout and says to retry", async () => {
    let aborted = false;
    const hanging = ((_input: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener("abort", () => {
          aborted = true;
          reject(new DOMException("aborted", "AbortError"));
        });
      })) as typeof fetch;
    const outcome = await sendResponse("demo", SUBMISSION, hanging, 30);
    expect(outcome).toEqual({ kind: "retry", reason: "offline" });
    expect(aborted).toBe(true);
  });
});
