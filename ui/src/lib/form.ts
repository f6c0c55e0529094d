// The encounter form's logic, kept out of the components so it can be
// tested without a window: which fields are on the quick path, how theme
// details group under their theme, when limits are required, what a
// change to a chip or a status does to the draft.
import type { CodebookDto, DimensionDto, EncounterDto, QualifiedDto } from '../ipc/bindings';

export type Draft = EncounterDto;

/** Shown first, in this order: what a worker fills in after every contact.
 * Urgency is here too, a few Tabs away rather than under "more fields". */
export const QUICK_PATH = [
  'setting', 'municipality', 'themes', 'needs', 'outcome', 'urgency', 'limits',
] as const;

export function dimension(cb: CodebookDto, id: string): DimensionDto | undefined {
  return cb.dimensions.find((d) => d.id === id);
}

export function onQuickPath(dim: string): boolean {
  return (QUICK_PATH as readonly string[]).includes(dim) || dim === 'theme_details';
}

/** Dimensions not on the quick path, by section, in codebook order. */
export function moreDimensions(cb: CodebookDto): Map<string, DimensionDto[]> {
  const out = new Map<string, DimensionDto[]>();
  for (const d of cb.dimensions) {
    if (onQuickPath(d.id) || d.id === 'theme_details') continue;
    const list = out.get(d.section) ?? [];
    list.push(d);
    out.set(d.section, list);
  }
  return out;
}

/** Theme details grouped under their theme, in codebook order. */
export function detailsByTheme(cb: CodebookDto): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const theme of dimension(cb, 'themes')?.codes ?? []) out.set(theme.code, []);
  for (const d of dimension(cb, 'theme_details')?.codes ?? []) {
    if (d.parent) out.get(d.parent)?.push(d.code);
  }
  return out;
}

export function clone(d: Draft): Draft {
  return JSON.parse(JSON.stringify(d));
}

export function sameDraft(a: Draft, b: Draft): boolean {
  return JSON.stringify(normalise(a)) === JSON.stringify(normalise(b));
}

function normalise(d: Draft): Draft {
  const n = clone(d);
  for (const [k, v] of Object.entries(n.single)) if (!v) delete n.single[k];
  for (const [k, v] of Object.entries(n.multi)) if (!v.length) delete n.multi[k];
  for (const [k, v] of Object.entries(n.qualified)) if (!v.length) delete n.qualified[k];
  n.note = n.note?.trim() ? n.note : null;
  const sorted = (o: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
  n.single = sorted(n.single) as Draft['single'];
  n.multi = sorted(n.multi) as Draft['multi'];
  n.qualified = sorted(n.qualified) as Draft['qualified'];
  return n;
}

export function setSingle(d: Draft, dim: string, code: string | null) {
  if (code) d.single[dim] = code;
  else delete d.single[dim];
}

export function hasCode(d: Draft, dim: string, code: string): boolean {
  return (d.multi[dim] ?? []).includes(code);
}

/** Toggles a chip. Picking a theme detail also picks its theme; dropping a
 * theme drops its details, so the draft never says less than it shows. */
export function toggleMulti(cb: CodebookDto, d: Draft, dim: string, code: string) {
  const list = d.multi[dim] ?? [];
  const on = !list.includes(code);
  d.multi[dim] = on ? [...list, code] : list.filter((c) => c !== code);
  if (dim === 'theme_details' && on) {
    const parent = dimension(cb, 'theme_details')?.codes.find((c) => c.code === code)?.parent;
    if (parent && !hasCode(d, 'themes', parent)) d.multi.themes = [...(d.multi.themes ?? []), parent];
  }
  if (dim === 'themes' && !on) {
    const children = detailsByTheme(cb).get(code) ?? [];
    d.multi.theme_details = (d.multi.theme_details ?? []).filter((c) => !children.includes(c));
  }
  if (!d.multi[dim]?.length) delete d.multi[dim];
  if (d.multi.theme_details && !d.multi.theme_details.length) delete d.multi.theme_details;
}

export function qualifierOf(d: Draft, dim: string, code: string): string | null {
  return (d.qualified[dim] ?? []).find((q) => q.code === code)?.qualifier ?? null;
}

/** Sets (or with null, removes) the status/role/value of one code. */
export function setQualified(d: Draft, dim: string, code: string, qualifier: string | null) {
  const list: QualifiedDto[] = (d.qualified[dim] ?? []).filter((q) => q.code !== code);
  if (qualifier) {
    const at = (d.qualified[dim] ?? []).findIndex((q) => q.code === code);
    const entry = { code, qualifier };
    if (at >= 0) list.splice(at, 0, entry);
    else list.push(entry);
  }
  if (list.length) d.qualified[dim] = list;
  else delete d.qualified[dim];
}

/** The qualifier a freshly ticked code starts with. */
export function defaultQualifier(dim: DimensionDto): string {
  if (dim.kind === 'multi_status') return 'unmet';
  if (dim.kind === 'multi_role') return 'already_involved';
  return 'unknown';
}

/** Limits must be given for this draft: the codebook's rule, as the app
 * sends it (the outcome that records "botsen op grenzen"). */
export function limitsRequired(cb: CodebookDto, d: Draft): boolean {
  return d.single.outcome === cb.limits.limits_required_by_outcome;
}

/** The draft holds none of what makes an encounter worth counting (the
 * app's rule: at least one of the dimensions it names). */
export function lacksContent(cb: CodebookDto, d: Draft): boolean {
  return !cb.limits.content_any_of.some(
    (dim) => !!d.single[dim] || !!d.multi[dim]?.length || !!d.qualified[dim]?.length,
  );
}

/** Problems the form can see before asking the app; the app re-checks all. */
export function localProblems(cb: CodebookDto, d: Draft): Record<string, 'required' | 'limits_required'> {
  const out: Record<string, 'required' | 'limits_required'> = {};
  if (!d.date) out.date = 'required';
  if (!d.family) out.family = 'required';
  if (limitsRequired(cb, d) && !(d.multi.limits ?? []).length) out.limits = 'limits_required';
  return out;
}

/** Maps a server field path (`needs[0].status`) to the dimension it sits in. */
export function fieldDimension(path: string): string {
  return path.split(/[[.]/)[0];
}

/** The draft is sealed this long after the last change... */
export const KEEP_AFTER_MS = 1000;
/** ...and at least this often while changes keep coming. */
export const KEEP_AT_LEAST_EVERY_MS = 4000;

/** How long to wait, at time `now`, before sealing the draft whose oldest
 * change not yet sealed was made at `unkeptSince` (same clock): a second
 * after the last change, but never later than four seconds after the
 * first, so that typing without a pause is sealed too. */
export function keepDelay(unkeptSince: number, now: number): number {
  return Math.max(0, Math.min(KEEP_AFTER_MS, unkeptSince + KEEP_AT_LEAST_EVERY_MS - now));
}
