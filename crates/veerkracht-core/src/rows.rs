//! The codebook as integers: every (dimension, code, qualifier) row of the
//! codebook and of the derived dimensions gets a dense number, and an
//! encounter becomes the sorted list of rows it carries. Filters, the
//! caseload overview and signal packages compare these integers and never
//! look at strings again.

use crate::codebook::{Codebook, Kind, Sensitivity};
use crate::encounter::{Answer, Encounter};
use rustc_hash::FxHashMap;

/// Codes of the derived two-valued and three-valued dimensions.
pub const BOOL_CODES: [&str; 2] = ["true", "false"];
pub const TRI_CODES: [&str; 3] = ["true", "false", "unknown"];

#[derive(Debug)]
pub struct RowDim {
    pub id: String,
    pub kind: Kind,
    /// Every (code, qualifier) row the package lists, in order.
    pub rows: Vec<(String, String)>,
    pub high: Vec<bool>,
    /// Single-valued per family (latest value) rather than "any".
    pub latest: bool,
    /// Each encounter has exactly one value: the rows add up to the total.
    pub additive: bool,
}

fn dims(cb: &Codebook) -> Vec<RowDim> {
    let mut out = Vec::new();
    for d in &cb.dimensions {
        let mut rows = Vec::new();
        let mut high = Vec::new();
        for c in &d.codes {
            let h = d.code_sensitivity(&c.code) == Sensitivity::High;
            if d.qualifiers.is_empty() {
                rows.push((c.code.clone(), String::new()));
                high.push(h);
            } else {
                for q in &d.qualifiers {
                    rows.push((c.code.clone(), q.code.clone()));
                    high.push(h);
                }
            }
        }
        out.push(RowDim {
            id: d.id.clone(),
            kind: d.kind,
            rows,
            high,
            latest: d.kind == Kind::Single,
            additive: d.kind == Kind::Single && d.default.is_some(),
        });
    }
    let plain = |codes: Vec<String>| -> Vec<(String, String)> {
        codes.into_iter().map(|c| (c, String::new())).collect()
    };
    let themes: Vec<String> = cb
        .dimension(crate::codebook::THEMES)
        .map(|d| d.codes.iter().map(|c| c.code.clone()).collect())
        .unwrap_or_default();
    for (id, codes, kind) in [
        ("themes_effective", themes, Kind::Multi),
        (
            "policy_signal",
            BOOL_CODES.map(String::from).to_vec(),
            Kind::Single,
        ),
        (
            "kansarm_indicator",
            TRI_CODES.map(String::from).to_vec(),
            Kind::Single,
        ),
    ] {
        let rows = plain(codes);
        out.push(RowDim {
            id: id.into(),
            kind,
            high: vec![false; rows.len()],
            rows,
            latest: false,
            additive: kind == Kind::Single,
        });
    }
    out
}

/// No row (a code outside the codebook, or outside a crosstab).
const NONE: u16 = u16::MAX;

/// Row flags that the derived dimensions are computed from.
const F_NO_SOLUTION: u8 = 1;
const F_POLICY_LIMIT: u8 = 2;
const F_URGENT: u8 = 4;
const F_UNMET: u8 = 8;
const F_WEAK: u8 = 16;
const F_NOT_WEAK: u8 = 32;

/// The codebook turned into integers once per export. Every signals row of
/// every dimension (codebook and derived) is a dense *global row*; an
/// encounter becomes the sorted list of rows it carries, and counting is
/// then array arithmetic. This is what makes a yearly export of a million
/// encounters take a second rather than minutes: strings are hashed once
/// per encounter, never per cell.
#[derive(Debug)]
pub struct Rows {
    codebook: String,
    dims: Vec<RowDim>,
    /// First global row of each dimension; one hidden row follows a single
    /// dimension's rows for a value outside the codebook (it still counts
    /// as "carrying a value" for the family's latest value).
    base: Vec<u16>,
    rows: usize,
    dim_of: Vec<u16>,
    /// Codebook dimension id → (index in `dims`, code → code index).
    by_id: FxHashMap<String, (usize, FxHashMap<String, u16>)>,
    /// Qualifier codes of each dimension, in codebook order.
    quals: Vec<Vec<String>>,
    /// (dimension, row) of every single dimension with a default.
    defaults: Vec<(usize, u16)>,
    /// Global row → the themes_effective row it implies.
    theme_of: Vec<u16>,
    flags: Vec<u8>,
    kansarm_domains: usize,
    policy_base: u16,
    kansarm_base: u16,
}

