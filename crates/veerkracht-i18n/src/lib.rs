//! # veerkracht-i18n
//!
//! The words of the product's Rust side (the CLI, the app's errors, the
//! researcher's report) in Dutch, French and English, kept as Fluent
//! messages in `locales/{nl,fr,en}.ftl`. Fluent gives every language its
//! own plural rules (`{ $n -> [one] … *[other] … }`), so no caller writes
//! `if n == 1`.
//!
//! Main entry points: [`text`] (a message by id, with arguments) and the
//! [`t!`] macro that calls it; [`quote`] (a value as it may appear inside a
//! message: at most 40 characters, so a huge or garbage input is never
//! echoed back).
//!
//! What this crate must not do: know about the library crates' errors (the
//! service layer maps those to message ids), or read files at run time (the
//! catalogues are embedded).

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::sync::OnceLock;
use veerkracht_core::Lang;

pub use fluent_bundle::FluentValue as Value;

/// The catalogue sources, embedded at build time.
pub const SOURCES: [(Lang, &str); 3] = [
    (Lang::Nl, include_str!("../locales/nl.ftl")),
    (Lang::Fr, include_str!("../locales/fr.ftl")),
    (Lang::En, include_str!("../locales/en.ftl")),
];

type Bundle = FluentBundle<FluentResource>;

fn bundle(lang: Lang) -> &'static Bundle {
    static BUNDLES: OnceLock<[Bundle; 3]> = OnceLock::new();
    let all = BUNDLES.get_or_init(|| {
        SOURCES.map(|(lang, source)| {
            let id: unic_langid::LanguageIdentifier =
                lang.code().parse().expect("nl, fr and en are language ids");
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            // No Unicode isolation marks: the text goes to terminals and
            // HTML where they show up as stray characters.
            bundle.set_use_isolating(false);
            let resource =
                FluentResource::try_new(source.to_string()).expect("the catalogues parse (tested)");
            bundle
                .add_resource(resource)
                .expect("no message is defined twice (tested)");
            bundle
        })
    });
    match lang {
        Lang::Nl => &all[0],
        Lang::Fr => &all[1],
        Lang::En => &all[2],
    }
}

/// The message `id` in `lang`, with `args` filled in. A missing message or
/// argument is a bug the tests catch; at run time the id shows instead of
/// a sentence, rather than a panic.
pub fn text(lang: Lang, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    let bundle = bundle(lang);
    let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
        return format!("[{id}]");
    };
    let mut fargs = FluentArgs::new();
    for (name, value) in args {
        fargs.set(*name, value.clone());
    }
    let mut errors = Vec::new();
    let out = bundle.format_pattern(pattern, Some(&fargs), &mut errors);
    out.into_owned()
}

/// Whether the catalogue has a message `id` (in Dutch, the reference).
pub fn has(id: &str) -> bool {
    bundle(Lang::Nl).has_message(id)
}

/// A value as it is quoted inside a message: at most 40 characters.
pub fn quote(value: &str) -> String {
    if value.chars().count() <= 40 {
        value.to_string()
    } else {
        let mut s: String = value.chars().take(39).collect();
        s.push('…');
        s
    }
}

