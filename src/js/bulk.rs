//! `setMeetingStatuses`: many status changes in `batch` requests of 50,
//! one chunk after another, each with its own retries and its own budget.

#[allow(unused_imports)]
use crate::prelude::*;

use js_sys::{Array, Function};
use wasm_bindgen::{JsCast, JsValue};

use super::answer::data;
use super::engine::{self, Call, Flow, Job};
use super::object::Builder;
use crate::batch::{Fate, Plan, MAX_BATCH_COMMANDS};
use crate::error::Bx24Error;
use crate::method::{MeetingStatusSet, Method, MEETING_STATUS_SET};
use crate::retry::Step;

/// The most items one `setMeetingStatuses` call takes (200 `batch`
/// requests); a longer list is refused before anything is read or sent.
pub const MAX_ITEMS: u32 = 10_000;

/// A command not settled yet.
const UNSETTLED: usize = 0;
/// A command that landed.
const LANDED: usize = 1;
/// The first outcome that names an error.
const FAILED: usize = 2;

/// A bulk call in progress.
pub struct Bulk {
    /// Each item's `eventId` and `status` as given, for its result.
    items: Vec<(JsValue, JsValue)>,
    plan: Plan,
    /// Each command's outcome: [`UNSETTLED`], [`LANDED`], or `n` for the
    /// error `errors[n - FAILED]`.
    outcomes: Vec<usize>,
    /// The errors of failed commands: a chunk that failed as a whole keeps
    /// one, each of its items gets its own `Error` object from it.
    errors: Vec<Bx24Error>,
    /// The first command of the next chunk.
    next: usize,
    /// Commands of the current chunk that have not landed yet.
    pending: Vec<usize>,
    /// The caller's `onProgress` function; `undefined` or `null` when none.
    on_progress: JsValue,
    /// The caller's `AbortSignal`; `undefined` or `null` when none.
    signal: JsValue,
}

impl Bulk {
    /// Reads a caller's `items` argument, an array of at most
    /// [`MAX_ITEMS`] `{eventId, status}`, checks each item as it is read,
    /// and plans the call. Every read is caught; a throw refuses the call.
    pub fn read(
        method: &'static str,
        items: &JsValue,
        on_progress: JsValue,
        signal: JsValue,
    ) -> Result<Box<Self>, Bx24Error> {
        use super::read::{get, input, input_text_first, length, thrown_message, unreadable};
        let expected = "an array of { eventId, status }";
        match super::ffi::is_array(items) {
            Ok(true) => {}
            Ok(false) => return Err(Bx24Error::invalid_option(method, "items", expected)),
            Err(thrown) => return Err(unreadable(method, "items", &thrown)),
        }
        let count = length(items, MAX_ITEMS).map_err(|why| {
            Bx24Error::unreadable(
                method,
                "items",
                &crate::text::cat(&[&why, "; send at most 10000 items per call"]),
            )
        })?;
        // Each item's `eventId` and `status` as given, and each item checked.
        let mut given = Vec::with_capacity(count as usize);
        let mut checked = Vec::with_capacity(count as usize);
        for i in 0..count {
            let at = |thrown: JsValue| {
                Bx24Error::unreadable(
                    method,
                    "items",
                    &crate::text::cat(&[
                        "reading item ",
                        &crate::text::uint(u64::from(i)),
                        " threw ",
                        &thrown_message(&thrown),
                    ]),
                )
            };
            let read_item = || -> Result<(JsValue, JsValue), JsValue> {
                let item = js_sys::Reflect::get_u32(items, i)?;
                Ok((get(&item, "eventId")?, get(&item, "status")?))
            };
            let (event_id, status) = read_item().map_err(at)?;
            // Reading an `Input` runs no code of the caller's: checking
            // here or after every item is read is the same.
            checked.push(crate::validate::check_set_status_params(
                &input(&event_id),
                &input_text_first(&status),
            ));
            given.push((event_id, status));
        }
        let plan = crate::batch::plan(&checked);
        let outcomes = vec![UNSETTLED; plan.commands.len()];
        Ok(crate::boxed::boxed(Bulk {
            items: given,
            plan,
            outcomes,
            errors: Vec::new(),
            next: 0,
            pending: Vec::new(),
            on_progress,
            signal,
        }))
    }

