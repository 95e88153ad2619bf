//! Building the web app without trunk: `cargo build` for wasm32, then the
//! wasm-bindgen step through the `wasm-bindgen-cli-support` library, then
//! index.html's Trunk directives turned into plain tags.
//!
//! Why not trunk: it takes tens of minutes to compile on a fresh 2-core
//! machine, and this path needs none of it. `trunk serve` still works from
//! the same index.html and Trunk.toml for live reload (see `setup`).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

pub const APP_BIN: &str = "nomen-app";
pub const TARGET: &str = "wasm32-unknown-unknown";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// What analysts get: smallest wasm (opt-level z, LTO).
    Release,
    /// Quick to compile, for tests and first runs.
    Fast,
}

impl Profile {
    pub fn cargo_name(self) -> &'static str {
        match self {
            Profile::Release => "release",
            Profile::Fast => "web-test",
        }
    }
}

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}

/// Runs a command with inherited output; fails with the command line on a non-zero exit.
pub fn run_command(cmd: &mut Command) -> Result<()> {
    let status = cmd.status().with_context(|| format!("could not start {cmd:?}"))?;
    if !status.success() {
        bail!("{cmd:?} failed with {status}");
    }
    Ok(())
}

/// A `<link data-trunk rel="rust" data-bin=...>` of index.html.
#[derive(Debug, PartialEq, Eq)]
pub struct RustBin {
    pub name: String,
    /// A Web Worker: built as classic (no-modules) JS plus trunk's loader shim.
    pub worker: bool,
}

/// `cargo build` of index.html's Rust binaries for wasm32; returns them, with where each wasm is.
pub fn build_wasm(profile: Profile) -> Result<Vec<RustBin>> {
    let root = root();
    let html = fs::read_to_string(root.join("index.html")).context("could not read index.html")?;
    let bins = rust_bins(&html);
    println!("==> building the app for the browser ({} profile)", profile.cargo_name());
    let mut cargo = Command::new(env!("CARGO"));
    cargo.current_dir(&root).args(["build", "--package", APP_BIN, "--target", TARGET, "--profile", profile.cargo_name()]);
    for bin in &bins {
        cargo.args(["--bin", &bin.name]);
    }
    run_command(&mut cargo)?;
    Ok(bins)
}

impl RustBin {
    /// The wasm file `cargo build` wrote for this binary.
    pub fn wasm(&self, profile: Profile) -> PathBuf {
        root().join("target").join(TARGET).join(profile.cargo_name()).join(format!("{}.wasm", self.name))
    }
}

/// Builds the app into `out` and returns the path of the main wasm file written there.
pub fn build(profile: Profile, out: &Path) -> Result<PathBuf> {
    let root = root();
    let started = std::time::Instant::now();
    let html = fs::read_to_string(root.join("index.html")).context("could not read index.html")?;
    let bins = build_wasm(profile)?;

    if out.exists() {
        fs::remove_dir_all(out).with_context(|| format!("could not clear {}", out.display()))?;
    }
    fs::create_dir_all(out)?;
    println!("==> wasm-bindgen {} (library)", wasm_bindgen_version(&root)?);
    for bin in &bins {
        let wasm = bin.wasm(profile);
        let mut bindgen = bindgen(&wasm, profile);
        if bin.worker {
            bindgen.no_modules(true)?;
            // The same shim trunk writes for `data-loader-shim`.
            let shim = format!("importScripts('./{0}.js');\nwasm_bindgen({{ module_or_path: './{0}_bg.wasm' }});\n", bin.name);
            fs::write(out.join(format!("{}_loader.js", bin.name)), shim)?;
        } else {
            bindgen.web(true)?;
        }
        bindgen.generate(out).with_context(|| format!("the wasm-bindgen step failed for {}", bin.name))?;
    }
    fs::write(out.join("boot.js"), boot_js())?;
    let html = rewrite_trunk_links(&html, &root, out)?;
    fs::write(out.join("index.html"), html)?;
    let wasm_out = out.join(format!("{APP_BIN}_bg.wasm"));
    let size = fs::metadata(&wasm_out)?.len();
    println!("==> built {} in {:.0?} (app wasm {} KB)", out.display(), started.elapsed(), size / 1024);
    Ok(wasm_out)
}

