//! `Extractor`: the shipped model, a model file (learned ones included) or
//! model bytes, optionally followed by Prodigy patterns — exactly what
//! `nomen extract [--model FILE] [--patterns FILE]` runs (see the CLI's
//! engine.rs), so the spans are the same to the code point.

use std::path::PathBuf;
use std::sync::Arc;

use nomen_core::Span;
use nomen_ner::memory::Memory;
use nomen_ner::{Extractor as _, Model};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString};

/// The model the app ships, the same file the CLI compiles in.
const SHIPPED_MODEL: &[u8] = include_bytes!("../../../assets/nomen-news.model");

/// The model, then the patterns' names over its spans (as the CLI's `WithPatterns`).
struct Engine {
    model: Model,
    patterns: Option<Memory>,
}

impl Engine {
    fn extract(&self, text: &str) -> Vec<Span> {
        let spans = self.model.extract(text);
        match &self.patterns {
            Some(memory) => memory.apply(text, spans),
            None => spans,
        }
    }
}

/// Finds named entities in raw text with nomen's extractor.
///
/// `model`: None for the model shipped with nomen, a path (str or
/// os.PathLike) to a model file (such as the page's "Export model"), or the
/// file's bytes. `patterns`: None, a path to Prodigy patterns JSONL (the
/// page's "Export names"), or a list of pattern dicts, applied after the model.
#[pyclass(frozen, subclass, module = "nomen")]
pub struct Extractor {
    engine: Arc<Engine>,
}

#[pymethods]
impl Extractor {
    #[new]
    #[pyo3(signature = (model=None, patterns=None))]
    fn new(py: Python<'_>, model: Option<&Bound<'_, PyAny>>, patterns: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let model = load_model(py, model)?;
        let patterns = match patterns {
            None => None,
            Some(p) if p.is_none() => None,
            Some(p) => Some(load_patterns(py, p)?),
        };
        Ok(Extractor { engine: Arc::new(Engine { model, patterns }) })
    }

    /// The spans in `text`: a list of {"start", "end", "label"} dicts, offsets
    /// in code points (Python str indices), end exclusive, sorted.
    fn extract<'py>(&self, py: Python<'py>, text: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
        let text = text_of(text, "text")?;
        let engine = Arc::clone(&self.engine);
        let spans = py.detach(move || engine.extract(&text));
        spans_to_py(py, &spans)
    }

    /// One list of spans per text of `texts` (a list of str), computed with the GIL released.
    fn extract_batch<'py>(&self, py: Python<'py>, texts: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
        let mut owned = Vec::new();
        for (index, item) in texts.try_iter()?.enumerate() {
            owned.push(text_of(&item?, &format!("texts[{index}]"))?);
        }
        let engine = Arc::clone(&self.engine);
        let results: Vec<Vec<Span>> = py.detach(move || owned.iter().map(|t| engine.extract(t)).collect());
        let out = PyList::empty(py);
        for spans in &results {
            out.append(spans_to_py(py, spans)?)?;
        }
        Ok(out)
    }

    /// The labels the model can give (the patterns may add others).
    #[getter]
    fn labels(&self) -> Vec<String> {
        self.engine.model.labels().to_vec()
    }

    /// What runs, as the CLI names it ("perceptron v2 ...", "+ N patterns").
    #[getter]
    fn name(&self) -> String {
        let model = self.engine.model.name();
        match &self.engine.patterns {
            Some(memory) => format!("{model} + {} patterns", memory.len()),
            None => model,
        }
    }

    fn __repr__(&self) -> String {
        format!("<nomen.Extractor {}>", self.name())
    }
}

/// The bytes of the model shipped with nomen (for broadcasting to Spark executors).
#[pyfunction]
pub fn shipped_model_bytes(py: Python<'_>) -> Bound<'_, PyBytes> {
    PyBytes::new(py, SHIPPED_MODEL)
}

fn load_model(py: Python<'_>, model: Option<&Bound<'_, PyAny>>) -> PyResult<Model> {
    let Some(model) = model.filter(|m| !m.is_none()) else {
        return Model::from_bytes(SHIPPED_MODEL)
            .map_err(|e| PyValueError::new_err(format!("the shipped model is damaged (rebuild nomen): {e}")));
    };
    if let Ok(bytes) = model.cast::<PyBytes>() {
        let bytes = bytes.as_bytes().to_vec();
        return py.detach(move || Model::from_bytes(&bytes)).map_err(|e| PyValueError::new_err(format!("not a usable nomen model: {e}")));
    }
    let path: PathBuf = model
        .extract()
        .map_err(|_| PyTypeError::new_err(format!("model must be None, a path (str or os.PathLike) or bytes, not {}", type_name(model))))?;
    let bytes = std::fs::read(&path).map_err(|e| io_error(e, &path))?;
    py.detach(move || Model::from_bytes(&bytes))
        .map_err(|e| PyValueError::new_err(format!("{}: not a usable nomen model: {e}", path.display())))
}

fn load_patterns(py: Python<'_>, patterns: &Bound<'_, PyAny>) -> PyResult<Memory> {
    if let Ok(list) = patterns.cast::<PyList>() {
        // Pattern dicts: one JSON line each, then the same reader as a file.
        let dumps = py.import("json")?.getattr("dumps")?;
        let mut text = String::new();
        for item in list.iter() {
            text.push_str(&dumps.call1((item,))?.extract::<String>()?);
            text.push('\n');
        }
        return Memory::from_patterns(&text).map_err(|e| PyValueError::new_err(format!("patterns: {e}")));
    }
    let path: PathBuf = patterns.extract().map_err(|_| {
        PyTypeError::new_err(format!(
            "patterns must be None, a path to Prodigy patterns JSONL or a list of pattern dicts, not {}",
            type_name(patterns)
        ))
    })?;
    let text = std::fs::read_to_string(&path).map_err(|e| io_error(e, &path))?;
    Memory::from_patterns(&text).map_err(|e| PyValueError::new_err(format!("{}: {e}", path.display())))
}

/// `value` as an owned string, or a TypeError naming `what`.
fn text_of(value: &Bound<'_, PyAny>, what: &str) -> PyResult<String> {
    match value.cast::<PyString>() {
        Ok(text) => Ok(text.to_cow()?.into_owned()),
        Err(_) => Err(PyTypeError::new_err(format!("{what} must be str, not {}", type_name(value)))),
    }
}

fn type_name(value: &Bound<'_, PyAny>) -> String {
    value.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "an unknown type".to_string())
}

/// An OSError subclass (FileNotFoundError, PermissionError, ...) with the path in it.
fn io_error(err: std::io::Error, path: &std::path::Path) -> PyErr {
    let message = format!("{}: {err}", path.display());
    match err.kind() {
        std::io::ErrorKind::NotFound => pyo3::exceptions::PyFileNotFoundError::new_err(message),
        std::io::ErrorKind::PermissionDenied => pyo3::exceptions::PyPermissionError::new_err(message),
        _ => pyo3::exceptions::PyOSError::new_err(message),
    }
}

fn spans_to_py<'py>(py: Python<'py>, spans: &[Span]) -> PyResult<Bound<'py, PyList>> {
    let out = PyList::empty(py);
    for span in spans {
        let dict = PyDict::new(py);
        dict.set_item(intern!(py, "start"), span.start)?;
        dict.set_item(intern!(py, "end"), span.end)?;
        dict.set_item(intern!(py, "label"), &span.label)?;
        out.append(dict)?;
    }
    Ok(out)
}
