// The wrapper an app author writes by hand: one promise around
// BX24.callMethod, no validation, no timeout. BX24.js never calls back on a
// 5xx or a network error, so a promise from here can stay pending forever.
// The benchmark's floor for per-call cost.
export function setMeetingStatus(eventId, status) {
  return new Promise((resolve, reject) => {
    BX24.callMethod('calendar.meeting.status.set', { eventId, status }, (result) => {
      const error = result.error();
      if (error) reject(error);
      else resolve(result.data());
    });
  });
}
