//! `setMeetingStatuses`: many status changes in `batch` requests of 50.

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::prelude::*;

use super::client::{Client, Retrier};
use super::convert::{data, error_to_js, get, input};
use crate::batch::{self, Fate};
use crate::error::Bx24Error;
use crate::method::{MeetingStatusSet, Method, MEETING_STATUS_SET};
use crate::retry::Step;
use crate::validate::{Input, SetStatusParams};

/// Options of a bulk call, checked.
pub struct BulkOptions {
    /// Per-request timeout.
    pub timeout_ms: u32,
    /// `onProgress({done, total})`, called after each chunk.
    pub on_progress: Option<Function>,
    /// An `AbortSignal`, read before each chunk.
    pub signal: Option<JsValue>,
}

/// One item's outcome: `Ok(())` or the error that stopped it.
type Outcome = Option<Result<(), Bx24Error>>;

/// Sends `commands[range]` until each has landed or failed for good.
async fn send_chunk(
    client: &Client,
    commands: &[SetStatusParams],
    outcomes: &mut [Outcome],
    timeout_ms: u32,
) {
    let mut pending: Vec<usize> = (0..commands.len()).collect();
    let mut retrier = Retrier::new(client);
    while !pending.is_empty() {
        if let Err(error) = client.before_send(MEETING_STATUS_SET, timeout_ms).await {
            for &i in &pending {
                outcomes[i] = Some(Err(error.clone()));
            }
            return;
        }
        let sent_at = client.transport.refresh_generation();
        let batch: Vec<SetStatusParams> = pending.iter().map(|&i| commands[i]).collect();
        let answers = match client.transport.set_statuses(&batch, timeout_ms).await {
            Ok(answers) => answers,
            // The whole request failed: every item in it failed the same way.
            Err(error) => pending.iter().map(|_| Err(error.clone())).collect(),
        };
        let mut still = Vec::new();
        let mut next = Step::GiveUp;
        for (&i, answer) in pending.iter().zip(answers) {
            let error = match answer.and_then(|d| MeetingStatusSet::decode(&data(&d))) {
                Ok(()) => {
                    outcomes[i] = Some(Ok(()));
                    continue;
                }
                Err(error) => error,
            };
            let step = retrier.step(&error, sent_at);
            if step == Step::GiveUp {
                outcomes[i] = Some(Err(Bx24Error {
                    attempts: retrier.attempts(),
                    ..error
                }));
            } else {
                still.push(i);
                next = merge(next, step);
            }
        }
        if let Err(error) = retrier.follow(next, MEETING_STATUS_SET, timeout_ms).await {
            for &i in &still {
                outcomes[i] = Some(Err(Bx24Error {
                    attempts: retrier.attempts(),
                    ..error.clone()
                }));
            }
            return;
        }
        pending = still;
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

fn aborted(signal: &Option<JsValue>) -> bool {
    signal
        .as_ref()
        .is_some_and(|s| get(s, "aborted").is_truthy())
}

fn report(on_progress: &Option<Function>, done: usize, total: usize) {
    if let Some(callback) = on_progress {
        let progress = Object::new();
        let _ = Reflect::set(&progress, &"done".into(), &(done as f64).into());
        let _ = Reflect::set(&progress, &"total".into(), &(total as f64).into());
        // A throwing progress callback must not lose the results.
        let _ = callback.call1(&JsValue::UNDEFINED, &progress);
    }
}

/// Runs a bulk call over `items` (an array of `{eventId, status}`), and
/// gives the per-item results in input order.
pub async fn set_statuses(client: &Client, items: Array, options: BulkOptions) -> JsValue {
    let raw: Vec<(JsValue, JsValue)> = items
        .iter()
        .map(|item| (get(&item, "eventId"), get(&item, "status")))
        .collect();
    let inputs: Vec<(Input, Input)> = raw.iter().map(|(e, s)| (input(e), input(s))).collect();
    let plan = batch::plan(&inputs);
    let mut outcomes: Vec<Outcome> = vec![None; plan.commands.len()];
    let total = raw.len();
    let settled_up_front = plan
        .fates
        .iter()
        .filter(|f| !matches!(f, Fate::Sent(_)))
        .count();
    let mut done = settled_up_front;
    for range in plan.chunks() {
        if aborted(&options.signal) {
            break;
        }
        send_chunk(
            client,
            &plan.commands[range.clone()],
            &mut outcomes[range.clone()],
            options.timeout_ms,
        )
        .await;
        done += plan
            .fates
            .iter()
            .filter(|f| matches!(f, Fate::Sent(c) if range.contains(c)))
            .count();
        report(&options.on_progress, done, total);
    }

    let results = Array::new();
    for (index, fate) in plan.fates.iter().enumerate() {
        let (event_id, status) = &raw[index];
        let outcome = match fate {
            Fate::Invalid(error) => Err(error.clone()),
            Fate::Superseded(by) => Err(Bx24Error::superseded(MEETING_STATUS_SET, *by)),
            Fate::Sent(c) => outcomes[*c]
                .clone()
                .unwrap_or_else(|| Err(Bx24Error::aborted(MEETING_STATUS_SET))),
        };
        let result = Object::new();
        let (event_id, status) = match fate {
            Fate::Sent(c) => {
                let p = &plan.commands[*c];
                (
                    JsValue::from(p.event_id as f64),
                    JsValue::from(p.status.code()),
                )
            }
            _ => (event_id.clone(), status.clone()),
        };
        let _ = Reflect::set(&result, &"eventId".into(), &event_id);
        let _ = Reflect::set(&result, &"status".into(), &status);
        let _ = Reflect::set(&result, &"ok".into(), &outcome.is_ok().into());
        if let Err(error) = outcome {
            let _ = Reflect::set(&result, &"error".into(), &error_to_js(&error));
        }
        results.push(&result);
    }
    results.into()
}
