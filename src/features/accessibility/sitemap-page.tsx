import { Link } from 'react-router';

import { Page } from '../../ui/page';
import { strings as s } from './strings';

/** Every section and its screens (RGAA 12.1: a second way to find a screen besides the menu). */
const SECTIONS: { title: string; links: { to: string; label: string }[] }[] = [
  { title: 'Accueil', links: [{ to: '/', label: 'Accueil' }] },
  {
    title: 'Bénéficiaires',
    links: [
      { to: '/beneficiaires', label: 'Liste des bénéficiaires' },
      { to: '/beneficiaires/nouveau', label: 'Nouveau bénéficiaire' },
    ],
  },
  {
    title: 'Activités',
    links: [
      { to: '/activites', label: 'Liste des activités' },
      { to: '/activites/nouvelle/individuel', label: 'Nouvel accompagnement individuel' },
      { to: '/activites/nouvelle/collectif', label: 'Nouvel atelier collectif' },
    ],
  },
  {
    title: 'Matériel et prêts',
    links: [
      { to: '/materiel', label: 'Inventaire du matériel' },
      { to: '/materiel/nouveau', label: 'Nouveau matériel' },
      { to: '/materiel/scanner', label: 'Scanner un code' },
      { to: '/prets', label: 'Prêts' },
      { to: '/prets/nouveau', label: 'Nouveau prêt' },
      { to: '/prets/modele', label: 'Modèle de convention' },
    ],
  },
  {
    title: 'Ateliers',
    links: [
      { to: '/ateliers', label: 'Cycles d’ateliers' },
      { to: '/ateliers/nouveau', label: 'Nouveau cycle' },
      { to: '/ateliers/planning', label: 'Planning des ateliers' },
      { to: '/ateliers/pass', label: 'Pass Numérique' },
      { to: '/ateliers/rapport', label: 'Rapport pour un financeur' },
    ],
  },
  { title: 'Annuaire', links: [{ to: '/annuaire', label: 'Annuaire des lieux' }] },
  { title: 'Statistiques', links: [{ to: '/statistiques', label: 'Statistiques et exports' }] },
  {
    title: 'Synchronisation',
    links: [
      { to: '/synchronisation', label: 'État de la synchronisation' },
      { to: '/synchronisation/conflits', label: 'Conflits à examiner' },
      { to: '/connexion', label: 'Connexion' },
    ],
  },
  { title: 'Paramètres', links: [{ to: '/parametres', label: 'Paramètres' }] },
  {
    title: 'Informations',
    links: [
      { to: '/accessibilite', label: 'Déclaration d’accessibilité' },
      { to: '/plan-du-site', label: 'Plan du site' },
    ],
  },
];

export const SitemapPage = () => (
  <Page title={s.sitemap.title}>
    <p>{s.sitemap.intro}</p>
    <nav aria-label={s.sitemap.title} className="card">
      <ul>
        {SECTIONS.map((section) => (
          <li key={section.title}>
            {section.title}
            <ul>
              {section.links.map((link) => (
                <li key={link.to}>
                  <Link to={link.to}>{link.label}</Link>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </nav>
  </Page>
);
