//! Alias clusters: spelling variants of one entity (Haftar / Hafter) that the
//! analyst confirmed, and the ones they kept apart.
//!
//! Proposals come from outside (the app runs `nomen_ner::aliases::propose`
//! over the workspace's mentions; this crate does not depend on the
//! extractor) and are filtered here against what the analyst already decided:
//! names kept apart are never proposed together again, and a proposal that
//! only repeats a confirmed cluster is not shown. A confirmed cluster gives
//! every span whose (label, text) is one of its names the cluster's `kb_id`
//! in exports (spaCy's field for a knowledge-base id); spans themselves are
//! never changed.
//!
//! **Invariants:** every confirmed cluster has distinct names (at least two,
//! unless it was adopted from an imported file's `kb_id`s, where the other
//! spellings may be in another file) and a unique `kb_id`; within a label, a
//! name belongs to at most one cluster.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Names of one label that the analyst confirmed as one entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AliasCluster {
    pub kb_id: String,
    pub label: String,
    /// Spellings as they appear in the text, in the order they were confirmed.
    pub names: Vec<String>,
}

/// Two names of one label the analyst said are not one entity.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeptApart {
    pub label: String,
    /// The two names, in sorted order.
    pub names: [String; 2],
}

impl KeptApart {
    fn new(label: &str, a: &str, b: &str) -> KeptApart {
        let (a, b) = if a <= b { (a, b) } else { (b, a) };
        KeptApart { label: label.to_string(), names: [a.to_string(), b.to_string()] }
    }
}

/// What the analyst decided about aliases: part of the workspace and its autosave.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Aliases {
    #[serde(default)]
    pub(crate) confirmed: Vec<AliasCluster>,
    /// Sorted and without repeats.
    #[serde(default)]
    pub(crate) kept_apart: Vec<KeptApart>,
}

/// A cluster proposed from string similarity, before or after filtering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AliasProposal {
    pub label: String,
    /// Spellings and how often each is a mention of `label`, most frequent first.
    pub members: Vec<(String, usize)>,
    /// The confirmed cluster this proposal would grow (it holds some of the names), if any.
    pub extends: Option<String>,
}

impl AliasProposal {
    pub fn names(&self) -> Vec<String> {
        self.members.iter().map(|(name, _)| name.clone()).collect()
    }
}

/// Why an alias decision was refused; nothing changed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AliasError {
    #[error("a cluster needs at least two different names")]
    TooFewNames,
    #[error("no confirmed cluster has the id {kb_id}")]
    UnknownCluster { kb_id: String },
    #[error("“{name}” is not in the cluster {kb_id}")]
    NotInCluster { kb_id: String, name: String },
    #[error("“{name}” is already in the cluster {kb_id} and “{other_name}” in {other_kb_id}; split one of them first")]
    InTwoClusters { name: String, kb_id: String, other_name: String, other_kb_id: String },
}

impl Aliases {
    pub fn is_empty(&self) -> bool {
        self.confirmed.is_empty() && self.kept_apart.is_empty()
    }

    /// The confirmed clusters, in the order they were confirmed.
    pub fn confirmed(&self) -> &[AliasCluster] {
        &self.confirmed
    }

    pub fn kept_apart(&self) -> &[KeptApart] {
        &self.kept_apart
    }

    pub fn cluster(&self, kb_id: &str) -> Option<&AliasCluster> {
        self.confirmed.iter().find(|c| c.kb_id == kb_id)
    }

    /// The cluster holding `name` as a mention of `label`.
    pub fn cluster_of(&self, label: &str, name: &str) -> Option<&AliasCluster> {
        self.confirmed.iter().find(|c| c.label == label && c.names.iter().any(|n| n == name))
    }

    /// The `kb_id` a span with this label and text is exported with.
    pub fn kb_id(&self, label: &str, name: &str) -> Option<&str> {
        self.cluster_of(label, name).map(|c| c.kb_id.as_str())
    }

    /// `(label, name)` → `kb_id` for every confirmed name: one lookup per span when exporting.
    pub fn kb_id_index(&self) -> HashMap<(&str, &str), &str> {
        self.confirmed.iter().flat_map(|c| c.names.iter().map(move |n| ((c.label.as_str(), n.as_str()), c.kb_id.as_str()))).collect()
    }

    fn is_kept_apart(&self, label: &str, a: &str, b: &str) -> bool {
        self.kept_apart.binary_search(&KeptApart::new(label, a, b)).is_ok()
    }

    /// Two names that must not share a proposal: kept apart, or in two different clusters.
    fn separated(&self, label: &str, a: &str, b: &str) -> bool {
        if self.is_kept_apart(label, a, b) {
            return true;
        }
        match (self.cluster_of(label, a), self.cluster_of(label, b)) {
            (Some(x), Some(y)) => x.kb_id != y.kb_id,
            _ => false,
        }
    }

