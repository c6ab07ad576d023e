//! The table of pending calls, and the one driver every call goes through.
//!
//! A call is a row in a table, not a future: its promise's `resolve` and
//! `reject`, what it is doing ([`State`]) and when the shared timer should
//! look at it again (`wake`). Answers come back through the module's one
//! callback entry, bound per request to the call's id and the request's
//! number (`Function.prototype.bind`), so no closure is created per call;
//! one `setTimeout`, armed for the earliest `wake` of all calls, serves
//! every deadline. A call answered synchronously and successfully arms no
//! timer, and reads no clock unless the rate limit is on (the bucket reads
//! it at every send).
//!
//! The driver takes a call out of its row while it works on it and puts it
//! back before returning, so no borrow of the table is ever held while
//! JavaScript runs: an answer that arrives synchronously, from inside
//! `BX24.callMethod`, is parked in the row and handled right after.

#[allow(unused_imports)]
use crate::prelude::*;

use core::cell::RefCell;

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;

use super::bulk::{self, Bulk};
use super::callback;
#[cfg(feature = "full")]
use super::client::Client;
use super::client::{Readiness, Shared};
use super::ffi;
use super::timer;
use crate::error::{codes, Bx24Error, ErrorKind};
use crate::method::{MeetingStatusGet, MeetingStatusSet, Method};
use crate::retry::{next_step, Step};

/// The most calls that may wait at once; a call beyond it is refused
/// (`TOO_MANY_CALLS`) instead of growing the table without bound.
pub const MAX_PENDING_CALLS: usize = 100_000;

/// Extra wait after the bucket says there is room: timers may fire a
/// little early.
const BUCKET_SLACK_MS: f64 = 10.0;

/// How a call's `result` becomes what its promise resolves to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Read {
    /// `calendar.meeting.status.set`: `true`.
    SetStatus,
    /// `calendar.meeting.status.get`: `'Y' | 'N' | 'Q' | 'H'`.
    GetStatus,
    /// `calendar.event.get.nearest`: a list of meetings.
    Nearest,
}

/// One REST method call.
pub struct Single {
    /// The method: the one `read` reads the answer of.
    pub method: &'static str,
    /// The checked params object.
    pub params: JsValue,
    /// How to read the answer.
    pub read: Read,
}

/// What a call does.
pub enum Job {
    /// One request (with its retries).
    Single(Single),
    /// `setMeetingStatuses`: `batch` requests of 50.
    Bulk(Box<Bulk>),
}

impl Job {
    /// The REST method, for errors.
    pub fn method(&self) -> &'static str {
        match self {
            Job::Single(s) => s.method,
            Job::Bulk(_) => crate::method::MEETING_STATUS_SET,
        }
    }
}

/// Where a call stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// About to send (or to wait for what sending needs).
    Ready,
    /// Waiting for `BX24.init` to call back.
    Init,
    /// Waiting for room in the client's leaky bucket.
    Bucket,
    /// Waiting before a retry.
    Sleep,
    /// Sent; waiting for the answer.
    InFlight,
    /// Waiting for a token refresh.
    Refresh,
}

/// What came back for a request.
pub enum Delivery {
    /// A single call's `result`, or its error.
    One(Result<JsValue, Bx24Error>),
    /// A `batch`: one `result` or error per command, or an error for the
    /// whole request.
    Many(Result<Vec<Result<JsValue, Bx24Error>>, Bx24Error>),
}

/// What the driver does next with a call.
pub enum Flow {
    /// Put it back in its row and wait for an event.
    Park,
    /// Send its request (or wait for what sending needs).
    Send,
    /// Settle its promise and free the row.
    Settle(Result<JsValue, Bx24Error>),
}

