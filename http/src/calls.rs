//! The call table: the calls the server has placed, bounded.
//!
//! A call lives in a slot of a table that grows up to `max_calls` slots
//! and never past it. Its id names the slot, the slot's generation (bumped
//! each time the slot is reused, so that an old id never reaches a new
//! call) and a number drawn when the server started (so that ids of an
//! earlier run are unknown): 12 bytes, written as 16 base64 characters,
//! like the base64 call ids Exchange hands out.
//!
//! - PlayOnPhone creates a call in `Connecting`; it reads as `Connected`
//!   once `connect_after` has passed (the far end "answers").
//! - Disconnect ends it: `Disconnected`, cause `None`. Disconnecting an
//!   ended call again changes nothing and succeeds.
//! - An ended call stays readable for `keep_ended`, then its slot is freed
//!   (its id becomes unknown). When every slot is taken, the oldest ended
//!   call is evicted early to make room; when every slot holds a live
//!   call, a new call is refused ([`TableFull`]).
//!
//! Nothing here allocates once the table has grown: slots, the free list
//! and the queue of ended calls are reused.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

/// Which service placed a call: an id from one service is unknown to the
/// other (Exchange's UM web service and EWS hand out separate handles).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Service {
    /// Exchange Web Services (`/EWS/Exchange.asmx`).
    Ews,
    /// The Exchange 2007 UM web service (`/EWS/UM2007Legacy.asmx`).
    Um,
}

impl Service {
    /// The path of the service's endpoint.
    #[must_use]
    pub const fn path(self) -> &'static str {
        match self {
            Service::Ews => crate::EWS_PATH,
            Service::Um => crate::UM_PATH,
        }
    }

    /// The service's name, for messages.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Service::Ews => "EWS",
            Service::Um => "the UM web service",
        }
    }
}

/// The state of a call as the server reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallStatus {
    /// Dialing: placed less than `connect_after` ago.
    Connecting,
    /// Answered.
    Connected,
    /// Ended by a Disconnect (failure cause `None`).
    Disconnected,
}

impl CallStatus {
    /// The value both services write (`CallState`, `PhoneCallState`).
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            CallStatus::Connecting => "Connecting",
            CallStatus::Connected => "Connected",
            CallStatus::Disconnected => "Disconnected",
        }
    }
}

/// A call's id, decoded: slot, generation and the server's run number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CallKey {
    slot: u32,
    generation: u32,
    run: u32,
}

/// Length of a call id in characters.
pub const ID_LEN: usize = 16;

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn b64_value(c: u8) -> Option<u32> {
    Some(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    } as u32)
}

impl CallKey {
    /// The id as base64 text (16 characters, no padding: 12 bytes).
    #[must_use]
    pub fn to_id(self) -> CallId {
        let mut raw = [0u8; 12];
        raw[..4].copy_from_slice(&self.slot.to_be_bytes());
        raw[4..8].copy_from_slice(&self.generation.to_be_bytes());
        raw[8..].copy_from_slice(&self.run.to_be_bytes());
        let mut out = [0u8; ID_LEN];
        for (i, chunk) in raw.chunks_exact(3).enumerate() {
            let n = (u32::from(chunk[0]) << 16) | (u32::from(chunk[1]) << 8) | u32::from(chunk[2]);
            for j in 0..4 {
                out[i * 4 + j] = B64[((n >> (18 - 6 * j)) & 63) as usize];
            }
        }
        CallId(out)
    }

    /// Reads an id as written by [`CallKey::to_id`], surrounding XML
    /// whitespace ignored; `None` for anything else.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim_matches([' ', '\t', '\r', '\n']).as_bytes();
        if t.len() != ID_LEN {
            return None;
        }
        let mut raw = [0u8; 12];
        for (i, quad) in t.chunks_exact(4).enumerate() {
            let mut n = 0u32;
            for &c in quad {
                n = (n << 6) | b64_value(c)?;
            }
            raw[i * 3] = (n >> 16) as u8;
            raw[i * 3 + 1] = (n >> 8) as u8;
            raw[i * 3 + 2] = n as u8;
        }
        let word = |i: usize| u32::from_be_bytes([raw[i], raw[i + 1], raw[i + 2], raw[i + 3]]);
        Some(CallKey {
            slot: word(0),
            generation: word(4),
            run: word(8),
        })
    }
}

