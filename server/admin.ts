// Administration from the server's command line: npm run admin -- <command> [options]
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { ROLES, passwordSchema, type Role } from '../src/domain/sync';
import { AccountStore } from './accounts';
import { hashPassword } from './crypto';
import { BackupError, backupDatabase, extensionOf, formatOf, restoreDatabase } from './db/backup';
import { openPostgres } from './db/postgres';
import { openSqlite } from './db/sqlite';
import { createLogger } from './log';
import { readBackupConfig } from './maintenance';
import { SetupCodes } from './server-state';
import { HttpError } from './errors';
import { importLieuxCommand } from './lieux-import';
import { dataDirectory, openStore } from './storage';

const HELP = `Sillon — administration

  npm run admin -- create-structure "Nom de la structure"
  npm run admin -- create-user --structure <id> --email <e-mail> --name "Prénom Nom" --role conseiller|coordinateur [--password <mot de passe>]
  npm run admin -- reset-password --email <e-mail> [--password <mot de passe>]
  npm run admin -- list-structures
  npm run admin -- list-users --structure <id>
  npm run admin -- list-devices [--structure <id>]
  npm run admin -- revoke-device <id>
  npm run admin -- backup <fichier>          copie cohérente, serveur en marche (SQLite : .sqlite ; PostgreSQL : pg_dump)
  npm run admin -- restore <fichier> [--force]   remet la sauvegarde en place (une copie de l'état actuel est gardée)
  npm run admin -- setup-code                 nouveau code de première mise en service
  npm run admin -- import-lieux <fichier.csv|fichier.json> [--structure <id>] [--strict]

Sans --password, un mot de passe provisoire est généré et affiché.
import-lieux lit un fichier au schéma des lieux de médiation numérique (export CSV de la cartographie
nationale ou JSON) : les lignes valides sont importées, chaque ligne refusée est listée ; avec --strict,
rien n’est importé si une ligne est refusée. Seuls les départements de SILLON_DEPARTEMENTS (46,47) sont gardés.
La base est celle du serveur : DATABASE_URL (PostgreSQL) ou SILLON_DATA_DIR (SQLite, dossier data/ par défaut).`;

const generatedPassword = (): string => randomBytes(12).toString('base64url');

const fail = (message: string): never => {
  console.error(message);
  process.exit(1);
};

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    structure: { type: 'string' },
    email: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string' },
    password: { type: 'string' },
    force: { type: 'boolean' },
    strict: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
});
const [command, ...args] = positionals;
if (!command || values.help) {
  console.log(HELP);
  process.exit(command ? 0 : 1);
}

const password = (): string => {
  const value = values.password ?? generatedPassword();
  const checked = passwordSchema.safeParse(value);
  if (!checked.success) fail(`Mot de passe refusé : ${checked.error.issues[0]?.message ?? ''}`);
  return value;
};

