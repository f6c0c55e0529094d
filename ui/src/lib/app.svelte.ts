// App-wide state: what the app said about itself, the codebook, the current
// view and the encounter being edited. Views read and change it directly.
import type { AppStatusDto, CodebookDto, DraftDto, EncounterDto, StartedDto } from '../ipc/bindings';
import { call, commands, CommandError } from '../ipc/client';
import { setLang, t } from '../i18n/index.svelte';
import { clone, sameDraft } from './form';

export type View = 'encounters' | 'form' | 'families' | 'family' | 'overview' | 'settings' | 'export' | 'packages';

export interface Editing {
  /** A new number for every form opened: the form is rebuilt when it changes. */
  serial: number;
  draft: EncounterDto;
  original: EncounterDto;
  isNew: boolean;
  /** Date of the encounter the situation was carried over from, if any. */
  carriedFrom: string | null;
  /** Dimensions whose answers came from that encounter (the backend says which). */
  carried: string[];
  /** Handed back after a lock: kept sealed in the vault until saved or discarded. */
  restored: boolean;
  /** A copy was sealed into the vault while typing (see `keepDraft`). */
  kept: boolean;
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
  /** The backend locked because the computer slept or the screen locked. */
  lockedBySystem: false,
  /** Asks the user before leaving unsaved work; set by the shell. */
  pendingLeave: null as null | (() => void),
  /** Bumped after every save or delete so lists reload. */
  revision: 0,
  /** Before unlocking: the researcher's package screen, which needs no vault. */
  packagesWithoutVault: false,
});

let serial = 0;

export async function refreshStatus() {
  app.status = await call(commands.appStatus());
  setLang(app.status.preferences.language);
}

/** The form holds changes nobody saved (an untouched new draft does not
 * count; a draft handed back after a lock always does). */
export function dirty(): boolean {
  const e = app.editing;
  return !!e && (e.restored || !sameDraft(e.draft, e.original));
}

/** Navigates, asking first when the form holds unsaved changes. Leaving
 * for another form (a second "Nieuw contact") asks too. */
export function go(view: View, then?: () => void, { replacingForm = false } = {}) {
  const leave = () => {
    if (view !== 'form') app.editing = null;
    app.view = view;
    then?.();
  };
  if (app.view === 'form' && (view !== 'form' || replacingForm) && dirty()) {
    app.pendingLeave = leave;
  } else {
    leave();
  }
}

/** The draft thrown away by the user: a sealed copy goes too. */
export async function discardDraft() {
  const e = app.editing;
  if (e && (e.restored || e.kept)) {
    e.restored = false;
    e.kept = false;
    await call(commands.discardDraft()).catch((err) => toast(errorText(err)));
  }
}

function openForm(editing: Omit<Editing, 'serial' | 'kept'>) {
  app.editing = { ...editing, kept: false, serial: ++serial };
}

export async function newEncounter(family: string | null, back: View = 'encounters') {
  const open = async () => {
    try {
      const started: StartedDto = await call(commands.startEncounter(family));
      app.view = 'form';
      openForm({
        draft: started.encounter, original: clone(started.encounter), isNew: true,
        carriedFrom: started.carried_from, carried: started.carried, restored: false, back,
      });
    } catch (err) {
      toast(errorText(err));
    }
  };
  if (app.view === 'form' && dirty()) {
    app.pendingLeave = () => void open();
  } else {
    await open();
  }
}

export async function editEncounter(id: string, back: View = 'encounters') {
  const draft = await call(commands.getEncounter(id));
  go('form', () => {
    openForm({ draft, original: clone(draft), isNew: false, carriedFrom: null, carried: [], restored: false, back });
  }, { replacingForm: true });
}

/** After unlocking: the encounter that was being typed when the vault
 * locked, handed back from its sealed copy. */
export async function offerSavedDraft() {
  let saved: DraftDto | null;
  try {
    saved = await call(commands.savedDraft());
  } catch (err) {
    toast(errorText(err));
    return;
  }
  if (!saved) return;
  app.view = 'form';
  openForm({
    draft: saved.encounter, original: clone(saved.encounter), isNew: saved.is_new,
    carriedFrom: null, carried: [], restored: true, back: 'encounters',
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

/** The form's unsaved work as the backend keeps it (null when there is none). */
function pendingDraft(): DraftDto | null {
  const e = app.editing;
  if (app.view !== 'form' || !e || !dirty()) return null;
  return { encounter: $state.snapshot(e.draft), is_new: e.isNew };
}

/** Seals the form's unsaved work in the vault now (the form does this a
 * second after the typing stops and every four seconds while it goes on, so
 * that little typed is lost to a crash or a lock from elsewhere). */
export async function keepDraft() {
  const draft = pendingDraft();
  const editing = app.editing;
  if (!draft || !editing) return;
  // One after the other, in the order they were asked: an older copy must
  // never land after a newer one, nor after the save that waits for them.
  const keeping = inFlight
    .then(() => call(commands.keepDraft(draft)))
    .then(() => {
      editing.kept = true;
    });
  inFlight = keeping.then(
    () => undefined,
    () => undefined,
  );
  await keeping;
}

/** The draft being sealed right now, if any: a save waits for it, so the
 * sealed copy can never land after the encounter it copies was saved.
 * (Its failure is reported by whoever started it.) */
let inFlight: Promise<void> = Promise.resolve();
export function draftKept(): Promise<void> {
  return inFlight;
}

/** Locks: the unsaved encounter, if any, is sealed into the vault first
 * (as part of the lock) and offered back after the next unlock; then the
 * key and every decrypted record leave memory and the screen is cleared. */
export async function lockNow(auto = false) {
  const draft = pendingDraft();
  app.editing = null;
  app.family = null;
  app.pendingLeave = null;
  app.view = 'encounters';
  app.autoLockedAfter = auto ? (app.status?.preferences.auto_lock_minutes ?? 0) : 0;
  app.lockedBySystem = false;
  try {
    // A copy still on its way lands first, so the lock's is the last word.
    await draftKept();
    app.status = await call(commands.lockVault(draft));
  } catch (err) {
    // The session is closed either way; what failed (the backup) is said.
    toast(errorText(err));
    await refreshStatus().catch((again) => toast(`${errorText(err)} ${errorText(again)}`));
  }
}

/** When the backend locked an idle session by itself (see `keep_alive`):
 * the screen is cleared as after an auto-lock. The draft the form kept
 * every few seconds is sealed in the vault and offered after the unlock. */
export async function lockedByBackend() {
  let status;
  try {
    status = await call(commands.appStatus());
  } catch {
    return;
  }
  if (status.unlocked || !app.status?.unlocked) return;
  app.editing = null;
  app.family = null;
  app.pendingLeave = null;
  app.view = 'encounters';
  app.lockedBySystem = status.locked_by === 'system';
  app.autoLockedAfter = app.lockedBySystem ? 0 : app.status.preferences.auto_lock_minutes;
  app.status = status;
}

export function errorText(e: unknown): string {
  if (e instanceof CommandError) return e.message;
  if (e instanceof Error) return e.message;
  return typeof e === 'string' ? e : t('common.error');
}
