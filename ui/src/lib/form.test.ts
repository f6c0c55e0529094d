import { describe, expect, it } from 'vitest';
import type { CodebookDto, EncounterDto, KindDto, LabelsDto, SectionDto } from '../ipc/bindings';
import {
  detailsByTheme, fieldDimension, lacksContent, limitsRequired, localProblems, moreDimensions,
  qualifierOf, sameDraft, setQualified, setSingle, toggleMulti, clone, keepDelay,
} from './form';
import codebookJson from '../../../crates/veerkracht-core/codebook/codebook.v1.json';

// The real codebook, shaped as the app sends it (see dto.rs CodebookDto).
// The JSON's own shape is checked against these interfaces by the compiler.
interface RawCode { code: string; label: LabelsDto; definition?: string; parent?: string; theme?: string; sensitivity?: string }
interface RawQualifier { code: string; label: LabelsDto }
interface RawDimension {
  id: string; kind: string; section: string; label: LabelsDto; definition?: string; default?: string;
  sensitivity?: string; codes: RawCode[]; statuses?: RawQualifier[]; roles?: RawQualifier[]; values?: RawQualifier[];
}
const raw: { version: string; dimensions: RawDimension[] } = codebookJson;
const KINDS: Record<KindDto, true> = { single: true, multi: true, multi_status: true, multi_role: true, domain_scores: true };
const SECTIONS: Record<SectionDto, true> = { context: true, situation: true, needs: true, actors: true, themes: true, response: true };
const isKind = (k: string): k is KindDto => Object.hasOwn(KINDS, k);
const isSection = (s: string): s is SectionDto => Object.hasOwn(SECTIONS, s);
const cb: CodebookDto = {
  version: raw.version,
  dimensions: raw.dimensions.map((d) => {
    if (!isKind(d.kind) || !isSection(d.section)) throw new Error(`${d.id}: unknown kind or section`);
    return {
      id: d.id, kind: d.kind, section: d.section, label: d.label, definition: d.definition ?? null,
      default: d.default ?? null, sensitive: d.sensitivity === 'high',
      codes: d.codes.map((c) => ({
        code: c.code, label: c.label, definition: c.definition ?? null, parent: c.parent ?? null,
        theme: c.theme ?? null, sensitive: (c.sensitivity ?? d.sensitivity) === 'high',
      })),
      qualifiers: d.statuses ?? d.roles ?? d.values ?? [],
    };
  }),
  limits: {
    note_max_chars: 4000, organisation_max_chars: 80, passphrase_min_chars: 12,
    auto_lock_minutes: { min: 1, max: 120 }, retention_months: { min: 1, max: 120 },
    backups_keep: { min: 1, max: 50 }, k_min: 5, k_high_min: 10,
    limits_required_by_outcome: 'no_solution_limits',
    content_any_of: ['themes', 'theme_details', 'needs', 'outcome'],
  },
};

function draft(): EncounterDto {
  return {
    id: '018f6f3e-8c4b-7c1a-9d2e-4b5a6c7d8e9f', family: '7K3M-9QZD', date: '2026-03-14',
    single: {}, multi: {}, qualified: {}, note: null, demo: false,
  };
}

describe('theme grouping', () => {
  it('puts every detail under its parent theme', () => {
    const groups = detailsByTheme(cb);
    expect([...groups.keys()]).toEqual([
      'bridge_figures_low_threshold', 'civil_society', 'child_perspective_expressive_resilience', 'housing',
    ]);
    expect(groups.get('housing')).toContain('t4_no_housing_solution');
    const all = [...groups.values()].flat();
    expect(all.length).toBe(19);
  });

  it('picking a detail picks its theme; dropping the theme drops its details', () => {
    const d = draft();
    toggleMulti(cb, d, 'theme_details', 't4_no_housing_solution');
    expect(d.multi.themes).toEqual(['housing']);
    toggleMulti(cb, d, 'theme_details', 't1_listening_ear');
    expect(d.multi.themes).toEqual(['housing', 'bridge_figures_low_threshold']);
    toggleMulti(cb, d, 'themes', 'housing');
    expect(d.multi.theme_details).toEqual(['t1_listening_ear']);
    expect(d.multi.themes).toEqual(['bridge_figures_low_threshold']);
  });
});