/// A pending call.
pub struct Call {
    /// The client it runs on (transport, settings, bucket).
    pub client: Shared,
    resolve: Function,
    reject: Function,
    /// What it does.
    pub job: Job,
    /// Its REST method (`job.method()`, read once), for errors.
    pub method: &'static str,
    /// Where it stands.
    pub state: State,
    /// When the timer should look at it again (ms on [`timer::now`]'s
    /// clock); NaN while in flight before the first clock read.
    pub wake: f64,
    /// When its current budget ends (NaN: the clock was not needed yet):
    /// [`Client::budget_ms`](super::client::Client::budget_ms) after it
    /// started, plus how late the host ran its timers for this call, so that
    /// a busy page does not cost the call attempts.
    pub deadline: f64,
    /// When the request about to be sent, or in flight, must be answered
    /// by, once the clock has been read for it (infinite until then, and
    /// again once its answer came or it timed out): the time spent waiting
    /// for `BX24.init` comes out of the first request's timeout.
    pub answer_by: f64,
    /// Per-request timeout.
    pub timeout_ms: u32,
    /// Retries done in the current budget.
    pub retries: u32,
    /// Whether the token was refreshed in the current budget.
    pub refreshed: bool,
    /// Requests sent in the current budget.
    pub attempts: u32,
    /// The client's refresh generation when the last request left.
    pub sent_generation: u32,
    /// Which request is in flight: answers to earlier ones are ignored.
    pub request: u32,
}

impl Call {
    /// Starts the budget at `now` if it has not started yet.
    pub fn start_at(&mut self, now: f64) {
        if self.deadline.is_nan() {
            self.deadline = now + self.client.budget_ms(self.timeout_ms);
        }
    }

    /// Gives `error` the number of requests this call sent (see [`stamp`]).
    pub fn stamp_attempts(&self, error: &mut Bx24Error) {
        stamp(self.attempts, error);
    }

    /// Starts a new budget (a bulk call's next chunk).
    pub fn restart(&mut self) {
        self.deadline = f64::NAN;
        self.answer_by = f64::INFINITY;
        self.retries = 0;
        self.refreshed = false;
        self.attempts = 0;
        self.state = State::Ready;
    }

    fn settle(self, result: Result<JsValue, Bx24Error>) {
        // `resolve` and `reject` of a promise this module made cannot throw.
        let (end, value) = match result {
            Ok(value) => (&self.resolve, value),
            Err(error) => (&self.reject, error.into()),
        };
        end.unchecked_ref::<ffi::Own>()
            .call(&JsValue::UNDEFINED, &value);
    }
}

/// Gives `error` `attempts`, the number of requests a call sent, unless it
/// says 0: an error from before anything was sent stays at 0.
pub fn stamp(attempts: u32, error: &mut Bx24Error) {
    if error.attempts != 0 {
        error.attempts = attempts;
    }
}

/// A row of the table.
enum Slot {
    /// Free; holds the next free row (its index + 1; 0: none).
    Free(u32),
    /// Waiting for an event.
    Used(Box<Call>),
    /// Taken out by the driver; holds an answer (with its request number)
    /// that arrived meanwhile.
    Busy(Option<(u32, JsValue)>),
}

/// The rows; a call's id is its row's index. A row is used again once its
/// call settles (the last one freed first): an answer that comes after
/// that carries a request number no call in flight has, and is ignored.
struct Table {
    slots: Vec<Slot>,
    /// The first free row (its index + 1; 0: none), which links the next.
    free: u32,
    used: usize,
}

global! {
    static TABLE: RefCell<Table> = const {
        RefCell::new(Table {
            slots: Vec::new(),
            free: 0,
            used: 0,
        })
    };
}

/// Runs `job` on `client` and gives the promise of its result.
pub fn start(client: Shared, job: Job, timeout_ms: u32) -> Promise {
    // The executor runs synchronously, inside `new Promise`.
    let promise = callback::promise();
    let Some((resolve, reject)) = ENDS.with_borrow_mut(Option::take) else {
        return promise;
    };
    let call = crate::boxed::boxed(Call {
        client,
        resolve,
        reject,
        method: job.method(),
        job,
        state: State::Ready,
        wake: f64::INFINITY,
        deadline: f64::NAN,
        answer_by: f64::INFINITY,
        timeout_ms,
        retries: 0,
        refreshed: false,
        attempts: 0,
        sent_generation: 0,
        request: 0,
    });
    match insert() {
        Some(id) => run(id, call, Flow::Send),
        None => {
            let mut error = Bx24Error::transport(
                call.method,
                "more than 100000 calls are already waiting; wait for some to settle",
            );
            error.code.clear();
            error.code.push_str(codes::TOO_MANY_CALLS);
            error.attempts = 0;
            call.settle(Err(error))
        }
    }
    promise
}

