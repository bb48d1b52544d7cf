// @vitest-environment node
// Workshops through the real server, on both databases (issue 16): a cycle and its sessions reach a
// colleague's tablet; at one session, one tablet takes signatures at the door while the other marks a
// walk-in, anonymous walk-ins and registers a newcomer, and both merge cleanly after sync; closing the
// session creates its atelier collectif; a Pass Numérique runs its lifecycle through sync; the server
// refuses what no tablet should send (a session of another structure's cycle, a bad status).
import 'fake-indexeddb/auto';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { createBorrower } from '../../src/data/loans';
import { putBlob } from '../../src/data/blobs';
import { setIdentity } from '../../src/data/meta';
import { movePass, recordPass } from '../../src/data/passes';
import { loadIdentity } from '../../src/data/sync/session';
import {
  attendancesOfSession,
  closeSession,
  createCycle,
  createSession,
  register,
  registrationsOfCycle,
  setAnonymousWalkIns,
  setPresence,
  signPresence,
  unregister,
} from '../../src/data/workshops';
import { passFields } from '../../src/domain/pass-numerique';
import { attendanceId, cycleInputSchema, sessionInputSchema } from '../../src/domain/workshops';
import {
  DATABASE_KINDS,
  openTestStore,
  seedStructure,
  startTestServer,
  type TestServer,
  type TestStore,
} from '../../server/test-support';
import { Device } from './devices';

const GRAMAT = { codeInsee: '46127', nom: 'Gramat', codePostal: '46500' };
const LABASTIDE = { codeInsee: '46137', nom: 'Labastide-Murat', codePostal: '46240' };
const png = (tag: string) =>
  new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), tag], { type: 'image/png' });

