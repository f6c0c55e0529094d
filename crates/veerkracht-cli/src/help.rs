//! The command line's own words in the person's language: clap's command
//! (`Cli` in `main`) with every description, heading and placeholder taken
//! from the catalogue, so that `--help`, `help COMMAND` and usage errors
//! speak nl, fr or en like every other message.
//!
//! Keys: `cli-help-about` and `cli-help-long-about` (the program),
//! `cli-help-arg-<id>` (an option of every command: `data_dir`, `lang`,
//! `passphrase_fd`), `cli-help-<command>` (a command), `cli-help-<command>-<id>`
//! (its arguments and options, by clap's id: the field name), and
//! `cli-value-<name>` (a placeholder such as `<FILE>`, by its name in
//! lower case). A test checks that every one of them is in the catalogue.

use clap::{Arg, ArgAction, Command, CommandFactory};
use veerkracht_core::Lang;
use veerkracht_i18n::t;

/// The program's clap command, every text in `lang`.
pub fn command(lang: Lang) -> Command {
    let root = crate::Cli::command()
        .about(t!(lang, "cli-help-about"))
        .long_about(t!(lang, "cli-help-long-about"))
        .disable_help_subcommand(true)
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .display_order(2000)
                .help(t!(lang, "cli-help-version"))
                .help_heading(t!(lang, "cli-help-options")),
        );
    let root = localise_args(root, lang, "arg");
    let names: Vec<String> = root
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    let mut root = names.iter().fold(root, |cmd, name| {
        cmd.mut_subcommand(name, |sub| {
            let sub = sub
                .about(t!(lang, &format!("cli-help-{name}")))
                .long_about(None::<&'static str>);
            dressed(localise_args(sub, lang, name), lang)
        })
    });
    root = dressed(root, lang)
        .subcommand_help_heading(t!(lang, "cli-help-commands"))
        .subcommand_value_name(t!(lang, "cli-value-command"));
    // clap's usage lines, with its one English word in them translated.
    let mut built = root.clone();
    built.build();
    let options = t!(lang, "cli-value-options");
    let usage = |cmd: &mut Command| {
        let usage = cmd.render_usage().to_string();
        let usage = usage.split_once(": ").map_or(usage.as_str(), |(_, u)| u);
        usage.replace("[OPTIONS]", &format!("[{options}]"))
    };
    root = root.override_usage(usage(&mut built));
    for name in &names {
        let line = built.find_subcommand_mut(name).map(usage);
        if let Some(line) = line {
            root = root.mut_subcommand(name, |sub| sub.override_usage(line));
        }
    }
    root
}

/// The help of `path` (a command's name, or the program's when `None`), in
/// `lang`; `None` when there is no such command.
pub fn text(lang: Lang, path: Option<&str>) -> Option<String> {
    let cmd = command(lang);
    if let Some(name) = path {
        cmd.find_subcommand(name)?;
    }
    // Exactly what `--help` prints.
    let argv = ["veerkracht"].into_iter().chain(path).chain(["--help"]);
    match cmd.try_get_matches_from(argv) {
        Err(e) if e.kind() == clap::error::ErrorKind::DisplayHelp => Some(e.render().to_string()),
        _ => None,
    }
}

/// A command's help flag, usage heading and option headings in `lang`.
fn dressed(cmd: Command, lang: Lang) -> Command {
    cmd.disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .display_order(2001)
                .help(t!(lang, "cli-help-help"))
                .help_heading(t!(lang, "cli-help-options")),
        )
        .help_template(format!(
            "{{before-help}}{{about-with-newline}}\n{}: {{usage}}\n\n{{all-args}}{{after-help}}",
            t!(lang, "cli-help-usage")
        ))
}

/// Every argument of `cmd` described from `cli-help-<prefix>-<id>`, its
/// placeholder from `cli-value-<name>`, under the heading of its kind; the
/// options of every command (`prefix` "arg") after a command's own.
fn localise_args(cmd: Command, lang: Lang, prefix: &str) -> Command {
    let ids: Vec<String> = cmd
        .get_arguments()
        .filter(|a| !a.is_global_set() || prefix == "arg")
        .map(|a| a.get_id().to_string())
        .filter(|id| id != "help" && id != "version")
        .collect();
    ids.iter().enumerate().fold(cmd, |cmd, (i, id)| {
        cmd.mut_arg(id, |arg| {
            let arg = if prefix == "arg" {
                arg.display_order(1000 + i)
            } else {
                arg
            };
            let heading = if arg.is_positional() {
                t!(lang, "cli-help-arguments")
            } else {
                t!(lang, "cli-help-options")
            };
            // clap's derive names a value after its field where no
            // `value_name` is given; a flag has none.
            let placeholders: Vec<String> = if arg.get_action().takes_values() {
                arg.get_value_names()
                    .map(|names| names.iter().map(|n| n.to_string()).collect())
                    .unwrap_or_else(|| vec![id.to_uppercase()])
            } else {
                Vec::new()
            };
            let arg = arg
                .help(t!(lang, &format!("cli-help-{prefix}-{id}")))
                .long_help(None::<&'static str>)
                .help_heading(heading);
            if placeholders.is_empty() {
                arg
            } else {
                // Defaults are said in the description, in words.
                arg.hide_default_value(true).value_names(
                    placeholders
                        .iter()
                        .map(|n| t!(lang, &format!("cli-value-{}", n.to_lowercase()))),
                )
            }
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every key the help asks for is in the catalogue (`t!` would show
    /// `[key]` otherwise), in each language, and no English of clap's is
    /// left in the Dutch help.
    #[test]
    fn every_description_heading_and_placeholder_is_in_the_catalogue() {
        for lang in [Lang::Nl, Lang::Fr, Lang::En] {
            let mut all = vec![text(lang, None).unwrap()];
            let cmd = command(lang);
            for sub in cmd.get_subcommands() {
                all.push(text(lang, Some(sub.get_name())).unwrap());
            }
            for help in &all {
                assert!(
                    !help.contains("[cli-"),
                    "{lang:?}: a key is missing:\n{help}"
                );
                assert!(
                    !help.contains("[default"),
                    "{lang:?}: clap's words:\n{help}"
                );
            }
            if lang == Lang::Nl {
                for help in &all {
                    for english in ["Usage", "Options", "Print help", "Arguments", "Commands"] {
                        assert!(!help.contains(english), "{english} in:\n{help}");
                    }
                }
            }
        }
        assert!(text(Lang::Nl, Some("no-such-command")).is_none());
    }
}
