"""Builds corpus.jsonl: labelled case-note sentences for the identifier scanner.

Each line: {"lang", "text", "spans": [{"kind", "text"}]}. Sentences are
written like frontline notes (nl/fr/en); identifiers are fictitious but
valid where a checksum exists (national numbers, IBANs) and deliberately
invalid in the near-miss sentences, which must NOT be flagged. Run once;
the output is committed so the figures are reproducible.
"""
import json
import random

rng = random.Random(20261123)
out = []

def add(lang, text, *spans):
    for kind, t in spans:
        assert t in text, (t, text)
    out.append({"lang": lang, "text": text, "spans": [{"kind": k, "text": t} for k, t in spans]})

def nrn(year, month, day, serial):
    base = int(f"{year % 100:02d}{month:02d}{day:02d}{serial:03d}")
    check = 97 - ((2_000_000_000 + base) % 97 if year >= 2000 else base % 97)
    return f"{year % 100:02d}.{month:02d}.{day:02d}-{serial:03d}.{check:02d}"

def iban_be(account):
    bban = f"{account:012d}"
    num = int(bban + "111400")  # B=11, E=14, 00
    check = 98 - num % 97
    s = f"BE{check:02d}{bban}"
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4))

def mobile():
    return rng.choice(["0470", "0471", "0472", "0474", "0475", "0476", "0477", "0478", "0479", "0484", "0485", "0486", "0487", "0488", "0489", "0491", "0492", "0493", "0494", "0495", "0496", "0497", "0498", "0499"]) + " " + " ".join(f"{rng.randint(0, 99):02d}" for _ in range(3))

def mobile_variants():
    d = [rng.randint(0, 9) for _ in range(6)]
    pre = rng.choice(["0476", "0486", "0499", "0468"])
    a, b, c = f"{d[0]}{d[1]}", f"{d[2]}{d[3]}", f"{d[4]}{d[5]}"
    return rng.choice([f"{pre} {a} {b} {c}", f"{pre}/{a}.{b}.{c}", f"{pre}{a}{b}{c}", f"+32 {pre[1:]} {a} {b} {c}", f"0032 {pre[1:]} {a}{b}{c}"])

def landline():
    return rng.choice([f"02 {rng.randint(200, 799)} {rng.randint(10, 99)} {rng.randint(10, 99)}", f"02/{rng.randint(200, 799)}.{rng.randint(10, 99)}.{rng.randint(10, 99)}", f"+32 2 {rng.randint(200, 799)} {rng.randint(10, 99)} {rng.randint(10, 99)}"])

foreign = ["+33 6 12 34 56 78", "+212 661 23 45 67", "+40 721 234 567", "+243 81 234 5678", "+90 532 123 45 67", "+44 7700 900123"]
first = ["Amina", "Youssef", "Fatima", "Noah", "Lina", "Mohamed", "Sara", "Ibrahim", "Aya", "Elif", "Mamadou", "Nora", "Adam", "Louise", "Rayan", "Ioana", "Hamza", "Zeynep", "Ilyas", "Khadija"]
family = ["Benali", "Diallo", "Yilmaz", "Peeters", "Dubois", "Popescu", "Ndiaye", "Janssens", "El Amrani", "Kaya", "Traoré", "Maes", "Mukendi", "Nowak", "Sow"]
other_names = ["Tariq", "Oumou", "Kelly", "Dragan", "Mirela", "Sokhna", "Brahim", "Ekaterina", "Hawa", "Jovana", "Nasser", "Precious"]
streets_nl = ["Ninoofsesteenweg", "Brabantstraat", "Gentsesteenweg", "Stalingradlaan", "Koningsstraat", "Liedtsplein", "Aarschotstraat", "Bergensesteenweg", "Helmetsesteenweg", "Haachtsesteenweg"]
streets_fr = ["rue Haute", "rue de Brabant", "chaussée de Gand", "avenue de Stalingrad", "rue Royale", "place Liedts", "rue d'Aerschot", "chaussée de Mons", "rue Vanderstraeten", "avenue Louise"]
communes = [("1080", "Molenbeek"), ("1030", "Schaerbeek"), ("1070", "Anderlecht"), ("1000", "Brussel"), ("1210", "Saint-Josse"), ("1060", "Sint-Gillis"), ("1190", "Forest"), ("1140", "Evere")]
months_nl = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"]
months_fr = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
months_en = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]

