//! The worker's day around the records: the encounter kept across a lock,
//! the dates to see families again, a family at a glance, the demo
//! caseload taken out, a passphrase changed from the app, and the list of
//! packages released.

use crate::error::{Error, Result};
use crate::session::Session;
use chrono::NaiveDate;
use std::collections::HashSet;
use uuid::Uuid;
use veerkracht_core::audit::Action;
use veerkracht_core::caseload::carried_from;
use veerkracht_core::follow::{check_follow_up, family_now, Draft, FamilyNow, FollowUp};
use veerkracht_core::{Codebook, Encounter, FamilyCode, Rule};

/// A new encounter and what it took from the family's previous one.
#[derive(Debug, Clone, PartialEq)]
pub struct Started {
    pub encounter: Encounter,
    /// The date of the encounter the situation came from.
    pub carried_from: Option<NaiveDate>,
    /// The dimensions whose answers came from it.
    pub carried: Vec<String>,
}

/// A family's encounters, oldest first (never empty), and its follow-up.
#[derive(Debug, Clone)]
pub struct FamilyView {
    pub timeline: Vec<Encounter>,
    pub follow_up: Option<NaiveDate>,
}

impl FamilyView {
    /// The family at a glance: how it is now, its open needs, what changed.
    pub fn now(&self) -> FamilyNow<'_> {
        let list: Vec<&Encounter> = self.timeline.iter().collect();
        family_now(&list, Codebook::embedded()).expect("a family view holds an encounter")
    }
}

/// A follow-up, and whether it is due today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedFollowUp {
    pub follow_up: FollowUp,
    pub due: bool,
}

/// A package this vault released: when and for which period (from the
/// audit log), and whether the ledger holds a release of that period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportRecord {
    /// Seconds since 1970-01-01 UTC.
    pub at: i64,
    pub period: String,
    pub in_ledger: bool,
}

fn family_code(family: &str) -> Result<FamilyCode> {
    FamilyCode::parse(family.trim()).map_err(|p| Error::invalid("family", Rule::FamilyCode(p)))
}

impl Session {
    /// A new, unsaved encounter dated `today` (see [`Session::start_encounter`])
    /// with what it carried over from the family's latest encounter.
    pub fn start(&mut self, family: Option<&str>, today: NaiveDate) -> Result<Started> {
        let (encounter, previous) = self.start_from(family, today)?;
        let previous = previous.as_ref();
        Ok(Started {
            carried_from: previous.map(|p| p.date),
            carried: previous
                .map(|p| {
                    carried_from(Codebook::embedded(), p)
                        .into_iter()
                        .map(String::from)
                        .collect()
                })
                .unwrap_or_default(),
            encounter,
        })
    }

    /// Seals the encounter being typed into the vault (replacing any kept
    /// before), so a lock, a crash or a closed window does not lose it.
    pub fn keep_draft(&mut self, draft: &Draft) -> Result<()> {
        // A copy of what is saved already is no draft (a keep that arrives
        // after the save it raced with must not bring the draft back).
        if draft.dated
            && self.caseload.get(&draft.encounter.id).is_some()
            && self.get(&draft.encounter.id).ok().as_ref() == Some(&draft.encounter)
        {
            return self.discard_draft();
        }
        self.vault.keep_draft(draft)?;
        self.draft = Some(draft.encounter.id);
        Ok(())
    }

    /// The encounter kept at the last lock, offered back after unlocking.
    /// A new family's code is handed out again, so the draft can be saved.
    pub fn saved_draft(&mut self) -> Result<Option<Draft>> {
        let Some(draft) = self.vault.draft()? else {
            return Ok(None);
        };
        if !self.caseload.has_family(&draft.encounter.family) {
            self.issued.insert(draft.encounter.family.clone());
        }
        self.draft = Some(draft.encounter.id);
        Ok(Some(draft))
    }

    /// Throws the kept draft away.
    pub fn discard_draft(&mut self) -> Result<()> {
        self.vault.clear_draft()?;
        self.draft = None;
        Ok(())
    }

    /// Locks: the draft (if any) is sealed into the vault first, then an
    /// automatic backup is made (keeping the newest `keep`), then the key
    /// and every decrypted record leave memory. The session ends even when
    /// a step fails; the first failure is returned.
    pub fn lock_with_draft(mut self, keep: usize, draft: Option<&Draft>) -> Result<()> {
        let kept = match draft {
            Some(d) => self.keep_draft(d),
            None => Ok(()),
        };
        let locked = self.lock(keep);
        kept.and(locked)
    }

