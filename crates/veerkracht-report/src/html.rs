//! `report.html`: what a coordinator forwards as it is.

use crate::shown;
use veerkracht_core::{Codebook, Lang};
use veerkracht_i18n::t;
use veerkracht_signals::aggregate::signal_key;
use veerkracht_signals::package::{cross_row_key, labels, CrossLine, Package, SignalLine};
use veerkracht_signals::plan::{CROSSTABS, TOTAL};

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// The dimensions charted, with the qualifier shown (unmet needs).
const CHARTS: [(&str, &str); 10] = [
    ("themes_effective", ""),
    ("needs", "unmet"),
    ("limits", ""),
    ("housing_situation", ""),
    ("residence_status", ""),
    ("urgency", ""),
    ("outcome", ""),
    ("setting", ""),
    ("municipality", ""),
    ("policy_signal", ""),
];

/// A chart shows every code up to this many; beyond, the largest ones and
/// says so.
const MAX_BARS: usize = 20;

const STYLE: &str = "\
body{font-family:system-ui,'Segoe UI',sans-serif;color:#1c2826;background:#fff;max-width:62rem;margin:2rem auto;padding:0 1rem;line-height:1.5}\
h1{color:#0f5e5b;margin-bottom:.2rem}h2{color:#0f5e5b;border-bottom:1px solid #d3d8d6;padding-bottom:.2rem;margin-top:2rem}\
.stats{display:flex;gap:1rem;flex-wrap:wrap}.stat{border:1px solid #d3d8d6;border-radius:.5rem;padding:.6rem 1.1rem}\
.stat b{display:block;font-size:1.7rem;color:#0f5e5b}figure{margin:1.2rem 0;break-inside:avoid}\
figcaption{font-weight:700;margin-bottom:.3rem}figcaption small{font-weight:400;color:#4d5a58}\
.l,.v{font-size:12px;fill:#1c2826}.b{fill:#0f5e5b}.s{fill:#c9cfcd}\
table{border-collapse:collapse;font-size:.8rem;margin:.4rem 0 1.2rem}th,td{border:1px solid #d3d8d6;padding:.2rem .35rem;text-align:right}\
th{background:#f3f5f4;font-weight:600}th[scope=row]{text-align:left}td.sup{color:#6b7674}\
.note{background:#fff4d6;padding:.6rem 1rem;border-radius:.5rem}.rules li{margin:.3rem 0}\
footer{color:#4d5a58;font-size:.8rem;margin-top:2rem;word-break:break-all}\
.xt{overflow-x:auto}\
@page{size:A4;margin:14mm}@page wide{size:A4 landscape;margin:12mm}\
@media print{body{max-width:none;margin:0;font-size:10pt}.xt{overflow:visible;page:wide;break-before:page}\
table{font-size:7pt}th,td{padding:1px 3px}h2{break-after:avoid}.stats{gap:.5rem}}";

fn rows<'a>(p: &'a Package, dim: &str, qual: &str) -> Vec<&'a SignalLine> {
    p.signals
        .iter()
        .filter(|s| s.dimension == dim && s.qualifier == qual)
        .collect()
}

