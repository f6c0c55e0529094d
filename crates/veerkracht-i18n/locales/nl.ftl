## De berichten van Veerkracht in het Nederlands. Elke id bestaat ook in
## fr.ftl en en.ftl, met dezelfde variabelen (een test controleert het).

## Zelftest van de catalogus
test-plural = { $n ->
    [one] { $n } regel
   *[other] { $n } regels
}

## Bestanden en schijven
io-not-found = bestand of map bestaat niet
io-permission-denied = geen toegang
io-already-exists = bestaat al
io-storage-full = de schijf is vol
io-read-only = de schijf is alleen-lezen
io-is-a-folder = dit is een map, geen bestand
io-not-a-folder = dit is geen map
io-invalid-data = de inhoud is beschadigd
io-device-error = het apparaat meldde een lees- of schrijffout
io-bad-descriptor = geen open bestandsdescriptor
io-system = systeemfout { $code }
io-other = { $detail }

## Wat een veld verwacht
expected-text = tekst
expected-boolean = true of false
expected-date = een datum JJJJ-MM-DD
expected-uuid = een UUID
expected-code = één code (tekst)
expected-code-list = een lijst van codes
expected-status-list = een lijst van {"{"}code, status{"}"}
expected-role-list = een lijst van {"{"}code, role{"}"}
expected-score-map = een object {"{"}domein: waarde{"}"}
expected-number = een geheel getal
expected-period = een periode: JJJJ-MM, JJJJ-Qn of JJJJ (bijvoorbeeld 2026-03, 2026-Q1, 2026)

## Regels
rule-not-json = geen geldige JSON bij teken { $column }: { $problem }
rule-line-too-long = langer dan { $max } MB: geen uitwisselingsregel (niet verder gelezen)
json-ends-too-soon = de regel eindigt voordat een tekst, lijst of object is afgesloten
json-expected-colon = ':' verwacht na een veldnaam
json-expected-comma-or-bracket = ',' of ']' verwacht
json-expected-comma-or-brace = ',' of '{"}"}' verwacht
json-expected-value = een waarde verwacht (tekst tussen dubbele aanhalingstekens, een getal, true, false, null, een lijst of een object)
json-expected-quote = een veldnaam tussen dubbele aanhalingstekens verwacht
json-bad-escape = ongeldige escape na een backslash
json-bad-number = ongeldig getal
json-number-too-large = getal te groot
json-control-character = een stuurteken in tekst (schrijf het als escape, zoals \n)
json-key-not-string = een veldnaam hoort tussen dubbele aanhalingstekens
json-trailing-comma = een komma vlak vóór het einde van een lijst of object
json-trailing-characters = nog tekst na het object
json-too-deep = te diep genest
json-bad-unicode = een ongeldige Unicode-escape
json-other = de parser kan het niet lezen
rule-not-an-object = elke regel moet één JSON-object zijn
rule-not-utf8 = geen geldige UTF-8-tekst
rule-required = is verplicht
rule-duplicate-field = komt twee keer voor op deze regel
rule-unknown-field = onbekend veld (niet in het codeboek)
rule-wrong-shape = verwacht { $expected }
rule-unknown-code = onbekende code voor dit veld: '{ $code }'
rule-unknown-qualifier = ongeldige waarde '{ $value }' (toegelaten: { $allowed })
rule-duplicate-code = code komt twee keer voor: '{ $code }'
rule-family-code-shape = een gezinscode heeft de vorm XXXX-XXXX (door de app gemaakt)
rule-family-code-alphabet = een gezinscode bevat enkel cijfers en hoofdletters zonder I, L, O, U
rule-date-in-future = de datum { $date } ligt in de toekomst (vandaag is { $today })
rule-date-too-early = de datum ligt vóór { $date }
rule-too-long = te lang: { $found } tekens, hoogstens { $max }
rule-out-of-range = { $found } ligt buiten { $min }–{ $max }
rule-limits-required = bij het resultaat 'Geen oplossing: botsen op grenzen' hoort minstens één grens
rule-empty-encounter = een contact heeft minstens een thema, een nood of een resultaat
rule-date-in-past = de datum { $date } ligt in het verleden (vandaag is { $today })
rule-codebook-version = onbekende codeboekversie '{ $found }' (ondersteund: { $supported })
rule-duplicate-id = dit id staat al in de kluis: { $id }
rule-duplicate-id-in-file = dit id staat al op regel { $line }: { $id }
rule-unknown-family = onbekende gezinscode: kies een bestaand gezin of start een nieuw
rule-control-characters = bevat onzichtbare stuurtekens; verwijder ze

field-error = { $field }: { $reason }
line-error = regel { $line }: { $error }
line-finding = regel { $line }: { $kind }: { $text }
and-more = … en nog { $count }

