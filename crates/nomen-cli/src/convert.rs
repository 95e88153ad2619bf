//! `nomen convert`: moves annotations between the ecosystem's formats
//! (nomen/Prodigy JSONL, doccano, CoNLL IOB2 and BILOU, brat, Label Studio,
//! Hugging Face token classification) through `nomen-formats`.
//!
//! This module owns everything about files that the pure crate leaves out:
//! stdin and stdout, brat directories and `.ann`/`.txt` pairs, the `hf` tag
//! name sidecar, guessing formats from names, and never leaving a partial
//! output that looks complete. Output goes to a temporary file (or directory)
//! beside the target and is renamed into place only when the whole input has
//! converted without an error, and without losses unless `--lossy`; standard
//! output is staged the same way and copied out at the end. Documents stream
//! through one at a time, so memory stays bounded whatever the input size.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{anyhow, bail, Context, Result};
use nomen_core::Document;
use nomen_formats::brat::{self, FileStems};
use nomen_formats::{DocReader, Format, FormatError, ReadOptions, Report, WriteOptions, Writer};

/// How many losses are listed before the rest are only counted.
const LOSSES_SHOWN: usize = 20;

#[derive(clap::Args, Debug, Clone)]
#[command(after_help = "FORMAT is one of: jsonl (default), doccano, conll, bilou, brat, labelstudio, hf.\n\
    Without --from, the format is guessed from INPUT's extension and content; without --to, from OUTPUT's \
    extension (else jsonl).\nbrat is a directory of .txt/.ann pairs, or one .ann/.txt pair.\n\
    hf writes its tag names beside OUTPUT as <stem>.tag_names.json, and reads them from beside INPUT \
    (or from --tag-names).\nconll, bilou and hf keep the text's own whitespace-separated tokens, one sentence \
    per line; a token cut for an entity, or other whitespace than one space or one line break, would change \
    the text and is listed as a loss.\nExit status: 0 converted; 1 an input error, or annotations (or text) \
    the output format cannot hold (listed; --lossy writes anyway).")]
pub struct ConvertArgs {
    /// The input's format (guessed when absent).
    #[arg(long, value_name = "FORMAT")]
    pub from: Option<Format>,
    /// The output's format (from OUTPUT's extension when absent, else jsonl).
    #[arg(long, value_name = "FORMAT")]
    pub to: Option<Format>,
    /// Write even when some annotations (or, in token formats, the exact text) cannot be carried over; they are listed on stderr.
    #[arg(long)]
    pub lossy: bool,
    /// hf: the JSON list of tag names, for reading integer tags (with --from hf), else for writing them.
    #[arg(long, value_name = "FILE")]
    pub tag_names: Option<PathBuf>,
    /// Input file, brat directory or .ann/.txt file; `-` or absent for stdin.
    pub input: Option<PathBuf>,
    /// Output file, or brat directory (or .ann file for one document); `-` or absent for stdout.
    pub output: Option<PathBuf>,
}

/// Runs the conversion. `Ok(FAILURE)` means losses were found without `--lossy`
/// (they are listed on stderr and nothing was written); `Err` is a bad input,
/// a usage problem the flags could not express, or an IO failure.
pub fn run(args: &ConvertArgs) -> Result<ExitCode> {
    let input = args.input.as_deref().filter(|p| *p != Path::new("-"));
    let output = args.output.as_deref().filter(|p| *p != Path::new("-"));
    let input_name = input.map_or_else(|| "<stdin>".to_string(), |p| p.display().to_string());

    let mut source = open_source(input)?;
    let from = match args.from {
        Some(format) => format,
        None => source.guess().with_context(|| format!("{input_name}: cannot tell its format; give --from FORMAT"))?,
    };
    let to = args.to.or_else(|| output.and_then(output_format)).unwrap_or(Format::Jsonl);

    let read_options = ReadOptions { tag_names: input_tag_names(args, from, input)? };
    let mut sink = Sink::create(to, output, output_tag_names_path(args, from, to, output)?)?;
    let mut report = Report::default();
    let mut count = 0;

    if from == Format::Brat {
        let pairs = brat_input_pairs(input)?;
        for (index, (name, txt_path, ann_path)) in pairs.iter().enumerate() {
            let txt = read_text(txt_path)?;
            let ann = match ann_path {
                Some(path) => read_text(path)?,
                None => String::new(),
            };
            let file = ann_path.as_deref().unwrap_or(txt_path);
            let doc = brat::read_pair(name, &txt, &ann, index, &mut report).map_err(|e| located(file, e))?;
            sink.write(&doc)?;
            count += 1;
        }
    } else {
        let mut reader = DocReader::new(from, source.take_reader(), &read_options)?;
        for doc in reader.by_ref() {
            let doc = doc.map_err(|e| located(Path::new(&input_name), e))?;
            sink.write(&doc)?;
            count += 1;
        }
        report.extend(reader.into_report());
    }
    report.extend(sink.finish()?);

    for note in &report.notes {
        eprintln!("nomen: note: {note}");
    }
    if !report.losses.is_empty() {
        let verdict = if args.lossy { "written without them (--lossy)" } else { "nothing written; --lossy writes anyway" };
        eprintln!(
            "nomen: {} loss(es): annotations or text that cannot be carried from {from} to {to} as they are: {verdict}",
            report.losses.len()
        );
        for loss in report.losses.iter().take(LOSSES_SHOWN) {
            eprintln!("  {loss}");
        }
        if report.losses.len() > LOSSES_SHOWN {
            eprintln!("  ... and {} more", report.losses.len() - LOSSES_SHOWN);
        }
        if !args.lossy {
            return Ok(ExitCode::FAILURE); // `sink` drops here and removes its temporary files.
        }
    }
    sink.commit()?;
    eprintln!("nomen: converted {count} document(s) from {from} to {to}");
    Ok(ExitCode::SUCCESS)
}

