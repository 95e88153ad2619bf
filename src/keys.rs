//! The keyboard map: a key press (with modifiers) to a command. Pure, so the
//! whole map is tested natively; `app.rs` only feeds it DOM key events.

use nomen_session::{Boundary, Nudge, SnapMode};

/// A key press as the DOM reports it: `key` is `KeyboardEvent.key`, `code` is
/// `KeyboardEvent.code` (layout-independent: Shift+1 is `Digit1`, whatever it types).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyPress {
    pub key: String,
    pub code: String,
    pub ctrl: bool,
    pub shift: bool,
    pub alt: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Apply the label with this hotkey, the selection aligned by `snap`
    /// (`Exact` with Shift: the selected characters as they are).
    Label {
        hotkey: char,
        snap: SnapMode,
    },
    NextSpan,
    PrevSpan,
    /// Select the next (or previous) uncertain span, wrapping.
    NextUncertain {
        forward: bool,
    },
    /// Put the caret in "Search all documents".
    Search,
    Delete,
    /// Label every occurrence of the selected span's text.
    AllOccurrences,
    Move {
        boundary: Boundary,
        nudge: Nudge,
    },
    /// Move the token cursor to the next (or previous) word, or extend it by one.
    Cursor {
        forward: bool,
        extend: bool,
    },
    /// Remove the current document (Ctrl+Z brings it back).
    RemoveDocument,
    Undo,
    Redo,
    /// Ask the extractor for this document again (after its pre-annotation was undone).
    Extract,
    AcceptAll,
    MarkDone,
    /// Teach the extractor this document's names now, without marking it done.
    LearnNow,
    NextDoc,
    PrevDoc,
    /// Open the alias clusters dialog.
    Aliases,
    Help,
    Escape,
}

/// The command for a key press, if any. `span_selected` says whether Tab and
/// the arrows have something to act on (otherwise they keep their browser meaning).
pub fn command(press: &KeyPress, span_selected: bool) -> Option<Command> {
    command_in(press, span_selected, false)
}

/// How a label key or button aligns the selection: with Shift the selected
/// characters as they are, else grown to whole tokens.
pub fn snap_mode(shift: bool) -> SnapMode {
    if shift {
        SnapMode::Exact
    } else {
        SnapMode::Expand
    }
}

/// [`command`], when the keyboard may also be in the article (`in_article`:
/// it has the focus): then Tab enters the marks, and the arrows move the
/// token cursor (Shift extends it) when no span is selected.
pub fn command_in(press: &KeyPress, span_selected: bool, in_article: bool) -> Option<Command> {
    let digit = press.code.strip_prefix("Digit").or_else(|| press.code.strip_prefix("Numpad"));
    if let Some(d) = digit.and_then(|d| d.chars().next()).filter(|c| ('1'..='9').contains(c)) {
        if !press.ctrl && !press.alt {
            return Some(Command::Label { hotkey: d, snap: snap_mode(press.shift) });
        }
    }
    let key = press.key.as_str();
    let plain = !press.ctrl && !press.alt;
    Some(match key {
        "z" | "Z" if press.ctrl && press.shift => Command::Redo,
        "z" | "Z" if press.ctrl => Command::Undo,
        "y" | "Y" if press.ctrl => Command::Redo,
        "Tab" if (span_selected || in_article) && !press.ctrl && !press.alt => {
            if press.shift {
                Command::PrevSpan
            } else {
                Command::NextSpan
            }
        }
        "Delete" if plain && press.shift => Command::RemoveDocument,
        "Delete" | "Backspace" if plain && span_selected => Command::Delete,
        "ArrowLeft" | "ArrowRight" if span_selected && (press.shift || press.ctrl) && !press.alt => {
            let left = key == "ArrowLeft";
            if press.ctrl {
                // The start: left grows the span, right shrinks it.
                Command::Move { boundary: Boundary::Start, nudge: if left { Nudge::Grow } else { Nudge::Shrink } }
            } else {
                // The end: right grows the span, left shrinks it.
                Command::Move { boundary: Boundary::End, nudge: if left { Nudge::Shrink } else { Nudge::Grow } }
            }
        }
        "ArrowLeft" | "ArrowRight" if plain && (in_article || span_selected) && !(press.shift && span_selected) => {
            Command::Cursor { forward: key == "ArrowRight", extend: press.shift }
        }
        "a" if plain && !press.shift => Command::AcceptAll,
        "e" if plain && !press.shift => Command::Extract,
        "o" if plain && !press.shift && span_selected => Command::AllOccurrences,
        "d" if plain && !press.shift => Command::MarkDone,
        "l" if plain && !press.shift => Command::LearnNow,
        "n" | "PageDown" if plain && !press.shift => Command::NextDoc,
        "p" | "PageUp" if plain && !press.shift => Command::PrevDoc,
        "k" if plain && !press.shift => Command::Aliases,
        "u" if plain && !press.shift => Command::NextUncertain { forward: true },
        "U" if plain && press.shift => Command::NextUncertain { forward: false },
        "/" if plain => Command::Search,
        "?" if !press.ctrl && !press.alt => Command::Help,
        "Escape" => Command::Escape,
        _ => return None,
    })
}

