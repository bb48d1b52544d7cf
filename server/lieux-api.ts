// The directory's routes under /api/lieux (coordinateur only): import of a file in the national
// schema (lieux-import.ts), first as a preview (dryRun) and then for real, all good rows or nothing
// (strict). The file is the request's body, as uploaded (CSV or JSON).
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

import { MAX_LIEUX_FILE_BYTES } from '../src/domain/annuaire-import';
import { HttpError } from './errors';
import { configuredDepartements, importLieuxFile } from './lieux-import';
import type { Logger } from './log';
import type { Principal, Store } from './store';

type Env = { Variables: { principal: Principal } };

export interface LieuxRoutesOptions {
  store: Store;
  logger: Logger;
  authenticate: MiddlewareHandler<Env>;
  coordinateur: MiddlewareHandler<Env>;
  departements?: readonly string[];
}

const flag = (c: Context, name: string): boolean => ['1', 'true', 'oui'].includes(c.req.query(name) ?? '');

export const mountLieuxRoutes = (api: Hono<Env>, options: LieuxRoutesOptions): void => {
  const { store, logger, authenticate, coordinateur } = options;
  const departements = options.departements ?? configuredDepartements();

  api.post(
    '/lieux/import',
    bodyLimit({
      maxSize: MAX_LIEUX_FILE_BYTES,
      onError: (c) =>
        c.json({ error: 'too_large', message: 'Fichier trop volumineux : au plus 40 Mo.' }, 413),
    }),
    authenticate,
    coordinateur,
    async (c) => {
      const text = await c.req.text();
      if (!text.trim()) throw new HttpError(400, 'invalid', 'Le fichier est vide.');
      const principal = c.get('principal');
      const report = await importLieuxFile(store, text, (c.req.query('name') ?? '').slice(0, 200), {
        structureId: principal.structureId,
        by: principal.userId,
        strict: flag(c, 'strict'),
        dryRun: flag(c, 'dryRun'),
        departements,
      });
      if (report.imported)
        logger.info('lieux_imported', {
          userId: principal.userId,
          created: report.created,
          updated: report.updated,
          unchanged: report.unchanged,
          refused: report.errors.length,
        });
      return c.json({ ...report, departements });
    },
  );
};
