export const strings = {
  title: 'Accueil',
  quickActions: 'Saisir',
  newIndividual: 'Accompagnement individuel',
  newCollective: 'Atelier collectif',
  newBeneficiary: 'Nouveau bénéficiaire',
  drafts: 'Saisies à reprendre',
  draftSaved: (when: string) => `enregistrée ${when}`,
  resume: 'Reprendre',
  today: 'Aujourd’hui',
  sessionsToday: (n: number) =>
    n === 0 ? 'Aucune activité saisie' : n === 1 ? '1 activité saisie' : `${n} activités saisies`,
  loans: {
    overdue: 'Prêts en retard',
    unknown: 'Bénéficiaire inconnu',
    due: (date: string) => `Retour prévu le ${date}`,
    late: (days: number) => (days <= 1 ? 'En retard d’1 jour' : `En retard de ${days} jours`),
    doubleItem: (n: number) => `Voir le matériel et les ${n} prêts concernés`,
  },
};
