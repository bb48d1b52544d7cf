// The text of a pull page (docs/sync-protocol.md, « Pull »): ordinary JSON, one record per line.
// Any JSON reader takes it whole (older tablets do); this device reads it a line at a time and
// hands the main thread back every few hundred records, so that a page of 2,000 records (1.5 MB
// of JSON, 300–450 ms of one JSON.parse at CPU 4×) never freezes the interface. JSON.stringify
// escapes every control character inside strings: a record's text never holds a line break.
import type { PullResponse } from './sync';

const RECORDS_OPEN = ',"records":[';

/** `page` as the server sends it: its other fields on the first line, then one record per line. */
export const encodePullPage = (page: PullResponse): string => {
  const { records, ...head } = page;
  const start = JSON.stringify(head).slice(0, -1); // `{"conflicts":[…],"cursor":…` without its `}`
  if (records.length === 0) return `${start}${RECORDS_OPEN}]}`;
  return `${start}${RECORDS_OPEN}\n${records.map((r) => JSON.stringify(r)).join(',\n')}\n]}`;
};

/** Records parsed between two pauses: about 20–40 ms of work at CPU 4×. */
export const RECORDS_PER_PAUSE = 100;

/**
 * Reads a page's text, one record per line, awaiting `pause` every RECORDS_PER_PAUSE records. A
 * text of any other layout (an older server's single line) is parsed whole; one that breaks off
 * throws, as JSON.parse does.
 */
export const decodePullPage = (text: string, pause: () => Promise<void>): Promise<PullResponse> =>
  decodePullChunks([text], pause);

/**
 * The same, from the text as it arrives (the response's body, chunk after chunk): each record is
 * parsed as soon as its line is complete, so that a page is read while it travels, in tasks as
 * small as the network's chunks, and not all at once when its last byte arrives.
 */
export const decodePullChunks = async (
  chunks: AsyncIterable<string> | Iterable<string>,
  pause: () => Promise<void>,
): Promise<PullResponse> => {
  const all: string[] = [];
  let buffer = '';
  let head: string | undefined;
  let lined = true;
  let lastLine = false;
  const records: PullResponse['records'] = [];
  for await (const chunk of chunks) {
    all.push(chunk);
    if (!lined) continue;
    buffer += chunk;
    if (head === undefined) {
      const firstBreak = buffer.indexOf('\n');
      if (firstBreak < 0) continue;
      head = buffer.slice(0, firstBreak);
      buffer = buffer.slice(firstBreak + 1);
      if (!head.startsWith('{') || !head.endsWith(RECORDS_OPEN)) {
        lined = false;
        continue;
      }
    }
    let at = 0;
    for (let end = buffer.indexOf('\n'); end >= 0; end = buffer.indexOf('\n', at)) {
      const line = buffer.slice(at, end);
      at = end + 1;
      // Every record's line ends with a comma but the last one's, which only `]}` may follow.
      if (lastLine) throw new SyntaxError('pull page: a line after the last record');
      lastLine = !line.endsWith(',');
      records.push(JSON.parse(lastLine ? line : line.slice(0, -1)) as PullResponse['records'][number]);
      if (records.length % RECORDS_PER_PAUSE === 0) await pause();
    }
    buffer = buffer.slice(at);
  }
  if (!lined || head === undefined || buffer !== ']}' || (records.length > 0 && !lastLine))
    return JSON.parse(all.join('')) as PullResponse;
  return { ...(JSON.parse(`${head}]}`) as PullResponse), records };
};
