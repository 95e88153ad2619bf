//! Reading the CLI's inputs: plain text files, JSONL records, or stdin.
//! Every error names its source and line, so a bad line in a big file can be found.

use std::fs;
use std::io::Read;
use std::path::Path;

use anyhow::{bail, Context, Result};
use nomen_core::Document;

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

/// Parses JSONL documents: one object a line with "text", optional "id" and "spans".
/// Blank lines are skipped. Spans are validated against the text.
pub fn parse_jsonl(name: &str, content: &str) -> Result<Vec<Document>> {
    let mut docs = Vec::new();
    for (index, line) in content.lines().enumerate() {
        let line_no = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value = serde_json::from_str(line)
            .with_context(|| format!("{name}:{line_no}: not valid JSON"))?;
        let Some(object) = value.as_object() else {
            bail!("{name}:{line_no}: expected a JSON object with a \"text\" field, found {}", kind_of(&value));
        };
        match object.get("text") {
            Some(serde_json::Value::String(_)) => {}
            Some(other) => bail!("{name}:{line_no}: \"text\" must be a string, found {}", kind_of(other)),
            None => bail!("{name}:{line_no}: missing the \"text\" field"),
        }
        // Ids may be numbers in other tools' files; keep them as text.
        let mut object = object.clone();
        let id = object.remove("id").filter(|v| !v.is_null()).map(|v| match v {
            serde_json::Value::String(s) => s,
            other => other.to_string(),
        });
        let mut doc: Document = serde_json::from_value(serde_json::Value::Object(object))
            .with_context(|| format!("{name}:{line_no}: not a document of the form {{\"text\", \"spans\": [{{\"start\", \"end\", \"label\"}}]}}"))?;
        doc.id = id;
        doc.validate().with_context(|| format!("{name}:{line_no}: bad span"))?;
        docs.push(doc);
    }
    Ok(docs)
}

fn kind_of(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_line() {
        let err = parse_jsonl("a.jsonl", "{\"text\":\"ok\"}\n\n{\"text\": 3}\n").unwrap_err();
        assert_eq!(format!("{err:#}"), "a.jsonl:3: \"text\" must be a string, found a number");
        let err = parse_jsonl("a.jsonl", "{\"text\":\"Rome\",\"spans\":[{\"start\":0,\"end\":9,\"label\":\"GPE\"}]}").unwrap_err();
        assert!(format!("{err:#}").starts_with("a.jsonl:1: bad span: span 0 (0..9 GPE) ends past the text"), "{err:#}");
        let err = parse_jsonl("a.jsonl", "{\"text\":\"x\"}\n{oops").unwrap_err();
        assert!(format!("{err:#}").starts_with("a.jsonl:2: not valid JSON"));
    }

    #[test]
    fn numeric_ids_are_kept_as_text() {
        let docs = parse_jsonl("a.jsonl", "{\"id\": 7, \"text\":\"x\"}").unwrap();
        assert_eq!(docs[0].id.as_deref(), Some("7"));
    }
}
