//! `tupu ask`: a question answered from the store ([`tupu::ask`]), printed
//! as numbered answers with their evidence or as JSON.

use super::args::AskFormat;
use anyhow::Context;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use tupu::ask::{Answer, AskError, Asker, Evidence, LocalSource, Response};
use tupu::remote::RemoteStore;

/// Answers `question` from the store at `db` (opened read-only) and writes
/// the answer to `w` in `format`; with `explain`, the SPARQL too (text: after
/// the answers; JSON always carries it).
///
/// Returns exit code 1 with "not understood", the part not understood and
/// the graph's closest entities on standard error when the question is not
/// understood (the exit code of every command for a name the graph does
/// not have).
///
/// With `remote`, the question is answered from that SPARQL endpoint
/// instead: the entity index is fetched with one query
/// ([`RemoteStore::entity_index`]), the answer query and the evidence of
/// each answer run there.
///
/// `timeout_secs` (0: none) bounds the answering once the store is open
/// ([`super::deadline`]): the question's queries on a local store are
/// cancelled at the deadline and the command fails with
/// [`super::deadline::TimedOut`] (exit 2); a remote question, and building
/// the entity index, are bounded by the deadline's watchdog.
///
/// Errors: store errors (exit 3), remote errors (exit 3, or 2 for a query
/// the endpoint rejects), the timeout (exit 2), output errors.
pub fn run(
    db: &Path,
    remote: Option<&RemoteStore>,
    question: &str,
    format: AskFormat,
    explain: bool,
    timeout_secs: u64,
    w: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let mut deadline;
    let answered = match remote {
        Some(remote) => {
            deadline = super::deadline::Deadline::start("question", timeout_secs);
            let index = remote.entity_index()?;
            Asker::from_oxigraph(&index)?.ask_from(remote, question)
        }
        None => {
            let store = tupu::store::open_read_only(db)?;
            // The deadline starts once the store is loaded: it bounds the
            // answering.
            deadline = super::deadline::Deadline::start("question", timeout_secs);
            let source = LocalSource::with_cancellation(&store, deadline.token());
            Asker::load(&store)?.ask_from(&source, question)
        }
    };
    let response = match answered {
        Ok(r) => r,
        Err(e @ AskError::NotUnderstood { .. }) => {
            eprintln!("tupu: {e}");
            return Ok(ExitCode::from(1));
        }
        Err(e) => return Err(deadline.explain(e.into())),
    };
    match format {
        AskFormat::Json => {
            serde_json::to_writer_pretty(&mut *w, &response).context("writing output")?;
            writeln!(w).context("writing output")?;
        }
        AskFormat::Text => {
            if response.answers.is_empty() {
                writeln!(w, "no answer in the graph").context("writing output")?;
            }
            for (i, a) in response.answers.iter().enumerate() {
                write_answer(w, i + 1, a).context("writing output")?;
            }
            if explain {
                writeln!(w, "\n{}", explanation(&response)).context("writing output")?;
            }
        }
    }
    if explain && matches!(format, AskFormat::Json) {
        eprintln!("{}", explanation(&response));
    }
    Ok(ExitCode::SUCCESS)
}

/// What `--explain` shows: how the question was read (composition: its
/// entities, relation, answer type and constraints; or the pattern) and the
/// SPARQL.
fn explanation(r: &Response) -> String {
    let mut s = String::new();
    match &r.parse {
        Some(p) => {
            s.push_str("# read compositionally\n");
            for e in &p.entities {
                s.push_str(&format!(
                    "# entities: {} → {} <{}>\n",
                    e.mention, e.label, e.iri
                ));
            }
            for rel in &p.relation {
                s.push_str(&format!("# relation: {rel}\n"));
            }
            if let Some(t) = &p.answer_type {
                s.push_str(&format!("# answer type: {t}\n"));
            }
            for c in &p.constraints {
                s.push_str(&format!("# constraint: {c}\n"));
            }
        }
        None => s.push_str(&format!("# pattern: {}\n", r.pattern)),
    }
    s.push_str(&r.sparql);
    s
}

fn write_evidence(w: &mut dyn Write, indent: &str, e: &Evidence) -> std::io::Result<()> {
    let span = match (e.start, e.end) {
        (Some(s), Some(t)) => format!(" [{s}..{t}]"),
        _ => String::new(),
    };
    writeln!(
        w,
        "{indent}{}{span}: {}",
        e.article,
        e.sentence.as_deref().unwrap_or("(no sentence)")
    )
}

fn write_answer(w: &mut dyn Write, n: usize, a: &Answer) -> std::io::Result<()> {
    let head = a
        .name
        .as_deref()
        .or(a.value.as_deref())
        .unwrap_or("(unnamed)");
    match &a.iri {
        Some(iri) => writeln!(w, "{n}. {head}  <{iri}>")?,
        None => writeln!(w, "{n}. {head}")?,
    }
    if let Some(hops) = &a.hops {
        for h in hops {
            writeln!(
                w,
                "   {} —{}→ {}",
                h.subject.name, h.predicate, h.object.name
            )?;
            for e in &h.evidence {
                write_evidence(w, "     ", e)?;
            }
        }
    } else {
        for e in &a.evidence {
            write_evidence(w, "   ", e)?;
        }
    }
    Ok(())
}
