import { Model } from "survey-core";
import "survey-core/i18n/french";

/**
 * The one SurveyJS adapter: every SurveyJS model, in the browser or on the server,
 * is made here so both sides read a definition the same way.
 */
export const DEFAULT_LOCALE = "fr";

export function createSurveyModel(surveyJson: Record<string, unknown>, locale = DEFAULT_LOCALE): Model {
  const model = new Model(surveyJson);
  model.locale = locale;
  return model;
}

export type { Model as SurveyModel };

const LEADING_PICTOGRAM = /^(\p{Extended_Pictographic}\uFE0F?)\s+(.*)$/su;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Display settings for a person answering (browser only): our own "send" wording, no
 * built-in completed page (the thank-you page is ours), and pictograms at the start of a
 * choice (the face scale) hidden from screen readers, which would read out the emoji's name.
 */
export function prepareForRespondent(model: Model): Model {
  model.completeText = "Envoyer mes réponses";
  model.showCompletedPage = false;
  model.onTextMarkdown.add((_sender, options) => {
    const match = LEADING_PICTOGRAM.exec(options.text);
    if (match) {
      options.html = `<span class="pictogram" aria-hidden="true">${match[1]}</span> ${escapeHtml(match[2]!)}`;
    }
  });
  return model;
}