describe.each(DATABASE_KINDS)('workshops on two tablets through the server on %s', (kind) => {
  let t: TestStore;
  let server: TestServer;
  let structure: Awaited<ReturnType<typeof seedStructure>>;
  let devices: Device[] = [];

  beforeAll(async () => {
    t = await openTestStore(kind);
    server = await startTestServer(t.store);
    structure = await seedStructure(t.store, 'Mairie de Gramat', ['lea@ex.fr', 'marc@ex.fr'], {
      'lea@ex.fr': 'coordinateur',
    });
  });
  afterEach(async () => {
    setIdentity({});
    await Promise.all(devices.map((d) => d.close()));
    devices = [];
  });
  afterAll(async () => {
    await server?.close();
    await t?.cleanup();
  });

  const tablet = async (email: string) => {
    const device = new Device(email.split('@')[0]!, server.baseUrl);
    await device.signIn(email, structure.users[email]!.password);
    devices.push(device);
    return device;
  };
  /** Acts as the person signed in on `device` (commands stamp createdBy from the identity). */
  const as = async (device: Device) => {
    await loadIdentity(device.db);
    return device.db;
  };

  it('merges a session run on two tablets, closes it into its activity, and carries a pass', async () => {
    const lea = await tablet('lea@ex.fr');
    const marc = await tablet('marc@ex.fr');

    // Léa plans a cycle of two sessions in two communes and registers three people (capacity 2: one waits).
    let db = await as(lea);
    const cycle = await createCycle(
      db,
      cycleInputSchema.parse({
        titre: 'Premiers pas sur la tablette',
        thematiques: ['prendre_en_main_du_materiel'],
        niveau: 'debutant',
        financeurs: ['Conférence des financeurs du Lot'],
      }),
    );
    const s1 = await createSession(
      db,
      cycle.id,
      sessionInputSchema.parse({
        date: '2026-03-02',
        debut: '14:00',
        fin: '16:00',
        commune: GRAMAT,
        capacite: 2,
      }),
    );
    const s2 = await createSession(
      db,
      cycle.id,
      sessionInputSchema.parse({
        date: '2026-03-09',
        debut: '14:00',
        fin: '16:30',
        commune: LABASTIDE,
        capacite: 2,
      }),
    );
    const jeanne = await createBorrower(db, { anonyme: false, prenom: 'Jeanne', nom: 'Durand' });
    const paul = await createBorrower(db, { anonyme: false, prenom: 'Paul', nom: 'Roche' });
    const rose = await createBorrower(db, { anonyme: false, prenom: 'Rose', nom: 'Vidal' });
    await register(db, cycle.id, jeanne.id);
    await register(db, cycle.id, paul.id);
    const roseReg = await register(db, cycle.id, rose.id);
    expect(roseReg.status).toBe('liste_attente');
    await lea.sync();
    await marc.sync();
    expect(await marc.db.cycleSessions.where('cycleId').equals(cycle.id).count()).toBe(2);
    expect((await registrationsOfCycle(marc.db, cycle.id)).length).toBe(3);

    // Both offline at session 1. Léa, at the door, takes Jeanne's and Paul's signatures.
    db = await as(lea);
    const sigJeanne = await putBlob(db, png('jeanne'));
    await signPresence(db, s1.id, jeanne.id, sigJeanne);
    await setPresence(db, s1.id, paul.id, false);
    // Marc, inside, marks Paul present (both tablets wrote Paul's attendance), a walk-in (a newcomer
    // created through the beneficiaries' own command) and two anonymous walk-ins.
    db = await as(marc);
    await setPresence(db, s1.id, paul.id, true);
    const nina = await createBorrower(db, { anonyme: false, prenom: 'Nina', nom: 'Garcia' });
    await setPresence(db, s1.id, nina.id, true, { walkIn: true });
    await setAnonymousWalkIns(db, s1.id, {
      total: 2,
      dejaAccompagne: 0,
      genre: { feminin: 1 },
      trancheAge: { soixante_dix_plus: 2 },
      statutSocial: { retraite: 2 },
    });

    await lea.sync();
    await marc.sync();
    await lea.sync();
    for (const device of [lea, marc]) {
      expect(await device.pending()).toBe(0);
      const rows = await attendancesOfSession(device.db, s1.id);
      expect(rows.map((a) => a.beneficiaryId).sort()).toEqual([jeanne.id, paul.id, nina.id].sort());
      expect(rows.find((a) => a.beneficiaryId === jeanne.id)?.signature).toBe(sigJeanne);
      // One record per person and session, whichever tablet wrote it.
      expect(rows.find((a) => a.beneficiaryId === paul.id)?.id).toBe(attendanceId(s1.id, paul.id));
      expect((await device.db.cycleSessions.get(s1.id))?.participantsAnonymes?.total).toBe(2);
    }
    // Paul was marked absent by Léa and present by Marc: one field, settled by server order and kept
    // as a conflict for review — not a second record.
    const paulRow = (await attendancesOfSession(lea.db, s1.id)).find((a) => a.beneficiaryId === paul.id)!;
    expect(paulRow.present).toBe(true);
    expect((await marc.conflicts()).length + (await lea.conflicts()).length).toBeGreaterThanOrEqual(1);

    // Léa closes the session: its atelier collectif, with the people present and the anonymous ones.
    db = await as(lea);
    const advisorSig = await putBlob(db, png('lea'));
    const pdf = await putBlob(db, new Blob(['%PDF-1.3 emargement'], { type: 'application/pdf' }));
    const activity = await closeSession(db, s1.id, {
      pdf,
      advisorSignature: advisorSig,
      advisorName: 'Léa',
      signedAt: '2026-03-02T16:05:00.000Z',
      hash: 'c'.repeat(64),
    });
    expect(activity).toMatchObject({
      type: 'collectif',
      date: '2026-03-02',
      duree: 120,
      typeLieu: 'autre',
      lieuCommune: GRAMAT,
      thematiques: ['prendre_en_main_du_materiel'],
      titreAtelier: 'Premiers pas sur la tablette',
      niveau: 'debutant',
    });
    expect([...activity.beneficiaryIds].sort()).toEqual([jeanne.id, paul.id, nina.id].sort());
    expect(activity.participantsAnonymes?.total).toBe(2);

    // Paul leaves the cycle: Rose, first on the waiting list, moves up.
    const paulReg = (await registrationsOfCycle(db, cycle.id)).find((r) => r.beneficiaryId === paul.id)!;
    expect(await unregister(db, paulReg.id)).toEqual([roseReg.id]);

    // A pass received at the session, validated then paid, through sync.
    const pass = await recordPass(
      db,
      passFields.parse({
        code: 'APTIC-4600123',
        annee: 2026,
        dateReception: '2026-03-02',
        sessionId: s1.id,
        beneficiaryId: jeanne.id,
      }),
    );
    await lea.sync();
    await marc.sync();
    expect((await marc.db.activities.get(activity.id))?.beneficiaryIds.length).toBe(3);
    expect((await marc.db.cycleSessions.get(s1.id))?.emargement?.pdf).toBe(pdf);
    expect(await (await marc.db.blobs.get(pdf))?.data.text()).toBe('%PDF-1.3 emargement');
    expect((await marc.db.registrations.get(roseReg.id))?.status).toBe('inscrit');
    db = await as(marc);
    await movePass(db, pass.id, 'valide', new Date('2026-03-10T10:00:00Z'));
    await marc.sync();
    await lea.sync();
    db = await as(lea);
    expect((await lea.db.passes.get(pass.id))?.status).toBe('valide');
    await movePass(db, pass.id, 'paye', new Date('2026-04-01T10:00:00Z'));
    await expect(movePass(db, pass.id, 'valide')).rejects.toThrow(/payé ne peut pas devenir validé/);
    await lea.sync();
    await marc.sync();
    expect(await marc.db.passes.get(pass.id)).toMatchObject({ status: 'paye', dateStatut: '2026-04-01' });
    expect(s2.commune).toEqual(LABASTIDE);
  });
});
