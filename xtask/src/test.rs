//! `cargo xtask test`: every test, native first (fast to fail), then the browser.

use std::process::Command;

use anyhow::Result;

use crate::setup;
use crate::web::{self, run_command, Profile};

pub struct Options {
    pub browser: bool,
}

/// The crates that build and test natively (the app is tested in the browser).
const NATIVE_PACKAGES: &[&str] = &["nomen-core", "nomen-ner", "nomen-formats", "nomen-cli"];

pub fn run(options: Options) -> Result<()> {
    let root = web::root();
    let started = std::time::Instant::now();
    if options.browser {
        setup::ensure_for_tests()?;
    }

    println!("==> native tests: {}", NATIVE_PACKAGES.join(", "));
    let mut cargo = Command::new(env!("CARGO"));
    cargo.current_dir(&root).arg("test");
    for package in NATIVE_PACKAGES {
        cargo.args(["--package", package]);
    }
    run_command(&mut cargo)?;
    // xtask's own tests, without rebuilding the binary that is running this.
    run_command(Command::new(env!("CARGO")).current_dir(&root).args(["test", "--package", "xtask", "--bins"]))?;

    if options.browser {
        let dist = root.join("target/e2e-dist");
        web::build(Profile::Fast, &dist)?;
        println!("==> browser tests (headless Chromium via playwright-core)");
        run_command(Command::new("node")
            .current_dir(root.join("tests/e2e"))
            .args(["--test", "--test-concurrency=1"])
            .env("NOMEN_DIST", &dist)
            .env("NOMEN_SHARED", root.join("../shared"))
            .env("CHROMIUM", setup::chromium_path().unwrap_or("/usr/bin/chromium")))?;
    } else {
        println!("==> browser tests skipped (--skip-browser)");
    }
    println!("==> all tests passed in {:.0?}", started.elapsed());
    Ok(())
}