impl Rows {
    /// The plan of a codebook (a fraction of a millisecond).
    pub fn new(cb: &Codebook) -> Rows {
        let dims = dims(cb);
        let mut base = Vec::with_capacity(dims.len());
        let mut dim_of = Vec::new();
        for (i, d) in dims.iter().enumerate() {
            base.push(dim_of.len() as u16);
            let hidden = usize::from(d.kind == Kind::Single);
            dim_of.extend(std::iter::repeat_n(i as u16, d.rows.len() + hidden));
        }
        let rows = dim_of.len();
        assert!(rows < NONE as usize, "the codebook has too many codes");
        let position = |id: &str| dims.iter().position(|d| d.id == id);
        let mut by_id = FxHashMap::default();
        let mut quals = vec![Vec::new(); dims.len()];
        let mut defaults = Vec::new();
        for d in &cb.dimensions {
            let i = position(&d.id).expect("every codebook dimension is a dim");
            let codes = d
                .codes
                .iter()
                .enumerate()
                .map(|(n, c)| (c.code.clone(), n as u16))
                .collect();
            by_id.insert(d.id.clone(), (i, codes));
            quals[i] = d.qualifiers.iter().map(|q| q.code.clone()).collect();
            if d.kind == Kind::Single {
                if let Some(def) = &d.default {
                    if let Some(n) = d.codes.iter().position(|c| c.code == *def) {
                        defaults.push((i, base[i] + n as u16));
                    }
                }
            }
        }
        let mut plan = Rows {
            codebook: cb.version.clone(),
            base,
            rows,
            dim_of,
            by_id,
            quals,
            defaults,
            theme_of: vec![NONE; rows],
            flags: vec![0; rows],
            kansarm_domains: cb
                .dimension(crate::codebook::KANSARMOEDE)
                .map(|d| d.codes.len())
                .unwrap_or(6),
            policy_base: 0,
            kansarm_base: 0,
            dims: Vec::new(),
        };
        plan.dims = dims;
        let position = |plan: &Rows, id: &str| plan.dims.iter().position(|d| d.id == id);
        let te = position(&plan, "themes_effective").expect("derived dimension");
        plan.policy_base = plan.base[position(&plan, "policy_signal").expect("derived")];
        plan.kansarm_base = plan.base[position(&plan, "kansarm_indicator").expect("derived")];
        let te_row = |plan: &Rows, code: &str| {
            plan.dims[te]
                .rows
                .iter()
                .position(|(c, _)| c == code)
                .map(|n| plan.base[te] + n as u16)
        };
        for (dim, parent) in [
            (crate::codebook::THEMES, false),
            (crate::codebook::THEME_DETAILS, true),
        ] {
            if let Some(d) = cb.dimension(dim) {
                for c in &d.codes {
                    let target = if parent {
                        c.parent.as_deref()
                    } else {
                        Some(&*c.code)
                    };
                    let (Some(t), Some(r)) = (
                        target.and_then(|t| te_row(&plan, t)),
                        plan.row(dim, &c.code, ""),
                    ) else {
                        continue;
                    };
                    plan.theme_of[r as usize] = t;
                }
            }
        }
        let flag = |plan: &mut Rows, dim: &str, code: &str, qual: &str, f: u8| {
            if let Some(r) = plan.row(dim, code, qual) {
                plan.flags[r as usize] |= f;
            }
        };
        use crate::codebook::{KANSARMOEDE, LIMITS, NEEDS, OUTCOME, URGENCY};
        use crate::derived::{POLICY_LIMITS, POLICY_URGENCIES};
        flag(
            &mut plan,
            OUTCOME,
            crate::validate::NO_SOLUTION_LIMITS,
            "",
            F_NO_SOLUTION,
        );
        for l in POLICY_LIMITS {
            flag(&mut plan, LIMITS, l, "", F_POLICY_LIMIT);
        }
        for u in POLICY_URGENCIES {
            flag(&mut plan, URGENCY, u, "", F_URGENT);
        }
        let codes_of = |dim: &str| -> Vec<String> {
            cb.dimension(dim)
                .map(|d| d.codes.iter().map(|c| c.code.clone()).collect())
                .unwrap_or_default()
        };
        for need in codes_of(NEEDS) {
            flag(&mut plan, NEEDS, &need, "unmet", F_UNMET);
        }
        for domain in codes_of(KANSARMOEDE) {
            flag(&mut plan, KANSARMOEDE, &domain, "weak", F_WEAK);
            flag(&mut plan, KANSARMOEDE, &domain, "not_weak", F_NOT_WEAK);
        }
        plan
    }

    /// The global row of a codebook dimension's (code, qualifier).
    pub fn row(&self, dim: &str, code: &str, qual: &str) -> Option<u16> {
        let (i, codes) = self.by_id.get(dim)?;
        self.row_in(*i, codes, code, qual)
    }