/// A call id's text, on the stack.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CallId([u8; ID_LEN]);

impl CallId {
    /// The id (base64 characters only).
    #[must_use]
    pub fn as_str(&self) -> &str {
        // Only base64 characters are ever stored.
        std::str::from_utf8(&self.0).unwrap_or("")
    }
}

/// A new call was refused: every slot of the table holds a live call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TableFull;

#[derive(Clone, Copy, Debug)]
enum SlotState {
    Free,
    Live { service: Service, placed: Instant },
    Ended { service: Service, ended: Instant },
}

#[derive(Clone, Copy, Debug)]
struct Slot {
    generation: u32,
    state: SlotState,
}

/// The bounded call table (see the [module docs](self)).
#[derive(Debug)]
pub struct CallTable {
    slots: Vec<Slot>,
    free: Vec<u32>,
    /// Ended calls, oldest first: (slot, generation, when).
    ended: VecDeque<(u32, u32, Instant)>,
    run: u32,
    max_calls: usize,
    connect_after: Duration,
    keep_ended: Duration,
    live: usize,
}

impl CallTable {
    /// An empty table of at most `max_calls` calls (at least 1), whose
    /// calls connect after `connect_after` and are forgotten `keep_ended`
    /// after they end. `run` goes into every id.
    #[must_use]
    pub fn new(max_calls: usize, connect_after: Duration, keep_ended: Duration, run: u32) -> Self {
        CallTable {
            slots: Vec::new(),
            free: Vec::new(),
            ended: VecDeque::new(),
            run,
            max_calls: max_calls.clamp(1, u32::MAX as usize),
            connect_after,
            keep_ended,
            live: 0,
        }
    }

    /// Calls in the table: live ones and ended ones not yet evicted.
    #[must_use]
    pub fn len(&self) -> usize {
        self.live + self.ended.len()
    }

    /// `true` when the table holds no call.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Calls not yet disconnected.
    #[must_use]
    pub fn live(&self) -> usize {
        self.live
    }

    /// Places a call for `service`.
    ///
    /// # Errors
    /// [`TableFull`] when every slot holds a live call.
    pub fn place(&mut self, service: Service, now: Instant) -> Result<CallKey, TableFull> {
        self.evict_expired(now);
        let slot = if let Some(s) = self.free.pop() {
            s
        } else if self.slots.len() < self.max_calls {
            self.slots.push(Slot {
                generation: 0,
                state: SlotState::Free,
            });
            (self.slots.len() - 1) as u32
        } else if self.evict_oldest_ended() {
            self.free.pop().ok_or(TableFull)?
        } else {
            return Err(TableFull);
        };
        let s = &mut self.slots[slot as usize];
        s.generation = s.generation.wrapping_add(1);
        s.state = SlotState::Live { service, placed: now };
        self.live += 1;
        Ok(CallKey {
            slot,
            generation: s.generation,
            run: self.run,
        })
    }

    /// The state of call `key` of `service`; `None` when the id is unknown
    /// (never handed out, from another service or run, or evicted).
    #[must_use]
    pub fn status(&self, key: CallKey, service: Service, now: Instant) -> Option<CallStatus> {
        match self.slot(key)?.state {
            SlotState::Live { service: s, placed } if s == service => {
                if now.saturating_duration_since(placed) >= self.connect_after {
                    Some(CallStatus::Connected)
                } else {
                    Some(CallStatus::Connecting)
                }
            }
            SlotState::Ended { service: s, ended } if s == service && !self.expired(ended, now) => {
                Some(CallStatus::Disconnected)
            }
            _ => None,
        }
    }

