// Forms register a flush so that their draft is written before the app reloads for an update.
type Flush = () => Promise<void> | void;
const flushes = new Set<Flush>();

export const registerFlush = (flush: Flush): (() => void) => {
  flushes.add(flush);
  return () => flushes.delete(flush);
};

export const flushAll = async (): Promise<void> => {
  await Promise.all([...flushes].map((f) => f()));
};
