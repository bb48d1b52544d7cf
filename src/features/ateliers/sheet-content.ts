// The feuille d'émargement's content, read from a session on this tablet: built once when the
// session is closed (its SHA-256 printed on the PDF), and again for the sheet's accessible HTML
// version, which says whether it still matches what was signed.
import { getBlob } from '../../data/blobs';
import type { SillonDB } from '../../data/db';
import { displayName } from '../../domain/beneficiary';
import { emargementDocument } from '../../domain/emargement-document';
import { typedSignatures } from '../../domain/typed-signature';
import { halfDaysOf, sheetHash, signatureFor, type SheetContent } from '../../domain/workshops';
import { formatDateTime, formatDay } from '../../ui/format';
import { callListOf } from './call-list';
import { placeOf, type SessionDetails } from './use-workshops';

export const sheetOf = (
  data: SessionDetails,
  advisor: { advisorName: string; advisorSignature: string; signedAt: string },
): SheetContent => {
  const { session, cycle } = data;
  const halfDays = halfDaysOf(session.debut, session.fin);
  const present = callListOf(data)
    .filter((r) => r.attendance?.present)
    .map((r) => ({
      name: r.person ? displayName(r.person) : '?',
      signature: signatureFor(r.attendance, halfDays[0]!, halfDays),
      ...(halfDays.length > 1
        ? { signatureApresMidi: signatureFor(r.attendance, 'apres_midi', halfDays) }
        : {}),
    }))
    .sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  return {
    titre: cycle.titre,
    date: session.date,
    debut: session.debut,
    fin: session.fin,
    lieu: placeOf(session, data.lieux),
    ...advisor,
    participants: present,
    anonymes: session.participantsAnonymes?.total ?? 0,
    halfDays,
  };
};

/** The sheet's signature images by blob hash (those the tablet holds). */
export const sheetImages = async (db: SillonDB, sheet: SheetContent): Promise<Map<string, Blob>> => {
  const images = new Map<string, Blob>();
  const hashes = [
    sheet.advisorSignature,
    ...sheet.participants.flatMap((p) => [p.signature, p.signatureApresMidi]),
  ];
  for (const hash of hashes)
    if (hash && !images.has(hash)) {
      const blob = await getBlob(db, hash);
      if (blob) images.set(hash, blob.data);
    }
  return images;
};

/** The sheet as a document (PDF and HTML), with its content's SHA-256. */
export const sheetDocument = async (data: SessionDetails, sheet: SheetContent, images: Map<string, Blob>) => {
  const typed = await typedSignatures(images);
  const hash = await sheetHash(sheet);
  const document = emargementDocument({
    cycleTitle: data.cycle.titre,
    sheet,
    dateLabel: formatDay(data.session.date),
    signedAtLabel: formatDateTime(sheet.signedAt),
    halfDays: sheet.halfDays ?? halfDaysOf(sheet.debut, sheet.fin),
    hash,
    typed,
  });
  return { hash, document };
};
