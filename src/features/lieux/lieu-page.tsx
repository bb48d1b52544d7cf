import { useLiveQuery } from 'dexie-react-hooks';
import { Link, useParams } from 'react-router';

import { getAnnuaireLieu } from '../../data/annuaire';
import { getDb } from '../../data/db';
import { addressLines, displayPhone } from '../../domain/fiche-orientation';
import { weekHours } from '../../domain/lieu-hours';
import { formatDay } from '../../ui/format';
import { Page } from '../../ui/page';
import { OpenBadge } from './annuaire-page';
import { strings } from './strings';
import { useNow } from './use-annuaire';
import './lieux.css';

const Row = ({ label, values }: { label: string; values: readonly string[] | undefined }) =>
  values?.length ? (
    <>
      <dt>{label}</dt>
      <dd>{values.join(' · ')}</dd>
    </>
  ) : null;

/** A lieu of the directory: where, when, how to get in touch, what it offers. */
export const LieuPage = () => {
  const { id = '' } = useParams();
  const db = getDb();
  const lieu = useLiveQuery(async () => (await getAnnuaireLieu(db, id)) ?? null, [db, id]);
  const now = useNow();
  if (lieu === undefined) return <p className="loading">{strings.loading}</p>;
  if (lieu === null || lieu.deleted)
    return (
      <Page title={strings.title}>
        <p>{strings.lieu.notFound}</p>
        <Link to="/annuaire">{strings.lieu.back}</Link>
      </Page>
    );
  const week = weekHours(lieu.horaires, now);
  return (
    <Page
      title={lieu.nom}
      actions={
        <Link className="button" to={`/annuaire/${lieu.id}/fiche`}>
          {strings.lieu.fiche}
        </Link>
      }
    >
      <p>
        <Link to="/annuaire">{strings.lieu.back}</Link> · <OpenBadge horaires={lieu.horaires} now={now} />
      </p>
      <div className="lieu-grid">
        <section className="card" aria-labelledby="lieu-adresse">
          <h2 id="lieu-adresse">{strings.lieu.address}</h2>
          <address>
            {addressLines(lieu).map((line) => (
              <span key={line}>
                {line}
                <br />
              </span>
            ))}
          </address>
          <h2>{strings.lieu.contact}</h2>
          <dl className="lieu-facts">
            {lieu.telephone ? (
              <>
                <dt>{strings.lieu.telephone}</dt>
                <dd>
                  <a href={`tel:${lieu.telephone}`}>{displayPhone(lieu.telephone)}</a>
                </dd>
              </>
            ) : null}
            {(lieu.courriels ?? []).map((c) => (
              <div key={c}>
                <dt>{strings.lieu.courriels}</dt>
                <dd>
                  <a href={`mailto:${c}`}>{c}</a>
                </dd>
              </div>
            ))}
            {(lieu.site_web ?? []).map((s) => (
              <div key={s}>
                <dt>{strings.lieu.siteWeb}</dt>
                <dd>
                  <a href={s} rel="noreferrer noopener" target="_blank">
                    {s}
                  </a>
                </dd>
              </div>
            ))}
            {lieu.prise_rdv ? (
              <>
                <dt>{strings.lieu.priseRdv}</dt>
                <dd>
                  <a href={lieu.prise_rdv} rel="noreferrer noopener" target="_blank">
                    {lieu.prise_rdv}
                  </a>
                </dd>
              </>
            ) : null}
            <Row label={strings.lieu.modalitesAcces} values={lieu.modalites_acces} />
          </dl>
        </section>
        <section className="card" aria-labelledby="lieu-horaires">
          <h2 id="lieu-horaires">{strings.lieu.hours}</h2>
          {week ? (
            <table className="lieu-hours">
              <tbody>
                {week.map((d) => (
                  <tr key={d.date}>
                    <th scope="row">
                      {d.day} {formatDay(d.date).replace(/ \d{4}$/, '')}
                    </th>
                    <td>{d.intervals.length ? d.intervals.join(', ') : strings.lieu.closed}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>{lieu.horaires ?? strings.noHours}</p>
          )}
        </section>
        <section className="card" aria-labelledby="lieu-services">
          <h2 id="lieu-services">{strings.lieu.services}</h2>
          <ul>
            {lieu.services.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
          <dl className="lieu-facts">
            <Row label={strings.lieu.modalitesAccompagnement} values={lieu.modalites_accompagnement} />
            <Row
              label={strings.lieu.publics}
              values={
                lieu.publics_specifiquement_adresses?.length
                  ? lieu.publics_specifiquement_adresses
                  : [strings.lieu.publicsAll]
              }
            />
            <Row label={strings.lieu.accessibilite} values={lieu.prise_en_charge_specifique} />
            <Row label={strings.lieu.frais} values={lieu.frais_a_charge} />
            <Row
              label={strings.lieu.dispositifs}
              values={[
                ...(lieu.dispositif_programmes_nationaux ?? []),
                ...(lieu.formations_labels ?? []),
                ...(lieu.autres_formations_labels ?? []),
              ]}
            />
          </dl>
          {lieu.fiche_acces_libre ? (
            <p>
              <a href={lieu.fiche_acces_libre} rel="noreferrer noopener" target="_blank">
                {strings.lieu.accesLibre}
              </a>
            </p>
          ) : null}
        </section>
        {lieu.presentation_resume || lieu.presentation_detail ? (
          <section className="card" aria-labelledby="lieu-presentation">
            <h2 id="lieu-presentation">{strings.lieu.presentation}</h2>
            {lieu.presentation_resume ? <p>{lieu.presentation_resume}</p> : null}
            {lieu.presentation_detail ? <p>{lieu.presentation_detail}</p> : null}
          </section>
        ) : null}
      </div>
      <p className="muted">
        {lieu.source
          ? strings.lieu.source(lieu.source, formatDay(lieu.date_maj))
          : strings.lieu.updated(formatDay(lieu.date_maj))}
      </p>
    </Page>
  );
};
