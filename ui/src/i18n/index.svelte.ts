// UI strings live only in nl.json, fr.json and en.json; this module picks
// one by the current language. Codebook labels come from the codebook itself.
//
// A message is a string with `{name}` placeholders, or, when it counts
// something, its plural forms `{ "one": …, "other": … }` (and an optional
// `"zero"`, for "nog geen …"); the form is chosen with the language's own
// rules (Intl.PluralRules) from the `n` parameter, so no caller writes
// `n === 1 ? … : …`.
//
// Keys are typed: `t('nav.new')` fails to compile when the key is missing,
// and so does a key made from a typed enum, `t(`section.${dim.section}`)`,
// when any value of the enum has no key.
import nl from './nl.json';
import fr from './fr.json';
import en from './en.json';
import type { LabelsDto, LangDto } from '../ipc/bindings';

export type Lang = LangDto;
export type Key = keyof typeof nl;
export const LANGS: Lang[] = ['nl', 'fr', 'en'];

export interface Plural {
  zero?: string;
  one: string;
  other: string;
}
export type Message = string | Plural;

const dictionaries: Record<Lang, Record<Key, Message>> = { nl, fr, en };

/** The locale of each language for dates and numbers: Belgian Dutch and
 * French, British English (day before month). */
export const LOCALE: Record<Lang, string> = { nl: 'nl-BE', fr: 'fr-BE', en: 'en-GB' };

export const i18n = $state({ lang: 'nl' as Lang });

export function isLang(value: string): value is Lang {
  return (LANGS as string[]).includes(value);
}

export function setLang(lang: string) {
  if (isLang(lang)) {
    i18n.lang = lang;
    if (typeof document !== 'undefined') document.documentElement.lang = lang;
  }
}

const pluralRules = new Map<Lang, Intl.PluralRules>();

/** The form of a plural message for `n` in `lang`. */
export function pluralForm(message: Plural, n: number, lang: Lang): string {
  if (n === 0 && message.zero !== undefined) return message.zero;
  let rules = pluralRules.get(lang);
  if (!rules) {
    rules = new Intl.PluralRules(LOCALE[lang]);
    pluralRules.set(lang, rules);
  }
  return rules.select(n) === 'one' ? message.one : message.other;
}

/** A message in `lang`, with `{name}` placeholders filled in. */
export function translate(lang: Lang, key: Key, params: Record<string, string | number> = {}): string {
  const message = dictionaries[lang][key] ?? dictionaries.nl[key];
  if (message === undefined) return key;
  const text = typeof message === 'string' ? message : pluralForm(message, Number(params.n ?? 0), lang);
  return text.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? `{${name}}`));
}

/** A UI string in the current language. */
export function t(key: Key, params: Record<string, string | number> = {}): string {
  return translate(i18n.lang, key, params);
}

/** A codebook label in the current language. */
export function label(labels: LabelsDto | undefined): string {
  return labels ? labels[i18n.lang] : '';
}

export function dictionary(lang: Lang): Record<Key, Message> {
  return dictionaries[lang];
}