/// The Rust binaries index.html asks for, in order.
fn rust_bins(html: &str) -> Vec<RustBin> {
    trunk_links(html)
        .filter(|tag| attr(tag, "rel") == Some("rust"))
        .map(|tag| RustBin { name: attr(tag, "data-bin").unwrap_or(APP_BIN).to_string(), worker: attr(tag, "data-type") == Some("worker") })
        .collect()
}

fn trunk_links(html: &str) -> impl Iterator<Item = &str> {
    html.match_indices("<link data-trunk").filter_map(move |(at, _)| Some(&html[at..at + html[at..].find('>')? + 1]))
}

/// The value of attribute `name` in a tag, if present with a value.
pub fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let from = tag.find(&key)? + key.len();
    Some(&tag[from..from + tag[from..].find('"')?])
}

/// The app's entry point as a file, so the CSP needs no 'unsafe-inline' for scripts.
fn boot_js() -> String {
    // Opened from disk, nothing can be fetched: file-notice.js says what to open instead.
    format!("import init from './{APP_BIN}.js';\nif (location.protocol !== 'file:') init({{ module_or_path: './{APP_BIN}_bg.wasm' }});\n")
}

/// The wasm-bindgen step for one of the app's wasm files, as every build makes it.
pub fn bindgen(wasm: &Path, profile: Profile) -> wasm_bindgen_cli_support::Bindgen {
    let mut bindgen = wasm_bindgen_cli_support::Bindgen::new();
    // Function names (the `name` section: 497 KB of the app's 2.2 MB wasm) only make a
    // browser's stack traces readable; what analysts download goes without them.
    bindgen.input_path(wasm).typescript(false).remove_name_section(matches!(profile, Profile::Release));
    bindgen
}

/// The version of wasm-bindgen that Cargo.lock pins for the app.
pub fn wasm_bindgen_version(root: &Path) -> Result<String> {
    let lock = fs::read_to_string(root.join("Cargo.lock")).context("could not read Cargo.lock")?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(version) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(version.trim_end_matches('"').to_string());
            }
        }
    }
    bail!("Cargo.lock has no wasm-bindgen package")
}

/// Replaces `<link data-trunk ...>` tags: `rel="rust"` becomes the boot script,
/// `rel="css"` a stylesheet link, `rel="copy-file"`/`"copy-dir"` copies.
fn rewrite_trunk_links(html: &str, root: &Path, out: &Path) -> Result<String> {
    let mut result = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("<link data-trunk") {
        result.push_str(&rest[..at]);
        let end = rest[at..].find('>').map(|e| at + e + 1).context("index.html: unclosed <link data-trunk")?;
        let tag = &rest[at..end];
        match (attr(tag, "rel"), attr(tag, "href")) {
            (Some("rust"), _) => {
                if attr(tag, "data-type") != Some("worker") {
                    result.push_str("<script type=\"module\" src=\"./boot.js\"></script>");
                }
            }
            (Some("css"), Some(href)) => {
                let name = copy_into(root, href, out)?;
                result.push_str(&format!("<link rel=\"stylesheet\" href=\"./{name}\">"));
            }
            (Some("copy-file" | "copy-dir"), Some(href)) => {
                copy_into(root, href, out)?;
            }
            _ => bail!("index.html: unsupported trunk tag {tag}"),
        }
        rest = &rest[end..];
    }
    result.push_str(rest);
    Ok(result)
}

/// Moves every inline `<script type="module">` of `dir/index.html` into a file
/// beside it, so the page's Content-Security-Policy (no inline scripts) holds
/// for trunk's output too. Run by trunk as a post-build hook (see Trunk.toml).
pub fn externalize_inline_scripts(dir: &Path) -> Result<usize> {
    let path = dir.join("index.html");
    let html = fs::read_to_string(&path).with_context(|| format!("could not read {}", path.display()))?;
    let (html, scripts) = split_inline_scripts(&html);
    for (i, script) in scripts.iter().enumerate() {
        fs::write(dir.join(format!("inline-{i}.js")), script)?;
    }
    fs::write(&path, html)?;
    Ok(scripts.len())
}

