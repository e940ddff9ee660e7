import { Model, settings, surveyLocalization } from "survey-core";
import "survey-core/i18n/french";
import { FACE_BY_EMOJI, faceSvg } from "./faces";

/**
 * The one SurveyJS adapter: every SurveyJS model, in the browser or on the server,
 * is made here so both sides read a definition the same way.
 */
export const DEFAULT_LOCALE = "fr";

// With one question per page, the step-button progress bar of the default theme is a row
// of 28 dots on a phone; the classic bar says "Page 3 sur 28", which is what people need.
settings.legacyProgressBarView = true;
const french = surveyLocalization.locales["fr"] as Record<string, string> | undefined;
if (french) french.progressText = "Question {0} sur {1}";

export function createSurveyModel(surveyJson: Record<string, unknown>, locale = DEFAULT_LOCALE): Model {
  const model = new Model(surveyJson);
  model.locale = locale;
  return model;
}

export type { Model as SurveyModel };

const LEADING_PICTOGRAM = /^(\p{Extended_Pictographic}\uFE0F?)\s+(.*)$/su;

/** Our colours and the system font, over SurveyJS's default theme. */
const THEME_VARIABLES: Record<string, string> = {
  "--sjs-primary-backcolor": "#1d3f8f",
  "--sjs-primary-backcolor-dark": "#132c66",
  "--sjs-primary-backcolor-light": "rgba(29, 63, 143, 0.1)",
  "--sjs-primary-forecolor": "#ffffff",
  "--sjs-general-backcolor-dim": "#f1f4fa",
  "--sjs-font-family": 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif',
  "--sjs-font-size": "17px",
  // Darker than the defaults, for WCAG AA contrast of descriptions and radio outlines.
  "--sjs-general-forecolor": "#161616",
  "--sjs-general-forecolor-light": "#4a4a4a",
  "--sjs-border-default": "rgba(0, 0, 0, 0.45)",
};

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
  model.applyTheme({ cssVariables: THEME_VARIABLES, isPanelless: true });
  model.onTextMarkdown.add((_sender, options) => {
    const match = LEADING_PICTOGRAM.exec(options.text);
    if (match) {
      const kind = FACE_BY_EMOJI[match[1]!.replace("\uFE0F", "")];
      const icon = kind ? faceSvg(kind) : `<span class="pictogram" aria-hidden="true">${match[1]}</span>`;
      options.html = `${icon} ${escapeHtml(match[2]!)}`;
    }
  });
  return model;
}
