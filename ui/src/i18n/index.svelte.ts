// UI strings live only in nl.json, fr.json and en.json; this module picks
// one by the current language. Codebook labels come from the codebook itself.
import nl from './nl.json';
import fr from './fr.json';
import en from './en.json';
import type { LabelsDto } from '../ipc/bindings';

export type Lang = 'nl' | 'fr' | 'en';
export type Key = keyof typeof nl;
export const LANGS: Lang[] = ['nl', 'fr', 'en'];

const dictionaries: Record<Lang, Record<Key, string>> = { nl, fr, en };

export const i18n = $state({ lang: 'nl' as Lang });

export function setLang(lang: string) {
  if ((LANGS as string[]).includes(lang)) {
    i18n.lang = lang as Lang;
    document.documentElement.lang = lang;
  }
}

/** A UI string in the current language, with `{name}` placeholders filled in. */
export function t(key: Key, params: Record<string, string | number> = {}): string {
  const text = dictionaries[i18n.lang][key] ?? dictionaries.nl[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? `{${name}}`));
}

/** A codebook label in the current language. */
export function label(labels: LabelsDto | undefined): string {
  return labels ? labels[i18n.lang] : '';
}

export function dictionary(lang: Lang): Record<string, string> {
  return dictionaries[lang];
}
