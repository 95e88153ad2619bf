//! Turning files the analyst opened or dropped into documents. The reading of
//! `File`s is the DOM's; deciding what a file is and parsing it is pure
//! (`import`), so it is tested natively.

use std::collections::VecDeque;
use std::io::Cursor;

use nomen_core::Document;
use nomen_formats::utf8::InvalidBytes;
use nomen_formats::{DocReader, Format, ReadOptions};

/// A file's name and text, as read by the browser.
#[derive(Debug, Clone)]
pub struct OpenedFile {
    pub name: String,
    pub text: String,
    /// Bytes that were not UTF-8 and were replaced by U+FFFD, said on import.
    pub invalid: Option<InvalidBytes>,
}

impl OpenedFile {
    /// A file from its bytes: UTF-8 (a byte-order mark dropped), any invalid
    /// bytes replaced by U+FFFD and counted, so the import can say so.
    pub fn from_bytes(name: String, bytes: &[u8]) -> OpenedFile {
        let decoded = nomen_formats::utf8::decode(bytes);
        OpenedFile { name, text: decoded.text, invalid: decoded.invalid }
    }

    /// What the import says about bytes that were replaced, if any.
    fn invalid_note(&self) -> Option<String> {
        self.invalid.map(|invalid| format!("{}: {invalid}; each run of them was replaced by “\u{FFFD}”", self.name))
    }
}

/// The documents in a batch of files, with notes on what could not be kept,
/// and any Prodigy patterns files (checked, as JSONL text) among them.
#[derive(Debug, Default)]
pub struct Batch {
    pub docs: Vec<Document>,
    pub notes: Vec<String>,
    pub patterns: Vec<String>,
    /// Alias cluster lists ("Export clusters"), checked.
    pub clusters: Vec<String>,
}

/// An alias cluster list as "Export clusters" writes it: a JSON array whose
/// first item has a "kb_id" and "names" (Label Studio's arrays hold "data").
fn is_clusters_file(file: &OpenedFile) -> bool {
    let text = file.text.trim_start();
    text.starts_with('[')
        && serde_json::from_str::<serde_json::Value>(text)
            .ok()
            .and_then(|v| v.as_array().and_then(|items| items.first().cloned()))
            .is_some_and(|first| first.get("kb_id").is_some() && first.get("names").is_some())
}

/// A Prodigy patterns file: by name, or by a first line with a "pattern" and no "text".
fn is_patterns_file(file: &OpenedFile) -> bool {
    let first = file.text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let value: Option<serde_json::Value> = serde_json::from_str(first).ok();
    file.name.to_ascii_lowercase().contains(".patterns.") || value.is_some_and(|v| v.get("pattern").is_some() && v.get("text").is_none())
}

