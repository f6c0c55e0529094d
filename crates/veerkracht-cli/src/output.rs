//! Human-readable and JSON renderings for the terminal.

use rustc_hash::FxHashMap;
use serde_json::{json, Value};
use std::borrow::Cow;
use std::io::Write;
use veerkracht_core::caseload::FamilySummary;
use veerkracht_core::codebook::{Codebook, Kind, Section};
use veerkracht_core::derived::{kansarm_indicator, policy_signal, themes_effective};
use veerkracht_core::{Answer, Encounter, Lang};
use veerkracht_i18n::t;

/// Writes to standard output. A closed pipe (`veerkracht export … | head
/// -1`) is not an error: the reader has what it wanted.
pub fn out(text: &str) -> Result<(), crate::commands::CliError> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|_| stdout.flush())
    {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(crate::commands::CliError::Stdout(e)),
        Ok(()) => Ok(()),
    }
}

/// Writes one message to standard output as a line of its own (a
/// message from the catalogue carries no newline).
pub fn say(message: &str) -> Result<(), crate::commands::CliError> {
    if message.ends_with('\n') {
        out(message)
    } else {
        out(&format!("{message}\n"))
    }
}

fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(width.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

fn table<R: AsRef<[C]>, C: AsRef<str>>(headers: &[String], rows: &[R]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.as_ref().iter().enumerate() {
            widths[i] = widths[i].max(cell.as_ref().chars().count());
        }
    }
    // Written straight into one string (a million-encounter vault's
    // `families` is 125,000 lines: a string per padded cell cost 0.1 s).
    let line_width: usize = widths.iter().sum::<usize>() + 2 * widths.len() + 1;
    let mut out = String::with_capacity(line_width * (rows.len() + 1));
    fn line<S: AsRef<str>>(cells: &[S], widths: &[usize], out: &mut String) {
        let start = out.len();
        for (i, c) in cells.iter().enumerate() {
            let c = c.as_ref();
            if i > 0 {
                out.push_str("  ");
            }
            out.push_str(c);
            for _ in c.chars().count()..widths[i] {
                out.push(' ');
            }
        }
        let kept = out[start..].trim_end().len();
        out.truncate(start + kept);
        out.push('\n');
    }
    line(headers, &widths, &mut out);
    for row in rows {
        line(row.as_ref(), &widths, &mut out);
    }
    out
}

fn label(cb: &Codebook, dim: &str, code: Option<&str>, lang: Lang, width: usize) -> String {
    code.map(|c| cut(cb.code_label(dim, c, lang), width))
        .unwrap_or_else(|| "–".into())
}

/// The whole table at once (what `list` writes from slices; for tests).
#[cfg(test)]
pub fn encounter_table(rows: &[&Encounter], cb: &Codebook, lang: Lang) -> String {
    encounter_table_of(&encounter_rows(rows, cb, lang), lang)
}

/// The table of [`encounter_rows`] (the rows of every encounter shown).
pub fn encounter_table_of(body: &[Vec<String>], lang: Lang) -> String {
    let headers = [
        t!(lang, "cli-col-date"),
        t!(lang, "cli-col-family"),
        t!(lang, "cli-col-setting"),
        t!(lang, "cli-col-municipality"),
        t!(lang, "cli-col-themes"),
        t!(lang, "cli-col-outcome"),
        "ID".to_string(),
    ];
    let mut out = table(&headers, body);
    out.push_str(&t!(lang, "cli-encounters-count", count = body.len()));
    out.push('\n');
    out
}

/// The cells of each encounter's row in [`encounter_table`].
pub fn encounter_rows(rows: &[&Encounter], cb: &Codebook, lang: Lang) -> Vec<Vec<String>> {
    rows.iter()
        .map(|e| {
            let themes: Vec<String> = themes_effective(e, cb)
                .iter()
                .map(|t| {
                    cb.dimension("themes")
                        .and_then(|d| d.code(t))
                        .and_then(|c| c.theme_no)
                        .map(|n| format!("T{n}"))
                        .unwrap_or_else(|| t.to_string())
                })
                .collect();
            vec![
                e.date.to_string(),
                e.family.to_string(),
                label(cb, "setting", e.single("setting"), lang, 24),
                label(cb, "municipality", e.single("municipality"), lang, 20),
                if themes.is_empty() {
                    "–".into()
                } else {
                    themes.join(",")
                },
                label(cb, "outcome", e.single("outcome"), lang, 28),
                e.id.to_string(),
            ]
        })
        .collect()
}