global! {
    /// The `resolve` and `reject` of the promise being made.
    static ENDS: RefCell<Option<(Function, Function)>> = const { RefCell::new(None) };
}

/// The executor of the promise [`start`] is making ran.
pub fn executed(resolve: Function, reject: Function) {
    ENDS.with_borrow_mut(|ends| *ends = Some((resolve, reject)));
}

/// A new row, taken (`Busy`) for the caller; `None` when the table is full.
fn insert() -> Option<f64> {
    TABLE.with_borrow_mut(|t| {
        if t.used >= MAX_PENDING_CALLS {
            return None;
        }
        t.used += 1;
        // The first free row, if the list holds one (it always does: a
        // row is freed once per call; a list that did not would be dropped
        // rather than a row in use handed out again).
        let free = t.free.checked_sub(1).and_then(|index| {
            let slot = t.slots.get_mut(index as usize)?;
            let Slot::Free(next) = *slot else {
                return None;
            };
            t.free = next;
            *slot = Slot::Busy(None);
            Some(index)
        });
        if free.is_none() {
            t.free = 0;
        }
        let index = match free {
            Some(index) => index,
            None => {
                t.slots.push(Slot::Busy(None));
                (t.slots.len() - 1) as u32
            }
        };
        Some(f64::from(index))
    })
}

/// Takes call `id` out of its row, if it is waiting there.
#[cfg(feature = "full")]
fn take(id: f64) -> Option<Box<Call>> {
    TABLE.with_borrow_mut(|t| match t.slots.get_mut(id as usize) {
        Some(slot @ Slot::Used(_)) => take_out(slot, None),
        _ => None,
    })
}

/// Puts `call` back; gives it back with an answer (and its request
/// number) that arrived while it was out, if one did.
fn park(id: f64, mut call: Box<Call>) -> Option<(Box<Call>, u32, JsValue)> {
    let index = id as usize;
    let early = TABLE.with_borrow_mut(|t| match t.slots.get_mut(index) {
        Some(Slot::Busy(early)) => early.take(),
        _ => None,
    });
    if let Some((request, answer)) = early {
        return Some((call, request, answer));
    }
    if call.state == State::InFlight && call.wake.is_nan() {
        // The answer did not come synchronously: now the clock is needed,
        // unless it was read while sending (then `answer_by` is set).
        if call.answer_by == f64::INFINITY {
            let now = timer::now();
            call.start_at(now);
            call.answer_by = now + f64::from(call.timeout_ms);
        }
        call.wake = call.answer_by.min(call.deadline);
        call.answer_by = f64::INFINITY;
    }
    let wake = call.wake;
    TABLE.with_borrow_mut(|t| {
        if let Some(slot) = t.slots.get_mut(index) {
            *slot = Slot::Used(call);
        }
    });
    timer::arm(wake);
    None
}

/// Takes the call out of `slot` (`Used`), leaving it `Busy` with `early`.
fn take_out(slot: &mut Slot, early: Option<(u32, JsValue)>) -> Option<Box<Call>> {
    match core::mem::replace(slot, Slot::Busy(early)) {
        Slot::Used(call) => Some(call),
        _ => None,
    }
}

/// Frees row `id`.
fn release(id: f64) {
    let empty = TABLE.with_borrow_mut(|t| {
        if let Some(slot) = t.slots.get_mut(id as usize) {
            *slot = Slot::Free(t.free);
            t.free = id as u32 + 1;
            t.used = t.used.saturating_sub(1);
        }
        t.used == 0
    });
    if empty {
        // Nothing left to time: let the page (or Node) go idle.
        timer::disarm();
    }
}

