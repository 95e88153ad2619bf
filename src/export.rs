//! "Export all" in any format nomen writes, as files to download. Pure: the
//! app downloads what this returns, and asks before losing anything.
//! Documents go out with their status and the `kb_id` of each span in a
//! confirmed alias cluster ([`nomen_session::Workspace::exported_documents`]),
//! which doccano and Label Studio carry with the document's meta and the other
//! formats report as lost.

use nomen_core::Document;
use nomen_formats::{Format, WriteOptions};
use nomen_session::Workspace;

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

/// How many losses the confirmation lists before it only counts the rest.
const LOSSES_LISTED: usize = 12;

impl Prepared {
    /// The question to ask before downloading, when the format cannot hold
    /// everything; `None` when nothing is lost.
    pub fn confirmation(&self, format: Format) -> Option<String> {
        if self.losses.is_empty() {
            return None;
        }
        let mut question = format!("{format} cannot hold all of this work as it is ({} loss(es)):\n", self.losses.len());
        for loss in self.losses.iter().take(LOSSES_LISTED) {
            question += &format!("• {loss}\n");
        }
        if self.losses.len() > LOSSES_LISTED {
            question += &format!("… and {} more\n", self.losses.len() - LOSSES_LISTED);
        }
        question += "\nExport anyway? (JSONL keeps everything.)";
        Some(question)
    }

    /// What the status line says when the analyst declines.
    pub fn cancelled(&self, format: Format) -> String {
        format!("Export as {format} cancelled: {} loss(es) would have been written.", self.losses.len())
    }
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

/// Every document of the workspace in `format` (with statuses and `kb_id`s).
pub fn export_workspace(format: Format, ws: &Workspace) -> Result<Prepared, String> {
    export_all(format, &ws.exported_documents())
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
        let exported =
            nomen_formats::write(format, docs, &WriteOptions::default()).map_err(|e| format!("could not write {format}: {e}"))?;
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
        // "Rome." and "Hafter" are cut where their spans end: the text changes, and says so.
        assert_eq!(conll.losses.len(), 2, "{:?}", conll.losses);
        assert!(conll.losses[1].contains("(first: \"Hafter\" at 0)"), "{}", conll.losses[1]);
        let question = conll.confirmation(Format::Conll).unwrap();
        assert!(question.starts_with("conll cannot hold all of this work as it is (2 loss(es)):\n• document 1"), "{question}");
        assert!(export_all(Format::Jsonl, &docs()).unwrap().confirmation(Format::Jsonl).is_none());
    }

    /// Issue 15, defect 7: the page's exports carry the alias clusters' kb_ids
    /// where the format has room, and report them lost where it has none.
    #[test]
    fn kb_ids_reach_doccano_and_label_studio_and_are_reported_elsewhere() {
        let mut ws = Workspace::default();
        ws.add_documents(docs()).unwrap();
        ws.confirm_aliases("PERSON", &["Haftar".into(), "Hafter".into()]).unwrap();
        ws.apply("b", nomen_session::Edit::MoveBoundary { start: 0, end: 3, new_start: 0, new_end: 6 }).unwrap();
        for format in [Format::Doccano, Format::LabelStudio] {
            let prepared = export_workspace(format, &ws).unwrap();
            assert!(prepared.losses.is_empty(), "{format}: {:?}", prepared.losses);
            let contents = &prepared.files[0].contents;
            assert_eq!(contents.matches("\"kb_id\":\"PERSON:Haftar\"").count(), 2, "{format}: {contents}");
            // Read back into a fresh workspace, the cluster comes back.
            let back = nomen_formats::read(format, contents, &Default::default()).unwrap();
            let mut fresh = Workspace::default();
            fresh.add_documents(back.docs).unwrap();
            assert_eq!(fresh.aliases().kb_id("PERSON", "Hafter"), Some("PERSON:Haftar"), "{format}");
        }
        let conll = export_workspace(Format::Conll, &ws).unwrap();
        assert_eq!(conll.losses.iter().filter(|l| l.contains("kb_id \"PERSON:Haftar\" has no place")).count(), 2, "{:?}", conll.losses);
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
