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
    /// `YYYY-MM`, `YYYY-Qn` or `YYYY`; nothing else (no ranges, no weeks).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("not a period: {s:?} (use YYYY-MM, YYYY-Qn or YYYY)");
        let s = s.trim();
        let year = |t: &str| -> Result<i32, String> {
            if t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()) {
                t.parse::<i32>().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        match s.split_once('-') {
            None => Ok(Period::Year(year(s)?)),
            Some((y, rest)) => {
                let y = year(y)?;
                if let Some(q) = rest.strip_prefix('Q').or_else(|| rest.strip_prefix('q')) {
                    match q {
                        "1" | "2" | "3" | "4" => Ok(Period::Quarter(y, q.parse().expect("digit"))),
                        _ => Err(bad()),
                    }
                } else if rest.len() == 2 && rest.bytes().all(|b| b.is_ascii_digit()) {
                    match rest.parse::<u32>() {
                        Ok(m @ 1..=12) => Ok(Period::Month(y, m)),
                        _ => Err(bad()),
                    }
                } else {
                    Err(bad())
                }
            }
        }
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
}
