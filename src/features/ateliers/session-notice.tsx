// What the registered people are told of a session: « Session annulée », or « Session déplacée du …
// au … » (the slot first announced, src/domain/workshops.ts sessionNotice).
import { sessionNotice, type CycleSession, type SessionSlot } from '../../domain/workshops';
import { formatDay } from '../../ui/format';
import { strings } from './strings';

export const slotText = (s: SessionSlot): string => `${formatDay(s.date)}, ${s.debut}–${s.fin}`;

export const noticeText = (session: CycleSession): string | undefined => {
  const n = sessionNotice(session);
  if (!n) return undefined;
  return n.kind === 'annulee'
    ? strings.notice.annulee
    : strings.notice.deplacee(slotText(n.from), slotText(n.to));
};

export const SessionNotice = ({ session }: { session: CycleSession }) => {
  const text = noticeText(session);
  return text ? <strong className="session-notice">{text}</strong> : null;
};