## Soorten gegevens die de scanner vindt
finding-email = e-mailadres
finding-iban = bankrekening (IBAN)
finding-national-number = rijksregisternummer
finding-phone = telefoonnummer
finding-address = adres
finding-date-of-birth = geboortedatum of uitgerekende datum
finding-plate = nummerplaat
finding-handle = gebruikersnaam op sociale media
finding-age = exacte leeftijd
finding-name = naam
finding-place = plaats met een naam

## Delen van het codeboek
section-context = Context
section-situation = Situatie
section-needs = Noden
section-actors = Actoren
section-themes = Thema's
section-response = Antwoord

## Sterkte van de wachtwoordzin
strength-too-short = Te kort: minstens 12 tekens.
strength-weak = Zwak: een gangbaar woord, een herhaling of een rij toetsen wordt eerst geraden; kies een zin van enkele losse woorden.
strength-fair = Redelijk: nog een woord maakt hem sterk.
strength-strong = Sterk.

## Het domein
core-unknown-language = onbekende taal '{ $value }' (gebruik nl, fr of en)
core-codebook = het codeboek is ongeldig: { $detail }
core-passphrase-too-weak = De wachtwoordzin is te zwak: minstens { $min } tekens, geen gangbaar wachtwoord of woord (ook niet met cijfers erbij), niet één herhaald teken en geen rij toetsen. Enkele losse woorden werken goed.
invalid = { $count ->
    [one] Niet aanvaard: { $errors }
   *[other] Niet aanvaard ({ $count } problemen): { $errors }
}
invalid-not-saved = Niet opgeslagen: verbeter de gemarkeerde velden.

## De kluis
store-no-vault = Nog geen kluis in { $path } (maak er een met 'veerkracht init').
store-not-a-vault = { $path } is geen Veerkracht-kluis.
store-folder-not-empty = { $path } is niet leeg; een nieuwe kluis of een nieuw pakket komt in een lege of nieuwe map.
store-package-exists = { $path } bevat al een pakket; kies een nieuwe map.
store-not-a-package = { $path } is geen signaalpakket ({ $missing } ontbreekt).
store-already-exists = Er bestaat al een kluis in { $path }.
store-wrong-passphrase = Verkeerde wachtwoordzin.
store-vault-in-use = De kluis is in gebruik door een ander programma (de app of een andere opdracht). Sluit dat eerst.
store-schema-too-new = De kluis komt van een nieuwere versie van Veerkracht (schema { $found }, deze versie leest tot { $supported }); werk de app bij.
store-damaged-key-file = Het sleutelbestand van de kluis (vault.json) is beschadigd. Zet een back-up terug.
store-key-file-implausible-costs = Het sleutelbestand van de kluis (vault.json) vraagt sleutelafleidingskosten buiten wat Veerkracht toelaat (19 MiB tot 1 GiB geheugen, 2 tot 10 rondes). Het is misschien bewerkt: het wordt geweigerd in plaats van verzwakt of de app te laten vastlopen. Zet een back-up terug.
store-damaged-database = De databank van de kluis is beschadigd. Zet een back-up terug.
store-damaged-backup = Dit back-upbestand is beschadigd of is geen Veerkracht-back-up.
store-damaged-record = Een record kon niet gelezen worden ({ $key }); de andere wel. Zet een back-up terug om het terug te krijgen.
store-needs-reopen = De kluis werd gesloten na een fout. Open ze opnieuw.
store-duplicate-ids = { $count ->
    [one] Dit id staat al in de kluis ({ $first }); gebruik --replace om het te vervangen.
   *[other] { $count } id's staan al in de kluis ({ $first }, …); gebruik --replace om ze te vervangen.
}
store-io = Schijffout: { $reason }.

## Signaalpakketten
signals-threshold-too-low = Drempels mogen enkel omhoog: k={ $k }, k_high={ $k_high } (minstens { $min_k } en { $min_k_high }).
signals-render = De bestanden van het pakket konden niet gemaakt worden: { $detail }
package-folder-name = signalen
merge-nothing = Geen pakketten om samen te voegen.
merge-duplicate = Pakket { $id } is twee keer gegeven (of zit al in een ander); niets samengevoegd.
merge-mismatch = Deze pakketten kunnen niet samengevoegd worden: { $detail }
merge-codebooks-differ = Deze pakketten kunnen niet samengevoegd worden: ze gebruiken een ander codeboek ({ $first } en { $other }).
package-unsound = { $path } is niet in orde: { $count ->
    [one] één probleem
   *[other] { $count } problemen
} gevonden.
package-unreadable = { $path } kan niet gelezen worden als signaalpakket: { $detail }

