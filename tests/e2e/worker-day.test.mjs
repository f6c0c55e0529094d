// A frontline worker's first day with the real app, end to end:
// create the vault → log an encounter for a new family → find it → quit and
// restart → unlock → still there → a second encounter for the same family
// starts from its situation → family timeline → edit → French → lock.
// Every element is found by its accessible name, as a user finds it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startApp } from './helpers.mjs';

const PASS = 'paars konijn fietst langs de vaart';

test('a worker logs, finds, follows and edits encounters across a restart', { timeout: 300_000 }, async (t) => {
  let app = await startApp();
  let family;
  try {
    await t.test('first start asks for a new passphrase, with the warning', async () => {
      await app.el('Wachtwoordzin');
      await app.see('Niemand kan hem herstellen');
      await app.accessible('welcome');
      await app.screenshot('welcome-nl');
      await app.type('Wachtwoordzin', PASS);
      await app.type('Herhaal de wachtwoordzin', PASS);
      await app.see('Sterk.');
      await app.click('Ik begrijp dat een verloren wachtwoordzin niet te herstellen is.');
      await app.click('Kluis aanmaken');
      await app.el('Nieuw contact');
      await app.see('Nog geen contacten');
    });

    await t.test('log an encounter for a new family with needs, actors and themes', async () => {
      await app.click('Nieuw contact');
      family = (await app.text('#f-family')).trim();
      assert.match(family, /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/, 'a generated pseudonym');
      await app.choose('Plaats van het contact', 'Huisbezoek');
      await app.choose('Gemeente waar het gezin nu verblijft', 'Sint-Jans-Molenbeek');
      await app.click('Huisvesting van precaire gezinnen');
      await app.click('Geen woonoplossing gevonden');
      await app.click('Onderdak vannacht');
      assert.equal(await app.value('Status: Onderdak vannacht'), 'unmet', 'a ticked need starts as unmet');
      await app.click('Voeding, luiers, babymelk');
      await app.choose('Status: Voeding, luiers, babymelk', 'Beantwoord');
      await app.choose('Resultaat', 'Geen oplossing: botsen op grenzen');
      await app.see('Kies minstens één grens waarop je botste.');
      await app.click('Opslaan');
      await app.see('Niet opgeslagen: verbeter de gemarkeerde velden.');
      await app.click('Geen plaats / wachtlijst');
      await app.click('Meer velden tonen');
      await app.click('Brugfiguur');
      assert.equal(await app.value('Rol: Brugfiguur'), 'already_involved');
      await app.choose('Woonsituatie (waar het gezin nu verblijft)', 'Kraakpand / tijdelijke bezetting');
      await app.type('Notitie (blijft op deze computer)', 'Opvang morgen opnieuw proberen.');
      await app.accessible('encounter form');
      await app.screenshot('form-nl');
      await app.click('Opslaan');
      await app.see('Opgeslagen: het contact staat veilig op schijf.');
    });

    await t.test('find it in the list, by family and by search', async () => {
      await app.see(family);
      await app.type('Zoeken in notities en codes', 'opvang morgen');
      await app.see('1 van 1 contact');
      await app.type('Zoeken in notities en codes', 'niets dat bestaat');
      await app.see('Geen contacten voor deze filters.');
      await app.click('Filters wissen');
      await app.see(family);
      await app.accessible('encounter list');
      await app.screenshot('list-nl');
    });
  } finally {
    await app.quit();
  }

  app = await startApp();
  try {
    await t.test('after a restart the vault unlocks and the encounter is still there', async () => {
      await app.el('Kluis ontgrendelen', { timeout: 15_000 }).catch(() => app.el('Ontgrendelen'));
      await app.type('Wachtwoordzin', 'verkeerde zin');
      await app.click('Ontgrendelen');
      await app.see('Verkeerde wachtwoordzin.');
      await app.accessible('unlock');
      await app.screenshot('unlock-nl');
      await app.type('Wachtwoordzin', PASS);
      await app.click('Ontgrendelen');
      await app.see(family);
    });

    await t.test('a second start hands over to the running app and exits', async () => {
      const second = spawnSync(process.env.VEERKRACHT_APP, [], { timeout: 30_000, encoding: 'utf8' });
      assert.equal(second.error, undefined, 'the second start ends by itself');
      assert.equal(second.status, 0);
      assert.ok(!(second.stderr ?? '').includes('veerkracht-ready'), 'it never showed a window of its own');
      await app.see(family);
    });

    await t.test('a second encounter for the same family starts from its situation', async () => {
      await app.click('Gezinnen');
      await app.click(`Gezin ${family} openen`);
      await app.click('Nieuw contact voor dit gezin');
      await app.see('Situatie overgenomen van het contact van');
      await app.click('Meer velden tonen');
      assert.equal(await app.value('Woonsituatie (waar het gezin nu verblijft)'), 'squat_or_occupation', 'carried over');
      assert.equal(await app.value('Gemeente waar het gezin nu verblijft'), 'molenbeek', 'carried over');
      assert.equal(await app.value('Plaats van het contact'), '', 'the setting is not carried over');
      await app.choose('Woonsituatie (waar het gezin nu verblijft)', 'Noodopvang');
      await app.choose('Plaats van het contact', 'Opvang / noodopvang');
      assert.equal(await app.value('Status: Onderdak vannacht'), 'unmet', 'the need still open comes along');
      await app.choose('Status: Onderdak vannacht', 'Beantwoord');
      await app.type('Notitie (blijft op deze computer)', 'Mama belt terug op 0478 12 34 56, haar dochter Amina is ziek.');
      await app.keys(['Control', 's']);
      await app.see('Mogelijk identificerende gegevens in de notitie');
      await app.accessible('scanner findings');
      await app.screenshot('scan-nl', { top: false });
      await app.click('Verwijderen uit de notitie: 0478 12 34 56');
      await app.click('Identificeert niemand: Amina');
      await app.see('Alles nagekeken. Klik opnieuw op Opslaan.');
      assert.ok(!(await app.value('Notitie (blijft op deze computer)')).includes('0478'), 'the number is gone from the note');
      await app.keys(['Control', 's']);
      await app.see('Opgeslagen: het contact staat veilig op schijf.');
    });

    await t.test('the family timeline highlights what changed', async () => {
      await app.see(`Gezin ${family}`);
      await app.see('Kraakpand / tijdelijke bezetting → Noodopvang');
      await app.see('Niet langer onbeantwoord: Onderdak vannacht');
      await app.see('Hoe gaat het nu met dit gezin?');
      await app.see('Geen open noden bij het laatste contact.');
      await app.accessible('family timeline');
      await app.screenshot('family-nl');
    });

    await t.test('edit an encounter', async () => {
      // The timeline is newest first: the oldest encounter is the last.
      const edit = await app.b.$$('button=Bewerken');
      await edit[edit.length - 1].click();
      await app.see('Contact bewerken');
      await app.choose('Resultaat', 'Lopend / wachtlijst');
      await app.click('Opslaan');
      await app.see('Opgeslagen: het contact staat veilig op schijf.');
      await app.see('Lopend / wachtlijst');
    });

    await t.test('overview of the own caseload', async () => {
      await app.click('Overzicht');
      await app.see('Contacten per maand');
      await app.see('Onbeantwoorde noden');
      await app.accessible('overview');
      await app.screenshot('overview-nl');
      await app.click('Instellingen');
      await app.see('Over deze installatie');
      await app.see('bevestigd: identificeert niemand');
      await app.accessible('settings');
      await app.screenshot('settings-nl');
    });

    await t.test('issue 18: the About screen shows version, licence and third-party licences', async () => {
      await app.see('Kluisformaat (schemaversie)');
      await app.see('EUPL-1.2');
      await app.click('Licenties: Veerkracht en de onderdelen van derden');
      await app.see('Onderdelen van derden');
      const text = await app.bodyText();
      assert.match(text, /Veerkracht valt onder de EUPL-1\.2\. Het bevat \d{3,} onderdelen van derden/);
      for (const part of ['sled', 'tauri', 'svelte', 'Rust-crate', 'npm-pakket']) {
        assert.ok(text.includes(part), `the list names ${part}`);
      }
      await app.click('Licentietekst van Veerkracht');
      await app.see('EUROPEAN UNION PUBLIC LICENCE v. 1.2');
      await app.accessible('settings, licences open');
      await app.screenshot('about-nl', { top: false });
    });

    await t.test('export a signal package and open it as a researcher', async () => {
      const folder = `${process.env.VEERKRACHT_DATA_DIR}-pakket-2026`;
      await app.click('Exporteren');
      await app.type('Periode', '2026');
      await app.click('Voorbeeld bekijken');
      await app.see('Wat gepubliceerd wordt', 60_000); // the audit runs, slower on a loaded machine
      await app.see('minder dan k gezinnen');
      await app.type('Map voor het pakket', folder);
      await app.click('Pakket maken');
      await app.see('datapackage.json', 60_000);
      await app.accessible('export');
      await app.screenshot('export-nl');
      await app.click('Pakketten');
      await app.type('Map van een pakket', folder);
      await app.click('Openen');
      await app.see('Het pakket is in orde');
      assert.ok(!(await app.bodyText()).includes(family), 'no pseudonym in what a researcher sees');
      await app.accessible('packages');
      await app.screenshot('packages-nl');
    });

    await t.test('switch to French, live', async () => {
      await app.click('Instellingen');
      await app.choose('Taal van de app', 'Français');
      await app.see('Paramètres');
      await app.click('Enregistrer les paramètres');
      await app.see('Paramètres enregistrés.');
      await app.screenshot('settings-fr');
      await app.click('Aperçu');
      await app.see('Rencontres par mois');
      await app.screenshot('overview-fr');
      await app.click('Rencontres');
      await app.see(family);
      await app.see('Molenbeek-Saint-Jean');
      await app.accessible('encounter list (fr)');
      await app.screenshot('list-fr');
      await app.click('Familles');
      await app.click(`Ouvrir la famille ${family}`);
      await app.see('Squat / occupation temporaire → Hébergement d\'urgence');
      await app.screenshot('family-fr');
      await app.click('Exporter');
      await app.click('Voir l\'aperçu');
      await app.see('Ce qui sera publié', 60_000); // the audit runs
      await app.screenshot('export-fr');
      await app.click('Paquets');
      await app.see('Fusionner des paquets');
      await app.screenshot('packages-fr');
      await app.click('Familles');
      await app.click(`Ouvrir la famille ${family}`);
      await app.click('Nouvelle rencontre pour cette famille');
      await app.see('Situation reprise de la rencontre du');
      await app.accessible('encounter form (fr)');
      await app.screenshot('form-fr');
      await app.keys(['Escape']);
      await app.see(`Famille ${family}`);
    });

    await t.test('lock clears the screen and asks for the passphrase', async () => {
      await app.click('Verrouiller');
      await app.see('Déverrouiller le coffre');
      const text = await app.bodyText();
      assert.ok(!text.includes(family), 'nothing of the caseload stays on screen');
      await app.screenshot('unlock-fr');
      await app.accessible('unlock (fr)');
    });
  } finally {
    await app.quit();
  }
});
