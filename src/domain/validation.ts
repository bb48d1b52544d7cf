import type { z } from 'zod';

export type FieldErrors = Record<string, string>;
export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/** Runs a schema and returns French messages keyed by field path ("participantsAnonymes.total"). */
export const validate = <S extends z.ZodType>(schema: S, input: unknown): Validated<z.infer<S>> => {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.join('.') || '_form';
    errors[key] ??= issue.message;
  }
  return { ok: false, errors };
};
