//! `cargo xtask build --single-file OUT.html`: the whole app in one HTML file
//! that works from `file://`, for analysts who have only a browser.
//!
//! A page opened from disk may not fetch anything (its wasm, its worker
//! script, its model), so everything is inside the page: the app's JS glue
//! and start-up code as the one inline script, which the Content-Security-Policy
//! allows by its SHA-256 and nothing else; the app's wasm, the worker (glue
//! and start-up script, then its wasm) and the model as base64 data blocks of
//! gzip bytes, which the page inflates with the browser's own
//! `DecompressionStream` (`single_file/inflate.js`); the style inline and the
//! icon as a `data:` URL. The worker starts from a `blob:` URL of its script
//! (`single_file/page.js`, `single_file/worker.js`; the app's side is
//! `src/embedded.rs`). Both glues are wasm-bindgen's classic `no-modules`
//! output: an inline module script could not be imported, and a module
//! worker from a `blob:` URL could not import its glue either.

use std::fs;
use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context, Result};
use base64::Engine as _;
use sha2::Digest as _;

use crate::web::{self, Profile, RustBin, APP_BIN};

const INFLATE_JS: &str = include_str!("single_file/inflate.js");
const PAGE_JS: &str = include_str!("single_file/page.js");
const WORKER_JS: &str = include_str!("single_file/worker.js");

/// What the single file may do: run its one inline script (by hash) and
/// WebAssembly, start a worker from a `blob:` URL, use inline styles (the app
/// sets label colours as style attributes) and its `data:` icon. No request
/// of any kind: `default-src 'none'` leaves `connect-src` and the rest empty.
fn content_security_policy(script_hash: &str) -> String {
    format!(
        "default-src 'none'; script-src 'sha256-{script_hash}' 'wasm-unsafe-eval'; style-src 'unsafe-inline'; \
         img-src data:; worker-src blob:; object-src 'none'; base-uri 'none'; form-action 'none'"
    )
}

/// What went into the file: its size on disk, and each part's bytes and gzip bytes.
pub struct Report {
    pub bytes: u64,
    pub parts: Vec<(String, usize, usize)>,
}

/// Builds the app (or reuses the last cargo build of `profile`) and writes it as one HTML file.
pub fn build(profile: Profile, out: &Path) -> Result<Report> {
    let started = std::time::Instant::now();
    let root = web::root();
    let bins = web::build_wasm(profile)?;
    let scratch = root.join("target/single-file").join(profile.cargo_name());
    let (app, worker) = bindgen_no_modules(&bins, profile, &scratch)?;

    let index = fs::read_to_string(root.join("index.html")).context("could not read index.html")?;
    let title = between(&index, "<title>", "</title>").context("index.html has no <title>")?;
    let noscript = between(&index, "<noscript>", "</noscript>").context("index.html has no <noscript>")?;
    let css = fs::read_to_string(root.join("assets/style.css")).context("could not read assets/style.css")?;
    let icon = fs::read(root.join("assets/favicon.svg")).context("could not read assets/favicon.svg")?;
    let model = fs::read(root.join("assets/nomen-news.model")).context("could not read assets/nomen-news.model")?;
    if css.contains("</style") {
        bail!("assets/style.css contains </style, which would end the inline style early");
    }

    let page_script = format!("{}\n{INFLATE_JS}\n{PAGE_JS}", app.js);
    check_inline_script(&page_script)?;
    let worker_script = format!("{}\n{INFLATE_JS}\n{WORKER_JS}", worker.js);
    let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(page_script.as_bytes()));

    let mut parts = Vec::new();
    let mut block = |id: &str, name: &str, bytes: &[u8]| -> Result<String> {
        let gzip = gzip(bytes, profile)?;
        parts.push((name.to_string(), bytes.len(), gzip.len()));
        Ok(format!(
            "<script type=\"application/octet-stream\" id=\"{id}\">{}</script>\n",
            base64::engine::general_purpose::STANDARD.encode(gzip)
        ))
    };
    let blocks = [
        block("nomen-app-wasm", &format!("{APP_BIN}_bg.wasm"), &app.wasm)?,
        block("nomen-worker-js", &format!("{}.js", worker.name), worker_script.as_bytes())?,
        block("nomen-worker-wasm", &format!("{}_bg.wasm", worker.name), &worker.wasm)?,
        block("nomen-model", "nomen-news.model", &model)?,
    ]
    .concat();

    let html = format!(
        "<!DOCTYPE html>
<html lang=\"en\">
<head>
  <meta charset=\"utf-8\">
  <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">
  <!-- nomen, the whole app in one file: open it in a browser. Nothing leaves the analyst's machine:
       the policy below allows no request at all, only this page's own script (by its hash) and a worker made from it.
       Built by `cargo xtask build --single-file`; the app's wasm, the worker and the model are the data blocks below (gzip, base64). -->
  <meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">
  <title>{title}</title>
  <link rel=\"icon\" type=\"image/svg+xml\" href=\"data:image/svg+xml;base64,{icon}\">
  <style>
{css}</style>
</head>
<body>
  <noscript>{noscript}</noscript>
{blocks}<script>{page_script}</script>
</body>
</html>
",
        csp = content_security_policy(&hash),
        icon = base64::engine::general_purpose::STANDARD.encode(icon),
    );
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir).with_context(|| format!("could not create {}", dir.display()))?;
    }
    fs::write(out, &html).with_context(|| format!("could not write {}", out.display()))?;
    let report = Report { bytes: html.len() as u64, parts };
    for (name, raw, gzip) in &report.parts {
        println!("    {name}: {} KB, {} KB gzipped", raw / 1024, gzip / 1024);
    }
    println!("==> wrote {} ({:.2} MB) in {:.0?}", out.display(), report.bytes as f64 / 1e6, started.elapsed());
    Ok(report)
}

