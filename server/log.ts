// Structured logs: one JSON object per line. Only ids, counts and codes: never a name, an e-mail
// address or a phone number (the callers pass ids only; this module drops known personal keys).
const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
type Level = keyof typeof LEVELS;
const PERSONAL = /^(email|e-mail|name|nom|prenom|telephone|phone|password)$/i;

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export const createLogger = (
  level: string = process.env.SILLON_LOG_LEVEL ?? 'info',
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Logger => {
  const min = LEVELS[(level in LEVELS ? level : 'info') as Level];
  const log =
    (lvl: Level) =>
    (msg: string, fields: Record<string, unknown> = {}) => {
      if (LEVELS[lvl] < min) return;
      const safe = Object.fromEntries(Object.entries(fields).filter(([key]) => !PERSONAL.test(key)));
      write(JSON.stringify({ time: new Date().toISOString(), level: lvl, msg, ...safe }));
    };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
};
