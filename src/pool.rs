//! The extractor workers as a pool, as pure bookkeeping (no DOM, no Worker
//! objects, so it is tested natively): which worker each request goes to, and
//! which worker answers become the page's. `hooks/use_worker.rs` starts the
//! workers and carries out what this decides.
//!
//! Worker 0, the *primary*, is the one a single-worker page had: it restores
//! what was learned from IndexedDB, keeps it there, and its answers are the
//! page's. The others (*helpers*) only extract, so a big import uses every core:
//!
//! - `Extract` goes to the least-loaded worker that can take it (the one with
//!   the fewest characters of text still to extract). The primary holds up to
//!   [`EXTRACTIONS_IN_FLIGHT`] requests, a helper [`HELPER_IN_FLIGHT`].
//! - While the analyst is at work (the page calls [`Pool::set_yielding`]
//!   after a key, a click or a scroll), the helpers take no new extraction:
//!   they finish their short queues and leave a core to the page, so the
//!   page answers input as fast as with one worker, and the primary goes on.
//! - What changes what the extractor knows (`Learn`, `AddPatterns`,
//!   `ResetModel`) goes to every worker, so all extract alike; only the
//!   primary's answer becomes an action, and only once every worker has
//!   answered. A worker answers in the order it was asked, so by then every
//!   extraction asked before the change has been answered: the page gets those
//!   answers first, and nothing annotated with the old knowledge arrives after
//!   the page marked the documents to annotate again.
//! - Exports and everything else go to the primary alone.
//! - A helper starts once the primary is ready. When it is ready too, the
//!   primary sends a snapshot of what it knows, the helper takes it (`Follow`),
//!   and changes made meanwhile follow in order; only then does it extract.
//!   A helper never writes IndexedDB (the worker's `follower` flag): one writer.
//!
//! Request ids come from one counter for all workers, so an answer's id
//! names its request whichever worker sent it.

use std::collections::{BTreeSet, HashMap};

use crate::protocol::{Request, Response};
use crate::state::EXTRACTIONS_IN_FLIGHT;

/// The most extraction requests a helper holds at once. A helper must
/// finish what it holds before it leaves the core to the page, so its queue
/// is short (about a tenth of a second of work for news articles), yet
/// longer than the page's batches of answers (`BATCH_MILLIS`), which refill it.
pub const HELPER_IN_FLIGHT: usize = 24;

/// The most extraction workers the page runs. Extraction is the one heavy
/// job (about 31 s of one core for a 5,000-document import) and it splits by
/// document, so a second worker on a second core halves it; the target
/// machines have two cores. More workers would each hold another copy of
/// the model (several MB) and take the core the page itself needs to stay
/// responsive while it applies the answers.
pub const MOST_WORKERS: usize = 2;

/// How many workers to run, given `navigator.hardwareConcurrency` (0 if the
/// browser does not say): one per core, at most [`MOST_WORKERS`], at least one.
pub fn pool_size(hardware_concurrency: f64) -> usize {
    if hardware_concurrency.is_finite() && hardware_concurrency >= 1.0 {
        (hardware_concurrency as usize).min(MOST_WORKERS)
    } else {
        1
    }
}

/// Where a worker is in its life.
#[derive(Debug, Clone, PartialEq)]
enum Member {
    /// Started; its Ready has not come.
    Starting,
    /// A helper that is ready, waiting for the primary's snapshot (request
    /// `snapshot`); changes made meanwhile wait in `queued`, in order.
    Syncing { snapshot: u32, queued: Vec<Request> },
    /// Takes extractions (the primary from its Ready on; a helper once it has the snapshot).
    Active,
    /// Stopped (it could not be brought to the primary's state).
    Gone,
}

/// What the pool asks its owner to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Post `request` to worker `worker`.
    Post { worker: usize, request: Request },
    /// Start another worker (it gets the next index).
    Start,
    /// Stop worker `worker` and say why on the console (the page works on without it).
    Stop { worker: usize, why: String },
    /// A worker answer that becomes the page's (an action, or a batched extraction).
    Answer(Response),
    /// Something for the console only: a helper's failure the primary reports too, or not at all.
    Log(String),
}

/// A request sent to several workers, until each has answered.
#[derive(Debug)]
struct Broadcast {
    waiting: BTreeSet<usize>,
    /// The primary's answers to it, given out once nobody is waiting.
    answers: Vec<Response>,
}

