// Quick periods of the filter bar, as 'YYYY-MM-DD' days in the device's time zone.
import { endOfMonth, endOfYear, startOfMonth, startOfYear, subMonths } from 'date-fns';

import { toDay } from '../../domain/dates';

export type QuickPeriod = 'thisMonth' | 'lastMonth' | 'thisYear' | 'custom';

export const QUICK_PERIODS: QuickPeriod[] = ['thisMonth', 'lastMonth', 'thisYear', 'custom'];

export const quickPeriod = (
  choice: Exclude<QuickPeriod, 'custom'>,
  now: Date = new Date(),
): { from: string; to: string } => {
  if (choice === 'thisMonth') return { from: toDay(startOfMonth(now)), to: toDay(endOfMonth(now)) };
  if (choice === 'lastMonth') {
    const last = subMonths(now, 1);
    return { from: toDay(startOfMonth(last)), to: toDay(endOfMonth(last)) };
  }
  return { from: toDay(startOfYear(now)), to: toDay(endOfYear(now)) };
};