fn bar_chart(p: &Package, cb: &Codebook, dim: &str, qual: &str, lang: Lang) -> String {
    let mut all = rows(p, dim, qual);
    if all.is_empty() {
        return String::new();
    }
    let total = all.len();
    // Largest first; hidden ones after the published, then by codebook order.
    all.sort_by_key(|s| std::cmp::Reverse(s.counts.families.map(|f| f + 1).unwrap_or(0)));
    let shown_rows: Vec<&SignalLine> = all.iter().take(MAX_BARS).copied().collect();
    let title = if dim == "needs" {
        labels::dimension(cb, "needs_unmet", lang)
    } else {
        labels::dimension(cb, dim, lang)
    };
    let scope = if total > MAX_BARS {
        t!(lang, "report-top", shown = shown_rows.len(), total = total)
    } else {
        t!(lang, "report-all-codes", total = total)
    };
    let max = shown_rows
        .iter()
        .filter_map(|s| s.counts.families)
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let (row_h, label_w, bar_w) = (22.0, 330.0, 330.0);
    let h = shown_rows.len() as f64 * row_h + 6.0;
    let caption = t!(lang, "report-chart-caption", dimension = title.clone());
    let mut svg = format!(
        "<figure><figcaption>{} <small>({})</small></figcaption><svg role=\"img\" aria-label=\"{}\" viewBox=\"0 0 {} {h}\" width=\"100%\">",
        esc(&caption),
        esc(&scope),
        esc(&caption),
        label_w + bar_w + 110.0
    );
    for (i, s) in shown_rows.iter().enumerate() {
        let y = i as f64 * row_h;
        let name = labels::code(cb, dim, &s.code, lang);
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"l\">{}</text>",
            label_w - 8.0,
            y + 15.0,
            esc(&name)
        ));
        let key = signal_key(&s.dimension, &s.code, &s.qualifier);
        let value = shown(p, &key, &s.counts, true);
        match s.counts.families {
            Some(f) => {
                let w = (f as f64 / max * bar_w).max(1.0);
                svg.push_str(&format!(
                    "<rect x=\"{label_w}\" y=\"{}\" width=\"{w:.1}\" height=\"{}\" class=\"b\"/><text x=\"{:.1}\" y=\"{}\" class=\"v\">{}</text>",
                    y + 4.0,
                    row_h - 8.0,
                    label_w + w + 6.0,
                    y + 15.0,
                    esc(&value)
                ));
            }
            None => svg.push_str(&format!(
                "<rect x=\"{label_w}\" y=\"{}\" width=\"20\" height=\"{}\" class=\"s\"/><text x=\"{}\" y=\"{}\" class=\"v\">{}</text>",
                y + 4.0,
                row_h - 8.0,
                label_w + 26.0,
                y + 15.0,
                esc(&if value == "·" { t!(lang, "report-suppressed") } else { value })
            )),
        }
    }
    svg.push_str("</svg></figure>");
    svg
}

fn crosstab(p: &Package, cb: &Codebook, rd: &str, cd: &str, lang: Lang) -> String {
    let lines: Vec<&CrossLine> = p
        .crosstabs
        .iter()
        .filter(|x| x.row_dimension == rd && x.col_dimension == cd)
        .collect();
    if lines.is_empty() {
        return String::new();
    }
    let mut cols: Vec<&str> = Vec::new();
    let mut row_codes: Vec<&str> = Vec::new();
    for x in &lines {
        if !cols.contains(&x.col_code.as_str()) {
            cols.push(&x.col_code);
        }
        if !row_codes.contains(&x.row_code.as_str()) {
            row_codes.push(&x.row_code);
        }
    }
    let find = |r: &str, c: &str| lines.iter().find(|x| x.row_code == r && x.col_code == c);
    let caption = t!(
        lang,
        "report-crosstab-caption",
        row = labels::dimension(cb, rd, lang),
        col = labels::dimension(cb, cd, lang)
    );
    let mut h = format!(
        "<div class=\"xt\"><table><caption><strong>{}</strong></caption><thead><tr><th></th>",
        esc(&caption)
    );
    for c in &cols {
        h.push_str(&format!(
            "<th scope=\"col\">{}</th>",
            esc(&labels::code(cb, cd, c, lang))
        ));
    }
    h.push_str("</tr></thead><tbody>");
    for r in &row_codes {
        let head = if *r == TOTAL {
            t!(lang, "report-total")
        } else {
            labels::code(cb, rd, r, lang)
        };
        h.push_str(&format!("<tr><th scope=\"row\">{}</th>", esc(&head)));
        for c in &cols {
            match find(r, c) {
                Some(x) => {
                    let v = shown(p, &cross_row_key(cb, x), &x.counts, true);
                    let class = if x.counts.families.is_none() {
                        " class=\"sup\""
                    } else {
                        ""
                    };
                    h.push_str(&format!("<td{class}>{}</td>", esc(&v)));
                }
                None => h.push_str("<td></td>"),
            }
        }
        h.push_str("</tr>");
    }
    h.push_str("</tbody></table></div>");
    h
}

