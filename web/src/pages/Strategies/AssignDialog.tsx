import { useState } from 'react';
import { api } from '../../api/client';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { Notice } from '../../components/Notice';
import { LoadError, Loading } from '../../components/StateViews';
import { useToast } from '../../components/Toaster';
import { useAction } from '../../hooks/use-action';
import { useResource } from '../../hooks/use-resource';
import { t } from '../../i18n';
import { nameOf } from '../Devices/types';
import { assignBodies, changesOf, isEmpty } from './assign';
import { TargetPicker, type PickerPage } from './TargetPicker';
import type { Strategy, StrategyTargets, TargetKind } from './types';

type Query = { current: number; pageSize: number; search: string };
const withSearch = (query: Query) => ({ current: query.current, pageSize: query.pageSize, ...(query.search ? { search: query.search } : {}) });

async function devicePage(query: Query): Promise<PickerPage> {
  const page = await api.get('/api/admin/devices', { query: withSearch(query) });
  return { total: page.total, items: page.data.map((d) => ({ id: d.id, label: nameOf(d) === d.id ? d.id : `${nameOf(d)} (${d.id})` })) };
}

async function userPage(query: Query): Promise<PickerPage> {
  const page = await api.get('/api/admin/users', { query: withSearch(query) });
  return { total: page.total, items: page.data.map((u) => ({ id: u.id, label: u.name })) };
}

async function deviceGroupPage(query: Query): Promise<PickerPage> {
  const page = await api.get('/api/admin/device-groups', { query: { current: query.current, pageSize: query.pageSize } });
  return { total: page.total, items: page.data.map((g) => ({ id: g.id, label: g.name })) };
}

/**
 * Which devices, users and device groups name a strategy: ticked as they are now, and on save
 * the newly ticked are given it and the unticked are left with none of their own.
 */
export function AssignDialog({ strategy, onClose, onSaved }: { strategy: Strategy; onClose(): void; onSaved(): void }) {
  const toast = useToast();
  const saved = useResource(() => api.get('/api/admin/strategies/{id}/targets', { path: { id: strategy.id } }), strategy.id);
  const [edited, setEdited] = useState<StrategyTargets>();
  const ticked = edited ?? saved.data;
  const tick = (kind: TargetKind) => (id: string, on: boolean) => {
    if (!ticked) return;
    const others = ticked[kind].filter((other) => other !== id);
    setEdited({ ...ticked, [kind]: on ? [...others, id] : others });
  };
  const save = useAction(async () => {
    if (!saved.data || !ticked) return;
    const { give, take } = changesOf(saved.data, ticked);
    if (isEmpty(give) && isEmpty(take)) {
      toast(t.strategies.noChange);
    } else {
      try {
        for (const body of [...assignBodies(null, take, strategy.id), ...assignBodies(strategy.id, give)]) {
          await api.post('/api/admin/strategies/assign', { body });
        }
      } finally {
        // Also after a failure: the requests before it are saved, and the table counts them.
        onSaved();
      }
      toast(t.strategies.assigned(strategy.name));
    }
    onClose();
  });

  return (
    <Dialog
      title={t.strategies.assignTitle(strategy.name)}
      size="wide"
      onClose={onClose}
      onSubmit={() => void save.run()}
      footer={
        <>
          <Button onClick={onClose}>{t.common.cancel}</Button>
          <Button type="submit" variant="primary" disabled={save.busy || !ticked}>
            {save.busy ? t.common.saving : t.common.save}
          </Button>
        </>
      }
    >
      <p>{t.strategies.assignIntro}</p>
      {saved.error !== undefined && <LoadError error={saved.error} retry={saved.reload} />}
      {!saved.data && saved.loading && <Loading />}
      {ticked && (
        <>
          <TargetPicker
            legend={t.strategies.devices}
            search={{ label: t.strategies.findDevice, hint: t.strategies.findDeviceHint }}
            load={devicePage}
            ticked={ticked.devices}
            onTick={tick('devices')}
          />
          <TargetPicker legend={t.strategies.users} search={{ label: t.strategies.findUser, hint: t.strategies.findUserHint }} load={userPage} ticked={ticked.users} onTick={tick('users')} />
          <TargetPicker legend={t.strategies.deviceGroups} load={deviceGroupPage} ticked={ticked.device_groups} onTick={tick('device_groups')} />
        </>
      )}
      {save.error && <Notice kind="error">{save.error}</Notice>}
    </Dialog>
  );
}
