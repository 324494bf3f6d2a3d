import { useState } from 'react';
import { api } from '../../api/client';
import type { LdapSettings, LdapSettingsInput, LdapTestReport } from '../../api/types';
import { Button } from '../../components/Button';
import { CheckField, SelectField, TextAreaField, TextField } from '../../components/Field';
import { AlertIcon, CheckIcon } from '../../components/Icons';
import { Notice } from '../../components/Notice';
import { PageHeader } from '../../components/PageHeader';
import { LoadError, Loading } from '../../components/StateViews';
import { useToast } from '../../components/Toaster';
import { useAction } from '../../hooks/use-action';
import { useResource } from '../../hooks/use-resource';
import { t } from '../../i18n';

type Form = Omit<LdapSettings, 'has_bind_password' | 'timeout_seconds'> & { timeout_seconds: string; bind_password: string };

const TEXT_FIELDS = [
  'bind_dn',
  'base_dn',
  'user_filter',
  'username_attribute',
  'email_attribute',
  'display_name_attribute',
  'id_attribute',
  'group_attribute',
  'admin_group_dn',
] as const;

function formOf(settings: LdapSettings): Form {
  const { has_bind_password: _stored, ...rest } = settings;
  return { ...rest, timeout_seconds: String(settings.timeout_seconds), bind_password: '' };
}

/** What Save sends: every field, and the bind password only when one was typed (it is never shown). */
function inputOf(form: Form): LdapSettingsInput {
  const { bind_password, timeout_seconds, ...rest } = form;
  return { ...rest, timeout_seconds: Number(timeout_seconds.trim()), ...(bind_password ? { bind_password } : {}) };
}

/**
 * Settings → LDAP: the directory deskgate checks passwords with, and a Test that binds,
 * searches for a username and (with a password) checks it, each step in the server's words.
 */
export function LdapSettingsPage() {
  const settings = useResource(() => api.get('/api/admin/ldap'), 'ldap');
  return (
    <>
      <PageHeader title={t.ldap.title} />
      {settings.error !== undefined && <LoadError error={settings.error} retry={settings.reload} />}
      {!settings.data && settings.loading && <Loading />}
      {settings.data && <LdapForm key={JSON.stringify(settings.data)} settings={settings.data} onSaved={settings.reload} />}
      {settings.data && <LdapTest />}
    </>
  );
}

function LdapForm({ settings, onSaved }: { settings: LdapSettings; onSaved(): void }) {
  const toast = useToast();
  const [form, setForm] = useState<Form>(() => formOf(settings));
  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));
  const save = useAction(async () => {
    await api.put('/api/admin/ldap', { body: inputOf(form) });
    toast(t.ldap.saved);
    onSaved();
  });
  const labels: Record<(typeof TEXT_FIELDS)[number], [string, string]> = t.ldap.fields;

  return (
    <form
      className="card stack"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save.run();
      }}
    >
      <p className="muted">{t.ldap.intro}</p>
      <CheckField switch name="enabled" label={t.ldap.enabled} hint={t.ldap.enabledHelp} checked={form.enabled} onChange={(e) => set('enabled', e.target.checked)} />
      <h2>{t.ldap.server}</h2>
      <div className="form-grid">
        <TextField label={t.ldap.url} name="url" value={form.url} placeholder="ldaps://ldap.example.com" hint={t.ldap.urlHelp} onChange={(e) => set('url', e.target.value)} />
        <TextField label={t.ldap.timeout} name="timeout_seconds" inputMode="numeric" value={form.timeout_seconds} className="input-short" onChange={(e) => set('timeout_seconds', e.target.value)} />
      </div>
      <CheckField name="start_tls" label={t.ldap.startTls} hint={t.ldap.startTlsHelp} checked={form.start_tls} onChange={(e) => set('start_tls', e.target.checked)} />
      <TextAreaField label={t.ldap.caPem} name="ca_pem" optional rows={4} value={form.ca_pem} hint={t.ldap.caPemHelp} onChange={(e) => set('ca_pem', e.target.value)} />
      <h2>{t.ldap.search}</h2>
      <div className="form-grid">
        {TEXT_FIELDS.slice(0, 2).map((key) => (
          <TextField key={key} label={labels[key][0]} hint={labels[key][1]} name={key} value={form[key]} onChange={(e) => set(key, e.target.value)} />
        ))}
        <TextField
          label={t.ldap.bindPassword}
          name="bind_password"
          type="password"
          autoComplete="new-password"
          value={form.bind_password}
          placeholder={settings.has_bind_password ? t.ldap.bindPasswordStored : ''}
          hint={t.ldap.bindPasswordHelp}
          onChange={(e) => set('bind_password', e.target.value)}
        />
        <SelectField
          label={t.ldap.scope}
          name="scope"
          value={form.scope}
          options={(['sub', 'one', 'base'] as const).map((value) => ({ value, label: t.ldap.scopes[value] }))}
          onChange={(e) => set('scope', e.target.value as Form['scope'])}
        />
        {TEXT_FIELDS.slice(2).map((key) => (
          <TextField key={key} label={labels[key][0]} hint={labels[key][1]} name={key} value={form[key]} onChange={(e) => set(key, e.target.value)} />
        ))}
      </div>
      <CheckField name="nested_groups" label={t.ldap.nestedGroups} hint={t.ldap.nestedGroupsHelp} checked={form.nested_groups} onChange={(e) => set('nested_groups', e.target.checked)} />
      <CheckField name="auto_create" label={t.ldap.autoCreate} hint={t.ldap.autoCreateHelp} checked={form.auto_create} onChange={(e) => set('auto_create', e.target.checked)} />
      {save.error && <Notice kind="error">{save.error}</Notice>}
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={save.busy}>
          {save.busy ? t.common.saving : t.common.save}
        </Button>
      </div>
    </form>
  );
}

