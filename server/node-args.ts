// How Node runs the server: `npm run serve` (package.json) and everything that starts the real
// server in a child process (tests, the bench) use these flags, so that what is measured and tested
// is what a structure runs; a unit test holds package.json to them.
//
// --max-semi-space-size=32 (MB; Node 20's default is 16): a push of 500 records allocates tens of MB of
// short-lived objects (the parsed request, each record checked by its zod schema, merged and
// serialised), so with the default young generation the scavenger runs every few milliseconds and
// copies what is still alive each time. Measured with the bench's ingest (10,000 records pushed in
// batches of 500): server CPU per record 115 → 100 µs, records/s up about 8 %; the cost is at most
// 32 MB more memory for the young generation. It must be given on the command line: V8 sizes the
// heap when the process starts (v8.setFlagsFromString afterwards changes nothing).
export const SERVER_NODE_ARGS: readonly string[] = ['--max-semi-space-size=32', '--import', 'tsx'];
