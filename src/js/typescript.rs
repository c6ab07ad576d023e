//! Types the generated `.d.ts` declares for the exported functions.

#[allow(unused_imports)]
use crate::prelude::*;

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** An answer to a meeting invitation: `Y` accepted, `N` declined, `Q` invited without an answer yet. */
export type MeetingStatus = 'Y' | 'N' | 'Q';

/** The current user's status in a meeting: an answer, or `H` when the user hosts it. */
export type AttendeeStatus = MeetingStatus | 'H';

/** Options of one call. */
export interface CallOptions {
  /** Milliseconds to wait for the answer (BX24.js never calls back on a 5xx). Default 30000. */
  timeoutMs?: number;
}

/** Options of `getNearestMeetings`. */
export interface NearestMeetingsOptions extends CallOptions {
  /** How many days ahead to look, 1 to 3650. Default 60 (the portal's default). */
  days?: number;
}

/** A meeting the current user hosts or is invited to, from `calendar.event.get.nearest`. */
export interface Meeting {
  /** The event id, for `setMeetingStatus`. */
  id: number;
  /** The title: plain text, render it as text (never as HTML). */
  name: string;
  /** Start, ISO 8601 UTC (e.g. `2026-12-01T10:00:00Z`); the portal's display text if it sent no timestamp. */
  from: string;
  /** End, in the same form as `from`. */
  to: string;
  /** Where (may be empty). */
  location: string;
  /** The IANA time zone the portal states for the meeting (`TZ_FROM`, e.g. `Europe/Berlin`), to show its times in; `''` when the portal sent none. */
  timeZone: string;
  /** The host's user id. */
  hostId: number;
  /** The current user's status; `H` when the user hosts the meeting. */
  myStatus: AttendeeStatus;
  /** How many people are invited, the host included. */
  attendees: number;
}

/** One change for `setMeetingStatuses`. */
export interface MeetingStatusItem {
  eventId: number | string;
  status: MeetingStatus | Lowercase<MeetingStatus>;
}

/** One item's outcome in `setMeetingStatuses`, in input order. Sent items carry the normalised eventId and status. */
export type MeetingStatusResult =
  | { eventId: number; status: MeetingStatus; ok: true }
  | { eventId: unknown; status: unknown; ok: false; error: Bx24Error };

/** Options of `setMeetingStatuses`. */
export interface BulkOptions extends CallOptions {
  /** Called after each batch request with how many items have a final result. */
  onProgress?: (progress: { done: number; total: number }) => void;
  /** Stops before the next batch request; unsent items get `kind: 'aborted'`. */
  signal?: AbortSignal;
}

/** Settings for every call from the page (`configure`). Fields left out keep their value. */
export interface Config {
  /** Retries after the first attempt, 0 to 10. Default 3. */
  retries?: number;
  /** Exponential backoff with jitter: the first step and the longest. Default `{ baseMs: 1000, capMs: 30000 }`. */
  backoff?: { baseMs?: number; capMs?: number };
  /** The client-side leaky bucket. Default `'standard'` (50 at once, then 2 per second). */
  rateLimit?: 'standard' | 'enterprise' | 'off' | { burst: number; perSecond: number };
  /** The default per-call timeout in ms. Default 30000. */
  timeoutMs?: number;
}

/** The official JS SDK's client (`B24Frame`, `B24Hook`, `B24OAuth`), or anything with the same calls. */
export type SdkClient =
  | { actions: { v2: { call: { make: (options: { method: string; params?: object }) => Promise<unknown> } } } }
  | { callMethod: (method: string, params?: object) => Promise<unknown> };

/** How a `MeetingClient` reaches the portal. */
export type Transport =
  /** The page's BX24.js (a placement frame). The default. */
  | 'bx24'
  /** An inbound webhook, `https://<portal>/rest/<user>/<token>/`. A secret: never put it in a page others can read. */
  | { webhookUrl: string }
  /** OAuth: a portal host (https) and tokens; `refresh` is called, once for all waiting calls, on `expired_token`. */
  | { oauth: { domain: string; accessToken: string; refreshToken?: string; refresh?: () => Promise<{ accessToken: string; refreshToken?: string }> } }
  /** An official SDK client; its own transport, with this module's checks and errors on top. */
  | { sdk: SdkClient };

/** Options of `new MeetingClient()`: a transport and the same settings as `configure`. */
export interface MeetingClientOptions extends Config {
  transport?: Transport;
}

/** Where a failure comes from. */
export type Bx24ErrorKind = 'validation' | 'api' | 'timeout' | 'transport' | 'unavailable' | 'aborted';

/** Every promise from this module rejects with one of these (a real `Error`). */
export interface Bx24Error extends Error {
  name: 'Bx24Error';
  /** `validation`: refused before sending; `api`: the portal refused; `timeout`; `transport`; `unavailable`: no BX24; `aborted`: not sent. */
  kind: Bx24ErrorKind;
  /** The portal's `error` code: often `''` (every parameter error), else e.g. `QUERY_LIMIT_EXCEEDED`, `TIMEOUT`. */
  code: string;
  /** The portal's `error_description`, or this module's text in the same style. For developers, not end users. */
  description: string;
  /** The HTTP status, when the portal answered. */
  status?: number;
  /** The REST method called, e.g. `calendar.meeting.status.set`. */
  method: string;
  /** For validation errors: the parameter or option at fault (`eventId`, `status`, `timeoutMs`, …). */
  param?: string;
  /** Requests sent before the promise rejected (0 when nothing was sent). */
  attempts: number;
}
"#;
