//! Planning a bulk of status changes: validate each item, keep the last
//! item per event, and cut the rest into `batch` requests of at most 50.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::error::Bx24Error;
use crate::method::MEETING_STATUS_SET;
use crate::validate::{self, Input, SetStatusParams};

/// The most commands one `batch` request may carry (more get
/// `ERROR_BATCH_LENGTH_EXCEEDED`).
pub const MAX_BATCH_COMMANDS: usize = 50;

/// What happens to each input item, by its index.
#[derive(Debug, Clone, PartialEq)]
pub enum Fate {
    /// Rejected before sending.
    Invalid(Bx24Error),
    /// Replaced by a later item for the same event (its index).
    Superseded(usize),
    /// Sent as command `command` of the plan.
    Sent(usize),
}

/// A bulk call, planned.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// One entry per input item, in input order.
    pub fates: Vec<Fate>,
    /// The distinct commands to send, in order of first appearance.
    pub commands: Vec<SetStatusParams>,
}

impl Plan {
    /// The commands cut into `batch`-sized chunks, as index ranges into
    /// [`Plan::commands`].
    pub fn chunks(&self) -> impl Iterator<Item = core::ops::Range<usize>> + '_ {
        chunk_ranges(self.commands.len(), MAX_BATCH_COMMANDS)
    }
}

/// Ranges `0..size, size..2*size, …` covering `0..len`.
pub fn chunk_ranges(len: usize, size: usize) -> impl Iterator<Item = core::ops::Range<usize>> {
    let size = size.max(1);
    (0..len.div_ceil(size)).map(move |i| i * size..((i + 1) * size).min(len))
}

/// The `batch` command for one change, as a REST query string:
/// `calendar.meeting.status.set?eventId=651&status=Y`.
pub fn command_query(p: &SetStatusParams) -> String {
    crate::text::cat(&[
        MEETING_STATUS_SET,
        "?eventId=",
        &crate::text::uint(p.event_id),
        "&status=",
        p.status.code(),
    ])
}

/// Sorts `list` in place: a heap sort, O(n log n) with no recursion and a
/// fraction of the code of the standard library's sorts (this ships in the
/// `.wasm`).
fn heap_sort(list: &mut [(u64, usize)]) {
    // `swap` without its out-of-bounds panic (every index here is in bounds).
    fn swap(list: &mut [(u64, usize)], a: usize, b: usize) {
        if a < list.len() && b < list.len() {
            list.swap(a, b);
        }
    }
    fn sift_down(list: &mut [(u64, usize)], mut root: usize, end: usize) {
        loop {
            let mut child = 2 * root + 1;
            if child >= end {
                return;
            }
            let (Some(&a), Some(&b)) = (list.get(child), list.get(child + 1)) else {
                // Only a left child.
                if list.get(root) < list.get(child) {
                    swap(list, root, child);
                }
                return;
            };
            if child + 1 < end && a < b {
                child += 1;
            }
            if list.get(root) >= list.get(child) {
                return;
            }
            swap(list, root, child);
            root = child;
        }
    }
    let len = list.len();
    for root in (0..len / 2).rev() {
        sift_down(list, root, len);
    }
    for end in (1..len).rev() {
        swap(list, 0, end);
        sift_down(list, 0, end);
    }
}

