//! The readable side of a package: `report.html` (self-contained, charts as
//! inline SVG, no script, no external resource) and `signals.xlsx`.

use rust_xlsxwriter::{Format, Workbook};
use veerkracht_core::codebook::Codebook;
use veerkracht_core::Lang;
use veerkracht_signals::disclosure::Status;
use veerkracht_signals::package::{Counts, Package};

/// Temporary: the report's words side by side until they move to the
/// message catalogue with the format 2 report.
fn pick<'a>(lang: Lang, nl: &'a str, fr: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Nl => nl,
        Lang::Fr => fr,
        Lang::En => en,
    }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn label(cb: &Codebook, dim: &str, code: &str, lang: Lang) -> String {
    match (dim, code) {
        (_, "total") => pick(lang, "totaal", "total", "total").into(),
        ("policy_signal" | "kansarm_indicator", "true") => pick(lang, "ja", "oui", "yes").into(),
        ("policy_signal" | "kansarm_indicator", "false") => pick(lang, "nee", "non", "no").into(),
        ("kansarm_indicator", "unknown") => pick(lang, "onbekend", "inconnu", "unknown").into(),
        ("themes_effective", c) => cb.code_label("themes", c, lang).into(),
        ("needs_unmet", c) => cb.code_label("needs", c, lang).into(),
        ("residence_group", c) => match c {
            "secure" => pick(lang, "Zeker verblijf", "Séjour assuré", "Secure residence"),
            "in_procedure" => pick(lang, "In procedure", "En procédure", "In procedure"),
            "undocumented" => pick(
                lang,
                "Zonder wettig verblijf",
                "Sans séjour légal",
                "Undocumented",
            ),
            "mixed" => pick(lang, "Gemengd", "Mixte", "Mixed"),
            _ => pick(
                lang,
                "Onbekend of niet gevraagd",
                "Inconnu ou non demandé",
                "Unknown or not asked",
            ),
        }
        .into(),
        (d, c) => cb.code_label(d, c, lang).into(),
    }
}

fn dim_label(cb: &Codebook, dim: &str, lang: Lang) -> String {
    match dim {
        "themes_effective" => pick(
            lang,
            "Veerkrachtthema's (ook via details)",
            "Thèmes de résilience (y compris via détails)",
            "Resilience themes (incl. via details)",
        )
        .into(),
        "policy_signal" => pick(lang, "Beleidssignaal", "Signal politique", "Policy signal").into(),
        "kansarm_indicator" => pick(
            lang,
            "Kansarmoede-indicator",
            "Indicateur de précarité",
            "Deprivation indicator",
        )
        .into(),
        "needs_unmet" => pick(
            lang,
            "Onbeantwoorde noden",
            "Besoins non rencontrés",
            "Unmet needs",
        )
        .into(),
        "residence_group" => pick(
            lang,
            "Verblijfsstatuut (groep)",
            "Statut de séjour (groupe)",
            "Residence status (group)",
        )
        .into(),
        d => cb
            .dimension(d)
            .map(|x| x.label.get(lang).to_string())
            .unwrap_or_else(|| d.into()),
    }
}

fn suppressed_word(lang: Lang) -> &'static str {
    pick(lang, "onderdrukt", "masqué", "suppressed")
}

