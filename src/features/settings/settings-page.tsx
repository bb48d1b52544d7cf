import { useEffect } from 'react';
import { useLocation } from 'react-router';

import { Page } from '../../ui/page';
import { AboutSection } from './about-section';
import { LieuxSection } from './lieux-section';
import './settings.css';
import { StorageSection } from './storage-section';
import { StructureSection } from './structure-section';
import { strings } from './strings';

/** /parametres (#lieux: straight to « Mes lieux d'activité », from an activity form). */
export const SettingsPage = () => {
  const { hash } = useLocation();
  useEffect(() => {
    if (hash !== '#lieux') return;
    const heading = document.getElementById('lieux');
    heading?.scrollIntoView?.({ block: 'start' });
    heading?.focus();
  }, [hash]);
  return (
    <Page title={strings.title}>
      <LieuxSection />
      <StructureSection />
      <StorageSection />
      <AboutSection />
    </Page>
  );
};
