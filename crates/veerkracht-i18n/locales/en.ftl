## Veerkracht's messages in English. Every id exists in nl.ftl and fr.ftl
## with the same variables (a test checks it). Plural forms use Fluent's
## selectors: { $count -> [one] … *[other] … }.

## Catalogue self-test
test-plural = { $n ->
    [one] { $n } line
   *[other] { $n } lines
}

## Files and disks
io-not-found = no such file or folder
io-permission-denied = permission denied
io-already-exists = it already exists
io-storage-full = the disk is full
io-read-only = the disk is read-only
io-is-a-folder = it is a folder, not a file
io-not-a-folder = it is not a folder
io-invalid-data = the contents are damaged
io-other = { $detail }

## What a field expects
expected-text = a text
expected-boolean = true or false
expected-date = a date YYYY-MM-DD
expected-uuid = a UUID
expected-code = one code (a text)
expected-code-list = a list of codes
expected-status-list = a list of {"{"}code, status{"}"}
expected-role-list = a list of {"{"}code, role{"}"}
expected-score-map = an object {"{"}domain: value{"}"}
expected-number = a whole number
expected-period = a period: YYYY-MM, YYYY-Qn or YYYY (for example 2026-03, 2026-Q1, 2026)

## Validation rules
rule-not-json = not valid JSON ({ $detail })
rule-not-an-object = each line must be one JSON object
rule-not-utf8 = not valid UTF-8 text
rule-required = is required
rule-unknown-field = unknown field (not in the codebook)
rule-wrong-shape = expected { $expected }
rule-unknown-code = unknown code for this field: '{ $code }'
rule-unknown-qualifier = invalid value '{ $value }' (allowed: { $allowed })
rule-duplicate-code = code appears twice: '{ $code }'
rule-family-code-shape = a family code has the form XXXX-XXXX (made by the app)
rule-family-code-alphabet = a family code holds only digits and capitals other than I, L, O, U
rule-date-in-future = the date { $date } is in the future (today is { $today })
rule-date-too-early = the date is before { $date }
rule-too-long = too long: { $found } characters, at most { $max }
rule-out-of-range = { $found } is outside { $min }–{ $max }
rule-limits-required = the outcome 'No solution: hit the limits' needs at least one limit
rule-empty-encounter = an encounter has at least a theme, a need or an outcome
rule-date-in-past = the date { $date } is in the past (today is { $today })
rule-codebook-version = unsupported codebook version '{ $found }' (supported: { $supported })
rule-duplicate-id = this id is already in the vault: { $id }
rule-duplicate-id-in-file = this id is already on line { $line }: { $id }
rule-unknown-family = unknown family code: pick an existing family or start a new one
rule-control-characters = holds invisible control characters; remove them

field-error = { $field }: { $reason }
line-error = line { $line }: { $error }
line-finding = line { $line }: { $kind }: { $text }
and-more = … and { $count ->
    [one] { $count } more
   *[other] { $count } more
}

## Kinds of identifiers the scanner finds
finding-email = e-mail address
finding-iban = bank account (IBAN)
finding-national-number = national register number
finding-phone = phone number
finding-address = address
finding-date = date of birth or due date
finding-age = exact age
finding-name = name
finding-place = named place

## Codebook sections
section-context = Context
section-situation = Situation
section-needs = Needs
section-actors = Actors
section-themes = Themes
section-response = Response

## Passphrase strength
strength-too-short = Too short: at least 8 characters.
strength-weak = Weak: choose a longer phrase of several words.
strength-fair = Fair: one more word makes it strong.
strength-strong = Strong.

## The domain (core)
core-unknown-language = unknown language '{ $value }' (use nl, fr or en)
core-codebook = the codebook is malformed: { $detail }
core-passphrase-too-short = The passphrase is too short: at least { $min } characters.
invalid = { $count ->
    [one] Not accepted: { $errors }
   *[other] Not accepted ({ $count } problems): { $errors }
}
invalid-not-saved = Not saved: correct the marked fields.

## The vault (store)
store-no-vault = No vault in { $path } yet (create one with 'veerkracht init').
store-not-a-vault = { $path } is not a Veerkracht vault.
store-folder-not-empty = { $path } is not empty; a new vault or package goes in an empty or new folder.
store-package-exists = { $path } already holds a package; choose a new folder.
store-not-a-package = { $path } is not a signal package ({ $missing } is missing).
store-already-exists = A vault already exists in { $path }.
store-wrong-passphrase = Wrong passphrase.
store-vault-in-use = The vault is in use by another program (the app or another command). Close it first.
store-schema-too-new = The vault comes from a newer version of Veerkracht (schema { $found }, this version reads up to { $supported }); update the app.
store-damaged-key-file = The vault's key file (vault.json) is damaged. Restore a backup.
store-damaged-database = The vault's database is damaged. Restore a backup.
store-damaged-backup = This backup file is damaged or is not a Veerkracht backup.
store-damaged-record = A record could not be read ({ $key }); the others were. Restore a backup to get it back.
store-needs-reopen = The vault was closed after an error. Open it again.
store-duplicate-ids = { $count ->
    [one] This id is already in the vault ({ $first }); use --replace to replace it.
   *[other] { $count } ids are already in the vault ({ $first }, …); use --replace to replace them.
}
store-io = Disk error: { $reason }.