## Gebruik
identifiers = { $count ->
    [one] De notitie bevat mogelijk iets dat iemand identificeert. Verwijder het of bevestig dat het niemand identificeert.
   *[other] De notitie bevat mogelijk { $count } gegevens die iemand identificeren. Verwijder ze of bevestig per vondst dat ze niemand identificeert.
}
locked = De kluis is vergrendeld.
not-found = Niet gevonden.
no-such-encounter = Geen contact met id '{ $id }'.
prefix-too-short = '{ $given }' is te kort om een contact te vinden: geef minstens { $min } tekens van het id.
ambiguous-prefix = { $count } contacten beginnen met '{ $prefix }': geef meer tekens van het id.
no-automatic-backup = Er is nog geen automatische back-up van deze kluis.
import-rejected = Niets geïmporteerd: { $errors ->
    [one] 1 fout
   *[other] { $errors } fouten
} op { $lines ->
    [one] 1 regel
   *[other] { $lines } regels
}.
import-findings = Niets geïmporteerd: de notities bevatten { $count ->
    [one] 1 mogelijk identificerend gegeven
   *[other] { $count } mogelijk identificerende gegevens
} op { $lines ->
    [one] 1 regel
   *[other] { $lines } regels
}. { $count ->
    [one] Verwijder het uit het bestand, of importeer met --accept-findings als het niemand identificeert.
   *[other] Verwijder ze uit het bestand, of importeer met --accept-findings als geen ervan iemand identificeert.
}
read-file = Kan { $path } niet lezen: { $reason }.
write-file = Kan { $path } niet schrijven: { $reason }.

## Woorden op verschillende plaatsen
yes = ja
no = nee
unknown = onbekend
derived-policy-signal = Beleidssignaal
derived-kansarm-indicator = Kansarmoede-indicator
kind-single = één keuze
kind-multi = meerkeuze
kind-multi-status = meerkeuze met status
kind-multi-role = meerkeuze met rol
kind-domain-scores = score per domein

## Het auditlogboek
audit-created = contact gemaakt
audit-edited = contact bewerkt
audit-deleted = contact verwijderd
audit-imported = geïmporteerd
audit-exported = pakket geëxporteerd
audit-purged = opgeschoond
audit-backup = back-up gemaakt
audit-restore = back-up teruggezet
audit-confirmed-not-identifying = bevestigd: identificeert niemand
audit-passphrase-changed = wachtwoordzin gewijzigd

## De opdrachtregel
cli-warning = waarschuwing: { $message }
cli-usage-unknown-option = onbekende optie '{ $option }'
cli-usage-unknown-command = onbekende opdracht '{ $command }'
cli-usage-unexpected = onverwacht argument '{ $argument }'
cli-usage-invalid-value = ongeldige waarde '{ $value }' voor { $option }
cli-usage-missing = ontbreekt: { $what }
cli-usage-missing-command = geen opdracht gegeven
cli-usage-needs-value = { $option } heeft een waarde nodig
cli-usage-twice = { $option } staat er meer dan één keer
cli-usage-conflict = { $option } gaat niet samen met { $other }
cli-usage-misused = { $option } wordt niet zo gebruikt
cli-usage-unreadable = de opdrachtregel is niet te lezen
cli-usage-did-you-mean = bedoel je '{ $suggestion }'?
cli-usage-help = 'veerkracht --help' toont de opdrachten, 'veerkracht OPDRACHT --help' de opties van een opdracht
cli-filter-codes = een filter neemt de codes van het codeboek ('veerkracht codebook' toont ze), niet de labels in een tabel
cli-no-passphrase = geen wachtwoordzin: start in een terminal, geef --passphrase-fd, of zet { $var }
cli-passphrases-differ = de twee wachtwoordzinnen verschillen
cli-passphrase-fd = kan de wachtwoordzin niet lezen uit bestandsdescriptor { $fd }: { $reason }
cli-passphrase-fd-line = bestandsdescriptor { $fd } heeft geen regel { $line }: `init` leest de nieuwe wachtwoordzin op regel 1; `passphrase` leest de huidige op regel 1 en de nieuwe op regel 2
cli-passphrase-fd-closed = bestandsdescriptor { $fd } is niet open: geef er een die open is, bijvoorbeeld --passphrase-fd 3 3< bestand
cli-passphrase-prompt = Wachtwoordzin:{" "}
cli-new-passphrase-prompt = Nieuwe wachtwoordzin:{" "}
cli-passphrase-again-prompt = Nog eens:{" "}
cli-init-done = Nieuwe kluis gemaakt in { $path }
cli-init-warning = Let op: wie de wachtwoordzin verliest, verliest de gegevens. Niemand kan hem herstellen.
cli-imported = { $count ->
    [one] 1 contact geïmporteerd
   *[other] { $count } contacten geïmporteerd
} ({ $replaced } vervangen)
cli-import-accepted = Geïmporteerd zoals bevestigd met --accept-findings: { $count ->
    [one] 1 mogelijk identificerend gegeven
   *[other] { $count } mogelijk identificerende gegevens
} op { $lines ->
    [one] 1 regel
   *[other] { $lines } regels
}, elk naar soort opgenomen in het auditlogboek:
cli-demo = { $encounters ->
    [one] 1 demo-contact
   *[other] { $encounters } demo-contacten
} voor { $families ->
    [one] 1 gezin
   *[other] { $families } gezinnen
} (startwaarde { $seed }, tot { $until })
cli-backup-written = Back-up geschreven naar { $path } ({ $size } bytes)
cli-restored = Teruggezet in { $path } ({ $count ->
    [one] 1 contact
   *[other] { $count } contacten
})
cli-purged = { $count ->
    [one] 1 contact
   *[other] { $count } contacten
} van vóór { $cutoff } verwijderd
cli-passphrase-changed = Wachtwoordzin gewijzigd.
cli-export-by-ledger = { $count ->
    [one] 1 cel extra onderdrukt
   *[other] { $count } cellen extra onderdrukt
} omdat eerdere pakketten ze anders zouden verraden
cli-export-derivable = { $count ->
    [one] 1 onderdrukte cel was
   *[other] { $count } onderdrukte cellen waren
} al af te leiden uit eerder vrijgegeven pakketten
cli-export-empty = geen contacten in { $period }
cli-verify-sound = { $path }: in orde, { $period } (pakket { $id }, { $published } van { $total } cellen gepubliceerd)
cli-damaged-record = beschadigd record { $key }
cli-damaged-summary = { $count ->
    [one] 1 record kon niet gelezen worden; de andere wel. Zet een back-up terug.
   *[other] { $count } records konden niet gelezen worden; de andere wel. Zet een back-up terug.
}
cli-col-date = DATUM
cli-col-family = GEZIN
cli-col-setting = PLAATS
cli-col-municipality = GEMEENTE
cli-col-themes = THEMA'S
cli-col-outcome = RESULTAAT
cli-col-encounters = CONTACTEN
cli-col-first = EERSTE
cli-col-last = LAATSTE
cli-col-housing = HUISVESTING
cli-col-unmet-needs = ONBEANTWOORDE NODEN
cli-encounters-count = { $count ->
    [one] 1 contact
   *[other] { $count } contacten
}
cli-families-count = { $count ->
    [one] 1 gezin
   *[other] { $count } gezinnen
}
cli-demo-data = (demogegevens)
cli-derived = AFGELEID
cli-themes-with-details = Thema's (met details)
cli-note = NOTITIE
cli-codebook-title = Codeboek { $version } ({ $name })
cli-package-header = Pakket { $period } { $id } (codeboek { $codebook }, k={ $k }, k_high={ $k_high })
cli-package-cells = { $published } cellen gepubliceerd, { $suppressed } onderdrukt
cli-bytes = { $size } bytes
cli-elapsed = tijd: { $ms } ms
cli-package-demo = { $count ->
    [one] 1 demo-contact
   *[other] { $count } demo-contacten
} in dit pakket: geen veldgegevens
cli-stdout = kan niet naar de standaarduitvoer schrijven: { $reason }