    /// Moves to the next chunk; `false` when every command has been sent
    /// or the caller aborted.
    pub fn begin_chunk(&mut self) -> bool {
        if self.next >= self.plan.commands.len() || self.aborted() {
            return false;
        }
        let end = (self.next + MAX_BATCH_COMMANDS).min(self.plan.commands.len());
        self.pending.clear();
        for command in self.next..end {
            self.pending.push(command);
        }
        self.next = end;
        true
    }

    /// How many commands the request in flight carries.
    pub fn in_flight(&self) -> usize {
        self.pending.len()
    }

    /// The `[method, params]` pairs of the commands in flight: the call
    /// shape of `BX24.callBatch`. `Err` as [`super::api::params`].
    pub fn calls(&self) -> Result<Array, JsValue> {
        let calls = Array::new();
        let name = JsValue::from_str(MEETING_STATUS_SET);
        for p in self
            .pending
            .iter()
            .filter_map(|&c| self.plan.commands.get(c))
        {
            let params = super::api::params(p.event_id, Some(p.status))?;
            calls.push(&Array::of2(&name, &params));
        }
        Ok(calls)
    }

    /// The commands in flight, for transports that send query strings.
    #[cfg(feature = "full")]
    pub fn commands(&self) -> Vec<crate::validate::SetStatusParams> {
        self.pending
            .iter()
            .filter_map(|&c| self.plan.commands.get(c).copied())
            .collect()
    }

    fn aborted(&self) -> bool {
        // A signal whose `aborted` cannot be read counts as aborted: stop
        // sending rather than guess. No signal has no `aborted`.
        super::read::get(&self.signal, "aborted").map_or(true, |a| a.is_truthy())
    }

    fn done(&self) -> usize {
        let landed = self.outcomes.iter().filter(|&&o| o != UNSETTLED).count();
        // Every item but the one command per sent event was settled up
        // front (invalid or superseded).
        let up_front = self.items.len() - self.plan.commands.len();
        landed + up_front
    }

    fn report(&self) {
        if let Some(callback) = self.on_progress.dyn_ref::<Function>() {
            let progress = Builder::new()
                .number("done", self.done() as f64)
                .number("total", self.items.len() as f64)
                .build();
            // A throwing progress callback must not lose the results.
            let _ = callback.call1(&JsValue::UNDEFINED, &progress);
        }
    }

    /// Records a command's outcome.
    fn settle(&mut self, command: usize, outcome: usize) {
        if let Some(o) = self.outcomes.get_mut(command) {
            *o = outcome;
        }
    }

    /// One result per item, in input order.
    pub fn results(&self) -> JsValue {
        let results = Array::new();
        for (index, fate) in self.plan.fates.iter().enumerate() {
            let command = match *fate {
                Fate::Sent(c) => self.plan.commands.get(c),
                _ => None,
            };
            // A sent item shows what was sent; any other, what was given.
            let result = match (command, self.items.get(index)) {
                (Some(p), _) => Builder::new()
                    .number("eventId", p.event_id as f64)
                    .set("status", &super::api::code(p.status)),
                (None, Some((event_id, status))) => Builder::new()
                    .set("eventId", event_id)
                    .set("status", status),
                (None, None) => Builder::new(),
            };
            let made;
            let error = match *fate {
                Fate::Invalid(refusal) => {
                    made = refusal.error(MEETING_STATUS_SET);
                    Some(&made)
                }
                Fate::Superseded(by) => {
                    made = Bx24Error::superseded(MEETING_STATUS_SET, by);
                    Some(&made)
                }
                Fate::Sent(c) => match self.outcomes.get(c).copied().unwrap_or(UNSETTLED) {
                    LANDED => None,
                    n => match self.errors.get(n.wrapping_sub(FAILED)) {
                        Some(error) => Some(error),
                        // Not settled (or, which cannot happen, an error
                        // that is not in the list): never reported as ok.
                        None => {
                            made = Bx24Error::aborted(MEETING_STATUS_SET);
                            Some(&made)
                        }
                    },
                },
            };
            let result = result.set("ok", &JsValue::from_bool(error.is_none()));
            let result = match error {
                None => result,
                Some(error) => result.set("error", &super::object::error(error)),
            };
            results.push(&result.build());
        }
        results.into()
    }
}