function LdapTest() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [report, setReport] = useState<LdapTestReport>();
  const test = useAction(async () => {
    setReport(undefined);
    setReport(await api.post('/api/admin/ldap/test', { body: { username, ...(password ? { password } : {}) } }));
  });
  const names: Record<string, string> = t.ldap.steps;

  return (
    <form
      className="card stack"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (username) void test.run();
      }}
    >
      <h2>{t.ldap.test}</h2>
      <p className="muted">{t.ldap.testIntro}</p>
      <div className="form-grid">
        <TextField label={t.ldap.testUsername} name="test_username" value={username} autoComplete="off" onChange={(e) => setUsername(e.target.value)} />
        <TextField label={t.ldap.testPassword} name="test_password" type="password" optional autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
      </div>
      <div className="form-actions">
        <Button type="submit" disabled={test.busy || !username}>
          {test.busy ? t.ldap.testing : t.ldap.test}
        </Button>
      </div>
      {test.error && <Notice kind="error">{test.error}</Notice>}
      {report && (
        <Notice kind={report.ok ? 'success' : 'error'} title={report.ok ? t.ldap.testOk : t.ldap.testFailed}>
          <ul className="checks">
            {report.steps.map((step, i) => (
              <li key={`${step.step}-${i}`} className={step.ok ? 'check-ok' : 'check-failed'} data-check={step.step}>
                {step.ok ? <CheckIcon /> : <AlertIcon />}
                <span>
                  <strong>{names[step.step] ?? step.step}</strong> <span className="check-message">{step.message}</span>
                </span>
              </li>
            ))}
          </ul>
          {report.user && (
            <dl className="check-details" data-testid="ldap-user">
              <dt>{t.ldap.found.dn}</dt>
              <dd>{report.user.dn}</dd>
              <dt>{t.ldap.found.username}</dt>
              <dd>{report.user.username || '—'}</dd>
              <dt>{t.ldap.found.email}</dt>
              <dd>{report.user.email || '—'}</dd>
              <dt>{t.ldap.found.displayName}</dt>
              <dd>{report.user.display_name || '—'}</dd>
              <dt>{t.ldap.found.id}</dt>
              <dd>
                <code>{report.user.id || '—'}</code>
              </dd>
              <dt>{t.ldap.found.account}</dt>
              <dd>{report.user.linked_account ? t.ldap.found.linked(report.user.linked_account) : t.ldap.found.notLinked}</dd>
              <dt>{t.ldap.found.groups}</dt>
              <dd>{report.user.deskgate_groups.length > 0 ? report.user.deskgate_groups.join(', ') : t.ldap.found.noGroups}</dd>
              {report.user.is_admin !== null && (
                <>
                  <dt>{t.ldap.found.admin}</dt>
                  <dd>{report.user.is_admin ? t.ldap.found.yes : t.ldap.found.no}</dd>
                </>
              )}
            </dl>
          )}
        </Notice>
      )}
    </form>
  );
}
