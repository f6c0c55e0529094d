//! `signals.xlsx`: the package's tables as a workbook a coordinator opens
//! as it is — a notes sheet, the signals, one sheet per crosstab, the
//! codebook and (for merges) the bounds; labelled columns, readable widths,
//! numbers as numbers, every text cell written as text (never a formula).

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet};
use veerkracht_core::{Codebook, Lang};
use veerkracht_i18n::t;
use veerkracht_signals::aggregate::signal_key;
use veerkracht_signals::package::{self, cross_row_key, labels, Bounds, Package};
use veerkracht_signals::plan::CROSSTABS;

type Res<T> = Result<T, String>;

fn e(x: rust_xlsxwriter::XlsxError) -> String {
    x.to_string()
}

/// A header row in bold, with column widths (in characters).
fn header(ws: &mut Worksheet, row: u32, cols: &[(String, f64)], bold: &Format) -> Res<()> {
    for (c, (name, width)) in cols.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, name, bold)
            .map_err(e)?;
        ws.set_column_width(c as u16, *width).map_err(e)?;
    }
    ws.set_freeze_panes(row + 1, 0).map_err(e)?;
    Ok(())
}

fn number(ws: &mut Worksheet, row: u32, col: u16, v: Option<u64>) -> Res<()> {
    if let Some(v) = v {
        ws.write_number(row, col, v as f64).map_err(e)?;
    }
    Ok(())
}

fn bounds_cells(ws: &mut Worksheet, row: u32, col: u16, b: Option<&Bounds>) -> Res<()> {
    if let Some(b) = b {
        for (i, v) in [b.families.0, b.families.1, b.encounters.0, b.encounters.1]
            .into_iter()
            .enumerate()
        {
            ws.write_number(row, col + i as u16, v as f64).map_err(e)?;
        }
    }
    Ok(())
}

fn bound_headers(lang: Lang) -> Vec<(String, f64)> {
    [
        "xlsx-families-min",
        "xlsx-families-max",
        "xlsx-encounters-min",
        "xlsx-encounters-max",
    ]
    .iter()
    .map(|id| (t!(lang, id), 16.0))
    .collect()
}

fn notes(wb: &mut Workbook, p: &Package, lang: Lang, bold: &Format) -> Res<()> {
    let ws = wb.add_worksheet().set_name("notes").map_err(e)?;
    ws.set_column_width(0, 26.0).map_err(e)?;
    ws.set_column_width(1, 110.0).map_err(e)?;
    ws.write_string_with_format(
        0,
        0,
        t!(lang, "report-title", period = p.period.to_string()),
        bold,
    )
    .map_err(e)?;
    let yes_no = |b: bool| t!(lang, if b { "yes" } else { "no" });
    let mut lines: Vec<(String, String)> = vec![
        (t!(lang, "xlsx-period"), p.period.code()),
        (t!(lang, "xlsx-period-start"), p.period.start().to_string()),
        (t!(lang, "xlsx-period-end"), p.period.end().to_string()),
        (t!(lang, "xlsx-package"), p.id.to_string()),
        (t!(lang, "xlsx-format"), p.format.to_string()),
        (t!(lang, "xlsx-created"), p.created.clone()),
        (t!(lang, "xlsx-generator"), p.generator.clone()),
        (t!(lang, "report-codebook"), p.codebook.clone()),
        ("k".into(), p.thresholds.k.to_string()),
        ("k_high".into(), p.thresholds.k_high.to_string()),
        (t!(lang, "xlsx-demo"), yes_no(p.demo)),
        (
            t!(lang, "xlsx-demo-encounters"),
            p.demo_encounters.to_string(),
        ),
        (t!(lang, "report-fingerprint"), p.fingerprint.clone()),
    ];
    if !p.sources.is_empty() {
        lines.push((
            t!(lang, "xlsx-sources"),
            p.sources
                .iter()
                .map(|s| s.id.to_string())
                .collect::<Vec<_>>()
                .join(", "),
        ));
    }
    for id in [
        "report-rule-encounters",
        "report-rule-latest",
        "report-rule-any",
        "report-rule-crosstabs",
    ] {
        lines.push((t!(lang, "xlsx-counting"), t!(lang, id)));
    }
    lines.push((
        t!(lang, "report-how"),
        t!(
            lang,
            "report-privacy",
            k1 = p.thresholds.k - 1,
            kh1 = p.thresholds.k_high - 1
        ),
    ));
    for id in [
        "report-def-policy",
        "report-def-kansarm",
        "report-def-themes",
    ] {
        lines.push((t!(lang, "report-definitions"), t!(lang, id)));
    }
    let wrap = Format::new().set_text_wrap();
    for (i, (k, v)) in lines.iter().enumerate() {
        let r = i as u32 + 2;
        ws.write_string_with_format(r, 0, k, bold).map_err(e)?;
        // Numbers stay numbers, even here.
        match v.parse::<u64>() {
            Ok(n) if !v.starts_with('0') || v == "0" => {
                ws.write_number(r, 1, n as f64).map_err(e)?;
            }
            _ => {
                ws.write_string_with_format(r, 1, v, &wrap).map_err(e)?;
            }
        }
    }
    Ok(())
}

