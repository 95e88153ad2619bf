//! `nomen`: the command line over the same core as the browser app.
//!
//! `main` only parses flags, runs a subcommand and maps the outcome to an exit
//! code: 0 success, 1 an input or data error (reported as `file:line: what`),
//! 2 a usage error (from clap). A closed stdout (`nomen extract | head`) is success.

mod aliases;
mod convert;
mod detokenize;
mod engine;
mod eval;
mod extract;
mod input;
mod learn;
mod simulate;
mod train;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "nomen", version, about = "Find and score named entities in news text, offline.")]
#[command(after_help = "Offsets everywhere are Unicode code points, end exclusive (as in spaCy, Prodigy, doccano).")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract entities from .txt files, JSONL files with a "text" per line, or stdin; writes JSONL.
    Extract(extract::ExtractArgs),
    /// Score predicted spans against gold spans: exact-match precision, recall and F1 per label.
    Eval(eval::EvalArgs),
    /// Convert annotations between formats: jsonl, doccano, conll, bilou, brat, labelstudio, hf.
    Convert(convert::ConvertArgs),
    /// Train a model from annotated documents (OntoNotes-style by default).
    Train(train::TrainArgs),
    /// Rewrite OntoNotes-style (Penn Treebank token) JSONL as raw text, spans moved along.
    Detokenize(detokenize::DetokenizeArgs),
    /// Measure how many edits learning from corrections saves, as a learning curve.
    Simulate(simulate::SimulateArgs),
    /// Teach a model the names of corrected documents (as the app does on "done"); writes a learned model for --model.
    Learn(learn::LearnArgs),
    /// Propose clusters of spelling variants of one name (Haftar / Hafter) as kb_ids.
    Aliases(aliases::AliasesArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Extract(args) => extract::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Convert(args) => convert::run(args),
        Command::Train(args) => train::run(args),
        Command::Detokenize(args) => detokenize::run(args),
        Command::Simulate(args) => simulate::run(args),
        Command::Learn(args) => learn::run(args),
        Command::Aliases(args) => aliases::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("nomen: error: {err:#}");
            ExitCode::from(1)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| cause.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe))
}
