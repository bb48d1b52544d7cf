// After a refused submit, the first field with a message takes the focus (the browser scrolls it
// into view): a field marked aria-invalid, or a group marked so (a fieldset: its first control), or
// an element a form marks `data-error-anchor`. Every form page calls it with its model's submitCount.
import { useEffect, type RefObject } from 'react';

const CONTROL = 'input, select, textarea, button';

/** Focuses the first field in error inside `root`, if any. */
export const focusFirstError = (root: HTMLElement | null): void => {
  const first = root?.querySelector<HTMLElement>('[aria-invalid="true"], [data-error-anchor]');
  if (!first) return;
  const target =
    first.matches(CONTROL) || first.hasAttribute('data-error-anchor')
      ? first
      : first.querySelector<HTMLElement>(CONTROL);
  target?.focus();
};

/** Moves the focus to the first field in error after each submit (`submitCount` from useForm). */
export const useFocusFirstError = (root: RefObject<HTMLElement | null>, submitCount: number): void => {
  useEffect(() => {
    if (submitCount > 0) focusFirstError(root.current);
  }, [root, submitCount]);
};
