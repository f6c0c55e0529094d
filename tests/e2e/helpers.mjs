// Helpers for the end-to-end tests: a session on the real app, elements
// found by their accessible names as a user finds them, axe-core checks and
// screenshots.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import assert from 'node:assert/strict';

const root = join(dirname(new URL(import.meta.url).pathname), '..', '..');
const uiRequire = createRequire(join(root, 'ui', 'package.json'));
const { remote } = await import(pathToFileURL(uiRequire.resolve('webdriverio')).href);
const axeSource = readFileSync(uiRequire.resolve('axe-core/axe.min.js'), 'utf8');

export const SCREEN_DIR = process.env.SCREENSHOT_DIR ?? join(root, 'tests', 'e2e', 'screens');

/** Starts the app; `dataDir` gives this test its own vault folder
 * (the app's `--data-dir`), so test files do not depend on each other. */
export async function startApp({ dataDir } = {}) {
  const args = dataDir ? ['--data-dir', dataDir] : [];
  const browser = await remote({
    hostname: '127.0.0.1',
    port: Number(process.env.WEBDRIVER_PORT ?? 4444),
    logLevel: 'warn',
    connectionRetryCount: 1,
    capabilities: { 'tauri:options': { application: process.env.VEERKRACHT_APP, args } },
  });
  await browser.setTimeout({ implicit: 0 });
  return new App(browser);
}

export class App {
  constructor(browser) {
    this.b = browser;
  }

  /** The visible element whose accessible name is `name`: its aria-labelledby,
   * aria-label, <label>, or (for buttons, links, headings) its text. A
   * trailing "(verplicht)"-style marker on a label is allowed. */
  async el(name, { timeout = 10_000 } = {}) {
    let found = null;
    await this.b.waitUntil(
      async () => {
        found = await this.b.execute(findByName, name);
        return !!found;
      },
      { timeout, interval: 100, timeoutMsg: `no element named "${name}"` },
    );
    return this.b.$(found);
  }

  /** Runs `act` on the element named `name`, finding it again if the UI
   * re-rendered it in between (a stale reference is not a failure). */
  async with(name, act) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await act(await this.el(name));
      } catch (e) {
        const stale = /stale|not found|no such element|detached/i.test(String(e));
        if (!stale || attempt >= 4) throw e;
        await this.b.pause(100);
      }
    }
  }

  async click(name) {
    await this.with(name, async (e) => {
      await e.scrollIntoView({ block: 'center' });
      await e.click();
    });
  }

  async type(name, text) {
    await this.with(name, async (e) => {
      await e.clearValue();
      await e.setValue(text);
    });
  }

  async choose(name, optionText) {
    await this.with(name, async (e) => {
      await e.scrollIntoView({ block: 'center' });
      await e.selectByVisibleText(optionText);
    });
  }

  async value(name) {
    return this.with(name, (e) => e.getValue());
  }

  async text(selector) {
    return (await this.b.$(selector)).getText();
  }

  /** Waits until the page's text contains `needle`. */
  async see(needle, timeout = 10_000) {
    try {
      await this.b.waitUntil(async () => (await this.bodyText()).includes(needle), {
        timeout,
        timeoutMsg: `"${needle}" never appeared`,
      });
    } catch (e) {
      // What the user saw when it went wrong, for the log and the eyes.
      await this.screenshot('failure', { top: false }).catch(() => {});
      throw e;
    }
  }

  async bodyText() {
    return this.b.execute(() => document.body.innerText);
  }

  async keys(keys) {
    await this.b.keys(keys);
  }

  /** Where the keyboard focus is: the element's id, tag and accessible
   * name, and whether the focus is drawn (`:focus-visible` with an outline). */
  async focus() {
    return this.b.execute(() => {
      const el = document.activeElement;
      if (!el || el === document.body || el === document.documentElement) return { body: true };
      const style = getComputedStyle(el);
      return {
        body: false,
        id: el.id,
        tag: el.tagName.toLowerCase(),
        name: el.getAttribute('aria-label') || el.labels?.[0]?.textContent?.trim() || el.textContent?.trim().slice(0, 60),
        visible: el.matches(':focus-visible') && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
      };
    });
  }

  async settle() {
    await this.b.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
  }

  /** A picture of the window; a passing toast (a message that fades after
   * a few seconds) is left out, so it never hides what the picture shows. */
  async screenshot(name, { top = true, toast = false } = {}) {
    if (top) await this.b.execute(() => window.scrollTo(0, 0));
    if (!toast) await this.b.execute(() => document.querySelectorAll('.toast').forEach((t) => (t.style.visibility = 'hidden')));
    await this.settle();
    mkdirSync(SCREEN_DIR, { recursive: true });
    writeFileSync(join(SCREEN_DIR, `${name}.png`), Buffer.from(await this.b.takeScreenshot(), 'base64'));
    if (!toast) await this.b.execute(() => document.querySelectorAll('.toast').forEach((t) => (t.style.visibility = '')));
  }

  /** axe-core on the current view: no serious or critical violation. */
  async accessible(view) {
    await this.settle();
    // The CSP forbids injected scripts and eval (as it should); a script sent
    // by the WebDriver itself runs in the automation context, so axe's
    // source travels inside it.
    const violations = await this.b.executeAsync(`${axeSource}
      ;const done = arguments[arguments.length - 1];
      window.axe
        .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
        .then((r) => done(r.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ') + (n.any?.[0]?.message ? ' [' + n.any[0].message + ']' : '')).join(' | '))))
        .catch((e) => done(['axe failed: ' + e]));`);
    if (violations.length) await this.screenshot(`a11y-${view.replace(/\W+/g, '-')}`, { top: false }).catch(() => {});
    assert.deepEqual(violations, [], `accessibility problems in ${view}`);
  }

  /** Ends the session and waits until the app's process is gone: a start
   * while it is still exiting would hand over to it (single instance) on a
   * busy machine. */
  async quit() {
    await this.b.deleteSession();
    const app = process.env.VEERKRACHT_APP;
    for (let i = 0; app && i < 300; i++) {
      const running = spawnSync('pgrep', ['-f', app]).status === 0;
      if (!running) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Runs in the page: the first visible element with this accessible name. */
function findByName(wanted) {
  const norm = (t) => (t || '').replace(/\s+/g, ' ').trim();
  const textOf = (el) => norm(el.textContent);
  const nameOf = (el) => {
    const by = el.getAttribute('aria-labelledby');
    if (by) return norm(by.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' '));
    const aria = el.getAttribute('aria-label');
    if (aria) return norm(aria);
    if (el.labels && el.labels.length) return norm([...el.labels].map((l) => l.textContent).join(' '));
    if (el.matches('button, a, summary, option, h1, h2, h3, [role=button], [role=link], [role=tab]')) return textOf(el);
    if (el.matches('fieldset')) return textOf(el.querySelector('legend') ?? el);
    if (el.placeholder) return norm(el.placeholder);
    return norm(el.getAttribute('title'));
  };
  const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  // Controls first: a heading that reads like a button is not what a user clicks.
  for (const selector of [
    'button, a[href], input, select, textarea, summary, [role=button], [role=link], [role=tab]',
    'output, fieldset, h1, h2, h3, [role], dialog',
  ]) {
    for (const el of document.querySelectorAll(selector)) {
      if (!visible(el)) continue;
      const n = nameOf(el);
      if (n === wanted || n.startsWith(`${wanted} (`)) return el;
    }
  }
  return null;
}
