// What the loan tests do as an advisor on the tablet: a new item, and a loan to a beneficiary
// created on the spot from the loan form.
import type { Page } from 'playwright-core';

const h1 = (page: Page, name: string) => page.getByRole('heading', { level: 1, name }).waitFor();

/**
 * On the loan form: creates « Prénom Nom » from the beneficiary picker (with a phone if given) and
 * waits until she is the chosen borrower (shown « Prénom NOM »).
 */
export const chooseNewBeneficiary = async (page: Page, person: string, phone?: string): Promise<void> => {
  await page.getByRole('combobox', { name: 'Bénéficiaire' }).fill(person);
  await page.getByRole('button', { name: `Créer « ${person} »` }).click();
  if (phone) await page.getByLabel('Téléphone').fill(phone);
  await page.getByRole('button', { name: 'Créer et choisir' }).click();
  const [prenom, ...nom] = person.split(' ');
  await page.getByText(`${prenom} ${nom.join(' ').toUpperCase()}`).waitFor();
};

/**
 * Records a new item of `kind` (« Clé 4G / routeur », « Smartphone »…), opens « Prêter ce matériel »
 * and chooses a beneficiary created on the spot. Returns the item's id; the page is on the loan form.
 */
export const lendNewItem = async (
  page: Page,
  item: { kind: string; inventory: string },
  person: string,
  phone?: string,
): Promise<string> => {
  await page.goto('/materiel/nouveau');
  await page.getByRole('radio', { name: item.kind }).check();
  await page.getByLabel('Numéro d’inventaire').fill(item.inventory);
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await h1(page, `${item.kind} · n° ${item.inventory}`);
  const itemId = new URL(page.url()).pathname.split('/').pop()!;
  await page.getByRole('link', { name: 'Prêter ce matériel' }).click();
  await h1(page, 'Nouveau prêt');
  await chooseNewBeneficiary(page, person, phone);
  return itemId;
};
