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
export const decodePullPage = async (text: string, pause: () => Promise<void>): Promise<PullResponse> => {
  const firstBreak = text.indexOf('\n');
  const head = firstBreak < 0 ? '' : text.slice(0, firstBreak);
  if (!head.startsWith('{') || !head.endsWith(RECORDS_OPEN) || !text.endsWith('\n]}'))
    return JSON.parse(text) as PullResponse;
  const page = JSON.parse(`${head}]}`) as PullResponse;
  const records: PullResponse['records'] = [];
  const last = text.length - '\n]}'.length;
  for (let at = firstBreak + 1; at <= last;) {
    const end = text.indexOf('\n', at); // found: the text ends with a line break and `]}`
    const line = text.slice(at, end);
    records.push(JSON.parse(end === last ? line : line.slice(0, -1)) as PullResponse['records'][number]);
    at = end + 1;
    if (records.length % RECORDS_PER_PAUSE === 0) await pause();
  }
  return { ...page, records };
};
