// The « fiche d'orientation » a beneficiary takes away: where to go, when, how to get in touch, what
// to bring, who sent them. One content, three forms: the PDF (features/lieux/fiche-pdf.ts) and its
// accessible HTML version, both from ficheDocument, and a text message for the tablet's share sheet
// or the clipboard. Built offline from the directory's record.
import type { AnnuaireLieu } from './annuaire';
import { linesSection, type DocModel } from './document-model';
import { hoursLines } from './lieu-hours';

export interface FicheInput {
  lieu: AnnuaireLieu;
  /** What to bring (free text the advisor adds). */
  aApporter?: string;
  advisorName?: string;
  /** The beneficiary's first name, when known. */
  beneficiaire?: string;
  /** From when the hours are listed (the next seven days). */
  from: Date;
}

export interface FicheContent {
  title: string;
  nom: string;
  adresse: string[];
  horaires: string[];
  contact: string[];
  aApporter?: string;
  conseiller?: string;
  /** What the QR code holds: the lieu's website or appointment page, else a map search of its address. */
  qr: string;
}

/** « +33565385000 » → « 05 65 38 50 00 » (French numbers only; others as written). */
export const displayPhone = (phone: string): string => {
  const m = /^\+33(\d{9})$/.exec(phone.replace(/[\s.-]/g, ''));
  if (!m) return phone;
  const national = `0${m[1]}`;
  return national.replace(/(\d{2})(?=\d)/g, '$1 ').trim();
};

export const addressLines = (lieu: AnnuaireLieu): string[] => [
  lieu.adresse,
  ...(lieu.complement_adresse ? [lieu.complement_adresse] : []),
  `${lieu.code_postal} ${lieu.commune}`,
];

export const ficheContent = (input: FicheInput): FicheContent => {
  const { lieu } = input;
  const adresse = addressLines(lieu);
  const contact = [
    ...(lieu.telephone ? [`Téléphone : ${displayPhone(lieu.telephone)}`] : []),
    ...(lieu.courriels ?? []).map((c) => `Courriel : ${c}`),
    ...(lieu.site_web ?? []).slice(0, 1).map((s) => `Site : ${s}`),
    ...(lieu.prise_rdv ? [`Rendez-vous : ${lieu.prise_rdv}`] : []),
    ...(lieu.modalites_acces?.length ? [`Pour y aller : ${lieu.modalites_acces.join(', ')}`] : []),
  ];
  const hours = hoursLines(lieu.horaires, input.from);
  return {
    title: input.beneficiaire ? `Fiche d’orientation pour ${input.beneficiaire}` : 'Fiche d’orientation',
    nom: lieu.nom,
    adresse,
    horaires: hours.length
      ? hours
      : lieu.horaires
        ? [lieu.horaires]
        : ['Horaires non renseignés : appelez avant de vous déplacer.'],
    contact,
    ...(input.aApporter?.trim() ? { aApporter: input.aApporter.trim() } : {}),
    ...(input.advisorName ? { conseiller: input.advisorName } : {}),
    qr:
      lieu.prise_rdv ??
      lieu.site_web?.[0] ??
      `https://www.openstreetmap.org/search?query=${encodeURIComponent(adresse.join(', '))}`,
  };
};

/** The fiche as a text message (SMS, courriel). */
export const ficheMessage = (fiche: FicheContent): string =>
  [
    `Vous êtes orienté·e vers : ${fiche.nom}`,
    fiche.adresse.join(', '),
    '',
    'Horaires :',
    ...fiche.horaires,
    ...(fiche.contact.length ? ['', ...fiche.contact] : []),
    ...(fiche.aApporter ? ['', `À apporter : ${fiche.aApporter}`] : []),
    ...(fiche.conseiller ? ['', `Votre conseiller·ère numérique : ${fiche.conseiller}`] : []),
  ].join('\n');

/** The fiche as a document: what its PDF prints and its HTML version says, in that order. */
export const ficheDocument = (fiche: FicheContent): DocModel => ({
  title: fiche.title,
  blocks: [
    { kind: 'paragraph', text: 'Vous êtes orienté·e vers :' },
    { kind: 'paragraph', text: fiche.nom, strong: true },
    { kind: 'qr', label: 'Lien du code QR', url: fiche.qr },
  ],
  sections: [
    ...linesSection('Adresse', fiche.adresse),
    ...linesSection('Horaires', fiche.horaires),
    ...linesSection('Contact', fiche.contact),
    ...linesSection('À apporter', fiche.aApporter ? [fiche.aApporter] : []),
    ...linesSection('Votre conseiller·ère numérique', fiche.conseiller ? [fiche.conseiller] : []),
  ],
});
