import { useEffect, useState, type FormEvent } from 'react';

import { enrolAtSignIn } from '../../data/crypto/lock';
import { SillonDB } from '../../data/db';
import { activateAccount, databaseForEmail } from '../../data/sync/accounts';
import { setupServer, signIn, type StoredSession } from '../../data/sync/session';
import { takeWipeNotice } from '../../data/sync/wipe';
import { SyncError, apiRequest } from '../../data/sync/transport';
import { Field } from '../../ui/field';
import { Page } from '../../ui/page';
import { errorsOf } from './form-errors';
import { strings } from './strings';

type Errors = Record<string, string>;

/**
 * After sign-in the app reopens on the person's own database (one per account on a shared tablet),
 * unlocked: the lock's copies of the root secret are made (or recovered by the server's device key)
 * with the password just typed (src/data/crypto/lock.ts).
 */
const enter = async (
  session: StoredSession & { deviceKey?: string },
  email: string,
  password: string,
  dbName: string,
) => {
  await enrolAtSignIn(dbName, { password, ...(session.deviceKey ? { deviceKey: session.deviceKey } : {}) });
  activateAccount(session.user.userId, email, dbName, {
    name: session.user.name,
    structureName: session.user.structureName,
  });
  // A provisional password is replaced first (the server allows nothing else meanwhile).
  window.location.assign(
    session.user.mustChangePassword ? '/synchronisation/mot-de-passe' : '/synchronisation',
  );
};

const SignInForm = () => {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [structures, setStructures] = useState<{ id: string; name: string }[]>();
  const [structureId, setStructureId] = useState('');
  const [invitationCode, setInvitationCode] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    const dbName = databaseForEmail(email);
    const db = new SillonDB(dbName);
    try {
      const session = await signIn(
        db,
        { baseUrl: '' },
        {
          email,
          password,
          ...(structureId && !invitationCode.trim() ? { structureId } : {}),
          ...(invitationCode.trim() ? { invitationCode: invitationCode.trim() } : {}),
        },
      );
      db.close();
      await enter(session, email, password, dbName);
    } catch (error) {
      db.close();
      if (error instanceof SyncError && error.body?.structures) {
        setStructures(error.body.structures);
        setStructureId(error.body.structures[0]?.id ?? '');
      } else setErrors(errorsOf(error, strings.signIn));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <p>{strings.signIn.intro}</p>
      <Field label={strings.signIn.email} error={errors.email} required>
        {(p) => (
          <input
            {...p}
            type="email"
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            required
          />
        )}
      </Field>
      <Field label={strings.signIn.password} error={errors.password} required>
        {(p) => (
          <input
            {...p}
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        )}
      </Field>
      <Field
        label={strings.signIn.invitation}
        hint={strings.signIn.invitationHint}
        error={errors.invitationCode}
      >
        {(p) => (
          <input
            {...p}
            type="text"
            autoComplete="one-time-code"
            autoCapitalize="characters"
            value={invitationCode}
            onChange={(e) => setInvitationCode(e.target.value)}
          />
        )}
      </Field>
      {structures ? (
        <Field label={strings.signIn.structure}>
          {(p) => (
            <select {...p} value={structureId} onChange={(e) => setStructureId(e.target.value)}>
              {structures.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      {errors._form ? (
        <p className="field__error" role="alert">
          {errors._form}
        </p>
      ) : null}
      <p className="muted">{strings.signIn.adopt}</p>
      <button type="submit" className="button button--big" disabled={busy}>
        {busy ? strings.signIn.submitting : strings.signIn.submit}
      </button>
    </form>
  );
};

const SetupForm = () => {
  const [values, setValues] = useState({ code: '', structureName: '', name: '', email: '', password: '' });
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof values) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [key]: e.target.value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    const dbName = databaseForEmail(values.email);
    const db = new SillonDB(dbName);
    try {
      const session = await setupServer(db, { baseUrl: '' }, values);
      db.close();
      await enter(session, values.email, values.password, dbName);
    } catch (error) {
      db.close();
      setErrors(errorsOf(error, strings.signIn));
    } finally {
      setBusy(false);
    }
  };

  const field = (key: keyof typeof values, label: string, type = 'text', hint?: string, auto?: string) => (
    <Field label={label} error={errors[key]} required {...(hint ? { hint } : {})}>
      {(p) => (
        <input {...p} type={type} value={values[key]} onChange={set(key)} autoComplete={auto} required />
      )}
    </Field>
  );

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <p>{strings.setup.intro}</p>
      {field('code', strings.setup.code, 'text', undefined, 'one-time-code')}
      {field('structureName', strings.setup.structureName, 'text', undefined, 'organization')}
      {field('name', strings.setup.name, 'text', undefined, 'name')}
      {field('email', strings.setup.email, 'email', undefined, 'username')}
      {field('password', strings.setup.password, 'password', strings.setup.passwordHint, 'new-password')}
      {errors._form ? (
        <p className="field__error" role="alert">
          {errors._form}
        </p>
      ) : null}
      <button type="submit" className="button button--big" disabled={busy}>
        {strings.setup.submit}
      </button>
    </form>
  );
};

/** Sign-in, or the first setup of an empty server (asks for the code the server printed). */
export const SignInPage = () => {
  const [setupRequired, setSetupRequired] = useState<boolean>();
  // After a remote wipe (src/data/sync/wipe.ts): said once, here.
  const [wiped] = useState(() => takeWipeNotice());
  useEffect(() => {
    apiRequest<{ setupRequired: boolean }>({ baseUrl: '' }, 'GET', '/auth/status')
      .then((r) => setSetupRequired(r.setupRequired))
      .catch(() => setSetupRequired(false));
  }, []);
  if (setupRequired === undefined) return <Page title={strings.signIn.title}>{null}</Page>;
  return (
    <Page title={setupRequired ? strings.setup.title : strings.signIn.title}>
      {wiped ? (
        <p className="card card--warning" role="status" data-testid="wiped-notice">
          {strings.errors.wiped}
        </p>
      ) : null}
      <div className="card">{setupRequired ? <SetupForm /> : <SignInForm />}</div>
    </Page>
  );
};
