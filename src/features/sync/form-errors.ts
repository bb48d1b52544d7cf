import { SyncError } from '../../data/sync/transport';

/**
 * A failed request as a form's errors (`_form` for the sentence above the form): the server's
 * message and its fields when it answered; `offline` when the network (or a Wi-Fi portal) kept the
 * request from the server, `unreachable` (or else `offline`) when the server did not answer.
 */
export const errorsOf = (
  error: unknown,
  messages: { offline: string; unreachable?: string },
): Record<string, string> => {
  if (!(error instanceof SyncError)) return { _form: String(error) };
  if (error.body) return { ...(error.body.fields ?? {}), _form: error.body.message };
  if (error.kind === 'offline' || error.kind === 'portal') return { _form: messages.offline };
  if (error.kind === 'unreachable' || error.kind === 'timeout')
    return { _form: messages.unreachable ?? messages.offline };
  return { _form: error.message };
};
