import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useState, type FormEvent } from 'react';

import { getDb } from '../../data/db';
import { getSession } from '../../data/sync/session';
import { SyncError, apiRequest, type TransportOptions } from '../../data/sync/transport';
import { ROLES, ROLE_LABELS, type Role } from '../../domain/sync';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { Field } from '../../ui/field';
import { formatDateTime } from '../../ui/format';
import { Page } from '../../ui/page';
import { MembersSection, type Invitation, type Member } from './structure-members';
import { errorsOf } from './form-errors';
import { strings } from './strings';

const s = strings.structure;

interface DeviceRow {
  id: string;
  name: string;
  current: boolean;
  userName: string;
  lastSeenAt: string | null;
  revokedAt: string | null;
  wipeRequestedAt?: string | null;
}

/** The coordinateur's screen: the structure's people, invitations and devices (online only). */
export const StructurePage = () => {
  const session = useLiveQuery(() => getSession(getDb()), []);
  const [users, setUsers] = useState<{ members: Member[]; invitations: Invitation[] }>();
  const [devices, setDevices] = useState<DeviceRow[]>();
  const [error, setError] = useState<string>();
  const [form, setForm] = useState({ name: '', email: '', role: 'conseiller' as Role, password: '' });
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<string>();
  const [revoking, setRevoking] = useState<{ id: string; mode: 'arreter' | 'effacer' }>();

  const token = session?.token;
  const transport: TransportOptions | undefined = token ? { baseUrl: '', token } : undefined;
  const [reload, setReload] = useState(0);
  const load = useCallback(() => setReload((n) => n + 1), []);
  useEffect(() => {
    if (!token) return;
    const t = { baseUrl: '', token };
    let live = true;
    Promise.all([
      apiRequest<{ members: Member[]; invitations: Invitation[] }>(t, 'GET', '/structure/users'),
      apiRequest<DeviceRow[]>(t, 'GET', '/structure/devices'),
    ]).then(
      ([u, d]) => {
        if (!live) return;
        setUsers(u);
        setDevices(d);
        setError(undefined);
      },
      (e: unknown) => {
        if (live) setError(e instanceof SyncError && e.kind === 'forbidden' ? s.onlyCoordinateur : s.offline);
      },
    );
    return () => {
      live = false;
    };
  }, [token, reload]);

  if (session === undefined) return <Page title={s.title}>{null}</Page>;
  if (session?.user.role !== 'coordinateur' || !transport) {
    return (
      <Page title={s.title}>
        <p>{s.onlyCoordinateur}</p>
      </Page>
    );
  }

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setFieldErrors({});
    setNotice(undefined);
    try {
      const { invitation } = await apiRequest<{ invitation: { code: string; expiresAt: string } }>(
        transport,
        'POST',
        '/structure/users',
        form,
      );
      setNotice(s.created(form.name, invitation.code, formatDateTime(invitation.expiresAt)));
      setForm({ name: '', email: '', role: 'conseiller', password: '' });
      load();
    } catch (e) {
      setFieldErrors(errorsOf(e, s));
    }
  };

  return (
    <Page title={s.title}>
      {error ? (
        <p className="card card--warning" role="alert">
          {error}
        </p>
      ) : null}
      <section className="card" aria-labelledby="users-title">
        <h2 id="users-title">{s.users}</h2>
        {users ? (
          <MembersSection
            transport={transport}
            selfId={session.user.userId}
            members={users.members}
            invitations={users.invitations}
            onChange={load}
          />
        ) : (
          <p>{s.loading}</p>
        )}
        <h3>{s.addUser}</h3>
        <p className="muted">{s.addIntro}</p>
        <form onSubmit={(e) => void create(e)} noValidate>
          <Field label={s.name} error={fieldErrors.name} required>
            {(p) => (
              <input
                autoComplete="off"
                {...p}
                value={form.name}
                onChange={(e) => setForm({ ...form, name: e.target.value })}
              />
            )}
          </Field>
          <Field label={s.email} error={fieldErrors.email} required>
            {(p) => (
              <input
                autoComplete="off"
                {...p}
                type="email"
                value={form.email}
                onChange={(e) => setForm({ ...form, email: e.target.value })}
              />
            )}
          </Field>
          <Field label={s.role}>
            {(p) => (
              <select
                {...p}
                value={form.role}
                onChange={(e) => setForm({ ...form, role: e.target.value as Role })}
              >
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {ROLE_LABELS[r]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={s.password} hint={s.passwordHint} error={fieldErrors.password} required>
            {(p) => (
              <input
                {...p}
                type="text"
                autoComplete="off"
                value={form.password}
                onChange={(e) => setForm({ ...form, password: e.target.value })}
              />
            )}
          </Field>
          {fieldErrors._form ? (
            <p className="field__error" role="alert">
              {fieldErrors._form}
            </p>
          ) : null}
          {notice ? (
            <p className="card" role="status">
              {notice}
            </p>
          ) : null}
          <button type="submit" className="button">
            {s.create}
          </button>
        </form>
      </section>
      <section className="card" aria-labelledby="devices-title">
        <h2 id="devices-title">{s.devices}</h2>
        {devices ? (
          <ul className="list">
            {devices.map((d) => (
              <li key={d.id} className="list__item">
                <span>
                  {d.userName} · {d.name}
                  {d.current ? ` (${s.thisDevice})` : ''} ·{' '}
                  {d.revokedAt
                    ? d.wipeRequestedAt
                      ? s.wiped
                      : s.revoked
                    : d.wipeRequestedAt
                      ? s.wipeRequested
                      : d.lastSeenAt
                        ? s.lastSeen(formatDateTime(d.lastSeenAt))
                        : ''}
                </span>
                {!d.revokedAt && !d.wipeRequestedAt && !d.current ? (
                  <span className="actions">
                    <button
                      type="button"
                      className="button button--secondary"
                      aria-label={s.revokeLabel(d.userName, d.name)}
                      onClick={() => setRevoking({ id: d.id, mode: 'arreter' })}
                    >
                      {s.revoke}
                    </button>
                    <button
                      type="button"
                      className="button button--danger"
                      aria-label={s.wipeLabel(d.userName, d.name)}
                      onClick={() => setRevoking({ id: d.id, mode: 'effacer' })}
                    >
                      {s.wipe}
                    </button>
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p>{s.loading}</p>
        )}
      </section>
      <ConfirmDialog
        open={revoking !== undefined}
        title={revoking?.mode === 'effacer' ? s.wipeTitle : s.revokeTitle}
        message={revoking?.mode === 'effacer' ? s.wipeMessage : s.revokeMessage}
        confirmLabel={revoking?.mode === 'effacer' ? s.wipe : s.revoke}
        danger
        onCancel={() => setRevoking(undefined)}
        onConfirm={() => {
          const chosen = revoking;
          setRevoking(undefined);
          if (chosen)
            void apiRequest(transport, 'POST', `/structure/devices/${chosen.id}/revoke`, {
              mode: chosen.mode,
            }).then(load, load);
        }}
      />
    </Page>
  );
};
