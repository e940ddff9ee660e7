import { describe, expect, it } from "vitest";
import { getLocale, resolveLocale, suggestedLocale } from "./locale.server";

const request = (url: string, headers: Record<string, string> = {}) =>
  new Request(`http://localhost${url}`, { headers });

describe("resolveLocale", () => {
  it("is French by default, whatever the browser prefers", () => {
    expect(resolveLocale(request("/s/demo", { "Accept-Language": "ar,en;q=0.8" }))).toEqual({
      locale: "fr",
      setCookie: null,
    });
  });

  it("takes ?lang= and remembers it for a year on the whole site", () => {
    const { locale, setCookie } = resolveLocale(request("/s/demo/parent?lang=ar"));
    expect(locale).toBe("ar");
    expect(setCookie).toBe("coeduc_lang=ar; Path=/; Max-Age=31536000; SameSite=Lax");
  });

  it("marks the cookie Secure over HTTPS (an https URL: TLS, or a trusted proxy as the server decides)", () => {
    const { setCookie } = resolveLocale(new Request("https://localhost/?lang=en"));
    expect(setCookie).toMatch(/; Secure$/);
    // A client's own header is not HTTPS.
    const spoofed = resolveLocale(request("/?lang=en", { "X-Forwarded-Proto": "https" }));
    expect(spoofed.setCookie).not.toMatch(/Secure/);
  });

  it("then reads the cookie; ?lang= wins over it", () => {
    const cookie = { Cookie: "other=1; coeduc_lang=falc" };
    expect(resolveLocale(request("/effacer", cookie))).toEqual({ locale: "falc", setCookie: null });
    expect(getLocale(request("/effacer?lang=en", cookie))).toBe("en");
  });

  it("ignores a language it does not have", () => {
    expect(resolveLocale(request("/s/demo?lang=de", { Cookie: "coeduc_lang=xx" }))).toEqual({
      locale: "fr",
      setCookie: null,
    });
  });

  it("keeps the coordinators' area in French", () => {
    expect(getLocale(request("/tableau?lang=ar", { Cookie: "coeduc_lang=ar" }))).toBe("fr");
  });
});

describe("suggestedLocale", () => {
  it("suggests English or Arabic when the browser prefers it to French", () => {
    expect(suggestedLocale(request("/", { "Accept-Language": "ar-MA,fr;q=0.8" }))).toBe("ar");
    expect(suggestedLocale(request("/", { "Accept-Language": "de,en-GB;q=0.9,fr;q=0.5" }))).toBe("en");
    expect(suggestedLocale(request("/", { "Accept-Language": "fr;q=0.4,ar;q=0.9" }))).toBe("ar");
  });

  it("suggests nothing to a French browser, or once a language is chosen", () => {
    expect(suggestedLocale(request("/", { "Accept-Language": "fr-FR,fr;q=0.9,en;q=0.8" }))).toBeNull();
    expect(suggestedLocale(request("/", {}))).toBeNull();
    expect(suggestedLocale(request("/", { "Accept-Language": "ar", Cookie: "coeduc_lang=fr" }))).toBeNull();
    expect(suggestedLocale(request("/?lang=fr", { "Accept-Language": "ar" }))).toBeNull();
  });
});
