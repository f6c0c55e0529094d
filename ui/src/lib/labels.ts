// Codes as people read them: every code through its codebook label in the
// current language, the derived rows of a package through the UI's own
// words, never a raw id on screen.
import type { CodebookDto, DimensionDto } from '../ipc/bindings';
import { label, t, type Key } from '../i18n/index.svelte';
import { dimension } from './form';

export function codeLabel(cb: CodebookDto, dim: string, code: string | null | undefined): string {
  if (!code) return '–';
  return label(dimension(cb, dim)?.codes.find((c) => c.code === code)?.label) || code;
}

export function dimLabel(cb: CodebookDto, dim: string): string {
  return label(dimension(cb, dim)?.label) || dim;
}

export function qualifierLabel(cb: CodebookDto, dim: string, qualifier: string | null | undefined): string {
  if (!qualifier) return t('common.unknown');
  return label(dimension(cb, dim)?.qualifiers.find((q) => q.code === qualifier)?.label) || qualifier;
}

/** The four themes by a short name ("Huisvesting") rather than T1–T4;
 * a theme the UI has no short name for shows its full label. */
const THEME_SHORT: Record<string, Key> = {
  bridge_figures_low_threshold: 'theme.short.bridge_figures_low_threshold',
  civil_society: 'theme.short.civil_society',
  child_perspective_expressive_resilience: 'theme.short.child_perspective_expressive_resilience',
  housing: 'theme.short.housing',
};
export function themeShort(cb: CodebookDto, code: string): string {
  const key = THEME_SHORT[code];
  return key ? t(key) : codeLabel(cb, 'themes', code);
}

/** A sign beside the colour of a need's status, so that it never rests on
 * colour alone: ✗ unmet, … pending, ✓ met (glyphs every system font has). */
export function statusSign(status: string): string {
  return status === 'unmet' ? '✗' : status === 'pending' ? '…' : status === 'met' ? '✓' : '·';
}

/** Help under a field, in the user's language (the codebook's own
 * definitions are English notes for researchers). */
const HINTS: Record<string, Key> = {
  municipality: 'hint.municipality',
  language_support: 'hint.language_support',
  children_count: 'hint.children_count',
  child_ages: 'hint.child_ages',
  residence_status: 'hint.residence_status',
  kansarmoede: 'hint.kansarmoede',
  actors: 'hint.actors',
  child_perspective: 'hint.child_perspective',
};
export function dimHint(dim: DimensionDto | string): string {
  const key = HINTS[typeof dim === 'string' ? dim : dim.id];
  return key ? t(key) : '';
}

/** Rows of a package that are not codebook dimensions: derived indicators
 * and the total. */
const DERIVED: Record<string, Key> = {
  themes_effective: 'derived.themes_effective',
  policy_signal: 'derived.policy_signal',
  kansarm_indicator: 'derived.kansarm_indicator',
  total: 'derived.total',
};
const DERIVED_CODES: Record<string, Key> = {
  true: 'derived.yes',
  false: 'derived.no',
  unknown: 'derived.unknown',
  all: 'derived.all',
};

/** A package row's dimension, in words. */
export function packageDimension(cb: CodebookDto, dim: string): string {
  const key = DERIVED[dim];
  return key ? t(key) : dimLabel(cb, dim);
}

/** A package row's code, in words (themes_effective codes are themes). */
export function packageCode(cb: CodebookDto, dim: string, code: string): string {
  if (dim === 'themes_effective') return codeLabel(cb, 'themes', code);
  if (DERIVED[dim]) {
    const key = DERIVED_CODES[code];
    return key ? t(key) : code;
  }
  if (code === 'total') return t('derived.total');
  return codeLabel(cb, dim, code);
}

/** A package row's qualifier (a need's status, an actor's role, a
 * kansarmoede value), in words; '' when there is none. */
export function packageQualifier(cb: CodebookDto, dim: string, qualifier: string): string {
  return qualifier ? qualifierLabel(cb, dim, qualifier) : '';
}