## Het rapport en de werkmap voor onderzoekers
report-title = Veerkracht — signalen { $period }
report-intro = Geaggregeerde signalen uit contacten van eerstelijnswerkers met Brusselse gezinnen in precaire omstandigheden, gecodeerd volgens de vier veerkrachtthema's van het rapport ‘Kwetsbaarheid en veerkracht in Brussel’ (2020).
report-demo = Let op: dit pakket bevat demogegevens (synthetisch, geen echte gezinnen). Gebruik het niet als onderzoeksmateriaal.
report-merged = Samengevoegd uit { $count ->
    [one] één pakket
   *[other] { $count } pakketten
} van verschillende werkers: een gezin dat twee werkers ontmoetten, telt twee keer.
report-families = gezinnen
report-encounters = contacten
report-policy = gezinnen met minstens één beleidssignaal
report-how = Zo lees je deze cijfers
report-rule-encounters = Contacten: de contacten van de periode met de code (voor een cel van een kruistabel: met beide codes).
report-rule-latest = Gezinnen, voor gezinstype, aantal kinderen, verblijfsstatuut, huisvesting, inkomensbron, gemeente en de kansarmoede-indicator: elk gezin telt één keer, onder zijn laatste waarde in de periode (zijn situatie op het einde ervan). Deze aantallen tellen op tot het totaal.
report-rule-any = Gezinnen, voor elke andere dimensie (plaats, taalondersteuning, urgentie, resultaat, beleidssignaal en elke meerkeuzevraag): de gezinnen met minstens één contact met de code in de periode. Een gezin kan onder meerdere codes tellen.
report-rule-crosstabs = Kruistabellen: een cel telt de gezinnen met minstens één contact met beide codes, dus nooit meer gezinnen dan contacten. Een marge telt op dezelfde manier over haar rij of kolom.
report-privacy = Privacy: een cel met 1 tot { $k1 } gezinnen wordt niet getoond (1 tot { $kh1 } voor gevoelige gegevens zoals het verblijfsstatuut). Andere cellen worden verborgen zodat geen verborgen waarde te berekenen is uit dit pakket en eerdere van dezelfde bron. Nul wordt getoond, tenzij het verbergen ervan een andere cel beschermt. Geen enkel gezin, pseudoniem, datum of notitie staat in dit pakket.
report-suppressed-mark = · = onderdrukt
report-bounds-note = In een samengevoegd pakket toont een onderdrukte cel het interval dat de bronnen toelaten, bijvoorbeeld 76–79.
report-definitions = Begrippen
report-def-policy = Beleidssignaal: de werker botste op de grenzen van het systeem — het resultaat was ‘geen oplossing: botsen op grenzen’, er was een structurele grens (uitgesloten door statuut, geen plaats, adres of documenten vereist, versnipperde bevoegdheden, dienst geweigerd, rechten niet opgenomen), of een nood bleef onbeantwoord bij een urgentie van 24 uur of minder.
report-def-kansarm = Kansarmoede-indicator (Kind en Gezin): kansarm wanneer 3 of meer van de 6 domeinen zwak zijn; niet kansarm wanneer alle zes gekend zijn en minder dan 3 zwak; anders onbekend.
report-def-themes = Veerkrachtthema's tellen een thema wanneer het geregistreerd werd of volgt uit een van zijn details.
report-charts = Signalen per dimensie
report-chart-caption = { $dimension } (gezinnen)
report-top = de { $shown } grootste van { $total } codes; elke code staat in signals.csv
report-all-codes = alle { $total } codes
report-crosstabs = Kruistabellen
report-crosstab-caption = { $row } × { $col } (gezinnen)
report-total = Totaal
report-suppressed = onderdrukt
report-codebook = Codeboek
report-thresholds = drempels
report-package = pakket
report-made = gemaakt met
report-fingerprint = vingerafdruk
report-sources = bronnen
xlsx-notes = Toelichting
xlsx-period = Periode
xlsx-period-start = Eerste dag
xlsx-period-end = Laatste dag
xlsx-package = Pakket-id
xlsx-format = Formaat
xlsx-created = Gemaakt op
xlsx-generator = Gemaakt met
xlsx-demo = Demogegevens
xlsx-demo-encounters = Demo-contacten
xlsx-sources = Samengevoegd uit
xlsx-label = Label
xlsx-dimension = Dimensie
xlsx-code = Code
xlsx-qualifier = Kwalificatie
xlsx-row = Rij
xlsx-column = Kolom
xlsx-families = Gezinnen
xlsx-encounters = Contacten
xlsx-status = Status
xlsx-families-min = Gezinnen (min)
xlsx-families-max = Gezinnen (max)
xlsx-encounters-min = Contacten (min)
xlsx-encounters-max = Contacten (max)
xlsx-counting = Telling
xlsx-sensitivity = Gevoeligheid
xlsx-kind = Soort
xlsx-section = Deel
xlsx-members = Leden

