// The information notice handed to beneficiaries (RGPD art. 13): who keeps what, why, how long, how
// to exercise their rights — filled with the structure's name and contact when printed from the app
// (/parametres/information). The same text, with blanks, is docs/information-beneficiaires.md.
// Durations come from the rules themselves (src/domain/anonymisation.ts), so the notice says what
// Sillon does. Legal basis and rights as La Coop's « Politique de confidentialité » states them.
import { RETENTION_MONTHS } from './anonymisation';

export interface NoticeInput {
  structureName?: string;
  structureContact?: string;
  /** Months a returned loan's signed agreement is kept (the structure's setting). */
  agreementMonths: number;
}

export interface NoticeSection {
  title: string;
  paragraphs: string[];
}

const months = (n: number) =>
  n === 0 ? 'jusqu’au retour du matériel' : `${n} mois après le retour du matériel`;

export const privacyNotice = ({
  structureName,
  structureContact,
  agreementMonths,
}: NoticeInput): NoticeSection[] => {
  const who = structureName?.trim() || '………………………………';
  const contact = structureContact?.trim() || '………………………………';
  return [
    {
      title: 'Qui conserve vos données ?',
      paragraphs: [
        `${who} est responsable du traitement de vos données, uniquement pour assurer votre accompagnement au numérique par ses conseillers numériques.`,
        `Pour toute question ou demande : ${contact}.`,
      ],
    },
    {
      title: 'Quelles données, et pourquoi ?',
      paragraphs: [
        'Votre fiche : nom, prénom, téléphone ou e-mail (pour vous recontacter), adresse et commune, année de naissance, genre et situation (pour les statistiques), et les notes utiles à votre suivi.',
        'Vos accompagnements : date, durée, lieu et thèmes abordés. Pour un prêt de matériel : le matériel prêté, les dates, et la convention que vous avez signée.',
        'Base légale : mission d’intérêt public (RGPD, article 6-1 e). Les statistiques envoyées à l’État (La Coop de la médiation numérique, ANCT) sont anonymes.',
      ],
    },
    {
      title: 'Combien de temps ?',
      paragraphs: [
        `Vos données personnelles sont anonymisées ${RETENTION_MONTHS / 12} an après leur dernière mise à jour (votre fiche, un accompagnement ou un prêt). Vos accompagnements restent, anonymes, dans les statistiques.`,
        `Une convention de prêt signée est conservée tant que le prêt est en cours, puis ${months(agreementMonths)} ; elle est ensuite effacée.`,
      ],
    },
    {
      title: 'Vos droits',
      paragraphs: [
        'Vous pouvez à tout moment demander à votre conseiller numérique de voir vos données (une copie vous est remise), de les corriger ou de les effacer, ou vous opposer à leur traitement ou en demander la limitation. Une réponse vous est donnée dans le mois.',
        'Vous pouvez aussi adresser une réclamation à la CNIL (www.cnil.fr).',
      ],
    },
  ];
};
