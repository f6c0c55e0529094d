import { describe, expect, it } from 'vitest';
import nl from '../i18n/nl.json';
import fr from '../i18n/fr.json';
import en from '../i18n/en.json';

describe('translations', () => {
  it('every language has every key, and nothing empty', () => {
    const keys = Object.keys(nl).sort();
    expect(Object.keys(fr).sort()).toEqual(keys);
    expect(Object.keys(en).sort()).toEqual(keys);
    for (const dict of [nl, fr, en]) {
      for (const [k, v] of Object.entries(dict)) expect(v, k).not.toBe('');
    }
  });

  it('placeholders match across languages', () => {
    const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort().join();
    for (const k of Object.keys(nl) as (keyof typeof nl)[]) {
      expect(holes(fr[k]), k).toBe(holes(nl[k]));
      expect(holes(en[k]), k).toBe(holes(nl[k]));
    }
  });
});
