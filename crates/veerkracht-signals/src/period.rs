//! Reporting periods: a month (`2026-03`), a quarter (`2026-Q1`) or a year
//! (`2026`), always calendar-aligned so that packages of different periods
//! nest (months in quarters, quarters in years) and the release ledger can
//! reason about sums.

use chrono::{Datelike, NaiveDate};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    Month(i32, u32),
    Quarter(i32, u32),
    Year(i32),
}

impl Period {
    pub fn year(self) -> i32 {
        match self {
            Period::Month(y, _) | Period::Quarter(y, _) | Period::Year(y) => y,
        }
    }

    /// The months (1–12) the period covers.
    pub fn months(self) -> std::ops::RangeInclusive<u32> {
        match self {
            Period::Month(_, m) => m..=m,
            Period::Quarter(_, q) => (q - 1) * 3 + 1..=q * 3,
            Period::Year(_) => 1..=12,
        }
    }

    pub fn start(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year(), *self.months().start(), 1).expect("valid")
    }

    pub fn end(self) -> NaiveDate {
        let last = *self.months().end();
        let (y, m) = if last == 12 {
            (self.year() + 1, 1)
        } else {
            (self.year(), last + 1)
        };
        NaiveDate::from_ymd_opt(y, m, 1)
            .expect("valid")
            .pred_opt()
            .expect("valid")
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        date.year() == self.year() && self.months().contains(&date.month())
    }

    /// Whether `other` lies inside this period (a period contains itself).
    pub fn covers(self, other: Period) -> bool {
        self.year() == other.year()
            && self.months().start() <= other.months().start()
            && other.months().end() <= self.months().end()
    }

    /// The direct parts: a year's quarters, a quarter's months.
    pub fn children(self) -> Vec<Period> {
        match self {
            Period::Year(y) => (1..=4).map(|q| Period::Quarter(y, q)).collect(),
            Period::Quarter(y, _) => self.months().map(|m| Period::Month(y, m)).collect(),
            Period::Month(..) => Vec::new(),
        }
    }

    /// The 17 periods of a calendar year: the year, its quarters, its months.
    pub fn family_of_year(year: i32) -> Vec<Period> {
        let mut v = vec![Period::Year(year)];
        v.extend((1..=4).map(|q| Period::Quarter(year, q)));
        v.extend((1..=12).map(|m| Period::Month(year, m)));
        v
    }
}

impl Period {
    /// The period as package files write it: `2026-03`, `2026-Q1`, and a
    /// year as `2026-A1` (the SDMX reporting period), so that the column is
    /// text in DuckDB, pandas and R whatever the period and packages stack.
    pub fn code(self) -> String {
        match self {
            Period::Year(y) => format!("{y:04}-A1"),
            other => other.to_string(),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Month(y, m) => write!(f, "{y:04}-{m:02}"),
            Period::Quarter(y, q) => write!(f, "{y:04}-Q{q}"),
            Period::Year(y) => write!(f, "{y:04}"),
        }
    }
}

impl FromStr for Period {
    type Err = String;
    /// `YYYY-MM`, `YYYY-Qn`, `YYYY` or `YYYY-A1`; also the ways people type
    /// a quarter (`Q3 2026`, `2026 Q3`, `2026Q3`, with K for kwartaal or T
    /// for trimestre). Nothing else: no ranges, no weeks.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("not a period: {s:?} (use YYYY-MM, YYYY-Qn or YYYY)");
        let t: String = s
            .trim()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_uppercase();
        let year = |t: &str| -> Result<i32, String> {
            if t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()) {
                t.parse::<i32>().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        let quarter = |q: &str| match q {
            "1" | "2" | "3" | "4" => Ok(q.parse::<u32>().expect("a digit")),
            _ => Err(bad()),
        };
        let is_q = |c: char| matches!(c, 'Q' | 'K' | 'T');
        // Q3-2026, Q32026, K3 2026, T3 2026.
        if let Some(rest) = t.strip_prefix(is_q) {
            let (q, y) = rest.split_at(1.min(rest.len()));
            let y = y.strip_prefix('-').unwrap_or(y);
            return Ok(Period::Quarter(year(y)?, quarter(q)?));
        }
        if t.len() == 4 {
            return Ok(Period::Year(year(&t)?));
        }
        let (y, rest) = t.split_at(4.min(t.len()));
        let y = year(y)?;
        let rest = rest.strip_prefix('-').unwrap_or(rest);
        if rest == "A1" {
            return Ok(Period::Year(y));
        }
        if let Some(q) = rest.strip_prefix(is_q) {
            return Ok(Period::Quarter(y, quarter(q)?));
        }
        if rest.len() == 2 && rest.bytes().all(|b| b.is_ascii_digit()) && t.contains('-') {
            return match rest.parse::<u32>() {
                Ok(m @ 1..=12) => Ok(Period::Month(y, m)),
                _ => Err(bad()),
            };
        }
        Err(bad())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_prints_and_bounds_aligned_periods() {
        let q: Period = "2026-Q1".parse().unwrap();
        assert_eq!(q.to_string(), "2026-Q1");
        assert_eq!(q.start(), NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
        assert_eq!(q.end(), NaiveDate::from_ymd_opt(2026, 3, 31).unwrap());
        let m: Period = "2024-02".parse().unwrap();
        assert_eq!(
            m.end(),
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap(),
            "leap year"
        );
        let y: Period = "2026".parse().unwrap();
        assert_eq!(y.end(), NaiveDate::from_ymd_opt(2026, 12, 31).unwrap());
        assert!(
            y.covers(q) && q.covers(Period::Month(2026, 3)) && !q.covers(Period::Month(2026, 4))
        );
        for bad in [
            "2026-13",
            "2026-Q5",
            "26",
            "2026-1",
            "2026-03-01",
            "2026-W10",
            "",
            "2026-Q1-2026-Q2",
        ] {
            assert!(bad.parse::<Period>().is_err(), "{bad}");
        }
        assert_eq!(Period::family_of_year(2026).len(), 17);
    }

    #[test]
    fn a_year_is_written_as_text_and_quarters_read_as_people_type_them() {
        assert_eq!(Period::Year(2026).code(), "2026-A1");
        assert_eq!("2026-A1".parse::<Period>(), Ok(Period::Year(2026)));
        for typed in [
            "Q3 2026", "2026 Q3", "2026Q3", "q3-2026", "K3 2026", "T3 2026",
        ] {
            assert_eq!(
                typed.parse::<Period>(),
                Ok(Period::Quarter(2026, 3)),
                "{typed}"
            );
        }
        for p in Period::family_of_year(2027) {
            assert_eq!(p.code().parse::<Period>(), Ok(p), "{p} reads back");
        }
    }
}