fn bar_chart(title: &str, rows: &[(String, Counts)], lang: Lang) -> String {
    let max = rows
        .iter()
        .filter_map(|(_, c)| c.families)
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let (row_h, label_w, bar_w) = (24.0, 300.0, 360.0);
    let h = rows.len() as f64 * row_h + 8.0;
    let mut svg = format!(
        "<figure><figcaption>{}</figcaption><svg role=\"img\" aria-label=\"{}\" viewBox=\"0 0 {} {h}\" width=\"100%\">",
        esc(title),
        esc(title),
        label_w + bar_w + 90.0
    );
    for (i, (name, c)) in rows.iter().enumerate() {
        let y = i as f64 * row_h;
        let short: String = if name.chars().count() > 44 {
            name.chars().take(43).chain(['…']).collect()
        } else {
            name.clone()
        };
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"l\">{}</text>",
            label_w - 8.0,
            y + 16.0,
            esc(&short)
        ));
        match c.families {
            Some(f) => {
                let w = (f as f64 / max * bar_w).max(1.0);
                svg.push_str(&format!(
                    "<rect x=\"{label_w}\" y=\"{}\" width=\"{w:.1}\" height=\"{}\" class=\"b\"/><text x=\"{:.1}\" y=\"{}\" class=\"v\">{f}</text>",
                    y + 4.0,
                    row_h - 8.0,
                    label_w + w + 6.0,
                    y + 16.0
                ));
            }
            None => svg.push_str(&format!(
                "<rect x=\"{label_w}\" y=\"{}\" width=\"24\" height=\"{}\" class=\"s\"/><text x=\"{}\" y=\"{}\" class=\"v\">{}</text>",
                y + 4.0,
                row_h - 8.0,
                label_w + 30.0,
                y + 16.0,
                suppressed_word(lang)
            )),
        }
    }
    svg.push_str("</svg></figure>");
    svg
}

fn signal_rows(
    p: &Package,
    cb: &Codebook,
    dim: &str,
    qualifier: &str,
    lang: Lang,
) -> Vec<(String, Counts)> {
    p.signals
        .iter()
        .filter(|s| s.dimension == dim && s.qualifier == qualifier)
        .map(|s| (label(cb, dim, &s.code, lang), s.counts))
        .collect()
}

fn top(mut rows: Vec<(String, Counts)>, n: usize) -> Vec<(String, Counts)> {
    rows.retain(|(_, c)| c.families != Some(0));
    rows.sort_by_key(|(_, c)| std::cmp::Reverse(c.families.unwrap_or(0)));
    rows.truncate(n);
    rows
}

fn number(c: &Counts, lang: Lang) -> String {
    c.families
        .map(|f| f.to_string())
        .unwrap_or_else(|| suppressed_word(lang).into())
}

