//! `cargo xtask serve`: set up, build, and serve the app on 127.0.0.1.

use std::fs;
use std::path::{Component, Path, PathBuf};

use anyhow::Result;

use crate::setup;
use crate::web::{self, Profile};

pub struct Options {
    pub port: u16,
    pub release: bool,
    /// Also install trunk and wasm-bindgen-cli (in the background) for `trunk serve`.
    pub dev_tools: bool,
}

pub fn run(options: Options) -> Result<()> {
    setup::ensure_wasm_target()?;
    if options.dev_tools {
        if let Some(log) = setup::spawn_dev_tools_install()? {
            println!(
                "==> installing trunk {} and wasm-bindgen-cli in the background at low priority, for `trunk serve`\n    (tens of minutes on a small machine; the app does not need them; progress: {})",
                setup::TRUNK_VERSION,
                log.display()
            );
        }
    }
    if let Err(err) = setup::ensure_chromium().and_then(|_| setup::ensure_e2e_packages()) {
        // The browser is for tests; serving works without it.
        println!("==> note: the browser for tests is not installed: {err:#}");
    }
    let dist = web::root().join("dist");
    web::build(if options.release { Profile::Release } else { Profile::Fast }, &dist)?;
    serve(&dist, options.port)
}

fn serve(dir: &Path, port: u16) -> Result<()> {
    let address = format!("127.0.0.1:{port}");
    let server = tiny_http::Server::http(&address)
        .map_err(|e| anyhow::anyhow!("could not listen on {address}: {e} (is another server using it? try --port {})", port + 1))?;
    println!("\nnomen is ready at http://{address}/  (Ctrl+C to stop)\n");
    for request in server.incoming_requests() {
        let response = match resolve(dir, request.url()) {
            Some(path) => match fs::read(&path) {
                Ok(bytes) => tiny_http::Response::from_data(bytes)
                    .with_header(header("Content-Type", content_type(&path)))
                    .with_header(header("Cache-Control", "no-cache")),
                Err(_) => not_found(),
            },
            None => not_found(),
        };
        // A client that went away is not the server's problem.
        let _ = request.respond(response);
    }
    Ok(())
}

fn not_found() -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    tiny_http::Response::from_string("not found").with_status_code(404)
}

fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("static header is valid")
}

/// Maps a URL path to a file under `dir`; `None` for anything that would leave it.
pub fn resolve(dir: &Path, url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let relative = Path::new(path.trim_start_matches('/'));
    if relative.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let full = dir.join(relative);
    let full = if full.is_dir() { full.join("index.html") } else { full };
    full.is_file().then_some(full)
}

pub fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_cannot_escape_the_directory() {
        let dir = web::root();
        assert_eq!(resolve(&dir, "/Cargo.toml?x=1"), Some(dir.join("Cargo.toml")));
        assert_eq!(resolve(&dir, "/../etc/passwd"), None);
        assert_eq!(resolve(&dir, "/xtask/../Cargo.toml"), None);
        assert_eq!(resolve(&dir, "/no-such-file"), None);
    }

    #[test]
    fn wasm_is_served_as_wasm() {
        assert_eq!(content_type(Path::new("a/nomen-app_bg.wasm")), "application/wasm");
    }
}
