import { describe, expect, it } from 'vitest';

import { agreementSections } from './agreement-sections';
import { DEFAULT_AGREEMENT_BODY, fillTemplate } from './loans';

describe('agreement sections', () => {
  it('gives the default agreement a heading per clause and its items as a list', () => {
    const text = fillTemplate(DEFAULT_AGREEMENT_BODY, {
      structure: 'MFS de Gramat',
      'beneficiaire.nom': 'Josette CLAVEL',
      'beneficiaire.telephone': '06 12 34 56 78',
      materiel: '- Tablette · n° CLAV-017 ; sans accessoire\n- Clé 4G / routeur · n° K-2 ; état : bon état',
      date_debut: '3 décembre 2026',
      date_retour_prevue: '17 décembre 2026',
      objet: 'démarches en ligne',
      caution: 'aucune caution n’est demandée',
      conseiller: 'Camille Clavier',
      date_du_jour: '3 décembre 2026',
    });
    const sections = agreementSections(text);
    expect(sections.map((s) => s.heading)).toEqual([
      undefined,
      'Objet',
      'Durée',
      'Usage',
      'Caution',
      'Données personnelles',
      undefined,
    ]);
    // The parties' paragraph has « (téléphone : …) » in it: not a clause.
    expect(sections[0]!.blocks[0]).toMatchObject({
      kind: 'paragraph',
      text: expect.stringMatching(/^Entre MFS/),
    });
    expect(sections[1]!.blocks).toEqual([
      { kind: 'paragraph', text: 'la structure prête gratuitement à l’emprunteur le matériel suivant :' },
      {
        kind: 'list',
        items: ['Tablette · n° CLAV-017 ; sans accessoire', 'Clé 4G / routeur · n° K-2 ; état : bon état'],
      },
    ]);
    expect(sections[6]!.blocks).toEqual([
      { kind: 'paragraph', text: 'Fait le 3 décembre 2026, en deux exemplaires.' },
      { kind: 'paragraph', text: 'Conseiller : Camille Clavier' },
    ]);
  });

  it('keeps every word of a text written otherwise', () => {
    const text = 'Préambule sans clause.\n\n\nArticle 1, objet : prêt\r\nUne ligne\n\n  \n';
    const sections = agreementSections(text);
    expect(sections).toEqual([
      { blocks: [{ kind: 'paragraph', text: 'Préambule sans clause.' }] },
      {
        blocks: [
          { kind: 'paragraph', text: 'Article 1, objet : prêt' },
          { kind: 'paragraph', text: 'Une ligne' },
        ],
      },
    ]);
  });
});