## Pakketten: samenvoegen, stapelen, weigeren, lezen, nakijken
merge-same-content = Pakketten { $first } en { $other } bevatten dezelfde cijfers (het ene is een kopie van het andere); hou er één.
merge-same-source = Pakketten { $drop } en { $keep } zijn twee exports van { $period } uit dezelfde kluis: hou { $keep }, de nieuwste, en laat { $drop } weg.
merge-periods-differ = Enkel pakketten van één periode kunnen samengevoegd worden: { $first } en { $other } verschillen. Gebruik 'series' om cijfers in de tijd te volgen.
codebooks-differ = De pakketten gebruiken verschillende codeboekversies ({ $first } en { $other }).
merge-layout = Pakket { $id } heeft niet de rijen van zijn codeboek.
series-nothing = Geen pakketten om te stapelen.
series-same-period = Twee pakketten van { $period } ({ $first } en { $other }): een reeks bevat één pakket per periode.
refused-too-few-changes = Geen nieuw pakket van { $period }: het werd vrijgegeven op { $since } en sindsdien { $changed ->
    [one] veranderde maar 1 gezin
   *[other] veranderden maar { $changed } gezinnen
}. Zo'n klein verschil zou hen aanwijzen. Een nieuw pakket kan zodra minstens { $k } gezinnen veranderden.
refused-unprotectable = Geen pakket van { $period }: welke cellen ook verborgen worden, { $count ->
    [one] een verborgen waarde kan
   *[other] { $count } verborgen waarden kunnen
} nog uit de cijfers berekend worden (bijvoorbeeld { $first }). Dat gebeurt als er heel weinig gezinnen geregistreerd zijn die allemaal op elkaar lijken. Kies een langere periode, of wacht tot er meer gezinnen geregistreerd zijn.
refused-given-away = Geen pakket van { $period }: met de al vrijgegeven pakketten van { $by } kan iedereen { $count ->
    [one] een cijfer
   *[other] { $count } cijfers
} berekenen dat dit pakket zou moeten verbergen (bijvoorbeeld { $first }), wat het verder ook verbergt. Geef maanden en kwartalen vrij vóór hun jaar om dat te vermijden. Een pakket van { $period } kan mogelijk worden zodra er registraties van die periode bijkomen of veranderen.
export-stopped = Gestopt: er is geen pakket gemaakt en niets vastgelegd.
read-missing = { $file } ontbreekt
read-json = { $file } is geen geldige JSON op regel { $line }, teken { $column }: { $problem }
read-not-veerkracht = datapackage.json beschrijft geen Veerkracht-signaalpakket
read-field = datapackage.json: veerkracht.{ $field } ontbreekt of is ongeldig
read-thresholds-too-low = datapackage.json: de drempels k = { $k } en k_high = { $k_high } liggen onder het minimum (k minstens { $min_k }, k_high minstens { $min_k_high }): geen enkel Veerkracht-pakket heeft ze
read-format = dit pakket heeft formaat { $found }; deze versie leest formaat 1 en 2 (werk Veerkracht bij)
read-hash = { $file } werd gewijzigd nadat het pakket gemaakt werd (de hash klopt niet)
read-columns = { $file }: de kolommen moeten precies { $expected } zijn
read-csv = { $file } regel { $line }: { $problem }
read-csv-field-count = { $found ->
    [one] 1 veld
   *[other] { $found } velden
} waar de kopregel er { $expected } heeft
read-csv-other = de CSV-lezer kan het niet lezen
read-count = { $file } regel { $line }: '{ $value }' is geen aantal
read-status = { $file } regel { $line }: onbekende status '{ $value }'
read-status-counts = { $file } regel { $line }: de aantallen passen niet bij de status
read-period = { $file } regel { $line }: periode '{ $found }' is niet die van het pakket ({ $expected })
problem-unlisted-file = de map bevat '{ $name }', dat niet in het pakket staat
problem-rows = { $file } heeft { $found } rijen; een pakket van dit codeboek heeft er { $expected }
problem-foreign-file = het pakket vermeldt '{ $name }', dat in geen enkel signaalpakket hoort
problem-missing-file = { $name } ontbreekt: elk signaalpakket bevat het
problem-descriptor-field = datapackage.json: '{ $field }' is niet wat de eigen bestanden en cijfers van het pakket opleveren
problem-duplicate-key = datapackage.json geeft '{ $key }' twee keer: lezers verschillen in welke telt
problem-unexpected-row = { $file }: onverwachte rij { $row }
problem-missing-row = { $file }: rij { $row } ontbreekt
problem-duplicate-row = { $file }: rij { $row } staat er twee keer
problem-disagrees = { $key }: hetzelfde cijfer verschilt tussen de bestanden
problem-small-published = { $key }: { $families } gezinnen gepubliceerd, onder k = { $k }
problem-recomputable-families = { $key }: het onderdrukte aantal gezinnen is te berekenen uit het pakket
problem-recomputable-encounters = { $key }: het onderdrukte aantal contacten is te berekenen uit het pakket
problem-undecided-families = { $key }: de rekenmethode kon niet uitmaken of het onderdrukte aantal gezinnen te berekenen is (niet aangetoond veilig)
problem-undecided-encounters = { $key }: de rekenmethode kon niet uitmaken of het onderdrukte aantal contacten te berekenen is (niet aangetoond veilig)
problem-contradiction = gepubliceerde cijfers spreken de telregels tegen ({ $keys })
problem-fingerprint = de vingerafdruk in datapackage.json is niet die van de cijfers
problem-bounds-missing = { $key }: een onderdrukte cel van een samengevoegd pakket zonder grenzen
problem-bounds-exact = { $key }: de grenzen verraden de exacte waarde
problem-bounds-impossible = { $key }: de grenzen spreken de cijfers van het pakket tegen
problem-municipality-crossed = de gemeente is gekruist met het verblijfsstatuut
problem-record-level = { $file } bevat iets op recordniveau ('{ $text }')
problem-demo-unmarked = er zijn demo-contacten meegeteld, maar het pakket zegt niet dat het demogegevens bevat
problem-rendering = { $file } is niet wat de eigen cijfers van het pakket opleveren
store-package-file = { $path }: '{ $name }' kan geen deel van een pakket zijn ({ $reason }).
package-file-link = het is een koppeling
package-file-folder = het is een map
package-file-special = het is geen gewoon bestand
package-file-too-large = het is te groot
package-file-too-many = de map bevat te veel bestanden
cli-series = { $packages ->
    [one] 1 pakket
   *[other] { $packages } pakketten
} gestapeld in { $path } ({ $rows } rijen)
cli-audit-exact = EXACT { $period } { $key }: { $what } = { $value }
cli-audit-exact-value = EXACT { $period } { $key }: { $what }
cli-audit-widths = breedte van de intervallen (breedte: waarden): { $widths }
cli-audit-safe = In orde: over { $packages ->
    [one] 1 pakket
   *[other] { $packages } pakketten
} is geen van de { $values } onderdrukte waarden exact te berekenen.
cli-audit-unsafe = NIET in orde: over { $packages ->
    [one] 1 pakket
   *[other] { $packages } pakketten
} zijn van de { $values } onderdrukte waarden { $families ->
    [one] 1 aantal gezinnen
   *[other] { $families } aantallen gezinnen
} en { $encounters ->
    [one] 1 aantal contacten
   *[other] { $encounters } aantallen contacten
} exact te berekenen.
cli-audit-undecided-value = ONBESLIST { $period } { $key }: { $what }
cli-audit-undecided = ONBESLIST: over { $packages ->
    [one] 1 pakket
   *[other] { $packages } pakketten
} { $undecided ->
    [one] kon de rekenmethode 1 van de { $values } onderdrukte waarden
   *[other] kon de rekenmethode { $undecided } van de { $values } onderdrukte waarden
} niet beslissen; zolang dat zo blijft, is niet aangetoond dat de pakketten veilig zijn.
cli-audit-inconsistent = De pakketten spreken de telregels tegen zoals deze controle ze modelleert (werden contacten gewijzigd tussen exports van verschillende periodes?), of de rekenmethode vond geen enkele oplossing.
cli-audit-inconsistent-versions = Sommige periodes hebben meerdere versies, gelezen als toevoegingen (alleen nieuwe contacten ertussen), en de pakketten spreken die lezing ergens tegen: tussen twee versies werden contacten gecorrigeerd. De ‘exacte’ waarden ervan zijn de echte tellingen overal waar niets gecorrigeerd werd (een aanvaller die dat gokt, heeft daar gelijk) en kunnen elders fout zijn; --versions unrelated toont wat geldt zonder die gok.

