// Dates as the worker reads and types them, whatever the operating
// system's locale: day first, dd-mm-jjjj in Dutch, jj/mm/aaaa in French,
// dd/mm/yyyy in English. The app itself only ever sends and receives ISO
// dates (`YYYY-MM-DD`); this module is the one place that converts.
//
// `<input type="date">` is not used: WebKit draws it in the system's
// locale, so on a US machine a Dutch worker typing 05-11-2026 saved 11 May.
import { LOCALE, type Lang } from '../i18n/index.svelte';

/** The separator each language writes between day, month and year. */
export const SEPARATOR: Record<Lang, string> = { nl: '-', fr: '/', en: '/' };

export type Parsed =
  | { ok: true; iso: string }
  | { ok: false; reason: 'empty' | 'shape' | 'no_such_date' };

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `YYYY-MM-DD` of a calendar day, or null when there is no such day. */
export function isoOf(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return null;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > days) return null;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** A date as typed, day first in every language. Accepted: `5-11-2026`,
 * `05/11/2026`, `5.11.2026`, `5 11 2026`, `05112026`, two-digit years
 * (`5-11-26` is 2026) and ISO (`2026-11-05`, recognised by its four-digit
 * start). Never month first: `11/05/2026` is 11 May. */
export function parseDate(text: string): Parsed {
  const s = text.trim();
  if (!s) return { ok: false, reason: 'empty' };
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  let year: number, month: number, day: number;
  if (m) {
    [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  } else if ((m = /^(\d{1,2})\s*[-/.\s]\s*(\d{1,2})\s*[-/.\s]\s*(\d{2}|\d{4})$/.exec(s))) {
    [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (m[3].length === 2) year += 2000;
  } else if ((m = /^(\d{2})(\d{2})(\d{4}|\d{2})$/.exec(s))) {
    [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (m[3].length === 2) year += 2000;
  } else {
    return { ok: false, reason: 'shape' };
  }
  const iso = isoOf(year, month, day);
  return iso ? { ok: true, iso } : { ok: false, reason: 'no_such_date' };
}

function parts(iso: string): [number, number, number] | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

/** An ISO date as the language writes it: `05-11-2026`, `05/11/2026`. */
export function formatDate(iso: string | null | undefined, lang: Lang): string {
  const p = iso ? parts(iso) : null;
  if (!p) return iso ?? '';
  const sep = SEPARATOR[lang];
  return `${pad(p[2])}${sep}${pad(p[1])}${sep}${pad(p[0], 4)}`;
}

/** The date in words, to check what was typed: "donderdag 5 november 2026". */
export function longDate(iso: string, lang: Lang): string {
  const p = parts(iso);
  if (!p) return '';
  return new Intl.DateTimeFormat(LOCALE[lang], {
    weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC',
  }).format(new Date(Date.UTC(p[0], p[1] - 1, p[2])));
}

/** A moment (RFC 3339) in the machine's time zone: `05-11-2026 14:03`. */
export function formatMoment(rfc3339: string, lang: Lang): string {
  const at = new Date(rfc3339);
  if (Number.isNaN(at.getTime())) return rfc3339;
  const iso = `${pad(at.getFullYear(), 4)}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
  return `${formatDate(iso, lang)} ${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/** The ISO date `n` days after (or before) `iso`. */
export function addDays(iso: string, n: number): string {
  const p = parts(iso);
  if (!p) return iso;
  const d = new Date(Date.UTC(p[0], p[1] - 1, p[2] + n));
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** Today on this machine, as an ISO date. */
export function todayIso(now = new Date()): string {
  return `${pad(now.getFullYear(), 4)}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
