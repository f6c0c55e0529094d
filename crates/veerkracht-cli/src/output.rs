//! Human-readable and JSON renderings for the terminal.

use serde_json::{json, Value};
use veerkracht_core::caseload::FamilySummary;
use veerkracht_core::codebook::{Codebook, Kind, Section};
use veerkracht_core::derived::{kansarm_indicator, policy_signal, themes_effective};
use veerkracht_core::{Answer, Encounter, Lang};

fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(width.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let line = |cells: Vec<&str>, out: &mut String| {
        let parts: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c}{}", " ".repeat(widths[i] - c.chars().count())))
            .collect();
        out.push_str(parts.join("  ").trim_end());
        out.push('\n');
    };
    line(headers.to_vec(), &mut out);
    for row in rows {
        line(row.iter().map(String::as_str).collect(), &mut out);
    }
    out
}

fn label(cb: &Codebook, dim: &str, code: Option<&str>, lang: Lang, width: usize) -> String {
    code.map(|c| cut(cb.code_label(dim, c, lang), width))
        .unwrap_or_else(|| "–".into())
}

pub fn encounter_table(rows: &[&Encounter], cb: &Codebook, lang: Lang) -> String {
    let headers = [
        lang.pick("DATUM", "DATE", "DATE"),
        lang.pick("GEZIN", "FAMILLE", "FAMILY"),
        lang.pick("PLAATS", "LIEU", "SETTING"),
        lang.pick("GEMEENTE", "COMMUNE", "MUNICIPALITY"),
        lang.pick("THEMA'S", "THÈMES", "THEMES"),
        lang.pick("RESULTAAT", "RÉSULTAT", "OUTCOME"),
        "ID",
    ];
    let body: Vec<Vec<String>> = rows
        .iter()
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
        .collect();
    let mut out = table(&headers, &body);
    out.push_str(&format!(
        "{} {}\n",
        rows.len(),
        lang.pick("contact(en)", "rencontre(s)", "encounter(s)")
    ));
    out
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
        out.push_str(lang.pick(
            "(demogegevens)\n",
            "(données de démonstration)\n",
            "(demo data)\n",
        ));
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
        out.push_str(&format!("\n{}\n", section.label(lang).to_uppercase()));
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
    out.push_str(&format!(
        "\n{}\n",
        lang.pick("AFGELEID", "DÉRIVÉ", "DERIVED")
    ));
    let themes: Vec<&str> = themes_effective(e, cb)
        .iter()
        .map(|t| cb.code_label("themes", t, lang))
        .collect();
    out.push_str(&format!(
        "  {}: {}\n",
        lang.pick(
            "Thema's (met details)",
            "Thèmes (avec détails)",
            "Themes (with details)"
        ),
        if themes.is_empty() {
            "–".into()
        } else {
            themes.join("; ")
        }
    ));
    let yes_no = |b: bool| {
        if b {
            lang.pick("ja", "oui", "yes")
        } else {
            lang.pick("nee", "non", "no")
        }
    };
    out.push_str(&format!(
        "  {}: {}\n",
        lang.pick("Beleidssignaal", "Signal politique", "Policy signal"),
        yes_no(policy_signal(e))
    ));
    out.push_str(&format!(
        "  {}: {}\n",
        lang.pick(
            "Kansarmoede-indicator",
            "Indicateur de précarité",
            "Kansarmoede indicator"
        ),
        match kansarm_indicator(e, cb) {
            veerkracht_core::derived::Tri::True => yes_no(true),
            veerkracht_core::derived::Tri::False => yes_no(false),
            veerkracht_core::derived::Tri::Unknown => lang.pick("onbekend", "inconnu", "unknown"),
        }
    ));
    if let Some(note) = &e.note {
        out.push_str(&format!(
            "\n{}\n  {note}\n",
            lang.pick("NOTITIE", "NOTE", "NOTE")
        ));
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
        lang.pick("GEZIN", "FAMILLE", "FAMILY"),
        lang.pick("CONTACTEN", "RENCONTRES", "ENCOUNTERS"),
        lang.pick("EERSTE", "PREMIÈRE", "FIRST"),
        lang.pick("LAATSTE", "DERNIÈRE", "LAST"),
        lang.pick("HUISVESTING", "LOGEMENT", "HOUSING"),
        lang.pick(
            "ONBEANTWOORDE NODEN",
            "BESOINS NON RENCONTRÉS",
            "UNMET NEEDS",
        ),
    ];
    let rows: Vec<Vec<String>> = fams
        .iter()
        .map(|f| {
            vec![
                f.family.to_string(),
                f.encounters.to_string(),
                f.first.to_string(),
                f.last.to_string(),
                label(cb, "housing_situation", f.housing.as_deref(), lang, 28),
                cut(
                    &f.unmet_needs
                        .iter()
                        .map(|n| cb.code_label("needs", n, lang))
                        .collect::<Vec<_>>()
                        .join("; "),
                    48,
                ),
            ]
        })
        .collect();
    let mut out = table(&headers, &rows);
    out.push_str(&format!(
        "{} {}\n",
        fams.len(),
        lang.pick("gezin(nen)", "famille(s)", "family(ies)")
    ));
    out
}

pub fn codebook_text(cb: &Codebook, lang: Lang) -> String {
    let mut out = format!(
        "{} {} ({})\n",
        lang.pick("Codeboek", "Livre de codes", "Codebook"),
        cb.version,
        cb.name
    );
    for d in &cb.dimensions {
        let kind = match d.kind {
            Kind::Single => lang.pick("één keuze", "choix unique", "single choice"),
            Kind::Multi => lang.pick("meerkeuze", "choix multiple", "multiple choice"),
            Kind::MultiStatus => lang.pick(
                "meerkeuze met status",
                "choix multiple avec statut",
                "multiple with status",
            ),
            Kind::MultiRole => lang.pick(
                "meerkeuze met rol",
                "choix multiple avec rôle",
                "multiple with role",
            ),
            Kind::DomainScores => {
                lang.pick("score per domein", "score par domaine", "score per domain")
            }
        };
        out.push_str(&format!(
            "\n{} — {} [{}; {}]\n",
            d.id,
            d.label.get(lang),
            kind,
            d.section.label(lang)
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