fn signals(wb: &mut Workbook, p: &Package, cb: &Codebook, lang: Lang, bold: &Format) -> Res<()> {
    let ws = wb.add_worksheet().set_name("signals").map_err(e)?;
    let merged = !p.bounds.is_empty();
    let mut cols: Vec<(String, f64)> = vec![
        (t!(lang, "xlsx-period"), 10.0),
        (t!(lang, "xlsx-dimension"), 20.0),
        (t!(lang, "xlsx-code"), 30.0),
        (t!(lang, "xlsx-qualifier"), 16.0),
        (
            format!(
                "{} ({})",
                t!(lang, "xlsx-label"),
                t!(lang, "xlsx-dimension")
            ),
            34.0,
        ),
        (
            format!("{} ({})", t!(lang, "xlsx-label"), t!(lang, "xlsx-code")),
            44.0,
        ),
        (
            format!(
                "{} ({})",
                t!(lang, "xlsx-label"),
                t!(lang, "xlsx-qualifier")
            ),
            18.0,
        ),
        (t!(lang, "xlsx-families"), 12.0),
        (t!(lang, "xlsx-encounters"), 12.0),
        (t!(lang, "xlsx-status"), 12.0),
    ];
    if merged {
        cols.extend(bound_headers(lang));
    }
    header(ws, 0, &cols, bold)?;
    let period = p.period.code();
    for (i, s) in p.signals.iter().enumerate() {
        let r = i as u32 + 1;
        for (c, text) in [
            period.clone(),
            s.dimension.clone(),
            s.code.clone(),
            s.qualifier.clone(),
            labels::dimension(cb, &s.dimension, lang),
            labels::code(cb, &s.dimension, &s.code, lang),
            labels::qualifier(cb, &s.dimension, &s.qualifier, lang),
        ]
        .iter()
        .enumerate()
        {
            ws.write_string(r, c as u16, text).map_err(e)?;
        }
        number(ws, r, 7, s.counts.families)?;
        number(ws, r, 8, s.counts.encounters)?;
        ws.write_string(r, 9, s.counts.status.id()).map_err(e)?;
        if merged && s.counts.status.is_suppressed() {
            bounds_cells(
                ws,
                r,
                10,
                p.bounds
                    .get(&signal_key(&s.dimension, &s.code, &s.qualifier)),
            )?;
        }
    }
    ws.autofilter(0, 0, p.signals.len() as u32, cols.len() as u16 - 1)
        .map_err(e)?;
    Ok(())
}

fn crosstabs(wb: &mut Workbook, p: &Package, cb: &Codebook, lang: Lang, bold: &Format) -> Res<()> {
    let merged = !p.bounds.is_empty();
    for (n, (rd, cd)) in CROSSTABS.iter().enumerate() {
        let ws = wb
            .add_worksheet()
            .set_name(format!("crosstab {}", n + 1))
            .map_err(e)?;
        let caption = t!(
            lang,
            "report-crosstab-caption",
            row = labels::dimension(cb, rd, lang),
            col = labels::dimension(cb, cd, lang)
        );
        ws.write_string_with_format(0, 0, &caption, bold)
            .map_err(e)?;
        let mut cols: Vec<(String, f64)> = vec![
            (t!(lang, "xlsx-period"), 10.0),
            (
                format!("{} ({})", t!(lang, "xlsx-row"), t!(lang, "xlsx-code")),
                30.0,
            ),
            (
                format!("{} ({})", t!(lang, "xlsx-row"), t!(lang, "xlsx-label")),
                40.0,
            ),
            (
                format!("{} ({})", t!(lang, "xlsx-column"), t!(lang, "xlsx-code")),
                30.0,
            ),
            (
                format!("{} ({})", t!(lang, "xlsx-column"), t!(lang, "xlsx-label")),
                40.0,
            ),
            (t!(lang, "xlsx-families"), 12.0),
            (t!(lang, "xlsx-encounters"), 12.0),
            (t!(lang, "xlsx-status"), 12.0),
        ];
        if merged {
            cols.extend(bound_headers(lang));
        }
        header(ws, 1, &cols, bold)?;
        let period = p.period.code();
        let mut r = 2;
        for x in p
            .crosstabs
            .iter()
            .filter(|x| x.row_dimension == *rd && x.col_dimension == *cd)
        {
            for (c, text) in [
                period.clone(),
                x.row_code.clone(),
                labels::code(cb, rd, &x.row_code, lang),
                x.col_code.clone(),
                labels::code(cb, cd, &x.col_code, lang),
            ]
            .iter()
            .enumerate()
            {
                ws.write_string(r, c as u16, text).map_err(e)?;
            }
            number(ws, r, 5, x.counts.families)?;
            number(ws, r, 6, x.counts.encounters)?;
            ws.write_string(r, 7, x.counts.status.id()).map_err(e)?;
            if merged && x.counts.status.is_suppressed() {
                bounds_cells(ws, r, 8, p.bounds.get(&cross_row_key(cb, x)))?;
            }
            r += 1;
        }
        ws.autofilter(1, 0, r - 1, cols.len() as u16 - 1)
            .map_err(e)?;
    }
    Ok(())
}

