import {
  allCriteria,
  AUDIT,
  conformityLevel,
  conformityRate,
  nonConformities,
} from '../../domain/accessibility-audit';
import { formatDay } from '../../ui/format';
import { Page } from '../../ui/page';
import { strings as s } from './strings';
import { useStructureContact } from './use-structure-contact';

const rateText = (rate: number) => rate.toLocaleString('fr-FR', { maximumFractionDigits: 1 });

/**
 * /accessibilite: the déclaration d'accessibilité (the DINUM's model), computed from the audit's
 * grid (src/domain/accessibility-audit.ts) for the structure that runs Sillon.
 */
export const DeclarationPage = () => {
  const contact = useStructureContact();
  const criteria = allCriteria();
  const rate = conformityRate(criteria);
  const level = conformityLevel(rate);
  const count = (status: string) => criteria.filter((x) => x.status === status).length;
  const structure = contact?.name || s.defaultStructure;
  return (
    <Page title={s.title}>
      <div className="card declaration">
        <p>{s.commitment(structure)}</p>
        <p>{s.appliesTo}</p>

        <h2>{s.state}</h2>
        <p data-testid="conformity-state">{s.stateText(level, AUDIT.reference)}</p>

        <h2>{s.results}</h2>
        <p data-testid="conformity-rate">{s.resultsText(rateText(rate), AUDIT.reference)}</p>
        <p>{s.counts(count('C'), count('NC'), count('NA'))}</p>

        <h2>{s.notAccessible}</h2>
        <h3>{s.nonConformities}</h3>
        {nonConformities(criteria).length === 0 ? (
          <p data-testid="non-conformities">{s.noNonConformity}</p>
        ) : (
          <ul data-testid="non-conformities">
            {nonConformities(criteria).map((x) => (
              <li key={x.id}>
                <p>
                  <strong>{s.criterion(x.id, x.title)}</strong>
                </p>
                <p>
                  {x.screen ? `${s.screen} : ${x.screen}. ` : ''}
                  {x.note}
                </p>
                {x.fix ? (
                  <p>
                    {s.fix} : {x.fix}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        <h3>{s.derogations}</h3>
        {AUDIT.derogations.length === 0 ? (
          <p>{s.noDerogation}</p>
        ) : (
          <ul>
            {AUDIT.derogations.map((d) => (
              <li key={d.what}>
                {d.what} : {d.why}
              </li>
            ))}
          </ul>
        )}
        <h3>{s.notSubject}</h3>
        <ul>
          {AUDIT.notSubject.map((text) => (
            <li key={text}>{text}</li>
          ))}
        </ul>

        <h2>{s.established}</h2>
        <p>{s.establishedOn(formatDay(AUDIT.date))}</p>
        <p>{s.technologies}</p>
        <h3>{s.environment}</h3>
        <ul>
          {AUDIT.environment.map((text) => (
            <li key={text}>{text}</li>
          ))}
        </ul>
        <h3>{s.tools}</h3>
        <ul>
          {AUDIT.tools.map((text) => (
            <li key={text}>{text}</li>
          ))}
        </ul>
        <h3>{s.method}</h3>
        <ul>
          {AUDIT.method.map((text) => (
            <li key={text}>{text}</li>
          ))}
        </ul>
        <h3>{s.scope}</h3>
        <p>{AUDIT.scope}</p>

        <h2>{s.feedback}</h2>
        <p>{s.feedbackText}</p>
        {contact?.email || contact?.phone ? (
          <ul data-testid="structure-contact">
            {contact.email ? (
              <li>
                {s.contactEmail} : <a href={`mailto:${contact.email}`}>{contact.email}</a>
              </li>
            ) : null}
            {contact.phone ? (
              <li>
                {s.contactPhone} : <a href={`tel:${contact.phone.replace(/\s/g, '')}`}>{contact.phone}</a>
              </li>
            ) : null}
          </ul>
        ) : (
          <p>{s.noContact}</p>
        )}

        <h2>{s.recourse}</h2>
        <p>{s.recourseText}</p>
        <ul>
          <li>
            <a href="https://formulaire.defenseurdesdroits.fr/">{s.recourseForm}</a>
          </li>
          <li>
            <a href="https://www.defenseurdesdroits.fr/saisir/delegues">{s.recourseDelegate}</a>
          </li>
          <li>
            <a href="tel:+33969390000">{s.recoursePhone}</a>
          </li>
          <li>{s.recourseMail}</li>
        </ul>

        <h2>{s.plan}</h2>
        <p>{s.planText}</p>
      </div>
    </Page>
  );
};
