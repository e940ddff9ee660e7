import { useLocation, useRouteLoaderData } from "@remix-run/react";
import { Fragment, type ReactNode, useCallback } from "react";
import {
  DEFAULT_LOCALE,
  isFrenchOnlyPath,
  isLocale,
  type Locale,
  type MessageKey,
  type MessageVars,
  t,
} from "~/i18n/i18n";

// The page's language on the React side: the root loader decides it (?lang=, cookie,
// French) so the server render and the browser agree; the coordinators' area stays French.

/** The page's locale. */
export function useLocale(): Locale {
  const data = useRouteLoaderData("root") as { locale?: unknown } | undefined;
  const { pathname } = useLocation();
  if (isFrenchOnlyPath(pathname)) return DEFAULT_LOCALE;
  return isLocale(data?.locale) ? data.locale : DEFAULT_LOCALE;
}

/** `t` bound to the page's locale. */
export function useT(): (key: MessageKey, vars?: MessageVars) => string {
  const locale = useLocale();
  return useCallback((key: MessageKey, vars?: MessageVars) => t(locale, key, vars), [locale]);
}

/** The locale from a route's `meta` arguments (where hooks cannot be used). */
export function metaLocale(matches: readonly { id: string; data: unknown }[]): Locale {
  const data = matches.find((m) => m.id === "root")?.data as { locale?: unknown } | undefined;
  return isLocale(data?.locale) ? data.locale : DEFAULT_LOCALE;
}

/** A page title: "Merci · Coéduc". */
export function metaTitle(
  matches: readonly { id: string; data: unknown }[],
  key: MessageKey,
  vars?: MessageVars,
): string {
  return `${t(metaLocale(matches), key, vars)} · Coéduc`;
}

/**
 * A formatted message with React elements in place of `{name}` placeholders, e.g. a link
 * inside a sentence: `rich(t("thanks.code.erase.vous", …), { link: <Link …/> })`.
 * Text placeholders must already be filled in; unknown ones are left as they are.
 */
export function rich(text: string, nodes: Record<string, ReactNode>): ReactNode {
  const parts = text.split(/\{(\w+)\}/);
  return parts.map((part, i) =>
    i % 2 === 1 ? <Fragment key={i}>{part in nodes ? nodes[part] : `{${part}}`}</Fragment> : part,
  );
}
