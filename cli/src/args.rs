//! A small hand-written command-line parser (no external dependency, to keep compile times
//! down).
//!
//! Grammar: `interop COMMAND [ARGS…]`, where options (`--name`, `--name VALUE`,
//! `--name=VALUE`) may appear anywhere after the command, `-` is an ordinary argument
//! (standard input) and `--` ends option processing.

use std::ffi::OsString;
use std::path::PathBuf;

use crate::Failure;

/// One option a command accepts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct OptSpec {
    /// The name without the leading `--`.
    pub(crate) name: &'static str,
    /// Whether the option takes a value.
    pub(crate) takes_value: bool,
}

/// What a command accepts: its positional argument names (all required) and options.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CommandSpec {
    /// Command name, e.g. `parse`.
    pub(crate) name: &'static str,
    /// Names of the positional arguments, used in messages.
    pub(crate) positionals: &'static [&'static str],
    /// Accepted options.
    pub(crate) options: &'static [OptSpec],
}

const fn flag(name: &'static str) -> OptSpec {
    OptSpec {
        name,
        takes_value: false,
    }
}

const fn valued(name: &'static str) -> OptSpec {
    OptSpec {
        name,
        takes_value: true,
    }
}

/// Every command and what it accepts.
pub(crate) const COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        name: "parse",
        positionals: &["FILE"],
        options: &[flag("lenient"), flag("pretty")],
    },
    CommandSpec {
        name: "get",
        positionals: &["FILE", "PATH"],
        options: &[flag("raw"), flag("lenient")],
    },
    CommandSpec {
        name: "roundtrip",
        positionals: &["FILE"],
        options: &[flag("lenient"), valued("output")],
    },
    CommandSpec {
        name: "ack",
        positionals: &["FILE"],
        options: &[
            valued("code"),
            valued("text"),
            valued("control-id"),
            flag("ta1"),
            flag("guide-loop-ids"),
            flag("lenient"),
        ],
    },
    CommandSpec {
        name: "validate",
        positionals: &["FILE"],
        options: &[flag("lenient")],
    },
    CommandSpec {
        name: "dump",
        positionals: &["FILE"],
        options: &[flag("lenient")],
    },
    CommandSpec {
        name: "deid",
        positionals: &["FILE"],
        options: &[
            valued("key"),
            valued("output"),
            flag("lenient"),
            flag("retain-safe-private"),
            flag("retain-uids"),
            flag("retain-device-identity"),
            flag("retain-institution-identity"),
            flag("retain-patient-characteristics"),
            flag("retain-dates"),
            flag("retain-modified-dates"),
            flag("clean-descriptors"),
            flag("clean-structured"),
            flag("clean-graphics"),
        ],
    },
    CommandSpec {
        name: "frame",
        positionals: &["FILE"],
        options: &[flag("lenient")],
    },
    CommandSpec {
        name: "fhir",
        positionals: &["FILE"],
        options: &[
            flag("xml"),
            valued("bundle-type"),
            valued("tz"),
            flag("issues"),
            flag("pretty"),
            flag("lenient"),
        ],
    },
    CommandSpec {
        name: "deframe",
        positionals: &["FILE"],
        options: &[flag("separate"), valued("max-size")],
    },
];

/// Looks up a command by name.
pub(crate) fn command(name: &str) -> Option<&'static CommandSpec> {
    COMMANDS.iter().find(|c| c.name == name)
}

/// The parsed arguments of one command.
#[derive(Debug)]
pub(crate) struct Parsed {
    /// The command.
    pub(crate) spec: &'static CommandSpec,
    /// Positional arguments, in order (exactly as many as the spec names).
    positionals: Vec<OsString>,
    /// Options given, with their values (`None` for flags).
    options: Vec<(&'static str, Option<OsString>)>,
    /// Whether `--help` / `-h` appeared.
    pub(crate) help: bool,
}

impl Parsed {
    /// The input file argument (`-` for standard input).
    pub(crate) fn file(&self) -> Input {
        let arg = self.positionals.first().cloned().unwrap_or_default();
        if arg == "-" {
            Input::Stdin
        } else {
            Input::File(PathBuf::from(arg))
        }
    }

    /// Positional argument `i` as UTF-8 text.
    pub(crate) fn positional_str(&self, i: usize) -> Result<&str, Failure> {
        let name = self.spec.positionals.get(i).copied().unwrap_or("argument");
        self.positionals
            .get(i)
            .and_then(|s| s.to_str())
            .ok_or_else(|| self.usage(format!("{name} is not valid UTF-8")))
    }

    /// Whether a flag was given.
    pub(crate) fn flag(&self, name: &str) -> bool {
        self.options.iter().any(|(n, _)| *n == name)
    }

