// How a TypeScript app uses the module; `tsc --noEmit -p tests/types` must pass.
import init, { setMeetingStatus, getMeetingStatus, isBx24Error } from 'bx24-meeting';
import type { Bx24Error, MeetingStatus, AttendeeStatus, CallOptions } from 'bx24-meeting';

export async function answer(eventId: number, status: MeetingStatus): Promise<string> {
  await init();
  const options: CallOptions = { timeoutMs: 10_000 };
  const done: true = await setMeetingStatus(eventId, status, options);
  await setMeetingStatus('651', 'y');
  const mine: AttendeeStatus = await getMeetingStatus(eventId);
  return `${done} ${mine}`;
}

export function describe(e: unknown): string {
  if (isBx24Error(e)) {
    const err: Bx24Error = e;
    const where = err.kind === 'validation' ? `parameter ${err.param}` : `HTTP ${err.status ?? '-'}`;
    return `${err.method}: ${err.code || '(no code)'} ${err.description} at ${where} after ${err.attempts} attempts`;
  }
  return String(e);
}

// A status the portal does not accept must not type-check.
// @ts-expect-error 'maybe' is not a MeetingStatus
void setMeetingStatus(651, 'maybe');

// An event id must be a number or a string.
// @ts-expect-error an object is not an event id
void getMeetingStatus({ id: 651 });
