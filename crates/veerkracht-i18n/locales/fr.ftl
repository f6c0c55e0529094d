## Les messages de Veerkracht en français. Chaque id existe aussi dans
## nl.ftl et en.ftl, avec les mêmes variables (un test le vérifie).
## En français, 0 et 1 sont au singulier (catégorie « one »).

## Autotest du catalogue
test-plural = { $n ->
    [one] { $n } ligne
   *[other] { $n } lignes
}

## Fichiers et disques
io-not-found = fichier ou dossier introuvable
io-permission-denied = accès refusé
io-already-exists = il existe déjà
io-storage-full = le disque est plein
io-read-only = le disque est en lecture seule
io-is-a-folder = c'est un dossier, pas un fichier
io-not-a-folder = ce n'est pas un dossier
io-invalid-data = le contenu est endommagé
io-device-error = le périphérique a signalé une erreur de lecture ou d'écriture
io-bad-descriptor = ce n'est pas un descripteur de fichier ouvert
io-system = erreur système { $code }
io-other = { $detail }

## Ce qu'un champ attend
expected-text = un texte
expected-boolean = true ou false
expected-date = une date AAAA-MM-JJ
expected-uuid = un UUID
expected-code = un seul code (texte)
expected-code-list = une liste de codes
expected-status-list = une liste de {"{"}code, status{"}"}
expected-role-list = une liste de {"{"}code, role{"}"}
expected-score-map = un objet {"{"}domaine: valeur{"}"}
expected-number = un nombre entier
expected-period = une période : AAAA-MM, AAAA-Qn ou AAAA (par exemple 2026-03, 2026-Q1, 2026)

