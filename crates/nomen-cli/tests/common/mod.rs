//! Running the `nomen` binary from integration tests.

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// Runs `nomen args` with `stdin` as its input.
pub fn nomen(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_nomen"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("nomen runs");
    // A run that fails early (a usage error) may exit without reading its input.
    if let Err(err) = child.stdin.take().expect("stdin").write_all(stdin.as_bytes()) {
        assert_eq!(err.kind(), std::io::ErrorKind::BrokenPipe, "writing stdin: {err}");
    }
    child.wait_with_output().expect("nomen ends")
}
