//! `hf`: Hugging Face token classification data, as `datasets` loads it.
//!
//! One JSON line per sentence, `{"id", "tokens": [...], "ner_tags": [int, ...]}`,
//! with the tag names kept beside the data in a *sidecar*: a JSON list in tag
//! id order, `["O", "B-PERSON", "I-PERSON", ...]` (the CLI writes it to
//! `<output stem>.tag_names.json`). This is the shape of `conll2003` and
//! `wnut_17` on the Hub; load it with
//!
//! ```python
//! names = json.load(open("train.tag_names.json"))
//! features = Features({"id": Value("string"), "tokens": Sequence(Value("string")),
//!                      "ner_tags": Sequence(ClassLabel(names=names))})
//! ds = load_dataset("json", data_files="train.jsonl", features=features)
//! ```
//!
//! A per-line tag list would become a column, and a header line would break
//! the JSON loader's schema, hence the sidecar. Tags are IOB2. Tag ids are
//! given in order of first use, unless fixed tag names are passed in
//! [`crate::WriteOptions`]. Import takes `ner_tags` as integers (with the tag
//! names) or as strings, and also reads the names from a `datasets`
//! `dataset_info.json` or features dict.
//!
//! Sentences of one document get ids `<doc id>#0`, `<doc id>#1`, ...; import
//! joins consecutive lines numbered that way back into one document (sentences
//! separated by `\n`), so documents survive a round trip. A document without
//! an id is written under its 0-based position. `meta` is dropped with a note.

use std::collections::HashMap;

use nomen_core::Document;
use serde_json::Value;

use crate::error::FormatError;
use crate::json_fields::{self as field, At};
use crate::report::{kb_ids_dropped, DocLosses, LossReason, Report};
use crate::tagging::{self, Rebuilder, Scheme, Tag, TAG_EXPECTED};

/// Tag names and their ids, growing as labels appear unless fixed.
#[derive(Debug, Clone)]
pub(crate) struct TagTable {
    names: Vec<String>,
    ids: HashMap<String, usize>,
    fixed: bool,
}

impl TagTable {
    pub fn growing() -> TagTable {
        TagTable::from_names(vec!["O".to_string()], false)
    }

    pub fn fixed(names: Vec<String>) -> Result<TagTable, FormatError> {
        if !names.iter().any(|n| n == "O") {
            return Err(FormatError::Field {
                line: 1,
                field: "tag names".to_string(),
                expected: "a list of tag names that includes \"O\"".to_string(),
                found: format!("{names:?}"),
            });
        }
        Ok(TagTable::from_names(names, true))
    }

    fn from_names(names: Vec<String>, fixed: bool) -> TagTable {
        let ids = names.iter().enumerate().map(|(i, n)| (n.clone(), i)).collect();
        TagTable { names, ids, fixed }
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }

    fn check_label(&self, label: &str) -> Option<LossReason> {
        // Tag readers (seqeval, spaCy) split on whitespace: keep labels free of it.
        if let Some(reason) = tagging::column_label(label) {
            return Some(reason);
        }
        let known = |tag: String| self.ids.contains_key(&tag);
        (self.fixed && !(known(format!("B-{label}")) && known(format!("I-{label}")))).then_some(LossReason::LabelNotInTagNames)
    }

    fn id(&mut self, tag: String) -> usize {
        if let Some(&id) = self.ids.get(&tag) {
            return id;
        }
        // Only a growing table gets here: labels a fixed one lacks were dropped by
        // `check_label`. A new label gets its B- and I- tags together, as in conll2003.
        let new_tags = match tag.split_once('-') {
            Some((_, label)) => vec![format!("B-{label}"), format!("I-{label}")],
            None => vec![tag.clone()],
        };
        for new in new_tags {
            if !self.ids.contains_key(&new) {
                self.ids.insert(new.clone(), self.names.len());
                self.names.push(new);
            }
        }
        self.ids.get(&tag).copied().unwrap_or(0)
    }
}

pub(crate) fn write_doc(
    doc: &Document,
    doc_index: usize,
    tags: &mut TagTable,
    out: &mut String,
    report: &mut Report,
) -> Result<(), FormatError> {
    if !doc.meta.is_empty() {
        report.note(doc_index, "hf: meta is not kept");
    }
    if doc.id.is_none() {
        report.note(doc_index, "hf: a document without an id was written under its position as id");
    }
    let base = doc.id.clone().unwrap_or_else(|| doc_index.to_string());
    let mut losses = DocLosses { report, doc_index, doc_id: doc.id.as_deref() };
    kb_ids_dropped(doc, &mut losses);
    let table = tags.clone();
    let sentences = tagging::lay_out(doc, Scheme::Iob2, false, &|label| table.check_label(label), &mut losses);

    let mut write_line = |k: usize, tokens: Vec<Value>, ids: Vec<Value>| -> Result<(), FormatError> {
        // Keys in this order, as a person reading the file expects.
        let json = |v: &Value| serde_json::to_string(v).map_err(std::io::Error::from);
        out.push_str("{\"id\":");
        out.push_str(&json(&Value::from(format!("{base}#{k}")))?);
        out.push_str(",\"tokens\":");
        out.push_str(&json(&Value::Array(tokens))?);
        out.push_str(",\"ner_tags\":");
        out.push_str(&json(&Value::Array(ids))?);
        out.push_str("}\n");
        Ok(())
    };
    if sentences.is_empty() {
        // Keep empty documents, so that documents are not renumbered.
        return write_line(0, Vec::new(), Vec::new());
    }
    for (k, sentence) in sentences.iter().enumerate() {
        let tokens = sentence.iter().map(|t| Value::from(t.text)).collect();
        let ids = sentence.iter().map(|t| Value::from(tags.id(t.tag.render()))).collect();
        write_line(k, tokens, ids)?;
    }
    Ok(())
}

