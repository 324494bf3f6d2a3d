import { useState } from 'react';
import { api } from '../../api/client';
import type { SmtpInput, SmtpSettings } from '../../api/types';
import { Button } from '../../components/Button';
import { SelectField, TextAreaField, TextField } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { PageHeader } from '../../components/PageHeader';
import { LoadError, Loading } from '../../components/StateViews';
import { useToast } from '../../components/Toaster';
import { useAction } from '../../hooks/use-action';
import { useResource } from '../../hooks/use-resource';
import { t } from '../../i18n';

const SECURITY = ['starttls', 'tls', 'none'] as const;

/** Settings → SMTP: the mail server, and "Send test e-mail" with what the server answered. */
export function SmtpSettingsPage() {
  const settings = useResource(() => api.get('/api/admin/smtp'), 'smtp');
  return (
    <>
      <PageHeader title={t.mail.smtpTitle} intro={t.mail.smtpIntro} />
      {settings.error !== undefined && <LoadError error={settings.error} retry={settings.reload} />}
      {!settings.data && settings.loading && <Loading />}
      {settings.data && <SmtpForm key={JSON.stringify(settings.data)} saved={settings.data} onSaved={settings.reload} />}
      {settings.data && <TestMail configured={settings.data.configured} />}
    </>
  );
}

function SmtpForm({ saved, onSaved }: { saved: SmtpSettings; onSaved(): void }) {
  const toast = useToast();
  const [form, setForm] = useState({ ...saved, port: String(saved.port), timeout_seconds: String(saved.timeout_seconds), password: '' });
  const set = (key: keyof typeof form) => (event: { target: { value: string } }) => setForm({ ...form, [key]: event.target.value });
  const save = useAction(async () => {
    const body: SmtpInput = {
      host: form.host.trim(),
      port: Number(form.port),
      security: form.security,
      username: form.username.trim(),
      from: form.from.trim(),
      ca_pem: form.ca_pem,
      timeout_seconds: Number(form.timeout_seconds),
      ...(form.password ? { password: form.password } : {}),
    };
    await api.put('/api/admin/smtp', { body });
    toast(t.mail.saved);
    onSaved();
  });
  return (
    <form
      className="card stack"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save.run();
      }}
    >
      {!saved.configured && <Notice>{t.mail.notConfigured}</Notice>}
      <TextField label={t.mail.host} hint={t.mail.hostHint} name="host" autoCapitalize="none" spellCheck={false} value={form.host} onChange={set('host')} />
      <TextField label={t.mail.port} hint={t.mail.portHint} name="port" inputMode="numeric" value={form.port} onChange={set('port')} />
      <SelectField
        label={t.mail.security}
        name="security"
        value={form.security}
        onChange={set('security')}
        options={SECURITY.map((value) => ({ value, label: t.mail.securityOptions[value] ?? value }))}
      />
      <TextField label={t.mail.username} hint={t.mail.usernameHint} name="username" autoComplete="off" autoCapitalize="none" spellCheck={false} value={form.username} onChange={set('username')} optional />
      <TextField
        label={t.mail.password}
        hint={saved.has_password ? t.mail.passwordKept : t.mail.passwordHint}
        name="password"
        type="password"
        autoComplete="new-password"
        value={form.password}
        onChange={set('password')}
        optional
      />
      <TextField label={t.mail.from} hint={t.mail.fromHint} name="from" spellCheck={false} value={form.from} onChange={set('from')} />
      <TextAreaField label={t.mail.caPem} hint={t.mail.caPemHint} name="ca_pem" rows={4} spellCheck={false} value={form.ca_pem} onChange={set('ca_pem')} optional />
      <TextField label={t.mail.timeout} name="timeout_seconds" inputMode="numeric" value={form.timeout_seconds} onChange={set('timeout_seconds')} />
      {save.error && <Notice kind="error">{save.error}</Notice>}
      <div>
        <Button type="submit" variant="primary" disabled={save.busy}>
          {save.busy ? t.common.saving : t.common.save}
        </Button>
      </div>
    </form>
  );
}

function TestMail({ configured }: { configured: boolean }) {
  const [to, setTo] = useState('');
  const [answer, setAnswer] = useState('');
  const send = useAction(async () => {
    setAnswer('');
    setAnswer((await api.post('/api/admin/smtp/test', { body: { to: to.trim() } })).response);
  });
  return (
    <form
      className="card stack"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void send.run();
      }}
    >
      <h2>{t.mail.testHeading}</h2>
      <TextField label={t.mail.testTo} name="test_to" type="email" autoComplete="email" value={to} onChange={(e) => setTo(e.target.value)} />
      {answer && <Notice kind="success">{t.mail.testSent(answer)}</Notice>}
      {send.error && <Notice kind="error">{send.error}</Notice>}
      <div>
        <Button type="submit" disabled={send.busy || !configured || !to.trim()}>
          {send.busy ? t.mail.testSending : t.mail.testButton}
        </Button>
      </div>
    </form>
  );
}