    fn row_in(
        &self,
        i: usize,
        codes: &FxHashMap<String, u16>,
        code: &str,
        qual: &str,
    ) -> Option<u16> {
        let n = *codes.get(code)?;
        let quals = &self.quals[i];
        if quals.is_empty() {
            return qual.is_empty().then_some(self.base[i] + n);
        }
        let q = quals.iter().position(|x| *x == qual)?;
        Some(self.base[i] + n * quals.len() as u16 + q as u16)
    }

    /// Appends the rows `e` carries, sorted and without repeats: its
    /// answers (single dimensions fall back to their default), the themes
    /// they imply, and its policy signal and kansarmoede indicator.
    /// The rows `e` carries, sorted: what a caseload keeps per encounter
    /// so that exports and filters never look at strings again.
    pub fn encode(&self, e: &Encounter) -> Box<[u16]> {
        let mut out = Vec::with_capacity(48);
        self.encode_into(e, &mut Vec::new(), &mut out);
        out.into_boxed_slice()
    }

    /// The codebook dimension `dim`'s index among [`Rows::dims`].
    pub fn dim_index(&self, dim: &str) -> Option<usize> {
        self.by_id.get(dim).map(|(i, _)| *i)
    }

    /// The (code, qualifier) a row stands for; `None` for the hidden row of
    /// a single dimension (a value outside the codebook).
    pub fn code_of(&self, row: u16) -> Option<(&str, &str)> {
        let i = self.dim_of(row);
        let k = usize::from(row - self.base[i]);
        self.dims[i]
            .rows
            .get(k)
            .map(|(c, q)| (c.as_str(), q.as_str()))
    }

    /// The row an encounter carries for dimension `i` when it gives no
    /// value (its default), if the dimension has one.
    pub fn default_row(&self, i: usize) -> Option<u16> {
        self.defaults.iter().find(|(d, _)| *d == i).map(|(_, r)| *r)
    }

    /// The dimensions, codebook ones first, then the derived ones.
    pub fn dims(&self) -> &[RowDim] {
        &self.dims
    }

    /// The first row of dimension `i`.
    pub fn base(&self, i: usize) -> u16 {
        self.base[i]
    }

    /// The dimension a row belongs to.
    pub fn dim_of(&self, row: u16) -> usize {
        self.dim_of[row as usize] as usize
    }

    /// The qualifier codes of a codebook dimension (empty when it has none).
    pub fn qualifiers(&self, dim: &str) -> &[String] {
        self.by_id
            .get(dim)
            .map(|(i, _)| self.quals[*i].as_slice())
            .unwrap_or(&[])
    }

