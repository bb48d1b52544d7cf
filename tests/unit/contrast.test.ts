import { describe, expect, it } from 'vitest';

import { contrast, palette, TEXT, UI } from '../../scripts/accessibilite/contrast';

describe('contrast of the palette', () => {
  it('reads the palette from the stylesheet', () => {
    expect(Object.keys(palette)).toEqual(expect.arrayContaining(['ink', 'sand', 'green', 'control-line']));
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
  });

  it.each(TEXT)('text %s on %s (%s) is at least 4.5:1', (fg, bg) => {
    expect(contrast(fg, bg)).toBeGreaterThanOrEqual(4.5);
  });

  it.each(UI)('component %s on %s (%s) is at least 3:1', (fg, bg) => {
    expect(contrast(fg, bg)).toBeGreaterThanOrEqual(3);
  });

  it('the old field border (--line) was below 3:1: why controls have their own colour', () => {
    expect(contrast('line', 'white')).toBeLessThan(3);
  });
});