const logger = createLogger();
const { store } = await openStore();
let closed = false;
try {
  switch (command) {
    case 'create-structure': {
      const name = args.join(' ').trim();
      if (name.length < 2) fail('Donnez le nom de la structure.');
      console.log(`Structure créée : ${await store.createStructure(name)}`);
      break;
    }
    case 'create-user': {
      const { structure, email, name, role } = values;
      if (!structure || !email || !name || !role)
        fail('Options requises : --structure --email --name --role');
      if (!ROLES.includes(role as Role)) fail(`Rôle inconnu : ${role} (conseiller ou coordinateur)`);
      const secret = password();
      const id = await store.createUser({
        structureId: structure!,
        email: email!.trim().toLowerCase(),
        name: name!.trim(),
        role: role as Role,
        passwordHash: await hashPassword(secret),
      });
      console.log(`Compte créé : ${id}`);
      if (!values.password) console.log(`Mot de passe provisoire : ${secret}`);
      break;
    }
    case 'reset-password': {
      if (!values.email) fail('Option requise : --email');
      const secret = password();
      const user = await store.findUserByEmail(values.email!.trim().toLowerCase());
      if (!user) fail('Aucun compte avec cette adresse.');
      // Provisional, and every device of the account signed out (as a coordinateur's reset).
      await new AccountStore(store.db).setPassword(user!.id, await hashPassword(secret), {
        provisional: true,
      });
      console.log('Mot de passe changé.');
      if (!values.password) console.log(`Mot de passe provisoire : ${secret}`);
      break;
    }
    case 'list-structures':
      console.table(await store.listStructures());
      break;
    case 'list-users':
      if (!values.structure) fail('Option requise : --structure');
      console.table(await store.listUsers(values.structure!));
      break;
    case 'list-devices':
      console.table(
        (await store.listDevices(values.structure)).map((d) => ({
          id: d.id,
          label: d.label,
          user: d.user_name,
          structure: d.structure_id,
          lastSeen: d.last_seen_at,
          revoked: d.revoked_at ?? '',
        })),
      );
      break;
    case 'revoke-device': {
      const id = args[0];
      if (!id) fail('Donnez l’identifiant de l’appareil (list-devices).');
      console.log(
        (await store.revokeDevice(id!)) ? 'Appareil révoqué.' : 'Appareil introuvable ou déjà révoqué.',
      );
      break;
    }
    case 'backup': {
      const file = args[0];
      if (!file) fail('Donnez le fichier de la sauvegarde : npm run admin -- backup /chemin/sillon.sqlite');
      const result = await backupDatabase(store.db, resolve(file!));
      logger.info('backup_done', { file: result.file, bytes: result.bytes, ms: result.ms, automatic: false });
      console.log(
        `Sauvegarde écrite : ${result.file} (${Math.round(result.bytes / 1024)} Ko, ${result.ms} ms).`,
      );
      break;
    }
    case 'restore': {
      const file = args[0] ? resolve(args[0]) : undefined;
      if (!file || !existsSync(file))
        fail('Donnez une sauvegarde existante : npm run admin -- restore <fichier>');
      const kind = store.db.source.kind;
      if (formatOf(file!) !== kind)
        fail(`Ce fichier n’est pas une sauvegarde ${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'} de Sillon.`);
      // What is replaced is kept first: a restore of the wrong file can itself be undone.
      const config = readBackupConfig(process.env, dataDirectory());
      const stamp = new Date().toISOString().slice(0, 19).replace(/[:]/g, '');
      const before = await backupDatabase(
        store.db,
        join(config.dir, `avant-restauration-${stamp}${extensionOf(kind)}`),
      );
      console.log(`État actuel gardé dans ${before.file}.`);
      const source = store.db.source;
      await store.close();
      closed = true;
      const epoch = await restoreDatabase(
        source,
        file!,
        async () =>
          source.kind === 'postgres'
            ? openPostgres(source.url, {
                ...(source.schema ? { schema: source.schema } : {}),
                applicationName: 'sillon-admin',
              })
            : openSqlite(source.file),
        { force: !!values.force },
      );
      logger.info('restore_done', { file: file!, epoch });
      console.log(
        `Sauvegarde restaurée (époque ${epoch.slice(0, 8)}). Les tablettes renverront d’elles-mêmes ce qui a été saisi depuis, à leur prochaine synchronisation.`,
      );
      break;
    }
    case 'setup-code': {
      const code = await new SetupCodes(store.db).issue(true);
      if (!code) fail('Ce serveur est déjà configuré : la mise en service n’est plus possible.');
      console.log(`Code de première mise en service : ${code} (l’ancien ne vaut plus).`);
      break;
    }
    case 'import-lieux': {
      const path = args[0];
      if (!path)
        fail('Donnez le fichier à importer (CSV ou JSON au schéma des lieux de médiation numérique).');
      let text = '';
      try {
        text = readFileSync(path!, 'utf8');
      } catch {
        fail(`Fichier illisible : ${path}`);
      }
      const result = await importLieuxCommand(
        store,
        { name: basename(path!), text },
        { ...(values.structure ? { structure: values.structure } : {}), strict: !!values.strict },
      );
      for (const line of result.lines) console.log(line);
      if (!result.ok) process.exitCode = 1;
      break;
    }
    default:
      fail(`Commande inconnue : ${command}\n\n${HELP}`);
  }
} catch (error) {
  fail(error instanceof HttpError || error instanceof BackupError ? error.message : String(error));
} finally {
  if (!closed) await store.close();
}
