// What a person reads when a call fails: short, actionable, never the raw
// portal description (that one is for developers, and goes to the console).
export function readableError(error) {
  const code = error?.code ?? '';
  switch (error?.kind) {
    case 'timeout':
      return 'The portal did not answer in time. Your answer may not be saved: try again.';
    case 'unavailable':
      return 'Open this page from your Bitrix24 portal.';
    case 'validation':
      return 'This meeting cannot be answered from here.';
    case 'transport':
      return 'Could not reach the portal. Check your connection and try again.';
    default:
      break;
  }
  if (code === 'QUERY_LIMIT_EXCEEDED' || code === 'OVERLOAD_LIMIT' || code === 'OPERATION_TIME_LIMIT') {
    return 'The portal is busy right now. Try again in a few seconds.';
  }
  if (code === 'expired_token' || code === 'NO_AUTH_FOUND') {
    return 'Your session has expired. Reload the page.';
  }
  if (error?.status === 403 || code === 'ACCESS_DENIED' || code === 'insufficient_scope') {
    return 'You are not allowed to answer this meeting.';
  }
  return 'Could not save your answer. Try again.';
}

export const STATUS_LABELS = {
  Y: 'Accepted',
  N: 'Declined',
  Q: 'No answer yet',
  H: 'You organise',
};