/// The report, in one language, readable by a policy maker, printable on A4.
pub fn report_html(p: &Package, cb: &Codebook, lang: Lang) -> String {
    let period = p.period.to_string();
    let title = t!(lang, "report-title", period = period.clone());
    let mut h = format!(
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\
         <title>{}</title><style>{STYLE}</style></head><body>",
        lang.code(),
        esc(&title)
    );
    h.push_str(&format!(
        "<h1>{}</h1><p>{}</p>",
        esc(&title),
        esc(&t!(lang, "report-intro"))
    ));
    if p.demo {
        h.push_str(&format!(
            "<p class=\"note\"><strong>{}</strong></p>",
            esc(&t!(lang, "report-demo"))
        ));
    }
    if !p.sources.is_empty() {
        h.push_str(&format!(
            "<p class=\"note\">{}</p>",
            esc(&t!(lang, "report-merged", count = p.sources.len()))
        ));
    }
    let total = p.signals.iter().find(|s| s.dimension == TOTAL);
    let policy = p
        .signals
        .iter()
        .find(|s| s.dimension == "policy_signal" && s.code == "true");
    h.push_str("<div class=\"stats\">");
    if let Some(s) = total {
        let key = signal_key(&s.dimension, &s.code, &s.qualifier);
        for (families, label) in [(true, "report-families"), (false, "report-encounters")] {
            h.push_str(&format!(
                "<div class=\"stat\"><b>{}</b>{}</div>",
                esc(&shown(p, &key, &s.counts, families)),
                esc(&t!(lang, label))
            ));
        }
    }
    if let Some(s) = policy {
        let key = signal_key(&s.dimension, &s.code, &s.qualifier);
        h.push_str(&format!(
            "<div class=\"stat\"><b>{}</b>{}</div>",
            esc(&shown(p, &key, &s.counts, true)),
            esc(&t!(lang, "report-policy"))
        ));
    }
    h.push_str("</div>");
    h.push_str(&format!(
        "<h2>{}</h2><ul class=\"rules\">",
        esc(&t!(lang, "report-how"))
    ));
    for id in [
        "report-rule-encounters",
        "report-rule-latest",
        "report-rule-any",
        "report-rule-crosstabs",
    ] {
        h.push_str(&format!("<li>{}</li>", esc(&t!(lang, id))));
    }
    h.push_str(&format!(
        "<li>{}</li><li>{}{}</li></ul>",
        esc(&t!(
            lang,
            "report-privacy",
            k1 = p.thresholds.k - 1,
            kh1 = p.thresholds.k_high - 1
        )),
        esc(&t!(lang, "report-suppressed-mark")),
        if p.bounds.is_empty() {
            String::new()
        } else {
            format!(" {}", esc(&t!(lang, "report-bounds-note")))
        }
    ));
    h.push_str(&format!(
        "<h2>{}</h2><ul class=\"rules\"><li>{}</li><li>{}</li><li>{}</li></ul>",
        esc(&t!(lang, "report-definitions")),
        esc(&t!(lang, "report-def-policy")),
        esc(&t!(lang, "report-def-kansarm")),
        esc(&t!(lang, "report-def-themes"))
    ));
    h.push_str(&format!("<h2>{}</h2>", esc(&t!(lang, "report-charts"))));
    for (dim, qual) in CHARTS {
        h.push_str(&bar_chart(p, cb, dim, qual, lang));
    }
    h.push_str(&format!("<h2>{}</h2>", esc(&t!(lang, "report-crosstabs"))));
    for (rd, cd) in CROSSTABS {
        h.push_str(&crosstab(p, cb, rd, cd, lang));
    }
    let sources = if p.sources.is_empty() {
        String::new()
    } else {
        format!(
            " · {} {}",
            esc(&t!(lang, "report-sources")),
            p.sources
                .iter()
                .map(|s| s.id.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    h.push_str(&format!(
        "<footer>{} {} · {} k={} / k_high={} · {} {} · {} {} · {} · {} {}{}</footer></body></html>",
        esc(&t!(lang, "report-codebook")),
        esc(&p.codebook),
        esc(&t!(lang, "report-thresholds")),
        p.thresholds.k,
        p.thresholds.k_high,
        esc(&t!(lang, "report-package")),
        p.id,
        esc(&t!(lang, "report-made")),
        esc(&p.generator),
        esc(&p.created),
        esc(&t!(lang, "report-fingerprint")),
        esc(&p.fingerprint),
        sources
    ));
    h
}