/// The answers to the chunk in flight, one per command: the items that
/// landed are done, those that failed for a retryable reason go again,
/// the rest fail.
pub fn delivered(call: &mut Call, answers: Vec<Result<JsValue, Bx24Error>>) -> Flow {
    let Job::Bulk(bulk) = &mut call.job else {
        return Flow::Park;
    };
    // Each answer is read once: moved out of the list, not copied.
    let mut answers = answers.into_iter();
    // The commands that go again are kept at the front of `pending`.
    let mut kept = 0;
    let mut next = Step::GiveUp;
    let mut retry_error = None;
    for i in 0..bulk.pending.len() {
        let Some(&command) = bulk.pending.get(i) else {
            break;
        };
        let answer = answers.next().unwrap_or_else(|| {
            Err(Bx24Error::unexpected_answer(
                MEETING_STATUS_SET,
                "one answer per batch command",
                "fewer answers",
            ))
        });
        let outcome = match answer.and_then(|d| MeetingStatusSet::decode(&data(&d))) {
            Ok(()) => LANDED,
            Err(mut error) => {
                let step = engine::decide_for(
                    &call.client,
                    call.retries,
                    call.refreshed,
                    call.sent_generation,
                    &error,
                );
                if step != Step::GiveUp {
                    if let Some(slot) = bulk.pending.get_mut(kept) {
                        *slot = command;
                    }
                    kept += 1;
                    next = merge(next, step);
                    retry_error.get_or_insert(error);
                    continue;
                }
                engine::stamp(call.attempts, &mut error);
                let outcome = FAILED + bulk.errors.len();
                bulk.errors.push(error);
                outcome
            }
        };
        bulk.settle(command, outcome);
    }
    bulk.pending.truncate(kept);
    match retry_error {
        Some(error) => engine::follow(call, next, error),
        None => chunk_done(call),
    }
}

/// The items in flight failed for good with `error`; the next chunk goes on.
pub fn chunk_failed(call: &mut Call, mut error: Bx24Error) -> Flow {
    call.stamp_attempts(&mut error);
    if let Job::Bulk(bulk) = &mut call.job {
        let shared = bulk.errors.len();
        for command in core::mem::take(&mut bulk.pending) {
            bulk.settle(command, FAILED + shared);
        }
        bulk.errors.push(error);
    }
    chunk_done(call)
}

/// The chunk is over: report progress, then send the next one or settle.
fn chunk_done(call: &mut Call) -> Flow {
    let Job::Bulk(bulk) = &mut call.job else {
        return Flow::Park;
    };
    bulk.report();
    if bulk.begin_chunk() {
        call.restart();
        Flow::Send
    } else {
        Flow::Settle(Ok(bulk.results()))
    }
}

/// The step that satisfies every item: a refresh first, else the longest wait.
fn merge(a: Step, b: Step) -> Step {
    match (a, b) {
        (Step::Refresh, _) | (_, Step::Refresh) => Step::Refresh,
        (Step::GiveUp, other) | (other, Step::GiveUp) => other,
        (
            Step::RetryAfter {
                wait_ms: x,
                saturate: s,
            },
            Step::RetryAfter {
                wait_ms: y,
                saturate: t,
            },
        ) => Step::RetryAfter {
            wait_ms: x.max(y),
            saturate: s || t,
        },
    }
}
