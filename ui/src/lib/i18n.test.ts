import { describe, expect, it } from 'vitest';
import nl from '../i18n/nl.json';
import fr from '../i18n/fr.json';
import en from '../i18n/en.json';
import { translate, type Key, type Message } from '../i18n/index.svelte';

const dicts: Record<string, Record<string, Message>> = { nl, fr, en };
const forms = (m: Message): string[] => (typeof m === 'string' ? [m] : Object.values(m));
const holes = (m: Message) => [...new Set(forms(m).flatMap((s) => s.match(/\{\w+\}/g) ?? []))].sort().join();

describe('translations', () => {
  it('every language has every key, and nothing empty', () => {
    const keys = Object.keys(nl).sort();
    expect(Object.keys(fr).sort()).toEqual(keys);
    expect(Object.keys(en).sort()).toEqual(keys);
    for (const [lang, dict] of Object.entries(dicts)) {
      for (const [k, v] of Object.entries(dict)) {
        for (const form of forms(v)) expect(form, `${lang} ${k}`).not.toBe('');
      }
    }
  });

  it('placeholders match across languages', () => {
    for (const k of Object.keys(nl) as Key[]) {
      expect(holes(fr[k]), k).toBe(holes(nl[k]));
      expect(holes(en[k]), k).toBe(holes(nl[k]));
    }
  });

  it('a message that counts has its plural forms in every language, and counts with {n}', () => {
    for (const k of Object.keys(nl) as Key[]) {
      const shapes = [nl[k], fr[k], en[k]].map((m) => (typeof m === 'string' ? 'text' : Object.keys(m).sort().join()));
      expect(new Set(shapes).size, `${k}: ${shapes.join(' / ')}`).toBe(1);
      if (typeof nl[k] !== 'string') expect(shapes[0], k).toMatch(/one.*other|other.*one/);
    }
  });

  it('picks the plural form by each language\u2019s own rules', () => {
    expect(translate('nl', 'unlock.auto_locked', { n: 1 })).toBe('Vergrendeld na 1 minuut zonder activiteit.');
    expect(translate('nl', 'unlock.auto_locked', { n: 5 })).toBe('Vergrendeld na 5 minuten zonder activiteit.');
    // French counts 0 and 1 as singular; the "zero" form wins where there is one.
    expect(translate('fr', 'family.show_older', { n: 1 })).toBe('Afficher 1 rencontre plus ancienne');
    expect(translate('fr', 'family.show_older', { n: 0 })).toBe('Afficher 0 rencontre plus ancienne');
    expect(translate('fr', 'demo.removed', { n: 0 })).toBe("Il n'y avait pas de rencontres de démonstration.");
    expect(translate('en', 'list.count', { n: 2, shown: 1, total: 2 })).toBe('1 of 2 encounters');
  });

  it('no text in the interface says "1 minuten", "1 bronnen" or glues a word to a bracket', () => {
    for (const [lang, dict] of Object.entries(dicts)) {
      for (const [k, v] of Object.entries(dict)) {
        for (const form of forms(v)) {
          expect(form, `${lang} ${k}`).not.toMatch(/\w\(/);
          expect(form, `${lang} ${k}`).not.toMatch(/n'est plus non/i);
        }
      }
    }
  });
});