    /// How many rows there are (counts indexed by row fit in this).
    pub fn len(&self) -> usize {
        self.rows
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// The row of the derived policy signal, true or false.
    pub fn policy_row(&self, signal: bool) -> u16 {
        self.policy_base + u16::from(!signal)
    }

    /// The codebook version the plan was made from.
    pub fn codebook(&self) -> &str {
        &self.codebook
    }

    /// Rows of a filter on a codebook dimension: every (code, qualifier)
    /// with the code if given, the qualifier if given. Empty when the code
    /// or qualifier is not in the codebook.
    pub fn rows_matching(&self, dim: &str, code: Option<&str>, qual: Option<&str>) -> Vec<u16> {
        let Some((i, codes)) = self.by_id.get(dim) else {
            return Vec::new();
        };
        let quals: Vec<&str> = if self.quals[*i].is_empty() {
            vec![""]
        } else {
            self.quals[*i].iter().map(String::as_str).collect()
        };
        let mut out: Vec<u16> = codes
            .keys()
            .filter(|c| code.is_none_or(|want| want == c.as_str()))
            .flat_map(|c| {
                quals
                    .iter()
                    .filter(|q| qual.is_none_or(|want| want == **q))
                    .filter_map(|q| self.row_in(*i, codes, c, q))
                    .collect::<Vec<_>>()
            })
            .collect();
        out.sort_unstable();
        out
    }

    /// The row of an effective theme (recorded or implied by a detail).
    pub fn theme_row(&self, theme: &str) -> Option<u16> {
        let i = self.dims.iter().position(|d| d.id == "themes_effective")?;
        self.dims[i]
            .rows
            .iter()
            .position(|(c, _)| c == theme)
            .map(|n| self.base[i] + n as u16)
    }

    fn encode_into(&self, e: &Encounter, present: &mut Vec<u64>, out: &mut Vec<u16>) {
        let start = out.len();
        present.clear();
        present.resize(self.dims.len().div_ceil(64), 0);
        for (dim, answer) in &e.answers {
            let Some((i, codes)) = self.by_id.get(dim.as_str()) else {
                continue;
            };
            let i = *i;
            match (self.dims[i].kind, answer) {
                (Kind::Single, Answer::Single(c)) => {
                    present[i / 64] |= 1 << (i % 64);
                    let hidden = self.base[i] + self.dims[i].rows.len() as u16;
                    out.push(self.row_in(i, codes, c, "").unwrap_or(hidden));
                }
                (Kind::Single, _) => {}
                (Kind::Multi, a) => out.extend(
                    a.codes()
                        .into_iter()
                        .filter_map(|c| self.row_in(i, codes, c, "")),
                ),
                (_, a) => out.extend(
                    a.qualified()
                        .iter()
                        .filter_map(|q| self.row_in(i, codes, &q.code, &q.qualifier)),
                ),
            }
        }
        let mut flags = 0u8;
        let (mut weak, mut known) = (0, 0);
        for k in start..out.len() {
            let r = out[k] as usize;
            let f = self.flags[r];
            flags |= f;
            weak += usize::from(f & F_WEAK != 0);
            known += usize::from(f & (F_WEAK | F_NOT_WEAK) != 0);
            if self.theme_of[r] != NONE {
                out.push(self.theme_of[r]);
            }
        }
        let policy = flags & (F_NO_SOLUTION | F_POLICY_LIMIT) != 0
            || (flags & F_URGENT != 0 && flags & F_UNMET != 0);
        out.push(self.policy_base + u16::from(!policy));
        let kansarm = if weak >= crate::derived::KANSARM_WEAK_DOMAINS {
            0
        } else if known == self.kansarm_domains {
            1
        } else {
            2
        };
        out.push(self.kansarm_base + kansarm);
        for &(i, row) in &self.defaults {
            if present[i / 64] & (1 << (i % 64)) == 0 {
                out.push(row);
            }
        }
        out[start..].sort_unstable();
        let mut w = start;
        for k in start..out.len() {
            if k == start || out[k] != out[w - 1] {
                out[w] = out[k];
                w += 1;
            }
        }
        out.truncate(w);
    }
}

/// How many threads the parallel parts of the product use: one per core,
/// at most eight. The one place that decides it.
pub fn threads() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(8)
}

/// `f` of every item, in order, on every core ([`threads`]): the items are
/// cut into one run per thread, never shorter than `min_run` (below that a
/// thread costs more than it saves).
pub fn par_map<T: Sync, U: Send>(
    items: &[T],
    min_run: usize,
    f: impl Fn(&T) -> U + Sync,
) -> Vec<U> {
    let run = items.len().div_ceil(threads()).max(min_run.max(1));
    if items.len() <= run {
        return items.iter().map(f).collect();
    }
    let f = &f;
    let parts: Vec<Vec<U>> = std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(run)
            .map(|part| s.spawn(move || part.iter().map(f).collect::<Vec<U>>()))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a parallel map does not panic"))
            .collect()
    });
    let mut out = Vec::with_capacity(items.len());
    for part in parts {
        out.extend(part);
    }
    out
}

/// Rows of many encounters, on every core: `(flat rows, end of each)`.
pub fn encode_all(rows_plan: &Rows, encounters: &[&Encounter]) -> (Vec<u16>, Vec<usize>) {
    let chunk = encounters.len().div_ceil(threads()).max(4096);
    let parts: Vec<(Vec<u16>, Vec<usize>)> = std::thread::scope(|s| {
        let handles: Vec<_> = encounters
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    let mut rows = Vec::with_capacity(part.len() * 48);
                    let mut ends = Vec::with_capacity(part.len());
                    let mut present = Vec::new();
                    for e in part {
                        rows_plan.encode_into(e, &mut present, &mut rows);
                        ends.push(rows.len());
                    }
                    (rows, ends)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("encoding does not panic"))
            .collect()
    });
    let mut rows = Vec::with_capacity(parts.iter().map(|(r, _)| r.len()).sum());
    let mut ends = Vec::with_capacity(encounters.len());
    for (part, part_ends) in parts {
        let shift = rows.len();
        rows.extend_from_slice(&part);
        ends.extend(part_ends.into_iter().map(|end| end + shift));
    }
    (rows, ends)
}

#[cfg(test)]
mod tests {
    #[test]
    fn par_map_keeps_the_order_at_every_size() {
        for n in [0usize, 1, 2, 3, 7, 100, 1001] {
            let items: Vec<usize> = (0..n).collect();
            for min_run in [0, 1, 3, 1000] {
                let out = super::par_map(&items, min_run, |i| i * 2);
                assert_eq!(out, items.iter().map(|i| i * 2).collect::<Vec<_>>());
            }
        }
    }
}
