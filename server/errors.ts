import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** An error the API answers with as JSON: a stable code for the app, a French message for people. */
export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}
