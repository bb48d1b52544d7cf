// Encryption at rest, checked on disk (issue 14): a Chromium profile in a known folder, a session of
// an advisor (a beneficiary with witness values, a session with notes, a sync), the browser closed,
// then every file of the profile read raw — IndexedDB and its blob files, Cache Storage, Local and
// Session Storage, History, Sessions, Preferences… — for each witness value in UTF-8, Latin-1 and
// UTF-16LE, in lower, upper, title and typed case, with and without accents.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import { chromium } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';

import { waitForServiceWorker } from './browser';
import { admin, heading, PASSWORD, syncNow } from './session';

const WITNESSES = {
  prenom: 'Zéphyrine',
  nom: 'Castagnède',
  telephone: '06 47 29 83 15',
  email: 'zephyrine.castagnede@exemple.fr',
  adresse: '14 impasse des Glycines',
  notes: 'Allergique aux orchidées bleues',
  sessionNotes: 'Rapporte le relevé Ameli signé',
};

/** The forms a witness may take on disk: as typed, normalised, the phone's digit forms. */
const variants = (value: string): string[] => {
  const plain = value.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  const forms = new Set<string>();
  for (const v of [value, plain]) {
    forms.add(v);
    forms.add(v.toLowerCase());
    forms.add(v.toUpperCase());
    forms.add(v.replace(/(^|\s)(\p{L})/gu, (_, s: string, c: string) => s + c.toUpperCase()));
  }
  return [...forms];
};

const needles = (): { label: string; bytes: Buffer }[] => {
  const texts = [
    ...Object.values(WITNESSES).flatMap(variants),
    // The phone as stored and as indexed.
    '0647298315',
    '+33647298315',
    '33647298315',
    // Distinctive words on their own (the search tokens are words).
    ...variants('Zéphyrine'),
    ...variants('Castagnède'),
    ...variants('orchidées'),
    ...variants('Ameli signé'),
  ];
  const out: { label: string; bytes: Buffer }[] = [];
  for (const text of new Set(texts))
    for (const encoding of ['utf8', 'latin1', 'utf16le'] as const)
      // Latin-1 cannot hold every character: only where it round-trips.
      if (encoding !== 'latin1' || Buffer.from(text, 'latin1').toString('latin1') === text)
        out.push({ label: `${text} (${encoding})`, bytes: Buffer.from(text, encoding) });
  return out;
};

const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) return [];
    return stat.isDirectory() ? filesUnder(path) : stat.isFile() ? [path] : [];
  });

describe('a Chromium profile after a session', () => {
  const profile = mkdtempSync(join(tmpdir(), 'sillon-raw-profile-'));
  afterAll(() => rmSync(profile, { recursive: true, force: true }));

  it('holds none of a beneficiary’s witness values, in any encoding, case or accent', async () => {
    const structureId = /([0-9a-f-]{36})/.exec(
      admin('create-structure', 'Espace numérique de Lacapelle'),
    )![1]!;
    admin(
      'create-user',
      ...['--structure', structureId, '--email', 'ines@lacapelle.fr', '--name', 'Inès Roques'],
      ...['--role', 'conseiller', '--password', PASSWORD],
    );
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
      baseURL: inject('baseURL'),
      viewport: { width: 1280, height: 800 },
      hasTouch: true,
      locale: 'fr-FR',
      timezoneId: 'Europe/Paris',
      serviceWorkers: 'allow',
    });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto('/connexion');
      await heading(page, 'Connexion').waitFor();
      await page.getByLabel(/^Adresse e-mail/).fill('ines@lacapelle.fr');
      await page.getByLabel(/^Mot de passe/).fill(PASSWORD);
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await heading(page, 'Synchronisation').waitFor();
      await waitForServiceWorker(page);

      await page.goto('/beneficiaires/nouveau');
      await heading(page, 'Nouveau bénéficiaire').waitFor();
      await page.getByRole('textbox', { name: /^Prénom/ }).fill(WITNESSES.prenom);
      await page.getByRole('textbox', { name: /^Nom/ }).fill(WITNESSES.nom);
      await page.getByRole('textbox', { name: /^Téléphone/ }).fill(WITNESSES.telephone);
      await page.getByRole('textbox', { name: /^E-mail/ }).fill(WITNESSES.email);
      await page.getByRole('textbox', { name: /^Adresse/ }).fill(WITNESSES.adresse);
      await page.getByRole('textbox', { name: /^Notes/ }).fill(WITNESSES.notes);
      await page.getByRole('button', { name: 'Enregistrer' }).click();
      await heading(page, /Zéphyrine CASTAGNÈDE/).waitFor();

      await page.getByRole('link', { name: 'Nouvel accompagnement' }).click();
      await heading(page, 'Accompagnement individuel').waitFor();
      await page.getByRole('radio', { name: '1h', exact: true }).check();
      await page.getByRole('radio', { name: 'À distance' }).check();
      await page.getByRole('checkbox', { name: /Aide aux démarches administratives/ }).check();
      await page.getByRole('checkbox', { name: /Transports - Mobilité/ }).check();
      await page.getByRole('textbox', { name: /Préciser le nom de la démarche/ }).fill('Carte grise');
      await page.getByRole('checkbox', { name: 'Tablette', exact: true }).check();
      await page.getByRole('radio', { name: 'Autonome avec guidage en cas de besoin' }).check();
      await page.getByRole('radio', { name: 'Non' }).check();
      await page.getByRole('textbox', { name: /Notes sur l’accompagnement/ }).fill(WITNESSES.sessionNotes);
      await page.getByRole('button', { name: 'Enregistrer' }).click();
      await page.getByText('L’activité a été enregistrée.').waitFor();

      // The search, the list and the fiche read the sealed rows back.
      await page.goto('/beneficiaires');
      await page.getByRole('searchbox', { name: 'Rechercher un bénéficiaire' }).fill('castag');
      await page.getByRole('link', { name: /Zéphyrine CASTAGNÈDE/ }).waitFor();
      await syncNow(page);
      // The list's order, saved sealed in idle time (src/data/beneficiary-order-store.ts), is on disk too.
      await page.waitForFunction(
        async () => {
          for (const { name } of await indexedDB.databases()) {
            if (!name?.startsWith('sillon')) continue;
            const db = await new Promise<IDBDatabase>((resolve, reject) => {
              const open = indexedDB.open(name);
              open.onsuccess = () => resolve(open.result);
              open.onerror = () => reject(open.error);
            });
            try {
              if (!db.objectStoreNames.contains('meta')) continue;
              const head = await new Promise((resolve) => {
                const get = db.transaction('meta').objectStore('meta').get('beneficiaryOrder');
                get.onsuccess = () => resolve(get.result);
                get.onerror = () => resolve(undefined);
              });
              if (head) return true;
            } finally {
              db.close();
            }
          }
          return false;
        },
        undefined,
        { polling: 500, timeout: 20_000 },
      );
    } finally {
      await context.close();
    }

    const found: string[] = [];
    const all = needles();
    for (const file of filesUnder(profile)) {
      const bytes = readFileSync(file);
      for (const needle of all)
        if (bytes.includes(needle.bytes)) found.push(`${relative(profile, file)}: ${needle.label}`);
    }
    expect(found).toEqual([]);
  });
});