fn stem(name: &str) -> &str {
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

fn extension(name: &str) -> String {
    name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default()
}

/// Reads a batch: `X.txt` with `X.ann` is a brat pair, any other `.txt` is one
/// article, everything else is detected by name and content. An error names
/// the file and the line; nothing of the batch is kept then.
pub fn import(files: &[OpenedFile]) -> Result<Batch, String> {
    let mut batch = Batch::default();
    for file in files {
        let ext = extension(&file.name);
        let partner = |want: &str| files.iter().find(|f| stem(&f.name) == stem(&file.name) && extension(&f.name) == want);
        match ext.as_str() {
            "ann" => {
                let Some(txt) = partner("txt") else {
                    return Err(format!("{}: a brat .ann file needs its .txt beside it (drop both together)", file.name));
                };
                let imported = nomen_formats::read_brat([(stem(&file.name), txt.text.as_str(), file.text.as_str())])
                    .map_err(|(_, err)| format!("{}: {err}", file.name))?;
                batch.notes.extend(imported.report.losses.iter().map(|l| format!("{}: {l}", file.name)));
                batch.docs.extend(imported.docs);
            }
            "txt" if partner("ann").is_some() => {} // read with its .ann
            "txt" | "text" | "md" => {
                if file.text.trim().is_empty() {
                    return Err(format!("{}: the file is empty: there is no article to annotate", file.name));
                }
                let mut doc = Document::new(file.text.clone());
                doc.id = Some(stem(&file.name).to_string());
                batch.docs.push(doc);
            }
            _ => {
                let head: String = file.text.chars().take(4096).collect();
                let Some(format) = Format::guess(&file.name, &head) else {
                    return Err(format!(
                        "{}: not a format nomen reads (JSONL, doccano, CoNLL, BILOU, brat, Label Studio, Hugging Face, or plain .txt)",
                        file.name
                    ));
                };
                let imported = nomen_formats::read(format, &file.text, &ReadOptions::default())
                    .map_err(|err| format!("{} ({format}): {err}", file.name))?;
                batch.notes.extend(imported.report.losses.iter().map(|l| format!("{}: {l}", file.name)));
                batch.docs.extend(imported.docs);
            }
        }
    }
    Ok(batch)
}

/// A file being read in steps: its name, its format and the reader.
type Reading = (String, Format, DocReader<Cursor<Vec<u8>>>);

/// Reads a batch a little at a time, so a page can show progress and stay
/// responsive on a 50 MB file: `step` reads up to `n` documents of the stream
/// formats (small files, plain text and brat pairs are read whole).
pub struct Importer {
    queue: VecDeque<OpenedFile>,
    reading: Option<Reading>,
    batch: Batch,
    total_bytes: usize,
    done_bytes: usize,
}

/// Where an [`Importer`] is.
#[derive(Debug, PartialEq)]
pub enum Step {
    /// Fraction of the bytes read so far, and documents so far.
    Reading {
        fraction: f64,
        docs: usize,
    },
    Done,
}

impl Importer {
    pub fn new(files: Vec<OpenedFile>) -> Importer {
        let total_bytes = files.iter().map(|f| f.text.len()).sum::<usize>().max(1);
        let batch = Batch { notes: files.iter().filter_map(OpenedFile::invalid_note).collect(), ..Batch::default() };
        Importer { queue: files.into(), reading: None, batch, total_bytes, done_bytes: 0 }
    }

    /// Reads on; an error names the file and line.
    pub fn step(&mut self, n: usize) -> Result<Step, String> {
        if self.reading.is_none() {
            let Some(file) = self.queue.pop_front() else { return Ok(Step::Done) };
            if is_patterns_file(&file) {
                nomen_ner::memory::Memory::from_patterns(&file.text).map_err(|err| format!("{} (patterns): {err}", file.name))?;
                self.done_bytes += file.text.len();
                self.batch.patterns.push(file.text);
                return Ok(self.progress());
            }
            if is_clusters_file(&file) {
                nomen_session::Workspace::default()
                    .import_alias_clusters_json(&file.text)
                    .map_err(|err| format!("{} (alias clusters): {err}", file.name))?;
                self.done_bytes += file.text.len();
                self.batch.clusters.push(file.text);
                return Ok(self.progress());
            }
            let head: String = file.text.chars().take(4096).collect();
            let streamed = match extension(&file.name).as_str() {
                "ann" | "txt" | "text" | "md" => None,
                _ => Format::guess(&file.name, &head).filter(|f| f.is_stream()),
            };
            match streamed {
                Some(format) => {
                    let reader = DocReader::new(format, Cursor::new(file.text.into_bytes()), &ReadOptions::default())
                        .map_err(|err| format!("{} ({format}): {err}", file.name))?;
                    self.reading = Some((file.name, format, reader));
                }
                None => {
                    // Whole files, with their partners (brat pairs) still in the queue.
                    let mut group = vec![file];
                    let stem_of = stem(&group[0].name).to_string();
                    let partners: Vec<OpenedFile> = self.queue.iter().filter(|f| stem(&f.name) == stem_of).cloned().collect();
                    self.queue.retain(|f| stem(&f.name) != stem_of);
                    group.extend(partners);
                    self.done_bytes += group.iter().map(|f| f.text.len()).sum::<usize>();
                    let read = import(&group)?;
                    self.batch.docs.extend(read.docs);
                    self.batch.notes.extend(read.notes);
                }
            }
            return Ok(self.progress());
        }
        let (name, format, reader) = self.reading.as_mut().expect("checked above");
        for _ in 0..n {
            match reader.next() {
                Some(Ok(doc)) => {
                    self.done_bytes += doc.text.len();
                    self.batch.docs.push(doc);
                }
                Some(Err(err)) => return Err(format!("{name} ({format}): {err}")),
                None => {
                    let (name, _, reader) = self.reading.take().expect("reading");
                    self.batch.notes.extend(reader.into_report().losses.iter().map(|l| format!("{name}: {l}")));
                    break;
                }
            }
        }
        Ok(self.progress())
    }

    fn progress(&self) -> Step {
        // Bytes of text read stand in for bytes of file read: close enough for a progress bar.
        let fraction = (self.done_bytes as f64 / self.total_bytes as f64).min(0.99);
        Step::Reading { fraction, docs: self.batch.docs.len() }
    }

    pub fn finish(self) -> Batch {
        self.batch
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, text: &str) -> OpenedFile {
        OpenedFile { name: name.into(), text: text.into(), invalid: None }
    }

    /// Issue 15, defect 10: bytes that are not UTF-8 are replaced and said,
    /// with how many and where; an empty article is refused.
    #[test]
    fn invalid_bytes_are_reported_and_empty_articles_refused() {
        let latin1 = OpenedFile::from_bytes("caf.txt".into(), b"Rome\nCaf\xE9 in Tripoli");
        assert_eq!(latin1.text, "Rome\nCaf\u{FFFD} in Tripoli");
        let mut importer = Importer::new(vec![latin1]);
        while importer.step(10).unwrap() != Step::Done {}
        let batch = importer.finish();
        assert_eq!(batch.docs.len(), 1);
        assert_eq!(batch.notes, ["caf.txt: 1 byte is not UTF-8, the first at line 2, byte 4 of the line (byte 8 of the file); each run of them was replaced by “\u{FFFD}”"]);
        assert!(OpenedFile::from_bytes("ok.txt".into(), "Zoë".as_bytes()).invalid.is_none());
        let err = import(&[file("empty.txt", " \n")]).unwrap_err();
        assert_eq!(err, "empty.txt: the file is empty: there is no article to annotate");
    }

    #[test]
    fn txt_is_an_article_and_jsonl_keeps_spans() {
        let batch = import(&[
            file("rome.txt", "Rome— talks"),
            file("docs.jsonl", "{\"id\":\"a\",\"text\":\"Tripoli\",\"spans\":[{\"start\":0,\"end\":7,\"label\":\"GPE\"}]}\n"),
        ])
        .unwrap();
        assert_eq!(batch.docs.len(), 2);
        assert_eq!(batch.docs[0].id.as_deref(), Some("rome"));
        assert_eq!(batch.docs[1].spans.len(), 1);
    }

    #[test]
    fn an_export_with_kb_ids_imports_with_its_spans() {
        // The spans' kb_ids are kept in meta.kb_ids, which the workspace turns back into clusters.
        let export = include_str!("../tests/consumers/fixtures/kb_ids.jsonl");
        let batch = import(&[file("kb.jsonl", export)]).unwrap();
        assert_eq!(batch.docs[0].spans.len(), 6);
        assert!(batch.notes.is_empty(), "{:?}", batch.notes);
    }

    #[test]
    fn brat_pairs_are_read_together() {
        let batch = import(&[file("a.ann", "T1\tGPE 0 4\tRome\n"), file("a.txt", "Rome talks")]).unwrap();
        assert_eq!(batch.docs.len(), 1);
        assert_eq!(batch.docs[0].spans[0].label, "GPE");
    }

    #[test]
    fn the_importer_reads_in_steps_and_reports_progress() {
        let lines: String = (0..25).map(|i| format!("{{\"id\":\"d{i}\",\"text\":\"Rome {i}\"}}\n")).collect();
        let mut importer =
            Importer::new(vec![file("many.jsonl", &lines), file("a.ann", "T1\tGPE 0 4\tRome\n"), file("a.txt", "Rome talks")]);
        let mut fractions = vec![];
        while let Step::Reading { fraction, .. } = importer.step(10).unwrap() {
            fractions.push(fraction);
        }
        assert!(fractions.windows(2).all(|w| w[0] <= w[1]), "{fractions:?}");
        assert!(fractions.len() >= 4, "read in steps: {fractions:?}");
        let batch = importer.finish();
        assert_eq!(batch.docs.len(), 26);
        assert_eq!(batch.docs[25].spans[0].label, "GPE");
    }

    #[test]
    fn patterns_files_are_recognised_and_checked() {
        let mut importer = Importer::new(vec![file("names.jsonl", "{\"label\":\"PERSON\",\"pattern\":\"Kikli\"}\n")]);
        while importer.step(10).unwrap() != Step::Done {}
        let batch = importer.finish();
        assert!(batch.docs.is_empty());
        assert_eq!(batch.patterns.len(), 1);
        let mut importer = Importer::new(vec![file("x.patterns.jsonl", "{\"label\":\"PERSON\"}\n")]);
        assert_eq!(
            importer.step(10).unwrap_err(),
            "x.patterns.jsonl (patterns): line 1: \"pattern\": expected a non-empty string or a list of token specs"
        );
    }

    #[test]
    fn cluster_lists_are_recognised_and_checked() {
        let list = r#"[{"kb_id": "PERSON:Zubi", "label": "PERSON", "names": ["Zubi", "Zoubie"], "mentions": 2}]"#;
        let mut importer = Importer::new(vec![file("nomen-clusters.json", list)]);
        while importer.step(10).unwrap() != Step::Done {}
        let batch = importer.finish();
        assert!(batch.docs.is_empty());
        assert_eq!(batch.clusters, vec![list.to_string()]);
        let broken = r#"[{"kb_id": "PERSON:Zubi", "label": "PERSON", "names": []}]"#;
        let mut importer = Importer::new(vec![file("c.json", broken)]);
        assert_eq!(importer.step(10).unwrap_err(), "c.json (alias clusters): [0].names: expected a non-empty list of non-empty strings");
        // Label Studio's arrays are tasks, not clusters.
        let tasks = r#"[{"data": {"text": "Rome"}, "annotations": []}]"#;
        assert!(!is_clusters_file(&file("tasks.json", tasks)));
    }

    #[test]
    fn the_importer_names_the_file_and_line_of_an_error() {
        let mut importer = Importer::new(vec![file("bad.jsonl", "{\"text\":\"ok\"}\n{oops\n")]);
        let err = loop {
            match importer.step(10) {
                Ok(Step::Done) => panic!("no error"),
                Ok(_) => continue,
                Err(err) => break err,
            }
        };
        assert!(err.starts_with("bad.jsonl (jsonl): line 2"), "{err}");
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let err = import(&[file("bad.jsonl", "{\"text\":\"ok\"}\n{\"text\": 5}\n")]).unwrap_err();
        assert!(err.starts_with("bad.jsonl (jsonl): line 2"), "{err}");
        let err = import(&[file("x.ann", "T1\tGPE 0 4\tRome\n")]).unwrap_err();
        assert!(err.contains("needs its .txt"), "{err}");
    }
}