## Signal packages
signals-threshold-too-low = Thresholds can only be raised: k={ $k }, k_high={ $k_high } (at least { $min_k } and { $min_k_high }).
signals-render = The package files could not be made: { $detail }
package-folder-name = signals
merge-nothing = No packages to merge.
merge-duplicate = Package { $id } is given twice (or is already part of another); nothing merged.
merge-mismatch = These packages cannot be merged: { $detail }
merge-periods-differ = These packages cannot be merged: they cover different periods ({ $first } and { $other }). Merge only packages of one period.
merge-codebooks-differ = These packages cannot be merged: they use another codebook ({ $first } and { $other }).
package-unsound = { $path } is not sound: { $count ->
    [one] one problem
   *[other] { $count } problems
} found.
package-unreadable = { $path } cannot be read as a signal package: { $detail }

## Use cases
identifiers = { $count ->
    [one] The note may hold something that identifies someone. Remove it, or confirm that it identifies nobody.
   *[other] The note may hold { $count } things that identify someone. Remove them, or confirm for each that it identifies nobody.
}
locked = The vault is locked.
not-found = Not found.
no-such-encounter = No encounter with id '{ $id }'.
prefix-too-short = '{ $given }' is too short to find an encounter: give at least { $min } characters of its id.
ambiguous-prefix = { $count } encounters start with '{ $prefix }': give more characters of the id.
no-automatic-backup = There is no automatic backup of this vault yet.
import-rejected = Nothing imported: { $errors ->
    [one] 1 error
   *[other] { $errors } errors
} on { $lines ->
    [one] 1 line
   *[other] { $lines } lines
}.
import-findings = Nothing imported: the notes hold { $count ->
    [one] 1 possible identifier
   *[other] { $count } possible identifiers
} on { $lines ->
    [one] 1 line
   *[other] { $lines } lines
}. Remove them from the file, or import with --accept-findings if none identifies anyone.
import-file-changed = Nothing imported: the file changed while it was being imported (line { $line }).
read-file = Cannot read { $path }: { $reason }.
write-file = Cannot write { $path }: { $reason }.

## Words used in several places
yes = yes
no = no
unknown = unknown
derived-policy-signal = Policy signal
derived-kansarm-indicator = Kansarmoede indicator
kind-single = single choice
kind-multi = multiple choice
kind-multi-status = multiple with status
kind-multi-role = multiple with role
kind-domain-scores = score per domain

## The audit log
audit-created = encounter created
audit-edited = encounter edited
audit-deleted = encounter deleted
audit-imported = imported
audit-exported = package exported
audit-purged = purged
audit-backup = backup made
audit-restore = backup restored
audit-confirmed-not-identifying = confirmed: identifies nobody
audit-passphrase-changed = passphrase changed

## The command line
cli-no-passphrase = no passphrase: run in a terminal, give --passphrase-fd, or set { $var }
cli-passphrases-differ = the two passphrases differ
cli-passphrase-fd = cannot read the passphrase from file descriptor { $fd }: { $reason }
cli-passphrase-prompt = Passphrase:{" "}
cli-new-passphrase-prompt = New passphrase:{" "}
cli-passphrase-again-prompt = Once more:{" "}
cli-init-done = New vault created in { $path }
cli-init-warning = Note: losing the passphrase means losing the data. Nobody can recover it.
cli-imported = { $count ->
    [one] 1 encounter imported
   *[other] { $count } encounters imported
} ({ $replaced } replaced)
cli-demo = { $encounters } demo encounters for { $families ->
    [one] 1 family
   *[other] { $families } families
} (seed { $seed }, until { $until })
cli-backup-written = Backup written to { $path } ({ $size } bytes)
cli-restored = Restored into { $path } ({ $count ->
    [one] 1 encounter
   *[other] { $count } encounters
})
cli-purged = { $count ->
    [one] 1 encounter
   *[other] { $count } encounters
} from before { $cutoff } deleted
cli-passphrase-changed = Passphrase changed.
cli-export-by-ledger = { $count ->
    [one] 1 more cell was suppressed
   *[other] { $count } more cells were suppressed
} because earlier packages would otherwise give them away
cli-export-derivable = { $count ->
    [one] 1 suppressed cell could already be derived
   *[other] { $count } suppressed cells could already be derived
} from packages released before
cli-export-empty = no encounters in { $period }
cli-verify-sound = { $path }: sound, { $period } (package { $id }, { $published } of { $total } cells published)
cli-damaged-record = damaged record { $key }
cli-damaged-summary = { $count ->
    [one] 1 record could not be read; the others were. Restore a backup.
   *[other] { $count } records could not be read; the others were. Restore a backup.
}
cli-col-date = DATE
cli-col-family = FAMILY
cli-col-setting = SETTING
cli-col-municipality = MUNICIPALITY
cli-col-themes = THEMES
cli-col-outcome = OUTCOME
cli-col-encounters = ENCOUNTERS
cli-col-first = FIRST
cli-col-last = LAST
cli-col-housing = HOUSING
cli-col-unmet-needs = UNMET NEEDS
cli-encounters-count = { $count ->
    [one] 1 encounter
   *[other] { $count } encounters
}
cli-families-count = { $count ->
    [one] 1 family
   *[other] { $count } families
}
cli-demo-data = (demo data)
cli-derived = DERIVED
cli-themes-with-details = Themes (with details)
cli-note = NOTE
cli-codebook-title = Codebook { $version } ({ $name })
cli-package-header = Package { $period } { $id } (codebook { $codebook }, k={ $k }, k_high={ $k_high })
cli-package-cells = { $published } cells published, { $suppressed } suppressed
cli-bytes = { $size } bytes
cli-elapsed = time: { $ms } ms
cli-package-demo = { $count } demo encounters in this package: not field data
cli-stdout = cannot write to standard output: { $reason }
