//! Planning a bulk of status changes: validate each item, keep the last
//! item per event, and cut the rest into `batch` requests of at most 50.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::method::MEETING_STATUS_SET;
use crate::validate::{Refusal, SetStatusParams};

/// The most commands one `batch` request may carry (more get
/// `ERROR_BATCH_LENGTH_EXCEEDED`).
pub const MAX_BATCH_COMMANDS: usize = 50;

/// What happens to each input item, by its index.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Fate {
    /// Rejected before sending, for this reason.
    Invalid(Refusal),
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
    // Moves `heap[root]` down to its place in the max-heap `heap`. Reads
    // with `get`: no index here is out of bounds, and none can panic.
    fn sift_down(heap: &mut [(u64, usize)], mut root: usize) {
        loop {
            let mut child = 2 * root + 1;
            let (Some(&top), Some(&left)) = (heap.get(root), heap.get(child)) else {
                return;
            };
            let mut larger = left;
            if let Some(&right) = heap.get(child + 1) {
                if left < right {
                    child += 1;
                    larger = right;
                }
            }
            if top >= larger {
                return;
            }
            if let Some(slot) = heap.get_mut(root) {
                *slot = larger;
            }
            if let Some(slot) = heap.get_mut(child) {
                *slot = top;
            }
            root = child;
        }
    }
    for root in (0..list.len() / 2).rev() {
        sift_down(list, root);
    }
    let mut rest = list;
    // The largest goes last; the rest is a heap again once the element
    // moved to the top has sunk.
    while let [first, .., last] = rest {
        core::mem::swap(first, last);
        let Some((_, heap)) = rest.split_last_mut() else {
            break;
        };
        sift_down(heap, 0);
        rest = heap;
    }
}

/// Plans `items`: each one checked on its own (`Err` for a refused one).
///
/// The last valid item for an event wins and is sent once, in the position
/// of that event's first item.
pub fn plan(items: &[Result<SetStatusParams, Refusal>]) -> Plan {
    // Not sent yet: the fate of a winning item until its command is made.
    const UNSENT: Fate = Fate::Sent(usize::MAX);
    // One fate per item: `Invalid`, or for now `UNSENT` for a valid one.
    let mut fates = Vec::with_capacity(items.len());
    // Valid items sorted by (event, index): each event's items form a run
    // whose last entry wins. A sort instead of a hash map: smaller in the
    // `.wasm`, and no hashing of caller-chosen keys.
    let mut by_event = Vec::new();
    for (index, item) in items.iter().enumerate() {
        fates.push(match item {
            Ok(p) => {
                by_event.push((p.event_id, index));
                UNSENT
            }
            Err(refusal) => Fate::Invalid(*refusal),
        });
    }
    heap_sort(&mut by_event);
    // Each run, walked from its end: the winner first, then the items it
    // supersedes.
    let mut winner = 0;
    for k in (0..by_event.len()).rev() {
        let Some(&(event, index)) = by_event.get(k) else {
            break;
        };
        if by_event.get(k + 1).is_some_and(|e| e.0 == event) {
            if let Some(fate) = fates.get_mut(index) {
                *fate = Fate::Superseded(winner);
            }
        } else {
            winner = index;
        }
    }
    // One command per event, made at its first item: the first item whose
    // winner is still unsent.
    let mut commands = Vec::new();
    for index in 0..fates.len() {
        let winner = match fates.get(index) {
            Some(&Fate::Superseded(winner)) => winner,
            Some(&UNSENT) => index,
            _ => continue,
        };
        if let (Some(Ok(p)), Some(fate)) = (items.get(winner), fates.get_mut(winner)) {
            if *fate == UNSENT {
                *fate = Fate::Sent(commands.len());
                commands.push(*p);
            }
        }
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

    use crate::validate::{check_set_status_params, Input};

    fn item(event: f64, status: &str) -> Result<SetStatusParams, Refusal> {
        check_set_status_params(&Input::Number(event), &Input::Text(status.into()))
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
        assert!(matches!(&p.fates[3], Fate::Invalid(e) if e.param() == "eventId"));
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
        assert!(matches!(&p.fates[0], Fate::Invalid(e) if e.param() == "status"));
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

            #[test]
            fn plan_matches_a_quadratic_model(
                events in proptest::collection::vec((0u8..12, prop_oneof![Just("Y"), Just("n"), Just("Q"), Just("x"), Just("")]), 0..300)
            ) {
                let items: Vec<_> = events.iter().map(|(e, s)| item(f64::from(*e), s)).collect();
                prop_assert_eq!(plan(&items), model(&items));
            }
        }

        /// The plan, the obvious O(n²) way: an item is superseded by the
        /// last valid item for its event; commands go in order of each
        /// event's first valid item and carry the last one's status.
        fn model(items: &[Result<SetStatusParams, Refusal>]) -> Plan {
            let event = |i: usize| items[i].map(|p| p.event_id).ok();
            let same = |i: usize, j: usize| event(j).is_some() && event(j) == event(i);
            let mut fates: Vec<Fate> = items
                .iter()
                .enumerate()
                .map(|(i, item)| match item {
                    Err(r) => Fate::Invalid(*r),
                    Ok(_) => {
                        let last = (0..items.len()).rev().find(|&j| same(i, j)).unwrap();
                        if last == i {
                            Fate::Sent(usize::MAX)
                        } else {
                            Fate::Superseded(last)
                        }
                    }
                })
                .collect();
            let mut commands = Vec::new();
            for i in 0..items.len() {
                if event(i).is_some() && (0..i).all(|j| !same(i, j)) {
                    let last = (0..items.len()).rev().find(|&j| same(i, j)).unwrap();
                    fates[last] = Fate::Sent(commands.len());
                    commands.push(items[last].unwrap());
                }
            }
            Plan { fates, commands }
        }
    }
}