# --- phones (structured) ---
for _ in range(12):
    p = mobile_variants(); add("nl", f"Mama gaf haar gsm-nummer {p} zodat we haar kunnen bellen.", ("phone", p))
for _ in range(8):
    p = mobile(); add("fr", f"La mère souhaite être rappelée au {p} après 16h.", ("phone", p))
for _ in range(6):
    p = landline(); add("nl", f"De opvang is bereikbaar op {p}, vraag naar de nachtdienst.", ("phone", p))
for p in foreign:
    add("en", f"Father can be reached abroad on {p} in the evening.", ("phone", p))
for _ in range(4):
    p = mobile(); add("en", f"Call back on {p} about the childcare place.", ("phone", p))
# --- e-mails ---
for i, (f, n) in enumerate(zip(first, family)):
    if i >= 14:
        break
    user = rng.choice([f.lower(), f"{f.lower()}.{n.split()[-1].lower()}", f"{f[0].lower()}{n.split()[-1].lower()}{rng.randint(1, 99)}"])
    dom = rng.choice(["gmail.com", "hotmail.be", "outlook.com", "yahoo.fr", "skynet.be", "proton.me"])
    e = f"{user}@{dom}"
    lang = ["nl", "fr", "en"][i % 3]
    text = {"nl": f"Documenten mogen gemaild worden naar {e} volgens de moeder.", "fr": f"Elle préfère recevoir les papiers par mail ({e}).", "en": f"The school will send the form to {e} tomorrow."}[lang]
    add(lang, text, ("email", e))
# --- national numbers (valid) and near misses ---
for i in range(12):
    y = rng.choice([1978, 1985, 1991, 1996, 2003, 2011, 2016, 2019, 2021, 2022])
    n = nrn(y, rng.randint(1, 12), rng.randint(1, 28), rng.randint(1, 997))
    lang = ["nl", "fr", "en"][i % 3]
    text = {"nl": f"Rijksregisternummer van het kind: {n}, nodig voor de mutualiteit.", "fr": f"Numéro national communiqué par le CPAS : {n}.", "en": f"The national register number {n} was needed for the health insurance."}[lang]
    add(lang, text, ("national_number", n))
for i in range(4):
    y = rng.choice([1988, 2014])
    n = nrn(y, rng.randint(1, 12) + 40, rng.randint(1, 28), rng.randint(1, 997))
    add("nl", f"Papa heeft enkel een BIS-nummer: {n}.", ("national_number", n))
for i in range(8):
    good = nrn(rng.choice([1984, 2012]), rng.randint(1, 12), rng.randint(1, 28), rng.randint(1, 997))
    bad = good[:-2] + f"{(int(good[-2:]) + 1) % 97:02d}"
    add(["nl", "fr"][i % 2], {"nl": f"Dossiernummer {bad} is afgesloten bij de dienst.", "fr": f"Référence interne {bad} classée par le service."}[["nl", "fr"][i % 2]])
# --- IBANs (valid) and near misses ---
for i in range(10):
    ib = iban_be(rng.randint(10**9, 10**12 - 1))
    lang = ["nl", "fr", "en"][i % 3]
    text = {"nl": f"Het kindergeld moet gestort worden op {ib}.", "fr": f"Les allocations sont versées sur le compte {ib}.", "en": f"Rent support goes to account {ib} each month."}[lang]
    add(lang, text, ("iban", ib))
