//! The label schema as data: names, descriptions, colours and hotkeys.
//!
//! The default schema is the one of GUIDELINES.md; the other OntoNotes labels
//! are available to anyone who wants them, without hotkeys.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelDef {
    pub name: String,
    pub description: String,
    /// Background colour of marks, `#rrggbb`; chosen light so black text stays readable.
    pub color: String,
    /// The key that applies this label, `'1'`..`'9'`, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hotkey: Option<char>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schema {
    pub labels: Vec<LabelDef>,
}

/// (name, description, colour) of the default labels, in hotkey order.
const DEFAULT: &[(&str, &str, &str)] = &[
    ("PERSON", "A named person, without title", "#ffd7a8"),
    ("TITLE", "A role, rank or office held by a person", "#f3c6f0"),
    ("ORG", "An organisation: forces, ministries, parties, agencies, media", "#b9e3ff"),
    ("GPE", "A country, city or region with a government", "#c8f0c0"),
    ("LOC", "A place that is not a GPE: seas, regions, mountains", "#d9f5e9"),
    ("FAC", "A named building, road, square, airport or ship", "#e4dcc8"),
    ("NORP", "A nationality, religious or political group", "#fff3a0"),
    ("EVENT", "A named event: conference, operation, war", "#ffc4c4"),
    ("DATE", "An absolute or relative date or period", "#dcd6ff"),
];

/// OntoNotes labels outside the default schema.
pub const ONTONOTES_EXTRA: &[&str] =
    &["TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"];

impl Schema {
    /// The nine labels of GUIDELINES.md with hotkeys 1-9.
    pub fn default_news() -> Schema {
        let labels = DEFAULT
            .iter()
            .enumerate()
            .map(|(i, (name, description, color))| LabelDef {
                name: (*name).to_string(),
                description: (*description).to_string(),
                color: (*color).to_string(),
                hotkey: char::from_digit(i as u32 + 1, 10),
            })
            .collect();
        Schema { labels }
    }

    pub fn get(&self, name: &str) -> Option<&LabelDef> {
        self.labels.iter().find(|l| l.name == name)
    }

    pub fn by_hotkey(&self, key: char) -> Option<&LabelDef> {
        self.labels.iter().find(|l| l.hotkey == Some(key))
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.labels.iter().map(|l| l.name.as_str())
    }
}

/// WCAG contrast ratio of black text on `#rrggbb`; `None` if the colour does not parse.
pub fn contrast_with_black(hex: &str) -> Option<f64> {
    let hex = hex.strip_prefix('#')?;
    if hex.len() != 6 {
        return None;
    }
    let channel = |i: usize| -> Option<f64> {
        let v = u8::from_str_radix(hex.get(i..i + 2)?, 16).ok()? as f64 / 255.0;
        Some(if v <= 0.03928 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) })
    };
    let luminance = 0.2126 * channel(0)? + 0.7152 * channel(2)? + 0.0722 * channel(4)?;
    Some((luminance + 0.05) / 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_schema_follows_guidelines() {
        let schema = Schema::default_news();
        let names: Vec<&str> = schema.names().collect();
        assert_eq!(names, ["PERSON", "TITLE", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "DATE"]);
        assert_eq!(schema.by_hotkey('3').map(|l| l.name.as_str()), Some("ORG"));
        assert!(schema.by_hotkey('0').is_none());
    }

    #[test]
    fn default_colours_keep_text_readable() {
        for label in Schema::default_news().labels {
            let ratio = contrast_with_black(&label.color).unwrap();
            assert!(ratio >= 7.0, "{} {} has contrast {ratio:.1}", label.name, label.color);
        }
    }
}
