//! `cargo xtask`: the project's chores, in Rust so they run wherever cargo does.
//!
//! The two commands of the README:
//! - `cargo xtask serve`: install what is missing, build the app, serve it on 127.0.0.1.
//! - `cargo xtask test`: install what the tests need, then run every test.

mod bench;
mod serve;
mod setup;
mod single_file;
mod test;
mod train;
mod web;

use anyhow::{bail, Result};

const HELP: &str = "\
cargo xtask <command> [options]

commands:
  serve [--port N] [--release] [--no-dev-tools]
                 set up what is missing, build the app, serve it on http://127.0.0.1:N (default 8080)
  test [--skip-browser] [--skip-consumers] [--skip-python]
                 install what tests need, run every test: native, CLI, format consumers
                 (spaCy in a venv), the Python package (pytest, spaCy, Spark in local[2]),
                 and the app in headless Chromium
  setup [--dev-tools]
                 install the wasm target, the browser for tests and the e2e test packages;
                 with --dev-tools also trunk and wasm-bindgen-cli (slow: tens of minutes)
  bench [--no-spacy] [--single-file]
                 accuracy, speed and size beside spaCy en_core_web_sm; writes BENCHMARKS.md;
                 with --single-file only the section on opening nomen.html from disk
  bench --python
                 only the Python package, spaCy component and Spark throughput (and
                 `nomen extract --jobs`); rewrites only that section of BENCHMARKS.md
  train [--out FILE] [--epochs N]
                 retrain the shipped model (assets/nomen-news.model) from OntoNotes in ../shared,
                 with the knowledge files built from PyPI packages (about 10 minutes)
  build [--release] [--out DIR] [--single-file FILE.html]
                 build the web app into DIR (default dist/); with --single-file, instead
                 one HTML file with everything inside, that works opened from disk (file://)
";

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        print!("{HELP}");
        return Ok(());
    };
    let flag = |name: &str| rest.iter().any(|a| a == name);
    let value = |name: &str| rest.iter().position(|a| a == name).and_then(|i| rest.get(i + 1)).cloned();
    match command.as_str() {
        "serve" => serve::run(serve::Options {
            port: value("--port").map(|p| p.parse()).transpose()?.unwrap_or(8080),
            release: flag("--release"),
            dev_tools: !flag("--no-dev-tools"),
        }),
        "test" => test::run(test::Options {
            browser: !flag("--skip-browser"),
            consumers: !flag("--skip-consumers"),
            python: !flag("--skip-python"),
        }),
        "setup" => {
            setup::ensure_for_tests()?;
            if flag("--dev-tools") {
                setup::install_dev_tools()?;
            }
            Ok(())
        }
        // Trunk's post-build hook (Trunk.toml): keep the CSP's "no inline scripts" for trunk's output.
        "trunk-hook" => {
            let staging = std::env::var_os("TRUNK_STAGING_DIR")
                .ok_or_else(|| anyhow::anyhow!("trunk-hook runs from trunk, which sets TRUNK_STAGING_DIR"))?;
            web::externalize_inline_scripts(std::path::Path::new(&staging)).map(|_| ())
        }
        "train" => train::run(train::Options {
            out: value("--out").map(Into::into),
            epochs: value("--epochs").map(|e| e.parse()).transpose()?.unwrap_or(15),
        }),
        "bench" if flag("--single-file") => bench::run_single_file(),
        "bench" if flag("--python") => bench::run_python(),
        "bench" => bench::run(bench::Options { spacy: !flag("--no-spacy") }),
        "build" => {
            let profile = if flag("--release") { web::Profile::Release } else { web::Profile::Fast };
            if flag("--single-file") {
                match value("--single-file").filter(|f| !f.starts_with("--")) {
                    Some(file) => return single_file::build(profile, std::path::Path::new(&file)).map(|_| ()),
                    None => bail!("--single-file needs the file to write, e.g. --single-file nomen.html"),
                }
            }
            let out = value("--out").map(Into::into).unwrap_or_else(|| web::root().join("dist"));
            web::build(profile, &out).map(|_| ())
        }
        "help" | "--help" | "-h" => {
            print!("{HELP}");
            Ok(())
        }
        other => bail!("unknown command `{other}`\n\n{HELP}"),
    }
}
