//! Reading the two sides of an adjudication from files: the side effect
//! `review.rs` must not perform. One file is compared against the current
//! work (the work is A); two files are A and B, in the order chosen.

use nomen_core::Document;
use yew::prelude::*;

use crate::files::{self, OpenedFile};
use crate::review::ReviewAction;
use crate::state::{Action, AppState};

/// Reads one file as documents, in any format nomen opens.
async fn read_side(file: &gloo::file::File) -> Result<Vec<Document>, String> {
    let bytes = gloo::file::futures::read_as_bytes(file).await.map_err(|err| format!("{}: could not be read ({err})", file.name()))?;
    let mut importer = files::Importer::new(vec![OpenedFile::from_bytes(file.name(), &bytes)]);
    loop {
        match importer.step(usize::MAX)? {
            files::Step::Done => break,
            files::Step::Reading { .. } => {}
        }
    }
    let docs = importer.finish().docs;
    if docs.is_empty() {
        return Err(format!("{}: no documents in it", file.name()));
    }
    Ok(docs)
}

/// Starts an adjudication of `list` (one or two files); `work` is the current work as exported.
pub fn adjudicate_files(list: web_sys::FileList, work: Vec<Document>, dispatch: UseReducerDispatcher<AppState>) {
    let files: Vec<gloo::file::File> = (0..list.length()).filter_map(|i| list.get(i)).map(gloo::file::File::from).collect();
    if files.is_empty() || files.len() > 2 {
        return dispatch
            .dispatch(Action::Fail("Choose two analysts' exports to adjudicate, or one to adjudicate against this work.".into()));
    }
    if files.len() == 1 && work.is_empty() {
        return dispatch.dispatch(Action::Fail("With one file, this work is side A, and there is no work yet: choose two files.".into()));
    }
    dispatch.dispatch(Action::Notify(format!(
        "Reading {} for adjudication…",
        files.iter().map(|f| f.name()).collect::<Vec<_>>().join(" and ")
    )));
    yew::platform::spawn_local(async move {
        let mut sides = Vec::new();
        for file in &files {
            match read_side(file).await {
                Ok(docs) => sides.push((file.name(), docs)),
                Err(message) => return dispatch.dispatch(Action::Fail(format!("Cannot adjudicate: {message}."))),
            }
        }
        let (a_name, a, b_name, b) = match sides.len() {
            1 => {
                let (name, docs) = sides.remove(0);
                ("this work".to_string(), work, name, docs)
            }
            _ => {
                let (a_name, a) = sides.remove(0);
                let (b_name, b) = sides.remove(0);
                (a_name, a, b_name, b)
            }
        };
        dispatch.dispatch(Action::Review(ReviewAction::Adjudicate { a_name, a, b_name, b }));
    });
}
