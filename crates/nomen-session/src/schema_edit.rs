//! The rules for editing the label schema: names, colours and hotkeys.
//!
//! The schema is data shared by every document, so its edits are checked
//! here and applied by [`crate::Workspace`], which also renames the label on
//! every span. Colours end up in the page's CSS, so only `#rrggbb` passes.
//! A name the analyst gives a label, new or renamed, follows one rule
//! ([`check_new_name`]): capital letters, digits, `_` and `-`, as in
//! GUIDELINES.md and OntoNotes (`WORK_OF_ART`), so it fits every export format
//! (token formats split at whitespace). Labels met in imported data keep the
//! data's names, whatever they are.

use nomen_core::{LabelDef, Schema};
use thiserror::Error;

/// Why a schema edit was refused; `Display` is shown in the UI verbatim.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SchemaError {
    #[error("unknown label {label}")]
    UnknownLabel { label: String },
    #[error("a label needs a name")]
    EmptyName,
    #[error("label names are capital letters, digits, _ and -, like WORK_OF_ART: “{name}” is not one{}", suggestion.as_ref().map(|s| format!(" (try “{s}”)")).unwrap_or_default())]
    BadName { name: String, suggestion: Option<String> },
    #[error("there is already a label {name}")]
    NameTaken { name: String },
    #[error("{color:?} is not a colour: use #rrggbb")]
    BadColor { color: String },
    #[error("hotkeys are the digits 1 to 9, not {key:?}")]
    BadHotkey { key: char },
    #[error("key {key} already applies {label} — give {label} another key first")]
    HotkeyTaken { key: char, label: String },
    #[error("{label} is still used by {spans} span(s) in {docs} document(s) or by their undo history — remove or relabel them first")]
    LabelInUse { label: String, spans: usize, docs: usize },
}

pub(crate) fn check_name(schema: &Schema, name: &str) -> Result<(), SchemaError> {
    // Blank is the one name a span cannot carry (`Document::validate`); other
    // names, spaces included, are whatever the analyst's data uses.
    if name.trim().is_empty() {
        return Err(SchemaError::EmptyName);
    }
    if schema.get(name).is_some() {
        return Err(SchemaError::NameTaken { name: name.to_string() });
    }
    Ok(())
}

/// True for a character a label name the analyst types may hold.
fn name_char(c: char) -> bool {
    (c.is_alphabetic() && !c.is_lowercase()) || c.is_numeric() || c == '_' || c == '-'
}

/// Checks a name the analyst gives a label (added or renamed): the same rule
/// for both, refused with a suggestion rather than changed behind their back.
pub(crate) fn check_new_name(schema: &Schema, name: &str) -> Result<(), SchemaError> {
    if name.trim().is_empty() {
        return Err(SchemaError::EmptyName);
    }
    if !name.chars().all(name_char) {
        let suggestion: String = name.split_whitespace().collect::<Vec<_>>().join("_").to_uppercase();
        return Err(SchemaError::BadName { name: name.to_string(), suggestion: suggestion.chars().all(name_char).then_some(suggestion) });
    }
    check_name(schema, name)
}

pub(crate) fn check_color(color: &str) -> Result<(), SchemaError> {
    let hex = color.strip_prefix('#').unwrap_or("");
    if hex.len() == 6 && hex.chars().all(|c| c.is_ascii_hexdigit()) {
        Ok(())
    } else {
        Err(SchemaError::BadColor { color: color.to_string() })
    }
}

/// Checks `key` may be given to `label`: a digit 1-9 that no other label has.
pub(crate) fn check_hotkey(schema: &Schema, label: &str, key: char) -> Result<(), SchemaError> {
    if !('1'..='9').contains(&key) {
        return Err(SchemaError::BadHotkey { key });
    }
    match schema.by_hotkey(key) {
        Some(holder) if holder.name != label => Err(SchemaError::HotkeyTaken { key, label: holder.name.clone() }),
        _ => Ok(()),
    }
}

/// Checks a whole schema (a loaded one): names valid and unique, colours and hotkeys valid and unique.
pub(crate) fn check_schema(schema: &Schema) -> Result<(), SchemaError> {
    let mut seen = Schema { labels: Vec::with_capacity(schema.labels.len()) };
    for label in &schema.labels {
        check_name(&seen, &label.name)?;
        check_color(&label.color)?;
        if let Some(key) = label.hotkey {
            check_hotkey(&seen, &label.name, key)?;
        }
        seen.labels.push(label.clone());
    }
    Ok(())
}

/// A label for a name met in imported data: no hotkey, a neutral grey.
pub(crate) fn imported_label(name: &str) -> LabelDef {
    LabelDef { name: name.to_string(), description: "Found in imported data".to_string(), color: "#e0e0e0".to_string(), hotkey: None }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_schema_passes() {
        assert_eq!(check_schema(&Schema::default_news()), Ok(()));
    }

    #[test]
    fn refusals() {
        let schema = Schema::default_news();
        assert_eq!(check_name(&schema, "ORG"), Err(SchemaError::NameTaken { name: "ORG".into() }));
        assert_eq!(check_name(&schema, ""), Err(SchemaError::EmptyName));
        assert_eq!(check_name(&schema, " "), Err(SchemaError::EmptyName));
        assert_eq!(check_name(&schema, "MONEY"), Ok(()));
        assert_eq!(check_new_name(&schema, "MONEY"), Ok(()));
        assert_eq!(check_new_name(&schema, "WORK_OF_ART-2"), Ok(()));
        assert_eq!(check_new_name(&schema, "ÉTAT"), Ok(()));
        assert_eq!(
            check_new_name(&schema, "Money").unwrap_err().to_string(),
            "label names are capital letters, digits, _ and -, like WORK_OF_ART: “Money” is not one (try “MONEY”)"
        );
        assert_eq!(
            check_new_name(&schema, " work of art ").unwrap_err().to_string(),
            "label names are capital letters, digits, _ and -, like WORK_OF_ART: “ work of art ” is not one (try “WORK_OF_ART”)"
        );
        assert_eq!(check_new_name(&schema, "<b>"), Err(SchemaError::BadName { name: "<b>".into(), suggestion: None }));
        assert_eq!(check_new_name(&schema, "ORG"), Err(SchemaError::NameTaken { name: "ORG".into() }));
        assert!(check_color("#ffd7a8").is_ok());
        assert!(check_color("red").is_err());
        assert!(check_color("#ffd7a8; background:url(x)").is_err());
        assert_eq!(check_hotkey(&schema, "DATE", '3').unwrap_err().to_string(), "key 3 already applies ORG — give ORG another key first");
        assert_eq!(check_hotkey(&schema, "ORG", '3'), Ok(()), "a label keeps its own key");
        assert_eq!(check_hotkey(&schema, "ORG", '0'), Err(SchemaError::BadHotkey { key: '0' }));
    }
}
