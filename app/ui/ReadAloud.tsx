import { useEffect, useState } from "react";
import { iconSvg, SPEAKER_SHAPES } from "~/surveys/pictograms";
import { pickVoice, speechLang } from "~/surveys/read-aloud";

/** The loudspeaker, drawn (an emoji would need the phone's emoji font). Our own markup. */
const SPEAKER = iconSvg(SPEAKER_SHAPES, 22, "read-aloud-icon");

function Speaker() {
  return (
    <span className="read-aloud-picture" aria-hidden="true" dangerouslySetInnerHTML={{ __html: SPEAKER }} />
  );
}

export interface ReadAloudLabels {
  /** "Écouter la question" */
  listen: string;
  /** "Arrêter la lecture" */
  stop: string;
  /** "Pas de voix en arabe sur ce téléphone" */
  noVoice: string;
}

type Voices = SpeechSynthesisVoice[] | null;

/** The phone's voices, once it has listed them (Chrome lists them late, after "voiceschanged"). */
function useVoices(): Voices | "unsupported" {
  const [voices, setVoices] = useState<Voices | "unsupported">(null);
  useEffect(() => {
    if (typeof window === "undefined" || !("speechSynthesis" in window)) {
      setVoices("unsupported");
      return;
    }
    const synth = window.speechSynthesis;
    const update = () => setVoices(synth.getVoices());
    update();
    synth.addEventListener("voiceschanged", update);
    // Some browsers never fire "voiceschanged" when they have no voice at all.
    const timer = setTimeout(update, 1500);
    return () => {
      synth.removeEventListener("voiceschanged", update);
      clearTimeout(timer);
    };
  }, []);
  return voices;
}

/**
 * A visible button that reads `text` aloud in `locale` with the browser's speech synthesis.
 * Without a voice for the language it says so (and stays focusable, so a screen reader
 * user hears why) instead of doing nothing.
 */
export function ReadAloud({
  text,
  locale,
  labels,
}: {
  text: string;
  locale: string;
  labels: ReadAloudLabels;
}) {
  const voices = useVoices();
  const [speaking, setSpeaking] = useState(false);
  const voice = Array.isArray(voices) ? pickVoice(voices, locale) : undefined;

  // A new question: stop reading the previous one.
  useEffect(() => {
    return () => {
      if (typeof window !== "undefined" && "speechSynthesis" in window) window.speechSynthesis.cancel();
    };
  }, [text]);

  // Not yet known: hold the button's place (hidden), so the question below does not jump
  // when it appears — a tap aimed at a choice would land on the wrong one.
  if (voices === null) {
    return (
      <span className="button read-aloud" aria-hidden="true" style={{ visibility: "hidden" }}>
        <Speaker />
        {labels.listen}
      </span>
    );
  }
  const unavailable = voices === "unsupported" || !voice;
  const toggle = () => {
    if (unavailable) return;
    const synth = window.speechSynthesis;
    if (speaking) {
      synth.cancel();
      setSpeaking(false);
      return;
    }
    synth.cancel();
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.voice = voice;
    utterance.lang = voice.lang || speechLang(locale);
    utterance.rate = 0.9;
    utterance.onend = () => setSpeaking(false);
    utterance.onerror = () => setSpeaking(false);
    setSpeaking(true);
    synth.speak(utterance);
  };
  return (
    <button
      type="button"
      className="button read-aloud"
      onClick={toggle}
      aria-disabled={unavailable ? true : undefined}
      data-testid="read-aloud"
    >
      <Speaker />
      {unavailable ? labels.noVoice : speaking ? labels.stop : labels.listen}
    </button>
  );
}
