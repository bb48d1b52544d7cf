import { describe, expect, it } from 'vitest';

import { privacyNotice } from './privacy-notice';

describe('the information notice', () => {
  it('names the structure and its contact, and says the durations Sillon applies', () => {
    const text = privacyNotice({
      structureName: 'Espace numérique de Cahors',
      structureContact: '05 65 00 00 00',
      agreementMonths: 6,
    })
      .flatMap((s) => [s.title, ...s.paragraphs])
      .join('\n');
    expect(text).toContain('Espace numérique de Cahors est responsable du traitement');
    expect(text).toContain('Pour toute question ou demande : 05 65 00 00 00.');
    expect(text).toContain('anonymisées 1 an après leur dernière mise à jour');
    expect(text).toContain('puis 6 mois après le retour du matériel');
    expect(text).toContain('CNIL');
  });

  it('leaves blanks to fill by hand when the structure has not said', () => {
    const text = privacyNotice({ agreementMonths: 0 })
      .flatMap((s) => s.paragraphs)
      .join('\n');
    expect(text).toContain('……');
    expect(text).toContain('puis jusqu’au retour du matériel');
  });
});
