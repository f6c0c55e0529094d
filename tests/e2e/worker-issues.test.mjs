// Issue 17, "the worker's day", in the real window under the C (US) locale
// (run.sh sets LANG=C): each sub-test is one complaint of the issue and
// failed on the code as it was before the fix.
//   item 7  an empty encounter cannot be saved
//   keys    a minimal encounter by keyboard alone, focus visible at every step
//   item 3  a second "Nieuw contact" asks before dropping the draft
//   item 2  dates read and typed as dd-mm-jjjj whatever the OS locale
//   item 1  auto-lock keeps the unsaved encounter (sealed) and offers it back
//   item 6  the language choice is saved, and the app's messages follow it
//   item 4  the export preview is never stale
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp } from './helpers.mjs';

const PASS = 'groene tram rijdt naar de markt';
const dataDir = `${process.env.VEERKRACHT_DATA_DIR}-issues`;

/** Sends one key (or chord) and returns where the focus went. */
async function press(app, keys) {
  await app.keys(keys);
  await app.settle();
  return app.focus();
}

function assertFocusShown(where, step) {
  assert.ok(!where.body, `${step}: the focus fell to the page body`);
  assert.ok(where.visible, `${step}: the focus on ${where.tag}#${where.id} is not drawn`);
}

test('issue 17: the worker does not lose work and reads dates in her language', { timeout: 600_000 }, async (t) => {
  let app = await startApp({ dataDir });
  try {
    await t.test('a fresh vault', async () => {
      await app.type('Wachtwoordzin', PASS);
      await app.type('Herhaal de wachtwoordzin', PASS);
      await app.click('Ik begrijp dat een verloren wachtwoordzin niet te herstellen is.');
      await app.click('Kluis aanmaken');
      await app.see('Nog geen contacten');
    });

    await t.test('item 7: an encounter without a theme, a need or an outcome is not saved', async () => {
      await app.click('Nieuw contact');
      await app.el('Plaats van het contact');
      await app.keys(['Control', 's']);
      await app.see('Vul minstens een thema, een nood of een resultaat in.');
      await app.see('Minstens een thema, een nood of een resultaat (verplicht)');
      await app.keys(['Escape']);
      await app.see('Nog geen contacten');
    });

    await t.test('keyboard: a minimal encounter in a handful of keystrokes, the focus always drawn', async () => {
      await app.click('Contacten');
      await app.b.execute(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
      let strokes = 0;
      const step = async (keys, name) => {
        strokes++;
        const where = await press(app, keys);
        assertFocusShown(where, name);
        return where;
      };
      let where = await step(['Control', 'n'], 'Ctrl+N opens the form');
      await app.see('Nieuw contact');
      assert.equal(where.id, 'f-setting', 'the form starts at the first field of the quick path');
      await step(['ArrowDown'], 'pick the first setting');
      assert.equal(await app.value('Plaats van het contact'), 'home_visit');
      await step(['Tab'], 'to the municipality');
      where = await step(['Tab'], 'to the themes');
      assert.equal(where.tag, 'input', 'a theme chip has the focus');
      await step([' '], 'tick the theme');
      where = await step(['Control', 's'], 'save');
      await app.see('Opgeslagen: het contact staat veilig op schijf.');
      await app.see('1 van 1 contact');
      assert.ok(strokes <= 15, `a minimal encounter took ${strokes} keystrokes`);
      console.log(`minimal encounter: ${strokes} keystrokes`);

      // Urgency sits on the quick path, a few Tabs away, not 114.
      await press(app, ['Control', 'n']);
      await app.see('Nieuw contact');
      let tabs = 0;
      for (; tabs < 30; tabs++) {
        where = await press(app, ['Tab']);
        assertFocusShown(where, `Tab ${tabs + 1}`);
        if (where.id === 'f-urgency') break;
      }
      assert.ok(tabs < 10, `reaching Urgentie took ${tabs + 1} Tabs`);
      await press(app, ['Escape']);
      await app.see('1 van 1 contact');
    });

    await t.test('item 3: a second "Nieuw contact" asks before it drops the typed draft', async () => {
      await app.click('Nieuw contact');
      const first = (await app.text('#f-family')).trim();
      await app.type('Notitie (blijft op deze computer)', 'Eerste versie van de notitie');
      await app.see('Niet opgeslagen wijzigingen');
      await app.click('Nieuw contact');
      await app.see('Wijzigingen weggooien?');
      await app.click('Verder bewerken');
      assert.equal(await app.value('Notitie (blijft op deze computer)'), 'Eerste versie van de notitie');
      assert.equal((await app.text('#f-family')).trim(), first, 'still the same family');
      await app.click('Nieuw contact');
      await app.click('Weggooien');
      await app.b.waitUntil(async () => (await app.text('#f-family')).trim() !== first, { timeout: 5000, timeoutMsg: 'the form still shows the old draft' });
      assert.equal(await app.value('Notitie (blijft op deze computer)'), '', 'a fresh, empty form');
      await app.keys(['Escape']);
    });

    await t.test('item 2: dates are typed and shown as dd-mm-jjjj under a US locale', async () => {
      await app.click('Nieuw contact');
      await app.type('Datum van het contact', '05-11-2026');
      await app.keys(['Tab']);
      await app.see('donderdag 5 november 2026');
      await app.click('Huisvesting van precaire gezinnen');
      await app.type('Notitie (blijft op deze computer)', 'datumtest');
      await app.click('Opslaan');
      await app.see('Opgeslagen: het contact staat veilig op schijf.');
      await app.see('05-11-2026');
      assert.ok(!(await app.bodyText()).includes('11-05-2026'), 'never month first');
      await app.type('Van', '01-11-2026');
      await app.type('Tot en met', '04-11-2026');
      await app.keys(['Tab']);
      await app.see('Geen contacten voor deze filters.');
      await app.type('Tot en met', '05-11-2026');
      await app.keys(['Tab']);
      await app.see('1 van 1 contact');
      await app.click('Filters wissen');
    });

    await t.test('item 1: auto-lock seals the unsaved encounter and offers it back after unlock', async () => {
      await app.click('Instellingen');
      await app.type('Automatisch vergrendelen na (minuten)', '1');
      await app.click('Instellingen opslaan');
      await app.see('Instellingen opgeslagen.');
      await app.click('Nieuw contact');
      await app.click('Kinderperspectief en expressieve veerkracht');
      await app.type('Notitie (blijft op deze computer)', 'Onafgewerkt: morgen de opvang bellen');
      // No input now: the app locks itself after a minute.
      await app.el('Kluis ontgrendelen', { timeout: 120_000 });
      assert.ok(!(await app.bodyText()).includes('Onafgewerkt'), 'nothing of the draft stays on screen while locked');
      await app.type('Wachtwoordzin', PASS);
      await app.click('Ontgrendelen');
      await app.see('Je onafgewerkte contact is bewaard');
      assert.equal(await app.value('Notitie (blijft op deze computer)'), 'Onafgewerkt: morgen de opvang bellen');
      await app.click('Opslaan');
      await app.see('Opgeslagen: het contact staat veilig op schijf.');
      await app.click('Instellingen');
      await app.type('Automatisch vergrendelen na (minuten)', '5');
      await app.click('Instellingen opslaan');
      await app.see('Instellingen opgeslagen.');
      await app.click('Vergrendelen');
      await app.type('Wachtwoordzin', PASS);
      await app.click('Ontgrendelen');
      await app.see('3 van 3 contacten');
      assert.ok(!(await app.bodyText()).includes('Je onafgewerkte contact is bewaard'), 'a saved draft is gone');
    });

    await t.test('item 4: "Pakket maken" makes the package that was previewed; a bad k says so', async () => {
      await app.click('Exporteren');
      await app.type('Periode', '2026');
      await app.click('Voorbeeld bekijken');
      await app.see('Wat gepubliceerd wordt', 60_000); // the audit runs, slower on a loaded machine
      assert.match(await app.value('Map voor het pakket'), /2026$/);
      await app.type('Periode', 'Q4 2026');
      await app.see('Het voorbeeld hoort bij 2026, niet bij wat er nu staat');
      assert.equal(await app.with('Pakket maken', (e) => e.isEnabled()), false, 'no export of a period nobody previewed');
      await app.click('Voorbeeld bekijken');
      await app.see('Voorbeeld voor 2026-Q4');
      assert.match(await app.value('Map voor het pakket'), /2026-Q4$/, 'the folder follows the previewed period');
      const rows = await app.bodyText();
      for (const raw of ['themes_effective', 'policy_signal', '· unmet', '· already_involved', 'kansarm_indicator']) {
        assert.ok(!rows.includes(raw), `no raw code "${raw}" in the preview`);
      }
      await app.type('Drempel k (minstens 5)', '3');
      await app.click('Voorbeeld bekijken');
      await app.see('3 ligt buiten 5–');
    });

    await t.test('item 6: the language choice is saved at once and the messages follow it', async () => {
      await app.click('Instellingen');
      await app.choose('Taal van de app', 'Français');
      await app.see('Paramètres');
      await app.click('Rencontres');
      await app.click('Paramètres');
      assert.equal(await app.value('Langue de l\'application'), 'fr', 'the choice is still there');
      await app.see('Paramètres');
    });
  } finally {
    await app.quit();
  }

  app = await startApp({ dataDir });
  try {
    await t.test('item 6: after a restart the app speaks French, and so do its errors', async () => {
      await app.see('Déverrouiller le coffre');
      await app.type('Phrase secrète', 'pas la bonne');
      await app.click('Déverrouiller');
      await app.see('Phrase secrète incorrecte');
      await app.type('Phrase secrète', PASS);
      await app.click('Déverrouiller');
      await app.click('Exporter');
      await app.type('Période', 'hier');
      await app.click('Voir l\'aperçu');
      await app.see('attendu : une période');
      await app.click('Paramètres');
      await app.choose('Langue de l\'application', 'Nederlands');
      await app.see('Instellingen');
    });

    await t.test('item 10: at 800×600 the work keeps the screen and no column is cut', async () => {
      const { width, height } = await app.b.getWindowSize();
      try {
        await app.b.setWindowSize(800, 600);
        await app.click('Contacten');
        await app.see('3 van 3 contacten');
        await app.settle();
        const list = await app.b.execute(() => {
          const th = [...document.querySelectorAll('table.list th')].at(-1).getBoundingClientRect();
          return { right: th.right, width: innerWidth, overflow: document.documentElement.scrollWidth - innerWidth };
        });
        assert.ok(list.right <= list.width, `the outcome column ends at ${list.right} of ${list.width}`);
        assert.ok(list.overflow <= 0, 'the page does not scroll sideways');
        for (const [view, name] of [['Contacten', 'list-800-nl'], ['Gezinnen', 'families-800-nl']]) {
          await app.click(view);
          await app.screenshot(name);
        }
        await app.click('Nieuw contact');
        await app.see('Snel invullen');
        const room = await app.b.execute(() => {
          const bar = document.querySelector('.bar').getBoundingClientRect();
          const foot = document.querySelector('.actions.sticky').getBoundingClientRect();
          const sticky = getComputedStyle(document.querySelector('.bar')).position === 'sticky';
          return (innerHeight - (sticky ? bar.height : 0) - foot.height) / innerHeight;
        });
        assert.ok(room > 0.75, `the form keeps ${Math.round(room * 100)}% of the height`);
        await app.screenshot('form-800-nl');
        await app.keys(['Escape']);
        await app.click('Instellingen');
        await app.choose('Taal van de app', 'Français');
        await app.click('Rencontres');
        await app.see('3 sur 3 rencontres');
        await app.screenshot('list-800-fr');
        await app.click('Nouvelle rencontre');
        await app.screenshot('form-800-fr');
        await app.keys(['Escape']);
        await app.click('Paramètres');
        await app.choose('Langue de l\'application', 'Nederlands');
        await app.see('Instellingen');
      } finally {
        await app.b.setWindowSize(width, height);
      }
    });
  } finally {
    await app.quit();
  }
});
