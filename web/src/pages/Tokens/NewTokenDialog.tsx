import { useState } from 'react';
import { api } from '../../api/client';
import { Button } from '../../components/Button';
import { CopyField } from '../../components/CopyField';
import { Dialog } from '../../components/Dialog';
import { CheckField, SelectField, TextField } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { useAction } from '../../hooks/use-action';
import { t } from '../../i18n';
import { AREAS, scopesOf, type Access, type Area } from './scopes';

const noAccess = Object.fromEntries(AREAS.map((area) => [area, 'none'])) as Record<Area, Access>;

/** Name and scopes; then the token, shown this once with a copy button. */
export function NewTokenDialog({ onClose, onCreated }: { onClose(): void; onCreated(): void }) {
  const [name, setName] = useState('');
  const [full, setFull] = useState(false);
  const [access, setAccess] = useState(noAccess);
  const [days, setDays] = useState('');
  const [token, setToken] = useState('');
  const [checked, setChecked] = useState(false);
  const scopes = scopesOf(full, access);
  const daysValid = days.trim() === '' || /^\d{1,4}$/.test(days.trim());
  const create = useAction(async () => {
    const created = await api.post('/api/admin/tokens', {
      body: { name: name.trim(), scopes, ...(days.trim() ? { expires_in_days: Number(days.trim()) } : {}) },
    });
    setToken(created.token);
    onCreated();
  });

  if (token) {
    return (
      <Dialog title={t.tokens.createdTitle} onClose={onClose} footer={<Button variant="primary" onClick={onClose}>{t.common.close}</Button>}>
        <Notice kind="warning">{t.tokens.createdBody}</Notice>
        <CopyField label={t.tokens.token} name="token" value={token} />
      </Dialog>
    );
  }

  return (
    <Dialog
      title={t.tokens.createTitle}
      onClose={onClose}
      onSubmit={() => {
        setChecked(true);
        if (name.trim() && scopes.length > 0 && daysValid) void create.run();
      }}
      footer={
        <>
          <Button onClick={onClose}>{t.common.cancel}</Button>
          <Button type="submit" variant="primary" disabled={create.busy}>
            {create.busy ? t.common.working : t.common.create}
          </Button>
        </>
      }
    >
      <TextField label={t.tokens.name} name="name" value={name} onChange={(e) => setName(e.target.value)} hint={t.tokens.nameHelp} error={checked && !name.trim() ? t.tokens.nameHelp : undefined} />
      <fieldset className="scopes">
        <legend>{t.tokens.scopes}</legend>
        <CheckField label={t.tokens.fullAccess} name="admin" checked={full} onChange={(e) => setFull(e.target.checked)} />
        {!full && (
          <div className="form-grid">
            {AREAS.map((area) => (
              <SelectField
                key={area}
                label={t.tokens.areas[area] ?? area}
                name={`scope-${area}`}
                value={access[area]}
                onChange={(e) => setAccess({ ...access, [area]: e.target.value as Access })}
                options={(['none', 'read', 'write'] as const).map((value) => ({ value, label: t.tokens.access[value] ?? value }))}
              />
            ))}
          </div>
        )}
      </fieldset>
      <TextField label={t.tokens.expires} name="expires_in_days" inputMode="numeric" value={days} onChange={(e) => setDays(e.target.value)} hint={t.tokens.expiresHelp} optional error={daysValid ? undefined : t.tokens.expiresHelp} className="input-short" />
      {checked && scopes.length === 0 && <Notice kind="error">{t.tokens.noScopes}</Notice>}
      {create.error && <Notice kind="error">{create.error}</Notice>}
    </Dialog>
  );
}