pub fn derived_json(e: &Encounter, cb: &Codebook) -> Value {
    json!({
        "themes_effective": themes_effective(e, cb),
        "policy_signal": policy_signal(e),
        "kansarm_indicator": kansarm_indicator(e, cb).code(),
    })
}

pub fn encounter_detail(e: &Encounter, cb: &Codebook, lang: Lang) -> String {
    let mut out = String::new();
    out.push_str(&format!("{}  {}  {}\n", e.date, e.family, e.id));
    if e.demo {
        out.push_str(&t!(lang, "cli-demo-data"));
        out.push('\n');
    }
    for section in Section::ALL {
        let dims: Vec<_> = cb
            .dimensions
            .iter()
            .filter(|d| d.section == section && e.answer(&d.id).is_some())
            .collect();
        if dims.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "\n{}\n",
            t!(lang, &format!("section-{}", section.id())).to_uppercase()
        ));
        for d in dims {
            let value = match e.answer(&d.id).expect("filtered") {
                Answer::Single(c) => cb.code_label(&d.id, c, lang).to_string(),
                Answer::Multi(cs) => cs
                    .iter()
                    .map(|c| cb.code_label(&d.id, c, lang))
                    .collect::<Vec<_>>()
                    .join("; "),
                Answer::MultiStatus(qs) | Answer::MultiRole(qs) | Answer::DomainScores(qs) => qs
                    .iter()
                    .map(|q| {
                        format!(
                            "{} ({})",
                            cb.code_label(&d.id, &q.code, lang),
                            cb.qualifier_label(&d.id, &q.qualifier, lang)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
            };
            out.push_str(&format!("  {}: {value}\n", d.label.get(lang)));
        }
    }
    out.push_str(&format!("\n{}\n", t!(lang, "cli-derived")));
    let themes: Vec<&str> = themes_effective(e, cb)
        .iter()
        .map(|t| cb.code_label("themes", t, lang))
        .collect();
    out.push_str(&format!(
        "  {}: {}\n",
        t!(lang, "cli-themes-with-details"),
        if themes.is_empty() {
            "–".into()
        } else {
            themes.join("; ")
        }
    ));
    let yes_no = |b: bool| t!(lang, if b { "yes" } else { "no" });
    out.push_str(&format!(
        "  {}: {}\n",
        t!(lang, "derived-policy-signal"),
        yes_no(policy_signal(e))
    ));
    out.push_str(&format!(
        "  {}: {}\n",
        t!(lang, "derived-kansarm-indicator"),
        match kansarm_indicator(e, cb) {
            veerkracht_core::derived::Tri::True => yes_no(true),
            veerkracht_core::derived::Tri::False => yes_no(false),
            veerkracht_core::derived::Tri::Unknown => t!(lang, "unknown"),
        }
    ));
    if let Some(note) = &e.note {
        out.push_str(&format!("\n{}\n  {note}\n", t!(lang, "cli-note")));
    }
    out
}

pub fn families_json(fams: &[FamilySummary]) -> Value {
    Value::Array(
        fams.iter()
            .map(|f| {
                json!({
                    "family": f.family.as_str(),
                    "encounters": f.encounters,
                    "first": f.first.to_string(),
                    "last": f.last.to_string(),
                    "housing_situation": f.housing,
                    "residence_status": f.residence,
                    "municipality": f.municipality,
                    "unmet_needs": f.unmet_needs,
                    "demo": f.demo,
                })
            })
            .collect(),
    )
}

pub fn family_table(fams: &[FamilySummary], cb: &Codebook, lang: Lang) -> String {
    let headers = [
        t!(lang, "cli-col-family"),
        t!(lang, "cli-col-encounters"),
        t!(lang, "cli-col-first"),
        t!(lang, "cli-col-last"),
        t!(lang, "cli-col-housing"),
        t!(lang, "cli-col-unmet-needs"),
    ];
    // The two label cells are made once per distinct value (a million-
    // encounter vault has 125,000 families and a few hundred distinct
    // cells: made for every line they were 0.1 s of `families`' 0.7 s).
    let mut housing: FxHashMap<Option<&str>, String> = FxHashMap::default();
    let mut needs: FxHashMap<&[String], String> = FxHashMap::default();
    for f in fams {
        housing
            .entry(f.housing.as_deref())
            .or_insert_with(|| label(cb, "housing_situation", f.housing.as_deref(), lang, 28));
        needs.entry(&f.unmet_needs).or_insert_with(|| {
            cut(
                &f.unmet_needs
                    .iter()
                    .map(|n| cb.code_label("needs", n, lang))
                    .collect::<Vec<_>>()
                    .join("; "),
                48,
            )
        });
    }
    let rows: Vec<[Cow<str>; 6]> = fams
        .iter()
        .map(|f| {
            [
                Cow::Borrowed(f.family.as_str()),
                Cow::Owned(f.encounters.to_string()),
                Cow::Owned(f.first.to_string()),
                Cow::Owned(f.last.to_string()),
                Cow::Borrowed(housing[&f.housing.as_deref()].as_str()),
                Cow::Borrowed(needs[f.unmet_needs.as_slice()].as_str()),
            ]
        })
        .collect();
    let mut out = table(&headers, &rows);
    out.push_str(&t!(lang, "cli-families-count", count = fams.len()));
    out.push('\n');
    out
}

pub fn codebook_text(cb: &Codebook, lang: Lang) -> String {
    let mut out = t!(
        lang,
        "cli-codebook-title",
        version = cb.version.clone(),
        name = cb.name.clone()
    );
    out.push('\n');
    for d in &cb.dimensions {
        let kind = t!(
            lang,
            match d.kind {
                Kind::Single => "kind-single",
                Kind::Multi => "kind-multi",
                Kind::MultiStatus => "kind-multi-status",
                Kind::MultiRole => "kind-multi-role",
                Kind::DomainScores => "kind-domain-scores",
            }
        );
        out.push_str(&format!(
            "\n{} — {} [{}; {}]\n",
            d.id,
            d.label.get(lang),
            kind,
            t!(lang, &format!("section-{}", d.section.id()))
        ));
        if !d.qualifiers.is_empty() {
            let qs: Vec<String> = d
                .qualifiers
                .iter()
                .map(|q| format!("{} = {}", q.code, q.label.get(lang)))
                .collect();
            out.push_str(&format!("  ({})\n", qs.join(", ")));
        }
        for c in &d.codes {
            out.push_str(&format!("  {:<40} {}\n", c.code, c.label.get(lang)));
        }
    }
    out
}

/// Encounters as a JSON array of exchange-format objects.
/// What [`encounters_json`] writes for `hits`, a slice at a time: the
/// elements of its array (after `written` elements), each as serde_json
/// prints it in a pretty array. Start with `[`, end with [`array_end`].
pub fn encounters_json_elements(hits: &[Encounter], written: usize) -> String {
    let cb = veerkracht_core::Codebook::embedded();
    let mut out = String::new();
    for (i, e) in hits.iter().enumerate() {
        out.push_str(if written + i == 0 { "\n" } else { ",\n" });
        let obj = Value::Object(veerkracht_core::exchange::to_object(e, cb));
        let text = serde_json::to_string_pretty(&obj).expect("plain data");
        for (j, line) in text.lines().enumerate() {
            if j > 0 {
                out.push('\n');
            }
            out.push_str("  ");
            out.push_str(line);
        }
    }
    out
}

/// The end of the array of [`encounters_json_elements`], after `written`.
pub fn array_end(written: usize) -> &'static str {
    if written == 0 {
        "]\n"
    } else {
        "\n]\n"
    }
}

