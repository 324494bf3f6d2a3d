import { useState } from 'react';
import { api } from '../../api/client';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { SelectField, TextField } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { useToast } from '../../components/Toaster';
import { useAction } from '../../hooks/use-action';
import { useResource } from '../../hooks/use-resource';
import { t } from '../../i18n';
import { RULES, type AddressBook } from './types';

type Subject = 'user' | 'group' | 'everyone';

/**
 * Shares a book with a user, a user group or everyone. Administrators pick from the lists of
 * users and groups; anyone else types the exact name (the lists are administrators' only).
 */
export function RuleDialog({ book, isAdmin, onClose, onSaved }: { book: AddressBook; isAdmin: boolean; onClose(): void; onSaved(): void }) {
  const toast = useToast();
  const [subject, setSubject] = useState<Subject>('user');
  const [chosen, setChosen] = useState('');
  const [rule, setRule] = useState('1');
  const save = useAction(async () => {
    const target = subject === 'everyone' ? {} : isAdmin ? { id: chosen } : { name: chosen.trim() };
    await api.post('/api/account/address-books/{id}/rules', { path: { id: book.guid }, body: { subject, rule: Number(rule) as 1 | 2 | 3, ...target } });
    toast(t.addressBooks.ruleAdded);
    onSaved();
    onClose();
  });
  const ready = subject === 'everyone' || chosen.trim() !== '';

  return (
    <Dialog
      title={t.addressBooks.addRuleTitle}
      onClose={onClose}
      onSubmit={() => void save.run()}
      footer={
        <>
          <Button onClick={onClose}>{t.common.cancel}</Button>
          <Button type="submit" variant="primary" disabled={save.busy || !ready}>
            {save.busy ? t.common.saving : t.addressBooks.addRule}
          </Button>
        </>
      }
    >
      <SelectField
        label={t.addressBooks.subject}
        name="subject"
        value={subject}
        onChange={(e) => {
          setSubject(e.target.value as Subject);
          setChosen('');
        }}
        options={(['user', 'group', 'everyone'] as const).map((value) => ({ value, label: t.addressBooks.subjects[value] ?? value }))}
      />
      {subject !== 'everyone' && (isAdmin ? <SubjectPicker subject={subject} value={chosen} onChange={setChosen} /> : <SubjectName subject={subject} value={chosen} onChange={setChosen} />)}
      <SelectField
        label={t.addressBooks.access}
        hint={t.addressBooks.ruleHelp}
        name="rule"
        value={rule}
        onChange={(e) => setRule(e.target.value)}
        options={RULES.map((value) => ({ value: String(value), label: t.addressBooks.rules[value] ?? String(value) }))}
      />
      {save.error && <Notice kind="error">{save.error}</Notice>}
    </Dialog>
  );
}

function SubjectPicker({ subject, value, onChange }: { subject: 'user' | 'group'; value: string; onChange(id: string): void }) {
  const choices = useResource(
    async () =>
      subject === 'user'
        ? (await api.get('/api/admin/users', { query: { pageSize: 1000 } })).data.map((u) => ({ value: u.id, label: u.name }))
        : (await api.get('/api/admin/groups', { query: { pageSize: 1000 } })).data.map((g) => ({ value: g.id, label: g.name })),
    subject,
  );
  return (
    <SelectField
      label={subject === 'user' ? t.addressBooks.user : t.addressBooks.group}
      name="subject-id"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      options={[{ value: '', label: t.addressBooks.choose }, ...(choices.data ?? [])]}
    />
  );
}

function SubjectName({ subject, value, onChange }: { subject: 'user' | 'group'; value: string; onChange(name: string): void }) {
  return (
    <TextField
      label={subject === 'user' ? t.addressBooks.userName : t.addressBooks.groupName}
      hint={t.addressBooks.exactName}
      name="subject-name"
      maxLength={128}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}
