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
io-device-error = the device reported a read or write error
io-bad-descriptor = not an open file descriptor
io-system = system error { $code }
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
rule-not-json = not valid JSON at character { $column }: { $problem }
rule-line-too-long = longer than { $max } MB: not an exchange line (read no further)
json-ends-too-soon = the line ends before its string, list or object does
json-expected-colon = expected ':' after a field name
json-expected-comma-or-bracket = expected ',' or ']'
json-expected-comma-or-brace = expected ',' or '{"}"}'
json-expected-value = expected a value (text in double quotes, a number, true, false, null, a list or an object)
json-expected-quote = expected a field name in double quotes
json-bad-escape = invalid escape after a backslash
json-bad-number = invalid number
json-number-too-large = number too large
json-control-character = a control character inside text (write it as an escape, such as \n)
json-key-not-string = a field name must be in double quotes
json-trailing-comma = a comma just before the end of a list or object
json-trailing-characters = more text after the object
json-too-deep = too deeply nested
json-bad-unicode = an invalid Unicode escape
json-other = the parser cannot read it
rule-not-an-object = each line must be one JSON object
rule-not-utf8 = not valid UTF-8 text
rule-required = is required
rule-duplicate-field = appears twice in this line
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
finding-date-of-birth = date of birth or due date
finding-plate = number plate
finding-handle = social media handle
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
strength-too-short = Too short: at least 12 characters.
strength-weak = Weak: a common word, a repetition or a row of keys is guessed first; choose a phrase of several unrelated words.
strength-fair = Fair: one more word makes it strong.
strength-strong = Strong.