/// Plans `items` (pairs of `eventId`, `status` as JavaScript gave them).
///
/// Every item is validated on its own; the last valid item for an event
/// wins and is sent once, in the position of that event's first item.
pub fn plan(items: &[(Input, Input)]) -> Plan {
    // One fate per item: `Invalid`, or for now `Sent(0)` for a valid item,
    // whose params are in `valid` (in input order).
    let mut fates = Vec::with_capacity(items.len());
    let mut valid = Vec::new();
    // Valid items sorted by (event, index): each event's items form a run
    // whose last entry is the winner. A sort instead of a hash map: smaller
    // in the `.wasm`, and no hashing of caller-chosen keys.
    let mut by_event = Vec::new();
    for (index, (event, status)) in items.iter().enumerate() {
        match validate::set_status_params(MEETING_STATUS_SET, event, status) {
            Ok(p) => {
                by_event.push((p.event_id, index));
                valid.push(p);
                fates.push(Fate::Sent(0));
            }
            Err(error) => fates.push(Fate::Invalid(error)),
        }
    }
    heap_sort(&mut by_event);
    // The command each run was given, by the run's first position. Filled
    // by a loop: smaller in the `.wasm` than `vec![None; n]`.
    let mut command_of_run: Vec<Option<usize>> = Vec::with_capacity(by_event.len());
    for _ in 0..by_event.len() {
        command_of_run.push(None);
    }
    let mut commands = Vec::new();
    let mut next_valid = 0;
    for index in 0..fates.len() {
        let Some(fate) = fates.get_mut(index) else {
            break;
        };
        if matches!(fate, Fate::Invalid(_)) {
            continue;
        }
        let Some(&p) = valid.get(next_valid) else {
            break;
        };
        next_valid += 1;
        let first = by_event.partition_point(|&(e, _)| e < p.event_id);
        let end = by_event.partition_point(|&(e, _)| e <= p.event_id);
        let winner = by_event.get(end.wrapping_sub(1)).map_or(index, |&(_, i)| i);
        let command = match command_of_run.get(first).copied().flatten() {
            Some(command) => command,
            None => {
                commands.push(p);
                let command = commands.len() - 1;
                if let Some(slot) = command_of_run.get_mut(first) {
                    *slot = Some(command);
                }
                command
            }
        };
        *fate = if winner == index {
            // The winning item's status is what is sent.
            if let Some(c) = commands.get_mut(command) {
                *c = p;
            }
            Fate::Sent(command)
        } else {
            Fate::Superseded(winner)
        };
    }
    Plan { fates, commands }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::status::MeetingStatus::*;

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn heap_sort_sorts(mut list in proptest::collection::vec((0u64..20, 0usize..1000), 0..200)) {
            let mut expected = list.clone();
            expected.sort_unstable();
            heap_sort(&mut list);
            proptest::prop_assert_eq!(list, expected);
        }
    }

    fn item(event: f64, status: &str) -> (Input, Input) {
        (Input::Number(event), Input::Text(status.into()))
    }

    #[test]
    fn duplicates_keep_the_last_status_and_are_sent_once() {
        let p = plan(&[
            item(1.0, "Y"),
            item(2.0, "N"),
            item(1.0, "q"),
            item(0.0, "Y"),
        ]);
        assert_eq!(
            p.commands,
            vec![
                SetStatusParams {
                    event_id: 1,
                    status: Invited
                },
                SetStatusParams {
                    event_id: 2,
                    status: Declined
                },
            ]
        );
        assert_eq!(p.fates[0], Fate::Superseded(2));
        assert_eq!(p.fates[1], Fate::Sent(1));
        assert_eq!(p.fates[2], Fate::Sent(0));
        assert!(matches!(&p.fates[3], Fate::Invalid(e) if e.param == Some("eventId")));
    }

    #[test]
    fn commands_are_rest_query_strings() {
        let p = SetStatusParams {
            event_id: 651,
            status: Accepted,
        };
        assert_eq!(
            command_query(&p),
            "calendar.meeting.status.set?eventId=651&status=Y"
        );
    }

    #[test]
    fn invalid_items_do_not_stop_valid_ones() {
        let p = plan(&[item(1.0, "maybe"), item(2.0, "Y")]);
        assert!(matches!(&p.fates[0], Fate::Invalid(e) if e.param == Some("status")));
        assert_eq!(p.fates[1], Fate::Sent(0));
        assert_eq!(p.commands.len(), 1);
    }

    #[test]
    fn a_thousand_items_make_twenty_chunks_of_fifty() {
        let items: Vec<_> = (1..=1000).map(|i| item(f64::from(i), "Y")).collect();
        let p = plan(&items);
        let chunks: Vec<_> = p.chunks().collect();
        assert_eq!(chunks.len(), 20);
        assert!(chunks.iter().all(|c| c.len() == 50));
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn chunks_cover_everything_once_within_the_limit(len in 0usize..2_000, size in 1usize..120) {
                let ranges: Vec<_> = chunk_ranges(len, size).collect();
                prop_assert_eq!(ranges.len(), len.div_ceil(size));
                let mut next = 0;
                for r in &ranges {
                    prop_assert_eq!(r.start, next);
                    prop_assert!(!r.is_empty() && r.len() <= size);
                    next = r.end;
                }
                prop_assert_eq!(next, len);
            }

            #[test]
            fn every_item_gets_a_fate_and_each_event_is_sent_once(
                events in proptest::collection::vec((0u8..20, prop_oneof![Just("Y"), Just("n"), Just("Q"), Just("x")]), 0..200)
            ) {
                let items: Vec<_> = events.iter().map(|(e, s)| item(f64::from(*e), s)).collect();
                let p = plan(&items);
                prop_assert_eq!(p.fates.len(), items.len());
                let mut seen = std::collections::HashSet::new();
                for c in &p.commands {
                    prop_assert!(seen.insert(c.event_id), "event {} sent twice", c.event_id);
                }
                for (i, fate) in p.fates.iter().enumerate() {
                    match fate {
                        Fate::Sent(c) => {
                            // The command carries this item's status, and no later valid item names the event.
                            let (_, st) = &events[i];
                            prop_assert_eq!(p.commands[*c].status.code(), st.to_ascii_uppercase());
                        }
                        Fate::Superseded(w) => {
                            prop_assert!(*w > i);
                            prop_assert_eq!(&p.fates[*w], &Fate::Sent(p.commands.iter().position(|c| c.event_id == u64::from(events[i].0)).unwrap()));
                        }
                        Fate::Invalid(_) => {}
                    }
                }
            }
        }
    }
}
