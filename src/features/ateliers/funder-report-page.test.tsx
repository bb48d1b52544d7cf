// @vitest-environment jsdom
import { cleanup, configure, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import readExcelFile from 'read-excel-file/universal';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { saveBeneficiary } from '../../data/beneficiaries';
import { SillonDB, useDatabase } from '../../data/db';
import { recordPass } from '../../data/passes';
import {
  closeSession,
  createCycle,
  createSession,
  register,
  setAnonymousWalkIns,
  setPresence,
} from '../../data/workshops';
import { beneficiaryInputSchema } from '../../domain/beneficiary';
import { passFields } from '../../domain/pass-numerique';
import { cycleInputSchema, sessionInputSchema } from '../../domain/workshops';
import { FunderReportPage } from './funder-report-page';

configure({ asyncUtilTimeout: 10_000 });

let db: SillonDB;
let n = 0;
beforeEach(async () => {
  n += 1;
  db = useDatabase(new SillonDB(`funder-report-${n}-${Date.now()}`));
  await db.open();
});
afterEach(async () => {
  cleanup();
  vi.restoreAllMocks();
  await db.delete();
});

const GRAMAT = { codeInsee: '46127', nom: 'Gramat', codePostal: '46500' };
const CAHORS = { codeInsee: '46042', nom: 'Cahors', codePostal: '46000' };
const FUNDER = 'Conférence des financeurs du Lot';
const year = new Date().getFullYear();

const person = (fields: Record<string, unknown>) =>
  saveBeneficiary(db, undefined, beneficiaryInputSchema().parse({ anonyme: false, ...fields }));

/** A cycle of three sessions in March: two held (closed), one still to come. */
const seed = async () => {
  const cycle = await createCycle(
    db,
    cycleInputSchema.parse({
      titre: 'Premiers pas',
      thematiques: ['prendre_en_main_du_materiel'],
      financeurs: [FUNDER],
    }),
  );
  const other = await createCycle(
    db,
    cycleInputSchema.parse({
      titre: 'Démarches en ligne',
      thematiques: ['navigation_sur_internet'],
      financeurs: ['CAF'],
    }),
  );
  const at = (cycleId: string, date: string, fin = '16:30') =>
    createSession(db, cycleId, sessionInputSchema.parse({ date, debut: '14:00', fin, commune: GRAMAT }));
  const s1 = await at(cycle.id, `${year}-03-02`);
  const s2 = await at(cycle.id, `${year}-03-09`, '16:00');
  await at(cycle.id, `${year}-03-16`);
  const s4 = await at(other.id, `${year}-03-03`);
  const jeanne = await person({
    prenom: 'Jeanne',
    nom: 'Durand',
    anneeNaissance: year - 72,
    genre: 'feminin',
    statutSocial: 'retraite',
    commune: GRAMAT,
  });
  const paul = await person({
    prenom: 'Paul',
    nom: 'Roche',
    anneeNaissance: year - 45,
    genre: 'masculin',
    commune: CAHORS,
  });
  const nina = await person({ prenom: 'Nina', nom: 'Garcia' });
  await register(db, cycle.id, jeanne.id);
  await register(db, cycle.id, paul.id);
  await register(db, other.id, nina.id);
  await setPresence(db, s1.id, jeanne.id, true);
  await setPresence(db, s1.id, paul.id, false);
  await setAnonymousWalkIns(db, s1.id, {
    total: 1,
    dejaAccompagne: 0,
    genre: { feminin: 1 },
    trancheAge: { soixante_soixante_neuf: 1 },
    statutSocial: {},
  });
  await setPresence(db, s2.id, jeanne.id, true);
  await setPresence(db, s2.id, paul.id, true);
  await setPresence(db, s4.id, nina.id, true);
  const sig = 'b'.repeat(64); // the sheet's blobs are not read by the report
  for (const s of [s1, s2, s4])
    await closeSession(db, s.id, {
      pdf: sig,
      advisorSignature: sig,
      advisorName: 'Léa',
      signedAt: `${s.date}T16:35:00.000Z`,
      hash: 'a'.repeat(64),
    });
  await recordPass(
    db,
    passFields.parse({ code: 'APTIC-1', annee: year, dateReception: s1.date, sessionId: s1.id }),
  );
  await recordPass(
    db,
    passFields.parse({ code: 'APTIC-2', valeur: 20, annee: year, dateReception: s2.date, sessionId: s2.id }),
  );
  return { cycle };
};

const renderAt = (url: string) =>
  render(
    <RouterProvider
      router={createMemoryRouter([{ path: '/ateliers/rapport', element: <FunderReportPage /> }], {
        initialEntries: [url],
      })}
    />,
  );

const figure = (label: string) => {
  const term = within(screen.getByRole('region', { name: 'Chiffres clés' })).getByText(label, {
    selector: 'dt',
  });
  return term.nextElementSibling?.textContent;
};

describe('funder report screen', () => {
  it('reports a cycle for its funder, on screen and as an XLSX read back', async () => {
    const user = userEvent.setup();
    const { cycle } = await seed();
    renderAt(`/ateliers/rapport?cycle=${cycle.id}`);
    expect(
      await screen.findByRole('heading', { name: `Rapport d’activité pour ${FUNDER}` }),
    ).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: /^Financeur/ })).toHaveValue(FUNDER);
    expect(screen.getByLabelText(/^Du/)).toHaveValue(`${year}-03-02`);
    expect(screen.getByLabelText(/^Au/)).toHaveValue(`${year}-03-16`);
    // Two sessions held (the third is not closed), 2 h 30 + 2 h; Jeanne, Paul and one anonymous.
    expect(figure('Sessions tenues')).toBe('2');
    expect(figure('Heures délivrées')).toBe('4 h 30');
    expect(figure('Participants')).toBe('3');
    expect(figure('Dont participants anonymes')).toBe('1');
    expect(figure('Dont 60 ans et plus')).toBe('2');
    // 3 presences of the registered over 4 places expected.
    expect(figure('Taux de présence des inscrits')).toBe('75 %');
    expect(figure('Pass Numérique reçus')).toBe('2');
    expect(figure('Montant des pass')).toMatch(/^30,00\s€$/);
    const age = screen.getByRole('table', { name: 'Par tranche d’âge' });
    expect(within(age).getByRole('row', { name: '70 ans et plus 1' })).toBeInTheDocument();
    expect(within(age).getByRole('row', { name: '60 - 69 ans 1' })).toBeInTheDocument();
    expect(within(age).getByRole('row', { name: '40 - 59 ans 1' })).toBeInTheDocument();
    const communes = screen.getByRole('table', { name: 'Par commune de résidence' });
    expect(within(communes).getByRole('row', { name: 'Gramat 1' })).toBeInTheDocument();
    expect(within(communes).getByRole('row', { name: 'Cahors 1' })).toBeInTheDocument();
    expect(
      within(screen.getByRole('table', { name: 'Par statut' })).getByRole('row', { name: 'Retraité 1' }),
    ).toBeInTheDocument();

    // The XLSX, read back.
    let blob: Blob | undefined;
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blob = b as Blob;
      return 'blob:report';
    });
    await user.click(screen.getByRole('button', { name: 'Exporter (XLSX)' }));
    await vi.waitFor(() => expect(blob).toBeDefined());
    const sheets = await readExcelFile(blob!);
    const rows = sheets[0]!.data.map((r) => r.filter((c) => c !== null));
    expect(rows[0]).toEqual([`Rapport d’activité pour ${FUNDER}`]);
    expect(rows).toContainEqual(['Financeur', FUNDER]);
    expect(rows).toContainEqual(['Sessions tenues', 2]);
    expect(rows).toContainEqual(['Heures délivrées', 4.5]);
    expect(rows).toContainEqual(['Dont 60 ans et plus', 2]);
    expect(rows).toContainEqual(['Taux de présence des inscrits', 75]);
    expect(rows).toContainEqual(['Montant des pass (€)', 30]);
    expect(rows).toContainEqual(['Commune de résidence', 'Participants']);
    expect(rows).toContainEqual(['Gramat', 1]);
  });

  it('reports a period for a funder: only the cycles naming it; a bad period says so', async () => {
    const user = userEvent.setup();
    await seed();
    renderAt('/ateliers/rapport');
    const from = await screen.findByLabelText(/^Du/);
    const to = screen.getByLabelText(/^Au/);
    await user.clear(from);
    await user.type(from, `${year}-03-01`);
    await user.clear(to);
    await user.type(to, `${year}-03-05`);
    await user.type(screen.getByRole('combobox', { name: /^Financeur/ }), 'caf');
    await screen.findByText('Cycles : Démarches en ligne');
    expect(figure('Sessions tenues')).toBe('1');
    expect(figure('Participants')).toBe('1');
    await user.clear(screen.getByRole('combobox', { name: /^Financeur/ }));
    await user.type(screen.getByRole('combobox', { name: /^Financeur/ }), FUNDER);
    await screen.findByText('Cycles : Premiers pas');
    expect(figure('Sessions tenues')).toBe('1');
    expect(figure('Heures délivrées')).toBe('2 h 30');
    await user.clear(to);
    await user.type(to, `${year}-02-01`);
    expect(await screen.findByText('La fin de la période doit être après son début')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Exporter (XLSX)' })).not.toBeInTheDocument();
  });
});
