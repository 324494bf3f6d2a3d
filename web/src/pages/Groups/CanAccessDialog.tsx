import { api } from '../../api/client';
import type { Group } from '../../api/types';
import { Dialog } from '../../components/Dialog';
import { Button } from '../../components/Button';
import { LoadError, Loading } from '../../components/StateViews';
import { useToast } from '../../components/Toaster';
import { useResource } from '../../hooks/use-resource';
import { t } from '../../i18n';
import { GroupPickerDialog } from '../DeviceGroups/GroupPickerDialog';

/** "Can access devices of": the user groups whose people's devices this group's people see in their RustDesk clients. */
export function CanAccessDialog({ group, onClose }: { group: Group; onClose(): void }) {
  const toast = useToast();
  const access = useResource(() => api.get('/api/admin/groups/{id}/access', { path: { id: group.id } }), group.id);
  if (!access.data) {
    return (
      <Dialog title={t.deviceGroups.canAccessTitle(group.name)} onClose={onClose} footer={<Button onClick={onClose}>{t.common.close}</Button>}>
        {access.error !== undefined ? <LoadError error={access.error} retry={access.reload} /> : <Loading />}
      </Dialog>
    );
  }
  const deviceGroups = access.data.device_groups.map((g) => g.name).join(', ');
  return (
    <GroupPickerDialog
      title={t.deviceGroups.canAccessTitle(group.name)}
      intro={`${t.deviceGroups.canAccessIntro} ${deviceGroups ? t.deviceGroups.alsoDeviceGroups(deviceGroups) : ''}`.trim()}
      chosen={access.data.target_groups.map((g) => g.id)}
      excludeId={group.id}
      onClose={onClose}
      onSave={async (ids) => {
        await api.put('/api/admin/groups/{id}/access', { path: { id: group.id }, body: { target_group_ids: ids } });
        toast(t.groups.saved(group.name));
      }}
    />
  );
}
