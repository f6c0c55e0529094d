//! Every command through `tauri::test`, as the UI calls them over IPC, on a
//! fresh temporary vault per test. Nothing is mocked but the window.

use serde_json::{json, Value};
use tauri::test::{mock_builder, mock_context, noop_assets, MockRuntime};
use tauri::WebviewWindowBuilder;
use veerkracht_app::state::AppState;
use veerkracht_core::Lang;

mod common;

const PASS: &str = "een lange geheime zin";

struct App {
    _app: tauri::App<MockRuntime>,
    webview: tauri::WebviewWindow<MockRuntime>,
    tmp: tempfile::TempDir,
}

impl App {
    fn new() -> App {
        let tmp = tempfile::tempdir().unwrap();
        let state = AppState::new(tmp.path().join("vault"), Lang::En);
        let app = veerkracht_app::build(mock_builder(), state)
            .build(mock_context(noop_assets()))
            .expect("app builds");
        let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .unwrap();
        App {
            _app: app,
            webview,
            tmp,
        }
    }

    fn unlocked() -> App {
        let app = App::new();
        app.ok("create_vault", json!({ "passphrase": PASS }));
        app
    }

    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        common::invoke(&self.webview, cmd, args)
    }

    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args)
            .unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }

    /// The error's kind, asserting the command failed.
    fn err(&self, cmd: &str, args: Value) -> Value {
        match self.call(cmd, args) {
            Ok(v) => panic!("{cmd} should fail, returned {v}"),
            Err(e) => e,
        }
    }

    /// A new encounter as the form gets it (see `start` for what it carried).
    fn new_draft(&self, family: Option<&str>) -> Value {
        self.start(family)["encounter"].clone()
    }

    fn start(&self, family: Option<&str>) -> Value {
        self.ok("start_encounter", json!({ "family": family }))
    }

    fn save(&self, draft: &Value) -> Result<Value, Value> {
        self.call(
            "save_encounter",
            json!({ "encounter": draft, "confirmed": [] }),
        )
    }
}

fn empty_filter() -> Value {
    json!({ "family": null, "from": null, "to": null, "theme": null, "need": null,
            "need_status": null, "outcome": null, "municipality": null, "text": null,
            "limit": null, "offset": null })
}

#[test]
fn first_start_creates_then_locks_and_unlocks() {
    let app = App::new();
    let status = app.ok("app_status", json!({}));
    assert_eq!(
        status["vault_exists"], false,
        "a fresh machine has no vault"
    );
    assert_eq!(status["unlocked"], false);
    let weak = app.err("create_vault", json!({ "passphrase": "kort" }));
    assert_eq!(weak["kind"], "weak_passphrase");
    let status = app.ok("create_vault", json!({ "passphrase": PASS }));
    assert_eq!(status["unlocked"], true);
    let status = app.ok("lock_vault", json!({}));
    assert_eq!(status["unlocked"], false);
    assert_eq!(
        app.err("list_families", json!({}))["kind"],
        "locked",
        "locking drops the session"
    );
    let wrong = app.err(
        "unlock_vault",
        json!({ "passphrase": "niet de juiste zin" }),
    );
    assert_eq!(wrong["kind"], "wrong_passphrase");
    assert_eq!(wrong["message"], "Wrong passphrase.");
    assert_eq!(
        app.ok("unlock_vault", json!({ "passphrase": PASS }))["unlocked"],
        true
    );
}

#[test]
fn an_encounter_is_logged_found_edited_and_deleted() {
    let app = App::unlocked();
    let mut draft = app.new_draft(None);
    let family = draft["family"].as_str().unwrap().to_string();
    assert_eq!(family.len(), 9, "a new family gets a generated pseudonym");
    draft["single"] = json!({ "setting": "home_visit", "municipality": "molenbeek", "housing_situation": "street",
                              "outcome": "no_solution_limits", "urgency": "within_24h" });
    draft["multi"] = json!({ "themes": ["housing"], "theme_details": ["t4_no_housing_solution"], "limits": ["no_capacity"] });
    draft["qualified"] = json!({ "needs": [{ "code": "shelter_tonight", "qualifier": "unmet" }],
                                 "actors": [{ "code": "bridge_figure", "qualifier": "already_involved" }] });
    draft["note"] = json!("Opvang morgen opnieuw proberen.");
    let saved = app.save(&draft).unwrap();
    assert_eq!(saved["created"], true);

    let page = app.ok("list_encounters", json!({ "filter": empty_filter() }));
    assert_eq!(page["total"], 1);
    let row = &page["rows"][0];
    assert_eq!(row["family"], family.as_str());
    assert_eq!(row["policy_signal"], true, "no solution is a policy signal");
    assert_eq!(row["themes"], json!(["housing"]));

    let mut filter = empty_filter();
    filter["need"] = json!("shelter_tonight");
    filter["need_status"] = json!("met");
    assert_eq!(
        app.ok("list_encounters", json!({ "filter": filter }))["total"],
        0
    );
    let mut filter = empty_filter();
    filter["text"] = json!("opvang MORGEN");
    assert_eq!(
        app.ok("list_encounters", json!({ "filter": filter }))["total"],
        1,
        "note search"
    );

    let mut loaded = app.ok("get_encounter", json!({ "id": saved["id"] }));
    assert_eq!(loaded, draft, "what comes back is what was saved");
    loaded["single"]["outcome"] = json!("pending");
    assert_eq!(
        app.save(&loaded).unwrap()["created"],
        false,
        "an edit, not a new encounter"
    );
    assert_eq!(
        app.ok("get_encounter", json!({ "id": saved["id"] }))["single"]["outcome"],
        "pending"
    );

    app.ok("delete_encounter", json!({ "id": saved["id"] }));
    assert_eq!(
        app.err("get_encounter", json!({ "id": saved["id"] }))["kind"],
        "not_found"
    );
    assert_eq!(
        app.err("delete_encounter", json!({ "id": saved["id"] }))["kind"],
        "not_found"
    );
}

