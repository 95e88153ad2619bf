//! `cargo xtask test`: every test, style first (fast to fail: `cargo fmt
//! --check` with rustfmt.toml, `cargo clippy` with warnings as errors, over
//! every crate and target), then native, then the browser.

use std::process::Command;

use anyhow::Result;

use crate::setup;
use crate::single_file;
use crate::web::{self, run_command, Profile};

pub struct Options {
    pub browser: bool,
    /// Check that spaCy and the documented shapes of other tools accept our exports.
    pub consumers: bool,
    /// The Python package (crates/nomen-py): pytest for it, its spaCy component and a Spark job.
    pub python: bool,
}

/// Installs the Python package into the project's venv and runs its pytest
/// suite (crates/nomen-py/tests), which compares every result with the CLI
/// built by the native tests.
fn python_package_tests(root: &std::path::Path) -> Result<()> {
    println!("==> Python package: nomen.Extractor, convert, the spaCy component, a Spark job in local[2] (pytest)");
    let python = setup::ensure_python_venv(setup::PYTHON_PACKAGE_MODULES, setup::PYTHON_PACKAGE_REQUIREMENTS)?;
    setup::ensure_java()?;
    setup::install_nomen_python_package(&python)?;
    run_command(
        Command::new(&python)
            .current_dir(root)
            .args(["-m", "pytest", "-p", "no:cacheprovider", "-W", "ignore::DeprecationWarning", "crates/nomen-py/tests"])
            .env("NOMEN_CLI", root.join("target/debug/nomen"))
            .env("NOMEN_SHARED", root.join("../shared"))
            .env("PYSPARK_PYTHON", &python)
            .env("SPARK_LOCAL_IP", "127.0.0.1"),
    )
}

/// Exports the gold seeds and a fixture of hard characters in every format,
/// then lets spaCy (a real one, in a venv) and shape checkers read them.
fn consumer_checks(root: &std::path::Path) -> Result<()> {
    println!("==> format consumers: spaCy reads our JSONL and CoNLL; Label Studio, brat and HF shapes");
    let python = setup::ensure_python_venv(&["spacy"], &["spacy>=3.8,<3.9"])?;
    let out = root.join("target/consumer-exports");
    run_command(
        Command::new("sh")
            .current_dir(root)
            .arg("tests/consumers/export.sh")
            .arg(root.join("target/debug/nomen"))
            .arg(&out)
            .arg(root.join("../shared/gold/seeds.jsonl"))
            .arg("tests/consumers/fixtures/tricky.jsonl"),
    )?;
    // The app's export with kb_ids (the CLI writes none): a fixture kept equal to it by a nomen-session test.
    let app = out.join("app");
    std::fs::create_dir_all(&app)?;
    std::fs::copy(root.join("tests/consumers/fixtures/kb_ids.jsonl"), app.join("kb_ids.jsonl"))?;
    for check in ["check_spacy.py", "check_shapes.py"] {
        run_command(Command::new(&python).current_dir(root).arg(format!("tests/consumers/{check}")).arg(&out))?;
    }
    Ok(())
}

/// Formatting as rustfmt.toml says, and no clippy warning, in every crate
/// (the app natively too) and every target (tests, examples, benches).
fn style(root: &std::path::Path) -> Result<()> {
    setup::ensure_rust_components()?;
    println!("==> style: cargo fmt --check, cargo clippy -D warnings");
    run_command(Command::new(env!("CARGO")).current_dir(root).args(["fmt", "--all", "--check"]))?;
    run_command(Command::new(env!("CARGO")).current_dir(root).args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]))
}

/// `crates/nomen-ner/data/roles.txt` is what `knowledge/mine_roles.py` makes
/// from OntoNotes train in ../shared: the TITLE lists built into nomen are reproducible.
fn mined_roles_reproduce(root: &std::path::Path) -> Result<()> {
    println!("==> the TITLE rules' mined role lists: knowledge/mine_roles.py reproduces crates/nomen-ner/data/roles.txt");
    let fresh = root.join("target/roles-check.txt");
    run_command(
        Command::new("python3")
            .current_dir(root)
            .arg("knowledge/mine_roles.py")
            .arg(root.join("../shared/data/ontonotes/train.jsonl"))
            .arg(&fresh),
    )?;
    let shipped = root.join("crates/nomen-ner/data/roles.txt");
    if std::fs::read(&fresh)? != std::fs::read(&shipped)? {
        anyhow::bail!(
            "{} differs from what knowledge/mine_roles.py makes now ({}): run it again and commit",
            shipped.display(),
            fresh.display()
        );
    }
    Ok(())
}