## De hulp van de opdrachtregel (crates/veerkracht-cli/src/help.rs)
cli-help-about = Veerkracht: anonieme contactnotities voor eerstelijnswerk met Brusselse gezinnen
cli-help-long-about = Veerkracht: anonieme contactnotities voor eerstelijnswerk met Brusselse gezinnen.

    De wachtwoordzin wordt in de terminal gevraagd, of gelezen uit --passphrase-fd N, of genomen uit VEERKRACHT_PASSPHRASE (zichtbaar voor andere programma's van dezelfde gebruiker en bewaard in de shellgeschiedenis: gebruik liever de vraag of een bestandsdescriptor).
cli-help-usage = Gebruik
cli-help-commands = Opdrachten
cli-help-options = Opties
cli-help-arguments = Argumenten
cli-help-help = Toon de hulp
cli-help-version = Toon de versie
cli-help-arg-data_dir = Map van de kluis (standaard: VEERKRACHT_DATA_DIR, anders de gegevensmap van het platform)
cli-help-arg-lang = Taal van labels en berichten: nl, fr of en (standaard: VEERKRACHT_LANG, anders de taalinstelling van het systeem)
cli-help-arg-passphrase_fd = Lees de wachtwoordzin (en, voor init en passphrase, de nieuwe op de volgende regel) uit deze open bestandsdescriptor, bv. 3< bestand
cli-help-init = Maak een nieuwe, lege kluis
cli-help-import = Importeer contacten uit JSON Lines (uitwisselingsformaat); alles of niets
cli-help-import-file = Het bestand om te lezen, of - voor de standaardinvoer
cli-help-import-replace = Vervang contacten waarvan het id al in de kluis staat
cli-help-import-accept_findings = Importeer notities ook waar de scanner naar identificerende gegevens iets vindt (elke vondst wordt opgesomd en naar zijn soort in het auditlog gezet)
cli-help-records = Schrijf elk contact in het uitwisselingsformaat (JSON Lines, op datum en dan id). Dat is platte tekst met elke notitie: houd hem versleuteld; gebruik backup voor een reservekopie
cli-help-records-out = Schrijf naar dit bestand (nieuw; alleen door jou leesbaar) in plaats van naar de standaarduitvoer
cli-help-list = Toon contacten, op datum
cli-help-list-family = Alleen dit gezin (XXXX-XXXX)
cli-help-list-from = Vanaf deze datum
cli-help-list-to = Tot en met deze datum
cli-help-list-theme = Alleen contacten met dit thema (vastgelegd of afgeleid)
cli-help-list-need = Alleen contacten met deze nood
cli-help-list-need_status = Met --need of alleen: alleen deze stand van de nood (met, pending, unmet)
cli-help-list-outcome = Alleen contacten met deze uitkomst
cli-help-list-municipality = Alleen contacten in deze gemeente
cli-help-list-text = Woorden die allemaal in de notitie of de gezinscode moeten staan (hoofdletters maken niet uit)
cli-help-list-json = Schrijf JSON (een lijst van objecten in het uitwisselingsformaat)
cli-help-show = Toon één contact (volledig id, of een uniek begin van minstens 4 tekens)
cli-help-show-id = Het id van het contact, of een uniek begin ervan
cli-help-show-json = Schrijf JSON (het uitwisselingsformaat)
cli-help-families = Toon de gezinnen met hun laatste situatie
cli-help-families-json = Schrijf JSON
cli-help-demo = Voeg een realistische, verzonnen caseload toe, gemarkeerd als demogegevens
cli-help-demo-families = Aantal gezinnen (standaard 50)
cli-help-demo-encounters = Aantal contacten (standaard 300)
cli-help-demo-seed = Startwaarde van de toevalsgenerator (standaard 1)
cli-help-demo-until = Laatste datum van de caseload (standaard: vandaag); met de startwaarde legt ze de uitvoer vast
cli-help-demo-jsonl = Schrijf JSON Lines naar dit bestand in plaats van ze aan de kluis toe te voegen (geen kluis nodig)
cli-help-codebook = Toon het codeboek
cli-help-codebook-json = Schrijf het contract van het codeboek als JSON
cli-help-passphrase = Wijzig de wachtwoordzin van de kluis (de nieuwe uit VEERKRACHT_NEW_PASSPHRASE, de bestandsdescriptor of een vraag)
cli-help-export = Maak een signaalpakket voor onderzoekers: alleen aggregaten, kleine cellen onderdrukt
cli-help-export-period = De periode: JJJJ-MM, JJJJ-Qn of JJJJ
cli-help-export-out = Map om het pakket in te schrijven (nieuw of leeg)
cli-help-export-k = Drempel voor gewone cellen (minstens 5)
cli-help-export-k_high = Drempel voor gevoelige cellen zoals verblijfsstatus (minstens 10)
cli-help-merge = Voeg pakketten van dezelfde periode van verschillende werkers samen tot één
cli-help-merge-packages = Mappen van de pakketten
cli-help-merge-out = Map om het samengevoegde pakket in te schrijven (nieuw of leeg)
cli-help-verify = Controleer of een pakket ongeschonden is en zijn regels voor onthullingscontrole volgt
cli-help-verify-package = Map van het pakket
cli-help-series = Stapel pakketten van verschillende periodes tot één lange CSV (een tijdreeks)
cli-help-series-packages = Mappen van de pakketten
cli-help-series-out = De CSV om te schrijven (een nieuw bestand)
cli-help-audit = Speel de aanvaller over pakketten: het interval van elke onderdrukte waarde, en of er een exact te berekenen is
cli-help-audit-packages = Mappen van de pakketten
cli-help-audit-versions = Hoe twee versies van één periode samenhangen: additions (standaard: wat verandert zijn nieuwe contacten) of unrelated; pakketten worden gelezen in de volgorde waarin ze gemaakt zijn, en een tweede pakket van een periode begint een nieuwe stand van de gegevens
cli-help-audit-json = Schrijf elk interval (JSON)
cli-help-audit-verdict_only = Beslis alleen welke waarden exact zijn, zonder hun intervallen: veel sneller over veel pakketten (een jaar aan publicaties)
cli-help-backup = Schrijf een versleutelde reservekopie van de kluis naar een bestand (nieuw; alleen de wachtwoordzin opent het)
cli-help-backup-file = Het bestand van de reservekopie om te schrijven
cli-help-restore = Zet een reservekopie terug in een nieuwe kluismap (--data-dir, nieuw of leeg)
cli-help-restore-file = Het bestand van de reservekopie om te lezen
cli-help-purge = Wis contacten van vóór een datum en herschrijf de kluis zodat er niets van overblijft
cli-help-purge-before = Contacten van vóór deze dag worden gewist
cli-help-log = Toon het auditlog (wat er gebeurde en wanneer, nooit inhoud)
cli-help-log-json = Schrijf JSON
cli-help-scan-text = Doorzoek tekst op de standaardinvoer naar identificerende gegevens; schrijft de vondsten als JSON (soort, begin, einde, tekst; posities in tekens)
cli-help-help-command = De opdracht waarvan je de hulp wil zien
cli-value-command = OPDRACHT
cli-value-options = OPTIES
cli-value-dir = MAP
cli-value-lang = TAAL
cli-value-n = N
cli-value-file = BESTAND
cli-value-yyyy-mm-dd = JJJJ-MM-DD
cli-value-how = HOE
cli-value-id = ID
cli-value-packages = PAKKETTEN
cli-value-package = PAKKET
cli-value-period = PERIODE
cli-value-k = K
cli-value-k_high = K
cli-value-families = AANTAL
cli-value-encounters = AANTAL
cli-value-seed = GETAL
cli-value-family = GEZIN
cli-value-from = JJJJ-MM-DD
cli-value-to = JJJJ-MM-DD
cli-value-theme = THEMA
cli-value-need = NOOD
cli-value-need_status = STAND
cli-value-outcome = UITKOMST
cli-value-municipality = GEMEENTE
cli-value-text = WOORDEN