for i in range(6):
    ib = iban_be(rng.randint(10**9, 10**12 - 1)).replace(" ", "")
    bad = ib[:2] + f"{(int(ib[2:4]) + 1) % 100:02d}" + ib[4:]
    add("nl", f"Referentie {bad} uit een oude brief, niet relevant.")
# --- addresses ---
for i in range(10):
    s = streets_nl[i % len(streets_nl)]; a = f"{s} {rng.randint(1, 250)}"
    add("nl", f"Het gezin slaapt tijdelijk bij een kennis in de {a}.", ("address", a))
for i in range(10):
    s = streets_fr[i % len(streets_fr)]; a = f"{s} {rng.randint(1, 250)}"
    add("fr", f"La famille dort chez une connaissance, {a}, au deuxième étage.", ("address", a))
for i in range(6):
    num = rng.randint(1, 120); s = rng.choice(["rue Haute", "avenue Louise", "chaussée de Mons"])
    a = f"{num} {s}"
    add("en", f"They moved into a room at {a} last week.", ("address", a))
for pc, c in communes:
    a = f"{pc} {c}"
    add("fr", f"Nouvelle adresse de référence : {a}, chez le CPAS.", ("address", a))
# --- dates that may be birth or due dates ---
for i in range(8):
    d = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.choice([2019, 2021, 2023, 2024])}"
    add("nl", f"Het jongste kind is geboren op {d} in Brussel.", ("date_of_birth", d))
for i in range(6):
    d = f"{rng.randint(1, 28)} {rng.choice(months_fr)} {rng.choice([2025, 2026])}"
    add("fr", f"L'accouchement est prévu le {d} à la maternité.", ("date_of_birth", d))
for i in range(6):
    d = f"{rng.randint(1, 28)} {rng.choice(months_nl)}"
    add("nl", f"De uitgerekende datum is {d}, ze heeft nog geen vroedvrouw.", ("date_of_birth", d))
for i in range(4):
    d = f"{rng.randint(1, 28)} {rng.choice(months_en)} {rng.choice([2020, 2022])}"
    add("en", f"Date of birth given as {d} on the hospital letter.", ("date_of_birth", d))
# --- names ---
for i in range(10):
    f, n = rng.choice(first), rng.choice(family)
    t = rng.choice(["mevrouw", "meneer", "Mevrouw"])
    add("nl", f"Gesprek met {t} {n} over de huur.", ("name", f"{t} {n}"))
for i in range(8):
    n = rng.choice(family); t = rng.choice(["Madame", "Mme", "Monsieur"])
    add("fr", f"{t} {n} est venue avec ses deux enfants.", ("name", f"{t} {n}"))
for i in range(8):
    f = rng.choice(first + other_names); k = rng.choice(["zoon", "dochter", "zoontje", "dochtertje"])
    add("nl", f"Haar {k} {f} hoest al een week.", ("name", f"{k} {f}"))
for i in range(6):
    f = rng.choice(first + other_names); k = rng.choice(["fils", "fille"])
    add("fr", f"Son {k} {f} ne va plus à l'école.", ("name", f"{k} {f}"))
for i in range(6):
    f = rng.choice(other_names)
    add("fr", f"La petite s'appelle {f} et parle bien le français.", ("name", f"s'appelle {f}"))
for i in range(6):
    f = rng.choice(first)
    add("en", f"{f} came alone today; her brother stayed at the shelter.", ("name", f))
for i in range(6):
    f, n = rng.choice(first), rng.choice(["Diallo", "Yilmaz", "Peeters", "Benali"])
    add("nl", f"{f} {n} belde om de afspraak te verzetten.", ("name", f"{f} {n}"))
for i in range(4):
    f = rng.choice(other_names)
    add("en", f"Her daughter {f} is doing better at school.", ("name", f"daughter {f}"))