fn codebook(wb: &mut Workbook, cb: &Codebook, lang: Lang, bold: &Format) -> Res<()> {
    let ws = wb.add_worksheet().set_name("codebook").map_err(e)?;
    let text = package::codebook_csv(cb);
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let cols: Vec<(String, f64)> = vec![
        (t!(lang, "xlsx-dimension"), 20.0),
        (t!(lang, "xlsx-code"), 30.0),
        (t!(lang, "xlsx-qualifier"), 14.0),
        (t!(lang, "xlsx-kind"), 14.0),
        (t!(lang, "xlsx-section"), 12.0),
        (t!(lang, "xlsx-sensitivity"), 12.0),
        (t!(lang, "xlsx-counting"), 10.0),
        ("nl".into(), 44.0),
        ("fr".into(), 44.0),
        ("en".into(), 44.0),
        (t!(lang, "xlsx-members"), 30.0),
    ];
    header(ws, 0, &cols, bold)?;
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|x| x.to_string())?;
        for (c, v) in rec.iter().enumerate() {
            ws.write_string(i as u32 + 1, c as u16, v).map_err(e)?;
        }
    }
    Ok(())
}

fn bounds(wb: &mut Workbook, p: &Package, cb: &Codebook, lang: Lang, bold: &Format) -> Res<()> {
    if p.bounds.is_empty() {
        return Ok(());
    }
    let ws = wb.add_worksheet().set_name("bounds").map_err(e)?;
    let text = package::bounds_csv(p, cb);
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let mut cols: Vec<(String, f64)> = package::BOUNDS_HEADER[..9]
        .iter()
        .map(|h| (h.to_string(), 18.0))
        .collect();
    cols.extend(bound_headers(lang));
    header(ws, 0, &cols, bold)?;
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|x| x.to_string())?;
        for (c, v) in rec.iter().enumerate() {
            let (r, c) = (i as u32 + 1, c as u16);
            if c >= 9 {
                ws.write_number(r, c, v.parse::<f64>().unwrap_or(0.0))
                    .map_err(e)?;
            } else {
                ws.write_string(r, c, v).map_err(e)?;
            }
        }
    }
    Ok(())
}

/// The workbook, in one language. Its document date is the package's, so
/// the same package always gives the same bytes.
pub fn workbook(p: &Package, cb: &Codebook, lang: Lang) -> Result<Vec<u8>, String> {
    let mut wb = Workbook::new();
    let stamp = p
        .created
        .replace('T', " ")
        .trim_end_matches('Z')
        .to_string();
    let when = ExcelDateTime::parse_from_str(&stamp)
        .or_else(|_| ExcelDateTime::parse_from_str("2000-01-01 00:00:00"))
        .map_err(e)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(t!(lang, "report-title", period = p.period.to_string()))
            .set_creation_datetime(&when),
    );
    let bold = Format::new().set_bold();
    notes(&mut wb, p, lang, &bold)?;
    signals(&mut wb, p, cb, lang, &bold)?;
    crosstabs(&mut wb, p, cb, lang, &bold)?;
    codebook(&mut wb, cb, lang, &bold)?;
    bounds(&mut wb, p, cb, lang, &bold)?;
    wb.save_to_buffer().map_err(e)
}