#[derive(Debug)]
pub struct Pool {
    size: usize,
    members: Vec<Member>,
    next_id: u32,
    /// Extraction requests in flight: id → (worker, characters of text).
    extractions: HashMap<u32, (usize, usize)>,
    broadcasts: HashMap<u32, Broadcast>,
    /// `Follow` requests not yet answered: id → helper.
    follows: HashMap<u32, usize>,
    /// The primary's extractor name, to check that a helper runs the same.
    primary_extractor: Option<String>,
    /// The analyst is at work: the helpers take no new extraction.
    yielding: bool,
}

/// The part of an extractor's name that says what it is ("perceptron v2",
/// "baseline"), without the detail in brackets (size, load time, why not).
fn extractor_kind(name: &str) -> &str {
    name.split(" (").next().unwrap_or(name)
}

impl Pool {
    /// A pool that will run `size` workers (see [`pool_size`]); the primary is started by the owner.
    pub fn new(size: usize) -> Pool {
        Pool {
            size: size.max(1),
            members: vec![Member::Starting],
            next_id: 1,
            extractions: HashMap::new(),
            broadcasts: HashMap::new(),
            follows: HashMap::new(),
            primary_extractor: None,
            yielding: false,
        }
    }

    /// A fresh request id, unique for the page's lifetime.
    pub fn next_id(&mut self) -> u32 {
        let id = self.next_id;
        self.next_id = id.checked_add(1).unwrap_or(1);
        id
    }

    /// How many workers take extractions now.
    pub fn extracting(&self) -> usize {
        self.extracting_workers().count()
    }

    /// How many extraction requests the pool takes in flight now: the
    /// primary's and each extracting helper's share.
    pub fn window(&self) -> usize {
        self.extracting_workers().map(Pool::most_held).sum()
    }

    /// While `yielding`, the helpers take no new extraction (see the module's doc).
    pub fn set_yielding(&mut self, yielding: bool) {
        self.yielding = yielding;
    }

