//! Changes that reach many documents at once (search hits labelled, an
//! inconsistency made consistent), applied as one undoable step per document.
//!
//! Corpus-wide tools plan their changes document by document; this module
//! turns each document's plan into one [`Edit::Revise`], so undo in a
//! document takes back exactly what the tool did there. What cannot be done
//! is never dropped silently: each refused change is a [`Refusal`] with the
//! document, the place, the text and the reason, for the page to list.

use std::collections::BTreeMap;

use nomen_core::Span;

use crate::edit::Edit;
use crate::workspace::Workspace;

/// One change that was not made, and why (in the analyst's words).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub doc: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub reason: String,
}

/// What a corpus-wide change did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchOutcome {
    /// Spans added, relabelled or removed, in all.
    pub changed: usize,
    /// The documents that changed (one undo step each), in the order changed.
    pub docs: Vec<String>,
    /// Changes that were not made.
    pub refused: Vec<Refusal>,
    /// Places that already were as asked (left alone).
    pub unchanged: usize,
}

impl BatchOutcome {
    /// "Labelled 12 spans as GPE in 3 documents (one undo step each); 2 refused, listed below."
    /// `what` follows the span count ("as GPE", "of “Tripoli” to GPE").
    pub fn summary(&self, verb: &str, what: &str) -> String {
        let mut text = format!(
            "{verb} {} span{} {what} in {} document{}",
            self.changed,
            plural(self.changed),
            self.docs.len(),
            plural(self.docs.len())
        );
        if !self.docs.is_empty() {
            text += " (one undo step each)";
        }
        if self.unchanged > 0 {
            text += &format!("; {} already so", self.unchanged);
        }
        if !self.refused.is_empty() {
            text += &format!("; {} refused, listed below", self.refused.len());
        }
        text.push('.');
        text
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The changes planned for one document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct DocPlan {
    pub remove: Vec<(usize, usize)>,
    pub add: Vec<Span>,
    /// How many places the plan touches (a relabel is one place).
    pub places: usize,
}

/// Applies each document's plan as one `Edit::Revise`. A document whose
/// plan is refused as a whole gets one refusal per planned place.
pub(crate) fn apply_plans(ws: &mut Workspace, plans: BTreeMap<usize, DocPlan>, outcome: &mut BatchOutcome) {
    for (index, plan) in plans {
        if plan.places == 0 {
            continue;
        }
        let Some(id) = ws.docs().get(index).map(|d| d.id().to_string()) else {
            continue;
        };
        let places: Vec<(usize, usize)> = {
            let mut places: Vec<(usize, usize)> = plan.add.iter().map(|s| (s.start, s.end)).chain(plan.remove.iter().copied()).collect();
            places.sort_unstable();
            places.dedup();
            places
        };
        let edit = Edit::Revise { remove: plan.remove, add: plan.add };
        match ws.apply(&id, edit) {
            Ok(_) => {
                outcome.changed += plan.places;
                outcome.docs.push(id);
            }
            Err(err) => {
                let entry = &ws.docs()[index];
                for (start, end) in places {
                    outcome.refused.push(Refusal {
                        doc: id.clone(),
                        start,
                        end,
                        text: entry.slice(start, end).to_string(),
                        reason: err.to_string(),
                    });
                }
            }
        }
    }
}
