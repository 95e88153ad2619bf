//! Installing what is missing, each step checked first so a second run is instant.
//!
//! Only registries are used (rustup's targets, crates.io, Debian, npm): nothing
//! is downloaded from any other site, and trunk is told to stay offline.

use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::{Context, Result};

use crate::web::{self, run_command, TARGET};

/// trunk 0.22 needs rustc >= 1.96; 0.21.14 builds on the toolchain here.
pub const TRUNK_VERSION: &str = "0.21.14";

fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.stderr(Stdio::null()).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The wasm32 target, needed to build the app at all.
pub fn ensure_wasm_target() -> Result<()> {
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == TARGET) {
        return Ok(());
    }
    println!("==> installing the {TARGET} target (rustup, about 15 s)");
    run_command(Command::new("rustup").args(["target", "add", TARGET]))
}

/// rustfmt and clippy, for the style step of `cargo xtask test`.
pub fn ensure_rust_components() -> Result<()> {
    let installed = output(Command::new("rustup").args(["component", "list", "--installed"])).unwrap_or_default();
    let has = |name: &str| installed.lines().any(|l| l.trim().split('-').next() == Some(name));
    let missing: Vec<&str> = ["rustfmt", "clippy"].into_iter().filter(|c| !has(c)).collect();
    if missing.is_empty() {
        return Ok(());
    }
    println!("==> installing {} (rustup component, about 10 s)", missing.join(" and "));
    run_command(Command::new("rustup").args(["component", "add"]).args(&missing))
}

pub fn chromium_path() -> Option<&'static str> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"].into_iter().find(|p| Path::new(p).exists())
}

/// Debian's Chromium for the browser tests (about a minute with apt).
pub fn ensure_chromium() -> Result<()> {
    if chromium_path().is_some() {
        return Ok(());
    }
    println!("==> installing Debian's chromium for the browser tests (apt-get, 1-4 minutes)");
    let root = output(Command::new("id").arg("-u")).is_some_and(|u| u.trim() == "0");
    let sudo: &[&str] = if root { &[] } else { &["sudo"] };
    let apt = |args: &[&str]| {
        let mut cmd = Command::new(sudo.first().copied().unwrap_or("apt-get"));
        if !sudo.is_empty() {
            cmd.arg("apt-get");
        }
        cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        cmd
    };
    run_command(&mut apt(&["update", "-qq"]))?;
    run_command(&mut apt(&["install", "-y", "-qq", "chromium"])).context("could not install chromium; install it with your package manager")
}

pub fn firefox_path() -> Option<&'static str> {
    ["/usr/bin/firefox-esr", "/usr/bin/firefox"].into_iter().find(|p| Path::new(p).exists())
}

/// Debian's firefox-esr, for the tests of nomen.html from file:// in a second engine (about a minute with apt).
pub fn ensure_firefox() -> Result<()> {
    if firefox_path().is_some() {
        return Ok(());
    }
    println!("==> installing Debian's firefox-esr for the single-file browser tests (apt-get, 1-3 minutes)");
    let root = output(Command::new("id").arg("-u")).is_some_and(|u| u.trim() == "0");
    let apt = |args: &[&str]| {
        let mut cmd = Command::new(if root { "apt-get" } else { "sudo" });
        if !root {
            cmd.arg("apt-get");
        }
        cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        cmd
    };
    run_command(&mut apt(&["update", "-qq"]))?;
    run_command(&mut apt(&["install", "-y", "-qq", "--no-install-recommends", "firefox-esr"]))
        .context("could not install firefox-esr; install it with your package manager")
}

/// playwright-core (drives Debian's chromium), puppeteer-core (drives
/// Debian's firefox-esr over WebDriver BiDi), neither downloading a browser,
/// and axe-core (accessibility checks).
pub fn ensure_e2e_packages() -> Result<()> {
    let dir = web::root().join("tests/e2e");
    if ["playwright-core", "puppeteer-core", "axe-core"].iter().all(|p| dir.join("node_modules").join(p).exists()) {
        return Ok(());
    }
    println!("==> installing the browser-test packages (npm ci in tests/e2e)");
    run_command(Command::new("npm").current_dir(&dir).args(["ci", "--no-audit", "--no-fund", "--loglevel=error"]))
}

pub fn ensure_for_tests() -> Result<()> {
    ensure_wasm_target()?;
    ensure_chromium()?;
    ensure_firefox()?;
    ensure_e2e_packages()
}

fn tool_version(tool: &str) -> Option<String> {
    output(Command::new(tool).arg("--version"))
}

/// What of trunk and wasm-bindgen-cli is missing or at the wrong version.
pub fn missing_dev_tools() -> Result<Vec<(&'static str, String, bool)>> {
    let bindgen = web::wasm_bindgen_version(&web::root())?;
    let mut missing = Vec::new();
    if !tool_version("trunk").is_some_and(|v| v.contains(TRUNK_VERSION)) {
        missing.push(("trunk", TRUNK_VERSION.to_string(), true));
    }
    if !tool_version("wasm-bindgen").is_some_and(|v| v.contains(&bindgen)) {
        // Its lock pins a crate the registry no longer offers, so it installs unlocked.
        missing.push(("wasm-bindgen-cli", bindgen, false));
    }
    Ok(missing)
}