## The domain (core)
core-unknown-language = unknown language '{ $value }' (use nl, fr or en)
core-codebook = the codebook is malformed: { $detail }
core-passphrase-too-weak = The passphrase is too weak: at least { $min } characters, not a common password or word (also not with digits added), not one character repeated and not a row of keys. A few unrelated words work well.
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
store-key-file-implausible-costs = The vault's key file (vault.json) asks for key-derivation costs outside what Veerkracht allows (19 MiB to 1 GiB of memory, 2 to 10 passes). It may have been edited: it is refused rather than weakened or left to stall. Restore a backup.
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
}. { $count ->
    [one] Remove it from the file, or import with --accept-findings if it identifies nobody.
   *[other] Remove them from the file, or import with --accept-findings if none identifies anyone.
}
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
cli-warning = warning: { $message }
cli-usage-unknown-option = unknown option '{ $option }'
cli-usage-unknown-command = unknown command '{ $command }'
cli-usage-unexpected = unexpected argument '{ $argument }'
cli-usage-invalid-value = invalid value '{ $value }' for { $option }
cli-usage-missing = missing: { $what }
cli-usage-missing-command = no command given
cli-usage-needs-value = { $option } needs a value
cli-usage-twice = { $option } is given more than once
cli-usage-conflict = { $option } cannot be used with { $other }
cli-usage-misused = { $option } is not used that way
cli-usage-unreadable = the command line cannot be read
cli-usage-did-you-mean = did you mean '{ $suggestion }'?
cli-usage-help = 'veerkracht --help' lists the commands, 'veerkracht COMMAND --help' a command's options
cli-filter-codes = a filter takes the codebook's codes ('veerkracht codebook' lists them), not the labels a table shows
cli-no-passphrase = no passphrase: run in a terminal, give --passphrase-fd, or set { $var }
cli-passphrases-differ = the two passphrases differ
cli-passphrase-fd = cannot read the passphrase from file descriptor { $fd }: { $reason }
cli-passphrase-fd-line = file descriptor { $fd } has no line { $line }: `init` reads the new passphrase from line 1; `passphrase` reads the current one from line 1 and the new one from line 2
cli-passphrase-fd-closed = file descriptor { $fd } is not open: give one that is, e.g. --passphrase-fd 3 3< file
cli-passphrase-prompt = Passphrase:{" "}
cli-new-passphrase-prompt = New passphrase:{" "}
cli-passphrase-again-prompt = Once more:{" "}
cli-init-done = New vault created in { $path }
cli-init-warning = Note: losing the passphrase means losing the data. Nobody can recover it.
cli-imported = { $count ->
    [one] 1 encounter imported
   *[other] { $count } encounters imported
} ({ $replaced } replaced)
cli-import-accepted = Imported as confirmed by --accept-findings: { $count ->
    [one] 1 possible identifier
   *[other] { $count } possible identifiers
} on { $lines ->
    [one] 1 line
   *[other] { $lines } lines
}, each recorded in the audit log by its kind:
cli-demo = { $encounters ->
    [one] 1 demo encounter
   *[other] { $encounters } demo encounters
} for { $families ->
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
cli-package-demo = { $count ->
    [one] 1 demo encounter
   *[other] { $count } demo encounters
} in this package: not field data
cli-stdout = cannot write to standard output: { $reason }

## The researcher's report and workbook
report-title = Veerkracht — signals { $period }
report-intro = Aggregated signals from frontline workers' encounters with Brussels families in precarious conditions, coded along the four resilience themes of the report ‘Kwetsbaarheid en veerkracht in Brussel’ (2020).
report-demo = Note: this package holds demo data (synthetic, no real families). Do not use it as research material.
report-merged = Merged from { $count ->
    [one] one package
   *[other] { $count } packages
} of different workers: a family met by two workers counts twice.
report-families = families
report-encounters = encounters
report-policy = families with at least one policy signal
report-how = How to read these figures
report-rule-encounters = Encounters: the encounters of the period that carry the code (for a crosstab cell: both codes).
report-rule-latest = Families, for household type, number of children, residence status, housing situation, income source, municipality and the kansarmoede indicator: each family counts once, under its latest value in the period (its situation at the end of it). These counts add up to the total.
report-rule-any = Families, for every other dimension (setting, language support, urgency, outcome, policy signal and every multiple-choice question): the families that had at least one encounter with the code in the period. A family can count under several codes.
report-rule-crosstabs = Two-way tables: a cell counts the families with at least one encounter that carries both codes, so families never exceed encounters. A margin counts the same way over its row or column.
report-privacy = Privacy: a cell with 1 to { $k1 } families is not shown (1 to { $kh1 } for sensitive data such as residence status). Further cells are hidden so that no hidden value can be computed from this package and earlier ones of the same source. Zero is shown, unless hiding it protects another cell. No family, pseudonym, date or note is in this package.
report-suppressed-mark = · = suppressed
report-bounds-note = In a merged package a suppressed cell shows the interval its sources allow, for example 76–79.
report-definitions = Definitions
report-def-policy = Policy signal: the worker hit the limits of the system — the outcome was ‘no solution: hit the limits’, a structural limit was met (excluded by status, no capacity, address or documents required, fragmented competences, service refused, rights not taken up), or a need stayed unmet under an urgency of 24 hours or less.
report-def-kansarm = Kansarmoede indicator (Kind en Gezin): deprived when 3 or more of the 6 domains are weak; not deprived when all six are known and fewer than 3 are weak; unknown otherwise.
report-def-themes = Resilience themes count a theme when it was recorded, or implied by one of its details.
report-charts = Signals per dimension
report-chart-caption = { $dimension } (families)
report-top = the { $shown } largest of { $total } codes; every code is in signals.csv
report-all-codes = all { $total } codes
report-crosstabs = Two-way tables
report-crosstab-caption = { $row } × { $col } (families)
report-total = Total
report-suppressed = suppressed
report-codebook = Codebook
report-thresholds = thresholds
report-package = package
report-made = made with
report-fingerprint = fingerprint
report-sources = sources
xlsx-notes = Notes
xlsx-period = Period
xlsx-period-start = First day
xlsx-period-end = Last day
xlsx-package = Package id
xlsx-format = Format
xlsx-created = Made on
xlsx-generator = Made with
xlsx-demo = Demo data
xlsx-demo-encounters = Demo encounters
xlsx-sources = Merged from
xlsx-label = Label
xlsx-dimension = Dimension
xlsx-code = Code
xlsx-qualifier = Qualifier
xlsx-row = Row
xlsx-column = Column
xlsx-families = Families
xlsx-encounters = Encounters
xlsx-status = Status
xlsx-families-min = Families (min)
xlsx-families-max = Families (max)
xlsx-encounters-min = Encounters (min)
xlsx-encounters-max = Encounters (max)
xlsx-counting = Counting
xlsx-sensitivity = Sensitivity
xlsx-kind = Kind
xlsx-section = Section
xlsx-members = Members

## Packages: merging, stacking, refusing, reading, verifying
merge-same-content = Packages { $first } and { $other } hold the same figures (one is a copy of the other); keep one of them.
merge-same-source = Packages { $drop } and { $keep } are two exports of { $period } from the same vault: keep { $keep }, the newer one, and leave { $drop } out.
merge-periods-differ = Only packages of one period can be merged: { $first } and { $other } differ. To follow figures over time, use 'series'.
codebooks-differ = The packages use different codebook versions ({ $first } and { $other }).
merge-layout = Package { $id } does not have the rows of its codebook.
series-nothing = No packages to stack.
series-same-period = Two packages of { $period } ({ $first } and { $other }): a series holds one package per period.
refused-too-few-changes = No new package of { $period }: it was released on { $since } and only { $changed ->
    [one] 1 family
   *[other] { $changed } families
} changed since. A difference that small would single them out. A new package is possible once at least { $k } families changed.
refused-unprotectable = No package of { $period }: whatever cells are hidden, { $count ->
    [one] a hidden value
   *[other] { $count } hidden values
} could still be worked out from the figures (for example { $first }). This happens when very few families are recorded and they are all alike. Choose a longer period, or wait until more families are recorded.
refused-given-away = No package of { $period }: the packages already released of { $by } let anyone work out { $count ->
    [one] a figure
   *[other] { $count } figures
} that this one would have to hide (for example { $first }), whatever else it hides. Releasing months and quarters before their year avoids this. A package of { $period } may become possible once records of that period are added or changed.
export-stopped = Stopped: no package was made and nothing was recorded.
read-missing = { $file } is missing
read-json = { $file } is not valid JSON at line { $line }, character { $column }: { $problem }
read-not-veerkracht = datapackage.json does not describe a Veerkracht signal package
read-field = datapackage.json: veerkracht.{ $field } is missing or invalid
read-thresholds-too-low = datapackage.json: the thresholds k = { $k } and k_high = { $k_high } are below the minimum (k at least { $min_k }, k_high at least { $min_k_high }): no Veerkracht package has them
read-format = this package has format { $found }; this version reads formats 1 and 2 (update Veerkracht)
read-hash = { $file } was changed after the package was made (its hash does not match)
read-columns = { $file }: the columns must be exactly { $expected }
read-csv = { $file } line { $line }: { $problem }
read-csv-field-count = { $found ->
    [one] 1 field
   *[other] { $found } fields
} where the header has { $expected }
read-csv-other = the CSV reader cannot read it
read-count = { $file } line { $line }: '{ $value }' is not a count
read-status = { $file } line { $line }: unknown status '{ $value }'
read-status-counts = { $file } line { $line }: the counts do not match the status
read-period = { $file } line { $line }: period '{ $found }' is not the package's { $expected }
problem-unlisted-file = the folder holds '{ $name }', which the package does not list
problem-rows = { $file } has { $found } rows; a package of this codebook has { $expected }
problem-foreign-file = the package lists '{ $name }', which no signal package holds
problem-missing-file = { $name } is missing: every signal package holds it
problem-descriptor-field = datapackage.json: '{ $field }' is not what the package's own files and figures give
problem-duplicate-key = datapackage.json gives '{ $key }' twice: readers differ on which one counts
problem-unexpected-row = { $file }: unexpected row { $row }
problem-missing-row = { $file }: row { $row } is missing
problem-duplicate-row = { $file }: row { $row } is there twice
problem-disagrees = { $key }: the same figure differs between the files
problem-small-published = { $key }: { $families } families published, below k = { $k }
problem-recomputable-families = { $key }: its suppressed number of families can be computed from the package
problem-recomputable-encounters = { $key }: its suppressed number of encounters can be computed from the package
problem-undecided-families = { $key }: the solver could not settle whether its suppressed number of families can be computed (not shown safe)
problem-undecided-encounters = { $key }: the solver could not settle whether its suppressed number of encounters can be computed (not shown safe)
problem-contradiction = published figures contradict the counting rules ({ $keys })
problem-fingerprint = the fingerprint in datapackage.json is not that of the figures
problem-bounds-missing = { $key }: a suppressed cell of a merged package without bounds
problem-bounds-exact = { $key }: its bounds give the exact value away
problem-bounds-impossible = { $key }: its bounds contradict the package's figures
problem-municipality-crossed = municipality is crossed with residence status
problem-record-level = { $file } holds something record-level ('{ $text }')
problem-demo-unmarked = demo encounters are counted in, but the package does not say it holds demo data
problem-rendering = { $file } is not what the package's own figures produce
store-package-file = { $path }: '{ $name }' cannot be part of a package ({ $reason }).
package-file-link = it is a link
package-file-folder = it is a folder
package-file-special = it is not an ordinary file
package-file-too-large = it is too large
package-file-too-many = the folder holds too many files
cli-series = { $packages ->
    [one] 1 package
   *[other] { $packages } packages
} stacked into { $path } ({ $rows } rows)
cli-audit-exact = EXACT { $period } { $key }: { $what } = { $value }
cli-audit-exact-value = EXACT { $period } { $key }: { $what }
cli-audit-widths = interval widths (width: values): { $widths }
cli-audit-safe = Sound: over { $packages ->
    [one] 1 package
   *[other] { $packages } packages
}, none of { $values } suppressed values can be computed exactly.
cli-audit-unsafe = NOT sound: over { $packages ->
    [one] 1 package
   *[other] { $packages } packages
}, of { $values } suppressed values { $families ->
    [one] 1 family count
   *[other] { $families } family counts
} and { $encounters ->
    [one] 1 encounter count
   *[other] { $encounters } encounter counts
} can be computed exactly.
cli-audit-undecided-value = UNDECIDED { $period } { $key }: { $what }
cli-audit-undecided = UNDECIDED: over { $packages ->
    [one] 1 package
   *[other] { $packages } packages
}, { $undecided ->
    [one] 1 of { $values } suppressed values could
   *[other] { $undecided } of { $values } suppressed values could
} not be settled by the solver; until they are, the packages are not shown safe.
cli-audit-inconsistent = The packages contradict the counting rules as this audit models them (were encounters changed between exports of different periods?), or the solver found no solution at all.
cli-audit-inconsistent-versions = Some periods have several versions, read as additions (only new encounters in between), and the packages contradict that reading somewhere: encounters were corrected between two versions. Its "exact" values are the true counts wherever nothing was corrected (an attacker who guesses so would be right there) and can be wrong elsewhere; --versions unrelated shows what holds without that guess.

## The command line's help (crates/veerkracht-cli/src/help.rs)
cli-help-about = Veerkracht: anonymous case notes for frontline work with Brussels families
cli-help-long-about = Veerkracht: anonymous case notes for frontline work with Brussels families.

    The passphrase is asked on the terminal, or read from --passphrase-fd N, or taken from VEERKRACHT_PASSPHRASE (visible to other programs of the same user and kept in shell history: prefer the prompt or a file descriptor).
cli-help-usage = Usage
cli-help-commands = Commands
cli-help-options = Options
cli-help-arguments = Arguments
cli-help-help = Print help
cli-help-version = Print version
cli-help-arg-data_dir = Vault folder (default: VEERKRACHT_DATA_DIR, else the platform data directory)
cli-help-arg-lang = Language of labels and messages: nl, fr or en (default: VEERKRACHT_LANG, else the locale)
cli-help-arg-passphrase_fd = Read the passphrase (and, for init and passphrase, the new one on the next line) from this open file descriptor, e.g. 3< file
cli-help-init = Create a new, empty vault
cli-help-import = Import encounters from JSON Lines (exchange format); all or nothing
cli-help-import-file = The file to read, or - for standard input
cli-help-import-replace = Replace encounters whose id is already in the vault
cli-help-import-accept_findings = Import notes even where the identifier scanner finds something (each finding is listed and audited by its kind)
cli-help-records = Write every encounter in the exchange format (JSON Lines, by date then id). This is plain text with every note: keep it encrypted; for a backup use backup
cli-help-records-out = Write to this file (new; made readable by you only) instead of standard output
cli-help-list = List encounters, by date
cli-help-list-family = Only this family (XXXX-XXXX)
cli-help-list-from = From this date on
cli-help-list-to = Up to and including this date
cli-help-list-theme = Only encounters with this theme (recorded or implied)
cli-help-list-need = Only encounters with this need
cli-help-list-need_status = With --need or alone: only this need status (met, pending, unmet)
cli-help-list-outcome = Only encounters with this outcome
cli-help-list-municipality = Only encounters in this municipality
cli-help-list-text = Words that must all appear in the note or the family code (case-insensitive)
cli-help-list-json = Print JSON (an array of exchange-format objects)
cli-help-show = Show one encounter (full id, or a unique prefix of at least 4 characters)
cli-help-show-id = The encounter's id, or a unique prefix of it
cli-help-show-json = Print JSON (the exchange format)
cli-help-families = List families with their latest situation
cli-help-families-json = Print JSON
cli-help-demo = Add a realistic synthetic caseload, marked as demo data
cli-help-demo-families = Number of families (default 50)
cli-help-demo-encounters = Number of encounters (default 300)
cli-help-demo-seed = Seed of the random generator (default 1)
cli-help-demo-until = Last date of the caseload (default: today); with the seed it fixes the output
cli-help-demo-jsonl = Write JSON Lines to this file instead of adding to the vault (no vault needed)
cli-help-codebook = Print the codebook
cli-help-codebook-json = Print the codebook contract as JSON
cli-help-passphrase = Change the vault's passphrase (new one from VEERKRACHT_NEW_PASSPHRASE, the file descriptor, or a prompt)
cli-help-export = Make a signal package for researchers: aggregates only, small cells suppressed
cli-help-export-period = The period: YYYY-MM, YYYY-Qn or YYYY
cli-help-export-out = Folder to write the package into (new or empty)
cli-help-export-k = Threshold for ordinary cells (at least 5)
cli-help-export-k_high = Threshold for sensitive cells such as residence status (at least 10)
cli-help-merge = Merge packages of the same period from several workers into one
cli-help-merge-packages = Package folders
cli-help-merge-out = Folder to write the merged package into (new or empty)
cli-help-verify = Check a package's integrity and its disclosure rules
cli-help-verify-package = Package folder
cli-help-series = Stack packages of different periods into one long CSV (a time series)
cli-help-series-packages = Package folders
cli-help-series-out = The CSV to write (a new file)
cli-help-audit = Play the attacker over packages: every suppressed value's interval and whether any can be computed exactly
cli-help-audit-packages = Package folders
cli-help-audit-versions = How two versions of one period relate: additions (the default: changes are new encounters) or unrelated; packages are read in the order they were made, and a second package of a period begins a new state of the data
cli-help-audit-json = Print every interval (JSON)
cli-help-audit-verdict_only = Decide only which values are exact, without their intervals: much faster over many packages (a year of releases)
cli-help-backup = Write an encrypted backup of the vault to a file (new; only the passphrase opens it)
cli-help-backup-file = The backup file to write
cli-help-restore = Restore a backup file into a new vault folder (--data-dir, new or empty)
cli-help-restore-file = The backup file to read
cli-help-purge = Delete encounters dated before a date and rewrite the vault so that nothing of them remains
cli-help-purge-before = Encounters dated before this day are deleted
cli-help-log = Show the audit log (what happened and when, never content)
cli-help-log-json = Print JSON
cli-help-scan-text = Scan text on standard input for identifiers; prints JSON findings (kind, start, end, text; offsets in characters)
cli-help-help-command = The command whose help to print
cli-value-command = COMMAND
cli-value-options = OPTIONS
cli-value-dir = FOLDER
cli-value-lang = LANG
cli-value-n = N
cli-value-file = FILE
cli-value-yyyy-mm-dd = YYYY-MM-DD
cli-value-how = HOW
cli-value-id = ID
cli-value-packages = PACKAGES
cli-value-package = PACKAGE
cli-value-period = PERIOD
cli-value-k = K
cli-value-k_high = K
cli-value-families = NUMBER
cli-value-encounters = NUMBER
cli-value-seed = NUMBER
cli-value-family = FAMILY
cli-value-from = YYYY-MM-DD
cli-value-to = YYYY-MM-DD
cli-value-theme = THEME
cli-value-need = NEED
cli-value-need_status = STATUS
cli-value-outcome = OUTCOME
cli-value-municipality = MUNICIPALITY
cli-value-text = WORDS
