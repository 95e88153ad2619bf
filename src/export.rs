//! "Export all" in any format nomen writes, as files to download. Pure: the
//! app downloads what this returns, and asks before losing anything.

use nomen_core::Document;
use nomen_formats::{Format, WriteOptions};

/// One file to download.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportFile {
    pub name: String,
    pub mime: &'static str,
    pub contents: String,
}

/// The files of an export, and what the format could not hold (one line each).
#[derive(Debug, Default)]
pub struct Prepared {
    pub files: Vec<ExportFile>,
    pub losses: Vec<String>,
}

/// The formats in the export menu, with the words the menu shows.
pub const MENU: &[(Format, &str)] = &[
    (Format::Jsonl, "JSONL (spaCy, Prodigy)"),
    (Format::Doccano, "doccano JSONL"),
    (Format::Conll, "CoNLL IOB2"),
    (Format::Bilou, "CoNLL BILOU"),
    (Format::LabelStudio, "Label Studio JSON"),
    (Format::Hf, "Hugging Face JSONL"),
    (Format::Brat, "brat .txt + .ann"),
];

const STEM: &str = "nomen-annotations";

fn file_name(format: Format) -> String {
    let ext = match format {
        Format::Jsonl => "jsonl",
        Format::Doccano => "doccano.jsonl",
        Format::Conll => "conll",
        Format::Bilou => "bilou",
        Format::LabelStudio => "json",
        Format::Hf => "hf.jsonl",
        Format::Brat => "ann",
    };
    format!("{STEM}.{ext}")
}

pub fn export_all(format: Format, docs: &[Document]) -> Result<Prepared, String> {
    let mut prepared = Prepared::default();
    let report = if format == Format::Brat {
        let (pairs, report) = nomen_formats::write_brat(docs);
        for pair in pairs {
            prepared.files.push(ExportFile { name: format!("{}.txt", pair.name), mime: "text/plain", contents: pair.txt });
            prepared.files.push(ExportFile { name: format!("{}.ann", pair.name), mime: "text/plain", contents: pair.ann });
        }
        report
    } else {
        let exported = nomen_formats::write(format, docs, &WriteOptions::default()).map_err(|e| format!("could not write {format}: {e}"))?;
        let mime = if format == Format::LabelStudio { "application/json" } else { "text/plain" };
        prepared.files.push(ExportFile { name: file_name(format), mime, contents: exported.text });
        if let Some(names) = exported.tag_names {
            // The sidecar the hf reader (and `datasets`) needs to name integer tags.
            let contents = serde_json::to_string(&names).map_err(|e| e.to_string())?;
            prepared.files.push(ExportFile { name: format!("{STEM}.tag_names.json"), mime: "application/json", contents });
        }
        exported.report
    };
    prepared.losses = report.losses.iter().map(ToString::to_string).collect();
    Ok(prepared)
}

#[cfg(test)]
mod tests {
    use super::*;
    use nomen_core::Span;

    fn docs() -> Vec<Document> {
        let mut a = Document::new("Haftar met Conte in Rome.").with_spans(vec![Span::new(0, 6, "PERSON"), Span::new(20, 24, "GPE")]);
        a.id = Some("a".into());
        // "Haf" is not a whole token: token formats cannot hold it.
        let mut b = Document::new("Hafter spoke.").with_spans(vec![Span::new(0, 3, "PERSON")]);
        b.id = Some("b".into());
        vec![a, b]
    }

    #[test]
    fn every_menu_format_exports() {
        for (format, _) in MENU {
            let prepared = export_all(*format, &docs()).unwrap();
            assert!(!prepared.files.is_empty(), "{format}");
            assert!(prepared.files.iter().all(|f| !f.contents.is_empty()), "{format}");
        }
    }

    #[test]
    fn token_formats_report_what_they_cannot_hold() {
        let conll = export_all(Format::Conll, &docs()).unwrap();
        assert_eq!(conll.losses.len(), 1, "{:?}", conll.losses);
        assert!(conll.losses[0].contains("0..3 PERSON"), "{}", conll.losses[0]);
        assert!(export_all(Format::Jsonl, &docs()).unwrap().losses.is_empty());
    }

    #[test]
    fn hf_comes_with_its_tag_names_and_brat_with_pairs() {
        let hf = export_all(Format::Hf, &docs()).unwrap();
        assert_eq!(hf.files[1].name, "nomen-annotations.tag_names.json");
        let brat = export_all(Format::Brat, &docs()).unwrap();
        let names: Vec<&str> = brat.files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["a.txt", "a.ann", "b.txt", "b.ann"]);
    }
}
