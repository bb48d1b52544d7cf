import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';

import { getDb } from '../../data/db';
import { getSession } from '../../data/sync/session';
import { directoryCommunes, searchAnnuaire, type AnnuaireCriteria } from '../../domain/annuaire-search';
import { toDay } from '../../domain/dates';
import { isOpenAt } from '../../domain/lieu-hours-open';
import {
  PRISES_EN_CHARGE_SPECIFIQUES,
  PUBLICS_SPECIFIQUEMENT_ADRESSES,
  SERVICES,
} from '../../domain/lieu-mediation';
import { CheckboxGroup } from '../../ui/choice-group';
import { Field } from '../../ui/field';
import { Page } from '../../ui/page';
import { strings } from './strings';
import { useAnnuaire, useHoursLibrary, useNow } from './use-annuaire';
import './lieux.css';

const MAX_SHOWN = 100;
const choices = (values: readonly string[]) => values.map((v) => ({ value: v, label: v }));

/** Whether a lieu is open now, as a badge (nothing when it gives no hours). */
export const OpenBadge = ({ horaires, now }: { horaires: string | undefined; now: Date }) => {
  const open = isOpenAt(horaires, now);
  if (open === undefined) return <span className="muted">{strings.noHours}</span>;
  return (
    <span className={`badge ${open ? 'badge--ok' : 'badge--muted'}`}>
      {open ? strings.openNow : strings.closedNow}
    </span>
  );
};

