//! A realistic synthetic caseload, for demonstrations, tests and benchmarks.
//!
//! Every encounter is marked `demo`. The distributions follow the situations
//! the report describes rather than uniform noise: undocumented families are
//! more often in squats, informal hosting or on the street; families without
//! a roof have unmet shelter needs with short urgency; "botsen op grenzen"
//! comes with the limits that go with the family's status; situations evolve
//! from one encounter to the next. Deterministic for a seed and an end date.

use crate::codebook::Codebook;
use crate::encounter::{Answer, Encounter, Qualified};
use crate::FamilyCode;
use chrono::{Duration, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use uuid::Uuid;

/// What to generate.
#[derive(Debug, Clone)]
pub struct DemoSpec {
    pub families: usize,
    pub encounters: usize,
    pub seed: u64,
    /// The last date encounters may carry (usually today).
    pub until: NaiveDate,
    /// How many days back the caseload reaches.
    pub days: i64,
}

type Weights<'a> = &'a [(&'static str, u32)];

fn pick(rng: &mut ChaCha8Rng, items: Weights) -> &'static str {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut roll = rng.gen_range(0..total);
    for (item, w) in items {
        if roll < *w {
            return item;
        }
        roll -= w;
    }
    items[items.len() - 1].0
}

/// Picks between `count.start` and `count.end - 1` distinct items by weight.
fn pick_n(
    rng: &mut ChaCha8Rng,
    items: Weights,
    count: std::ops::Range<usize>,
) -> Vec<&'static str> {
    let n = rng.gen_range(count);
    let mut pool: Vec<(&'static str, u32)> = items.to_vec();
    let mut out = Vec::new();
    while out.len() < n && !pool.is_empty() {
        let chosen = pick(rng, &pool);
        pool.retain(|(i, _)| *i != chosen);
        out.push(chosen);
    }
    out
}

const MUNICIPALITIES: Weights = &[
    ("molenbeek", 14),
    ("schaerbeek", 13),
    ("anderlecht", 13),
    ("brussels_city", 14),
    ("saint_josse", 7),
    ("saint_gilles", 6),
    ("forest", 5),
    ("ixelles", 5),
    ("etterbeek", 3),
    ("evere", 3),
    ("jette", 3),
    ("koekelberg", 2),
    ("ganshoren", 1),
    ("berchem_sainte_agathe", 1),
    ("uccle", 2),
    ("auderghem", 1),
    ("watermael_boitsfort", 1),
    ("woluwe_saint_lambert", 1),
    ("woluwe_saint_pierre", 1),
    ("no_fixed_place", 3),
    ("outside_brussels", 1),
    ("unknown", 1),
];

const RESIDENCE: Weights = &[
    ("belgian_or_registered_eu", 18),
    ("eu_unregistered", 5),
    ("legal_resident_non_eu", 14),
    ("asylum_applicant", 9),
    ("protection_granted", 6),
    ("procedure_pending", 8),
    ("undocumented", 26),
    ("mixed_household", 5),
    ("unknown", 4),
    ("not_asked", 5),
];

const HOUSING_UNDOCUMENTED: Weights = &[
    ("squat_or_occupation", 20),
    ("informal_hosting", 20),
    ("staying_with_others", 15),
    ("street", 10),
    ("emergency_shelter", 12),
    ("private_rental", 15),
    ("shelter_home", 5),
    ("unknown", 3),
];
const HOUSING_ASYLUM: Weights = &[
    ("asylum_reception", 50),
    ("emergency_shelter", 10),
    ("staying_with_others", 10),
    ("informal_hosting", 10),
    ("street", 5),
    ("private_rental", 15),
];
const HOUSING_SETTLED: Weights = &[
    ("private_rental", 45),
    ("social_housing", 20),
    ("transit_housing", 5),
    ("shelter_home", 5),
    ("staying_with_others", 8),
    ("emergency_shelter", 4),
    ("owner", 3),
    ("other", 3),
    ("unknown", 2),
];

const ROOFLESS: [&str; 4] = [
    "street",
    "emergency_shelter",
    "squat_or_occupation",
    "informal_hosting",
];
const INSECURE_HOUSING: [&str; 4] = [
    "staying_with_others",
    "shelter_home",
    "transit_housing",
    "asylum_reception",
];

/// The family's situation; it drifts between encounters.
#[derive(Clone)]
struct Family {
    code: FamilyCode,
    municipality: &'static str,
    household: &'static str,
    children: &'static str,
    ages: Vec<&'static str>,
    residence: &'static str,
    housing: &'static str,
    income: &'static str,
    multiproblem: bool,
    weak_domains: Vec<&'static str>,
}

fn is_undocumented(residence: &str) -> bool {
    matches!(residence, "undocumented" | "eu_unregistered")
}

fn is_in_procedure(residence: &str) -> bool {
    matches!(residence, "asylum_applicant" | "procedure_pending")
}

fn housing_for(rng: &mut ChaCha8Rng, residence: &str) -> &'static str {
    if is_undocumented(residence) {
        pick(rng, HOUSING_UNDOCUMENTED)
    } else if is_in_procedure(residence) {
        pick(rng, HOUSING_ASYLUM)
    } else {
        pick(rng, HOUSING_SETTLED)
    }
}

fn new_family(rng: &mut ChaCha8Rng) -> Family {
    let residence = pick(rng, RESIDENCE);
    let housing = housing_for(rng, residence);
    let income = if is_undocumented(residence) {
        pick(
            rng,
            &[
                ("informal_irregular", 35),
                ("no_income", 30),
                ("community_support", 20),
                ("material_aid_only", 15),
            ],
        )
    } else if is_in_procedure(residence) {
        pick(
            rng,
            &[
                ("material_aid_only", 50),
                ("no_income", 20),
                ("social_assistance", 20),
                ("informal_irregular", 10),
            ],
        )
    } else {
        pick(
            rng,
            &[
                ("social_assistance", 30),
                ("replacement_income", 20),
                ("precarious_work", 25),
                ("stable_work", 10),
                ("no_income", 5),
                ("other", 5),
                ("unknown", 5),
            ],
        )
    };
    let children = pick(
        rng,
        &[
            ("n1", 30),
            ("n2", 30),
            ("n3", 20),
            ("n4_plus", 15),
            ("unknown", 5),
        ],
    );
    let bands = match children {
        "n1" => 1,
        "n2" => 2,
        _ => 3,
    };
    let mut ages = pick_n(
        rng,
        &[
            ("age_0_1", 30),
            ("age_1_3", 30),
            ("age_3_6", 25),
            ("age_6_12", 15),
            ("age_12_18", 5),
        ],
        bands..bands + 1,
    );
    if rng.gen_bool(0.15) {
        ages.insert(0, "prenatal");
    }
    let mut weak_domains = Vec::new();
    let roofless = ROOFLESS.contains(&housing);
    for (domain, p) in [
        (
            "kg_monthly_income",
            if matches!(income, "stable_work") {
                0.2
            } else {
                0.85
            },
        ),
        ("kg_parents_education", 0.5),
        ("kg_child_stimulation", 0.3),
        (
            "kg_parents_employment",
            if matches!(income, "stable_work" | "precarious_work") {
                0.3
            } else {
                0.85
            },
        ),
        ("kg_housing", if roofless { 0.95 } else { 0.45 }),
        ("kg_health", 0.35),
    ] {
        if rng.gen_bool(p) {
            weak_domains.push(domain);
        }
    }
    Family {
        code: FamilyCode::generate(rng),
        municipality: if housing == "street" && rng.gen_bool(0.4) {
            "no_fixed_place"
        } else {
            pick(rng, MUNICIPALITIES)
        },
        household: pick(
            rng,
            &[
                ("single_mother", 38),
                ("two_parents", 35),
                ("with_extended_family", 10),
                ("single_father", 5),
                ("minor_parent", 3),
                ("other_caregiver", 4),
                ("unknown", 5),
            ],
        ),
        children,
        ages,
        residence,
        housing,
        income,
        multiproblem: rng.gen_bool(0.3),
        weak_domains,
    }
}

/// Moves a family's situation on a little between encounters.
fn evolve(rng: &mut ChaCha8Rng, f: &mut Family) {
    if rng.gen_bool(0.04) {
        f.residence = match f.residence {
            "asylum_applicant" => pick(
                rng,
                &[
                    ("protection_granted", 50),
                    ("undocumented", 30),
                    ("procedure_pending", 20),
                ],
            ),
            "procedure_pending" => {
                pick(rng, &[("legal_resident_non_eu", 50), ("undocumented", 50)])
            }
            "not_asked" | "unknown" => pick(rng, RESIDENCE),
            other => other,
        };
    }
    if rng.gen_bool(0.15) {
        f.housing = if ROOFLESS.contains(&f.housing) && rng.gen_bool(0.5) {
            pick(
                rng,
                &[
                    ("emergency_shelter", 30),
                    ("shelter_home", 25),
                    ("transit_housing", 15),
                    ("informal_hosting", 20),
                    ("private_rental", 10),
                ],
            )
        } else {
            housing_for(rng, f.residence)
        };
    }
    if rng.gen_bool(0.05) {
        f.municipality = pick(rng, MUNICIPALITIES);
    }
}

const NOTES: [&str; 8] = [
    "Demo: moeder vertelt dat de opvang morgen opnieuw vol is; opvolging volgende week.",
    "Demo: gezin komt via de inloop; vraag naar luiers en melkpoeder.",
    "Demo: de kinderen slapen slecht sinds de verhuis; samen gekeken naar rustmomenten.",
    "Demo: afspraak bij het OCMW gaat niet door zonder referentieadres.",
    "Démo : la famille a trouvé un hébergement temporaire via une association de quartier.",
    "Démo : la mère cherche une place en crèche pour pouvoir suivre un cours de langue.",
    "Demo: the school reports absences; the family moved shelters twice this month.",
    "Demo: warm referral to a medical NGO for the baby's vaccinations.",
];

fn encounter_for(rng: &mut ChaCha8Rng, cb: &Codebook, f: &Family, date: NaiveDate) -> Encounter {
    let mut e = Encounter::new(Uuid::from_bytes(rng.gen()), f.code.clone(), date, cb);
    // A v4-shaped id from the seeded generator keeps the caseload reproducible.
    e.id = uuid::Builder::from_random_bytes(*e.id.as_bytes()).into_uuid();
    e.demo = true;
    let roofless = ROOFLESS.contains(&f.housing);
    let undocumented = is_undocumented(f.residence);
    let single = |s: &str| Answer::Single(s.to_string());
    let multi = |v: &[&str]| Answer::Multi(v.iter().map(|s| s.to_string()).collect());

    let setting = if f.housing == "street" {
        pick(
            rng,
            &[
                ("outreach_public_space", 50),
                ("low_threshold_place", 30),
                ("shelter_or_reception", 20),
            ],
        )
    } else if matches!(
        f.housing,
        "emergency_shelter" | "shelter_home" | "asylum_reception"
    ) {
        pick(
            rng,
            &[
                ("shelter_or_reception", 45),
                ("consultation_centre", 25),
                ("low_threshold_place", 20),
                ("home_visit", 10),
            ],
        )
    } else {
        pick(
            rng,
            &[
                ("home_visit", 20),
                ("consultation_centre", 22),
                ("low_threshold_place", 15),
                ("school_or_childcare", 7),
                ("community_premises", 6),
                ("service_office", 8),
                ("hospital_maternity", 3),
                ("remote", 5),
                ("other", 1),
            ],
        )
    };
    e.set("setting", single(setting));
    e.set("municipality", single(f.municipality));
    let language = if matches!(f.residence, "belgian_or_registered_eu") {
        pick(
            rng,
            &[
                ("no_barrier", 85),
                ("interpreter_informal_adult", 10),
                ("unknown", 5),
            ],
        )
    } else {
        pick(
            rng,
            &[
                ("no_barrier", 35),
                ("interpreter_professional", 20),
                ("interpreter_informal_adult", 20),
                ("interpreter_child", 10),
                ("no_common_language", 10),
                ("unknown", 5),
            ],
        )
    };
    e.set("language_support", single(language));
    e.set("household_type", single(f.household));
    e.set("children_count", single(f.children));
    e.set("child_ages", multi(&f.ages));
    if f.residence != "not_asked" || rng.gen_bool(0.5) {
        e.set("residence_status", single(f.residence));
    }
    e.set("housing_situation", single(f.housing));
    e.set("income_source", single(f.income));

    let mut profile = Vec::new();
    if undocumented {
        profile.push("undocumented_family");
    }
    if roofless || INSECURE_HOUSING.contains(&f.housing) {
        profile.push("homeless_family");
    }
    if f.multiproblem {
        profile.push("multiproblem_family");
    }
    if matches!(f.housing, "street" | "squat_or_occupation") && rng.gen_bool(0.5) {
        profile.push("extreme_poverty");
    }
    if is_in_procedure(f.residence) && rng.gen_bool(0.6) {
        profile.push("recent_migration");
    }
    if matches!(f.income, "precarious_work" | "stable_work") {
        profile.push("working_poor");
    }
    e.set("precarity_profile", multi(&profile));

    let mut flags = Vec::new();
    if !roofless && rng.gen_bool(0.35) {
        flags.push("overcrowded");
    }
    if rng.gen_bool(0.25) {
        flags.push("unsafe_unhealthy");
    }
    if rng.gen_bool(0.15) {
        flags.push("unstable_moves");
    }
    if f.housing == "private_rental" && rng.gen_bool(0.3) {
        flags.push("unaffordable");
    }
    if f.housing == "private_rental" && rng.gen_bool(0.08) {
        flags.push("eviction_threat");
    }
    e.set("housing_flags", multi(&flags));
    let fin = pick_n(
        rng,
        &[
            ("food_insecurity", 30),
            ("baby_basics_unaffordable", 25),
            ("debts", 20),
            ("utility_arrears", 10),
            ("no_bank_account", 10),
            ("child_benefit_missing", 5),
        ],
        0..3,
    );
    e.set("financial_flags", multi(&fin));
    let mut problems = vec!["financial_poverty"];
    if undocumented || is_in_procedure(f.residence) {
        problems.push("residence_insecurity");
    }
    if roofless {
        problems.push("homelessness");
    } else if rng.gen_bool(0.4) {
        problems.push("housing");
    }
    if f.multiproblem {
        problems.extend(pick_n(
            rng,
            &[
                ("relational_problems", 20),
                ("psychological_vulnerability", 25),
                ("unemployment", 20),
                ("parenting_stress", 15),
                ("social_isolation", 10),
                ("physical_health", 10),
            ],
            2..3,
        ));
    }
    e.set("problem_domains", multi(&problems));

    // Needs follow the situation; statuses are worse without papers.
    let mut needs: Vec<(&str, &str)> = Vec::new();
    let status = |rng: &mut ChaCha8Rng, harsh: bool| {
        if harsh {
            pick(rng, &[("met", 20), ("pending", 30), ("unmet", 50)])
        } else {
            pick(rng, &[("met", 50), ("pending", 30), ("unmet", 20)])
        }
    };
    if roofless {
        needs.push(("shelter_tonight", status(rng, true)));
    }
    if roofless || INSECURE_HOUSING.contains(&f.housing) || flags.contains(&"eviction_threat") {
        needs.push(("stable_housing", status(rng, true)));
    }
    let others = pick_n(
        rng,
        &[
            ("food_baby_essentials", 20),
            ("medical_care_access", if undocumented { 20 } else { 8 }),
            ("preventive_child_health", 15),
            (
                "legal_residence_advice",
                if undocumented || is_in_procedure(f.residence) {
                    15
                } else {
                    1
                },
            ),
            ("income_rights_access", 10),
            ("admin_documents", 10),
            ("childcare_place", 8),
            ("parenting_support", 8),
            ("information_orientation", 10),
            ("mental_health_support", 5),
            (
                "perinatal_care",
                if f.ages.contains(&"prenatal") { 20 } else { 1 },
            ),
            ("school_enrolment", 4),
            ("language_interpreting", 4),
            ("debt_budget_help", 4),
            ("social_contact", 4),
            ("clothing_material", 6),
        ],
        1..4,
    );
    for n in others {
        let harsh = undocumented
            && matches!(
                n,
                "medical_care_access" | "income_rights_access" | "legal_residence_advice"
            );
        needs.push((n, status(rng, harsh)));
    }
    e.set(
        "needs",
        Answer::MultiStatus(needs.iter().map(|(c, s)| Qualified::new(*c, *s)).collect()),
    );
    let shelter_unmet = needs
        .iter()
        .any(|(c, s)| *c == "shelter_tonight" && *s == "unmet");
    let any_unmet = needs.iter().any(|(_, s)| *s == "unmet");

    // Actors and the themes they carry.
    let mut actors: Vec<(&str, &str)> = Vec::new();
    for a in pick_n(
        rng,
        &[
            ("bridge_figure", 15),
            ("low_threshold_place", 12),
            ("ocmw_cpas", 12),
            ("kind_en_gezin", 12),
            ("caw", 10),
            ("medical_ngo", if undocumented { 10 } else { 2 }),
            ("homeless_services", if roofless { 15 } else { 2 }),
            ("religious_org", 5),
            ("citizen_initiative", 6),
            ("ethnocultural_self_org", 4),
            ("food_material_aid", 8),
            ("informal_network", 6),
            ("huis_van_het_kind", 5),
            ("school_clb", 4),
            ("primary_care", 4),
            ("legal_aid", if undocumented { 6 } else { 2 }),
            (
                "asylum_reception",
                if is_in_procedure(f.residence) { 8 } else { 0 },
            ),
            ("volunteers", 3),
        ]
        .iter()
        .copied()
        .filter(|(_, w)| *w > 0)
        .collect::<Vec<_>>(),
        1..4,
    ) {
        let role = if matches!(a, "homeless_services" | "asylum_reception") && roofless {
            pick(
                rng,
                &[
                    ("full_or_unreachable", 50),
                    ("contacted_now", 30),
                    ("referred_to", 20),
                ],
            )
        } else {
            pick(
                rng,
                &[
                    ("already_involved", 40),
                    ("contacted_now", 20),
                    ("referred_to", 30),
                    ("refused_by_actor", 5),
                    ("declined_by_family", 5),
                ],
            )
        };
        actors.push((a, role));
    }
    e.set(
        "actors",
        Answer::MultiRole(actors.iter().map(|(c, r)| Qualified::new(*c, *r)).collect()),
    );

    let mut themes: Vec<&str> = Vec::new();
    for (a, _) in &actors {
        if let Some(t) = cb
            .dimension("actors")
            .and_then(|d| d.code(a))
            .and_then(|c| c.theme.as_deref())
        {
            if !themes.contains(&t) {
                themes.push(t);
            }
        }
    }
    let housing_theme = roofless || needs.iter().any(|(c, _)| *c == "stable_housing");
    if housing_theme && !themes.contains(&"housing") {
        themes.push("housing");
    }
    if rng.gen_bool(0.35) {
        themes.push("child_perspective_expressive_resilience");
    }
    let mut details: Vec<&str> = Vec::new();
    for t in &themes {
        let options: Weights = match *t {
            "bridge_figures_low_threshold" => &[
                ("t1_trust_relationship", 30),
                ("t1_navigation_referral", 30),
                ("t1_listening_ear", 20),
                ("t1_second_home", 10),
                ("t1_language_cultural_mediation", 10),
            ],
            "civil_society" => &[
                ("t2_material_solidarity", 35),
                ("t2_belonging_identity", 20),
                ("t2_information_network", 25),
                ("t2_untapped_link", 20),
            ],
            "child_perspective_expressive_resilience" => &[
                ("t3_child_voice", 20),
                ("t3_stability_safety", 30),
                ("t3_open_communication", 15),
                ("t3_play_development", 20),
                ("t3_resilient_acts", 15),
            ],
            _ => {
                if shelter_unmet {
                    &[
                        ("t4_no_housing_solution", 50),
                        ("t4_homelessness_risk", 40),
                        ("t4_informal_housing_solution", 10),
                    ]
                } else {
                    &[
                        ("t4_homelessness_risk", 25),
                        ("t4_informal_housing_solution", 25),
                        ("t4_formal_housing_solution", 20),
                        ("t4_inadequate_housing", 30),
                    ]
                }
            }
        };
        details.extend(pick_n(rng, options, 0..3));
    }
    // Record only some themes explicitly: a detail implies its theme.
    let recorded: Vec<&str> = themes
        .iter()
        .copied()
        .filter(|_| rng.gen_bool(0.85))
        .collect();
    e.set("themes", multi(&recorded));
    e.set("theme_details", multi(&details));
    let strengths = pick_n(
        rng,
        &[
            ("seeks_help_actively", 25),
            ("survival_creativity", 20),
            ("mobilises_network", 15),
            ("warm_parenting", 20),
            ("future_goals", 10),
            ("learning_language", 8),
            ("helps_others", 5),
            ("not_assessed", 10),
        ],
        0..3,
    );
    if !strengths.contains(&"not_assessed") || strengths.len() == 1 {
        e.set("strengths", multi(&strengths));
    }
    if themes.contains(&"child_perspective_expressive_resilience") || rng.gen_bool(0.3) {
        let mut child = vec!["child_present"];
        child.extend(pick_n(
            rng,
            &[
                ("instability_affects_child", 25),
                ("stress_signals", 20),
                ("no_play_space", 15),
                ("basic_needs_unmet", if roofless { 25 } else { 5 }),
                ("positive_wellbeing", 15),
                ("no_childcare_school", 10),
                ("child_adult_tasks", 5),
                ("safety_concern", 2),
            ],
            0..3,
        ));
        e.set("child_perspective", multi(&child));
    }

    let urgency = if shelter_unmet {
        pick(rng, &[("within_24h", 60), ("immediate", 40)])
    } else {
        pick(
            rng,
            &[
                ("none", 45),
                ("weeks", 25),
                ("days", 18),
                ("within_24h", 8),
                ("immediate", 4),
            ],
        )
    };
    e.set("urgency", single(urgency));
    if matches!(urgency, "days" | "within_24h" | "immediate") {
        let mut types = Vec::new();
        if needs.iter().any(|(c, _)| *c == "shelter_tonight") {
            types.push("no_shelter_tonight");
        }
        if needs.iter().any(|(c, _)| *c == "food_baby_essentials") {
            types.push("no_food_baby_basics");
        }
        if needs.iter().any(|(c, _)| *c == "medical_care_access") {
            types.push(pick(
                rng,
                &[("urgent_medical_child", 60), ("urgent_medical_parent", 40)],
            ));
        }
        if flags.contains(&"eviction_threat") {
            types.push("eviction_imminent");
        }
        if types.is_empty() {
            types.push("other");
        }
        e.set("urgency_types", multi(&types));
    }
    let mut actions = vec!["listened_informed"];
    actions.extend(pick_n(
        rng,
        &[
            ("warm_referral", 25),
            ("info_referral", 20),
            ("material_help", 20),
            ("accompanied", 10),
            ("advocacy_contact", 10),
            ("follow_up_planned", 25),
            ("case_consultation", 8),
            (
                "interpreting_arranged",
                if language.starts_with("interpreter") {
                    10
                } else {
                    1
                },
            ),
            ("emergency_arranged", if shelter_unmet { 5 } else { 3 }),
        ],
        0..3,
    ));
    e.set("actions", multi(&actions));

    let outcome = if any_unmet {
        pick(
            rng,
            &[
                ("no_solution_limits", 45),
                ("pending", 30),
                ("partially_resolved", 20),
                ("lost_contact", 5),
            ],
        )
    } else {
        pick(
            rng,
            &[
                ("resolved", 40),
                ("partially_resolved", 25),
                ("pending", 25),
                ("declined_by_family", 5),
                ("unknown", 5),
            ],
        )
    };
    e.set("outcome", single(outcome));
    if outcome == "no_solution_limits" || (outcome == "pending" && rng.gen_bool(0.3)) {
        let limits = pick_n(
            rng,
            &[
                ("excluded_by_status", if undocumented { 40 } else { 3 }),
                ("no_capacity", if roofless { 40 } else { 15 }),
                (
                    "needs_address_documents",
                    if roofless || undocumented { 20 } else { 5 },
                ),
                ("eligibility_rules", 10),
                ("cost_barrier", 10),
                ("language_in_service", 6),
                ("fragmented_competences", 8),
                ("service_refused", 6),
                ("fear_distrust", if undocumented { 10 } else { 3 }),
                ("rights_non_take_up", 6),
                ("worker_mandate_limit", 4),
                ("digital_only_access", 5),
            ],
            1..3,
        );
        e.set("limits", multi(&limits));
    }

    let mut known = Vec::new();
    for d in [
        "kg_monthly_income",
        "kg_parents_education",
        "kg_child_stimulation",
        "kg_parents_employment",
        "kg_housing",
        "kg_health",
    ] {
        if rng.gen_bool(0.7) {
            let v = if f.weak_domains.contains(&d) {
                "weak"
            } else {
                "not_weak"
            };
            known.push(Qualified::new(
                d,
                if rng.gen_bool(0.05) { "unknown" } else { v },
            ));
        }
    }
    e.set("kansarmoede", Answer::DomainScores(known));
    if rng.gen_bool(0.3) {
        e.note = Some(NOTES[rng.gen_range(0..NOTES.len())].to_string());
    }
    e
}

/// Generates the caseload, sorted by `(date, id)`.
pub fn generate(cb: &Codebook, spec: &DemoSpec) -> Vec<Encounter> {
    let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);
    let families = spec
        .families
        .min(spec.encounters)
        .max(usize::from(spec.encounters > 0));
    if families == 0 {
        return Vec::new();
    }
    // Every family gets one encounter; the rest go mostly to a minority of
    // families that are followed closely (a skewed, realistic caseload).
    let mut counts = vec![1usize; families];
    for _ in families..spec.encounters {
        let i = if rng.gen_bool(0.6) {
            rng.gen_range(0..families.div_ceil(4))
        } else {
            rng.gen_range(0..families)
        };
        counts[i] += 1;
    }
    let days = spec.days.max(1);
    let start = spec.until - Duration::days(days - 1);
    let mut out = Vec::with_capacity(spec.encounters);
    for count in counts {
        let mut family = new_family(&mut rng);
        let span = days.min(count as i64 * 30).max(1);
        let first = start + Duration::days(rng.gen_range(0..(days - span + 1).max(1)));
        let mut offsets: Vec<i64> = (0..count).map(|_| rng.gen_range(0..span)).collect();
        offsets.sort_unstable();
        for offset in offsets {
            let date = (first + Duration::days(offset)).min(spec.until);
            out.push(encounter_for(&mut rng, cb, &family, date));
            evolve(&mut rng, &mut family);
        }
    }
    out.sort_by_key(Encounter::sort_key);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::validate;

    fn spec(seed: u64) -> DemoSpec {
        DemoSpec {
            families: 60,
            encounters: 400,
            seed,
            until: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            days: 365,
        }
    }

    #[test]
    fn demo_caseload_is_valid_deterministic_and_marked() {
        let cb = Codebook::embedded();
        let a = generate(cb, &spec(1));
        assert_eq!(a.len(), 400);
        for e in &a {
            validate(e, cb, spec(1).until).unwrap_or_else(|errs| panic!("{e:?}: {errs:?}"));
            assert!(e.demo, "demo data is marked");
            assert!(e.date <= spec(1).until);
        }
        assert_eq!(a, generate(cb, &spec(1)), "same seed, same caseload");
        assert_ne!(a, generate(cb, &spec(2)));
        let families: std::collections::HashSet<_> = a.iter().map(|e| &e.family).collect();
        assert_eq!(families.len(), 60);
    }

    #[test]
    fn undocumented_families_are_more_often_without_a_roof() {
        let cb = Codebook::embedded();
        let all = generate(
            cb,
            &DemoSpec {
                families: 2000,
                encounters: 4000,
                ..spec(3)
            },
        );
        let share = |undoc: bool| {
            let group: Vec<_> = all
                .iter()
                .filter(|e| (e.single("residence_status") == Some("undocumented")) == undoc)
                .collect();
            let roofless = group
                .iter()
                .filter(|e| {
                    e.single("housing_situation")
                        .is_some_and(|h| ROOFLESS.contains(&h))
                })
                .count();
            roofless as f64 / group.len() as f64
        };
        assert!(
            share(true) > 1.5 * share(false),
            "{} vs {}",
            share(true),
            share(false)
        );
        let unmet_shelter: Vec<_> = all
            .iter()
            .filter(|e| {
                e.qualified("needs")
                    .iter()
                    .any(|q| q.code == "shelter_tonight" && q.qualifier == "unmet")
            })
            .collect();
        assert!(!unmet_shelter.is_empty());
        assert!(
            unmet_shelter
                .iter()
                .all(|e| matches!(e.single("urgency"), Some("within_24h" | "immediate"))),
            "an unmet shelter need comes with short urgency"
        );
    }
}
