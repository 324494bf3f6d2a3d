import { useState } from 'react';
import { api } from '../../api/client';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { CheckField } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { LoadError, Loading } from '../../components/StateViews';
import { useAction } from '../../hooks/use-action';
import { useResource } from '../../hooks/use-resource';
import { t } from '../../i18n';

/**
 * Ticks user groups and saves the whole list at once: the user groups that may reach a device
 * group, or those whose people's devices a user group may reach.
 */
export function GroupPickerDialog({
  title,
  intro,
  chosen,
  excludeId,
  onSave,
  onClose,
}: {
  title: string;
  intro: string;
  /** The ids ticked when it opens. */
  chosen: string[];
  /** A group not offered (a user group need not be given access to itself). */
  excludeId?: string;
  onSave(ids: string[]): Promise<unknown>;
  onClose(): void;
}) {
  const groups = useResource(() => api.get('/api/admin/groups', { query: { current: 1, pageSize: 1000 } }), 'all');
  const [ticked, setTicked] = useState(() => new Set(chosen));
  const save = useAction(async () => {
    await onSave([...ticked]);
    onClose();
  });
  const offered = groups.data?.data.filter((group) => group.id !== excludeId) ?? [];

  return (
    <Dialog
      title={title}
      onClose={onClose}
      onSubmit={() => void save.run()}
      footer={
        <>
          <Button onClick={onClose}>{t.common.cancel}</Button>
          <Button type="submit" variant="primary" disabled={save.busy || !groups.data}>
            {save.busy ? t.common.saving : t.common.save}
          </Button>
        </>
      }
    >
      <p>{intro}</p>
      {groups.error !== undefined && <LoadError error={groups.error} retry={groups.reload} />}
      {!groups.data && groups.loading && <Loading />}
      {groups.data && offered.length === 0 && <p className="empty">{t.deviceGroups.noUserGroups}</p>}
      <div role="group" aria-label={title}>
        {offered.map((group) => (
          <CheckField
            key={group.id}
            label={group.name}
            name={`group-${group.id}`}
            checked={ticked.has(group.id)}
            onChange={(e) => {
              const next = new Set(ticked);
              if (e.target.checked) next.add(group.id);
              else next.delete(group.id);
              setTicked(next);
            }}
          />
        ))}
      </div>
      {save.error && <Notice kind="error">{save.error}</Notice>}
    </Dialog>
  );
}