## Règles
rule-not-json = JSON invalide au caractère { $column } : { $problem }
rule-line-too-long = plus de { $max } Mo : pas une ligne d'échange (pas lue plus loin)
json-ends-too-soon = la ligne se termine avant la fin d'un texte, d'une liste ou d'un objet
json-expected-colon = ':' attendu après un nom de champ
json-expected-comma-or-bracket = ',' ou ']' attendu
json-expected-comma-or-brace = ',' ou '{"}"}' attendu
json-expected-value = une valeur attendue (un texte entre guillemets droits, un nombre, true, false, null, une liste ou un objet)
json-expected-quote = un nom de champ entre guillemets droits attendu
json-bad-escape = échappement invalide après une barre oblique inverse
json-bad-number = nombre invalide
json-number-too-large = nombre trop grand
json-control-character = un caractère de contrôle dans un texte (écrivez-le en échappement, comme \n)
json-key-not-string = un nom de champ doit être entre guillemets droits
json-trailing-comma = une virgule juste avant la fermeture d'une liste ou d'un objet
json-trailing-characters = encore du texte après l'objet
json-too-deep = imbrication trop profonde
json-bad-unicode = un échappement Unicode invalide
json-other = l'analyseur ne peut pas la lire
rule-not-an-object = chaque ligne doit être un objet JSON
rule-not-utf8 = texte UTF-8 invalide
rule-required = est obligatoire
rule-duplicate-field = apparaît deux fois sur cette ligne
rule-unknown-field = champ inconnu (absent du livre de codes)
rule-wrong-shape = attendu : { $expected }
rule-unknown-code = code inconnu pour ce champ : « { $code } »
rule-unknown-qualifier = valeur invalide « { $value } » (admis : { $allowed })
rule-duplicate-code = code en double : « { $code } »
rule-family-code-shape = un code famille a la forme XXXX-XXXX (créé par l'application)
rule-family-code-alphabet = un code famille ne contient que des chiffres et des majuscules sauf I, L, O, U
rule-date-in-future = la date { $date } est dans le futur (nous sommes le { $today })
rule-date-too-early = la date est antérieure au { $date }
rule-too-long = trop long : { $found } caractères, { $max } au plus
rule-out-of-range = { $found } est hors de { $min }–{ $max }
rule-limits-required = le résultat « Pas de solution : limites atteintes » demande au moins une limite
rule-empty-encounter = une rencontre a au moins un thème, un besoin ou un résultat
rule-date-in-past = la date du { $date } est passée (nous sommes le { $today })
rule-codebook-version = version du livre de codes non prise en charge « { $found } » (prise en charge : { $supported })
rule-duplicate-id = cet identifiant est déjà dans le coffre : { $id }
rule-duplicate-id-in-file = cet identifiant figure déjà à la ligne { $line } : { $id }
rule-unknown-family = code famille inconnu : choisissez une famille existante ou créez-en une nouvelle
rule-control-characters = contient des caractères de contrôle invisibles ; supprimez-les

field-error = { $field } : { $reason }
line-error = ligne { $line } : { $error }
line-finding = ligne { $line } : { $kind } : { $text }
and-more = … et { $count } de plus

## Types de données que le scanner trouve
finding-email = adresse e-mail
finding-iban = compte bancaire (IBAN)
finding-national-number = numéro de registre national
finding-phone = numéro de téléphone
finding-address = adresse
finding-date-of-birth = date de naissance ou d'accouchement
finding-plate = plaque d'immatriculation
finding-handle = pseudonyme de réseau social
finding-age = âge exact
finding-name = nom
finding-place = lieu nommé

## Parties du livre de codes
section-context = Contexte
section-situation = Situation
section-needs = Besoins
section-actors = Acteurs
section-themes = Thèmes
section-response = Réponse

## Force de la phrase secrète
strength-too-short = Trop courte : au moins 12 caractères.
strength-weak = Faible : un mot courant, une répétition ou une rangée de touches se devinent en premier ; choisissez une phrase de plusieurs mots sans lien.
strength-fair = Correcte : un mot de plus la rendra forte.
strength-strong = Forte.

## Le domaine
core-unknown-language = langue inconnue « { $value } » (utilisez nl, fr ou en)
core-codebook = le livre de codes est invalide : { $detail }
core-passphrase-too-weak = La phrase secrète est trop faible : au moins { $min } caractères, pas un mot de passe ou un mot courant (même suivi de chiffres), pas un seul caractère répété ni une rangée de touches. Quelques mots sans lien entre eux conviennent bien.
invalid = { $count ->
    [one] Non accepté : { $errors }
   *[other] Non accepté ({ $count } problèmes) : { $errors }
}
invalid-not-saved = Non enregistré : corrigez les champs signalés.

## Le coffre
store-no-vault = Pas encore de coffre dans { $path } (créez-en un avec « veerkracht init »).
store-not-a-vault = { $path } n'est pas un coffre Veerkracht.
store-folder-not-empty = { $path } n'est pas vide ; un nouveau coffre ou un nouveau paquet va dans un dossier vide ou nouveau.
store-package-exists = { $path } contient déjà un paquet ; choisissez un nouveau dossier.
store-not-a-package = { $path } n'est pas un paquet de signaux ({ $missing } manque).
store-already-exists = Un coffre existe déjà dans { $path }.
store-wrong-passphrase = Phrase secrète incorrecte.
store-vault-in-use = Le coffre est utilisé par un autre programme (l'application ou une autre commande). Fermez-le d'abord.
store-schema-too-new = Le coffre provient d'une version plus récente de Veerkracht (schéma { $found }, cette version lit jusqu'à { $supported }) ; mettez l'application à jour.
store-damaged-key-file = Le fichier de clé du coffre (vault.json) est endommagé. Restaurez une sauvegarde.
store-key-file-implausible-costs = Le fichier de clé du coffre (vault.json) demande des coûts de dérivation hors de ce que Veerkracht admet (de 19 Mio à 1 Gio de mémoire, de 2 à 10 passes). Il a peut-être été modifié : il est refusé plutôt qu'affaibli ou laissé bloquer l'application. Restaurez une sauvegarde.
store-damaged-database = La base de données du coffre est endommagée. Restaurez une sauvegarde.
store-damaged-backup = Ce fichier de sauvegarde est endommagé ou n'est pas une sauvegarde Veerkracht.
store-damaged-record = Un enregistrement n'a pas pu être lu ({ $key }) ; les autres l'ont été. Restaurez une sauvegarde pour le récupérer.
store-needs-reopen = Le coffre a été fermé après une erreur. Ouvrez-le à nouveau.
store-duplicate-ids = { $count ->
    [one] Cet identifiant est déjà dans le coffre ({ $first }) ; utilisez --replace pour le remplacer.
   *[other] { $count } identifiants sont déjà dans le coffre ({ $first }, …) ; utilisez --replace pour les remplacer.
}
store-io = Erreur disque : { $reason }.

## Paquets de signaux
signals-threshold-too-low = Les seuils ne peuvent qu'augmenter : k={ $k }, k_high={ $k_high } (au moins { $min_k } et { $min_k_high }).
signals-render = Les fichiers du paquet n'ont pas pu être créés : { $detail }
package-folder-name = signaux
merge-nothing = Aucun paquet à fusionner.
merge-duplicate = Le paquet { $id } est donné deux fois (ou fait déjà partie d'un autre) ; rien n'a été fusionné.
merge-mismatch = Ces paquets ne peuvent pas être fusionnés : { $detail }
merge-codebooks-differ = Ces paquets ne peuvent pas être fusionnés : ils utilisent un autre livre de codes ({ $first } et { $other }).
package-unsound = { $path } n'est pas conforme : { $count ->
    [one] { $count } problème trouvé
   *[other] { $count } problèmes trouvés
}.
package-unreadable = { $path } ne peut pas être lu comme paquet de signaux : { $detail }

## Usages
identifiers = { $count ->
    [one] La note contient peut-être quelque chose qui identifie quelqu'un. Supprimez-le ou confirmez qu'il n'identifie personne.
   *[other] La note contient peut-être { $count } données qui identifient quelqu'un. Supprimez-les ou confirmez pour chacune qu'elle n'identifie personne.
}
locked = Le coffre est verrouillé.
not-found = Introuvable.
no-such-encounter = Aucune rencontre avec l'identifiant « { $id } ».
prefix-too-short = « { $given } » est trop court pour trouver une rencontre : donnez au moins { $min } caractères de son identifiant.
ambiguous-prefix = { $count } rencontres commencent par « { $prefix } » : donnez plus de caractères de l'identifiant.
no-automatic-backup = Il n'y a pas encore de sauvegarde automatique de ce coffre.
import-rejected = Rien n'a été importé : { $errors ->
    [one] { $errors } erreur
   *[other] { $errors } erreurs
} sur { $lines ->
    [one] { $lines } ligne
   *[other] { $lines } lignes
}.
import-findings = Rien n'a été importé : les notes contiennent { $count ->
    [one] { $count } donnée peut-être identifiante
   *[other] { $count } données peut-être identifiantes
} sur { $lines ->
    [one] { $lines } ligne
   *[other] { $lines } lignes
}. { $count ->
    [one] Supprimez-la du fichier, ou importez avec --accept-findings si elle n'identifie personne.
   *[other] Supprimez-les du fichier, ou importez avec --accept-findings si aucune n'identifie personne.
}
read-file = Impossible de lire { $path } : { $reason }.
write-file = Impossible d'écrire { $path } : { $reason }.