    /// The workers that take extractions now: the primary from the start
    /// (before its Ready it answers "still loading", as a single worker did);
    /// a helper once it is active, unless the analyst is at work.
    fn extracting_workers(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.members.len()).filter(|&i| i == 0 || (self.members[i] == Member::Active && !self.yielding))
    }

    /// The most extraction requests `worker` may hold.
    fn most_held(worker: usize) -> usize {
        if worker == 0 {
            EXTRACTIONS_IN_FLIGHT
        } else {
            HELPER_IN_FLIGHT
        }
    }

    /// What `worker` holds: (extraction requests, characters of their text).
    fn holding(&self, worker: usize) -> (usize, usize) {
        self.extractions.values().filter(|(w, _)| *w == worker).fold((0, 0), |(n, total), (_, chars)| (n + 1, total + chars))
    }

    /// Where the request `make` builds around a fresh id goes; returns that id too.
    pub fn send(&mut self, make: impl FnOnce(u32) -> Request) -> (u32, Vec<Effect>) {
        let id = self.next_id();
        let request = make(id);
        let effects = match &request {
            Request::Extract { text, .. } => {
                // The least loaded of those with room; the primary takes what no helper has room for.
                let worker = self
                    .extracting_workers()
                    .map(|i| (i, self.holding(i)))
                    .filter(|&(i, (requests, _))| requests < Pool::most_held(i))
                    .min_by_key(|&(i, (_, chars))| (chars, i))
                    .map_or(0, |(i, _)| i);
                self.extractions.insert(id, (worker, text.len()));
                vec![Effect::Post { worker, request }]
            }
            Request::Learn { .. } | Request::AddPatterns { .. } | Request::ResetModel { .. } => self.broadcast(id, request),
            Request::ExportPatterns { .. } | Request::ExportModel { .. } | Request::Snapshot { .. } | Request::Follow { .. } => {
                vec![Effect::Post { worker: 0, request }]
            }
        };
        (id, effects)
    }

    /// To the primary and every active helper now; to a helper still syncing, after its snapshot.
    fn broadcast(&mut self, id: u32, request: Request) -> Vec<Effect> {
        let mut effects = Vec::new();
        let mut waiting = BTreeSet::new();
        for (worker, member) in self.members.iter_mut().enumerate() {
            match member {
                Member::Syncing { queued, .. } => queued.push(request.clone()),
                Member::Active => {
                    waiting.insert(worker);
                    effects.push(Effect::Post { worker, request: request.clone() });
                }
                Member::Starting if worker == 0 => {
                    waiting.insert(worker);
                    effects.push(Effect::Post { worker, request: request.clone() });
                }
                // A helper still starting gets it in the primary's snapshot; a stopped one, never.
                Member::Starting | Member::Gone => {}
            }
        }
        self.broadcasts.insert(id, Broadcast { waiting, answers: Vec::new() });
        effects
    }

    /// What to do with `response` from worker `from`.
    pub fn receive(&mut self, from: usize, response: Response) -> Vec<Effect> {
        if from >= self.members.len() || self.members[from] == Member::Gone {
            return Vec::new();
        }
        match response {
            Response::Ready { .. } if from == 0 => self.primary_ready(response),
            Response::Ready { extractor, .. } => self.helper_ready(from, &extractor),
            Response::Loading { .. } if from == 0 => vec![Effect::Answer(response)],
            Response::Loading { .. } => Vec::new(),
            Response::Snapshot { id, memory, learned } => self.snapshot(id, memory, learned),
            Response::Following { id, .. } => {
                self.follows.remove(&id);
                Vec::new()
            }
            Response::Extracted { id, .. } => {
                self.extractions.remove(&id);
                vec![Effect::Answer(response)]
            }
            Response::Failed { id: Some(id), .. } if self.extractions.remove(&id).is_some() => vec![Effect::Answer(response)],
            Response::Failed { id: Some(id), message } if self.follows.contains_key(&id) || self.is_snapshot(id) => {
                self.stop_syncing(id, &message)
            }
            Response::Failed { id: None, message } if from != 0 => vec![Effect::Log(format!("extractor helper {from}: {message}"))],
            other => self.answer(from, other),
        }
    }

    /// The primary's Ready is the page's; the helpers start now, so the first document is not slowed by them.
    fn primary_ready(&mut self, response: Response) -> Vec<Effect> {
        let Response::Ready { extractor, .. } = &response else { return Vec::new() };
        let first = self.primary_extractor.replace(extractor.clone()).is_none();
        self.members[0] = Member::Active;
        let mut effects = vec![Effect::Answer(response)];
        if first {
            while self.members.len() < self.size {
                self.members.push(Member::Starting);
                effects.push(Effect::Start);
            }
        }
        effects
    }

    /// A helper is ready: it runs the primary's extractor, or it is stopped; then the primary's snapshot is asked for.
    fn helper_ready(&mut self, from: usize, extractor: &str) -> Vec<Effect> {
        if self.members[from] != Member::Starting {
            return Vec::new();
        }
        let primary = self.primary_extractor.clone().unwrap_or_default();
        if extractor_kind(extractor) != extractor_kind(&primary) {
            self.members[from] = Member::Gone;
            return vec![Effect::Stop { worker: from, why: format!("it runs {extractor}, the primary {primary}") }];
        }
        let (snapshot, effects) = self.send(|id| Request::Snapshot { id });
        self.members[from] = Member::Syncing { snapshot, queued: Vec::new() };
        effects
    }

    fn is_snapshot(&self, id: u32) -> bool {
        self.members.iter().any(|m| matches!(m, Member::Syncing { snapshot, .. } if *snapshot == id))
    }

    /// The primary's snapshot: the helper waiting for it takes it, then the changes made since, and extracts from now on.
    fn snapshot(&mut self, id: u32, memory: String, learned: u32) -> Vec<Effect> {
        let Some(worker) = self.members.iter().position(|m| matches!(m, Member::Syncing { snapshot, .. } if *snapshot == id)) else {
            return Vec::new();
        };
        let Member::Syncing { queued, .. } = std::mem::replace(&mut self.members[worker], Member::Active) else { return Vec::new() };
        let follow = self.next_id();
        self.follows.insert(follow, worker);
        let mut effects = vec![Effect::Post { worker, request: Request::Follow { id: follow, memory, learned } }];
        // Broadcasts from before it was active did not wait for it, and need not: it had nothing to extract.
        effects.extend(queued.into_iter().map(|request| Effect::Post { worker, request }));
        effects
    }

    /// A helper that cannot get the primary's state (its snapshot or taking it failed) is stopped.
    fn stop_syncing(&mut self, id: u32, message: &str) -> Vec<Effect> {
        let worker = match self.follows.remove(&id) {
            Some(worker) => worker,
            None => match self.members.iter().position(|m| matches!(m, Member::Syncing { snapshot, .. } if *snapshot == id)) {
                Some(worker) => worker,
                None => return Vec::new(),
            },
        };
        self.members[worker] = Member::Gone;
        let mut effects = vec![Effect::Stop { worker, why: message.to_string() }];
        // Whatever it was asked to extract goes back to the page as failed, so the page may ask again.
        let lost: Vec<u32> = self.extractions.iter().filter(|(_, (w, _))| *w == worker).map(|(id, _)| *id).collect();
        for id in lost {
            self.extractions.remove(&id);
            effects.push(Effect::Answer(Response::Failed { id: Some(id), message: format!("the extractor helper stopped: {message}") }));
        }
        let done: Vec<u32> =
            self.broadcasts.iter_mut().filter_map(|(id, b)| (b.waiting.remove(&worker) && b.waiting.is_empty()).then_some(*id)).collect();
        for id in done {
            effects.extend(self.broadcasts.remove(&id).into_iter().flat_map(|b| b.answers).map(Effect::Answer));
        }
        effects
    }

    /// An answer to a broadcast waits for every worker's; otherwise the primary's is the page's and a helper's is dropped.
    fn answer(&mut self, from: usize, response: Response) -> Vec<Effect> {
        let Some(id) = response.request() else {
            return if from == 0 { vec![Effect::Answer(response)] } else { Vec::new() };
        };
        let Some(broadcast) = self.broadcasts.get_mut(&id) else {
            // The primary's late word on a finished broadcast (keeping what it learned failed) is still the page's.
            return if from == 0 { vec![Effect::Answer(response)] } else { Vec::new() };
        };
        if from == 0 {
            broadcast.answers.push(response);
        }
        broadcast.waiting.remove(&from);
        if !broadcast.waiting.is_empty() {
            return Vec::new();
        }
        self.broadcasts.remove(&id).map(|b| b.answers.into_iter().map(Effect::Answer).collect()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nomen_core::Document;

    const MODEL: &str = "perceptron v2 (1200 KB, loaded in 80 ms)";

    fn ready(extractor: &str) -> Response {
        Response::Ready { extractor: extractor.into(), learned: 0, remembered: 0 }
    }

    fn posts(effects: &[Effect]) -> Vec<(usize, Request)> {
        effects
            .iter()
            .filter_map(|e| match e {
                Effect::Post { worker, request } => Some((*worker, request.clone())),
                _ => None,
            })
            .collect()
    }

    fn answers(effects: &[Effect]) -> Vec<Response> {
        effects
            .iter()
            .filter_map(|e| match e {
                Effect::Answer(r) => Some(r.clone()),
                _ => None,
            })
            .collect()
    }

    fn extract(pool: &mut Pool, text: &str) -> (u32, usize) {
        let (id, effects) = pool.send(|id| Request::Extract { id, text: text.into() });
        match posts(&effects).as_slice() {
            [(worker, Request::Extract { .. })] => (id, *worker),
            other => panic!("one extraction post, not {other:?}"),
        }
    }

    fn learn(pool: &mut Pool) -> (u32, Vec<Effect>) {
        pool.send(|id| Request::Learn { id, doc: Document::new("Rada said.") })
    }

    /// A pool of two whose helper is active: started, ready, synced.
    fn two_active() -> Pool {
        let mut pool = Pool::new(2);
        assert_eq!(pool.receive(0, ready(MODEL)), vec![Effect::Answer(ready(MODEL)), Effect::Start]);
        let asked = pool.receive(1, ready(MODEL));
        let [(0, Request::Snapshot { id })] = posts(&asked)[..] else { panic!("a snapshot from the primary, not {asked:?}") };
        let synced = pool.receive(0, Response::Snapshot { id, memory: "{}".into(), learned: 0 });
        assert!(matches!(posts(&synced)[..], [(1, Request::Follow { .. })]));
        assert_eq!(pool.extracting(), 2);
        pool
    }

    #[test]
    fn one_worker_per_core_at_most_two_at_least_one() {
        assert_eq!(pool_size(8.0), 2);
        assert_eq!(pool_size(2.0), 2);
        assert_eq!(pool_size(1.0), 1);
        assert_eq!(pool_size(0.0), 1, "a browser that does not say");
        assert_eq!(pool_size(f64::NAN), 1);
    }

    #[test]
    fn everything_goes_to_the_primary_until_a_helper_has_its_state() {
        let mut pool = Pool::new(2);
        assert_eq!(extract(&mut pool, "before ready").1, 0);
        pool.receive(0, ready(MODEL));
        assert_eq!(extract(&mut pool, "helper starting").1, 0);
        pool.receive(1, ready(MODEL));
        assert_eq!(extract(&mut pool, "helper syncing").1, 0, "a helper waiting for the snapshot takes no extraction");
        assert_eq!(pool.extracting(), 1);
    }

    #[test]
    fn extractions_go_to_the_least_loaded_worker_and_ids_are_unique() {
        let mut pool = two_active();
        let (a, first) = extract(&mut pool, "a long text, much longer than the next");
        let (b, second) = extract(&mut pool, "short");
        let (c, third) = extract(&mut pool, "short too");
        assert_eq!((first, second, third), (0, 1, 1), "by characters waiting, not by count");
        assert!(a < b && b < c);
        // Answered: the load goes.
        let effects = pool.receive(0, Response::Extracted { id: a, spans: vec![], millis: 1.0 });
        assert_eq!(answers(&effects).len(), 1);
        assert_eq!(extract(&mut pool, "next").1, 0);
    }

    #[test]
    fn a_helper_holds_fewer_requests_and_the_primary_takes_the_rest() {
        let mut pool = two_active();
        assert_eq!(pool.window(), EXTRACTIONS_IN_FLIGHT + HELPER_IN_FLIGHT);
        let workers: Vec<usize> = (0..pool.window()).map(|_| extract(&mut pool, "same length").1).collect();
        assert_eq!(workers.iter().filter(|&&w| w == 1).count(), HELPER_IN_FLIGHT);
        assert_eq!(workers.iter().filter(|&&w| w == 0).count(), EXTRACTIONS_IN_FLIGHT);
        assert_eq!(workers[..2 * HELPER_IN_FLIGHT].iter().filter(|&&w| w == 1).count(), HELPER_IN_FLIGHT, "shared while both have room");
    }

    #[test]
    fn while_the_analyst_is_at_work_the_helpers_take_nothing_new() {
        let mut pool = two_active();
        let (held, worker) = extract(&mut pool, "a");
        assert_eq!((worker, extract(&mut pool, "b").1), (0, 1));
        pool.set_yielding(true);
        assert_eq!((pool.extracting(), pool.window()), (1, EXTRACTIONS_IN_FLIGHT));
        for text in ["c", "d", "e"] {
            assert_eq!(extract(&mut pool, text).1, 0, "the primary goes on alone");
        }
        // What the helper already holds is still answered, and changes still reach it.
        let (_, effects) = learn(&mut pool);
        assert_eq!(posts(&effects).iter().map(|(w, _)| *w).collect::<Vec<_>>(), vec![0, 1]);
        assert_eq!(answers(&pool.receive(0, Response::Extracted { id: held, spans: vec![], millis: 1.0 })).len(), 1);
        pool.set_yielding(false);
        assert_eq!(pool.extracting(), 2);
        assert_eq!(extract(&mut pool, "f").1, 1, "back to the least loaded");
    }

    #[test]
    fn a_change_reaches_every_worker_and_only_the_primarys_answer_once_both_answered() {
        let mut pool = two_active();
        let (id, effects) = learn(&mut pool);
        assert_eq!(posts(&effects).iter().map(|(w, _)| *w).collect::<Vec<_>>(), vec![0, 1]);
        let learned = |remembered| Response::Learned { id, names: 1, remembered, learned: 1 };
        assert!(pool.receive(0, learned(1)).is_empty(), "waits for the helper");
        assert_eq!(answers(&pool.receive(1, learned(1))), vec![learned(1)], "one Learned, the primary's");
        // The other order: the helper first.
        let (id, _) = pool.send(|id| Request::AddPatterns { id, jsonl: String::new() });
        let added = Response::PatternsAdded { id, added: 1, remembered: 2 };
        assert!(pool.receive(1, added.clone()).is_empty());
        assert_eq!(answers(&pool.receive(0, added.clone())), vec![added]);
    }

    #[test]
    fn a_broadcast_failure_is_shown_once_an_extraction_failure_always() {
        let mut pool = two_active();
        let (id, _) = pool.send(|id| Request::AddPatterns { id, jsonl: "x".into() });
        let failed = Response::Failed { id: Some(id), message: "patterns: line 1".into() };
        assert!(pool.receive(1, failed.clone()).is_empty());
        assert_eq!(answers(&pool.receive(0, failed.clone())), vec![failed]);
        // The helper's extraction failure is the page's, with its id.
        let _ = extract(&mut pool, "long enough to go to the primary first");
        let (id, worker) = extract(&mut pool, "x");
        assert_eq!(worker, 1);
        let failed = Response::Failed { id: Some(id), message: "out of memory".into() };
        assert_eq!(answers(&pool.receive(1, failed.clone())), vec![failed]);
        // A helper's own failure (no request) goes to the console only.
        assert!(matches!(pool.receive(1, Response::Failed { id: None, message: "x".into() })[..], [Effect::Log(_)]));
        // The primary's late failure to keep what it learned is still shown.
        let (id, _) = learn(&mut pool);
        pool.receive(1, Response::Learned { id, names: 1, remembered: 1, learned: 1 });
        pool.receive(0, Response::Learned { id, names: 1, remembered: 1, learned: 1 });
        let late = Response::Failed { id: Some(id), message: "quota".into() };
        assert_eq!(answers(&pool.receive(0, late.clone())), vec![late]);
    }

    #[test]
    fn exports_go_to_the_primary_alone_and_a_helpers_answers_are_not_the_pages() {
        let mut pool = two_active();
        let (id, effects) = pool.send(|id| Request::ExportPatterns { id });
        assert_eq!(posts(&effects).iter().map(|(w, _)| *w).collect::<Vec<_>>(), vec![0]);
        assert!(pool.receive(1, Response::Patterns { id, jsonl: String::new() }).is_empty());
        assert_eq!(answers(&pool.receive(0, Response::Patterns { id, jsonl: String::new() })).len(), 1);
        assert!(pool.receive(1, Response::Loading { loaded: 1.0, total: 2.0 }).is_empty());
        assert!(pool.receive(1, ready(MODEL)).is_empty(), "a helper's Ready is not the page's");
    }

    #[test]
    fn changes_while_a_helper_syncs_follow_its_snapshot_in_order() {
        let mut pool = Pool::new(2);
        pool.receive(0, ready(MODEL));
        let (early, effects) = learn(&mut pool);
        assert_eq!(posts(&effects).len(), 1, "a helper still starting gets it in the snapshot");
        let asked = pool.receive(1, ready(MODEL));
        let [(0, Request::Snapshot { id: snapshot })] = posts(&asked)[..] else { panic!("{asked:?}") };
        let (later, effects) = learn(&mut pool);
        assert_eq!(posts(&effects).len(), 1, "queued for the helper");
        // The primary answers the later change alone: it does not wait for a helper that extracts nothing yet.
        assert_eq!(answers(&pool.receive(0, Response::Learned { id: later, names: 1, remembered: 2, learned: 2 })).len(), 1);
        let synced = pool.receive(0, Response::Snapshot { id: snapshot, memory: "{…}".into(), learned: 1 });
        let sent = posts(&synced);
        assert!(matches!(&sent[..], [(1, Request::Follow { learned: 1, .. }), (1, Request::Learn { id, .. })] if *id == later));
        assert_ne!(early, later);
        // The helper's answer to the queued change is not the page's.
        assert!(pool.receive(1, Response::Learned { id: later, names: 1, remembered: 2, learned: 2 }).is_empty());
    }

    #[test]
    fn a_helper_with_another_extractor_or_no_state_is_stopped() {
        let mut pool = Pool::new(2);
        pool.receive(0, ready(MODEL));
        let stopped = pool.receive(1, ready("baseline (rules) (the trained model could not be loaded: …)"));
        assert!(matches!(stopped[..], [Effect::Stop { worker: 1, .. }]));
        assert_eq!(pool.extracting(), 1);
        assert_eq!(extract(&mut pool, "x").1, 0);

        let mut pool = Pool::new(2);
        pool.receive(0, ready(MODEL));
        let asked = pool.receive(1, ready("perceptron v2 (1200 KB, loaded in 95 ms)"));
        let [(0, Request::Snapshot { id })] = posts(&asked)[..] else { panic!("{asked:?}") };
        let stopped = pool.receive(0, Response::Failed { id: Some(id), message: "no".into() });
        assert!(matches!(stopped[..], [Effect::Stop { worker: 1, .. }]), "{stopped:?}");
        assert!(answers(&stopped).is_empty(), "the page is not told: it works on with one worker");
    }

    #[test]
    fn the_primary_alone_still_waits_for_nothing() {
        let mut pool = Pool::new(1);
        assert_eq!(pool.receive(0, ready(MODEL)), vec![Effect::Answer(ready(MODEL))], "no helper is started");
        let (id, _) = learn(&mut pool);
        let learned = Response::Learned { id, names: 1, remembered: 1, learned: 1 };
        assert_eq!(answers(&pool.receive(0, learned.clone())), vec![learned]);
    }
}
