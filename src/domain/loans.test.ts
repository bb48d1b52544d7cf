import { describe, expect, it } from 'vitest';

import {
  DEFAULT_AGREEMENT_BODY,
  applyReturns,
  daysLate,
  depositState,
  depositText,
  effectiveStatus,
  extendLoan,
  fillTemplate,
  findDoubleLendings,
  isOverdue,
  itemInputSchema,
  itemsText,
  loanInputSchema,
  outstandingItemIds,
  returnDeposit,
  statusAfterReturn,
  toWinAnsi,
  unavailabilityReason,
  unknownPlaceholders,
  type Item,
  type ItemReturn,
  type Loan,
} from './loans';
import { validate } from './validation';

const loan = (over: Partial<Loan> = {}): Loan => ({
  id: 'l1',
  createdAt: '2026-11-01T10:00:00.000Z',
  updatedAt: '2026-11-01T10:00:00.000Z',
  itemIds: ['a'],
  beneficiaryId: 'b1',
  startDate: '2026-11-01',
  plannedReturnDate: '2026-11-20',
  extensions: [],
  handover: [],
  returns: [],
  status: 'en_cours',
  ...over,
});

const item = (over: Partial<Item> = {}): Item => ({
  id: 'a',
  createdAt: '2026-10-01T10:00:00.000Z',
  updatedAt: '2026-10-01T10:00:00.000Z',
  type: 'tablette',
  marque: 'Samsung',
  modele: 'Galaxy Tab A8',
  inventoryNumber: 'TAB-001',
  accessoires: ['chargeur'],
  status: 'disponible',
  ...over,
});

const back = (itemId: string, over: Partial<ItemReturn> = {}): ItemReturn => ({
  itemId,
  date: '2026-11-15',
  outcome: 'bon_etat',
  accessoires: [],
  nextStatus: 'disponible',
  ...over,
});

describe('availability', () => {
  it('lets a disponible item with no active loan be lent', () => {
    expect(unavailabilityReason(item(), [], 'a')).toBeUndefined();
  });

  it('refuses an item held by an active loan, in French, with the start date', () => {
    expect(unavailabilityReason(item(), [loan()], 'a')).toBe(
      'Le matériel n° TAB-001 est déjà prêté (prêt en cours depuis le 01/11/2026).',
    );
  });

  it('ignores returned loans and loans where this item is already back', () => {
    expect(unavailabilityReason(item(), [loan({ status: 'rendu' })], 'a')).toBeUndefined();
    const partial = loan({ itemIds: ['a', 'b'], returns: [back('a')] });
    expect(unavailabilityReason(item(), [partial], 'a')).toBeUndefined();
    expect(unavailabilityReason(item({ id: 'b', inventoryNumber: 'B' }), [partial], 'b')).toMatch(
      /déjà prêté/,
    );
  });

  it('ignores deleted loans', () => {
    expect(unavailabilityReason(item(), [loan({ deleted: true })], 'a')).toBeUndefined();
  });

  it('refuses an item that is not disponible', () => {
    expect(unavailabilityReason(item({ status: 'en_reparation' }), [], 'a')).toBe(
      'Le matériel n° TAB-001 n’est pas disponible (statut : en réparation).',
    );
    expect(unavailabilityReason(item({ status: 'perdu' }), [], 'a')).toMatch(/perdu/);
    expect(unavailabilityReason(item({ deleted: true }), [], 'a')).toMatch(/supprimé/);
  });
});

describe('shown status', () => {
  it('is « prêté » while an active loan holds the item, whatever its own field says', () => {
    expect(effectiveStatus(item(), [loan()])).toBe('prete');
    expect(effectiveStatus(item(), [loan({ status: 'rendu' })])).toBe('disponible');
    expect(effectiveStatus(item({ status: 'en_reparation' }), [])).toBe('en_reparation');
  });
});

describe('overdue', () => {
  it('is overdue only when the planned date is before today and items are out', () => {
    expect(isOverdue(loan(), '2026-11-20')).toBe(false);
    expect(isOverdue(loan(), '2026-11-21')).toBe(true);
    expect(isOverdue(loan({ status: 'rendu' }), '2026-12-21')).toBe(false);
    expect(isOverdue(loan({ deleted: true }), '2026-12-21')).toBe(false);
  });

  it('counts whole days late', () => {
    expect(daysLate(loan(), '2026-11-20')).toBe(0);
    expect(daysLate(loan(), '2026-11-23')).toBe(3);
    // Across the change to winter time: still whole days.
    expect(daysLate(loan({ plannedReturnDate: '2026-10-20' }), '2026-11-20')).toBe(31);
  });
});

