//! `qaledger overdue`: what is overdue (and, with `--within`, due soon), for a person, CI or a
//! reminder script.

use clap::ValueEnum;

use crate::compute::deadline::{self, Facets, Pick, State};
use crate::compute::filter;
use crate::error::Result;
use crate::render;
use crate::render::document::Register::{Prose, Terminal};
use crate::repository::Repository;
use crate::time::duration::Duration;
use crate::view::feed;
use crate::view::header::{Header, Window};
use crate::view::overdue::OverdueList;

use super::{Outcome, Session};

#[derive(clap::Args)]
#[command(
    before_help = "Example: qaledger overdue --within '14 days'",
    after_help = "Examples:\n  qaledger --as-of 2025-06-30 overdue\n  qaledger overdue --within '14 days' --owner jsmith\n  qaledger overdue --format json --fail-on-overdue\n  qaledger overdue --within '30 days' --format ics > overdue.ics"
)]
pub struct Args {
    /// Also list items due within this window (e.g. "14 days", "10 working days")
    #[arg(long, value_name = "DURATION", value_parser = super::parse_duration)]
    within: Option<Duration>,
    /// Only items owned by this staff id
    #[arg(long, value_name = "ID", add = super::complete::staff_ids())]
    owner: Option<String>,
    /// Only items of this team
    #[arg(long, value_name = "ID", add = super::complete::teams())]
    team: Option<String>,
    /// Only items of this kind of record (audit, complaint, action, …)
    #[arg(long, value_name = "KIND", add = super::complete::kinds())]
    kind: Option<String>,
    /// Exit 1 when anything is overdue, or a record or deadline was left out (for CI and scripts)
    #[arg(long)]
    fail_on_overdue: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// CSV without the byte-order mark Excel wants
    #[arg(long)]
    no_bom: bool,
    #[command(flatten)]
    case_refs: super::CaseRefsArg,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
    Markdown,
    /// A standalone page in the board pack's look
    Html,
    /// iCalendar feed: one all-day event per item (overdue ones on as-of), and items done or
    /// cancelled in the last 30 days once more as cancelled, for Outlook or Google Calendar
    Ics,
}

pub fn run(session: &mut Session, args: &Args) -> Result<Outcome> {
    let root = session.root()?;
    let repo =
        Repository::open_for_views(&root, session.as_of)?.with_case_refs(args.case_refs.choice());
    if let Some(kind) = &args.kind {
        repo.schemas.find(kind)?;
    }
    filter::check(&repo, args.owner.as_deref(), args.team.as_deref())?;
    let wanted = |state: State| {
        state == State::Overdue || (args.within.is_some() && state == State::DueSoon)
    };
    let due_soon = args.within.unwrap_or(Duration::ZERO);
    let (owner, team, kind) = (
        args.owner.as_deref(),
        args.team.as_deref(),
        args.kind.as_deref(),
    );
    // Only what is listed is built; the calendar feed also withdraws what is done or cancelled,
    // so it takes every state.
    let feed = args.format == Format::Ics;
    let picked = |d: &Facets<'_>| {
        owner.is_none_or(|o| d.owner == Some(o))
            && team.is_none_or(|t| d.team == Some(t))
            && kind.is_none_or(|k| d.kind == k)
            && (feed || wanted(d.state))
    };
    let deadline::Computed {
        deadlines,
        left_out,
    } = deadline::picked_at(&repo, session.as_of, due_soon, Pick::Where(&picked));
    // What was left out is named unless a value it is known to have rules it out.
    let left_out: Vec<_> = left_out
        .into_iter()
        .filter(|l| l.may_match(owner, team, kind))
        .collect();
    // What is listed, and the rest (the calendar feed withdraws what is done or cancelled).
    let (items, others): (Vec<_>, Vec<_>) = deadlines.into_iter().partition(|d| wanted(d.state));
    let list = OverdueList {
        header: Header {
            as_of: session.as_of,
            period: Window::AtAsOf,
            left_out,
            marking: repo.config.marking.clone(),
        },
        items,
    };
    let (items, left_out, marking) = (
        &list.items,
        list.header.left_out.as_slice(),
        list.header.marking.as_deref(),
    );
    let document = |register| render::overdue::document(&list, register);
    let width = session.width;
    let text = match args.format {
        Format::Table => Ok(render::terminal::write_at(&document(Terminal), width)),
        Format::Json => render::overdue::json(&list),
        Format::Csv => render::overdue::csv(&list, !args.no_bom),
        Format::Markdown => Ok(render::markdown::write(&document(Prose))),
        Format::Html => Ok(render::html::write(&document(Prose))),
        Format::Ics => {
            let reach = feed::reach(&repo.config, session.as_of, args.within);
            let events = feed::events(items, &others, session.as_of, reach, feed::copy_of(&repo));
            Ok(render::ics::render(
                &events,
                session.as_of,
                left_out,
                marking,
            ))
        }
    };
    // Nothing overdue is no all-clear when something could not be computed (SPEC §7).
    let overdue = items.iter().any(|d| d.state == State::Overdue) || !left_out.is_empty();
    let status = Outcome::findings_if(args.fail_on_overdue && overdue);
    // Output that could not be encoded is an error like output that could not be written.
    let printed = text.and_then(|text| session.print(text));
    let warned = super::warn_excluded(session, left_out);
    super::keep_until_exit((repo, list, others));
    super::beside_findings(session, status, printed.and(warned))
}