/// Prefixes a format error with its file, as `file:line: message`.
fn located(file: &Path, err: FormatError) -> anyhow::Error {
    let message = err.to_string();
    let rest = err.line().and_then(|line| {
        let plain = format!("line {line}: ");
        let with_column = format!("line {line}, ");
        message
            .strip_prefix(&plain)
            .map(|rest| format!("{line}: {rest}"))
            .or_else(|| message.strip_prefix(&with_column).map(|rest| format!("{line}: {rest}")))
    });
    anyhow!("{}:{}", file.display(), rest.unwrap_or_else(|| format!(" {message}")))
}

/// The format an output path asks for, by its extension (or a directory: brat).
fn output_format(path: &Path) -> Option<Format> {
    if path.is_dir() || path.to_string_lossy().ends_with(std::path::MAIN_SEPARATOR) {
        return Some(Format::Brat);
    }
    Format::guess(&path.to_string_lossy(), "")
}

fn read_text(path: &Path) -> Result<String> {
    let bytes = fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
    crate::input::text_of(&path.display().to_string(), &bytes)
}

/// The input stream, with a peek at its head for guessing the format.
struct Source {
    path: Option<PathBuf>,
    reader: Option<Box<dyn BufRead>>,
}

impl Source {
    fn guess(&mut self) -> Option<Format> {
        let name = self.path.as_ref().map_or_else(|| "-".to_string(), |p| p.to_string_lossy().into_owned());
        if self.path.as_deref().is_some_and(Path::is_dir) {
            return Some(Format::Brat);
        }
        let head = match self.reader.as_mut().map(|r| r.fill_buf()) {
            Some(Ok(bytes)) => String::from_utf8_lossy(bytes).into_owned(),
            _ => String::new(),
        };
        Format::guess(&name, &head)
    }

    fn take_reader(&mut self) -> Box<dyn BufRead> {
        self.reader.take().unwrap_or_else(|| Box::new(io::empty()))
    }
}

fn open_source(input: Option<&Path>) -> Result<Source> {
    const BUFFER: usize = 256 * 1024;
    let reader: Option<Box<dyn BufRead>> = match input {
        None => Some(Box::new(BufReader::with_capacity(BUFFER, io::stdin()))),
        Some(path) if path.is_dir() => None,
        Some(path) => {
            // A brat .txt/.ann is opened per pair later; still peek at other files.
            let file = File::open(path).with_context(|| format!("{}: cannot open", path.display()))?;
            Some(Box::new(BufReader::with_capacity(BUFFER, file)))
        }
    };
    Ok(Source { path: input.map(Path::to_path_buf), reader })
}

/// hf tag names for reading: `--tag-names`, else `<stem>.tag_names.json` beside the input.
fn input_tag_names(args: &ConvertArgs, from: Format, input: Option<&Path>) -> Result<Option<Vec<String>>> {
    if from != Format::Hf {
        return Ok(None);
    }
    let path = match (&args.tag_names, input) {
        (Some(path), _) => path.clone(),
        (None, Some(input)) => sidecar_path(input),
        (None, None) => return Ok(None),
    };
    if args.tag_names.is_none() && !path.exists() {
        return Ok(None); // string tags need none; integer tags will say so
    }
    let text = read_text(&path)?;
    nomen_formats::hf::parse_tag_names(&text).map(Some).map_err(|e| located(&path, e))
}

