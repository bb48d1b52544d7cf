// A <dialog> shown as a real modal (showModal: focus moves in, the page behind is inert, Escape
// closes it) and, once closed, the focus given back to what opened it (RGAA 7.1 / 12.8): a dialog
// rendered with the `open` attribute instead is a plain box in the page, and one removed from the
// DOM leaves the focus nowhere. When the opener is gone too (the record was deleted), the screen's
// heading takes it (see Page).
import { useLayoutEffect, type RefObject } from 'react';

export const useModalDialog = (ref: RefObject<HTMLDialogElement | null>, open: boolean): void => {
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!open || !dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) {
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', ''); // jsdom
    }
    return () => {
      if (dialog.open) dialog.close?.();
      if (opener?.isConnected && opener !== document.body) opener.focus();
    };
  }, [ref, open]);
};