/// Every call waiting in the table for which `pick` holds, row by row,
/// goes on with `then`: each is taken out of its row when its turn comes
/// (`pick` is asked then, so a call that an earlier one's turn changed is
/// judged as it is now), and no borrow of the table is held while it runs.
/// Gives the earliest `wake` of the calls not picked.
pub fn wake_all(pick: &dyn Fn(&Call) -> bool, then: &dyn Fn(&mut Call) -> Flow) -> f64 {
    let mut index = 0;
    let mut next = f64::INFINITY;
    loop {
        let found = TABLE.with_borrow_mut(|t| {
            while let Some(slot) = t.slots.get_mut(index) {
                index += 1;
                if let Slot::Used(call) = slot {
                    if !pick(call) {
                        next = next.min(call.wake);
                        continue;
                    }
                    if let Some(call) = take_out(slot, None) {
                        return Some(((index - 1) as f64, call));
                    }
                }
            }
            None
        });
        let Some((id, mut call)) = found else {
            return next;
        };
        let flow = then(&mut call);
        run(id, call, flow);
    }
}

/// The shared timer fired at `now`: handles every call whose time has
/// come, then arms the timer for the next one.
pub fn tick(now: f64) {
    // 1 ms early counts: timers and clocks round differently.
    let next = wake_all(&|call| call.wake <= now + 1.0, &|call| {
        let late = now - call.wake;
        // Not when the clock could not be read (`now` infinite).
        if late > 0.0 && late < f64::INFINITY {
            call.deadline += late;
        }
        due(call)
    });
    timer::arm(next);
}

/// BX24 called back with the answer to request `request` of call `id`.
pub fn answer(id: f64, request: u32, argument: JsValue) {
    let waiting = TABLE.with_borrow_mut(|t| match t.slots.get_mut(id as usize) {
        Some(slot) => match slot {
            // Synchronous (or nested) answer: the driver picks it up. Of
            // two, the one to the later request is kept (the other is a
            // duplicate, or stale).
            Slot::Busy(early) => {
                if early
                    .as_ref()
                    .is_none_or(|(kept, _)| crate::request::later(request, *kept))
                {
                    *early = Some((request, argument));
                }
                None
            }
            // Taken out with the answer left in its row, where the driver
            // finds it as it would a synchronous one.
            Slot::Used(_) => take_out(slot, Some((request, argument))),
            Slot::Free(_) => None,
        },
        _ => None,
    });
    if let Some(call) = waiting {
        run(id, call, Flow::Park);
    }
}

/// Reads BX24's answer `argument` to request `request`, if that is the
/// request in flight (a late, duplicate or timed-out one is ignored).
fn answered(call: &mut Call, request: u32, argument: JsValue) -> Flow {
    if call.request != request || call.state != State::InFlight {
        return Flow::Park;
    }
    let delivery = super::bx24::delivery(&call.job, argument);
    delivered(call, delivery)
}

/// A transport that reads its own answers (fetch, SDK) delivers the
/// answer to request `attempt` of call `id`.
#[cfg(feature = "full")]
pub fn deliver(id: f64, attempt: u32, delivery: Delivery) {
    if let Some(mut call) = take(id) {
        let flow = if call.state == State::InFlight && call.request == attempt {
            delivered(&mut call, delivery)
        } else {
            Flow::Park
        };
        run(id, call, flow);
    }
}

/// For [`wake_all`]: the call sends (again).
pub fn resend(_: &mut Call) -> Flow {
    Flow::Send
}

/// A token refresh ended: every call waiting for one on a client that
/// `pick` accepts goes on (or fails with the refresh's error).
#[cfg(feature = "full")]
pub fn refreshed(pick: &dyn Fn(&Client) -> bool, outcome: Result<(), Bx24Error>) {
    wake_all(
        &|call| call.state == State::Refresh && pick(&call.client),
        &|call| match &outcome {
            Ok(()) => Flow::Send,
            Err(error) => failed(call, error.clone()),
        },
    );
}

