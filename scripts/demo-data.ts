// `npm run demo-data`: fills a Sillon server with a realistic demonstration structure of the Lot and
// Lot-et-Garonne (src/domain/seed.ts), so that a tablet that signs in receives it by syncing.
//
//   npm run demo-data -- --url http://localhost:8080 --email moi@exemple.fr --password '…'
//       signs in to a running server as a device of that account and pushes the records through
//       the sync API (exactly what a tablet does);
//   npm run demo-data -- --direct [--email demo@exemple.fr --password '…']
//       writes through the server's storage (DATABASE_URL or SILLON_DATA_DIR, as `npm run serve`),
//       creating « Structure de démonstration » and its coordinateur when the account does not exist.
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';

import { hashPassword, hashToken, newToken } from '../server/crypto';
import { openStore } from '../server/storage';
import type { Store } from '../server/store';
import { SeedGenerator } from '../src/domain/seed';
import {
  MAX_MUTATIONS_PER_PUSH,
  SCHEMA_HEADER,
  SYNC_SCHEMA_VERSION,
  passwordSchema,
  type Mutation,
  type PushRequest,
  type PushResponse,
  type SignInResponse,
} from '../src/domain/sync';
import { loadSeedCommunes } from './seed/communes';

const HELP = `Données de démonstration Sillon

  npm run demo-data -- --url http://localhost:8080 --email E --password P
  npm run demo-data -- --direct [--email E --password P]

Options : --beneficiaries 300 --activities 3000 --items 40 --years 2 --seed 1`;

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    direct: { type: 'boolean', default: false },
    email: { type: 'string' },
    password: { type: 'string' },
    beneficiaries: { type: 'string', default: '300' },
    activities: { type: 'string', default: '3000' },
    items: { type: 'string', default: '40' },
    years: { type: 'string', default: '2' },
    seed: { type: 'string', default: '1' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

const fail = (message: string): never => {
  console.error(message);
  process.exit(1);
};

if (values.help || (!values.url && !values.direct)) {
  console.log(HELP);
  process.exit(values.help ? 0 : 1);
}

const count = (name: string, raw: string | undefined): number => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 1_000_000) fail(`--${name} : nombre entier attendu`);
  return n;
};
const sizes = {
  beneficiaries: Math.max(1, count('beneficiaries', values.beneficiaries)),
  activities: count('activities', values.activities),
  items: count('items', values.items),
};

/** Every record as a creation, in an order where references come first (lieux, people, sessions). */
function* mutations(g: SeedGenerator): Generator<Omit<Mutation, 'seq'>> {
  const at = new Date().toISOString();
  const creation = (table: Mutation['table'], record: { id: string }): Omit<Mutation, 'seq'> => {
    const patch: Record<string, unknown> = { ...record };
    for (const key of ['id', 'serverVersion', 'structureId', 'createdBy', 'updatedAt']) delete patch[key];
    return { table, recordId: record.id, op: 'put', patch, baseVersion: 0, at };
  };
  for (let i = 0; i < g.lieuCount; i++) yield creation('lieux', g.lieu(i));
  for (let i = 0; i < sizes.beneficiaries; i++) yield creation('beneficiaries', g.beneficiary(i));
  for (let i = 0; i < sizes.activities; i++) yield creation('activities', g.activity(i, sizes.activities));
  for (let i = 0; i < sizes.items; i++) yield creation('items', g.item(i));
}

/** Sends everything in batches; `send` returns the acknowledged mutation id. */
const pushAll = async (g: SeedGenerator, send: (request: PushRequest) => Promise<number>) => {
  const deviceId = randomUUID();
  let seq = 0;
  let batch: Mutation[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const ack = await send({ deviceId, mutations: batch });
    if (ack !== batch[batch.length - 1]!.seq) fail(`Le serveur n’a accusé réception que jusqu’à ${ack}.`);
    batch = [];
    process.stdout.write(`\r${seq} enregistrements envoyés`);
  };
  for (const m of mutations(g)) {
    batch.push({ ...m, seq: ++seq });
    if (batch.length === MAX_MUTATIONS_PER_PUSH) await flush();
  }
  await flush();
  process.stdout.write('\n');
  return { deviceId, total: seq };
};

const generator = (advisorId: string | undefined) =>
  new SeedGenerator({
    seed: count('seed', values.seed),
    communes: loadSeedCommunes(),
    beneficiaries: sizes.beneficiaries,
    years: Math.max(1, count('years', values.years)),
    now: new Date(),
    ...(advisorId ? { advisorIds: [advisorId] } : {}),
  });

const viaApi = async (url: string) => {
  if (!values.email || !values.password) fail('Options requises avec --url : --email et --password');
  const base = url.replace(/\/$/, '');
  const headers = { [SCHEMA_HEADER]: String(SYNC_SCHEMA_VERSION), 'Content-Type': 'application/json' };
  const deviceId = randomUUID();
  const signIn = await fetch(`${base}/api/auth/sign-in`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      email: values.email,
      password: values.password,
      deviceId,
      deviceLabel: 'demo-data',
    }),
  });
  if (!signIn.ok)
    fail(`Connexion refusée : ${((await signIn.json()) as { message?: string }).message ?? signIn.status}`);
  const { token, user } = (await signIn.json()) as SignInResponse;
  const { total } = await pushAll(generator(user.userId), async (request) => {
    const res = await fetch(`${base}/api/sync/push`, {
      method: 'POST',
      headers: { ...headers, Authorization: `Bearer ${token}` },
      body: JSON.stringify({ ...request, deviceId }),
    });
    if (!res.ok) fail(`Envoi refusé : ${res.status} ${await res.text()}`);
    return ((await res.json()) as PushResponse).ack;
  });
  console.log(
    `${total} enregistrements ajoutés à « ${user.structureName} ». Synchronisez la tablette pour les recevoir.`,
  );
};

const direct = async (store: Store) => {
  const email = (values.email ?? 'demo@exemple.fr').trim().toLowerCase();
  const password = values.password ?? `demo-${randomUUID().slice(0, 8)}`;
  if (!passwordSchema.safeParse(password).success) fail('Mot de passe trop court (10 caractères au moins).');
  const user = await store.findUserByEmail(email);
  let userId: string;
  let structureId: string;
  if (user) {
    const memberships = await store.membershipsOf(user.id);
    if (!memberships[0]) fail(`Le compte ${email} n’a accès à aucune structure.`);
    userId = user.id;
    structureId = memberships[0]!.structureId;
  } else {
    structureId = await store.createStructure('Structure de démonstration');
    userId = await store.createUser({
      email,
      name: 'Conseillère de démonstration',
      passwordHash: await hashPassword(password),
      structureId,
      role: 'coordinateur',
    });
    console.log(`Compte créé : ${email} / ${password}`);
  }
  const memberships = await store.membershipsOf(userId);
  const role = memberships.find((m) => m.structureId === structureId)!.role;
  const deviceId = randomUUID();
  await store.registerDevice({
    deviceId,
    userId,
    structureId,
    tokenHash: hashToken(newToken()),
    label: 'demo-data',
  });
  const principal = { userId, deviceId, structureId, role };
  const { total } = await pushAll(generator(userId), async (request) => {
    const response = await store.push(principal, { ...request, deviceId });
    return response.ack;
  });
  console.log(`${total} enregistrements écrits dans la base du serveur. Connectez-vous avec ${email}.`);
};

if (values.url) await viaApi(values.url);
else {
  const { store, description } = await openStore();
  console.log(`Base : ${description}`);
  try {
    await direct(store);
  } finally {
    await store.close();
  }
}
