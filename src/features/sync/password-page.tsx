import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';

import { rewrapPassword } from '../../data/crypto/lock';
import { getDb } from '../../data/db';
import { getSession, passwordChanged } from '../../data/sync/session';
import { apiRequest } from '../../data/sync/transport';
import { Field } from '../../ui/field';
import { Page } from '../../ui/page';
import { errorsOf } from './form-errors';
import { strings } from './strings';

const s = strings.password;

/** Each person changes their own password here; a provisional one must be changed before syncing. */
export const PasswordPage = () => {
  const session = useLiveQuery(() => getSession(getDb()), []);
  const [values, setValues] = useState({ currentPassword: '', newPassword: '', confirm: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const set = (key: keyof typeof values) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [key]: e.target.value }));

  if (session === undefined) return <Page title={s.title}>{null}</Page>;
  const token = session?.token;
  if (!token || session.revoked)
    return (
      <Page title={s.title}>
        <p>{s.signedOut}</p>
        <Link className="button" to="/connexion">
          {strings.signIn.submit}
        </Link>
      </Page>
    );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    if (values.newPassword !== values.confirm) {
      setErrors({ confirm: s.mismatch });
      return;
    }
    setBusy(true);
    try {
      await apiRequest({ baseUrl: '', token }, 'POST', '/me/password', {
        currentPassword: values.currentPassword,
        newPassword: values.newPassword,
      });
      await passwordChanged(getDb());
      // The lock's copy follows, so that the new password unlocks offline (the old one no longer does).
      await rewrapPassword(getDb().name, values.newPassword).catch(() => undefined);
      setValues({ currentPassword: '', newPassword: '', confirm: '' });
      setDone(true);
    } catch (error) {
      setErrors(errorsOf(error, s));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title={s.title}>
      {session.user.mustChangePassword && !done ? (
        <p className="card card--warning" role="alert">
          {s.provisional}
        </p>
      ) : null}
      {done ? (
        <div className="card">
          <p role="status">{s.done}</p>
          <Link className="button" to="/synchronisation">
            {s.back}
          </Link>
        </div>
      ) : (
        <form className="card" onSubmit={(e) => void submit(e)} noValidate>
          <Field label={s.current} hint={s.currentHint} error={errors.currentPassword} required>
            {(p) => (
              <input
                {...p}
                type="password"
                autoComplete="current-password"
                value={values.currentPassword}
                onChange={set('currentPassword')}
                required
              />
            )}
          </Field>
          <Field label={s.next} hint={s.nextHint} error={errors.newPassword} required>
            {(p) => (
              <input
                {...p}
                type="password"
                autoComplete="new-password"
                value={values.newPassword}
                onChange={set('newPassword')}
                required
              />
            )}
          </Field>
          <Field label={s.confirm} error={errors.confirm} required>
            {(p) => (
              <input
                {...p}
                type="password"
                autoComplete="new-password"
                value={values.confirm}
                onChange={set('confirm')}
                required
              />
            )}
          </Field>
          {errors._form ? (
            <p className="field__error" role="alert">
              {errors._form}
            </p>
          ) : null}
          <button type="submit" className="button button--big" disabled={busy}>
            {s.submit}
          </button>
        </form>
      )}
    </Page>
  );
};
