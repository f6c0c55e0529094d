import { describe, expect, it } from 'vitest';
import { addDays, formatDate, formatMoment, isoOf, longDate, parseDate, todayIso } from './dates';

describe('typing a date', () => {
  it('reads the day first in every spelling a worker types', () => {
    for (const typed of ['05-11-2026', '5-11-2026', '05/11/2026', '5/11/2026', '5.11.2026', '5 11 2026',
      ' 05 - 11 - 2026 ', '05112026', '5-11-26', '051126', '2026-11-05']) {
      expect(parseDate(typed), typed).toEqual({ ok: true, iso: '2026-11-05' });
    }
  });

  it('never reads the month first: 11/05/2026 is 11 May, as in Brussels', () => {
    expect(parseDate('11/05/2026')).toEqual({ ok: true, iso: '2026-05-11' });
    expect(parseDate('05-11-2026')).not.toEqual({ ok: true, iso: '2026-05-11' });
  });

  it('an ambiguous-looking US date with a day above 12 in the middle is no date', () => {
    expect(parseDate('05/13/2026')).toEqual({ ok: false, reason: 'no_such_date' });
  });

  it('refuses days that do not exist, leap years included', () => {
    expect(parseDate('31-04-2026')).toEqual({ ok: false, reason: 'no_such_date' });
    expect(parseDate('29-02-2026')).toEqual({ ok: false, reason: 'no_such_date' });
    expect(parseDate('29-02-2028')).toEqual({ ok: true, iso: '2028-02-29' });
    expect(parseDate('00-01-2026')).toEqual({ ok: false, reason: 'no_such_date' });
    expect(parseDate('2026-13-01')).toEqual({ ok: false, reason: 'no_such_date' });
  });

  it('refuses what is not a date at all, and says when nothing was typed', () => {
    expect(parseDate('')).toEqual({ ok: false, reason: 'empty' });
    expect(parseDate('   ')).toEqual({ ok: false, reason: 'empty' });
    for (const typed of ['morgen', '5 november 2026', '5-11', '2026', '5--11-2026', '123-4-2026', '05-11-2026x', '1/2/3']) {
      expect(parseDate(typed), typed).toEqual({ ok: false, reason: 'shape' });
    }
  });
});

describe('showing a date', () => {
  it('writes dd-mm-jjjj in Dutch and dd/mm/yyyy in French and English', () => {
    expect(formatDate('2026-11-05', 'nl')).toBe('05-11-2026');
    expect(formatDate('2026-11-05', 'fr')).toBe('05/11/2026');
    expect(formatDate('2026-11-05', 'en')).toBe('05/11/2026');
    expect(formatDate(null, 'nl')).toBe('');
  });

  it('what is shown reads back as the same date', () => {
    for (const iso of ['2026-01-31', '2000-02-29', '2026-12-01']) {
      for (const lang of ['nl', 'fr', 'en'] as const) {
        expect(parseDate(formatDate(iso, lang))).toEqual({ ok: true, iso });
      }
    }
  });

  it('says the date in words, in the language of the app', () => {
    expect(longDate('2026-11-05', 'nl')).toBe('donderdag 5 november 2026');
    expect(longDate('2026-11-05', 'fr')).toBe('jeudi 5 novembre 2026');
    expect(longDate('2026-11-05', 'en')).toMatch(/^Thursday,? 5 November 2026$/);
  });

  it('moments show in the machine time zone, day first', () => {
    const local = new Date(2026, 10, 5, 14, 3);
    expect(formatMoment(local.toISOString(), 'nl')).toBe('05-11-2026 14:03');
    expect(formatMoment('nonsense', 'nl')).toBe('nonsense');
  });
});

describe('date arithmetic', () => {
  it('moves across months and years', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(isoOf(2026, 2, 29)).toBeNull();
    expect(todayIso(new Date(2026, 0, 2))).toBe('2026-01-02');
  });
});