/// The whole array at once (what `list --json` writes from slices; for
/// tests).
#[cfg(test)]
pub fn encounters_json(hits: &[&Encounter]) -> String {
    let cb = veerkracht_core::Codebook::embedded();
    let arr: Vec<Value> = hits
        .iter()
        .map(|e| Value::Object(veerkracht_core::exchange::to_object(e, cb)))
        .collect();
    format!(
        "{}\n",
        serde_json::to_string_pretty(&arr).expect("plain data")
    )
}

/// One encounter as an exchange-format object with its derived fields.
pub fn encounter_json(e: &Encounter) -> String {
    let cb = veerkracht_core::Codebook::embedded();
    let mut obj = veerkracht_core::exchange::to_object(e, cb);
    obj.insert("derived".into(), derived_json(e, cb));
    format!(
        "{}\n",
        serde_json::to_string_pretty(&obj).expect("plain data")
    )
}

/// The audit log: one line per entry, or JSON.
pub fn audit(log: &[veerkracht_core::audit::Entry], json: bool, lang: Lang) -> String {
    if json {
        return format!(
            "{}\n",
            serde_json::to_string_pretty(log).expect("plain data")
        );
    }
    let mut text = String::new();
    for e in log {
        let at = chrono::DateTime::from_timestamp(e.at, 0)
            .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
            .unwrap_or_default();
        let action = t!(lang, &format!("audit-{}", e.action.id().replace('_', "-")));
        // A confirmed finding's detail is its kind: named in the language.
        use veerkracht_core::scan::Kind as K;
        let kind = [
            K::Email,
            K::Iban,
            K::NationalNumber,
            K::Phone,
            K::Plate,
            K::Handle,
            K::Address,
            K::DateOfBirth,
            K::Age,
            K::Place,
            K::Name,
        ]
        .into_iter()
        .find(|k| k.id() == e.detail);
        let detail = match (e.action, kind) {
            (veerkracht_core::audit::Action::ConfirmedNotIdentifying, Some(k)) => {
                veerkracht_usecases::messages::finding_kind(lang, k)
            }
            _ => e.detail.clone(),
        };
        text.push_str(&format!(
            "{at}  {:<34} {:>6}  {}\n",
            cut(&action, 34),
            e.count,
            detail
        ));
    }
    text
}

