// What the signed-in person may do to a record, from the one permissions table the server enforces
// (src/domain/permissions.ts): screens offer an action only when it would be accepted.
import { may, type RecordAction } from '../domain/permissions';
import type { SyncTable } from '../domain/records';
import { getIdentity } from './meta';

export const canDo = (table: SyncTable, action: RecordAction, record?: { createdBy?: unknown }): boolean => {
  const { role, userId } = getIdentity();
  return may({ role, userId }, table, action, record);
};