/// Reads a tag-name sidecar: a JSON list of names, or a `datasets` features
/// dict or `dataset_info.json` holding `ner_tags` as a sequence of class labels.
pub fn parse_tag_names(json: &str) -> Result<Vec<String>, FormatError> {
    let value = field::parse(json, 1)?;
    let list = match &value {
        Value::Array(_) => Some(&value),
        Value::Object(_) => {
            fn in_features(v: &Value) -> Option<&Value> {
                v.pointer("/ner_tags/feature/names").or_else(|| v.pointer("/ner_tags/names"))
            }
            value.get("features").and_then(in_features).or_else(|| in_features(&value)).or_else(|| value.get("names"))
        }
        _ => None,
    };
    let at = At::new(1, "tag names");
    let Some(Value::Array(items)) = list else {
        return Err(at.expected("a list of tag names, or a datasets features dict with ner_tags class label names", Some(&value)));
    };
    items
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let path = at.index(i);
            field::string(Some(v), At::new(1, &path)).map(str::to_string)
        })
        .collect()
}

/// Joins sentence lines back into documents.
#[derive(Debug, Default)]
pub(crate) struct Decoder {
    tag_names: Option<Vec<String>>,
    group: Option<Group>,
}

#[derive(Debug)]
struct Group {
    id: Option<String>,
    /// The next sentence number that continues this document, if numbered.
    next_sentence: Option<usize>,
    text: Rebuilder,
}

/// Splits `doc#3` into `("doc", 3)`.
fn sentence_id(id: &str) -> Option<(&str, usize)> {
    let (base, k) = id.rsplit_once('#')?;
    if k.is_empty() || !k.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((base, k.parse().ok()?))
}

impl Decoder {
    pub fn new(tag_names: Option<Vec<String>>) -> Decoder {
        Decoder { tag_names, group: None }
    }

    pub fn line(&mut self, line: usize, text: &str) -> Result<Option<Document>, FormatError> {
        if text.trim().is_empty() {
            return Ok(None);
        }
        let value = field::parse(text, line)?;
        let record = field::object(Some(&value), At::new(line, ""))?;
        let id = field::id(record.get("id"), At::new(line, "id"))?;
        let tokens = field::array(record.get("tokens"), At::new(line, "tokens"))?;
        let tags = field::array(record.get("ner_tags"), At::new(line, "ner_tags"))?;
        if tags.len() != tokens.len() {
            return Err(At::new(line, "ner_tags")
                .expected(&format!("{} tags, one per token", tokens.len()), Some(&Value::from(format!("{} tags", tags.len())))));
        }

        // Is this the next sentence of the document being read?
        let numbered = id.as_deref().and_then(sentence_id);
        let continues = match (&self.group, numbered) {
            (Some(group), Some((base, k))) => group.next_sentence == Some(k) && group.id.as_deref() == Some(base),
            _ => false,
        };
        let finished = if continues { None } else { self.finish() };
        let group = self.group.get_or_insert_with(|| match numbered {
            Some((base, 0)) => Group { id: Some(base.to_string()), next_sentence: Some(0), text: Rebuilder::new() },
            _ => Group { id: id.clone(), next_sentence: None, text: Rebuilder::new() },
        });
        group.next_sentence = group.next_sentence.map(|k| k + 1);

        group.text.start_sentence();
        for (i, (token, tag)) in tokens.iter().zip(tags).enumerate() {
            let token_path = format!("tokens[{i}]");
            let token = match token {
                Value::String(s) if !s.is_empty() => s.as_str(),
                other => return Err(At::new(line, &token_path).expected("a non-empty token string", Some(other))),
            };
            let tag_path = format!("ner_tags[{i}]");
            let at = At::new(line, &tag_path);
            let name: &str = match tag {
                Value::String(s) => s,
                Value::Number(_) => {
                    let names = self.tag_names.as_ref().ok_or(FormatError::MissingTagNames { line })?;
                    let index = tag.as_u64().and_then(|n| usize::try_from(n).ok());
                    match index.and_then(|n| names.get(n)) {
                        Some(name) => name,
                        None => return Err(at.expected(&format!("a tag id below {}", names.len()), Some(tag))),
                    }
                }
                other => return Err(at.expected("a tag id or a tag string", Some(other))),
            };
            let Some(parsed) = Tag::parse(name) else {
                return Err(at.expected(TAG_EXPECTED, Some(&Value::from(name))));
            };
            group.text.token(token, parsed);
        }
        Ok(finished)
    }

    pub fn finish(&mut self) -> Option<Document> {
        self.group.take().map(|g| g.text.finish(g.id))
    }
}
