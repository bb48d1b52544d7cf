import { strings } from './strings';

// Injected at build time by Vite (vite.config.ts `define`).
const version = typeof __APP_VERSION__ === 'undefined' ? 'dev' : __APP_VERSION__;
const departements = typeof __SILLON_DEPARTEMENTS__ === 'undefined' ? [] : __SILLON_DEPARTEMENTS__;

export const AboutSection = () => (
  <section className="card" aria-labelledby="about-title">
    <h2 id="about-title">{strings.about.title}</h2>
    <dl className="settings-details">
      <dt>{strings.about.version}</dt>
      <dd data-testid="app-version">{version}</dd>
      <dt>{strings.about.departements}</dt>
      <dd>
        {strings.about.departementsValue(departements)}
        <br />
        <span className="muted">{strings.about.departementsHint}</span>
      </dd>
    </dl>
  </section>
);
