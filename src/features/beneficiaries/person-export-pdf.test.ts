// @vitest-environment node
import { describe, expect, it } from 'vitest';

import { personDocument } from '../../domain/person-export';
import { personPdf } from './person-export-pdf';

describe('the right of access as a PDF', () => {
  it('is a readable PDF holding every section’s lines, over pages when long', async () => {
    const lines = Array.from({ length: 120 }, (_, i) => `14/03/2026 · Accompagnement individuel n° ${i}`);
    const blob = personPdf(
      personDocument(
        'Vos données conservées dans Sillon',
        ['Export du 01/04/2026'],
        [
          { title: 'Fiche', lines: ['Prénom : Jeanne', 'Nom : Durand'] },
          { title: 'Accompagnements (120)', lines },
        ],
      ),
    );
    const text = Buffer.from(await blob.arrayBuffer()).toString('latin1');
    expect(text.startsWith('%PDF-')).toBe(true);
    expect(text).toContain('(Prénom : Jeanne)'.replace('é', '\xe9'));
    expect(text).toContain('n\xb0 119');
    expect(text.match(/\/Type \/Page\b/g)?.length).toBeGreaterThan(1);
  });
});