/// What an export or a merge wrote: the package, its cells, its files.
pub fn package_summary(
    x: &veerkracht_usecases::Exported,
    started: std::time::Instant,
    lang: Lang,
) -> String {
    let p = &x.package;
    let (published, suppressed) = veerkracht_usecases::export::status_counts(p);
    let mut s = t!(
        lang,
        "cli-package-header",
        period = p.period.to_string(),
        id = p.id.to_string(),
        codebook = p.codebook.clone(),
        k = p.thresholds.k,
        k_high = p.thresholds.k_high
    );
    s.push('\n');
    s.push_str(&t!(
        lang,
        "cli-package-cells",
        published = published,
        suppressed = suppressed
    ));
    s.push('\n');
    for (name, size) in &x.files {
        s.push_str(&format!(
            "  {name:<18} {}\n",
            t!(lang, "cli-bytes", size = *size)
        ));
    }
    s.push_str(&t!(
        lang,
        "cli-elapsed",
        ms = started.elapsed().as_millis() as u64
    ));
    s.push('\n');
    if p.demo_encounters > 0 {
        s.push_str(&t!(lang, "cli-package-demo", count = p.demo_encounters));
        s.push('\n');
    }
    s
}

/// What `audit` found: a verdict, the widths, and every interval (JSON).
pub fn audit_report(
    r: &veerkracht_usecases::packages::AuditReport,
    json: bool,
    lang: Lang,
) -> String {
    use veerkracht_usecases::packages::HiddenValue;
    let what = |families: bool| if families { "families" } else { "encounters" };
    let hidden = |v: &HiddenValue, exact: Option<bool>, undecided: bool| {
        json!({
            "package": v.package,
            "period": v.period.code(),
            "key": v.key,
            "value": what(v.families),
            "min": null,
            "max": null,
            "exact": exact,
            "undecided": undecided,
        })
    };
    if json {
        let rows: Vec<Value> = r
            .intervals
            .iter()
            .map(|i| {
                json!({
                    "package": i.package,
                    "period": i.period.code(),
                    "key": i.key,
                    "value": what(i.families),
                    "min": i.min,
                    "max": i.max,
                    "exact": i.min == i.max,
                    "undecided": false,
                })
            })
            .chain(r.exact.iter().map(|v| hidden(v, Some(true), false)))
            .chain(r.undecided.iter().map(|v| hidden(v, None, true)))
            .collect();
        return format!(
            "{}\n",
            serde_json::to_string_pretty(&json!({
                "packages": r.packages,
                "suppressed_values": r.values,
                "exact_families": r.exact_families,
                "exact_encounters": r.exact_encounters,
                "undecided": r.undecided.len(),
                "inconsistent": r.inconsistent,
                "verdict": verdict(r),
                "verdict_only": r.verdict_only,
                "versions_as_additions": r.versions_as_additions,
                "widths": r.widths().iter().map(|(w, n)| json!({"width": w, "values": n})).collect::<Vec<_>>(),
                "intervals": rows,
            }))
            .expect("plain data")
        );
    }
    let words = |families: bool| {
        t!(
            lang,
            if families {
                "report-families"
            } else {
                "report-encounters"
            }
        )
    };
    let mut s = String::new();
    for i in r.intervals.iter().filter(|i| i.min == i.max) {
        s.push_str(&t!(
            lang,
            "cli-audit-exact",
            period = i.period.to_string(),
            key = veerkracht_usecases::messages::cell_name(&i.key),
            what = words(i.families),
            value = i.min
        ));
        s.push('\n');
    }
    for (list, message) in [
        (&r.exact, "cli-audit-exact-value"),
        (&r.undecided, "cli-audit-undecided-value"),
    ] {
        for v in list {
            s.push_str(&t!(
                lang,
                message,
                period = v.period.to_string(),
                key = veerkracht_usecases::messages::cell_name(&v.key),
                what = words(v.families)
            ));
            s.push('\n');
        }
    }
    if !r.verdict_only {
        let widths: Vec<String> = r
            .widths()
            .iter()
            .map(|(w, n)| format!("{w}: {n}"))
            .collect();
        s.push_str(&t!(lang, "cli-audit-widths", widths = widths.join(", ")));
        s.push('\n');
    }
    if r.inconsistent {
        s.push_str(&t!(lang, "cli-audit-inconsistent"));
        s.push('\n');
        if r.versions_as_additions {
            s.push_str(&t!(lang, "cli-audit-inconsistent-versions"));
            s.push('\n');
        }
    }
    s.push_str(&match verdict(r) {
        "sound" => t!(
            lang,
            "cli-audit-safe",
            packages = r.packages,
            values = r.values
        ),
        "undecided" => t!(
            lang,
            "cli-audit-undecided",
            packages = r.packages,
            values = r.values,
            undecided = r.undecided.len()
        ),
        _ => t!(
            lang,
            "cli-audit-unsafe",
            packages = r.packages,
            values = r.values,
            families = r.exact_families,
            encounters = r.exact_encounters
        ),
    });
    s.push('\n');
    s
}