/// The `cargo install` commands for the missing dev tools. Debug builds and a
/// shared target directory roughly halve a fresh machine's compile time.
pub fn dev_tool_commands() -> Result<Vec<Command>> {
    let target_dir = web::root().join("target/dev-tools");
    Ok(missing_dev_tools()?
        .into_iter()
        .map(|(krate, version, locked)| {
            let mut cmd = Command::new(env!("CARGO"));
            cmd.args(["install", krate, "--version", &version, "--debug", "--target-dir"]).arg(&target_dir);
            if locked {
                cmd.arg("--locked");
            }
            cmd
        })
        .collect())
}

/// Installs trunk and wasm-bindgen-cli in the foreground.
pub fn install_dev_tools() -> Result<()> {
    for mut cmd in dev_tool_commands()? {
        println!("==> {cmd:?} (this compiles for a long time on a small machine)");
        run_command(&mut cmd)?;
    }
    Ok(())
}

/// Starts the dev-tool installs in the background at the lowest priority, so
/// the first page does not wait for them. Returns the log path if anything started.
pub fn spawn_dev_tools_install() -> Result<Option<std::path::PathBuf>> {
    let commands = dev_tool_commands()?;
    if commands.is_empty() {
        return Ok(None);
    }
    let log = web::root().join("target/dev-tools.log");
    std::fs::create_dir_all(web::root().join("target"))?;
    let script: Vec<String> = commands
        .iter()
        .map(|c| {
            let args: Vec<String> = c.get_args().map(|a| format!("'{}'", a.to_string_lossy())).collect();
            format!("'{}' {}", c.get_program().to_string_lossy(), args.join(" "))
        })
        .collect();
    let file = std::fs::File::create(&log)?;
    Command::new("nice")
        .args(["-n", "19", "sh", "-c", &script.join(" && ")])
        .stdout(file.try_clone()?)
        .stderr(file)
        .stdin(Stdio::null())
        .spawn()
        .context("could not start the background install of trunk and wasm-bindgen-cli")?;
    Ok(Some(log))
}

/// The project's Python venv (under target/), with `packages` installed from
/// PyPI when an import of `modules` fails. Returns its python.
pub fn ensure_python_venv(modules: &[&str], packages: &[&str]) -> Result<std::path::PathBuf> {
    ensure_named_venv("py-venv", modules, packages)
}

/// A venv at `target/NAME` with `packages` installed unless `modules` import already.
pub fn ensure_named_venv(name: &str, modules: &[&str], packages: &[&str]) -> Result<std::path::PathBuf> {
    let venv = web::root().join("target").join(name);
    let python = venv.join("bin/python");
    let check = format!("import {}", modules.join(", "));
    let ready = Command::new(&python).args(["-c", &check]).output().is_ok_and(|o| o.status.success());
    if !ready {
        println!("==> installing {} into a Python venv at {} (PyPI, about a minute)", packages.join(" "), venv.display());
        if !python.exists() {
            run_command(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
        }
        run_command(Command::new(venv.join("bin/pip")).args(["install", "--quiet", "--disable-pip-version-check"]).args(packages))?;
    }
    Ok(python)
}

/// What the Python package's tests and benchmark need in the venv: the build
/// backend, pytest, spaCy (the component), pyspark with pandas and pyarrow
/// (`mapInPandas`; pyspark 4.x warns that it does not yet fully support pandas 3).
pub const PYTHON_PACKAGE_MODULES: &[&str] = &["spacy", "maturin", "pytest", "pyspark", "pandas", "pyarrow"];
pub const PYTHON_PACKAGE_REQUIREMENTS: &[&str] =
    &["spacy>=3.8,<3.9", "maturin>=1.9.4,<2", "pytest>=8", "pyspark>=3.5,<5", "pandas>=2,<3", "pyarrow>=15"];

/// A Java runtime for Spark (Debian's default JRE: 17 on Debian 12).
pub fn ensure_java() -> Result<()> {
    if Command::new("java").arg("-version").output().is_ok_and(|o| o.status.success()) {
        return Ok(());
    }
    println!("==> installing Debian's default-jre-headless for Spark (apt-get, 1-3 minutes)");
    let root = output(Command::new("id").arg("-u")).is_some_and(|u| u.trim() == "0");
    let apt = |args: &[&str]| {
        let mut cmd = if root { Command::new("apt-get") } else { Command::new("sudo") };
        if !root {
            cmd.arg("apt-get");
        }
        cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        cmd
    };
    run_command(&mut apt(&["update", "-qq"]))?;
    run_command(&mut apt(&["install", "-y", "-qq", "default-jre-headless"]))
        .context("could not install a Java runtime for Spark; install one (java on PATH) with your package manager")
}

/// Builds crates/nomen-py with maturin and installs it into the venv of
/// `python`, as a user's `pip install crates/nomen-py` does (no build
/// isolation: maturin is already in the venv, so nothing is downloaded).
/// cargo's incremental build makes a rerun without changes take seconds.
pub fn install_nomen_python_package(python: &Path) -> Result<()> {
    let bin = python.parent().context("the venv's python has no bin directory")?;
    let path = std::env::join_paths(
        std::iter::once(bin.to_path_buf()).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())),
    )?;
    println!("==> building and installing the nomen Python package (maturin, release-native profile)");
    run_command(
        Command::new(python)
            .current_dir(web::root())
            .args([
                "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-build-isolation", "--no-deps", "--force-reinstall",
            ])
            .arg("crates/nomen-py")
            .env("PATH", path),
    )
}