    /// Ends call `key` of `service`; `false` when the id is unknown.
    pub fn disconnect(&mut self, key: CallKey, service: Service, now: Instant) -> bool {
        self.evict_expired(now);
        let keep = self.keep_ended;
        let Some(slot) = self.slots.get_mut(key.slot as usize) else {
            return false;
        };
        if key.run != self.run || slot.generation != key.generation {
            return false;
        }
        match slot.state {
            SlotState::Live { service: s, .. } if s == service => {
                slot.state = SlotState::Ended { service, ended: now };
                self.live -= 1;
                self.ended.push_back((key.slot, key.generation, now));
                true
            }
            SlotState::Ended { service: s, ended } if s == service => now.saturating_duration_since(ended) < keep,
            _ => false,
        }
    }

    fn slot(&self, key: CallKey) -> Option<&Slot> {
        let slot = self.slots.get(key.slot as usize)?;
        (key.run == self.run && slot.generation == key.generation).then_some(slot)
    }

    fn expired(&self, ended: Instant, now: Instant) -> bool {
        now.saturating_duration_since(ended) >= self.keep_ended
    }

    /// Frees the slots of calls that ended `keep_ended` ago or more.
    fn evict_expired(&mut self, now: Instant) {
        while let Some(&(_, _, ended)) = self.ended.front() {
            if !self.expired(ended, now) {
                break;
            }
            self.evict_oldest_ended();
        }
    }

    /// Frees the slot of the call that ended first; `false` when no call
    /// has ended.
    fn evict_oldest_ended(&mut self) -> bool {
        let Some((slot, generation, _)) = self.ended.pop_front() else {
            return false;
        };
        if let Some(s) = self.slots.get_mut(slot as usize) {
            if s.generation == generation && matches!(s.state, SlotState::Ended { .. }) {
                s.state = SlotState::Free;
                self.free.push(slot);
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        let k = CallKey {
            slot: 7,
            generation: 0xdead_beef,
            run: 42,
        };
        let id = k.to_id();
        assert_eq!(id.as_str().len(), ID_LEN);
        assert_eq!(CallKey::parse(id.as_str()), Some(k));
        assert_eq!(CallKey::parse(&format!("  {}\n", id.as_str())), Some(k));
        assert_eq!(CallKey::parse("AAAA"), None);
        assert_eq!(CallKey::parse("AAAAAAAAAAAAAAA="), None);
        assert_eq!(CallKey::parse("ÀAAAAAAAAAAAAAA"), None);
    }

    #[test]
    fn lifecycle_and_bounds() {
        let t0 = Instant::now();
        let ms = Duration::from_millis;
        let mut t = CallTable::new(2, ms(10), ms(100), 1);
        let a = t.place(Service::Um, t0).unwrap();
        assert_eq!(t.status(a, Service::Um, t0), Some(CallStatus::Connecting));
        assert_eq!(t.status(a, Service::Ews, t0), None);
        assert_eq!(t.status(a, Service::Um, t0 + ms(10)), Some(CallStatus::Connected));
        let b = t.place(Service::Ews, t0).unwrap();
        assert_eq!(t.place(Service::Ews, t0), Err(TableFull));
        assert!(t.disconnect(a, Service::Um, t0 + ms(20)));
        assert!(t.disconnect(a, Service::Um, t0 + ms(21)));
        assert_eq!(t.status(a, Service::Um, t0 + ms(50)), Some(CallStatus::Disconnected));
        // Full: the ended call makes room early.
        let c = t.place(Service::Ews, t0 + ms(50)).unwrap();
        assert_eq!(t.status(a, Service::Um, t0 + ms(50)), None);
        assert_ne!(a, c);
        assert!(t.disconnect(b, Service::Ews, t0 + ms(60)));
        assert_eq!(t.status(b, Service::Ews, t0 + ms(159)), Some(CallStatus::Disconnected));
        assert_eq!(t.status(b, Service::Ews, t0 + ms(160)), None);
        assert!(!t.disconnect(b, Service::Ews, t0 + ms(200)));
        assert_eq!(t.len(), 1);
        assert_eq!(t.live(), 1);
        let other_run = CallKey { run: 2, ..c };
        assert_eq!(t.status(other_run, Service::Ews, t0), None);
    }
}
