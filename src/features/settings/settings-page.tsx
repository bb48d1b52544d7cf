import { useEffect } from 'react';
import { useLocation } from 'react-router';

import { Page } from '../../ui/page';
import { AboutSection } from './about-section';
import { MaybeAnnuaireSection } from './annuaire-section';
import { LieuxSection } from './lieux-section';
import { PasskeySection } from './passkey-section';
import { MaybePrivacySection } from './privacy-section';
import './settings.css';
import { StorageSection } from './storage-section';
import { StructureSection } from './structure-section';
import { strings } from './strings';

/**
 * /parametres (#lieux: straight to « Mes lieux d'activité », from an activity form; #annuaire: the
 * directory's lieux of the structure, coordinateur only).
 */
export const SettingsPage = () => {
  const { hash } = useLocation();
  useEffect(() => {
    if (hash !== '#lieux' && hash !== '#annuaire') return;
    const heading = document.getElementById(hash.slice(1));
    heading?.scrollIntoView?.({ block: 'start' });
    heading?.focus();
  }, [hash]);
  return (
    <Page title={strings.title}>
      <LieuxSection />
      <MaybeAnnuaireSection />
      <StructureSection />
      <MaybePrivacySection />
      <PasskeySection />
      <StorageSection />
      <AboutSection />
    </Page>
  );
};