/// The report, in one language, readable by a policy maker.
pub fn report_html(p: &Package, cb: &Codebook, lang: Lang) -> String {
    let total = p
        .signals
        .iter()
        .find(|s| s.dimension == "total")
        .map(|s| s.counts);
    let policy = p
        .signals
        .iter()
        .find(|s| s.dimension == "policy_signal" && s.code == "true")
        .map(|s| s.counts);
    let mut h = String::new();
    h.push_str(&format!(
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Veerkracht — {}</title><style>\
         body{{font-family:system-ui,sans-serif;color:#1c2826;background:#fff;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}}\
         h1{{color:#0f5e5b}} .stats{{display:flex;gap:1rem;flex-wrap:wrap}} .stat{{border:1px solid #d3d8d6;border-radius:.5rem;padding:.75rem 1.25rem}}\
         .stat b{{display:block;font-size:1.8rem;color:#0f5e5b}} figure{{margin:1.5rem 0}} figcaption{{font-weight:700;margin-bottom:.4rem}}\
         .l,.v{{font-size:12px;fill:#1c2826}} .b{{fill:#0f5e5b}} .s{{fill:#c9cfcd}} table{{border-collapse:collapse;font-size:.85rem}}\
         th,td{{border:1px solid #d3d8d6;padding:.25rem .4rem;text-align:right}} th{{background:#f3f5f4}} td.sup{{color:#6b7674;font-style:italic}}\
         .note{{background:#fff4d6;padding:.75rem 1rem;border-radius:.5rem}} footer{{color:#4d5a58;font-size:.85rem;margin-top:2rem}}\
         </style></head><body>",
        lang.code(),
        esc(&p.period.to_string())
    ));
    h.push_str(&format!(
        "<h1>{} {}</h1><p>{}</p>",
        pick(lang, "Veerkracht — signalen", "Veerkracht — signaux", "Veerkracht — signals"),
        esc(&p.period.to_string()),
        esc(pick(lang,
            "Geaggregeerde signalen uit contacten van eerstelijnswerkers met Brusselse gezinnen in precaire omstandigheden, gecodeerd volgens de vier veerkrachtthema's van het rapport ‘Kwetsbaarheid en veerkracht in Brussel’.",
            "Signaux agrégés issus des rencontres de travailleurs de première ligne avec des familles bruxelloises en situation précaire, codés selon les quatre thèmes de résilience du rapport « Kwetsbaarheid en veerkracht in Brussel ».",
            "Aggregated signals from frontline workers' encounters with Brussels families in precarious conditions, coded along the four resilience themes of the report ‘Kwetsbaarheid en veerkracht in Brussel’."
        ))
    ));
    if p.demo_encounters > 0 {
        h.push_str(&format!(
            "<p class=\"note\"><strong>{}</strong></p>",
            esc(pick(lang,
                "Let op: dit pakket bevat demogegevens (synthetisch, geen echte gezinnen). Gebruik het niet als onderzoeksmateriaal.",
                "Attention : ce paquet contient des données de démonstration (synthétiques, aucune vraie famille). Ne l'utilisez pas comme matériau de recherche.",
                "Note: this package holds demo data (synthetic, no real families). Do not use it as research material."
            ))
        ));
    }
    h.push_str("<div class=\"stats\">");
    if let Some(t) = total {
        h.push_str(&format!(
            "<div class=\"stat\"><b>{}</b>{}</div>",
            number(&t, lang),
            pick(lang, "gezinnen", "familles", "families")
        ));
        h.push_str(&format!(
            "<div class=\"stat\"><b>{}</b>{}</div>",
            t.encounters
                .map(|e| e.to_string())
                .unwrap_or_else(|| suppressed_word(lang).into()),
            pick(lang, "contacten", "rencontres", "encounters")
        ));
    }
    if let Some(s) = policy {
        h.push_str(&format!(
            "<div class=\"stat\"><b>{}</b>{}</div>",
            number(&s, lang),
            pick(
                lang,
                "gezinnen met een beleidssignaal",
                "familles avec un signal politique",
                "families with a policy signal"
            )
        ));
    }
    h.push_str("</div>");
    h.push_str(&format!(
        "<p class=\"note\">{}</p>",
        esc(&match lang {
            Lang::Nl => format!("Privacy: een cel met 1 tot {} gezinnen wordt niet getoond (‘onderdrukt’); voor gevoelige gegevens zoals het verblijfsstatuut is dat 1 tot {}. Ook cellen waarmee een onderdrukte cel terug te rekenen is, zijn onderdrukt. Nul wordt wel getoond. Geen enkel gezin, pseudoniem, datum of notitie staat in dit pakket.", p.thresholds.k - 1, p.thresholds.k_high - 1),
            Lang::Fr => format!("Confidentialité : une cellule de 1 à {} familles n'est pas affichée (« masquée ») ; pour les données sensibles comme le statut de séjour, de 1 à {}. Les cellules qui permettraient de recalculer une cellule masquée sont masquées aussi. Zéro est affiché. Aucune famille, pseudonyme, date ni note ne figure dans ce paquet.", p.thresholds.k - 1, p.thresholds.k_high - 1),
            Lang::En => format!("Privacy: a cell with 1 to {} families is not shown (‘suppressed’); for sensitive data such as residence status, 1 to {}. Cells that would let a suppressed one be recomputed are suppressed too. Zero is shown. No family, pseudonym, date or note is in this package.", p.thresholds.k - 1, p.thresholds.k_high - 1),
        })
    ));
    let families_word = pick(lang, "gezinnen", "familles", "families");
    for (dim, qual, limit) in [
        ("themes_effective", "", 10),
        ("needs", "unmet", 10),
        ("limits", "", 10),
        ("housing_situation", "", 13),
        ("urgency", "", 5),
        ("residence_status", "", 10),
    ] {
        let rows = top(signal_rows(p, cb, dim, qual, lang), limit);
        if rows.is_empty() {
            continue;
        }
        let title = if dim == "needs" {
            dim_label(cb, "needs_unmet", lang)
        } else {
            dim_label(cb, dim, lang)
        };
        h.push_str(&bar_chart(
            &format!("{title} ({families_word})"),
            &rows,
            lang,
        ));
    }
    // The report's central crosstab: themes by housing situation.
    let rows: Vec<&veerkracht_signals::package::CrossLine> = p
        .crosstabs
        .iter()
        .filter(|r| r.row_dimension == "themes_effective" && r.col_dimension == "housing_situation")
        .collect();
    if !rows.is_empty() {
        let cols: Vec<&str> =
            rows.iter()
                .map(|r| r.col_code.as_str())
                .fold(Vec::new(), |mut v, c| {
                    if !v.contains(&c) {
                        v.push(c);
                    }
                    v
                });
        h.push_str(&format!(
            "<h2>{} × {} ({families_word})</h2><div style=\"overflow-x:auto\"><table><tr><th></th>",
            esc(&dim_label(cb, "themes_effective", lang)),
            esc(&dim_label(cb, "housing_situation", lang))
        ));
        for c in &cols {
            h.push_str(&format!(
                "<th scope=\"col\">{}</th>",
                esc(&label(cb, "housing_situation", c, lang))
            ));
        }
        h.push_str("</tr>");
        let mut current = "";
        for r in &rows {
            if r.row_code != current {
                if !current.is_empty() {
                    h.push_str("</tr>");
                }
                current = &r.row_code;
                h.push_str(&format!(
                    "<tr><th scope=\"row\">{}</th>",
                    esc(&label(cb, "themes_effective", &r.row_code, lang))
                ));
            }
            match r.counts.families {
                Some(f) => h.push_str(&format!("<td>{f}</td>")),
                None => h.push_str("<td class=\"sup\">·</td>"),
            }
        }
        h.push_str(&format!(
            "</tr></table></div><p>· = {}</p>",
            suppressed_word(lang)
        ));
    }
    h.push_str(&format!(
        "<footer>{} {} · {} {} · {} k={} / k_high={} · {} {}{}</footer></body></html>",
        pick(lang, "Codeboek", "Livre de codes", "Codebook"),
        esc(&p.codebook),
        pick(lang, "gemaakt met", "généré par", "made with"),
        esc(&p.generator),
        pick(lang, "drempels", "seuils", "thresholds"),
        p.thresholds.k,
        p.thresholds.k_high,
        pick(lang, "pakket", "paquet", "package"),
        p.id,
        if p.sources.is_empty() {
            String::new()
        } else {
            format!(
                " · {} {}",
                pick(lang, "samengevoegd uit", "fusion de", "merged from"),
                p.sources.len()
            )
        }
    ));
    h
}

/// The same tables as the CSV files, in a workbook, plus an explanation sheet.
pub fn xlsx(p: &Package, cb: &Codebook, lang: Lang) -> Result<Vec<u8>, String> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let period = p.period.to_string();
    let status_text = |s: Status| s.id();
    {
        let ws = wb
            .add_worksheet()
            .set_name("signals")
            .map_err(|e| e.to_string())?;
        let head = [
            "period",
            "dimension",
            "code",
            "qualifier",
            "families",
            "encounters",
            "status",
            "label",
        ];
        for (c, name) in head.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *name, &bold)
                .map_err(|e| e.to_string())?;
        }
        for (i, s) in p.signals.iter().enumerate() {
            let r = i as u32 + 1;
            ws.write_string(r, 0, &period).map_err(|e| e.to_string())?;
            ws.write_string(r, 1, &s.dimension)
                .map_err(|e| e.to_string())?;
            ws.write_string(r, 2, &s.code).map_err(|e| e.to_string())?;
            ws.write_string(r, 3, &s.qualifier)
                .map_err(|e| e.to_string())?;
            if let Some(f) = s.counts.families {
                ws.write_number(r, 4, f as f64).map_err(|e| e.to_string())?;
            }
            if let Some(e) = s.counts.encounters {
                ws.write_number(r, 5, e as f64).map_err(|e| e.to_string())?;
            }
            ws.write_string(r, 6, status_text(s.counts.status))
                .map_err(|e| e.to_string())?;
            ws.write_string(r, 7, label(cb, &s.dimension, &s.code, lang))
                .map_err(|e| e.to_string())?;
        }
        ws.autofilter(0, 0, p.signals.len() as u32, 7)
            .map_err(|e| e.to_string())?;
        ws.set_freeze_panes(1, 0).map_err(|e| e.to_string())?;
    }
    {
        let ws = wb
            .add_worksheet()
            .set_name("crosstabs")
            .map_err(|e| e.to_string())?;
        let head = [
            "period",
            "row_dimension",
            "row_code",
            "col_dimension",
            "col_code",
            "families",
            "encounters",
            "status",
        ];
        for (c, name) in head.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *name, &bold)
                .map_err(|e| e.to_string())?;
        }
        for (i, s) in p.crosstabs.iter().enumerate() {
            let r = i as u32 + 1;
            ws.write_string(r, 0, &period).map_err(|e| e.to_string())?;
            ws.write_string(r, 1, &s.row_dimension)
                .map_err(|e| e.to_string())?;
            ws.write_string(r, 2, &s.row_code)
                .map_err(|e| e.to_string())?;
            ws.write_string(r, 3, &s.col_dimension)
                .map_err(|e| e.to_string())?;
            ws.write_string(r, 4, &s.col_code)
                .map_err(|e| e.to_string())?;
            if let Some(f) = s.counts.families {
                ws.write_number(r, 5, f as f64).map_err(|e| e.to_string())?;
            }
            if let Some(e) = s.counts.encounters {
                ws.write_number(r, 6, e as f64).map_err(|e| e.to_string())?;
            }
            ws.write_string(r, 7, status_text(s.counts.status))
                .map_err(|e| e.to_string())?;
        }
        ws.autofilter(0, 0, p.crosstabs.len() as u32, 7)
            .map_err(|e| e.to_string())?;
        ws.set_freeze_panes(1, 0).map_err(|e| e.to_string())?;
    }
    {
        let ws = wb
            .add_worksheet()
            .set_name("about")
            .map_err(|e| e.to_string())?;
        let lines = [
            ("period", period.clone()),
            ("codebook", p.codebook.clone()),
            ("package_id", p.id.to_string()),
            ("k", p.thresholds.k.to_string()),
            ("k_high", p.thresholds.k_high.to_string()),
            ("generator", p.generator.clone()),
            ("created", p.created.clone()),
            (
                "suppression",
                pick(lang,
                    "Cellen met 1..k−1 gezinnen en cellen waarmee die terug te rekenen zijn, zijn leeg (status suppressed_*).",
                    "Les cellules de 1..k−1 familles et celles qui permettraient de les recalculer sont vides (statut suppressed_*).",
                    "Cells with 1..k−1 families, and cells that would let them be recomputed, are empty (status suppressed_*).",
                )
                .to_string(),
            ),
        ];
        for (i, (k, v)) in lines.iter().enumerate() {
            ws.write_string_with_format(i as u32, 0, *k, &bold)
                .map_err(|e| e.to_string())?;
            ws.write_string(i as u32, 1, v).map_err(|e| e.to_string())?;
        }
    }
    wb.save_to_buffer().map_err(|e| e.to_string())
}

/// Every file of the package, `datapackage.json` last (it holds the others'
/// hashes): signals.csv, crosstabs.csv, bounds.csv (merged packages only),
/// signals.xlsx and report.html in `lang`.
pub fn files(
    p: &Package,
    cb: &Codebook,
    lang: Lang,
) -> Result<Vec<(&'static str, Vec<u8>)>, veerkracht_signals::Error> {
    use veerkracht_signals::package::*;
    let mut out: Vec<(&'static str, Vec<u8>)> = vec![
        (SIGNALS_CSV, signals_csv(p).into_bytes()),
        (CROSSTABS_CSV, crosstabs_csv(p).into_bytes()),
    ];
    if !p.bounds.is_empty() {
        out.push((BOUNDS_CSV, bounds_csv(p).into_bytes()));
    }
    out.push((
        XLSX,
        xlsx(p, cb, lang).map_err(|detail| veerkracht_signals::Error::Render { detail })?,
    ));
    out.push((REPORT, report_html(p, cb, lang).into_bytes()));
    let refs: Vec<(&str, &[u8])> = out.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    let descriptor = datapackage_json(p, &refs);
    out.push((DATAPACKAGE, descriptor.into_bytes()));
    Ok(out)
}
