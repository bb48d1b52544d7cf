import { describe, expect, it } from 'vitest';

import { beneficiaryInputSchema, displayName, formatPhone, normalizePhone, trancheAge } from './beneficiary';
import { validate } from './validation';

describe('trancheAge (La Coop: age = current year − birth year)', () => {
  const now = new Date(2026, 5, 15);

  it.each([
    [2026, 'moins_de_douze'],
    [2015, 'moins_de_douze'],
    [2014, 'douze_dix_huit'],
    [2009, 'douze_dix_huit'],
    [2008, 'dix_huit_vingt_quatre'],
    [2002, 'dix_huit_vingt_quatre'],
    [2001, 'vingt_cinq_trente_neuf'],
    [1987, 'vingt_cinq_trente_neuf'],
    [1986, 'quarante_cinquante_neuf'],
    [1967, 'quarante_cinquante_neuf'],
    [1966, 'soixante_soixante_neuf'],
    [1957, 'soixante_soixante_neuf'],
    [1956, 'soixante_dix_plus'],
    [1900, 'soixante_dix_plus'],
  ] as const)('born in %i → %s', (year, expected) => {
    expect(trancheAge(year, now)).toBe(expected);
  });

  it('depends on the year only, not on the day of the year', () => {
    expect(trancheAge(2008, new Date(2026, 0, 1))).toBe('dix_huit_vingt_quatre');
    expect(trancheAge(2008, new Date(2026, 11, 31))).toBe('dix_huit_vingt_quatre');
    expect(trancheAge(2008, new Date(2025, 11, 31))).toBe('douze_dix_huit');
  });

  it('is « non communiqué » without a birth year', () => {
    expect(trancheAge(undefined, now)).toBe('non_communique');
    expect(trancheAge(null, now)).toBe('non_communique');
  });
});

describe('normalizePhone', () => {
  it.each([
    ['06 12 34 56 78', '+33612345678'],
    ['06.12.34.56.78', '+33612345678'],
    ['+33 6 12 34 56 78', '+33612345678'],
    ['0033612345678', '+33612345678'],
    ['+262 692 12 34 56', '+262692123456'],
    ['+590 690 12 34 56', '+590690123456'],
  ])('%s → %s', (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });

  it.each(['12345', '+44 20 7946 0958', '6 12 34 56 78', '', '06 12 34 56 7'])('refuses %s', (input) => {
    expect(normalizePhone(input)).toBeUndefined();
  });

  it('formats a French number for display', () => {
    expect(formatPhone('+33612345678')).toBe('06 12 34 56 78');
    expect(formatPhone('+262692123456')).toBe('+262 6 92 12 34 56');
  });
});

describe('beneficiaryInputSchema', () => {
  const now = new Date(2026, 5, 15);
  const schema = beneficiaryInputSchema(now);

  it('requires prénom and nom for an identified beneficiary, in French', () => {
    const result = validate(schema, { prenom: '  ', nom: '' });
    expect(result).toEqual({
      ok: false,
      errors: { prenom: 'Veuillez renseigner un prénom', nom: 'Veuillez renseigner un nom' },
    });
  });

  it('accepts an anonymous beneficiary without a name and strips any identity', () => {
    const result = validate(schema, {
      anonyme: true,
      prenom: 'Jeanne',
      telephone: '06 12 34 56 78',
      genre: 'feminin',
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.prenom).toBeUndefined();
    expect(result.value.telephone).toBeUndefined();
    expect(result.value.genre).toBe('feminin');
  });

  it('normalises the phone number and lower-cases the e-mail', () => {
    const result = validate(schema, {
      prenom: 'Jeanne',
      nom: 'Martin',
      telephone: '06 12 34 56 78',
      email: ' Jeanne.Martin@Exemple.FR ',
    });
    expect(result.ok && result.value).toMatchObject({
      telephone: '+33612345678',
      email: 'jeanne.martin@exemple.fr',
    });
  });

  it('refuses an invalid phone number unless « pas de téléphone »', () => {
    expect(validate(schema, { prenom: 'A', nom: 'B', telephone: '1234' })).toEqual({
      ok: false,
      errors: { telephone: 'Veuillez renseigner un numéro de téléphone valide' },
    });
    const noPhone = validate(schema, { prenom: 'A', nom: 'B', telephone: '1234', pasDeTelephone: true });
    expect(noPhone.ok && noPhone.value.telephone).toBeUndefined();
  });

  it('refuses an invalid e-mail and a birth year outside 1900–current year', () => {
    const result = validate(schema, { prenom: 'A', nom: 'B', email: 'pas-un-mail', anneeNaissance: 2027 });
    expect(result).toEqual({
      ok: false,
      errors: {
        email: 'Veuillez renseigner une adresse e-mail valide',
        anneeNaissance: 'L’année de naissance doit être comprise entre 1900 et l’année en cours',
      },
    });
    expect(validate(schema, { prenom: 'A', nom: 'B', anneeNaissance: 1899 }).ok).toBe(false);
    expect(validate(schema, { prenom: 'A', nom: 'B', anneeNaissance: 2026 }).ok).toBe(true);
  });

  it('names a beneficiary for display', () => {
    expect(displayName({ anonyme: false, prenom: 'Jeanne', nom: 'Martin' })).toBe('Jeanne MARTIN');
    expect(displayName({ anonyme: true })).toBe('Bénéficiaire anonyme');
  });
});
