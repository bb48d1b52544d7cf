import { NavLink } from 'react-router';

import { strings } from './strings';
import './loans.css';

/** The feature's own tabs: inventory, loans, label scanner, agreement template. */
export const LoansNav = () => (
  <nav aria-label={strings.nav.label} className="loans-nav no-print">
    <NavLink to="/materiel" end className="chip">
      {strings.nav.items}
    </NavLink>
    <NavLink to="/prets" end className="chip">
      {strings.nav.loans}
    </NavLink>
    <NavLink to="/materiel/scanner" className="chip">
      {strings.nav.scan}
    </NavLink>
    <NavLink to="/prets/modele" className="chip">
      {strings.nav.template}
    </NavLink>
  </nav>
);
