/**
 * How long typing must pause before a passphrase's strength is asked of the
 * backend. Asking at every keystroke left a copy of every prefix of the
 * passphrase in the web view's memory (SECURITY.md, "Memory after lock").
 */
export const STRENGTH_PAUSE_MS = 400;
