import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ErrorSummary } from "./ErrorSummary";
import { CheckField, Field } from "./Field";

/** The attributes of the element with this id in the markup. */
function attributesOf(html: string, id: string): string {
  const match = new RegExp(`<(input|select|textarea)[^>]*\\bid="${id}"[^>]*>`).exec(html);
  if (!match) throw new Error(`no control with id ${id} in ${html}`);
  return match[0];
}

describe("Field: the accessibility contract", () => {
  it("ties the label to the control and says nothing is wrong while there is no error", () => {
    const html = renderToStaticMarkup(
      createElement(Field, {
        id: "email",
        name: "email",
        type: "email",
        label: "Adresse e-mail",
        required: true,
      }),
    );
    expect(html).toContain('<label for="email">Adresse e-mail</label>');
    const input = attributesOf(html, "email");
    expect(input).not.toContain("aria-invalid");
    expect(input).not.toContain("aria-describedby");
    expect(input).toContain("required");
    expect(html).not.toContain("field-error");
  });

  it("links the error by aria-describedby and sets aria-invalid", () => {
    const html = renderToStaticMarkup(
      createElement(Field, {
        id: "email",
        name: "email",
        label: "Adresse e-mail",
        error: "Indiquez votre adresse e-mail.",
      }),
    );
    const input = attributesOf(html, "email");
    expect(input).toContain('aria-invalid="true"');
    expect(input).toContain('aria-describedby="email-error"');
    expect(html).toContain('<p id="email-error" class="field-error">Indiquez votre adresse e-mail.</p>');
  });

  it("describes the control by its hint, then its error", () => {
    const props = { id: "code", name: "code", label: "Votre code", hint: "8 lettres et chiffres" };
    const calm = renderToStaticMarkup(createElement(Field, props));
    expect(attributesOf(calm, "code")).toContain('aria-describedby="code-hint"');
    expect(calm).toContain('<p id="code-hint" class="hint">8 lettres et chiffres</p>');
    const wrong = renderToStaticMarkup(
      createElement(Field, { ...props, error: "Code inconnu.", announce: true }),
    );
    expect(attributesOf(wrong, "code")).toContain('aria-describedby="code-hint code-error"');
    expect(wrong).toContain('<p id="code-error" class="field-error" role="alert">');
  });

  it("does the same for a select and a textarea", () => {
    const select = renderToStaticMarkup(
      createElement(
        Field,
        { as: "select", id: "t", name: "t", label: "Territoire", error: "Choisissez." },
        createElement("option", { value: "" }, "…"),
      ),
    );
    expect(attributesOf(select, "t")).toMatch(
      /^<select[^>]*aria-invalid="true"[^>]*aria-describedby="t-error"/,
    );
    const textarea = renderToStaticMarkup(
      createElement(Field, { as: "textarea", id: "x", name: "x", label: "Texte", error: "Trop long." }),
    );
    expect(attributesOf(textarea, "x")).toMatch(
      /^<textarea[^>]*aria-invalid="true"[^>]*aria-describedby="x-error"/,
    );
  });

  it("links a checkbox's error too", () => {
    const html = renderToStaticMarkup(
      createElement(CheckField, {
        id: "youth",
        name: "youth",
        value: "oui",
        label: "D'accord",
        error: "Cochez.",
      }),
    );
    const input = attributesOf(html, "youth");
    expect(input).toContain('type="checkbox"');
    expect(input).toContain('aria-invalid="true"');
    expect(input).toContain('aria-describedby="youth-error"');
    expect(html).toContain('<label for="youth">D&#x27;accord</label>');
  });

  it("names the control after its id unless told, and may not name it at all (a locked control)", () => {
    expect(attributesOf(renderToStaticMarkup(createElement(Field, { id: "q", label: "Q" })), "q")).toContain(
      'name="q"',
    );
    const locked = renderToStaticMarkup(
      createElement(Field, { id: "campagne-t", name: undefined, label: "T" }),
    );
    expect(attributesOf(locked, "campagne-t")).not.toContain("name=");
  });

  it("reads a hidden word before the error when asked", () => {
    const html = renderToStaticMarkup(
      createElement(Field, { id: "t", label: "Titre", error: "Trop long.", srPrefix: "Erreur : " }),
    );
    expect(html).toContain(
      '<p id="t-error" class="field-error"><span class="visually-hidden">Erreur : </span>Trop long.</p>',
    );
  });
});

describe("ErrorSummary", () => {
  it("is read out as it appears, and absent without a message", () => {
    expect(
      renderToStaticMarkup(
        createElement(ErrorSummary, { message: "Adresse e-mail ou mot de passe incorrect." }),
      ),
    ).toBe('<div class="error-summary" role="alert"><p>Adresse e-mail ou mot de passe incorrect.</p></div>');
    expect(renderToStaticMarkup(createElement(ErrorSummary, { message: null }))).toBe("");
  });
});
