//! Reading the CLI's inputs: plain text files, JSONL records, or stdin.
//! Every error names its source and line, so a bad line in a big file can be found.

use std::fs;
use std::io::Read;
use std::path::Path;

use anyhow::{Context, Result};
use nomen_core::Document;
use nomen_formats::{Format, ReadOptions};

/// Reads one input: `-` is stdin; `.jsonl`/`.json` (or text whose first
/// non-blank character is `{`) is JSONL; anything else is one plain-text
/// document, which must not be empty. Bytes that are not UTF-8 are refused,
/// with how many there are and where the first is.
pub fn read_input(path: &str) -> Result<Vec<Document>> {
    let (name, bytes) = if path == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes).context("<stdin>: could not read standard input")?;
        ("<stdin>".to_string(), bytes)
    } else {
        (path.to_string(), fs::read(path).with_context(|| format!("{path}: could not read the file"))?)
    };
    let content = text_of(&name, &bytes)?;
    let is_jsonl = Path::new(path).extension().is_some_and(|e| e == "jsonl" || e == "json") || content.trim_start().starts_with('{');
    let docs = if is_jsonl {
        parse_jsonl(&name, &content)?
    } else {
        if content.trim().is_empty() {
            anyhow::bail!("{name}: the file is empty: there is no article to annotate");
        }
        let stem = Path::new(path).file_stem().map(|s| s.to_string_lossy().into_owned());
        let mut doc = Document::new(content);
        doc.id = stem.filter(|_| path != "-");
        vec![doc]
    };
    Ok(docs)
}

/// The UTF-8 text of a file (without a byte-order mark); bytes that are not
/// UTF-8 are an error saying how many and where the first one is.
pub fn text_of(name: &str, bytes: &[u8]) -> Result<String> {
    let decoded = nomen_formats::utf8::decode(bytes);
    match decoded.invalid {
        None => Ok(decoded.text),
        Some(invalid) => anyhow::bail!("{name}: not UTF-8 text: {invalid}"),
    }
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

    /// Issue 15, defect 10: invalid bytes are named, counted and located; an empty article is refused.
    #[test]
    fn invalid_utf8_and_empty_articles_are_refused_clearly() {
        let err = text_of("a.txt", b"Rome\nCaf\xE9 \xE9").unwrap_err();
        assert_eq!(
            format!("{err:#}"),
            "a.txt: not UTF-8 text: 2 bytes are not UTF-8, the first at line 2, byte 4 of the line (byte 8 of the file)"
        );
        let dir = std::env::temp_dir().join(format!("nomen-input-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let empty = dir.join("empty.txt");
        fs::write(&empty, " \n\n").unwrap();
        let err = read_input(empty.to_str().unwrap()).unwrap_err();
        assert!(format!("{err:#}").ends_with("empty.txt: the file is empty: there is no article to annotate"), "{err:#}");
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn numeric_ids_are_kept_as_text() {
        let docs = parse_jsonl("a.jsonl", "{\"id\": 7, \"text\":\"x\"}").unwrap();
        assert_eq!(docs[0].id.as_deref(), Some("7"));
    }
}
