//! `nomen._nomen`: the Rust half of the `nomen` Python package.
//!
//! Python teams need the extractor where their data already is (scripts,
//! spaCy pipelines, Spark jobs), with results identical to the page and the
//! `nomen` CLI. So this module is only glue over the same pure crates: it
//! turns Python values into `&str` and model bytes, runs nomen-ner and
//! nomen-formats with the GIL released, and turns their errors into Python
//! exceptions (`TypeError`, `ValueError`, [`FormatError`], [`LossError`]).
//! The pure-Python half (python/nomen/) adds `Extractor.pipe`, the spaCy
//! component and the Spark job.

use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

mod convert;
mod extractor;

create_exception!(
    nomen,
    FormatError,
    PyValueError,
    "Input that is not what its format promises; the message names the line and field (as `nomen convert` does)."
);
create_exception!(
    nomen,
    LossError,
    PyValueError,
    "Annotations the target format cannot hold; `losses` lists each. Pass lossy=True to convert anyway."
);

#[pymodule]
fn _nomen(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<extractor::Extractor>()?;
    m.add_function(wrap_pyfunction!(convert::convert, m)?)?;
    m.add_function(wrap_pyfunction!(extractor::shipped_model_bytes, m)?)?;
    m.add("FormatError", m.py().get_type::<FormatError>())?;
    m.add("LossError", m.py().get_type::<LossError>())?;
    m.add("FORMATS", nomen_formats::Format::ALL.iter().map(|f| f.name()).collect::<Vec<_>>())?;
    Ok(())
}
