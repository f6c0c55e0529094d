// App-wide state: what the app said about itself, the codebook, the current
// view and the encounter being edited. Views read and change it directly.
import type { AppStatusDto, CodebookDto, EncounterDto } from '../ipc/bindings';
import { call, commands, CommandError } from '../ipc/client';
import { setLang } from '../i18n/index.svelte';
import { clone, sameDraft } from './form';

export type View = 'encounters' | 'form' | 'families' | 'family' | 'overview' | 'settings' | 'export' | 'packages';

export interface Editing {
  draft: EncounterDto;
  original: EncounterDto;
  isNew: boolean;
  /** Date of the encounter the situation was carried over from, if any. */
  carriedFrom: string | null;
  /** Where to go back to after saving or cancelling. */
  back: View;
}

export const app = $state({
  status: null as AppStatusDto | null,
  codebook: null as CodebookDto | null,
  view: 'encounters' as View,
  editing: null as Editing | null,
  family: null as string | null,
  toast: '',
  autoLockedAfter: 0,
  /** Asks the user before leaving unsaved work; set by the shell. */
  pendingLeave: null as null | (() => void),
  /** Bumped after every save or delete so lists reload. */
  revision: 0,
});

export async function refreshStatus() {
  app.status = await call(commands.appStatus());
  setLang(app.status.preferences.language);
}

/** The form holds changes nobody saved (an untouched new draft does not count). */
export function dirty(): boolean {
  const e = app.editing;
  return !!e && !sameDraft(e.draft, e.original);
}

/** Navigates, asking first when the form holds unsaved changes. */
export function go(view: View, then?: () => void) {
  const leave = () => {
    if (view !== 'form') app.editing = null;
    app.view = view;
    then?.();
  };
  if (app.view === 'form' && view !== 'form' && dirty()) {
    app.pendingLeave = leave;
  } else {
    leave();
  }
}

export async function newEncounter(family: string | null, back: View = 'encounters') {
  const draft = await call(commands.startEncounter(family));
  let carriedFrom: string | null = null;
  if (family) {
    const timeline = await call(commands.familyTimeline(family));
    carriedFrom = timeline.entries.at(-1)?.encounter.date ?? null;
  }
  go('form', () => {
    app.editing = { draft, original: clone(draft), isNew: true, carriedFrom, back };
  });
}

export async function editEncounter(id: string, back: View = 'encounters') {
  const draft = await call(commands.getEncounter(id));
  go('form', () => {
    app.editing = { draft, original: clone(draft), isNew: false, carriedFrom: null, back };
  });
}

export function openFamily(family: string) {
  go('family', () => {
    app.family = family;
  });
}

let toastTimer: ReturnType<typeof setTimeout> | undefined;
export function toast(text: string) {
  app.toast = text;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (app.toast = ''), 6000);
}

export async function lockNow(auto = false) {
  app.editing = null;
  app.family = null;
  app.view = 'encounters';
  app.autoLockedAfter = auto ? (app.status?.preferences.auto_lock_minutes ?? 0) : 0;
  app.status = await call(commands.lockVault());
}

export function errorText(e: unknown): string {
  if (e instanceof CommandError) return e.message;
  return e instanceof Error ? e.message : String(e);
}