/** The directory, searched offline; criteria live in the URL (back keeps them). */
export const AnnuairePage = () => {
  const [params, setParams] = useSearchParams();
  const lieux = useAnnuaire();
  const now = useNow();
  // The import is the server's: offered to a coordinateur signed in (read from the session, which a
  // page load has before the identity is set).
  const coordinateur = useLiveQuery(
    async () => (await getSession(getDb()))?.user.role === 'coordinateur',
    [],
  );
  const criteria = useMemo((): AnnuaireCriteria => {
    const ouvert = params.get('ouvert');
    const frais = params.get('frais');
    return {
      texte: params.get('q') ?? '',
      services: params.getAll('service'),
      ...(params.get('commune') ? { commune: params.get('commune')! } : {}),
      ...(params.get('alentours') ? { alentoursKm: 20 } : {}),
      publics: params.getAll('public'),
      accessibilite: params.getAll('acces'),
      ...(frais === 'gratuit' || frais === 'sous_condition' ? { gratuit: frais } : {}),
      ...(ouvert === 'maintenant' ? { ouvert: { at: now } } : {}),
      ...(ouvert === 'jour' ? { ouvert: { jour: params.get('jour') || toDay(now) } } : {}),
    };
  }, [params, now]);
  // Hours outside the common shape are read once the library is there (the list shows before it).
  const hoursReady = useHoursLibrary();
  const results = useMemo(() => {
    void hoursReady; // Once the library is there, the search reads those hours again.
    return lieux ? searchAnnuaire(lieux, criteria) : undefined;
  }, [lieux, criteria, hoursReady]);
  const communes = useMemo(() => directoryCommunes(lieux ?? []), [lieux]);

  // The criteria live in the address: written synchronously (flushSync), not in a transition, so that a
  // ticked box or a typed letter shows at once instead of springing back until the render catches up.
  const update = (change: (next: URLSearchParams) => void) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        change(next);
        return next;
      },
      { replace: true, flushSync: true },
    );
  const set = (key: string, value: string) =>
    update((next) => (value ? next.set(key, value) : next.delete(key)));
  const setAll = (key: string, values: string[]) =>
    update((next) => {
      next.delete(key);
      for (const v of values) next.append(key, v);
    });
  const ouvert = params.get('ouvert') ?? '';

  return (
    <Page
      title={strings.title}
      actions={
        coordinateur ? (
          <Link className="button button--secondary" to="/annuaire/importer">
            {strings.importer.link}
          </Link>
        ) : undefined
      }
    >
      <section className="card" aria-label={strings.filters}>
        <div className="filters">
          <Field label={strings.texte}>
            {(f) => (
              <input
                autoComplete="off"
                {...f}
                type="search"
                value={params.get('q') ?? ''}
                onChange={(e) => set('q', e.target.value)}
              />
            )}
          </Field>
          <Field label={strings.commune}>
            {(f) => (
              <select
                {...f}
                value={params.get('commune') ?? ''}
                onChange={(e) => set('commune', e.target.value)}
              >
                <option value="">{strings.allCommunes}</option>
                {communes.map((c) => (
                  <option key={c.key} value={c.key}>
                    {c.label} ({c.count})
                  </option>
                ))}
              </select>
            )}
          </Field>
          <label className="chip">
            <input
              type="checkbox"
              checked={!!params.get('alentours')}
              onChange={(e) => set('alentours', e.target.checked ? '1' : '')}
            />
            <span>{strings.alentours}</span>
          </label>
          <Field label={strings.ouvert}>
            {(f) => (
              <select {...f} value={ouvert} onChange={(e) => set('ouvert', e.target.value)}>
                <option value="">{strings.ouvertAll}</option>
                <option value="maintenant">{strings.ouvertMaintenant}</option>
                <option value="jour">{strings.ouvertJour}</option>
              </select>
            )}
          </Field>
          {ouvert === 'jour' ? (
            <Field format="date" label={strings.jour}>
              {(f) => (
                <input
                  {...f}
                  type="date"
                  value={params.get('jour') || toDay(now)}
                  onChange={(e) => set('jour', e.target.value)}
                />
              )}
            </Field>
          ) : null}
          <Field label={strings.frais}>
            {(f) => (
              <select {...f} value={params.get('frais') ?? ''} onChange={(e) => set('frais', e.target.value)}>
                <option value="">{strings.fraisAll}</option>
                <option value="gratuit">{strings.fraisGratuit}</option>
                <option value="sous_condition">{strings.fraisSousCondition}</option>
              </select>
            )}
          </Field>
        </div>
        <CheckboxGroup
          legend={strings.services}
          name="service"
          choices={choices(SERVICES)}
          value={params.getAll('service')}
          onChange={(v) => setAll('service', v)}
        />
        <details>
          <summary>{strings.more}</summary>
          <CheckboxGroup
            legend={strings.publics}
            name="public"
            choices={choices(PUBLICS_SPECIFIQUEMENT_ADRESSES)}
            value={params.getAll('public')}
            onChange={(v) => setAll('public', v)}
          />
          <CheckboxGroup
            legend={strings.accessibilite}
            name="acces"
            choices={choices(PRISES_EN_CHARGE_SPECIFIQUES)}
            value={params.getAll('acces')}
            onChange={(v) => setAll('acces', v)}
          />
        </details>
      </section>
      <section className="card" aria-labelledby="annuaire-count">
        <h2 id="annuaire-count" aria-live="polite">
          {results && lieux ? strings.count(results.length, lieux.length) : strings.loading}
        </h2>
        {results && results.length === 0 ? <p>{lieux?.length ? strings.empty : strings.emptyAll}</p> : null}
        {results && results.length > MAX_SHOWN ? <p className="muted">{strings.shown(MAX_SHOWN)}</p> : null}
        <ul className="list">
          {(results ?? []).slice(0, MAX_SHOWN).map((lieu) => (
            <li key={lieu.id} className="list__item">
              <span>
                <Link to={`/annuaire/${lieu.id}`}>
                  <strong>{lieu.nom}</strong>
                </Link>
                <br />
                <span className="muted">
                  {lieu.commune} · {lieu.services.join(' · ')}
                </span>
              </span>
              <OpenBadge horaires={lieu.horaires} now={now} />
            </li>
          ))}
        </ul>
      </section>
    </Page>
  );
};