#[test]
fn a_second_encounter_starts_from_the_family_situation() {
    let app = App::unlocked();
    let mut first = app.new_draft(None);
    first["date"] = json!("2026-01-10");
    first["single"] = json!({ "housing_situation": "squat_or_occupation", "residence_status": "undocumented",
                              "municipality": "schaerbeek", "setting": "outreach_public_space" });
    first["qualified"] = json!({ "kansarmoede": [{ "code": "kg_housing", "qualifier": "weak" }],
                                 "needs": [{ "code": "shelter_tonight", "qualifier": "unmet" }] });
    app.save(&first).unwrap();
    let family = first["family"].as_str().unwrap();

    let second = app.new_draft(Some(family));
    assert_eq!(second["family"], family);
    assert_ne!(second["id"], first["id"]);
    assert_eq!(
        second["single"]["housing_situation"], "squat_or_occupation",
        "situation carried over"
    );
    assert_eq!(second["single"]["municipality"], "schaerbeek");
    assert_eq!(
        second["qualified"]["kansarmoede"],
        first["qualified"]["kansarmoede"]
    );
    assert!(
        second["single"].get("setting").is_none(),
        "the setting is per encounter"
    );
    assert_eq!(
        second["qualified"]["needs"],
        json!([{ "code": "shelter_tonight", "qualifier": "unmet" }]),
        "a need still open comes along, to be updated"
    );
    let started = app.start(Some(family));
    assert_eq!(started["carried_from"], "2026-01-10");
    let carried: Vec<&str> = started["carried"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    for dim in ["housing_situation", "municipality", "kansarmoede", "needs"] {
        assert!(carried.contains(&dim), "{dim} carried: {carried:?}");
    }
    assert!(!carried.contains(&"setting"));

    let mut second = second;
    second["single"]["housing_situation"] = json!("emergency_shelter");
    second["qualified"]["needs"] = json!([{ "code": "shelter_tonight", "qualifier": "met" }]);
    app.save(&second).unwrap();
    let timeline = app.ok("family_timeline", json!({ "family": family }));
    let entries = timeline["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["encounter"]["id"], second["id"], "newest first");
    assert_eq!(entries[1]["first"], true);
    let now = &timeline["now"];
    assert_eq!(now["encounters"], 2);
    assert_eq!(now["first"], "2026-01-10");
    assert_eq!(now["open_needs"], json!([]), "the need was met");
    assert!(
        now["since_first"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["dimension"] == "housing_situation" && c["to"] == "emergency_shelter"),
        "{now}"
    );
    let changes = &entries[0]["changes"];
    assert!(
        changes
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["kind"] == "moved"
                && c["dimension"] == "housing_situation"
                && c["to"] == "emergency_shelter"),
        "{changes}"
    );
    assert!(
        changes
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["kind"] == "need_no_longer_unmet"),
        "{changes}"
    );
    let families = app.ok("list_families", json!({}));
    assert_eq!(families[0]["encounters"], 2);
    assert_eq!(
        families[0]["housing_situation"], "emergency_shelter",
        "the latest situation"
    );
}

