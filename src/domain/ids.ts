import { v7 as uuidv7 } from 'uuid';

/** A new record id: UUID v7 (time-ordered, generated on the device, no server round trip). */
export const newId = (): string => uuidv7();

export const isUuid = (value: string): boolean =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
