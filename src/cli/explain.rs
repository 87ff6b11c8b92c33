//! `qaledger explain CODE`: what a diagnostic code means, with an example (as ruff does).

use crate::diagnostic::code::Code;
use crate::error::{Error, Result};

use super::{Outcome, Session};

#[derive(clap::Args)]
#[command(
    before_help = "Example: qaledger explain schema-unknown-field",
    after_help = "Examples:\n  qaledger explain schema-unknown-field\n  qaledger explain --list"
)]
pub struct Args {
    /// The code, as shown in brackets by `qaledger check`
    #[arg(required_unless_present = "list", add = super::complete::codes())]
    code: Option<String>,
    /// List every code with its one-line summary
    #[arg(long)]
    list: bool,
}

pub fn run(session: &mut Session, args: &Args) -> Result<Outcome> {
    let text = if args.list {
        Code::ALL
            .iter()
            .map(|c| {
                format!(
                    "{:<24} {:<8} {}\n",
                    c.as_str(),
                    c.severity().as_str(),
                    c.summary()
                )
            })
            .collect::<String>()
    } else {
        let name = args.code.as_deref().unwrap_or_default();
        let code = Code::from_name(name.trim_start_matches('[').trim_end_matches(']')).ok_or_else(
            || {
                let names = Code::ALL.iter().map(|c| c.as_str());
                let hint = crate::diagnostic::suggest::did_you_mean(
                    crate::diagnostic::suggest::closest(name, names),
                );
                Error::Usage(format!(
                    "`{name}` is not a qaledger code{hint} (`qaledger explain --list` lists them)"
                ))
            },
        )?;
        format!(
            "{} ({}): {}\n\n{}\n",
            code.as_str(),
            code.severity().as_str(),
            code.summary(),
            code.explanation()
        )
    };
    session.print(text)?;
    Ok(Outcome::Success)
}