    /// Sets (or with `None`, clears) the date to see `family` again. The
    /// family must be one of the caseload's, the date not before `today`.
    pub fn set_follow_up(
        &mut self,
        family: &str,
        date: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Result<()> {
        let code = family_code(family)?;
        if !self.caseload.has_family(&code) {
            return Err(Error::invalid("family", Rule::UnknownFamily));
        }
        if let Some(date) = date {
            check_follow_up(date, today).map_err(|e| Error::Invalid(vec![e]))?;
        }
        Ok(self.vault.set_follow_up(&code, date)?)
    }

    /// Every follow-up of a family in the caseload, soonest first.
    pub fn follow_ups(&self, today: NaiveDate) -> Result<Vec<PlannedFollowUp>> {
        Ok(self
            .vault
            .follow_ups()?
            .into_iter()
            .filter(|f| self.caseload.has_family(&f.family))
            .map(|f| PlannedFollowUp {
                due: f.is_due(today),
                follow_up: f,
            })
            .collect())
    }

    /// Clears the follow-ups of families that have no encounter any more
    /// (purged, deleted, demo removed).
    pub(crate) fn prune_follow_ups(&mut self) -> Result<()> {
        for f in self.vault.follow_ups()? {
            if !self.caseload.has_family(&f.family) {
                self.vault.set_follow_up(&f.family, None)?;
            }
        }
        Ok(())
    }

    /// One family: how it is now, its encounters and its follow-up.
    pub fn family(&self, family: &str) -> Result<FamilyView> {
        let code = family_code(family)?;
        let timeline = self.timeline(code.as_str())?;
        let follow_up = self
            .vault
            .follow_ups()?
            .into_iter()
            .find(|f| f.family == code)
            .map(|f| f.date);
        Ok(FamilyView {
            timeline,
            follow_up,
        })
    }

    /// Demo encounters in the caseload.
    pub fn demo_encounters(&self) -> usize {
        self.caseload.all().iter().filter(|e| e.demo).count()
    }

    /// Deletes every encounter marked demo (audited: `deleted`, the count,
    /// `demo`), and the follow-ups of families left without encounters.
    /// Returns how many went.
    pub fn remove_demo(&mut self) -> Result<usize> {
        let ids: Vec<Uuid> = self
            .caseload
            .all()
            .iter()
            .filter(|e| e.demo)
            .map(|e| e.id)
            .collect();
        if ids.is_empty() {
            return Ok(0);
        }
        let n = self.vault.delete_many(&ids, "demo")?;
        let gone: std::collections::HashSet<Uuid> = ids.iter().copied().collect();
        self.caseload.remove_all(&gone);
        for id in &ids {
            self.note_changed(*id, None);
        }
        self.prune_follow_ups()?;
        Ok(n)
    }

    /// Changes the passphrase after checking the current one (whoever finds
    /// the app unlocked cannot lock its worker out).
    pub fn change_passphrase(&mut self, current: &str, new: &str) -> Result<()> {
        self.vault.check_passphrase(current)?;
        crate::session::change_passphrase(&mut self.vault, new)
    }

    /// The packages this vault released, newest first.
    pub fn export_history(&self) -> Result<Vec<ExportRecord>> {
        let released: HashSet<String> = self
            .vault
            .releases()?
            .iter()
            .map(|r| r.period.to_string())
            .collect();
        let mut out: Vec<ExportRecord> = self
            .vault
            .audit_log()?
            .into_iter()
            .filter(|e| e.action == Action::Exported)
            .map(|e| ExportRecord {
                at: e.at,
                in_ledger: released.contains(&e.detail),
                period: e.detail,
            })
            .collect();
        out.reverse();
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use veerkracht_core::{Answer, Qualified};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn session(dir: &std::path::Path) -> Session {
        Session::create(dir, "paars konijn fietst langs de vaart").unwrap()
    }

    fn with_need(mut e: Encounter, status: &str) -> Encounter {
        e.set(
            "needs",
            Answer::MultiStatus(vec![Qualified::new("shelter_tonight", status)]),
        );
        e.set("housing_situation", Answer::Single("street".into()));
        e
    }

    #[test]
    fn a_draft_of_a_new_family_survives_a_lock_and_saves_after_unlock() {
        let tmp = tempfile::tempdir().unwrap();
        let mut s = session(tmp.path());
        let mut e = s.start_encounter(None, today()).unwrap();
        e.note = Some("half getypt".into());
        let draft = Draft {
            encounter: e.clone(),
            dated: true,
            is_new: true,
        };
        s.lock_with_draft(2, Some(&draft)).unwrap();

        let mut s = Session::open(tmp.path(), "paars konijn fietst langs de vaart", None).unwrap();
        let back = s.saved_draft().unwrap().expect("the draft is offered back");
        assert_eq!(back, draft);
        let mut finished = back.encounter;
        finished.set("outcome", Answer::Single("pending".into()));
        s.save(finished, &[], today())
            .expect("the new family's code is accepted again after the unlock");
        assert_eq!(s.saved_draft().unwrap(), None, "a saved draft is gone");
    }

    #[test]
    fn a_copy_of_the_saved_encounter_kept_after_the_save_is_no_draft() {
        let tmp = tempfile::tempdir().unwrap();
        let mut s = session(tmp.path());
        let e = with_need(s.start_encounter(None, today()).unwrap(), "unmet");
        let draft = Draft {
            encounter: e.clone(),
            dated: true,
            is_new: true,
        };
        s.keep_draft(&draft).unwrap();
        s.save(e, &[], today()).unwrap();
        s.keep_draft(&draft).unwrap();
        assert_eq!(
            s.saved_draft().unwrap(),
            None,
            "the late keep did not bring it back"
        );
    }

    #[test]
    fn a_discarded_draft_is_gone() {
        let tmp = tempfile::tempdir().unwrap();
        let mut s = session(tmp.path());
        let e = s.start_encounter(None, today()).unwrap();
        s.keep_draft(&Draft {
            encounter: e,
            dated: false,
            is_new: true,
        })
        .unwrap();
        s.discard_draft().unwrap();
        assert_eq!(s.saved_draft().unwrap(), None);
    }

    #[test]
    fn a_follow_up_needs_a_known_family_and_a_date_to_come_and_says_when_it_is_due() {
        let tmp = tempfile::tempdir().unwrap();
        let mut s = session(tmp.path());
        let e = with_need(s.start_encounter(None, today()).unwrap(), "unmet");
        let family = e.family.to_string();
        s.save(e, &[], today()).unwrap();
        let rule = |r: Result<()>| match r {
            Err(Error::Invalid(errs)) => errs[0].rule.id(),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            rule(s.set_follow_up("ZZZZ-ZZZZ", Some(today()), today())),
            "unknown_family"
        );
        assert_eq!(
            rule(s.set_follow_up(&family, today().pred_opt(), today())),
            "date_in_past"
        );
        let soon = today().succ_opt().unwrap();
        s.set_follow_up(&family, Some(soon), today()).unwrap();
        let planned = s.follow_ups(today()).unwrap();
        assert_eq!(planned.len(), 1);
        assert!(!planned[0].due);
        assert!(s.follow_ups(soon).unwrap()[0].due, "due on its day");
        assert_eq!(s.family(&family).unwrap().follow_up, Some(soon));
        s.set_follow_up(&family, None, today()).unwrap();
        assert!(s.follow_ups(soon).unwrap().is_empty());
    }

    #[test]
    fn the_next_encounter_carries_open_needs_and_says_what_it_carried() {
        let tmp = tempfile::tempdir().unwrap();
        let mut s = session(tmp.path());
        let e = with_need(s.start_encounter(None, today()).unwrap(), "pending");
        let family = e.family.to_string();
        s.save(e.clone(), &[], today()).unwrap();
        let next = s.start(Some(&family), today()).unwrap();
        assert_eq!(next.carried_from, Some(today()));
        assert!(next.carried.contains(&"needs".to_string()));
        assert!(next.carried.contains(&"housing_situation".to_string()));
        assert_eq!(next.encounter.qualified("needs"), e.qualified("needs"));
        let view = s.family(&family).unwrap();
        assert_eq!(view.now().open_needs.len(), 1);
    }

    #[test]
    fn demo_encounters_are_removed_and_real_ones_stay() {
        let tmp = tempfile::tempdir().unwrap();
        let mut s = session(tmp.path());
        let spec = crate::demo::spec(3, 12, 7, today()).unwrap();
        let demo = veerkracht_core::demo::generate(Codebook::embedded(), &spec);
        s.add(demo).unwrap();
        let real = with_need(s.start_encounter(None, today()).unwrap(), "met");
        s.save(real.clone(), &[], today()).unwrap();
        assert_eq!(s.demo_encounters(), 12);
        assert_eq!(s.remove_demo().unwrap(), 12);
        assert_eq!(s.demo_encounters(), 0);
        assert_eq!(s.caseload().len(), 1, "the real encounter stays");
        assert!(s.get(&real.id).is_ok());
        let log = s.audit_log().unwrap();
        let last = log.last().unwrap();
        assert_eq!(
            (last.action, last.count, last.detail.as_str()),
            (Action::Deleted, 12, "demo")
        );
        assert_eq!(s.remove_demo().unwrap(), 0);
    }

    #[test]
    fn a_passphrase_changes_only_with_the_current_one() {
        let tmp = tempfile::tempdir().unwrap();
        let mut s = session(tmp.path());
        assert!(matches!(
            s.change_passphrase("niet de juiste zin", "een heel nieuwe zin hier"),
            Err(Error::Store(veerkracht_store::Error::WrongPassphrase))
        ));
        s.change_passphrase(
            "paars konijn fietst langs de vaart",
            "een heel nieuwe zin hier",
        )
        .unwrap();
        drop(s);
        Session::open(tmp.path(), "een heel nieuwe zin hier", None).expect("the new one opens it");
    }
}
