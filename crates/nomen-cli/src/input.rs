//! Reading the CLI's inputs: plain text files, JSONL records, or stdin.
//! Every error names its source and line, so a bad line in a big file can be found.

use std::fs;
use std::io::Read;
use std::path::Path;

use anyhow::{Context, Result};
use nomen_core::Document;
use nomen_formats::{Format, ReadOptions};

/// Reads one input: `-` is stdin; `.jsonl`/`.json` (or text whose first
/// non-blank character is `{`) is JSONL; anything else is one plain-text document.
pub fn read_input(path: &str) -> Result<Vec<Document>> {
    let (name, content) = if path == "-" {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s).context("<stdin>: could not read standard input as UTF-8 text")?;
        ("<stdin>".to_string(), s)
    } else {
        let bytes = fs::read(path).with_context(|| format!("{path}: could not read the file"))?;
        let s = String::from_utf8(bytes).map_err(|e| {
            anyhow::anyhow!("{path}: not UTF-8 text (invalid byte at offset {})", e.utf8_error().valid_up_to())
        })?;
        (path.to_string(), s)
    };
    let is_jsonl = Path::new(path).extension().is_some_and(|e| e == "jsonl" || e == "json")
        || content.trim_start().starts_with('{');
    let docs = if is_jsonl {
        parse_jsonl(&name, &content)?
    } else {
        let stem = Path::new(path).file_stem().map(|s| s.to_string_lossy().into_owned());
        let mut doc = Document::new(content);
        doc.id = stem.filter(|_| path != "-");
        vec![doc]
    };
    Ok(docs)
}

/// Parses JSONL documents with nomen-formats' reader (the app's): one object
/// a line with "text", optional "id", "spans" and "meta"; blank lines skipped.
/// Errors name the line and field; spans must also not overlap, as everywhere
/// in nomen outside a file.
pub fn parse_jsonl(name: &str, content: &str) -> Result<Vec<Document>> {
    let imported = nomen_formats::read(Format::Jsonl, content, &ReadOptions::default()).map_err(|err| anyhow::anyhow!("{name}: {err}"))?;
    let lines = content.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()).map(|(i, _)| i + 1);
    for (doc, line) in imported.docs.iter().zip(lines) {
        doc.validate().with_context(|| format!("{name}: line {line}: bad span"))?;
    }
    Ok(imported.docs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_line() {
        let err = parse_jsonl("a.jsonl", "{\"text\":\"ok\"}\n\n{\"text\": 3}\n").unwrap_err();
        assert_eq!(format!("{err:#}"), "a.jsonl: line 3: \"text\": expected a string, found 3");
        let err = parse_jsonl("a.jsonl", "{\"text\":\"Rome\",\"spans\":[{\"start\":0,\"end\":9,\"label\":\"GPE\"}]}").unwrap_err();
        assert_eq!(format!("{err:#}"), "a.jsonl: line 1: \"spans[0]\": span 0..9 ends past the text (4 code points)");
        let err = parse_jsonl("a.jsonl", "{\"text\":\"x\"}\n{oops").unwrap_err();
        assert!(format!("{err:#}").starts_with("a.jsonl: line 2, column 2: invalid JSON"), "{err:#}");
        let overlapping = "{\"text\":\"x\"}\n\n{\"text\":\"Rome\",\"spans\":[{\"start\":0,\"end\":4,\"label\":\"GPE\"},{\"start\":1,\"end\":3,\"label\":\"ORG\"}]}";
        let err = parse_jsonl("a.jsonl", overlapping).unwrap_err();
        assert!(format!("{err:#}").starts_with("a.jsonl: line 3: bad span: spans 0 (0..4) and 1 (1..3) overlap"), "{err:#}");
    }

    #[test]
    fn numeric_ids_are_kept_as_text() {
        let docs = parse_jsonl("a.jsonl", "{\"id\": 7, \"text\":\"x\"}").unwrap();
        assert_eq!(docs[0].id.as_deref(), Some("7"));
    }
}
