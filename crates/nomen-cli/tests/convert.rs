//! `nomen convert` as a user runs it: stdin and stdout, files and brat
//! directories, exit codes, and what is left on disk after a failure.

use std::fs;
use std::path::{Path, PathBuf};
mod common;

use std::process::Output;

use common::nomen;

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("UTF-8 stdout")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A fresh directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("nomen-convert-cli-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        fs::read_dir(dir).expect("dir").filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

fn path(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// An emoji before the entities: code points, UTF-16 units and bytes all differ.
const DOC: &str = "{\"id\":\"d1\",\"text\":\"🎉 Haftar met Dbeibeh in Tripoli.\",\"spans\":[{\"start\":2,\"end\":8,\"label\":\"PERSON\"},{\"start\":24,\"end\":31,\"label\":\"GPE\"}]}\n";

#[test]
fn stdin_to_stdout_with_named_formats() {
    // "Tripoli." is cut where the entity ends, which the text will not survive: --lossy.
    let refused = nomen(&["convert", "--from", "jsonl", "--to", "conll"], DOC);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("1 token had to be cut where a span begins or ends inside (first: \"Tripoli.\" at 24)"),
        "{}",
        stderr(&refused)
    );
    let out = nomen(&["convert", "--lossy", "--from", "jsonl", "--to", "conll"], DOC);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "-DOCSTART- -X- -X- O\n\n🎉 O\nHaftar B-PERSON\nmet O\nDbeibeh O\nin O\nTripoli B-GPE\n. O\n\n");
}

#[test]
fn formats_are_guessed_from_content_and_output_defaults_to_jsonl() {
    let ls = nomen(&["convert", "--to", "labelstudio"], DOC);
    assert!(ls.status.success(), "{}", stderr(&ls));
    // Label Studio counts UTF-16 units: the emoji is two.
    assert!(stdout(&ls).contains("\"end\":9,\"labels\":[\"PERSON\"],\"start\":3"), "{}", stdout(&ls));
    let back = nomen(&["convert"], &stdout(&ls));
    assert!(back.status.success(), "{}", stderr(&back));
    assert_eq!(stdout(&back), DOC);
}

#[test]
fn losses_fail_and_leave_no_file_unless_lossy() {
    let dir = scratch("losses");
    let input = dir.join("in.jsonl");
    fs::write(
        &input,
        "{\"text\":\"Libyan  forces\",\"spans\":[{\"start\":0,\"end\":6,\"label\":\"NORP\"},{\"start\":5,\"end\":8,\"label\":\"GPE\"}]}\n",
    )
    .expect("input");
    let output = dir.join("out.conll");
    let refused = nomen(&["convert", path(&input), path(&output)], "");
    assert_eq!(refused.status.code(), Some(1));
    assert!(stderr(&refused).contains("span 5..8 GPE \"n  \": begins or ends on whitespace"), "{}", stderr(&refused));
    assert!(stderr(&refused).contains("1 place of whitespace other than one space"), "{}", stderr(&refused));
    assert_eq!(files_in(&dir), ["in.jsonl"], "no output and no temporary file");

    let lossy = nomen(&["convert", "--lossy", path(&input), path(&output)], "");
    assert!(lossy.status.success(), "{}", stderr(&lossy));
    assert_eq!(fs::read_to_string(&output).expect("output"), "-DOCSTART- -X- -X- O\n\nLibyan B-NORP\nforces O\n\n");
}

/// Issue 15, defect 2: pre-tokenized text converts to CoNLL and back unchanged, without --lossy.
#[test]
fn pretokenized_text_converts_through_conll_and_back_unchanged() {
    let dir = scratch("pretokenized");
    let input = dir.join("in.jsonl");
    let doc = "{\"text\":\"Uh-huh , let 's go at 11:00 -- now /.\\nYes .\",\"spans\":[{\"start\":22,\"end\":27,\"label\":\"TIME\"}]}\n";
    fs::write(&input, doc).expect("input");
    let conll = dir.join("out.conll");
    let there = nomen(&["convert", path(&input), path(&conll)], "");
    assert!(there.status.success(), "{}", stderr(&there));
    let back = nomen(&["convert", path(&conll)], "");
    assert!(back.status.success(), "{}", stderr(&back));
    assert_eq!(stdout(&back), doc);
}

#[test]
fn malformed_input_names_file_line_and_field() {
    let dir = scratch("malformed");
    let input = dir.join("in.jsonl");
    fs::write(&input, format!("{DOC}\n{{\"text\":\"Rome\",\"spans\":[{{\"start\":0,\"end\":\"x\",\"label\":\"GPE\"}}]}}\n"))
        .expect("input");
    let out = nomen(&["convert", path(&input), path(&dir.join("out.json"))], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(&format!("{}:3: \"spans[0].end\": expected a non-negative integer, found \"x\"", input.display())),
        "{}",
        stderr(&out)
    );
    assert_eq!(files_in(&dir), ["in.jsonl"]);
}

#[test]
fn brat_directory_round_trip() {
    let dir = scratch("brat");
    let input = dir.join("in.jsonl");
    fs::write(&input, DOC).expect("input");
    let ann = dir.join("ann");
    let out = nomen(&["convert", "--to", "brat", path(&input), path(&ann)], "");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(files_in(&ann), ["d1.ann", "d1.txt"]);
    assert_eq!(fs::read_to_string(ann.join("d1.ann")).expect("ann"), "T1\tPERSON 2 8\tHaftar\nT2\tGPE 24 31\tTripoli\n");
    let back = nomen(&["convert", path(&ann)], "");
    assert!(back.status.success(), "{}", stderr(&back));
    assert_eq!(stdout(&back), DOC);
    // A non-empty directory is not written into.
    let again = nomen(&["convert", "--to", "brat", path(&input), path(&ann)], "");
    assert_eq!(again.status.code(), Some(1));
}

#[test]
fn hf_sidecar_round_trip_and_stdout_needs_tag_names() {
    let dir = scratch("hf");
    let input = dir.join("in.jsonl");
    fs::write(&input, DOC).expect("input");
    let data = dir.join("train.jsonl");
    let out = nomen(&["convert", "--lossy", "--to", "hf", path(&input), path(&data)], "");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(files_in(&dir), ["in.jsonl", "train.jsonl", "train.tag_names.json"]);
    let back = nomen(&["convert", "--from", "hf", path(&data)], "");
    assert!(back.status.success(), "{}", stderr(&back));
    assert!(stdout(&back).starts_with("{\"id\":\"d1\",\"text\":\"🎉 Haftar met Dbeibeh in Tripoli .\""), "{}", stdout(&back));

    let to_stdout = nomen(&["convert", "--lossy", "--to", "hf", path(&input)], "");
    assert_eq!(to_stdout.status.code(), Some(1));
    assert!(stderr(&to_stdout).contains("--tag-names"), "{}", stderr(&to_stdout));
}

#[test]
fn unknown_format_is_a_usage_error() {
    let out = nomen(&["convert", "--to", "xml"], DOC);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("unknown format \"xml\""), "{}", stderr(&out));
}

#[test]
fn empty_input_gives_empty_output() {
    let out = nomen(&["convert", "--from", "jsonl", "--to", "labelstudio"], "");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "[]\n");
}
