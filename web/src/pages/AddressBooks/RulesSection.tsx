import { useState } from 'react';
import { api } from '../../api/client';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { PlusIcon } from '../../components/Icons';
import { Notice } from '../../components/Notice';
import { LoadError, Loading } from '../../components/StateViews';
import { Table } from '../../components/Table';
import { useToast } from '../../components/Toaster';
import { useAction } from '../../hooks/use-action';
import { useResource } from '../../hooks/use-resource';
import { t } from '../../i18n';
import { RuleDialog } from './RuleDialog';
import { RULES, type AbRule, type AddressBook } from './types';

const who = (rule: AbRule) => t.addressBooks.subjectLabel(rule.subject, rule.subject_name);

/** Who may use a shared book and how far (full control only): add, change in place, delete. */
export function RulesSection({ book, isAdmin, version }: { book: AddressBook; isAdmin: boolean; version: number }) {
  const toast = useToast();
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState<AbRule>();
  const rules = useResource(() => api.get('/api/account/address-books/{id}/rules', { path: { id: book.guid } }), `${book.guid}:${version}`);
  const change = useAction(async (rule: AbRule, value: number) => {
    await api.patch('/api/account/address-book-rules/{id}', { path: { id: rule.guid }, body: { rule: value } });
    toast(t.addressBooks.ruleSaved);
    rules.reload();
  });

  return (
    <section className="stack" aria-labelledby="ab-rules">
      <div className="section-header">
        <h2 id="ab-rules">{t.addressBooks.rulesTitle}</h2>
        <Button onClick={() => setAdding(true)}>
          <PlusIcon />
          <span>{t.addressBooks.addRule}</span>
        </Button>
      </div>
      <p className="muted">{t.addressBooks.rulesIntro}</p>
      {rules.error !== undefined && <LoadError error={rules.error} retry={rules.reload} />}
      {!rules.data && rules.loading && <Loading />}
      {rules.data && (
        <Table
          caption={t.addressBooks.rulesTitle}
          rows={rules.data}
          rowKey={(rule) => rule.guid}
          empty={t.addressBooks.noRules}
          columns={[
            { header: t.addressBooks.who, cell: (rule) => <strong>{who(rule)}</strong> },
            {
              header: t.addressBooks.access,
              cell: (rule) => (
                <select className="input-short" aria-label={`${t.addressBooks.access}: ${who(rule)}`} value={rule.rule} disabled={change.busy} onChange={(e) => void change.run(rule, Number(e.target.value))}>
                  {RULES.map((value) => (
                    <option key={value} value={value}>
                      {t.addressBooks.rules[value]}
                    </option>
                  ))}
                </select>
              ),
            },
            {
              header: t.common.actions,
              end: true,
              cell: (rule) => (
                <Button small variant="danger" onClick={() => setDeleting(rule)} aria-label={`${t.common.delete} ${who(rule)}`}>
                  {t.common.delete}
                </Button>
              ),
            },
          ]}
        />
      )}
      {change.error && <Notice kind="error">{change.error}</Notice>}
      {adding && <RuleDialog book={book} isAdmin={isAdmin} onClose={() => setAdding(false)} onSaved={rules.reload} />}
      {deleting && (
        <ConfirmDialog
          title={t.addressBooks.deleteRuleTitle(who(deleting))}
          body={t.addressBooks.deleteRuleBody}
          confirmLabel={t.common.delete}
          onClose={() => setDeleting(undefined)}
          onConfirm={async () => {
            await api.delete('/api/account/address-book-rules/{id}', { path: { id: deleting.guid } });
            toast(t.addressBooks.ruleDeleted);
            rules.reload();
          }}
        />
      )}
    </section>
  );
}