    /// The value of an option, as UTF-8 text.
    pub(crate) fn value(&self, name: &str) -> Result<Option<&str>, Failure> {
        match self.options.iter().find(|(n, _)| *n == name) {
            Some((_, Some(v))) => v
                .to_str()
                .map(Some)
                .ok_or_else(|| self.usage(format!("the value of --{name} is not valid UTF-8"))),
            _ => Ok(None),
        }
    }

    /// A usage error for this command.
    pub(crate) fn usage(&self, msg: String) -> Failure {
        Failure::Usage(format!("{}: {msg}", self.spec.name))
    }
}

/// Where input comes from.
#[derive(Debug, Clone)]
pub(crate) enum Input {
    /// Standard input (`-`).
    Stdin,
    /// A file.
    File(PathBuf),
}

impl Input {
    /// The name used in messages: the path as given, or `<stdin>`.
    pub(crate) fn name(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_string(),
            Input::File(p) => p.display().to_string(),
        }
    }
}

/// Parses the arguments that follow the command name.
pub(crate) fn parse_command(
    spec: &'static CommandSpec,
    args: impl IntoIterator<Item = OsString>,
) -> Result<Parsed, Failure> {
    let mut parsed = Parsed {
        spec,
        positionals: Vec::new(),
        options: Vec::new(),
        help: false,
    };
    let mut args = args.into_iter();
    let mut only_positionals = false;
    while let Some(arg) = args.next() {
        if only_positionals {
            parsed.positionals.push(arg);
            continue;
        }
        let text = arg.to_str();
        match text {
            Some("--") => only_positionals = true,
            Some("-h" | "--help") => parsed.help = true,
            Some(t) if t.starts_with("--") || t == "-o" => {
                // `-o` is the short form of `--output`.
                let body = if t == "-o" { "output" } else { &t[2..] };
                let (name, inline) = match body.split_once('=') {
                    Some((n, v)) => (n, Some(OsString::from(v))),
                    None => (body, None),
                };
                let Some(opt) = spec.options.iter().find(|o| o.name == name) else {
                    return Err(parsed.usage(format!("unknown option '--{name}'")));
                };
                if parsed.options.iter().any(|(n, _)| *n == opt.name) {
                    return Err(parsed.usage(format!("option '--{name}' given twice")));
                }
                let value = match (opt.takes_value, inline) {
                    (true, Some(v)) => Some(v),
                    (true, None) => match args.next() {
                        Some(v) => Some(v),
                        None => {
                            return Err(parsed.usage(format!("option '--{name}' needs a value")));
                        }
                    },
                    (false, Some(_)) => {
                        return Err(parsed.usage(format!("option '--{name}' takes no value")));
                    }
                    (false, None) => None,
                };
                parsed.options.push((opt.name, value));
            }
            Some(t) if t.starts_with('-') && t != "-" => {
                return Err(parsed.usage(format!("unknown option '{t}'")));
            }
            _ => parsed.positionals.push(arg),
        }
    }
    if parsed.help {
        return Ok(parsed);
    }
    let want = spec.positionals.len();
    if parsed.positionals.len() < want {
        let missing = spec.positionals[parsed.positionals.len()..].join(" ");
        return Err(parsed.usage(format!("missing argument {missing}")));
    }
    if let Some(extra) = parsed.positionals.get(want) {
        let shown = extra.to_string_lossy().into_owned();
        return Err(parsed.usage(format!("unexpected argument '{shown}'")));
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(cmd: &str, args: &[&str]) -> Result<Parsed, Failure> {
        let spec = command(cmd).ok_or_else(|| Failure::Usage("no such command".into()))?;
        parse_command(spec, args.iter().map(OsString::from))
    }

    #[test]
    fn options_anywhere_and_inline_values() -> Result<(), Failure> {
        let p = run("ack", &["--code=AE", "-", "--text", "bad thing"])?;
        assert!(matches!(p.file(), Input::Stdin));
        assert_eq!(p.value("code")?, Some("AE"));
        assert_eq!(p.value("text")?, Some("bad thing"));
        assert_eq!(p.value("control-id")?, None);
        let p = run("get", &["f.hl7", "--", "--weird"])?;
        assert_eq!(p.positional_str(1)?, "--weird");
        Ok(())
    }

    #[test]
    fn usage_errors() {
        let usage = |r: Result<Parsed, Failure>| matches!(r, Err(Failure::Usage(_)));
        assert!(usage(run("parse", &[])));
        assert!(usage(run("parse", &["a", "b"])));
        assert!(usage(run("parse", &["a", "--nope"])));
        assert!(usage(run("parse", &["a", "-x"])));
        assert!(usage(run("ack", &["a", "--code"])));
        assert!(usage(run("parse", &["a", "--lenient=yes"])));
        assert!(usage(run("parse", &["a", "--lenient", "--lenient"])));
        assert!(run("parse", &["--help"]).is_ok_and(|p| p.help));
    }
}