/// The one-word verdict: `exact` when some value can be computed, else
/// `undecided` when the solver left some value open (or the packages
/// contradict the rules as modelled), else `sound`.
pub fn verdict(r: &veerkracht_usecases::packages::AuditReport) -> &'static str {
    if r.exact_families + r.exact_encounters > 0 {
        "exact"
    } else if !r.undecided.is_empty() || r.inconsistent {
        "undecided"
    } else {
        "sound"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use veerkracht_core::demo::{generate, DemoSpec};

    fn sample(n: usize) -> Vec<Encounter> {
        generate(
            Codebook::embedded(),
            &DemoSpec {
                families: n / 3 + 1,
                encounters: n,
                seed: 4,
                until: chrono::NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(),
                days: 200,
            },
        )
    }

    /// `list` writes its output a slice at a time: byte for byte what the
    /// whole list at once would be, whatever the slices.
    #[test]
    fn a_list_written_in_slices_is_the_list_written_at_once() {
        let cb = Codebook::embedded();
        for n in [0, 1, 2, 7] {
            let all = sample(n);
            let refs: Vec<&Encounter> = all.iter().collect();
            for slice in [1, 3, 100] {
                let mut json = String::from("[");
                let mut rows = Vec::new();
                let mut written = 0;
                for part in all.chunks(slice) {
                    json.push_str(&encounters_json_elements(part, written));
                    let part_refs: Vec<&Encounter> = part.iter().collect();
                    rows.extend(encounter_rows(&part_refs, cb, Lang::Nl));
                    written += part.len();
                }
                json.push_str(array_end(written));
                assert_eq!(json, encounters_json(&refs), "{n} in slices of {slice}");
                assert_eq!(
                    encounter_table_of(&rows, Lang::Nl),
                    encounter_table(&refs, cb, Lang::Nl),
                    "{n} in slices of {slice}"
                );
            }
        }
    }
}