/// Where hf output's tag names go: `--tag-names` (unless it names the input's), else beside OUTPUT.
fn output_tag_names_path(args: &ConvertArgs, from: Format, to: Format, output: Option<&Path>) -> Result<Option<PathBuf>> {
    if to != Format::Hf {
        return Ok(None);
    }
    match (&args.tag_names, output) {
        (Some(path), _) if from != Format::Hf => Ok(Some(path.clone())),
        (_, Some(output)) => Ok(Some(sidecar_path(output))),
        (_, None) => bail!("hf output to stdout needs --tag-names FILE for the tag names"),
    }
}

/// `dir/train.jsonl` → `dir/train.tag_names.json`.
pub fn sidecar_path(data: &Path) -> PathBuf {
    let stem = data.file_stem().map_or_else(|| "data".into(), |s| s.to_string_lossy().into_owned());
    data.with_file_name(format!("{stem}.tag_names.json"))
}

/// brat input as (name, .txt, optional .ann), in name order: a directory's
/// pairs, or the pair of one .ann or .txt file.
fn brat_input_pairs(input: Option<&Path>) -> Result<Vec<(String, PathBuf, Option<PathBuf>)>> {
    let Some(input) = input else { bail!("brat input is a directory or a .ann/.txt file, not stdin") };
    let pair = |txt: PathBuf| -> Result<(String, PathBuf, Option<PathBuf>)> {
        let name = txt.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let ann = txt.with_extension("ann");
        if !txt.is_file() {
            bail!("{}: has no {} beside it", ann.display(), txt.display());
        }
        Ok((name, txt, ann.is_file().then_some(ann)))
    };
    if !input.is_dir() {
        return Ok(vec![pair(input.with_extension("txt"))?]);
    }
    let mut stems: BTreeMap<String, PathBuf> = BTreeMap::new();
    for entry in fs::read_dir(input).with_context(|| format!("{}: cannot list", input.display()))? {
        let path = entry.with_context(|| format!("{}: cannot list", input.display()))?.path();
        let ext = path.extension().and_then(|e| e.to_str());
        if matches!(ext, Some("txt") | Some("ann")) {
            if let Some(stem) = path.file_stem() {
                stems.insert(stem.to_string_lossy().into_owned(), path.with_extension("txt"));
            }
        }
    }
    stems.into_values().map(pair).collect()
}

/// Where documents go: a stream format into a staged file, or brat pairs into a staged directory.
struct Sink {
    target: Target,
    /// Files and directories written so far, removed on drop unless committed.
    staged: Vec<(PathBuf, Option<PathBuf>)>, // (temporary, final; None for stdout)
    committed: bool,
}

enum Target {
    Stream { writer: Option<Writer<BufWriter<File>>>, sidecar: Option<PathBuf> },
    BratDir { dir: PathBuf, stems: FileStems, report: Report, count: usize },
    BratPair { ann: PathBuf, report: Report, count: usize },
}

/// A temporary name beside `path`, hidden and unique to this process.
fn temp_beside(path: &Path) -> PathBuf {
    let name = path.file_name().map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.nomen-tmp-{}", std::process::id()))
}

impl Sink {
    fn create(format: Format, output: Option<&Path>, sidecar: Option<PathBuf>) -> Result<Sink> {
        let mut sink = Sink { target: Target::Stream { writer: None, sidecar: None }, staged: Vec::new(), committed: false };
        if format == Format::Brat {
            let Some(output) = output else { bail!("brat output needs a directory, or a .ann path for one document") };
            let is_pair = matches!(output.extension().and_then(|e| e.to_str()), Some("ann") | Some("txt"));
            sink.target = if is_pair {
                Target::BratPair { ann: output.with_extension("ann"), report: Report::default(), count: 0 }
            } else {
                if output.is_dir() && fs::read_dir(output).map(|mut d| d.next().is_some()).unwrap_or(true) {
                    bail!("{}: the brat output directory exists and is not empty", output.display());
                }
                let temp = temp_beside(output);
                fs::create_dir_all(&temp).with_context(|| format!("{}: cannot create", temp.display()))?;
                sink.staged.push((temp.clone(), Some(output.to_path_buf())));
                Target::BratDir { dir: temp, stems: FileStems::default(), report: Report::default(), count: 0 }
            };
            return Ok(sink);
        }
        let temp = match output {
            Some(path) => temp_beside(path),
            None => std::env::temp_dir().join(format!("nomen-convert-stdout-{}", std::process::id())),
        };
        let file = File::create(&temp).with_context(|| format!("{}: cannot create", temp.display()))?;
        sink.staged.push((temp, output.map(Path::to_path_buf)));
        let writer = Writer::new(format, BufWriter::new(file), &WriteOptions::default())?;
        sink.target = Target::Stream { writer: Some(writer), sidecar };
        Ok(sink)
    }