/// One binary after bindgen: its JS glue and its wasm.
struct Bound {
    name: String,
    js: String,
    wasm: Vec<u8>,
}

/// wasm-bindgen's `no-modules` output for the app and the worker, written into `scratch`.
fn bindgen_no_modules(bins: &[RustBin], profile: Profile, scratch: &Path) -> Result<(Bound, Bound)> {
    fs::create_dir_all(scratch)?;
    let mut bound = Vec::new();
    for bin in bins {
        let mut bindgen = crate::web::bindgen(&bin.wasm(profile), profile);
        bindgen.no_modules(true)?;
        bindgen.generate(scratch).with_context(|| format!("the wasm-bindgen step failed for {}", bin.name))?;
        let read = |file: String| fs::read(scratch.join(&file)).with_context(|| format!("wasm-bindgen wrote no {file}"));
        bound.push((
            bin.worker,
            Bound {
                name: bin.name.clone(),
                js: String::from_utf8(read(format!("{}.js", bin.name))?)?,
                wasm: read(format!("{}_bg.wasm", bin.name))?,
            },
        ));
    }
    let mut app = None;
    let mut worker = None;
    for (is_worker, b) in bound {
        if is_worker {
            worker = Some(b)
        } else {
            app = Some(b)
        }
    }
    match (app, worker) {
        (Some(app), Some(worker)) => Ok((app, worker)),
        _ => bail!("index.html must name one app binary and one worker binary"),
    }
}

/// An inline script ends at the first `</script`, and `<!--` changes how the
/// HTML parser reads it: the one script must contain neither.
fn check_inline_script(script: &str) -> Result<()> {
    let lower = script.to_ascii_lowercase();
    for bad in ["</script", "<!--"] {
        if let Some(at) = lower.find(bad) {
            bail!("the inline script contains {bad} at byte {at}, which would break the page");
        }
    }
    Ok(())
}

/// gzip bytes: Zopfli for the release build (smaller, and slower to make:
/// about half a minute here), zlib's best for the quick builds of the tests.
fn gzip(bytes: &[u8], profile: Profile) -> Result<Vec<u8>> {
    if profile == Profile::Release {
        let mut out = Vec::new();
        let options = zopfli::Options { iteration_count: std::num::NonZeroU64::new(5).expect("5 is not zero"), ..Default::default() };
        zopfli::compress(options, zopfli::Format::Gzip, bytes, &mut out)?;
        return Ok(out);
    }
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?)
}

/// The text between the first `open` and the next `close`.
fn between<'a>(text: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let from = text.find(open)? + open.len();
    Some(&text[from..from + text[from..].find(close)?])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_allows_no_request() {
        let csp = content_security_policy("abc=");
        assert!(csp.starts_with("default-src 'none';"));
        assert!(!csp.contains("connect-src"), "connect-src falls back to default-src 'none'");
        assert!(!csp.contains("'self'"), "a file:// page's own origin is every file on the disk");
        let script_src = csp.split("; ").find(|d| d.starts_with("script-src ")).unwrap();
        assert_eq!(script_src, "script-src 'sha256-abc=' 'wasm-unsafe-eval'", "scripts only by hash");
    }

    #[test]
    fn a_script_that_would_end_early_is_refused() {
        assert!(check_inline_script("let a = '</SCRIPT>';").is_err());
        assert!(check_inline_script("let a = '<!--';").is_err());
        assert!(check_inline_script("let a = 1 < 2;").is_ok());
    }

    #[test]
    fn the_gzip_trailer_holds_the_length_the_page_reads() {
        let bytes: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
        for profile in [Profile::Fast, Profile::Release] {
            let gz = gzip(&bytes, profile).unwrap();
            let isize = u32::from_le_bytes(gz[gz.len() - 4..].try_into().unwrap());
            assert_eq!(isize as usize, bytes.len());
            // Any gzip reader gets the bytes back (the browser's DecompressionStream is one).
            let mut back = Vec::new();
            std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz[..]), &mut back).unwrap();
            assert_eq!(back, bytes, "{profile:?}");
        }
    }

    #[test]
    fn title_and_noscript_come_from_index_html() {
        let index = fs::read_to_string(web::root().join("index.html")).unwrap();
        assert!(between(&index, "<title>", "</title>").unwrap().starts_with("nomen"));
        assert!(between(&index, "<noscript>", "</noscript>").is_some());
    }
}