# names the scanner will miss: lowercase, unusual, no cue (kept to measure recall honestly)
for t, n in [("nl", "we spraken met kevin over het budget."), ("fr", "Rencontre avec Ousseynou au local ce matin."), ("en", "Met Tunde at the drop-in, he helps translate.")]:
    name = {"nl": "kevin", "fr": "Ousseynou", "en": "Tunde"}[t]
    add(t, n, ("name", name))
# --- exact ages ---
for i in range(6):
    a = rng.randint(2, 11)
    add("nl", f"Het oudste kind is {a} jaar oud en gaat niet naar school.", ("age", f"{a} jaar oud"))
for i in range(5):
    a = rng.randint(2, 15)
    add("fr", f"Sa fille a {a} ans et dort mal depuis le déménagement.", ("age", f"a {a} ans"))
for i in range(4):
    a = rng.randint(2, 9)
    add("en", f"The boy is {a} years old and has asthma.", ("age", f"is {a} years"))
for i in range(3):
    a = rng.randint(2, 11)
    add("nl", f"Een {a}-jarige zoon en een baby wonen mee.", ("age", f"{a}-jarige"))
# --- named institutions ---
for s in ["basisschool Sint-Lukas", "école Saint-Joseph", "athénée Royal", "centre Ariane", "squat Gesu"]:
    add("fr" if s[0] in "éac" else "nl", f"Les enfants vont à l'{s} depuis septembre." if s[0] in "éa" else f"Het gezin verblijft in {s} sinds de zomer." if s.startswith(("centre", "squat")) else f"De kinderen gaan naar {s}.", ("place", s))