describe('returns', () => {
  it('closes the loan when every item is back, with the last return date', () => {
    const two = loan({ itemIds: ['a', 'b'] });
    const first = applyReturns(two, [back('a', { date: '2026-11-10' })]);
    expect(first.status).toBe('en_cours');
    expect(outstandingItemIds({ ...two, returns: first.returns })).toEqual(['b']);
    const second = applyReturns({ ...two, returns: first.returns }, [back('b', { date: '2026-11-12' })]);
    expect(second).toMatchObject({ status: 'rendu', returnedDate: '2026-11-12' });
    expect(second.returns).toHaveLength(2);
  });

  it('refuses a second return of the same item, a foreign item, an empty return or a date before the start', () => {
    const done = { ...loan(), returns: [back('a')] };
    expect(() => applyReturns(done, [back('a')])).toThrow('Ce matériel a déjà été rendu.');
    expect(() => applyReturns(loan(), [back('z')])).toThrow('Ce matériel ne fait pas partie de ce prêt.');
    expect(() => applyReturns(loan(), [])).toThrow(/au moins un/);
    expect(() => applyReturns(loan(), [back('a', { date: '2026-10-01' })])).toThrow(/précéder/);
  });

  it('sends a lost item to perdu and a damaged one to repair', () => {
    expect(statusAfterReturn('perdu')).toBe('perdu');
    expect(statusAfterReturn('endommage', 'disponible')).toBe('en_reparation');
    expect(statusAfterReturn('bon_etat')).toBe('disponible');
    expect(statusAfterReturn('bon_etat', 'en_reparation')).toBe('en_reparation');
    expect(statusAfterReturn('bon_etat', 'perdu')).toBe('disponible');
  });
});

describe('extensions', () => {
  it('keeps the history of planned dates', () => {
    const at = new Date('2026-11-19T09:00:00Z');
    const once = extendLoan(loan(), '2026-12-04', at, 'Formation prolongée');
    expect(once.plannedReturnDate).toBe('2026-12-04');
    expect(once.extensions).toEqual([
      { from: '2026-11-20', to: '2026-12-04', at: at.toISOString(), reason: 'Formation prolongée' },
    ]);
    const twice = extendLoan({ ...loan(), ...once }, '2026-12-18', at);
    expect(twice.extensions.map((e) => [e.from, e.to])).toEqual([
      ['2026-11-20', '2026-12-04'],
      ['2026-12-04', '2026-12-18'],
    ]);
  });

  it('refuses a date before the start, the same date, a bad date or a closed loan', () => {
    const at = new Date();
    expect(() => extendLoan(loan(), '2026-10-01', at)).toThrow(/précéder/);
    expect(() => extendLoan(loan(), '2026-11-20', at)).toThrow(/déjà/);
    expect(() => extendLoan(loan(), '20/12/2026', at)).toThrow(/date valide/);
    expect(() => extendLoan(loan({ status: 'rendu' }), '2026-12-20', at)).toThrow(/terminé/);
  });
});

