//! `nomen.convert`: one format's text into another's through nomen-formats,
//! the code `nomen convert` and the page's import and export run, so a file
//! converts the same way everywhere and fails with the same message.

use nomen_formats::{Format, ReadOptions, Report, WriteOptions};
use pyo3::exceptions::{PyTypeError, PyUserWarning, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyString, PyTuple};

use crate::{FormatError, LossError};

/// How many losses a LossError's message lists before it only counts the rest.
const LOSSES_SHOWN: usize = 20;

/// Converts `data` (the text of a file) from format `src` to format `dst`.
///
/// Formats: jsonl, doccano, conll, bilou, labelstudio, hf (brat is a pair of
/// files per document: use `nomen convert`). Returns the converted text; for
/// `dst="hf"` a tuple `(text, tag_names)`, since its integer tags need the
/// names. `tag_names` gives the names for reading integer hf tags.
/// Raises FormatError (a ValueError) naming the line and field of malformed
/// input, and LossError listing what `dst` cannot hold unless `lossy=True`.
/// Notes (meta a format drops on purpose) become UserWarnings.
#[pyfunction]
#[pyo3(signature = (data, src="conll", dst="jsonl", *, lossy=false, tag_names=None))]
pub fn convert<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    src: &str,
    dst: &str,
    lossy: bool,
    tag_names: Option<Vec<String>>,
) -> PyResult<Bound<'py, PyAny>> {
    let data: String = match data.cast::<PyString>() {
        Ok(text) => text.to_cow()?.into_owned(),
        Err(_) => {
            let kind = data.get_type().name().map(|n| n.to_string()).unwrap_or_default();
            return Err(PyTypeError::new_err(format!("data must be str (the text of a file), not {kind}")));
        }
    };
    let from = stream_format(src, "src")?;
    let to = stream_format(dst, "dst")?;

    let converted = py.detach(move || -> Result<_, nomen_formats::FormatError> {
        let imported = nomen_formats::read(from, &data, &ReadOptions { tag_names })?;
        let exported = nomen_formats::write(to, &imported.docs, &WriteOptions::default())?;
        let mut report = imported.report;
        report.extend(exported.report);
        Ok((exported.text, exported.tag_names, report))
    });
    let (text, names, report) = converted.map_err(|e| {
        let err = FormatError::new_err(e.to_string());
        // The 1-based line as a number too (None when the error has no line).
        let _ = err.value(py).setattr("line", e.line());
        err
    })?;

    for note in &report.notes {
        PyErr::warn(py, &py.get_type::<PyUserWarning>(), &std::ffi::CString::new(note.to_string()).unwrap_or_default(), 1)?;
    }
    if !report.losses.is_empty() && !lossy {
        return Err(loss_error(py, from, to, &report));
    }
    if to == Format::Hf {
        return Ok(
            PyTuple::new(py, [text.into_pyobject(py)?.into_any(), names.unwrap_or_default().into_pyobject(py)?.into_any()])?.into_any()
        );
    }
    Ok(PyString::new(py, &text).into_any())
}

fn stream_format(name: &str, which: &str) -> PyResult<Format> {
    let format: Format = name.parse().map_err(|e| PyValueError::new_err(format!("{which}: {e}")))?;
    if !format.is_stream() {
        return Err(PyValueError::new_err(format!(
            "{which}: {format} is a .txt/.ann pair of files per document, not one text; use `nomen convert` for brat"
        )));
    }
    Ok(format)
}

fn loss_error(py: Python<'_>, from: Format, to: Format, report: &Report) -> PyErr {
    let losses: Vec<String> = report.losses.iter().map(ToString::to_string).collect();
    let mut message = format!("{} annotation(s) cannot be carried from {from} to {to} (lossy=True converts anyway):", losses.len());
    for loss in losses.iter().take(LOSSES_SHOWN) {
        message.push_str("\n  ");
        message.push_str(loss);
    }
    if losses.len() > LOSSES_SHOWN {
        message.push_str(&format!("\n  ... and {} more", losses.len() - LOSSES_SHOWN));
    }
    let err = LossError::new_err(message);
    // The losses as a list too, for code that wants to show or count them.
    let _ = err.value(py).setattr("losses", losses);
    err
}