/// The keys, as the help overlay lists them.
pub const HELP: &[(&str, &str)] = &[
    ("1 – 9", "label the selected text (snapped to whole words), or relabel the selected span"),
    ("Shift + 1 – 9", "label exactly the selected characters, without snapping"),
    ("click a mark", "select the span"),
    ("→ / ← in the article", "move the token cursor a word right / left (then 1 – 9 labels it)"),
    ("Shift + → / ← in the article", "with no span selected: grow / shrink the token cursor by a word"),
    ("Tab / Shift + Tab", "in the article: select the next / previous span"),
    ("Delete or Backspace", "remove the selected span"),
    ("Shift + Delete", "remove this document from the workspace (Ctrl+Z brings it back)"),
    ("o", "label every occurrence of the selected span's text, in every document, and in new ones"),
    ("Shift + → / ←", "move the selected span's end one word right / left"),
    ("Ctrl + ← / →", "move the selected span's start one word left / right"),
    ("drag a handle", "move the selected span's start or end with the mouse"),
    ("Ctrl + Z", "undo (in this document; right after removing a document, brings that document back first)"),
    ("Ctrl + Shift + Z or Ctrl + Y", "redo"),
    ("e", "find entities again in this document, after its pre-annotation was undone"),
    ("a", "accept all pre-annotations of this document"),
    ("d", "mark this document done and go to the next one to do (the extractor learns its names)"),
    ("l", "teach the extractor this document's names now, without marking it done"),
    ("n / p (or Page Down / Page Up)", "next / previous document"),
    ("k", "alias clusters: confirm spelling variants of one name (Haftar / Hafter), exported as kb_id"),
    ("u / Shift + U", "select the next / previous uncertain span (tinted: the extractor hesitated), wrapping around the document"),
    ("/", "search all documents; in the hits, Enter opens one, 1 – 9 labels it, ↑ / ↓ move"),
    ("a / b, Shift + A / B", "when adjudicating: take A's or B's version of the focused difference / of the rest of the document"),
    ("?", "show or hide this help"),
    ("Esc", "deselect, or close this help or a dialog; with nothing selected, leave the article (then Tab moves on)"),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn press(key: &str, code: &str, ctrl: bool, shift: bool) -> KeyPress {
        KeyPress { key: key.into(), code: code.into(), ctrl, shift, alt: false }
    }

    #[test]
    fn digits_label_whatever_the_layout_types() {
        assert_eq!(command(&press("3", "Digit3", false, false), false), Some(Command::Label { hotkey: '3', snap: SnapMode::Expand }));
        assert_eq!(command(&press("#", "Digit3", false, true), false), Some(Command::Label { hotkey: '3', snap: SnapMode::Exact }));
        assert_eq!(command(&press("0", "Digit0", false, false), false), None);
        assert_eq!(command(&press("3", "Digit3", true, false), false), None, "Ctrl+3 stays the browser's");
    }

    #[test]
    fn undo_and_redo() {
        assert_eq!(command(&press("z", "KeyZ", true, false), false), Some(Command::Undo));
        assert_eq!(command(&press("Z", "KeyZ", true, true), false), Some(Command::Redo));
        assert_eq!(command(&press("y", "KeyY", true, false), false), Some(Command::Redo));
    }

    #[test]
    fn tab_and_arrows_act_only_on_a_selected_span() {
        assert_eq!(command(&press("Tab", "Tab", false, false), false), None);
        assert_eq!(command(&press("Tab", "Tab", false, true), true), Some(Command::PrevSpan));
        assert_eq!(command(&press("Backspace", "Backspace", false, false), false), None);
        assert_eq!(
            command(&press("ArrowRight", "ArrowRight", false, true), true),
            Some(Command::Move { boundary: Boundary::End, nudge: Nudge::Grow })
        );
        assert_eq!(
            command(&press("ArrowLeft", "ArrowLeft", true, false), true),
            Some(Command::Move { boundary: Boundary::Start, nudge: Nudge::Grow })
        );
        assert_eq!(command(&press("ArrowLeft", "ArrowLeft", false, false), true), Some(Command::Cursor { forward: false, extend: false }));
    }

    #[test]
    fn in_the_article_tab_enters_the_marks_and_arrows_move_the_cursor() {
        let arrow = |key: &str, shift| press(key, key, false, shift);
        assert_eq!(command_in(&press("Tab", "Tab", false, false), false, true), Some(Command::NextSpan));
        assert_eq!(command_in(&arrow("ArrowRight", false), false, true), Some(Command::Cursor { forward: true, extend: false }));
        assert_eq!(command_in(&arrow("ArrowLeft", true), false, true), Some(Command::Cursor { forward: false, extend: true }));
        assert_eq!(
            command_in(&arrow("ArrowRight", false), true, false),
            Some(Command::Cursor { forward: true, extend: false }),
            "from the selected span on"
        );
        assert_eq!(
            command_in(&arrow("ArrowRight", true), true, true),
            Some(Command::Move { boundary: Boundary::End, nudge: Nudge::Grow }),
            "Shift moves a selected span's end"
        );
        assert_eq!(command_in(&arrow("ArrowRight", false), false, false), None, "outside the article the arrows are the browser's");
    }

    #[test]
    fn every_help_line_names_a_real_binding() {
        // The help overlay is the keyboard map's documentation: keep them together.
        assert!(HELP.iter().any(|(k, _)| k.contains("Ctrl + Z")));
        assert!(HELP.iter().any(|(k, _)| *k == "k"));
        assert_eq!(command(&press("k", "KeyK", false, false), false), Some(Command::Aliases));
        assert!(HELP.iter().any(|(k, _)| *k == "l"));
        assert_eq!(command(&press("l", "KeyL", false, false), false), Some(Command::LearnNow));
        assert!(HELP.iter().any(|(k, _)| *k == "e"));
        assert_eq!(command(&press("e", "KeyE", false, false), false), Some(Command::Extract));
        assert!(HELP.iter().any(|(k, _)| *k == "Shift + Delete"));
        assert_eq!(command(&press("Delete", "Delete", false, true), true), Some(Command::RemoveDocument));
        assert_eq!(command(&press("Delete", "Delete", false, false), true), Some(Command::Delete));
        assert!(HELP.iter().any(|(k, _)| *k == "/"));
        assert_eq!(command(&press("/", "Slash", false, false), false), Some(Command::Search));
        assert_eq!(command(&press("/", "Slash", true, false), false), None, "Ctrl+/ stays the browser's");
        assert!(HELP.iter().any(|(k, _)| *k == "u / Shift + U"));
        assert_eq!(command(&press("u", "KeyU", false, false), false), Some(Command::NextUncertain { forward: true }));
        assert_eq!(command(&press("U", "KeyU", false, true), true), Some(Command::NextUncertain { forward: false }));
        assert_eq!(command(&press("u", "KeyU", true, false), false), None, "Ctrl+U stays the browser's");
        assert_eq!(HELP.len(), 25);
    }
}
