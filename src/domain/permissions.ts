// Who may do what to the synced records, per table and role: one table of rules that the tablet's
// screens read (to offer or hide an action) and the server enforces on every pushed change (a device
// is never trusted to have asked). « own »: records the person created (`createdBy`).
import type { SyncTable } from './records';
import type { Role } from './sync';

export type RecordAction = 'create' | 'update' | 'delete';
export type Grant = 'all' | 'own' | 'none';
type Rules = Record<RecordAction, Grant>;

const everyone: Rules = { create: 'all', update: 'all', delete: 'all' };
/** Shared files of the structure: everyone keeps them up to date; deleting is for the author or a coordinateur. */
const shared: Rules = { create: 'all', update: 'all', delete: 'own' };
/** An advisor's own reporting (La Coop's CRA belongs to its médiateur). */
const personal: Rules = { create: 'all', update: 'own', delete: 'own' };
/** A history: written once, never rewritten. */
const history: Rules = { create: 'all', update: 'none', delete: 'none' };
const nobody: Rules = { create: 'none', update: 'none', delete: 'none' };

export const PERMISSIONS: Record<SyncTable, Record<Role, Rules>> = {
  beneficiaries: { conseiller: shared, coordinateur: everyone },
  activities: { conseiller: personal, coordinateur: everyone },
  lieux: { conseiller: shared, coordinateur: everyone },
  items: { conseiller: shared, coordinateur: everyone },
  loans: { conseiller: { create: 'all', update: 'all', delete: 'none' }, coordinateur: everyone },
  itemEvents: { conseiller: history, coordinateur: history },
  // The loan-agreement template and any structure-wide setting.
  settings: { conseiller: nobody, coordinateur: everyone },
  // The directory: imported on the server, the structure's own lieux added by a coordinateur.
  annuaire: { conseiller: nobody, coordinateur: everyone },
  // Workshops are the team's shared planning: anyone leading or helping keeps them up to date.
  cycles: { conseiller: shared, coordinateur: everyone },
  cycleSessions: { conseiller: shared, coordinateur: everyone },
  registrations: { conseiller: everyone, coordinateur: everyone },
  attendances: { conseiller: shared, coordinateur: everyone },
  passes: { conseiller: shared, coordinateur: everyone },
};

export interface Actor {
  /** Undefined on a tablet used without an account: one person, who may do everything. */
  role: Role | undefined;
  userId: string | undefined;
}

/** Whether `actor` may perform `action` on a record of `table` (`record`: its current state, if any). */
export const may = (
  actor: Actor,
  table: SyncTable,
  action: RecordAction,
  record?: { createdBy?: unknown },
): boolean => {
  if (actor.role === undefined) return true;
  const grant = PERMISSIONS[table][actor.role][action];
  if (grant === 'all') return true;
  if (grant === 'none') return false;
  return action === 'create' || (!!actor.userId && record?.createdBy === actor.userId);
};

/** The action a change amounts to, from the record's state before it. */
export const actionOf = (exists: boolean, wasDeleted: boolean, deletes: boolean): RecordAction =>
  !exists ? 'create' : deletes && !wasDeleted ? 'delete' : 'update';

const WHAT: Record<SyncTable, string> = {
  beneficiaries: 'ce bénéficiaire',
  activities: 'cette activité',
  lieux: 'ce lieu',
  items: 'ce matériel',
  loans: 'ce prêt',
  itemEvents: 'l’historique du matériel',
  settings: 'les réglages de la structure',
  annuaire: 'ce lieu de l’annuaire',
  cycles: 'ce cycle d’ateliers',
  cycleSessions: 'cette session d’atelier',
  registrations: 'cette inscription',
  attendances: 'cette présence',
  passes: 'ce Pass Numérique',
};
const VERB: Record<RecordAction, string> = { create: 'créer', update: 'modifier', delete: 'supprimer' };

/** Why a change was refused, in French. */
export const forbiddenMessage = (table: SyncTable, action: RecordAction): string =>
  table === 'settings'
    ? 'Seul un coordinateur peut modifier les réglages de la structure (modèle de convention…).'
    : table === 'itemEvents'
      ? 'L’historique du matériel ne se modifie pas.'
      : table === 'annuaire'
        ? 'Seul un coordinateur peut modifier l’annuaire des lieux de médiation numérique.'
        : `Vous ne pouvez pas ${VERB[action]} ${WHAT[table]} : réservé à son auteur ou à un coordinateur.`;

/** Another device's changes (an unsynced-changes file) are brought by the person who made them, or a coordinateur. */
export const mayImportChangesOf = (actor: Actor, authorId: string): boolean =>
  actor.role === 'coordinateur' || (!!actor.userId && actor.userId === authorId);

export const IMPORT_FORBIDDEN =
  'Ce fichier contient les modifications d’un·e collègue : seul·e cette personne, ou un·e coordinateur·rice, peut l’importer.';