    /// What is left to ask the analyst about: each proposal is cut into groups
    /// of names not separated from one another (first fit, most frequent
    /// first); a group of two or more is proposed unless a confirmed cluster
    /// already holds all of it.
    pub fn pending(&self, proposals: Vec<AliasProposal>) -> Vec<AliasProposal> {
        let mut pending = Vec::new();
        for proposal in proposals {
            let label = proposal.label.as_str();
            let mut groups: Vec<Vec<(String, usize)>> = Vec::new();
            for member in proposal.members {
                let fits = |group: &Vec<(String, usize)>| group.iter().all(|(other, _)| !self.separated(label, &member.0, other));
                match groups.iter().position(fits) {
                    Some(i) => groups[i].push(member),
                    None => groups.push(vec![member]),
                }
            }
            for members in groups.into_iter().filter(|g| g.len() > 1) {
                let extends = members.iter().find_map(|(name, _)| self.cluster_of(label, name));
                if let Some(cluster) = extends {
                    if members.iter().all(|(name, _)| cluster.names.contains(name)) {
                        continue; // nothing new: already confirmed
                    }
                }
                pending.push(AliasProposal { label: label.to_string(), extends: extends.map(|c| c.kb_id.clone()), members });
            }
        }
        pending
    }

    /// Confirms `names` as one entity of `label`. Names already in a cluster
    /// of that label make this grow that cluster (its `kb_id` stays, so earlier
    /// exports stay valid); otherwise a new cluster gets the id
    /// `LABEL:first name` (the most frequent, as proposals are ordered), made
    /// unique with `-2`, `-3`, …. Returns the cluster's `kb_id`.
    pub fn confirm(&mut self, label: &str, names: &[String]) -> Result<String, AliasError> {
        let mut unique: Vec<String> = Vec::new();
        for name in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
            if !unique.iter().any(|u| u == name) {
                unique.push(name.to_string());
            }
        }
        let mut holder: Option<(&str, &str)> = None; // (name, kb_id)
        for name in &unique {
            if let Some(cluster) = self.cluster_of(label, name) {
                match holder {
                    Some((other_name, other_kb_id)) if other_kb_id != cluster.kb_id => {
                        return Err(AliasError::InTwoClusters {
                            name: other_name.to_string(),
                            kb_id: other_kb_id.to_string(),
                            other_name: name.clone(),
                            other_kb_id: cluster.kb_id.clone(),
                        })
                    }
                    Some(_) => {}
                    None => holder = Some((name, &cluster.kb_id)),
                }
            }
        }
        let kb_id = match holder.map(|(_, kb_id)| kb_id.to_string()) {
            Some(kb_id) => {
                let cluster =
                    self.confirmed.iter_mut().find(|c| c.kb_id == kb_id).expect("the holder was found among the confirmed clusters");
                for name in unique {
                    if !cluster.names.contains(&name) {
                        cluster.names.push(name);
                    }
                }
                kb_id
            }
            None => {
                if unique.len() < 2 {
                    return Err(AliasError::TooFewNames);
                }
                let wanted = format!("{label}:{}", unique[0]);
                let kb_id = (1u64..)
                    .map(|n| if n == 1 { wanted.clone() } else { format!("{wanted}-{n}") })
                    .find(|id| self.cluster(id).is_none())
                    .unwrap_or(wanted);
                self.confirmed.push(AliasCluster { kb_id: kb_id.clone(), label: label.to_string(), names: unique });
                kb_id
            }
        };
        // What is now one entity is no longer kept apart.
        if let Some(cluster) = self.cluster(&kb_id).cloned() {
            self.kept_apart.retain(|pair| pair.label != cluster.label || !pair.names.iter().all(|n| cluster.names.contains(n)));
        }
        Ok(kb_id)
    }

    /// Takes in a cluster that an imported file's spans carried as `kb_id`s:
    /// the names join the cluster with that id (made if there is none), except
    /// names the analyst already put in another cluster of the label, which
    /// stay where they are. Returns how many names joined.
    pub fn adopt(&mut self, kb_id: &str, label: &str, names: &[String]) -> usize {
        let free: Vec<String> = names.iter().filter(|n| self.cluster_of(label, n).is_none_or(|c| c.kb_id == kb_id)).cloned().collect();
        let cluster = match self.confirmed.iter().position(|c| c.kb_id == kb_id) {
            Some(i) if self.confirmed[i].label == label => &mut self.confirmed[i],
            Some(_) => return 0, // the id names another label's cluster: not ours to merge
            None => {
                self.confirmed.push(AliasCluster { kb_id: kb_id.to_string(), label: label.to_string(), names: Vec::new() });
                self.confirmed.last_mut().expect("just pushed")
            }
        };
        let mut joined = 0;
        for name in free {
            if !cluster.names.contains(&name) {
                cluster.names.push(name);
                joined += 1;
            }
        }
        if cluster.names.is_empty() {
            self.confirmed.pop();
        }
        let names = self.cluster(kb_id).map(|c| c.names.clone()).unwrap_or_default();
        self.kept_apart.retain(|pair| pair.label != label || !pair.names.iter().all(|n| names.contains(n)));
        joined
    }

    /// Records that `name` is not the same entity as any of `others`.
    pub fn keep_apart(&mut self, label: &str, name: &str, others: &[String]) {
        for other in others.iter().filter(|o| o.as_str() != name) {
            let pair = KeptApart::new(label, name, other);
            if let Err(at) = self.kept_apart.binary_search(&pair) {
                self.kept_apart.insert(at, pair);
            }
        }
    }

    /// Dismisses a proposal as a whole: none of its names are one entity.
    pub fn dismiss(&mut self, label: &str, names: &[String]) {
        for (i, name) in names.iter().enumerate() {
            self.keep_apart(label, name, &names[i + 1..]);
        }
    }

    /// Takes `name` out of a confirmed cluster and keeps it apart from the
    /// rest; a cluster left with one name is removed.
    pub fn split(&mut self, kb_id: &str, name: &str) -> Result<(), AliasError> {
        let i = self.index(kb_id)?;
        let cluster = &mut self.confirmed[i];
        let at = cluster
            .names
            .iter()
            .position(|n| n == name)
            .ok_or_else(|| AliasError::NotInCluster { kb_id: kb_id.to_string(), name: name.to_string() })?;
        cluster.names.remove(at);
        let (label, rest) = (cluster.label.clone(), cluster.names.clone());
        if rest.len() < 2 {
            self.confirmed.remove(i);
        }
        self.keep_apart(&label, name, &rest);
        Ok(())
    }

    /// Removes a confirmed cluster: its names are kept apart, so it is not proposed again.
    pub fn remove(&mut self, kb_id: &str) -> Result<AliasCluster, AliasError> {
        let i = self.index(kb_id)?;
        let cluster = self.confirmed.remove(i);
        self.dismiss(&cluster.label, &cluster.names);
        Ok(cluster)
    }

    fn index(&self, kb_id: &str) -> Result<usize, AliasError> {
        self.confirmed.iter().position(|c| c.kb_id == kb_id).ok_or_else(|| AliasError::UnknownCluster { kb_id: kb_id.to_string() })
    }

    /// Follows a label's new name (see `Workspace::rename_label`).
    pub(crate) fn rename_label(&mut self, old: &str, new: &str) {
        for cluster in self.confirmed.iter_mut().filter(|c| c.label == old) {
            cluster.label = new.to_string();
        }
        for pair in self.kept_apart.iter_mut().filter(|p| p.label == old) {
            pair.label = new.to_string();
        }
        self.kept_apart.sort();
    }

    /// What a loaded save must satisfy; the problem in words otherwise.
    pub(crate) fn check(&self) -> Result<(), String> {
        let mut kb_ids = BTreeMap::new();
        let mut holders = BTreeMap::new();
        for cluster in &self.confirmed {
            if cluster.kb_id.trim().is_empty() {
                return Err("a cluster has an empty kb_id".to_string());
            }
            if kb_ids.insert(cluster.kb_id.as_str(), ()).is_some() {
                return Err(format!("two clusters have the kb_id {}", cluster.kb_id));
            }
            let mut names = cluster.names.clone();
            names.sort();
            names.dedup();
            if names.is_empty() || names.len() != cluster.names.len() {
                return Err(format!("the cluster {} needs different names", cluster.kb_id));
            }
            for name in &cluster.names {
                if let Some(other) = holders.insert((cluster.label.as_str(), name.as_str()), &cluster.kb_id) {
                    return Err(format!("“{name}” is in both {other} and {}", cluster.kb_id));
                }
            }
        }
        let mut sorted = self.kept_apart.clone();
        sorted.sort();
        sorted.dedup();
        if sorted != self.kept_apart || sorted.iter().any(|p| p.names[0] >= p.names[1]) {
            return Err("the names kept apart are out of order".to_string());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn proposal(label: &str, members: &[(&str, usize)]) -> AliasProposal {
        AliasProposal { label: label.into(), members: members.iter().map(|(n, c)| (n.to_string(), *c)).collect(), extends: None }
    }

    fn haftar() -> AliasProposal {
        proposal("PERSON", &[("Haftar", 3), ("Hafter", 1), ("Haftarr", 1)])
    }

    #[test]
    fn confirming_gives_a_kb_id_and_hides_the_proposal() {
        let mut aliases = Aliases::default();
        assert_eq!(aliases.pending(vec![haftar()]), vec![haftar()]);
        let kb_id = aliases.confirm("PERSON", &names(&["Haftar", "Hafter", "Haftarr"])).unwrap();
        assert_eq!(kb_id, "PERSON:Haftar");
        assert_eq!(aliases.kb_id("PERSON", "Hafter"), Some("PERSON:Haftar"));
        assert_eq!(aliases.kb_id("ORG", "Hafter"), None, "labels are apart");
        assert!(aliases.pending(vec![haftar()]).is_empty());
        aliases.check().unwrap();
    }

    #[test]
    fn a_new_spelling_of_a_confirmed_name_grows_its_cluster() {
        let mut aliases = Aliases::default();
        aliases.confirm("PERSON", &names(&["Haftar", "Hafter"])).unwrap();
        let pending = aliases.pending(vec![haftar()]);
        assert_eq!(pending.len(), 1);
        assert_eq!(pending[0].extends.as_deref(), Some("PERSON:Haftar"));
        let kb_id = aliases.confirm("PERSON", &pending[0].names()).unwrap();
        assert_eq!(kb_id, "PERSON:Haftar");
        assert_eq!(aliases.confirmed()[0].names, names(&["Haftar", "Hafter", "Haftarr"]));
        assert_eq!(aliases.confirmed().len(), 1);
    }

    #[test]
    fn dropped_and_dismissed_names_are_not_proposed_together_again() {
        let mut aliases = Aliases::default();
        aliases.keep_apart("PERSON", "Haftarr", &names(&["Haftar", "Hafter"]));
        assert_eq!(aliases.pending(vec![haftar()]), vec![proposal("PERSON", &[("Haftar", 3), ("Hafter", 1)])]);
        aliases.dismiss("PERSON", &names(&["Haftar", "Hafter"]));
        assert!(aliases.pending(vec![haftar()]).is_empty());
        // A spelling seen for the first time is still proposed with a dismissed name.
        let later = proposal("PERSON", &[("Haftar", 3), ("Hafter", 1), ("Khaftar", 1)]);
        assert_eq!(aliases.pending(vec![later]), vec![proposal("PERSON", &[("Haftar", 3), ("Khaftar", 1)])]);
        aliases.check().unwrap();
    }

    #[test]
    fn splitting_and_removing_clusters() {
        let mut aliases = Aliases::default();
        aliases.confirm("PERSON", &names(&["Haftar", "Hafter", "Haftarr"])).unwrap();
        aliases.split("PERSON:Haftar", "Haftarr").unwrap();
        assert_eq!(aliases.kb_id("PERSON", "Haftarr"), None);
        assert_eq!(aliases.kb_id("PERSON", "Hafter"), Some("PERSON:Haftar"));
        assert!(aliases.pending(vec![haftar()]).is_empty());
        assert_eq!(
            aliases.split("PERSON:Haftar", "Haftarr"),
            Err(AliasError::NotInCluster { kb_id: "PERSON:Haftar".into(), name: "Haftarr".into() })
        );
        aliases.split("PERSON:Haftar", "Hafter").unwrap();
        assert!(aliases.confirmed().is_empty(), "one name is no cluster");
        assert!(aliases.pending(vec![haftar()]).is_empty());

        aliases.confirm("GPE", &names(&["Misrata", "Misurata"])).unwrap();
        let removed = aliases.remove("GPE:Misrata").unwrap();
        assert_eq!(removed.names, names(&["Misrata", "Misurata"]));
        assert!(aliases.pending(vec![proposal("GPE", &[("Misrata", 2), ("Misurata", 1)])]).is_empty());
        assert!(matches!(aliases.remove("GPE:Misrata"), Err(AliasError::UnknownCluster { .. })));
        aliases.check().unwrap();
    }

    #[test]
    fn confirming_again_undoes_keeping_apart_and_ids_stay_unique() {
        let mut aliases = Aliases::default();
        aliases.dismiss("PERSON", &names(&["Haftar", "Hafter"]));
        aliases.confirm("PERSON", &names(&["Haftar", "Hafter", "Haftarr"])).unwrap();
        assert!(aliases.kept_apart().is_empty());
        // The cluster keeps its id when the name it was named after leaves it,
        // so a new cluster of that name gets another one.
        aliases.split("PERSON:Haftar", "Haftar").unwrap();
        assert_eq!(aliases.kb_id("PERSON", "Hafter"), Some("PERSON:Haftar"));
        let id = aliases.confirm("PERSON", &names(&["Haftar", "Khaftar"])).unwrap();
        assert_eq!(id, "PERSON:Haftar-2");
        assert_eq!(Aliases::default().confirm("PERSON", &names(&["Zubi", " Zubi "])), Err(AliasError::TooFewNames));
        assert!(matches!(aliases.confirm("PERSON", &names(&["Hafter", "Khaftar"])), Err(AliasError::InTwoClusters { .. })));
        aliases.check().unwrap();
    }
}