#[test]
fn invalid_input_is_refused_at_its_field_and_nothing_is_stored() {
    let app = App::unlocked();
    let mut draft = app.new_draft(None);
    draft["single"] = json!({ "outcome": "no_solution_limits", "setting": "moon" });
    draft["date"] = json!("2999-01-01");
    let err = app.save(&draft).unwrap_err();
    assert_eq!(err["kind"], "invalid");
    let fields: Vec<&str> = err["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert!(fields.contains(&"limits"), "{err}");
    assert!(fields.contains(&"setting"), "{err}");
    assert!(fields.contains(&"date"), "{err}");
    let limits = err["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == "limits")
        .unwrap();
    assert_eq!(limits["rule"], "limits_required");
    assert_eq!(
        app.ok("list_encounters", json!({ "filter": empty_filter() }))["total"],
        0,
        "nothing stored"
    );

    let mut typed = app.new_draft(None);
    typed["family"] = json!("ABCD-EFGH");
    typed["single"] = json!({ "outcome": "pending" });
    let err = app.save(&typed).unwrap_err();
    assert_eq!(
        err["fields"][0]["rule"], "unknown_family",
        "only generated codes are accepted: {err}"
    );
    assert_eq!(
        app.err("start_encounter", json!({ "family": "ABCD-EFGH" }))["kind"],
        "invalid"
    );

    let mut shape = app.new_draft(None);
    shape["multi"] = json!({ "setting": ["home_visit"] });
    assert_eq!(
        app.save(&shape).unwrap_err()["fields"][0]["rule"],
        "wrong_shape"
    );
}

#[test]
fn messages_follow_the_chosen_language() {
    let app = App::unlocked();
    let status = app.ok(
        "set_preferences",
        json!({ "preferences": { "language": "fr", "organisation": "CAW Brussel", "auto_lock_minutes": 10, "retention_months": 24, "backups_keep": 5 } }),
    );
    assert_eq!(status["preferences"]["language"], "fr");
    assert_eq!(status["preferences"]["organisation"], "CAW Brussel");
    let mut draft = app.new_draft(None);
    draft["single"] = json!({ "outcome": "no_solution_limits" });
    let err = app.save(&draft).unwrap_err();
    assert_eq!(
        err["message"],
        "Non enregistré : corrigez les champs signalés."
    );
    // The language is a typed value over IPC: anything else is refused
    // before the command runs, and nothing is saved.
    app.err(
        "set_preferences",
        json!({ "preferences": { "language": "de", "organisation": "", "auto_lock_minutes": 5, "retention_months": 24, "backups_keep": 5 } }),
    );
    let status = app.ok("app_status", json!({}));
    assert_eq!(status["preferences"]["language"], "fr");
    let bad = app.err(
        "set_preferences",
        json!({ "preferences": { "language": "nl", "organisation": "", "auto_lock_minutes": 0, "retention_months": 24, "backups_keep": 5 } }),
    );
    assert_eq!(bad["fields"][0]["field"], "auto_lock_minutes");
    assert!(
        app.tmp.path().join("vault/preferences.json").is_file(),
        "preferences persist"
    );
}

#[test]
fn overview_codebook_and_strength() {
    let app = App::unlocked();
    for (date, need) in [
        ("2026-02-01", "unmet"),
        ("2026-02-15", "met"),
        ("2026-03-01", "unmet"),
    ] {
        let mut d = app.new_draft(None);
        d["date"] = json!(date);
        d["qualified"] =
            json!({ "needs": [{ "code": "food_baby_essentials", "qualifier": need }] });
        d["multi"] = json!({ "themes": ["civil_society"] });
        app.save(&d).unwrap();
    }
    let o = app.ok("own_overview", json!({ "filter": empty_filter() }));
    assert_eq!(o["encounters"], 3);
    assert_eq!(o["families"], 3);
    assert_eq!(
        o["per_month"],
        json!([{ "month": "2026-02", "encounters": 2, "families": 2 },
                                      { "month": "2026-03", "encounters": 1, "families": 1 }])
    );
    assert_eq!(
        o["unmet_needs"],
        json!([{ "code": "food_baby_essentials", "count": 2 }])
    );
    let mut feb = empty_filter();
    feb["to"] = json!("2026-02-28");
    assert_eq!(
        app.ok("own_overview", json!({ "filter": feb }))["encounters"],
        2
    );
    let mut bad = empty_filter();
    bad["from"] = json!("gisteren");
    assert_eq!(
        app.err("own_overview", json!({ "filter": bad }))["fields"][0]["field"],
        "from"
    );

    let cb = app.ok("get_codebook", json!({}));
    assert_eq!(cb["dimensions"].as_array().unwrap().len(), 25);
    assert_eq!(
        app.ok("passphrase_strength", json!({ "passphrase": "abc" }))["level"],
        "too_short"
    );
    app.ok("mark_ready", json!({}));
    // No system dialog in tests: choosing answers "nothing chosen".
    assert_eq!(
        app.ok("choose_folder", json!({ "title": "Map" })),
        Value::Null
    );
    assert_eq!(
        app.ok("choose_file", json!({ "title": "Bestand" })),
        Value::Null
    );
}

#[test]
fn a_vault_held_by_another_process_is_reported() {
    let app = App::unlocked();
    app.ok("lock_vault", json!({}));
    let _cli = veerkracht_store::Vault::open(&app.tmp.path().join("vault"), PASS).unwrap();
    let err = app.err("unlock_vault", json!({ "passphrase": PASS }));
    assert_eq!(err["kind"], "vault_in_use");
}

/// Families met once in March: half on the street, a quarter of them
/// each in one residence status (6 < k_high = 10: hidden), outcomes mixed.
fn fill(app: &App, families: usize) {
    let outcomes = ["no_solution_limits", "pending", "resolved"];
    let residence = [
        None,
        Some("undocumented"),
        Some("asylum_applicant"),
        Some("legal_resident_non_eu"),
    ];
    for i in 0..families {
        let mut d = app.new_draft(None);
        d["date"] = json!("2026-03-10");
        let housing = if i < 12 { "street" } else { "private_rental" };
        d["single"] = json!({ "housing_situation": housing, "outcome": outcomes[i % 3] });
        if let Some(r) = residence[i % 4] {
            d["single"]["residence_status"] = json!(r);
        }
        d["multi"] = json!({ "themes": ["housing"], "limits": ["no_capacity"] });
        d["qualified"] = json!({ "needs": [{ "code": "shelter_tonight", "qualifier": "unmet" }] });
        app.save(&d).unwrap();
    }
}

#[test]
fn a_package_is_previewed_exported_opened_and_merged() {
    let app = App::unlocked();
    fill(&app, 24);
    let request = json!({ "period": "2026-Q1", "k": null, "k_high": null });
    let preview = app.ok("preview_package", json!({ "request": request }));
    let total = preview["summary"]["signals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["dimension"] == "total")
        .unwrap()
        .clone();
    assert_eq!(total["families"], 24);
    let housing = preview["summary"]["signals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["dimension"] == "housing_situation" && r["code"] == "street")
        .unwrap()
        .clone();
    assert_eq!(
        housing["families"], 12,
        "twelve families on the street: published"
    );
    let small = preview["summary"]["signals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["dimension"] == "residence_status" && r["code"] == "not_asked")
        .unwrap()
        .clone();
    assert_eq!(
        small["status"], "suppressed",
        "6 < k_high = 10 for residence status"
    );
    assert_eq!(small["reason"], "small");
    assert!(small["families"].is_null());

    let out = app.tmp.path().join("packages/q1");
    let exported = app.ok(
        "export_package",
        json!({ "request": request, "folder": out.display().to_string() }),
    );
    let names: Vec<&str> = exported["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "signals.csv",
            "crosstabs.csv",
            "codebook.csv",
            "report.html",
            "signals.xlsx",
            "datapackage.json"
        ]
    );
    let again = app.err(
        "export_package",
        json!({ "request": request, "folder": out.display().to_string() }),
    );
    assert_eq!(
        again["kind"], "exists",
        "a package folder is never overwritten"
    );

    let opened = app.ok(
        "open_package",
        json!({ "folder": out.display().to_string() }),
    );
    assert_eq!(opened["problems"], json!([]));
    assert_eq!(opened["summary"]["period"], "2026-Q1");
    let merged = app.tmp.path().join("packages/merged");
    let err = app.err("merge_packages", json!({ "folders": [out.display().to_string(), out.display().to_string()], "folder": merged.display().to_string() }));
    assert_eq!(err["kind"], "invalid", "the same package twice: {err}");
    // One more encounter: a second package of the quarter would show what
    // changed about one family, so it is refused.
    let mut m = app.new_draft(None);
    m["date"] = json!("2026-02-01");
    m["single"] = json!({ "outcome": "resolved" });
    app.save(&m).unwrap();
    let refused = app.err(
        "export_package",
        json!({ "request": request, "folder": app.tmp.path().join("packages/q1-bis").display().to_string() }),
    );
    assert_eq!(refused["kind"], "invalid", "{refused}");
    assert!(
        refused["message"].as_str().unwrap().contains('5'),
        "{refused}"
    );
    // Another organisation's package of the quarter merges.
    let other = App::unlocked();
    fill(&other, 30);
    let second = other.tmp.path().join("packages/q1-other");
    other.ok(
        "export_package",
        json!({ "request": request, "folder": second.display().to_string() }),
    );
    let done = app.ok("merge_packages", json!({ "folders": [out.display().to_string(), second.display().to_string()], "folder": merged.display().to_string() }));
    assert!(done["files"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["name"] == "bounds.csv"));
    let opened = app.ok(
        "open_package",
        json!({ "folder": merged.display().to_string() }),
    );
    assert_eq!(opened["summary"]["sources"], 2);
    assert_eq!(opened["problems"], json!([]));
    assert_eq!(
        app.err(
            "open_package",
            json!({ "folder": app.tmp.path().display().to_string() })
        )["kind"],
        "not_found"
    );
    let bad = app.err(
        "preview_package",
        json!({ "request": { "period": "2026-Q5", "k": null, "k_high": null } }),
    );
    assert_eq!(bad["fields"][0]["field"], "period");
    let low = app.err(
        "preview_package",
        json!({ "request": { "period": "2026", "k": 2, "k_high": null } }),
    );
    assert_eq!(low["kind"], "invalid", "thresholds only go up");
}

#[test]
fn a_note_with_identifiers_is_refused_until_each_finding_is_handled() {
    let app = App::unlocked();
    let mut d = app.new_draft(None);
    d["multi"] = json!({ "themes": ["child_perspective_expressive_resilience"] });
    d["note"] = json!("Mama belt terug op 0478 12 34 56, haar dochter Amina is ziek.");
    let err = app.save(&d).unwrap_err();
    assert_eq!(err["kind"], "identifiers");
    let findings = err["findings"].as_array().unwrap().clone();
    let kinds: Vec<&str> = findings
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["phone", "name"], "{err}");
    assert_eq!(
        app.ok("list_encounters", json!({ "filter": empty_filter() }))["total"],
        0,
        "nothing saved yet"
    );
    // Confirming only one is not enough.
    let one = app
        .call(
            "save_encounter",
            json!({ "encounter": d, "confirmed": [findings[1]] }),
        )
        .unwrap_err();
    assert_eq!(one["findings"].as_array().unwrap().len(), 1);
    // Removing the phone number and confirming the name saves.
    d["note"] = json!("Mama belt terug, haar dochter Amina is ziek.");
    let saved = app
        .call(
            "save_encounter",
            json!({ "encounter": d, "confirmed": [findings[1]] }),
        )
        .unwrap();
    assert_eq!(saved["created"], true);
    let audit = app.ok("list_audit", json!({}));
    assert_eq!(audit[0]["action"], "confirmed_not_identifying");
    assert_eq!(audit[0]["detail"], "name", "the kind, never the text");
    assert_eq!(audit[1]["action"], "created");
    let scanned = app.ok("scan_note", json!({ "text": "mail naar x@example.org" }));
    assert_eq!(scanned[0]["kind"], "email");
}

#[test]
fn locking_makes_an_automatic_backup_that_restores_a_broken_vault() {
    let app = App::unlocked();
    let mut d = app.new_draft(None);
    d["single"] = json!({ "setting": "home_visit", "outcome": "pending" });
    app.save(&d).unwrap();
    let status = app.ok("lock_vault", json!({}));
    assert_eq!(status["automatic_backups"], 1, "a backup at every lock");
    // Break the database; unlocking now fails and offers the backup.
    let db = app.tmp.path().join("vault/db");
    std::fs::remove_dir_all(&db).unwrap();
    let err = app.err("unlock_vault", json!({ "passphrase": PASS }));
    assert_eq!(err["kind"], "damaged", "{err}");
    assert_eq!(
        app.err(
            "restore_latest_backup",
            json!({ "passphrase": "niet de juiste zin" })
        )["kind"],
        "wrong_passphrase"
    );
    let status = app.ok("restore_latest_backup", json!({ "passphrase": PASS }));
    assert_eq!(status["unlocked"], true);
    assert_eq!(
        app.ok("get_encounter", json!({ "id": d["id"] }))["single"]["setting"],
        "home_visit"
    );
    let aside: Vec<_> = std::fs::read_dir(app.tmp.path().join("vault"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("damaged-"))
        .collect();
    assert_eq!(aside.len(), 1, "what was there is kept aside, not deleted");
    let folder = app.tmp.path().join("manual");
    let path = app.ok(
        "backup_vault",
        json!({ "folder": folder.display().to_string() }),
    );
    assert!(std::path::Path::new(path.as_str().unwrap()).is_file());
    assert_eq!(
        app.ok("purge_expired", json!({})),
        0,
        "nothing is older than 24 months"
    );
}

#[test]
fn a_backup_file_becomes_the_vault_on_a_new_computer() {
    let old = App::unlocked();
    let mut d = old.new_draft(None);
    d["single"] = json!({ "setting": "remote", "outcome": "pending" });
    old.save(&d).unwrap();
    let folder = old.tmp.path().join("usb");
    let file = old.ok(
        "backup_vault",
        json!({ "folder": folder.display().to_string() }),
    );
    let new = App::new();
    let wrong = new.err(
        "restore_backup",
        json!({ "file": file, "passphrase": "niet de juiste zin" }),
    );
    assert_eq!(wrong["kind"], "wrong_passphrase");
    assert_eq!(
        new.ok("app_status", json!({}))["vault_exists"],
        false,
        "a failed restore leaves nothing"
    );
    let status = new.ok(
        "restore_backup",
        json!({ "file": file, "passphrase": PASS }),
    );
    assert_eq!(status["unlocked"], true);
    assert_eq!(
        new.ok("get_encounter", json!({ "id": d["id"] }))["single"]["setting"],
        "remote"
    );
    let again = new.err(
        "restore_backup",
        json!({ "file": file, "passphrase": PASS }),
    );
    assert_eq!(
        again["kind"], "vault_exists",
        "never over an existing vault"
    );
}

#[test]
fn every_command_refuses_garbage_with_an_error_kind_and_changes_nothing() {
    let app = App::unlocked();
    let mut d = app.new_draft(None);
    d["single"] = json!({ "setting": "remote", "outcome": "pending" });
    app.save(&d).unwrap();
    let snapshot = |app: &App| {
        (
            app.ok("list_encounters", json!({ "filter": empty_filter() })),
            app.ok("list_audit", json!({})).as_array().unwrap().len(),
        )
    };
    let before = snapshot(&app);
    let huge = "x".repeat(10 * 1024 * 1024);
    let with = |f: &dyn Fn(&mut Value)| {
        let mut x = app.new_draft(None);
        f(&mut x);
        json!({ "encounter": x, "confirmed": [] })
    };
    let cases: Vec<(&str, &str, Value, &str)> = vec![
        (
            "10 MB note",
            "save_encounter",
            with(&|x| x["note"] = json!(huge)),
            "invalid",
        ),
        (
            "control characters",
            "save_encounter",
            with(&|x| x["note"] = json!("bel\u{7}mij")),
            "invalid",
        ),
        (
            "unknown code",
            "save_encounter",
            with(&|x| x["single"] = json!({ "setting": "moon" })),
            "invalid",
        ),
        (
            "10 MB code",
            "save_encounter",
            with(&|x| x["single"] = json!({ "setting": huge })),
            "invalid",
        ),
        (
            "unknown dimension",
            "save_encounter",
            with(&|x| x["single"] = json!({ "nationality": "x" })),
            "invalid",
        ),
        (
            "wrong shape",
            "save_encounter",
            with(&|x| x["multi"] = json!({ "outcome": ["resolved"] })),
            "invalid",
        ),
        (
            "future date",
            "save_encounter",
            with(&|x| x["date"] = json!("2999-01-01")),
            "invalid",
        ),
        (
            "ancient date",
            "save_encounter",
            with(&|x| x["date"] = json!("1899-12-31")),
            "invalid",
        ),
        (
            "garbage date",
            "save_encounter",
            with(&|x| x["date"] = json!("gisteren")),
            "invalid",
        ),
        (
            "garbage id",
            "save_encounter",
            with(&|x| x["id"] = json!("not-an-id")),
            "invalid",
        ),
        (
            "typed family code",
            "save_encounter",
            with(&|x| x["family"] = json!("ZZZZ-ZZZZ")),
            "invalid",
        ),
        (
            "empty encounter",
            "save_encounter",
            with(&|x| x["single"] = json!({ "setting": "remote" })),
            "invalid",
        ),
        (
            "follow-up in the past",
            "set_follow_up",
            json!({ "family": d["family"], "date": "2001-01-01" }),
            "invalid",
        ),
        (
            "follow-up for a stranger",
            "set_follow_up",
            json!({ "family": "ZZZZ-ZZZZ", "date": "2999-01-01" }),
            "invalid",
        ),
        (
            "garbage draft",
            "keep_draft",
            json!({ "draft": { "encounter": { "id": "x", "family": "y", "date": "", "single": {}, "multi": {}, "qualified": {}, "note": null, "demo": false }, "is_new": true } }),
            "invalid",
        ),
        (
            "wrong current passphrase",
            "change_passphrase",
            json!({ "current": "niet de juiste zin", "replacement": "een nieuwe lange zin" }),
            "wrong_passphrase",
        ),
        (
            "garbage family",
            "start_encounter",
            json!({ "family": "\u{0}\u{0}" }),
            "invalid",
        ),
        (
            "garbage get id",
            "get_encounter",
            json!({ "id": huge }),
            "invalid",
        ),
        (
            "garbage delete id",
            "delete_encounter",
            json!({ "id": "'; drop table" }),
            "invalid",
        ),
        (
            "garbage timeline",
            "family_timeline",
            json!({ "family": "Jan Peeters" }),
            "invalid",
        ),
        (
            "bad filter date",
            "list_encounters",
            json!({ "filter": { "family": null, "from": "32/13/2026", "to": null, "theme": null, "need": null, "need_status": null, "outcome": null, "municipality": null, "text": null, "limit": null, "offset": null } }),
            "invalid",
        ),
        (
            "bad period",
            "preview_package",
            json!({ "request": { "period": "2026-Q9", "k": null, "k_high": null } }),
            "invalid",
        ),
        (
            "k too low",
            "export_package",
            json!({ "request": { "period": "2026", "k": 1, "k_high": null }, "folder": "/tmp/never" }),
            "invalid",
        ),
        (
            "not a package",
            "open_package",
            json!({ "folder": "/nonexistent" }),
            "not_found",
        ),
        (
            "garbage backup",
            "restore_backup",
            json!({ "file": "/etc/hostname", "passphrase": PASS }),
            "damaged",
        ),
        (
            "huge organisation",
            "set_preferences",
            json!({ "preferences": { "language": "nl", "organisation": huge, "auto_lock_minutes": 5, "retention_months": 24, "backups_keep": 5 } }),
            "invalid",
        ),
    ];
    for (name, cmd, args, kind) in &cases {
        let err = app.err(cmd, args.clone());
        assert_eq!(err["kind"], *kind, "{name}: {err}");
        assert!(
            err["message"].as_str().unwrap().len() < 2_000,
            "{name}: a short message"
        );
        assert_eq!(snapshot(&app), before, "{name}: nothing changed");
    }
    println!(
        "app bad-input matrix: {} cases, nothing changed",
        cases.len()
    );
}

#[test]
fn an_encounter_without_a_theme_a_need_or_an_outcome_is_not_saved() {
    let app = App::unlocked();
    let mut d = app.new_draft(None);
    d["single"] = json!({ "setting": "home_visit", "municipality": "molenbeek" });
    let err = app.save(&d).unwrap_err();
    assert_eq!(err["kind"], "invalid");
    assert_eq!(err["fields"][0]["field"], "content");
    assert_eq!(err["fields"][0]["rule"], "empty_encounter");
    assert_eq!(
        err["fields"][0]["message"],
        "an encounter has at least a theme, a need or an outcome"
    );
    assert_eq!(
        app.ok("list_encounters", json!({ "filter": empty_filter() }))["total"],
        0
    );
    let cb = app.ok("get_codebook", json!({}));
    assert_eq!(
        cb["limits"]["content_any_of"],
        json!(["themes", "theme_details", "needs", "outcome"]),
        "the form says the rule it is given"
    );
    assert_eq!(
        cb["limits"]["limits_required_by_outcome"],
        "no_solution_limits"
    );
}

#[test]
fn the_unsaved_encounter_is_sealed_at_the_lock_and_offered_after_unlock() {
    let app = App::unlocked();
    let mut d = app.new_draft(None);
    d["date"] = json!("");
    d["note"] = json!("Half getypt: morgen de opvang bellen.");
    d["multi"] = json!({ "themes": ["housing"] });
    let status = app.ok(
        "lock_vault",
        json!({ "draft": { "encounter": d, "is_new": true } }),
    );
    assert_eq!(status["unlocked"], false);
    let raw = std::fs::read_dir(app.tmp.path().join("vault/db"))
        .unwrap()
        .flatten()
        .map(|f| std::fs::read(f.path()).unwrap_or_default())
        .any(|bytes| bytes.windows(11).any(|w| w == b"Half getypt"));
    assert!(
        !raw,
        "the draft is sealed, not readable in the vault's files"
    );

    app.ok("unlock_vault", json!({ "passphrase": PASS }));
    let back = app.ok("saved_draft", json!({}));
    assert_eq!(
        back["encounter"], d,
        "handed back as it was, without a date"
    );
    assert_eq!(back["is_new"], true);
    let mut finished = back["encounter"].clone();
    finished["date"] = json!("2026-03-01");
    app.save(&finished)
        .expect("a new family's draft saves after the unlock");
    assert_eq!(
        app.ok("saved_draft", json!({})),
        Value::Null,
        "saved, so gone"
    );

    let mut other = app.new_draft(None);
    other["note"] = json!("weg ermee");
    app.ok(
        "keep_draft",
        json!({ "draft": { "encounter": other, "is_new": true } }),
    );
    app.ok("discard_draft", json!({}));
    app.ok("lock_vault", json!({ "draft": null }));
    app.ok("unlock_vault", json!({ "passphrase": PASS }));
    assert_eq!(
        app.ok("saved_draft", json!({})),
        Value::Null,
        "discarded, so gone"
    );
}

#[test]
fn a_follow_up_is_planned_listed_due_and_cleared() {
    let app = App::unlocked();
    let mut d = app.new_draft(None);
    d["single"] = json!({ "outcome": "pending" });
    app.save(&d).unwrap();
    let family = d["family"].as_str().unwrap();
    let today = chrono::Local::now().date_naive();
    app.ok(
        "set_follow_up",
        json!({ "family": family, "date": today.to_string() }),
    );
    let planned = app.ok("list_follow_ups", json!({}));
    assert_eq!(
        planned,
        json!([{ "family": family, "date": today.to_string(), "due": true }])
    );
    let families = app.ok("list_families", json!({}));
    assert_eq!(families[0]["follow_up"], today.to_string());
    assert_eq!(families[0]["due"], true);
    let timeline = app.ok("family_timeline", json!({ "family": family }));
    assert_eq!(timeline["now"]["follow_up"], today.to_string());
    app.ok("set_follow_up", json!({ "family": family, "date": null }));
    assert_eq!(app.ok("list_follow_ups", json!({})), json!([]));
}

#[test]
fn the_language_is_saved_alone_and_the_messages_follow() {
    let app = App::unlocked();
    app.ok(
        "set_preferences",
        json!({ "preferences": { "language": "nl", "organisation": "SAAMO", "auto_lock_minutes": 7, "retention_months": 24, "backups_keep": 5 } }),
    );
    let status = app.ok("set_language", json!({ "language": "fr" }));
    assert_eq!(status["preferences"]["language"], "fr");
    assert_eq!(
        status["preferences"]["organisation"], "SAAMO",
        "the rest stays"
    );
    assert_eq!(status["preferences"]["auto_lock_minutes"], 7);
    let err = app.err(
        "preview_package",
        json!({ "request": { "period": "hier", "k": null, "k_high": null } }),
    );
    assert!(
        err["fields"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("attendu : une période"),
        "{err}"
    );
    let preview = app.err(
        "preview_package",
        json!({ "request": { "period": "Q3 2026", "k": 3, "k_high": null } }),
    );
    assert_eq!(
        preview["fields"][0]["field"], "k",
        "Q3 2026 reads as a period: {preview}"
    );
    app.err("set_language", json!({ "language": "de" }));
}

#[test]
fn the_passphrase_changes_in_the_app_with_the_current_one() {
    let app = App::unlocked();
    app.ok(
        "change_passphrase",
        json!({ "current": PASS, "replacement": "een heel andere zin nu" }),
    );
    app.ok("lock_vault", json!({}));
    assert_eq!(
        app.err("unlock_vault", json!({ "passphrase": PASS }))["kind"],
        "wrong_passphrase"
    );
    app.ok(
        "unlock_vault",
        json!({ "passphrase": "een heel andere zin nu" }),
    );
    let audit = app.ok("list_audit", json!({}));
    assert!(audit
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["action"] == "passphrase_changed"));
}

#[test]
fn demo_data_shows_in_the_status_and_is_removed_on_request() {
    let app = App::unlocked();
    let mut real = app.new_draft(None);
    real["single"] = json!({ "outcome": "resolved" });
    app.save(&real).unwrap();
    app.ok("lock_vault", json!({}));
    {
        let dir = app.tmp.path().join("vault");
        let mut s = veerkracht_usecases::Session::open(&dir, PASS, None).unwrap();
        let spec =
            veerkracht_usecases::demo::spec(4, 20, 3, chrono::Local::now().date_naive()).unwrap();
        s.add(veerkracht_core::demo::generate(
            veerkracht_core::Codebook::embedded(),
            &spec,
        ))
        .unwrap();
    }
    let status = app.ok("unlock_vault", json!({ "passphrase": PASS }));
    assert_eq!(status["demo_encounters"], 20);
    assert_eq!(app.ok("remove_demo", json!({})), 20);
    assert_eq!(app.ok("app_status", json!({}))["demo_encounters"], 0);
    assert_eq!(
        app.ok("list_encounters", json!({ "filter": empty_filter() }))["total"],
        1,
        "the real encounter stays"
    );
}

#[test]
fn exports_are_listed_with_their_period_and_time() {
    let app = App::unlocked();
    let mut d = app.new_draft(None);
    d["date"] = json!("2026-03-10");
    d["single"] = json!({ "outcome": "pending" });
    app.save(&d).unwrap();
    assert_eq!(app.ok("export_history", json!({})), json!([]));
    let out = app.tmp.path().join("packages/q1");
    app.ok(
        "export_package",
        json!({ "request": { "period": "2026-Q1", "k": null, "k_high": null }, "folder": out.display().to_string() }),
    );
    let history = app.ok("export_history", json!({}));
    assert_eq!(history.as_array().unwrap().len(), 1);
    assert_eq!(history[0]["period"], "2026-Q1");
    assert_eq!(history[0]["in_ledger"], true);
    assert!(history[0]["at"].as_str().unwrap().ends_with('Z'));
}

#[test]
fn packages_open_and_merge_without_a_vault() {
    let maker = App::unlocked();
    let mut d = maker.new_draft(None);
    d["date"] = json!("2026-03-10");
    d["single"] = json!({ "outcome": "pending" });
    maker.save(&d).unwrap();
    let (a, b) = (maker.tmp.path().join("a"), maker.tmp.path().join("b"));
    for (folder, period) in [(&a, "2026-Q1"), (&b, "2026")] {
        maker.ok(
            "export_package",
            json!({ "request": { "period": period, "k": null, "k_high": null }, "folder": folder.display().to_string() }),
        );
    }
    let researcher = App::new();
    assert_eq!(
        researcher.ok("app_status", json!({}))["vault_exists"],
        false
    );
    let opened = researcher.ok("open_package", json!({ "folder": a.display().to_string() }));
    assert_eq!(opened["summary"]["period"], "2026-Q1");
    let err = researcher.err(
        "merge_packages",
        json!({ "folders": [a.display().to_string(), b.display().to_string()], "folder": researcher.tmp.path().join("m").display().to_string() }),
    );
    assert_eq!(err["kind"], "invalid");
    assert_eq!(
        err["message"],
        "Only packages of one period can be merged: 2026-Q1 and 2026 differ. To follow figures over time, use 'series'."
    );
}

/// Issue 19, finding 8: the auto-lock lived only in the web view's timer.
/// The backend now locks by itself when no activity was reported for the
/// auto-lock time plus a grace period; the draft the UI kept stays sealed
/// and is offered after the unlock, and a backup is made as at every lock.
#[test]
fn the_backend_locks_an_idle_session_by_itself() {
    use std::time::{Duration, SystemTime};
    use tauri::Manager;
    use veerkracht_app::state::{Shared, BACKEND_LOCK_GRACE};
    let app = App::unlocked();
    let state = app._app.state::<Shared>().inner().clone();
    let minutes = Duration::from_secs(5 * 60); // the default setting
    let mut d = app.new_draft(None);
    d["note"] = json!("Half getypt voor de pauze.");
    app.ok(
        "keep_draft",
        json!({ "draft": { "encounter": d, "is_new": true } }),
    );

    app.ok("keep_alive", json!({}));
    let t0 = SystemTime::now();
    assert!(
        !state.lock_if_idle(t0 + minutes),
        "within the setting: open"
    );
    assert!(
        !state.lock_if_idle(t0 + minutes + BACKEND_LOCK_GRACE - Duration::from_secs(2)),
        "within the grace the web view's own lock goes first"
    );
    assert_eq!(app.ok("app_status", json!({}))["unlocked"], true);
    app.ok("keep_alive", json!({}));
    let t1 = SystemTime::now();
    assert!(
        !state.lock_if_idle(t1 + minutes),
        "reported activity starts the count again"
    );
    assert!(
        !state.lock_if_idle(t1 - Duration::from_secs(3600)),
        "a clock set back is not idle time"
    );
    assert!(state.lock_if_idle(t1 + minutes + BACKEND_LOCK_GRACE + Duration::from_secs(1)));
    let status = app.ok("app_status", json!({}));
    assert_eq!(status["unlocked"], false, "locked by the backend");
    assert_eq!(status["automatic_backups"], 1, "a backup, as at every lock");
    assert_eq!(status["locked_by"], "idle", "the unlock screen says why");
    assert_eq!(
        app.err("list_families", json!({}))["kind"],
        "locked",
        "nothing can be read any more"
    );

    app.ok("unlock_vault", json!({ "passphrase": PASS }));
    assert_eq!(app.ok("app_status", json!({}))["locked_by"], Value::Null);
    assert_eq!(
        app.ok("saved_draft", json!({}))["encounter"]["note"],
        "Half getypt voor de pauze.",
        "the kept draft comes back"
    );
}

/// An export being worked out is given up by the export screen's stop
/// button (`stop_exports`, also sent when that screen is left) and by every
/// lock: the worker's, the backend's when idle, and the system's. A stop
/// reaches only the exports running then.
#[test]
fn the_stop_button_and_every_lock_give_up_the_exports_running() {
    use std::time::{Duration, SystemTime};
    use tauri::Manager;
    use veerkracht_app::state::{Shared, BACKEND_LOCK_GRACE};
    let app = App::unlocked();
    let state = app._app.state::<Shared>().inner().clone();
    let running = || state.begin_export();
    let is_set = |s: &std::sync::Arc<std::sync::atomic::AtomicBool>| {
        s.load(std::sync::atomic::Ordering::Relaxed)
    };

    let export = running();
    app.ok("stop_exports", json!({}));
    assert!(is_set(&export), "the stop button");
    assert!(!is_set(&running()), "an export started after it runs");

    let export = running();
    app.ok("lock_vault", json!({}));
    assert!(is_set(&export), "the worker's lock");

    app.ok("unlock_vault", json!({ "passphrase": PASS }));
    let export = running();
    assert!(state.lock_now());
    assert!(is_set(&export), "the system's lock");

    app.ok("unlock_vault", json!({ "passphrase": PASS }));
    let export = running();
    let later = SystemTime::now() + Duration::from_secs(5 * 60) + BACKEND_LOCK_GRACE;
    assert!(state.lock_if_idle(later + Duration::from_secs(1)));
    assert!(is_set(&export), "the backend's lock when idle");
}