/// The browser tests that run a second time against the single file (nomen.html)
/// opened from file://: extract, edit, undo, reload, import, drop, every export,
/// learning and Export model, aliases, evaluation, storage refused, no network
/// request, XSS inert, the uncertain spans and `u` (margins come from the worker
/// started from a `blob:` URL there). (Not `long`: the 100,000-word document tests
/// rendering, the same in both.)
const FILE_TESTS: &[&str] = &[
    "skeleton.test.mjs", "workflow.test.mjs", "persistence.test.mjs", "security.test.mjs", "learning.test.mjs", "aliases.test.mjs",
    "formats.test.mjs", "evaluation.test.mjs", "uncertainty.test.mjs",
    // Two workers there: the second is started from the same blob: URL.
    "pool.test.mjs",
];

/// The crates that build and test natively.
const NATIVE_PACKAGES: &[&str] = &["nomen-core", "nomen-ner", "nomen-formats", "nomen-session", "nomen-cli"];

pub fn run(options: Options) -> Result<()> {
    let root = web::root();
    let started = std::time::Instant::now();
    if options.browser {
        setup::ensure_for_tests()?;
    }

    style(&root)?;
    mined_roles_reproduce(&root)?;

    println!("==> native tests: {}", NATIVE_PACKAGES.join(", "));
    let mut cargo = Command::new(env!("CARGO"));
    cargo.current_dir(&root).arg("test");
    for package in NATIVE_PACKAGES {
        cargo.args(["--package", package]);
    }
    run_command(&mut cargo)?;
    // The app's pure modules (state, keys, layout, files) natively; its DOM side is tested in the browser.
    run_command(Command::new(env!("CARGO")).current_dir(&root).args(["test", "--package", "nomen-app", "--lib"]))?;
    // xtask's own tests, without rebuilding the binary that is running this.
    run_command(Command::new(env!("CARGO")).current_dir(&root).args(["test", "--package", "xtask", "--bins"]))?;

    if options.consumers {
        consumer_checks(&root)?;
    }
    if options.python {
        python_package_tests(&root)?;
    } else {
        println!("==> Python package tests skipped (--skip-python)");
    }

    if options.browser {
        let dist = root.join("target/e2e-dist");
        web::build(Profile::Fast, &dist)?;
        // nomen.html from the same cargo build (only the bindgen step and the packing are added).
        let single = root.join("target/e2e-single/nomen.html");
        single_file::build(Profile::Fast, &single)?;
        let node = |title: &str, files: &[&str], open_file: bool| {
            println!("==> {title}");
            let mut cmd = Command::new("node");
            cmd.current_dir(root.join("tests/e2e"))
                .args(["--test", "--test-concurrency=1"])
                .args(files)
                .env("NOMEN_DIST", &dist)
                .env("NOMEN_SINGLE_FILE", &single)
                .env("NOMEN_SHARED", root.join("../shared"))
                // The CLI built by the native tests: the learning test extracts with a model the page exported.
                .env("NOMEN_CLI", root.join("target/debug/nomen"))
                .env("CHROMIUM", setup::chromium_path().unwrap_or("/usr/bin/chromium"))
                .env("FIREFOX", setup::firefox_path().unwrap_or("/usr/bin/firefox-esr"));
            if open_file {
                cmd.env("NOMEN_OPEN", "file");
            }
            run_command(&mut cmd)
        };
        node("browser tests (headless Chromium via playwright-core)", &[], false)?;
        node("the same browser tests against nomen.html opened from file://", FILE_TESTS, true)?;
    } else {
        println!("==> browser tests skipped (--skip-browser)");
    }
    println!("==> all tests passed in {:.0?}", started.elapsed());
    Ok(())
}