/// `html` with each inline module script replaced by a `src` reference, and the scripts.
fn split_inline_scripts(html: &str) -> (String, Vec<String>) {
    const OPEN: &str = "<script type=\"module\">";
    let (mut out, mut scripts, mut rest) = (String::new(), Vec::new(), html);
    while let Some(at) = rest.find(OPEN) {
        let body_start = at + OPEN.len();
        let Some(len) = rest[body_start..].find("</script>") else { break };
        out.push_str(&rest[..at]);
        out.push_str(&format!("<script type=\"module\" src=\"./inline-{}.js\"></script>", scripts.len()));
        scripts.push(rest[body_start..body_start + len].to_string());
        rest = &rest[body_start + len + "</script>".len()..];
    }
    out.push_str(rest);
    (out, scripts)
}

/// Copies a file or directory (relative to the repo root) into `out`; returns its name.
fn copy_into(root: &Path, href: &str, out: &Path) -> Result<String> {
    let from = root.join(href);
    let name = from.file_name().context("empty href")?.to_string_lossy().into_owned();
    copy_recursively(&from, &out.join(&name)).with_context(|| format!("could not copy {}", from.display()))?;
    Ok(name)
}

fn copy_recursively(from: &Path, to: &Path) -> std::io::Result<()> {
    if from.is_dir() {
        fs::create_dir_all(to)?;
        for entry in fs::read_dir(from)? {
            let entry = entry?;
            copy_recursively(&entry.path(), &to.join(entry.file_name()))?;
        }
        Ok(())
    } else {
        fs::copy(from, to).map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bindgen_library_matches_the_locked_wasm_bindgen() {
        // Cargo.lock holds both; if they drift apart, the generated JS would not match the wasm.
        let lock = fs::read_to_string(root().join("Cargo.lock")).unwrap();
        let support = lock.split("\n\n").find(|p| p.contains("name = \"wasm-bindgen-cli-support\"")).unwrap();
        let version = wasm_bindgen_version(&root()).unwrap();
        assert!(support.contains(&format!("version = \"{version}\"")), "cli-support differs from wasm-bindgen {version}");
    }

    #[test]
    fn inline_module_scripts_move_to_files() {
        let html = "<head><script type=\"module\">import init from '/a.js'; await init();</script></head><body><script src=\"x.js\"></script></body>";
        let (out, scripts) = split_inline_scripts(html);
        assert_eq!(out, "<head><script type=\"module\" src=\"./inline-0.js\"></script></head><body><script src=\"x.js\"></script></body>");
        assert_eq!(scripts, ["import init from '/a.js'; await init();"]);
    }

    #[test]
    fn rust_bins_come_from_index_html() {
        let html = fs::read_to_string(root().join("index.html")).unwrap();
        assert_eq!(
            rust_bins(&html),
            [RustBin { name: "nomen-app".into(), worker: false }, RustBin { name: "nomen-worker".into(), worker: true }]
        );
    }

    #[test]
    fn trunk_links_become_plain_tags() {
        let dir = std::env::temp_dir().join(format!("nomen-xtask-{}", std::process::id()));
        fs::create_dir_all(dir.join("assets")).unwrap();
        fs::write(dir.join("assets/style.css"), "body{}").unwrap();
        let out = dir.join("out");
        fs::create_dir_all(&out).unwrap();
        let html =
            "<head><link data-trunk rel=\"css\" href=\"assets/style.css\" /><link data-trunk rel=\"rust\" href=\"Cargo.toml\" /></head>";
        let rewritten = rewrite_trunk_links(html, &dir, &out).unwrap();
        assert_eq!(
            rewritten,
            "<head><link rel=\"stylesheet\" href=\"./style.css\"><script type=\"module\" src=\"./boot.js\"></script></head>"
        );
        assert!(out.join("style.css").exists());
        fs::remove_dir_all(dir).unwrap();
    }
}
