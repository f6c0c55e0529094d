//! Labels of what the package shows that the codebook does not define:
//! derived and crosstab-only dimensions, their codes, the total. Data, in
//! the three languages, like the codebook's own labels.

use veerkracht_core::Lang;

/// (id, nl, fr, en).
type Label = (&'static str, &'static str, &'static str, &'static str);

const DIMENSIONS: [Label; 6] = [
    (
        "themes_effective",
        "Veerkrachtthema's (ook via details)",
        "Thèmes de résilience (y compris via les détails)",
        "Resilience themes (including via details)",
    ),
    (
        "policy_signal",
        "Beleidssignaal",
        "Signal politique",
        "Policy signal",
    ),
    (
        "kansarm_indicator",
        "Kansarmoede-indicator",
        "Indicateur de précarité (Kansarmoede)",
        "Deprivation indicator (Kansarmoede)",
    ),
    (
        "needs_unmet",
        "Onbeantwoorde noden",
        "Besoins non rencontrés",
        "Unmet needs",
    ),
    (
        "residence_group",
        "Verblijfsstatuut (groep)",
        "Statut de séjour (groupe)",
        "Residence status (group)",
    ),
    ("total", "Totaal", "Total", "Total"),
];

const CODES: [(&str, Label); 10] = [
    ("policy_signal", ("true", "ja", "oui", "yes")),
    ("policy_signal", ("false", "nee", "non", "no")),
    (
        "kansarm_indicator",
        ("true", "kansarm", "précaire", "deprived"),
    ),
    (
        "kansarm_indicator",
        ("false", "niet kansarm", "pas précaire", "not deprived"),
    ),
    (
        "kansarm_indicator",
        ("unknown", "onbekend", "inconnu", "unknown"),
    ),
    (
        "residence_group",
        (
            "secure",
            "Zeker verblijf",
            "Séjour assuré",
            "Secure residence",
        ),
    ),
    (
        "residence_group",
        (
            "in_procedure",
            "In procedure",
            "En procédure",
            "In procedure",
        ),
    ),
    (
        "residence_group",
        (
            "undocumented",
            "Zonder wettig verblijf",
            "Sans séjour légal",
            "Undocumented",
        ),
    ),
    ("residence_group", ("mixed", "Gemengd", "Mixte", "Mixed")),
    (
        "residence_group",
        (
            "unknown",
            "Onbekend of niet gevraagd",
            "Inconnu ou non demandé",
            "Unknown or not asked",
        ),
    ),
];

fn pick(l: &Label, lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => l.1,
        Lang::Fr => l.2,
        Lang::En => l.3,
    }
}

/// A dimension's label: the codebook's, or the package's own.
pub fn dimension(cb: &veerkracht_core::Codebook, dim: &str, lang: Lang) -> String {
    if let Some(d) = cb.dimension(dim) {
        return d.label.get(lang).to_string();
    }
    DIMENSIONS
        .iter()
        .find(|l| l.0 == dim)
        .map(|l| pick(l, lang).to_string())
        .unwrap_or_else(|| dim.to_string())
}

/// A code's label: for derived and crosstab dimensions the package's own,
/// for themes and needs seen through them the codebook's, `total` and
/// `all` as words.
pub fn code(cb: &veerkracht_core::Codebook, dim: &str, code: &str, lang: Lang) -> String {
    if code == crate::plan::TOTAL || code == crate::plan::TOTAL_CODE {
        return pick(&DIMENSIONS[5], lang).to_string();
    }
    let through = match dim {
        "themes_effective" => Some(veerkracht_core::codebook::THEMES),
        "needs_unmet" => Some(veerkracht_core::codebook::NEEDS),
        _ if cb.dimension(dim).is_some() => Some(dim),
        _ => None,
    };
    if let Some(d) = through {
        return cb.code_label(d, code, lang).to_string();
    }
    CODES
        .iter()
        .find(|(d, l)| *d == dim && l.0 == code)
        .map(|(_, l)| pick(l, lang).to_string())
        .unwrap_or_else(|| code.to_string())
}

/// A qualifier's label (need status, actor role, domain value).
pub fn qualifier(cb: &veerkracht_core::Codebook, dim: &str, q: &str, lang: Lang) -> String {
    if q.is_empty() {
        return String::new();
    }
    cb.qualifier_label(dim, q, lang).to_string()
}
