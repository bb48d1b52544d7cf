import { warmIntl } from './warm-intl';

/**
 * A screen's chunk, for its lazy route. The router asks for it while the entry evaluates, and the
 * request adds one modulepreload link per chunk the screen needs (about thirty: 6-10 ms of main
 * thread at a desktop's speed) to that task, already the longest of the start: the request is made
 * from the next task instead. Then the French formats are loaded while the chunks download.
 */
export const loadScreen = async <T>(load: () => Promise<T>): Promise<T> => {
  await new Promise((resolve) => setTimeout(resolve, 0));
  const chunk = load();
  warmIntl();
  return chunk;
};