## Mots utilisés à plusieurs endroits
yes = oui
no = non
unknown = inconnu
derived-policy-signal = Signal politique
derived-kansarm-indicator = Indicateur de précarité
kind-single = choix unique
kind-multi = choix multiple
kind-multi-status = choix multiple avec statut
kind-multi-role = choix multiple avec rôle
kind-domain-scores = score par domaine

## Le journal d'audit
audit-created = rencontre créée
audit-edited = rencontre modifiée
audit-deleted = rencontre supprimée
audit-imported = importé
audit-exported = paquet exporté
audit-purged = purgé
audit-backup = sauvegarde créée
audit-restore = sauvegarde restaurée
audit-confirmed-not-identifying = confirmé : n'identifie personne
audit-passphrase-changed = phrase secrète modifiée

## La ligne de commande
cli-warning = avertissement : { $message }
cli-usage-unknown-option = option inconnue « { $option } »
cli-usage-unknown-command = commande inconnue « { $command } »
cli-usage-unexpected = argument inattendu « { $argument } »
cli-usage-invalid-value = valeur invalide « { $value } » pour { $option }
cli-usage-missing = manquant : { $what }
cli-usage-missing-command = aucune commande donnée
cli-usage-needs-value = { $option } demande une valeur
cli-usage-twice = { $option } est donné plus d'une fois
cli-usage-conflict = { $option } ne peut pas être utilisé avec { $other }
cli-usage-misused = { $option } ne s'utilise pas ainsi
cli-usage-unreadable = la ligne de commande est illisible
cli-usage-did-you-mean = vouliez-vous dire « { $suggestion } » ?
cli-usage-help = « veerkracht --help » liste les commandes, « veerkracht COMMANDE --help » les options d'une commande
cli-filter-codes = un filtre prend les codes du livre de codes ('veerkracht codebook' les affiche), pas les libellés d'un tableau
cli-no-passphrase = pas de phrase secrète : lancez dans un terminal, donnez --passphrase-fd ou définissez { $var }
cli-passphrases-differ = les deux phrases secrètes diffèrent
cli-passphrase-fd = impossible de lire la phrase secrète du descripteur de fichier { $fd } : { $reason }
cli-passphrase-fd-line = le descripteur de fichier { $fd } n'a pas de ligne { $line } : `init` lit la nouvelle phrase secrète à la ligne 1 ; `passphrase` lit l'actuelle à la ligne 1 et la nouvelle à la ligne 2
cli-passphrase-fd-closed = le descripteur de fichier { $fd } n'est pas ouvert : donnez-en un qui l'est, par exemple --passphrase-fd 3 3< fichier
cli-passphrase-prompt = Phrase secrète :{" "}
cli-new-passphrase-prompt = Nouvelle phrase secrète :{" "}
cli-passphrase-again-prompt = Encore une fois :{" "}
cli-init-done = Nouveau coffre créé dans { $path }
cli-init-warning = Attention : perdre la phrase secrète, c'est perdre les données. Personne ne peut la récupérer.
cli-imported = { $count ->
    [one] { $count } rencontre importée
   *[other] { $count } rencontres importées
} ({ $replaced ->
    [one] { $replaced } remplacée
   *[other] { $replaced } remplacées
})
cli-import-accepted = Importées après confirmation (--accept-findings) : { $count ->
    [one] { $count } donnée peut-être identifiante
   *[other] { $count } données peut-être identifiantes
} sur { $lines ->
    [one] { $lines } ligne
   *[other] { $lines } lignes
}, chacune consignée par type dans le journal d'audit :
cli-demo = { $encounters ->
    [one] { $encounters } rencontre de démonstration
   *[other] { $encounters } rencontres de démonstration
} pour { $families ->
    [one] { $families } famille
   *[other] { $families } familles
} (graine { $seed }, jusqu'au { $until })
cli-backup-written = Sauvegarde écrite dans { $path } ({ $size } octets)
cli-restored = Restauré dans { $path } ({ $count ->
    [one] { $count } rencontre
   *[other] { $count } rencontres
})
cli-purged = { $count ->
    [one] { $count } rencontre d'avant le { $cutoff } supprimée
   *[other] { $count } rencontres d'avant le { $cutoff } supprimées
}
cli-passphrase-changed = Phrase secrète modifiée.
cli-export-by-ledger = { $count ->
    [one] { $count } cellule masquée en plus
   *[other] { $count } cellules masquées en plus
} car des paquets antérieurs les trahiraient
cli-export-derivable = { $count ->
    [one] { $count } cellule masquée était
   *[other] { $count } cellules masquées étaient
} déjà déductibles de paquets publiés avant
cli-export-empty = aucune rencontre en { $period }
cli-verify-sound = { $path } : conforme, { $period } (paquet { $id }, { $published } cellules publiées sur { $total })
cli-damaged-record = enregistrement endommagé { $key }
cli-damaged-summary = { $count ->
    [one] { $count } enregistrement illisible ; les autres ont été lus. Restaurez une sauvegarde.
   *[other] { $count } enregistrements illisibles ; les autres ont été lus. Restaurez une sauvegarde.
}
cli-col-date = DATE
cli-col-family = FAMILLE
cli-col-setting = LIEU
cli-col-municipality = COMMUNE
cli-col-themes = THÈMES
cli-col-outcome = RÉSULTAT
cli-col-encounters = RENCONTRES
cli-col-first = PREMIÈRE
cli-col-last = DERNIÈRE
cli-col-housing = LOGEMENT
cli-col-unmet-needs = BESOINS NON RENCONTRÉS
cli-encounters-count = { $count ->
    [one] { $count } rencontre
   *[other] { $count } rencontres
}
cli-families-count = { $count ->
    [one] { $count } famille
   *[other] { $count } familles
}
cli-demo-data = (données de démonstration)
cli-derived = DÉRIVÉ
cli-themes-with-details = Thèmes (avec détails)
cli-note = NOTE
cli-codebook-title = Livre de codes { $version } ({ $name })
cli-package-header = Paquet { $period } { $id } (livre de codes { $codebook }, k={ $k }, k_high={ $k_high })
cli-package-cells = { $published } cellules publiées, { $suppressed } masquées
cli-bytes = { $size } octets
cli-elapsed = durée : { $ms } ms
cli-package-demo = { $count ->
    [one] { $count } rencontre de démonstration
   *[other] { $count } rencontres de démonstration
} dans ce paquet : pas de données de terrain
cli-stdout = impossible d'écrire sur la sortie standard : { $reason }

## Le rapport et le classeur des chercheurs
report-title = Veerkracht — signaux { $period }
report-intro = Signaux agrégés issus des rencontres de travailleurs de première ligne avec des familles bruxelloises en situation précaire, codés selon les quatre thèmes de résilience du rapport « Kwetsbaarheid en veerkracht in Brussel » (2020).
report-demo = Attention : ce paquet contient des données de démonstration (synthétiques, aucune vraie famille). Ne l'utilisez pas comme matériau de recherche.
report-merged = Fusion de { $count ->
    [one] { $count } paquet
   *[other] { $count } paquets
} de différents travailleurs : une famille rencontrée par deux travailleurs compte deux fois.
report-families = familles
report-encounters = rencontres
report-policy = familles avec au moins un signal politique
report-how = Comment lire ces chiffres
report-rule-encounters = Rencontres : les rencontres de la période qui portent le code (pour une cellule de tableau croisé : les deux codes).
report-rule-latest = Familles, pour le type de ménage, le nombre d'enfants, le statut de séjour, le logement, la source de revenus, la commune et l'indicateur de précarité : chaque famille compte une fois, sous sa dernière valeur de la période (sa situation à la fin). Ces nombres s'additionnent jusqu'au total.
report-rule-any = Familles, pour toute autre dimension (lieu, soutien linguistique, urgence, résultat, signal politique et toute question à choix multiple) : les familles qui ont eu au moins une rencontre avec le code pendant la période. Une famille peut compter sous plusieurs codes.
report-rule-crosstabs = Tableaux croisés : une cellule compte les familles ayant au moins une rencontre qui porte les deux codes, donc jamais plus de familles que de rencontres. Une marge compte de la même façon sur sa ligne ou sa colonne.
report-privacy = Confidentialité : une cellule de 1 à { $k1 } familles n'est pas affichée (de 1 à { $kh1 } pour les données sensibles comme le statut de séjour). D'autres cellules sont masquées pour qu'aucune valeur masquée ne puisse être calculée à partir de ce paquet et des précédents de la même source. Zéro est affiché, sauf si le masquer protège une autre cellule. Aucune famille, pseudonyme, date ni note ne figure dans ce paquet.
report-suppressed-mark = · = masqué
report-bounds-note = Dans un paquet fusionné, une cellule masquée montre l'intervalle que ses sources permettent, par exemple 76–79.
report-definitions = Définitions
report-def-policy = Signal politique : le travailleur s'est heurté aux limites du système — le résultat était « pas de solution : limites atteintes », une limite structurelle a été rencontrée (exclu par le statut, pas de capacité, adresse ou documents exigés, compétences morcelées, service refusé, droits non recourus), ou un besoin est resté non rencontré avec une urgence de 24 heures ou moins.
report-def-kansarm = Indicateur de précarité (Kind en Gezin) : précaire quand 3 des 6 domaines ou plus sont faibles ; pas précaire quand les six sont connus et que moins de 3 sont faibles ; inconnu sinon.
report-def-themes = Les thèmes de résilience comptent un thème quand il a été enregistré, ou découle d'un de ses détails.
report-charts = Signaux par dimension
report-chart-caption = { $dimension } (familles)
report-top = les { $shown } plus grands de { $total } codes ; chaque code est dans signals.csv
report-all-codes = les { $total } codes
report-crosstabs = Tableaux croisés
report-crosstab-caption = { $row } × { $col } (familles)
report-total = Total
report-suppressed = masqué
report-codebook = Livre de codes
report-thresholds = seuils
report-package = paquet
report-made = généré par
report-fingerprint = empreinte
report-sources = sources
xlsx-notes = Notes
xlsx-period = Période
xlsx-period-start = Premier jour
xlsx-period-end = Dernier jour
xlsx-package = Identifiant du paquet
xlsx-format = Format
xlsx-created = Créé le
xlsx-generator = Créé par
xlsx-demo = Données de démonstration
xlsx-demo-encounters = Rencontres de démonstration
xlsx-sources = Fusion de
xlsx-label = Libellé
xlsx-dimension = Dimension
xlsx-code = Code
xlsx-qualifier = Qualificatif
xlsx-row = Ligne
xlsx-column = Colonne
xlsx-families = Familles
xlsx-encounters = Rencontres
xlsx-status = Statut
xlsx-families-min = Familles (min)
xlsx-families-max = Familles (max)
xlsx-encounters-min = Rencontres (min)
xlsx-encounters-max = Rencontres (max)
xlsx-counting = Comptage
xlsx-sensitivity = Sensibilité
xlsx-kind = Type
xlsx-section = Partie
xlsx-members = Membres

## Paquets : fusion, séries, refus, lecture, vérification
merge-same-content = Les paquets { $first } et { $other } contiennent les mêmes chiffres (l'un est une copie de l'autre) ; gardez-en un.
merge-same-source = Les paquets { $drop } et { $keep } sont deux exports de { $period } du même coffre : gardez { $keep }, le plus récent, et laissez { $drop } de côté.
merge-periods-differ = Seuls des paquets d'une même période peuvent être fusionnés : { $first } et { $other } diffèrent. Pour suivre les chiffres dans le temps, utilisez « series ».
codebooks-differ = Les paquets utilisent des versions différentes du livre de codes ({ $first } et { $other }).
merge-layout = Le paquet { $id } n'a pas les lignes de son livre de codes.
series-nothing = Aucun paquet à empiler.
series-same-period = Deux paquets de { $period } ({ $first } et { $other }) : une série contient un paquet par période.
refused-too-few-changes = Pas de nouveau paquet de { $period } : il a été publié le { $since } et depuis, { $changed ->
    [one] seule { $changed } famille a changé
   *[other] seules { $changed } familles ont changé
}. Une différence aussi petite les désignerait. Un nouveau paquet sera possible dès qu'au moins { $k } familles auront changé.
refused-unprotectable = Pas de paquet de { $period } : quelles que soient les cellules masquées, { $count ->
    [one] une valeur masquée pourrait
   *[other] { $count } valeurs masquées pourraient
} encore être calculées à partir des chiffres (par exemple { $first }). Cela arrive quand très peu de familles sont enregistrées et qu'elles se ressemblent toutes. Choisissez une période plus longue, ou attendez que davantage de familles soient enregistrées.
refused-given-away = Pas de paquet de { $period } : les paquets déjà publiés de { $by } permettent à quiconque de calculer { $count ->
    [one] un chiffre
   *[other] { $count } chiffres
} que celui-ci devrait masquer (par exemple { $first }), quoi qu'il masque d'autre. Publier les mois et les trimestres avant leur année l'évite. Un paquet de { $period } pourra devenir possible quand des enregistrements de cette période seront ajoutés ou modifiés.
export-stopped = Arrêté : aucun paquet n'a été créé et rien n'a été enregistré.
read-missing = { $file } manque
read-json = { $file } n'est pas du JSON valide à la ligne { $line }, caractère { $column } : { $problem }
read-not-veerkracht = datapackage.json ne décrit pas un paquet de signaux Veerkracht
read-field = datapackage.json : veerkracht.{ $field } manque ou est invalide
read-thresholds-too-low = datapackage.json : les seuils k = { $k } et k_high = { $k_high } sont sous le minimum (k au moins { $min_k }, k_high au moins { $min_k_high }) : aucun paquet Veerkracht ne les a
read-format = ce paquet a le format { $found } ; cette version lit les formats 1 et 2 (mettez Veerkracht à jour)
read-hash = { $file } a été modifié après la création du paquet (son empreinte ne correspond pas)
read-columns = { $file } : les colonnes doivent être exactement { $expected }
read-csv = { $file } ligne { $line } : { $problem }
read-csv-field-count = { $found ->
    [one] { $found } champ
   *[other] { $found } champs
} alors que l'en-tête en a { $expected }
read-csv-other = le lecteur CSV ne peut pas la lire
read-count = { $file } ligne { $line } : « { $value } » n'est pas un nombre entier positif ou nul
read-status = { $file } ligne { $line } : statut inconnu « { $value } »
read-status-counts = { $file } ligne { $line } : les nombres ne correspondent pas au statut
read-period = { $file } ligne { $line } : la période « { $found } » n'est pas celle du paquet ({ $expected })
problem-unlisted-file = le dossier contient « { $name } », que le paquet ne mentionne pas
problem-rows = { $file } a { $found } lignes ; un paquet de ce livre de codes en a { $expected }
problem-foreign-file = le paquet mentionne « { $name } », qu'aucun paquet de signaux ne contient
problem-missing-file = { $name } manque : tout paquet de signaux le contient
problem-descriptor-field = datapackage.json : « { $field } » n'est pas ce que donnent les fichiers et les chiffres du paquet
problem-duplicate-key = datapackage.json donne « { $key } » deux fois : les lecteurs ne s'accordent pas sur celui qui compte
problem-unexpected-row = { $file } : ligne inattendue { $row }
problem-missing-row = { $file } : la ligne { $row } manque
problem-duplicate-row = { $file } : la ligne { $row } figure deux fois
problem-disagrees = { $key } : le même chiffre diffère d'un fichier à l'autre
problem-small-published = { $key } : { $families } familles publiées, sous k = { $k }
problem-recomputable-families = { $key } : son nombre masqué de familles peut être calculé à partir du paquet
problem-recomputable-encounters = { $key } : son nombre masqué de rencontres peut être calculé à partir du paquet
problem-undecided-families = { $key } : le solveur n'a pas pu établir si son nombre masqué de familles peut être calculé (sûreté non démontrée)
problem-undecided-encounters = { $key } : le solveur n'a pas pu établir si son nombre masqué de rencontres peut être calculé (sûreté non démontrée)
problem-contradiction = des chiffres publiés contredisent les règles de comptage ({ $keys })
problem-fingerprint = l'empreinte de datapackage.json n'est pas celle des chiffres
problem-bounds-missing = { $key } : une cellule masquée d'un paquet fusionné sans bornes
problem-bounds-exact = { $key } : ses bornes trahissent la valeur exacte
problem-bounds-impossible = { $key } : ses bornes contredisent les chiffres du paquet
problem-municipality-crossed = la commune est croisée avec le statut de séjour
problem-record-level = { $file } contient quelque chose au niveau des enregistrements (« { $text } »)
problem-demo-unmarked = des rencontres de démonstration sont comptées, mais le paquet ne dit pas qu'il contient des données de démonstration
problem-rendering = { $file } n'est pas ce que produisent les chiffres du paquet
store-package-file = { $path } : « { $name } » ne peut pas faire partie d'un paquet ({ $reason }).
package-file-link = c'est un lien
package-file-folder = c'est un dossier
package-file-special = ce n'est pas un fichier ordinaire
package-file-too-large = il est trop grand
package-file-too-many = le dossier contient trop de fichiers
cli-series = { $packages ->
    [one] { $packages } paquet empilé
   *[other] { $packages } paquets empilés
} dans { $path } ({ $rows } lignes)
cli-audit-exact = EXACT { $period } { $key } : { $what } = { $value }
cli-audit-exact-value = EXACT { $period } { $key } : { $what }
cli-audit-widths = largeur des intervalles (largeur : valeurs) : { $widths }
cli-audit-safe = Conforme : sur { $packages ->
    [one] { $packages } paquet
   *[other] { $packages } paquets
}, aucune des { $values } valeurs masquées ne peut être calculée exactement.
cli-audit-unsafe = NON conforme : sur { $packages ->
    [one] { $packages } paquet
   *[other] { $packages } paquets
}, parmi { $values } valeurs masquées, { $families ->
    [one] { $families } nombre de familles
   *[other] { $families } nombres de familles
} et { $encounters ->
    [one] { $encounters } nombre de rencontres
   *[other] { $encounters } nombres de rencontres
} peuvent être calculés exactement.
cli-audit-undecided-value = INDÉCIS { $period } { $key } : { $what }
cli-audit-undecided = INDÉCIS : sur { $packages ->
    [one] { $packages } paquet
   *[other] { $packages } paquets
}, { $undecided ->
    [one] { $undecided } des { $values } valeurs masquées n'a pas pu être tranchée par le solveur ; tant qu'elle ne l'est pas
   *[other] { $undecided } des { $values } valeurs masquées n'ont pas pu être tranchées par le solveur ; tant qu'elles ne le sont pas
}, la sûreté des paquets n'est pas démontrée.
cli-audit-inconsistent = Les paquets contredisent les règles de comptage telles que cet audit les modélise (des rencontres ont-elles été modifiées entre des exports de périodes différentes ?), ou le solveur n'a trouvé aucune solution.
cli-audit-inconsistent-versions = Certaines périodes ont plusieurs versions, lues comme des ajouts (seulement de nouvelles rencontres entre elles), et les paquets contredisent cette lecture quelque part : des rencontres ont été corrigées entre deux versions. Ses valeurs « exactes » sont les vrais comptes partout où rien n'a été corrigé (un attaquant qui le devine aurait raison là) et peuvent être fausses ailleurs ; --versions unrelated montre ce qui tient sans cette supposition.

## L'aide de la ligne de commande (crates/veerkracht-cli/src/help.rs)
cli-help-about = Veerkracht : notes de rencontre anonymes pour le travail de première ligne avec les familles bruxelloises
cli-help-long-about = Veerkracht : notes de rencontre anonymes pour le travail de première ligne avec les familles bruxelloises.

    La phrase secrète est demandée dans le terminal, ou lue depuis --passphrase-fd N, ou prise dans VEERKRACHT_PASSPHRASE (visible par les autres programmes du même utilisateur et gardée dans l'historique du shell : préférez la question ou un descripteur de fichier).
cli-help-usage = Utilisation{"\u00A0"}
cli-help-commands = Commandes{"\u00A0"}
cli-help-options = Options{"\u00A0"}
cli-help-arguments = Arguments{"\u00A0"}
cli-help-help = Afficher l'aide
cli-help-version = Afficher la version
cli-help-arg-data_dir = Dossier du coffre (par défaut : VEERKRACHT_DATA_DIR, sinon le dossier de données de la plateforme)
cli-help-arg-lang = Langue des libellés et des messages : nl, fr ou en (par défaut : VEERKRACHT_LANG, sinon la langue du système)
cli-help-arg-passphrase_fd = Lire la phrase secrète (et, pour init et passphrase, la nouvelle à la ligne suivante) depuis ce descripteur de fichier ouvert, p. ex. 3< fichier
cli-help-init = Créer un coffre neuf et vide
cli-help-import = Importer des rencontres depuis JSON Lines (format d'échange) ; tout ou rien
cli-help-import-file = Le fichier à lire, ou - pour l'entrée standard
cli-help-import-replace = Remplacer les rencontres dont l'identifiant est déjà dans le coffre
cli-help-import-accept_findings = Importer les notes même là où le détecteur d'identifiants trouve quelque chose (chaque découverte est listée et journalisée selon son type)
cli-help-records = Écrire chaque rencontre au format d'échange (JSON Lines, par date puis identifiant). C'est du texte en clair avec chaque note : gardez-le chiffré ; pour une sauvegarde, utilisez backup
cli-help-records-out = Écrire dans ce fichier (nouveau ; lisible par vous seul) au lieu de la sortie standard
cli-help-list = Lister les rencontres, par date
cli-help-list-family = Seulement cette famille (XXXX-XXXX)
cli-help-list-from = À partir de cette date
cli-help-list-to = Jusqu'à cette date incluse
cli-help-list-theme = Seulement les rencontres avec ce thème (noté ou déduit)
cli-help-list-need = Seulement les rencontres avec ce besoin
cli-help-list-need_status = Avec --need ou seul : seulement cet état du besoin (met, pending, unmet)
cli-help-list-outcome = Seulement les rencontres avec ce résultat
cli-help-list-municipality = Seulement les rencontres dans cette commune
cli-help-list-text = Mots qui doivent tous figurer dans la note ou le code de la famille (sans tenir compte des majuscules)
cli-help-list-json = Écrire du JSON (une liste d'objets au format d'échange)
cli-help-show = Afficher une rencontre (identifiant complet, ou un début unique d'au moins 4 caractères)
cli-help-show-id = L'identifiant de la rencontre, ou un début unique de celui-ci
cli-help-show-json = Écrire du JSON (le format d'échange)
cli-help-families = Lister les familles avec leur dernière situation
cli-help-families-json = Écrire du JSON
cli-help-demo = Ajouter une charge de cas réaliste et inventée, marquée comme données de démonstration
cli-help-demo-families = Nombre de familles (50 par défaut)
cli-help-demo-encounters = Nombre de rencontres (300 par défaut)
cli-help-demo-seed = Graine du générateur aléatoire (1 par défaut)
cli-help-demo-until = Dernière date de la charge de cas (par défaut : aujourd'hui) ; avec la graine, elle fixe le résultat
cli-help-demo-jsonl = Écrire du JSON Lines dans ce fichier au lieu de l'ajouter au coffre (aucun coffre nécessaire)
cli-help-codebook = Afficher le livre de codes
cli-help-codebook-json = Écrire le contrat du livre de codes en JSON
cli-help-passphrase = Changer la phrase secrète du coffre (la nouvelle depuis VEERKRACHT_NEW_PASSPHRASE, le descripteur de fichier ou une question)
cli-help-export = Créer un paquet de signaux pour les chercheurs : agrégats seulement, petites cellules masquées
cli-help-export-period = La période : AAAA-MM, AAAA-Qn ou AAAA
cli-help-export-out = Dossier où écrire le paquet (nouveau ou vide)
cli-help-export-k = Seuil des cellules ordinaires (au moins 5)
cli-help-export-k_high = Seuil des cellules sensibles comme le statut de séjour (au moins 10)
cli-help-merge = Fusionner en un seul des paquets de la même période venant de plusieurs intervenants
cli-help-merge-packages = Dossiers des paquets
cli-help-merge-out = Dossier où écrire le paquet fusionné (nouveau ou vide)
cli-help-verify = Vérifier l'intégrité d'un paquet et ses règles de contrôle de la divulgation
cli-help-verify-package = Dossier du paquet
cli-help-series = Empiler des paquets de périodes différentes en un long CSV (une série temporelle)
cli-help-series-packages = Dossiers des paquets
cli-help-series-out = Le CSV à écrire (un nouveau fichier)
cli-help-audit = Jouer l'attaquant sur des paquets : l'intervalle de chaque valeur masquée, et si l'une d'elles peut être calculée exactement
cli-help-audit-packages = Dossiers des paquets
cli-help-audit-versions = Comment deux versions d'une période sont liées : additions (par défaut : les changements sont de nouvelles rencontres) ou unrelated ; les paquets sont lus dans l'ordre où ils ont été faits, et un deuxième paquet d'une période commence un nouvel état des données
cli-help-audit-json = Écrire chaque intervalle (JSON)
cli-help-audit-verdict_only = Décider seulement quelles valeurs sont exactes, sans leurs intervalles : bien plus rapide sur beaucoup de paquets (une année de publications)
cli-help-backup = Écrire une sauvegarde chiffrée du coffre dans un fichier (nouveau ; seule la phrase secrète l'ouvre)
cli-help-backup-file = Le fichier de sauvegarde à écrire
cli-help-restore = Restaurer une sauvegarde dans un nouveau dossier de coffre (--data-dir, nouveau ou vide)
cli-help-restore-file = Le fichier de sauvegarde à lire
cli-help-purge = Supprimer les rencontres antérieures à une date et réécrire le coffre pour qu'il n'en reste rien
cli-help-purge-before = Les rencontres antérieures à ce jour sont supprimées
cli-help-log = Afficher le journal d'audit (ce qui s'est passé et quand, jamais le contenu)
cli-help-log-json = Écrire du JSON
cli-help-scan-text = Chercher des identifiants dans le texte de l'entrée standard ; écrit les découvertes en JSON (type, début, fin, texte ; positions en caractères)
cli-help-help-command = La commande dont afficher l'aide
cli-value-command = COMMANDE
cli-value-options = OPTIONS
cli-value-dir = DOSSIER
cli-value-lang = LANGUE
cli-value-n = N
cli-value-file = FICHIER
cli-value-yyyy-mm-dd = AAAA-MM-JJ
cli-value-how = COMMENT
cli-value-id = ID
cli-value-packages = PAQUETS
cli-value-package = PAQUET
cli-value-period = PÉRIODE
cli-value-k = K
cli-value-k_high = K
cli-value-families = NOMBRE
cli-value-encounters = NOMBRE
cli-value-seed = NOMBRE
cli-value-family = FAMILLE
cli-value-from = AAAA-MM-JJ
cli-value-to = AAAA-MM-JJ
cli-value-theme = THÈME
cli-value-need = BESOIN
cli-value-need_status = ÉTAT
cli-value-outcome = RÉSULTAT
cli-value-municipality = COMMUNE
cli-value-text = MOTS