# --- places from the shipped list ---
# Parks, stations and organisations are not identifying places (eval README rules).
add("nl", "Ze sliepen twee nachten in het Maximiliaanpark.")
add("fr", "La mère a dormi au Petit-Château avec le bébé.", ("place", "Petit-Château"))
add("nl", "Het gezin kon douchen bij Doucheflux.")
add("en", "They spent the night near Gare du Nord.")
# --- clean notes: realistic, no identifiers (precision) ---
clean_nl = [
    "Gezin sliep drie nachten in de noodopvang; morgen opnieuw bellen.",
    "Moeder vraagt hulp bij de inschrijving in de kinderopvang.",
    "Wachtlijst van 3 maanden bij het OCMW, geen referentieadres.",
    "Opvolging gepland in 2026 met het Huis van het Kind.",
    "De baby drinkt goed, vaccinaties lopen via het consultatiebureau.",
    "Vader werkt in het zwart en durft niet naar de politie.",
    "We hebben luiers en melkpoeder meegegeven.",
    "De brugfiguur van de school heeft de moeder doorverwezen.",
    "Het gezin heeft 4 kinderen en woont met 7 in één kamer.",
    "Afspraak bij het OCMW om 14.30 uur gaat niet door.",
    "De huur bedraagt 850 euro, het inkomen is onregelmatig.",
    "Sinds 2 weken geen warm water in het pand.",
    "Casusoverleg met CAW en Kind en Gezin volgende dinsdag.",
    "Mama is erg moe, slaapt slecht sinds de uithuiszetting.",
    "De oudste helpt als tolk, dat is te zwaar voor hem.",
    "Geen plaats in de opvang; we botsen op onze grenzen.",
    "De vrijwilligers van de buurtwerking brachten kleren.",
    "Het gezin wacht al 18 maanden op een sociale woning.",
    "Ze kreeg een bevel om het grondgebied te verlaten.",
    "Medische kaart aangevraagd bij het OCMW.",
    "De kinderen spelen graag in de inloopruimte.",
    "Tolk geregeld voor het gesprek van donderdag.",
    "Schoolverzuim besproken met de CLB-medewerker.",
    "Ze heeft schulden bij de energieleverancier.",
    "Doorverwezen naar de medische ngo voor de vaccinaties.",
    "Gesprek in het Frans en het Arabisch, via een tolk.",
    "Gezin is in oktober verhuisd naar een andere gemeente.",
    "Er zijn 3 kinderen onder de 6 jaar.",
    "Wachttijd van 6 weken voor de psycholoog.",
    "Moeder werkt 20 uur per week als poetshulp.",
    "De opvang sluit om 8 uur, daarna staan ze op straat.",
    "Voedselpakket meegegeven voor de hele week.",
    "Ze durft niet naar het ziekenhuis zonder papieren.",
    "De school signaleert dat het kind honger heeft.",
    "Zijn aanvraag regularisatie loopt sinds 2023.",
    "Kinderbijslag is nog niet in orde gebracht.",
    "Het appartement is vochtig en er zijn muizen.",
    "De buurvrouw vangt de kinderen soms op.",
    "Opvolging over 14 dagen, telefonisch.",
    "Het gezin neemt deel aan de praatgroep op woensdag.",
]
clean_fr = [
    "La famille attend une place au Samusocial depuis deux semaines.",
    "Le CPAS refuse l'aide sans adresse de référence.",
    "La maman est épuisée, elle dort dans la voiture avec les enfants.",
    "Rendez-vous à la maison médicale jeudi à 10 heures.",
    "Le bébé a 2 vaccins en retard selon la consultation.",
    "Le père travaille au noir sur des chantiers.",
    "Orientation vers l'ONE pour le suivi préventif.",
    "Ils vivent à six dans une seule pièce humide.",
    "Colis alimentaire remis pour la semaine.",
    "Depuis 3 mois, aucune réponse de l'Office des étrangers.",
    "Les enfants ne sont pas inscrits à l'école.",
    "L'association de quartier a trouvé un hébergement temporaire.",
    "Concertation prévue avec le CAW et le service social.",
    "Elle a peur de se présenter aux services publics.",
    "Le loyer est de 700 euros pour un studio.",
    "Interprète organisé pour la prochaine rencontre.",
    "La crèche n'a pas de place avant septembre.",
    "Elle cherche une formation en néerlandais.",
    "Le fils aîné traduit pour ses parents.",
    "Suivi téléphonique dans quinze jours.",
    "La famille a été expulsée en mars.",
    "Pas de compte bancaire, tout se paie en liquide.",
    "L'enfant a des crises d'asthme la nuit.",
    "Nous avons accompagné la mère à la permanence juridique.",
    "Le propriétaire menace de couper l'électricité.",
    "Ils sont arrivés en Belgique il y a un an.",
    "Une place en maison d'accueil est promise pour lundi.",
    "La demande de protection internationale est en cours.",
    "Les enfants dessinent beaucoup, ça les apaise.",
    "Aucune solution ce soir, limites atteintes.",
]
clean_en = [
    "The child seemed tired; we talked about sleep and school.",
    "Family slept in the car again last night.",
    "We arranged an interpreter for Thursday's meeting.",
    "Mother asked about childcare so she can attend language classes.",
    "The shelter was full, no solution for tonight.",
    "Referral to the medical NGO for the baby's vaccinations.",
    "The eldest son translates for his parents at appointments.",
    "Rent is 900 euros and the flat is damp.",
    "They have been waiting 2 years for social housing.",
    "Follow-up call planned in two weeks.",
    "Food parcel and nappies handed over.",
    "The school reports the children often arrive hungry.",
    "Father works irregular night shifts.",
    "They arrived in Belgium 8 months ago.",
    "Case consultation with the social worker next Tuesday.",
    "The children enjoy the drop-in's play corner.",
    "No bank account; benefits cannot be paid.",
    "The landlord threatens eviction at the end of the month.",
    "Mother fears going to the hospital without papers.",
    "Meeting moved to 3 pm on Friday.",
]
for t in clean_nl:
    add("nl", t)
for t in clean_fr:
    add("fr", t)
for t in clean_en:
    add("en", t)

with open("corpus.jsonl", "w") as f:
    for row in out:
        f.write(json.dumps(row, ensure_ascii=False) + "\n")
print(len(out), "sentences")
