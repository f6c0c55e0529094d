import { call, commands } from '../ipc/client';
import type { StrengthDto } from '../ipc/bindings';

/**
 * How long typing must pause before a passphrase's strength is asked of the
 * backend. Asking at every keystroke left a copy of every prefix of the
 * passphrase in the web view's memory (SECURITY.md, "Memory after lock").
 */
export const STRENGTH_PAUSE_MS = 400;

/**
 * Asks the strength of `typed` once typing has paused; `still` says whether
 * the field still holds it when the answer comes. Returns the cancel to run
 * when the field changes again (an `$effect`'s cleanup).
 */
export function askStrength(
  typed: string,
  still: (typed: string) => boolean,
  done: (s: StrengthDto) => void,
  failed: (e: unknown) => void,
): () => void {
  const timer = setTimeout(() => {
    call(commands.passphraseStrength(typed))
      .then((s) => {
        if (still(typed)) done(s);
      })
      .catch(failed);
  }, STRENGTH_PAUSE_MS);
  return () => clearTimeout(timer);
}
