//! `skillgap pack calibrate PACK RESULTS... [-o OUT]`: fits each question's difficulty from
//! students' results files (`learning::fit`) and writes a calibrated copy of the pack, whose
//! `fitted_difficulty` fields the model then uses instead of the authored labels.

use super::{CliError, Outcome, print, write_new};
use crate::cohort::results;
use crate::fnv::FnvMap;
use crate::learning::fit::{Observation, fit};
use crate::learning::mastery::{authored_logit, guessing_floor};
use crate::pack::canonical;
use crate::text::{plural, sanitize_line};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Fitted difficulties are written with this many decimals.
fn rounded(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

pub fn run(
    pack_name: &str,
    files: &[PathBuf],
    output: Option<&Path>,
    min_answers: usize,
    data_dir: Option<&Path>,
) -> Outcome {
    let mut pack = super::files::load(pack_name, data_dir).map_err(super::files::rendered)?;
    let output: PathBuf = match output {
        Some(path) => path.to_owned(),
        None => PathBuf::from(format!("{}.calibrated.ron", pack.meta.id)),
    };
    if output.exists() {
        return Err(CliError::untrusted(&format!(
            "{} already exists and is left as it is: remove it, or name another file with -o",
            output.display()
        )));
    }
    let index: FnvMap<&str, usize> = pack
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| (q.id.as_str(), i))
        .collect();
    // A person is one student in one category.
    let mut persons: FnvMap<(usize, String), usize> = FnvMap::default();
    let mut observations = Vec::new();
    let mut other_packs = 0usize;
    for (file_index, path) in files.iter().enumerate() {
        let parsed = super::files::read_text(path).and_then(|text| Ok(results::parse(&text)?));
        let results = match parsed {
            Ok(results) => results,
            Err(error) => return Err(CliError::file(path, error)),
        };
        for (_, answer) in results.answers() {
            let unseen = matches!(
                answer.response,
                Some(
                    crate::quiz::Response::Skipped
                        | crate::quiz::Response::TimedOut
                        | crate::quiz::Response::NotReached
                )
            );
            let item = index.get(answer.question_id.as_str()).copied();
            let Some(item) = item.filter(|_| answer.pack.id == pack.meta.id && !unseen) else {
                other_packs += usize::from(answer.pack.id != pack.meta.id);
                continue;
            };
            let next = persons.len();
            let person = *persons
                .entry((file_index, pack.questions[item].category.clone()))
                .or_insert(next);
            observations.push(Observation {
                person,
                item,
                score: answer.score,
            });
        }
    }
    if observations.is_empty() {
        return Err(CliError::untrusted(&format!(
            "no answer in these results is to a question of pack {} (check the pack: results name the pack they were given with)",
            pack.meta.id
        )));
    }
    let floors: Vec<f64> = pack
        .questions
        .iter()
        .map(|q| guessing_floor(&q.kind))
        .collect();
    let fitted = fit(
        pack.questions.len(),
        persons.len(),
        &floors,
        &observations,
        min_answers,
    );
    // Anchor the fitted scale on the authored one: the fitted questions keep the mean of
    // their authored labels (Easy −1, Medium 0, Hard +1).
    let kept: Vec<usize> = (0..pack.questions.len())
        .filter(|&i| fitted.difficulty[i].is_some())
        .collect();
    let anchor = if kept.is_empty() {
        0.0
    } else {
        kept.iter()
            .map(|&i| authored_logit(pack.questions[i].difficulty))
            .sum::<f64>()
            / kept.len() as f64
    };
    let mut report = String::from("question  answers  authored  fitted\n");
    let mut too_few = 0;
    for (i, question) in pack.questions.iter_mut().enumerate() {
        let fitted_b = fitted.difficulty[i].map(|b| rounded((b + anchor).clamp(-6.0, 6.0)));
        question.fitted_difficulty = fitted_b;
        let shown = match fitted_b {
            Some(b) => format!("{b:+.2}"),
            None => {
                too_few += 1;
                format!("too few answers (fewer than {min_answers}): authored label kept")
            }
        };
        report.push_str(&format!(
            "{}  {}  {}  {}\n",
            sanitize_line(&question.id),
            fitted.answers[i],
            question.difficulty.name(),
            shown
        ));
    }
    let ron = match canonical::to_ron(&pack) {
        Ok(ron) => ron,
        Err(error) => {
            return Err(CliError::untrusted(&format!(
                "cannot write the pack as RON: {error}"
            )));
        }
    };
    let header = format!(
        "// Calibrated by `skillgap pack calibrate` from {} ({} answers, {} students x categories).\n// fitted_difficulty is in logits (Easy -1, Medium 0, Hard +1 on average); the model uses it instead of the label.\n",
        plural(files.len(), "results file", "results files"),
        observations.len(),
        persons.len()
    );
    write_new(&output, &format!("{header}{ron}\n"))?;
    print(&report);
    print(&format!(
        "wrote {}: {} fitted, {} with too few answers{}\n",
        sanitize_line(&output.display().to_string()),
        plural(kept.len(), "question", "questions"),
        too_few,
        if other_packs > 0 {
            format!(", {other_packs} answers to other packs ignored")
        } else {
            String::new()
        }
    ));
    Ok(ExitCode::SUCCESS)
}
