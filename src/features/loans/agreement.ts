import { displayName, formatPhone, type Beneficiary } from '../../domain/beneficiary';
import {
  depositText,
  fillTemplate,
  itemsText,
  type AgreementTemplate,
  type Item,
  type Loan,
  type PlaceholderKey,
} from '../../domain/loans';
import { formatDay } from '../../ui/format';
import { strings } from './strings';

/** The values the template's placeholders take for one loan. */
export const agreementValues = (
  template: Pick<AgreementTemplate, 'structureName'>,
  loan: Loan,
  items: Item[],
  beneficiary: Beneficiary | undefined,
  today: string,
): Record<PlaceholderKey, string> => ({
  structure: template.structureName || strings.agreementValues.structureFallback,
  'beneficiaire.nom': beneficiary ? displayName(beneficiary) : strings.loans.unknownBorrower,
  'beneficiaire.telephone': formatPhone(beneficiary?.telephone) || strings.agreementValues.noPhone,
  materiel: itemsText(items, loan.handover),
  date_debut: formatDay(loan.startDate),
  date_retour_prevue: formatDay(loan.plannedReturnDate),
  objet: loan.purpose || strings.agreementValues.noPurpose,
  caution: depositText(loan.deposit),
  conseiller: loan.advisorName || strings.agreementValues.noAdvisor,
  date_du_jour: formatDay(today),
});

export const fillAgreement = (
  template: AgreementTemplate,
  loan: Loan,
  items: Item[],
  beneficiary: Beneficiary | undefined,
  today: string,
): { title: string; text: string } => ({
  title: template.title,
  text: fillTemplate(template.body, agreementValues(template, loan, items, beneficiary, today)),
});
