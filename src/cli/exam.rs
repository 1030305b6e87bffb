//! `skillgap exam new` (write a reproducible exam file for a class, checked against its
//! pack) and `skillgap quiz --exam FILE` (run one).

use super::prepare::{DEFAULT_COUNT, Prepared, check_profile, fresh_seed, kind_name, load_packs};
use super::{CliError, Outcome, eprint, printed, stderr_color};
use crate::cli::args::{DifficultyArg, ExamCommand, ExamNewArgs, ModeArg, QuizArgs};
use crate::exam::{self, Exam, ExamPack};
use crate::pack::Difficulty;
use crate::text::sanitize_line;
use std::path::Path;

pub fn run(command: ExamCommand, data_dir: Option<&Path>) -> Outcome {
    match command {
        ExamCommand::New(args) => new(&args, data_dir),
    }
}

fn new(args: &ExamNewArgs, data_dir: Option<&Path>) -> Outcome {
    let pack = super::files::load(&args.pack, data_dir)
        .map_err(|error| CliError::Rendered(error.render(stderr_color())))?;
    let output = &args.output;
    if output.exists() {
        return Err(format!(
            "{} already exists: choose another file name, or remove it first",
            sanitize_line(&output.display().to_string())
        )
        .into());
    }
    let exam = Exam {
        title: args
            .title
            .clone()
            .unwrap_or_else(|| format!("{} exam", pack.meta.title)),
        pack: ExamPack {
            id: pack.meta.id.clone(),
            version: pack.meta.version.clone(),
            hash: Some(pack.content_hash()),
        },
        seed: args.seed.unwrap_or_else(fresh_seed),
        count: Some(args.count.unwrap_or(DEFAULT_COUNT as u32)),
        categories: args.categories.clone(),
        tags: args.tags.clone(),
        kinds: args.kinds.iter().map(|k| kind_name(*k)).collect(),
        difficulty: args.difficulty.map(|d| match d {
            DifficultyArg::Easy => Difficulty::Easy,
            DifficultyArg::Medium => Difficulty::Medium,
            DifficultyArg::Hard => Difficulty::Hard,
        }),
        time_limit_minutes: args.time_limit,
        feedback: args.feedback,
    };
    let text = exam.to_ron();
    let name = output.display().to_string();
    // Check the file exactly as it will be read back, positions included.
    let checked = exam::load_str(&name, &text).and_then(|file| file.check(&pack));
    let matching = match checked {
        Ok(matching) => matching,
        Err(error) => {
            eprint(&error.render(stderr_color()));
            return Err("no exam file written: change the options above".into());
        }
    };
    if let Err(e) = std::fs::write(output, &text) {
        return Err(format!("cannot write {}: {e}", sanitize_line(&name)).into());
    }
    let asked = exam.count.map_or(matching, |c| (c as usize).min(matching));
    let mut out = format!(
        "Wrote {}: \"{}\" on pack `{}` {} · seed {} · {asked} question{} · {} · {}\n",
        sanitize_line(&name),
        sanitize_line(&exam.title),
        sanitize_line(&exam.pack.id),
        sanitize_line(&exam.pack.version),
        exam.seed,
        if asked == 1 { "" } else { "s" },
        exam.time_limit_minutes
            .map_or_else(|| "no time limit".to_owned(), |m| format!("{m} min")),
        if exam.feedback {
            "feedback after each answer"
        } else {
            "feedback at the end"
        },
    );
    out.push_str(&format!(
        "{matching} question{} of the pack match{} these filters.\n",
        if matching == 1 { "" } else { "s" },
        if matching == 1 { "es" } else { "" },
    ));
    if let Some(count) = exam.count
        && (count as usize) > matching
    {
        out.push_str(&format!(
            "Note: {count} questions were asked for, but only {matching} match: the exam asks {matching}.\n"
        ));
    }
    out.push_str(&format!(
        "Fingerprint {} (results of this exam carry it).\n\
         Students run:   skillgap quiz --exam {name}\n\
         and hand in:    skillgap export --name \"NAME\" --exam {name} -o NAME.json\n",
        exam::short(&exam.fingerprint()),
        name = sanitize_line(&name),
    ));
    printed(&out)
}

/// An exam file, or why it cannot be used: one line naming the file, then its diagnostic.
pub(super) fn load_file(path: &Path) -> Result<exam::ExamFile, CliError> {
    exam::load_path(path).map_err(|e| {
        CliError::Message(format!(
            "cannot read exam file `{}`:\n{}",
            sanitize_line(&path.display().to_string()),
            e.render(stderr_color())
        ))
    })
}

/// `skillgap quiz --exam FILE`: the exam's pack, questions, order, mode and time limit; the
/// session records the exam's fingerprint so `export --exam FILE` finds it again.
/// The session an exam file describes, checked against its pack: the same questions in the
/// same order, with the same choice order, for every student.
pub(super) fn prepare(
    args: &QuizArgs,
    path: &Path,
    data_dir: Option<&Path>,
) -> Result<Prepared, CliError> {
    let decided = [
        (!args.categories.is_empty(), "--category"),
        (!args.tags.is_empty(), "--tag"),
        (!args.kinds.is_empty(), "--kind"),
        (args.difficulty.is_some(), "--difficulty"),
        (args.count.is_some(), "--count"),
        (args.seed.is_some(), "--seed"),
        (args.time_limit.is_some(), "--time-limit"),
        (args.mode != ModeArg::Practice, "--mode"),
    ];
    if let Some((_, option)) = decided.iter().find(|(given, _)| *given) {
        return Err(format!(
            "{option} cannot be used with --exam: the exam file decides the questions, their order, the mode and the time limit"
        ).into());
    }
    let shown = sanitize_line(&path.display().to_string());
    let file = load_file(path)?;
    let wanted = &file.exam.pack;
    let names = if args.packs.is_empty() {
        vec![wanted.id.clone()]
    } else {
        args.packs.clone()
    };
    let packs = load_packs(&names, data_dir).map_err(|e| {
        format!(
            "{e}this exam needs pack `{}` version {}: install it with `skillgap pack install FILE`, or pass it with --pack FILE",
            sanitize_line(&wanted.id),
            sanitize_line(&wanted.version)
        )
    })?;
    let pack = packs
        .into_iter()
        .find(|p| p.meta.id == wanted.id)
        .ok_or_else(|| {
            format!(
                "none of the packs given is `{}`, the pack this exam is for: pass it with --pack FILE",
                sanitize_line(&wanted.id)
            )
        })?;
    file.check(&pack).map_err(|e| {
        format!(
            "exam file `{shown}` does not fit the pack given:\n{}",
            e.render(stderr_color())
        )
    })?;
    if let Some(profile) = &args.profile {
        check_profile(std::slice::from_ref(&pack), profile)?;
    }
    let exam = file.exam;
    let plan = crate::quiz::Plan {
        items: exam.plan(&pack),
        mode: exam.mode(),
        seed: exam.seed,
        time_limit_ms: exam.time_limit_secs().map(|secs| secs.saturating_mul(1000)),
        filters_json: exam.session_filters_json(),
        profile: args.profile.clone(),
    };
    Ok(Prepared {
        packs: vec![pack],
        plan,
        intro: Some(format!(
            "Exam \"{}\" (fingerprint {})\n",
            sanitize_line(&exam.title),
            exam::short(&exam.fingerprint())
        )),
        outro: Some(format!(
            "Hand in your results: skillgap export --name \"YOUR NAME\" --exam {} -o results.json\n",
            sanitize_line(&path.display().to_string())
        )),
        picker: None,
    })
}