    fn write(&mut self, doc: &Document) -> Result<()> {
        match &mut self.target {
            Target::Stream { writer: Some(writer), .. } => writer.write(doc).context("writing the output")?,
            Target::Stream { writer: None, .. } => bail!("internal: the output was already finished"),
            Target::BratDir { dir, stems, report, count } => {
                let name = stems.next(doc, *count);
                let pair = brat::write_pair(doc, &name, *count, report);
                for (ext, content) in [("txt", &pair.txt), ("ann", &pair.ann)] {
                    let path = dir.join(format!("{name}.{ext}"));
                    fs::write(&path, content).with_context(|| format!("{}: cannot write", path.display()))?;
                }
                *count += 1;
            }
            Target::BratPair { ann, report, count } => {
                if *count > 0 {
                    bail!("{}: a .ann output holds one document; the input has more (give a directory)", ann.display());
                }
                let name = ann.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                let pair = brat::write_pair(doc, &name, 0, report);
                for (path, content) in [(ann.with_extension("txt"), &pair.txt), (ann.clone(), &pair.ann)] {
                    let temp = temp_beside(&path);
                    fs::write(&temp, content).with_context(|| format!("{}: cannot write", temp.display()))?;
                    self.staged.push((temp, Some(path)));
                }
                *count += 1;
            }
        }
        Ok(())
    }

    /// Ends the output and returns what writing it lost.
    fn finish(&mut self) -> Result<Report> {
        match &mut self.target {
            Target::Stream { writer, sidecar } => {
                let Some(writer) = writer.take() else { return Ok(Report::default()) };
                let (out, finished) = writer.finish().context("writing the output")?;
                let file = out.into_inner().map_err(|e| e.into_error()).context("writing the output")?;
                file.sync_all().context("writing the output")?;
                if let (Some(names), Some(path)) = (finished.tag_names, sidecar.clone()) {
                    let temp = temp_beside(&path);
                    self.staged.push((temp.clone(), Some(path)));
                    let json = serde_json::to_string(&names).context("writing the tag names")?;
                    fs::write(&temp, json + "\n").with_context(|| format!("{}: cannot write", temp.display()))?;
                }
                Ok(finished.report)
            }
            Target::BratDir { report, .. } | Target::BratPair { report, .. } => Ok(std::mem::take(report)),
        }
    }

