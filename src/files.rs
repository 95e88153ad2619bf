//! Turning files the analyst opened or dropped into documents. The reading of
//! `File`s is the DOM's; deciding what a file is and parsing it is pure
//! (`import`), so it is tested natively.

use nomen_core::Document;
use nomen_formats::{Format, ReadOptions};

/// A file's name and text, as read by the browser.
#[derive(Debug, Clone)]
pub struct OpenedFile {
    pub name: String,
    pub text: String,
}

/// The documents in a batch of files, with notes on what could not be kept.
#[derive(Debug, Default)]
pub struct Batch {
    pub docs: Vec<Document>,
    pub notes: Vec<String>,
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
                let mut doc = Document::new(file.text.clone());
                doc.id = Some(stem(&file.name).to_string());
                batch.docs.push(doc);
            }
            _ => {
                let head: String = file.text.chars().take(4096).collect();
                let Some(format) = Format::guess(&file.name, &head) else {
                    return Err(format!("{}: not a format nomen reads (JSONL, doccano, CoNLL, BILOU, brat, Label Studio, Hugging Face, or plain .txt)", file.name));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, text: &str) -> OpenedFile {
        OpenedFile { name: name.into(), text: text.into() }
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
    fn brat_pairs_are_read_together() {
        let batch = import(&[file("a.ann", "T1\tGPE 0 4\tRome\n"), file("a.txt", "Rome talks")]).unwrap();
        assert_eq!(batch.docs.len(), 1);
        assert_eq!(batch.docs[0].spans[0].label, "GPE");
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let err = import(&[file("bad.jsonl", "{\"text\":\"ok\"}\n{\"text\": 5}\n")]).unwrap_err();
        assert!(err.starts_with("bad.jsonl (jsonl): line 2"), "{err}");
        let err = import(&[file("x.ann", "T1\tGPE 0 4\tRome\n")]).unwrap_err();
        assert!(err.contains("needs its .txt"), "{err}");
    }
}