/// Drives call `id` until it waits or settles.
fn run(id: f64, mut call: Box<Call>, mut flow: Flow) {
    loop {
        flow = match flow {
            Flow::Send => send(id, &mut call),
            Flow::Park => match park(id, call) {
                Some((back, request, answer)) => {
                    call = back;
                    answered(&mut call, request, answer)
                }
                None => return,
            },
            Flow::Settle(result) => {
                release(id);
                call.settle(result);
                return;
            }
        }
    }
}

/// The call's `wake` time came.
fn due(call: &mut Call) -> Flow {
    let what = match call.state {
        State::Init => {
            super::bx24::init_abandoned();
            "BX24.init did not call back"
        }
        State::InFlight => call.client.silent_what(),
        State::Refresh => {
            // Whoever asks next starts a new refresh.
            call.client.refresh_abandoned();
            "the token refresh did not finish"
        }
        State::Bucket | State::Sleep | State::Ready => return Flow::Send,
    };
    let mut error = Bx24Error::timeout(call.method, call.timeout_ms, what);
    if call.state == State::Refresh {
        return failed(call, error);
    }
    if call.state == State::Init {
        // Nothing was sent: 0 attempts, and no retry.
        error.attempts = 0;
    }
    retry(call, error)
}

/// Sends the call's request, or waits for what sending needs.
fn send(id: f64, call: &mut Call) -> Flow {
    call.wake = f64::INFINITY;
    let handle = match call.client.ready(call.method) {
        Err(error) => return failed(call, error),
        Ok(Readiness::Wait) => {
            let now = timer::now();
            call.start_at(now);
            call.state = State::Init;
            // Init counts in the first request's timeout, and only once.
            call.answer_by = call.answer_by.min(now + f64::from(call.timeout_ms));
            call.wake = call.answer_by.min(call.deadline);
            return Flow::Park;
        }
        Ok(Readiness::Ready(handle)) => handle,
    };
    if call.client.is_rate_limited() {
        let now = timer::now();
        call.start_at(now);
        if let Err(wait_ms) = call.client.acquire(now) {
            let until = now + wait_ms + BUCKET_SLACK_MS;
            if until > call.deadline {
                let error = Bx24Error::wait_too_long(
                    call.method,
                    codes::QUERY_LIMIT_EXCEEDED,
                    wait_ms,
                    call.deadline - now,
                    call.attempts,
                );
                return failed(call, error);
            }
            call.state = State::Bucket;
            call.wake = until;
            // The request's own timeout starts when it leaves the bucket.
            call.answer_by = f64::INFINITY;
            return Flow::Park;
        }
        call.answer_by = call.answer_by.min(now + f64::from(call.timeout_ms));
    }
    call.state = State::InFlight;
    call.wake = f64::NAN;
    call.attempts += 1;
    call.request = callback::next_request();
    call.sent_generation = call.client.refresh_generation();
    match call.client.dispatch(id, call, &handle) {
        Ok(()) => Flow::Park,
        Err(error) => {
            call.answer_by = f64::INFINITY;
            retry(call, error)
        }
    }
}

/// An answer for the request in flight.
fn delivered(call: &mut Call, delivery: Delivery) -> Flow {
    // That request's timeout is over; the next one gets its own (an answer
    // from inside `callMethod` never reached `park`, which clears it too).
    call.answer_by = f64::INFINITY;
    match delivery {
        Delivery::One(result) => match result.and_then(|data| decode(call, &data)) {
            Ok(value) => Flow::Settle(Ok(value)),
            Err(error) => retry(call, error),
        },
        Delivery::Many(Ok(answers)) => bulk::delivered(call, answers),
        // A whole-request error (a 401, expired_token, a rate limit) is
        // every item's error: retried, refreshed or failed like a single
        // call's.
        Delivery::Many(Err(error)) => retry(call, error),
    }
}

/// The request in flight failed with `error`: tries again if that can
/// help, or fails.
fn retry(call: &mut Call, error: Bx24Error) -> Flow {
    let step = decide(call, &error);
    follow(call, step, error)
}