    /// Moves everything staged into place (or copies it to stdout).
    fn commit(mut self) -> Result<()> {
        for (temp, target) in &self.staged {
            match target {
                Some(target) => {
                    if target.is_dir() {
                        // An empty directory the user made for brat output (checked empty at the start).
                        fs::remove_dir(target).with_context(|| format!("{}: cannot replace", target.display()))?;
                    }
                    fs::rename(temp, target).with_context(|| format!("{}: cannot move into place", target.display()))?;
                }
                None => {
                    let mut staged = File::open(temp).with_context(|| format!("{}: cannot reopen", temp.display()))?;
                    let stdout = io::stdout();
                    let mut out = stdout.lock();
                    io::copy(&mut staged, &mut out).context("writing to stdout")?;
                    out.flush().context("writing to stdout")?;
                    let _ = fs::remove_file(temp);
                }
            }
        }
        self.committed = true;
        Ok(())
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        for (temp, _) in &self.staged {
            let _ = if temp.is_dir() { fs::remove_dir_all(temp) } else { fs::remove_file(temp) };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh directory for one test.
    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("nomen-convert-unit-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("scratch dir");
        dir
    }

    fn args(input: &Path, output: &Path) -> ConvertArgs {
        ConvertArgs {
            from: None,
            to: None,
            lossy: false,
            tag_names: None,
            input: Some(input.to_path_buf()),
            output: Some(output.to_path_buf()),
        }
    }

    /// Pre-tokenized (the period stands apart), so token formats hold it exactly.
    const SEED: &str = "{\"id\":\"a\",\"text\":\"Haftar met Dbeibeh in Tripoli .\",\"spans\":[{\"start\":0,\"end\":6,\"label\":\"PERSON\"},{\"start\":22,\"end\":29,\"label\":\"GPE\"}]}\n";

    #[test]
    fn jsonl_to_conll_by_extension() {
        let dir = scratch("conll");
        fs::write(dir.join("in.jsonl"), SEED).expect("write");
        let code = run(&args(&dir.join("in.jsonl"), &dir.join("out.conll"))).expect("runs");
        assert_eq!(code, ExitCode::SUCCESS);
        let out = fs::read_to_string(dir.join("out.conll")).expect("output");
        assert!(out.starts_with("-DOCSTART- -X- -X- O\n\nHaftar B-PERSON\nmet O\n"), "{out}");
        let leftovers: Vec<_> = fs::read_dir(&dir).expect("dir").filter_map(|e| e.ok()).map(|e| e.file_name()).collect();
        assert_eq!(leftovers.len(), 2, "no temporary files left: {leftovers:?}");
    }

    #[test]
    fn losses_write_nothing_unless_lossy() {
        let dir = scratch("lossy");
        // "Libya" inside "Libyan" cuts the token: the text would change.
        fs::write(dir.join("in.jsonl"), "{\"text\":\"Libyan forces\",\"spans\":[{\"start\":0,\"end\":5,\"label\":\"GPE\"}]}\n")
            .expect("write");
        let mut a = args(&dir.join("in.jsonl"), &dir.join("out.conll"));
        assert_eq!(run(&a).expect("runs"), ExitCode::FAILURE);
        assert!(!dir.join("out.conll").exists());
        assert_eq!(fs::read_dir(&dir).expect("dir").count(), 1, "no temporary file left");
        a.lossy = true;
        assert_eq!(run(&a).expect("runs"), ExitCode::SUCCESS);
        assert!(fs::read_to_string(dir.join("out.conll")).expect("output").contains("Libya B-GPE\nn O\n"));
    }

    #[test]
    fn bad_input_names_file_and_line_and_leaves_no_output() {
        let dir = scratch("bad");
        fs::write(dir.join("in.jsonl"), format!("{SEED}{{\"text\": 3}}\n")).expect("write");
        let err = run(&args(&dir.join("in.jsonl"), &dir.join("out.json"))).unwrap_err();
        let expected = format!("{}:2: \"text\": expected a string, found 3", dir.join("in.jsonl").display());
        assert_eq!(format!("{err:#}"), expected);
        assert_eq!(fs::read_dir(&dir).expect("dir").count(), 1);
    }

    #[test]
    fn brat_directory_out_and_back() {
        let dir = scratch("brat");
        fs::write(dir.join("in.jsonl"), SEED).expect("write");
        let mut a = args(&dir.join("in.jsonl"), &dir.join("ann"));
        a.to = Some(Format::Brat);
        assert_eq!(run(&a).expect("runs"), ExitCode::SUCCESS);
        assert_eq!(fs::read_to_string(dir.join("ann/a.ann")).expect("ann"), "T1\tPERSON 0 6\tHaftar\nT2\tGPE 22 29\tTripoli\n");
        let back = args(&dir.join("ann"), &dir.join("back.jsonl"));
        assert_eq!(run(&back).expect("runs"), ExitCode::SUCCESS);
        assert_eq!(fs::read_to_string(dir.join("back.jsonl")).expect("back"), SEED);
        // A single pair by its .ann name too.
        let pair = args(&dir.join("ann/a.ann"), &dir.join("pair.jsonl"));
        assert_eq!(run(&pair).expect("runs"), ExitCode::SUCCESS);
        assert_eq!(fs::read_to_string(dir.join("pair.jsonl")).expect("pair"), SEED);
    }

    #[test]
    fn hf_writes_and_finds_its_tag_names_sidecar() {
        let dir = scratch("hf");
        fs::write(dir.join("in.jsonl"), SEED).expect("write");
        let mut a = args(&dir.join("in.jsonl"), &dir.join("train.jsonl"));
        a.to = Some(Format::Hf);
        assert_eq!(run(&a).expect("runs"), ExitCode::SUCCESS);
        assert_eq!(
            fs::read_to_string(dir.join("train.tag_names.json")).expect("sidecar"),
            "[\"O\",\"B-PERSON\",\"I-PERSON\",\"B-GPE\",\"I-GPE\"]\n"
        );
        let mut back = args(&dir.join("train.jsonl"), &dir.join("back.jsonl"));
        back.from = Some(Format::Hf);
        assert_eq!(run(&back).expect("runs"), ExitCode::SUCCESS);
        let back = fs::read_to_string(dir.join("back.jsonl")).expect("back");
        assert!(back.contains("\"text\":\"Haftar met Dbeibeh in Tripoli .\""), "{back}");
    }

    #[test]
    fn sidecar_sits_beside_the_data() {
        assert_eq!(sidecar_path(Path::new("out/train.jsonl")), Path::new("out/train.tag_names.json"));
    }
}