/// `t!(lang, "message-id", name = value, …)`: [`text`] with named arguments.
/// Numbers stay numbers, so plural rules apply to them.
#[macro_export]
macro_rules! t {
    ($lang:expr, $id:expr $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::text($lang, $id, &[$((stringify!($name), $crate::Value::from($value))),*])
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use fluent_syntax::ast;
    use std::collections::{BTreeMap, BTreeSet};

    /// Message id → the variables it uses, for one catalogue.
    fn variables(source: &str) -> BTreeMap<String, BTreeSet<String>> {
        let resource = match fluent_syntax::parser::parse(source) {
            Ok(r) => r,
            Err((_, errors)) => panic!("the catalogue does not parse: {errors:?}"),
        };
        let mut out = BTreeMap::new();
        for entry in resource.body {
            if let ast::Entry::Message(m) = entry {
                let mut vars = BTreeSet::new();
                if let Some(p) = &m.value {
                    pattern_vars(p, &mut vars);
                }
                assert!(
                    out.insert(m.id.name.to_string(), vars).is_none(),
                    "{} defined twice",
                    m.id.name
                );
            }
        }
        out
    }

    fn pattern_vars(p: &ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
        for el in &p.elements {
            if let ast::PatternElement::Placeable { expression } = el {
                expr_vars(expression, vars);
            }
        }
    }

    fn expr_vars(e: &ast::Expression<&str>, vars: &mut BTreeSet<String>) {
        match e {
            ast::Expression::Select { selector, variants } => {
                inline_vars(selector, vars);
                for v in variants {
                    pattern_vars(&v.value, vars);
                }
            }
            ast::Expression::Inline(i) => inline_vars(i, vars),
        }
    }

    fn inline_vars(i: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>) {
        match i {
            ast::InlineExpression::VariableReference { id } => {
                vars.insert(id.name.to_string());
            }
            ast::InlineExpression::Placeable { expression } => expr_vars(expression, vars),
            ast::InlineExpression::FunctionReference { arguments, .. } => {
                for a in &arguments.positional {
                    inline_vars(a, vars);
                }
            }
            _ => {}
        }
    }

    #[test]
    fn every_language_has_every_message_with_the_same_variables() {
        let catalogues: Vec<_> = SOURCES.iter().map(|(l, s)| (*l, variables(s))).collect();
        let (_, reference) = &catalogues[0];
        assert!(reference.len() > 50, "the catalogue is not empty");
        for (lang, messages) in &catalogues[1..] {
            let a: BTreeSet<_> = reference.keys().collect();
            let b: BTreeSet<_> = messages.keys().collect();
            assert_eq!(
                a.symmetric_difference(&b).collect::<Vec<_>>(),
                Vec::<&&String>::new(),
                "nl and {lang} have the same message ids"
            );
            for (id, vars) in reference {
                assert_eq!(
                    vars, &messages[id],
                    "message {id}: nl and {lang} use the same variables"
                );
            }
        }
    }

    #[test]
    fn every_message_formats_without_errors_in_every_language() {
        for (lang, source) in SOURCES {
            for (id, vars) in variables(source) {
                let bundle = bundle(lang);
                let msg = bundle.get_message(&id).expect("message exists");
                let Some(pattern) = msg.value() else { continue };
                for n in [0i64, 1, 2, 5, 21] {
                    let mut args = FluentArgs::new();
                    for v in &vars {
                        args.set(v.as_str(), FluentValue::from(n));
                    }
                    let mut errors = Vec::new();
                    let out = bundle.format_pattern(pattern, Some(&args), &mut errors);
                    assert!(errors.is_empty(), "{lang} {id}: {errors:?}");
                    assert!(!out.trim().is_empty(), "{lang} {id} is not empty");
                }
            }
        }
    }

    #[test]
    fn no_message_is_defined_twice() {
        for (lang, source) in SOURCES {
            let mut seen = std::collections::BTreeSet::new();
            for line in source.lines() {
                if let Some((id, _)) = line.split_once(" =") {
                    if !id.starts_with([' ', '#']) && !id.is_empty() {
                        assert!(seen.insert(id), "{} defines {id} twice", lang.code());
                    }
                }
            }
        }
    }

    #[test]
    fn plurals_follow_each_language() {
        // French counts 0 and 1 as singular; Dutch and English only 1.
        assert_eq!(t!(Lang::Fr, "test-plural", n = 0), "0 ligne");
        assert_eq!(t!(Lang::Nl, "test-plural", n = 0), "0 regels");
        assert_eq!(t!(Lang::Nl, "test-plural", n = 1), "1 regel");
        assert_eq!(t!(Lang::En, "test-plural", n = 2), "2 lines");
    }

    #[test]
    fn quote_keeps_messages_short() {
        assert_eq!(quote("abc"), "abc");
        assert_eq!(quote(&"x".repeat(100)).chars().count(), 40);
    }
}