describe('deposit', () => {
  const deposit = { amount: 50, form: 'cheque' as const, returned: false };

  it('tells whether a deposit is held, returned or absent', () => {
    expect(depositState(loan())).toBe('aucune');
    expect(depositState(loan({ deposit }))).toBe('a_rendre');
    expect(depositState(loan({ deposit: { ...deposit, returned: true } }))).toBe('rendue');
  });

  it('records the return date and refuses one before the loan', () => {
    expect(returnDeposit(deposit, true, '2026-11-15', '2026-11-01')).toEqual({
      ...deposit,
      returned: true,
      returnedDate: '2026-11-15',
    });
    expect(() => returnDeposit(deposit, true, '2026-10-15', '2026-11-01')).toThrow(/avant le début/);
    expect(returnDeposit({ ...deposit, returned: true, returnedDate: '2026-11-15' }, false, '', '')).toEqual(
      deposit,
    );
  });

  it('validates amount and form with French messages', () => {
    const base = {
      itemIds: ['a'],
      beneficiaryId: 'b1',
      startDate: '2026-11-01',
      plannedReturnDate: '2026-11-20',
    };
    const bad = validate(loanInputSchema, { ...base, deposit: { amount: -5, form: 'cheque' } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors['deposit.amount']).toBe('Le montant ne peut pas être négatif');
    const other = validate(loanInputSchema, { ...base, deposit: { amount: 20, form: 'autre' } });
    if (!other.ok)
      expect(other.errors['deposit.formDetail']).toBe('Veuillez préciser la forme de la caution');
    expect(other.ok).toBe(false);
    expect(depositText({ amount: 1250, form: 'especes', returned: false })).toBe(
      '1 250,00 €, versée en espèces',
    );
    expect(depositText(undefined)).toBe('aucune caution n’est demandée');
  });
});

describe('loan and item validation', () => {
  it('refuses a planned return before the start and an empty selection', () => {
    const r = validate(loanInputSchema, {
      itemIds: [],
      beneficiaryId: '',
      startDate: '2026-11-10',
      plannedReturnDate: '2026-11-01',
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.itemIds).toBe('Veuillez choisir au moins un matériel');
      expect(r.errors.beneficiaryId).toBe('Veuillez choisir le bénéficiaire');
      expect(r.errors.plannedReturnDate).toBe(
        'La date de retour prévue ne peut pas précéder la date de début',
      );
    }
  });

  it('requires a type and an inventory number', () => {
    const r = validate(itemInputSchema, { inventoryNumber: '  ' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.type).toBe('Veuillez choisir le type de matériel');
      expect(r.errors.inventoryNumber).toBe('Veuillez renseigner le numéro d’inventaire');
    }
  });
});

describe('double lending across devices', () => {
  it('finds an item held by two active loans, oldest first, the same on every device', () => {
    const l1 = loan({ id: 'x2', createdAt: '2026-11-02T09:00:00Z', startDate: '2026-11-02' });
    const l2 = loan({ id: 'x1', createdAt: '2026-11-02T10:00:00Z', startDate: '2026-11-02' });
    const other = loan({ id: 'y', itemIds: ['b'] });
    expect(findDoubleLendings([l2, other, l1])).toEqual([{ itemId: 'a', loanIds: ['x2', 'x1'] }]);
    expect(findDoubleLendings([l1, other, l2])).toEqual(findDoubleLendings([l2, l1, other]));
  });

  it('is resolved once one of the two loans records the item back', () => {
    const l1 = loan({ id: 'x1' });
    const l2 = loan({ id: 'x2', returns: [back('a')], status: 'rendu' });
    expect(findDoubleLendings([l1, l2])).toEqual([]);
  });
});

describe('agreement', () => {
  it('fills the placeholders and leaves unknown ones visible', () => {
    expect(
      fillTemplate('À {{ beneficiaire.nom }} le {{date_debut}} {{inconnu}}', {
        'beneficiaire.nom': 'Léa MARTIN',
        date_debut: '1 novembre 2026',
      }),
    ).toBe('À Léa MARTIN le 1 novembre 2026 {{inconnu}}');
    expect(unknownPlaceholders('{{structure}} {{inconnu}} {{materiel}}')).toEqual(['inconnu']);
    expect(unknownPlaceholders(DEFAULT_AGREEMENT_BODY)).toEqual([]);
  });

  it('lists the items with accessories and condition at hand-over', () => {
    expect(
      itemsText(
        [item({ numeroSerie: 'R58' })],
        [{ itemId: 'a', etat: 'bon', accessoires: ['chargeur', 'housse'] }],
      ),
    ).toBe(
      '- Tablette · Samsung Galaxy Tab A8 · n° TAB-001 ; n° de série R58 ; accessoires : chargeur, housse / étui ; état : bon état',
    );
  });

  it('keeps French accents for the PDF fonts and replaces what they lack', () => {
    expect(toWinAnsi('L’emprunteur « Élodie » à Cahors, ça coûte 50\u202f€ – œuvre…')).toBe(
      "L'emprunteur « Élodie » à Cahors, ça coûte 50 € - oeuvre...",
    );
    expect(toWinAnsi('emoji 😀')).toBe('emoji ??');
  });
});