describe('required limits', () => {
  it('are required exactly when the outcome is hitting the limits', () => {
    const d = draft();
    setSingle(d, 'outcome', 'pending');
    expect(limitsRequired(cb, d)).toBe(false);
    expect(localProblems(cb, d)).toEqual({});
    setSingle(d, 'outcome', 'no_solution_limits');
    expect(limitsRequired(cb, d)).toBe(true);
    expect(localProblems(cb, d)).toEqual({ limits: 'limits_required' });
    toggleMulti(cb, d, 'limits', 'no_capacity');
    expect(localProblems(cb, d)).toEqual({});
  });
});

describe('needs with a status', () => {
  it('keep their place when the status changes and vanish when cleared', () => {
    const d = draft();
    setQualified(d, 'needs', 'shelter_tonight', 'unmet');
    setQualified(d, 'needs', 'food_baby_essentials', 'met');
    setQualified(d, 'needs', 'shelter_tonight', 'pending');
    expect(d.qualified.needs.map((q) => q.code)).toEqual(['shelter_tonight', 'food_baby_essentials']);
    expect(qualifierOf(d, 'needs', 'shelter_tonight')).toBe('pending');
    setQualified(d, 'needs', 'shelter_tonight', null);
    setQualified(d, 'needs', 'food_baby_essentials', null);
    expect(d.qualified.needs).toBeUndefined();
  });
});

describe('content and dirtiness', () => {
  it('an encounter has content once it has a theme, a detail, a need or an outcome (as the app says)', () => {
    const d = draft();
    expect(lacksContent(cb, d)).toBe(true);
    setSingle(d, 'setting', 'home_visit');
    expect(lacksContent(cb, d), 'a setting alone is no content').toBe(true);
    setSingle(d, 'outcome', 'pending');
    expect(lacksContent(cb, d)).toBe(false);
    setSingle(d, 'outcome', null);
    setQualified(d, 'needs', 'shelter_tonight', 'unmet');
    expect(lacksContent(cb, d)).toBe(false);
  });

  it('a draft is unchanged after a toggle and its undo', () => {
    const a = draft();
    const b = clone(a);
    toggleMulti(cb, b, 'themes', 'housing');
    expect(sameDraft(a, b)).toBe(false);
    toggleMulti(cb, b, 'themes', 'housing');
    expect(sameDraft(a, b)).toBe(true);
    b.note = '   ';
    expect(sameDraft(a, b)).toBe(true);
  });
});

describe('layout', () => {
  it('the rest of the codebook is reachable under "more fields"', () => {
    const more = [...moreDimensions(cb).values()].flat().map((d) => d.id);
    expect(more).toContain('household_type');
    expect(more).toContain('actors');
    expect(more).not.toContain('needs');
    expect(more).not.toContain('urgency');
    expect(more.length + 8).toBe(cb.dimensions.length);
  });

  it('maps server field paths to their dimension', () => {
    expect(fieldDimension('needs[1].status')).toBe('needs');
    expect(fieldDimension('kansarmoede.kg_housing')).toBe('kansarmoede');
    expect(fieldDimension('date')).toBe('date');
  });
});

describe('sealing the draft while typing', () => {
  it('seals a second after the last change', () => {
    expect(keepDelay(0, 0)).toBe(1000);
    expect(keepDelay(10_000, 10_500)).toBe(1000);
  });
  it('seals typing without a pause at least every four seconds', () => {
    // A change every half second from t = 0: the seal comes at t = 4 s,
    // not a second after the last keystroke.
    const sealAt = (t: number) => t + keepDelay(0, t);
    for (let t = 0; t <= 3000; t += 500) expect(sealAt(t)).toBe(Math.min(t + 1000, 4000));
    expect(sealAt(3500)).toBe(4000);
    expect(keepDelay(0, 5000)).toBe(0);
  });
});