/// The call failed for good with `error` (for a bulk call: the items in
/// flight did, and the next chunk goes on).
pub fn failed(call: &mut Call, mut error: Bx24Error) -> Flow {
    match call.job {
        Job::Single(_) => {
            call.stamp_attempts(&mut error);
            Flow::Settle(Err(error))
        }
        Job::Bulk(_) => bulk::chunk_failed(call, error),
    }
}

/// Reads a single call's `result`.
fn decode(call: &Call, data: &JsValue) -> Result<JsValue, Bx24Error> {
    let Job::Single(single) = &call.job else {
        return Ok(JsValue::UNDEFINED);
    };
    if single.read == Read::Nearest {
        return super::answer::meetings(single.method, data);
    }
    // One reading of `result` for the two methods that answer a value.
    let data = super::answer::data(data);
    if single.read == Read::SetStatus {
        MeetingStatusSet::decode(&data).map(|()| JsValue::TRUE)
    } else {
        MeetingStatusGet::decode(&data).map(|status| JsValue::from_str(status.code()))
    }
}

/// The next step after `error`, for the call's retry state.
#[inline(never)]
pub fn decide(call: &Call, error: &Bx24Error) -> Step {
    decide_for(
        &call.client,
        call.retries,
        call.refreshed,
        call.sent_generation,
        error,
    )
}

/// [`decide`], from the call's fields (for a caller that holds its job).
pub fn decide_for(
    client: &Shared,
    retries: u32,
    refreshed: bool,
    sent_generation: u32,
    error: &Bx24Error,
) -> Step {
    let step = next_step(
        &client.config().retry,
        error,
        retries,
        refreshed,
        ffi::random().unwrap_or(0.5),
        ffi::date_now().unwrap_or(0.0) / 1000.0,
    );
    // Another call refreshed the token since this request left: resend
    // with the new one instead of refreshing again.
    if step == Step::Refresh && client.refresh_generation() != sent_generation {
        return Step::RetryAfter {
            wait_ms: 0,
            saturate: false,
        };
    }
    step
}

/// Carries out a retry `step` for `error`: waits, fills the bucket, or
/// refreshes the token. The call fails instead (see [`failed`]) when the
/// step is to give up, the refresh could not start, or the wait would end
/// after the call's limit.
pub fn follow(call: &mut Call, step: Step, error: Bx24Error) -> Flow {
    match try_follow(call, step, error) {
        Ok(flow) => flow,
        Err(error) => failed(call, error),
    }
}

fn try_follow(call: &mut Call, step: Step, error: Bx24Error) -> Result<Flow, Bx24Error> {
    if step == Step::GiveUp {
        return Err(error);
    }
    let now = timer::now();
    call.start_at(now);
    let Step::RetryAfter { wait_ms, saturate } = step else {
        // `Step::Refresh`.
        call.refreshed = true;
        if super::client::refresh(&call.client, call.method)? {
            return Ok(Flow::Send);
        }
        call.state = State::Refresh;
        call.wake = (now + f64::from(call.timeout_ms)).min(call.deadline);
        return Ok(Flow::Park);
    };
    if saturate {
        call.client.saturate(now);
    }
    call.retries += 1;
    let until = now + f64::from(wait_ms);
    if until > call.deadline || now >= call.deadline {
        let code = error.code.as_str();
        if error.kind != ErrorKind::Api
            || !matches!(code, codes::QUERY_LIMIT_EXCEEDED | "OPERATION_TIME_LIMIT")
        {
            // Not a rate wait: the error itself is the answer.
            return Err(error);
        }
        let mut too_long = Bx24Error::wait_too_long(
            call.method,
            code,
            f64::from(wait_ms),
            call.deadline - now,
            call.attempts,
        );
        too_long.status = error.status;
        return Err(too_long);
    }
    if wait_ms == 0 {
        return Ok(Flow::Send);
    }
    call.state = State::Sleep;
    call.wake = until;
    Ok(Flow::Park)
}

/// How many calls are waiting (for tests and the bench).
pub fn pending() -> usize {
    TABLE.with_borrow(|t| t.used)
}
