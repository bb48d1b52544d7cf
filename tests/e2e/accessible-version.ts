// RGAA 13.3: a PDF's « Version accessible (HTML) », opened from its button as a keyboard user would —
// a modal dialog in French with the document's title as a heading and `texts` in it, no axe
// violation, and Escape gives the focus back to the button.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

import { runAxe } from './browser';

export const openAccessibleVersion = async (page: Page, title: string, texts: string[]): Promise<void> => {
  const button = page.getByRole('button', { name: 'Version accessible (HTML)' });
  await button.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: title });
  await dialog.getByRole('heading', { level: 2, name: title }).waitFor();
  expect(await dialog.getAttribute('lang')).toBe('fr');
  const shown = (await dialog.textContent()) ?? '';
  for (const text of texts) expect(shown).toContain(text);
  expect(await runAxe(page)).toEqual([]);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  await expect.poll(() => button.evaluate((el) => el === document.activeElement)).toBe(true);
};
