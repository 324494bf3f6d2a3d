import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DeviceAuditRecord } from '../../src/domain/device-audit.js';
import { EXPORT_CHUNK } from '../../src/services/device-audit.js';
import { newTimeOrderedId } from '../../src/services/secrets.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { testEngines } from '../support/databases.js';

const T0 = Date.UTC(2026, 5, 1);

const record = (at: number, fields: Partial<DeviceAuditRecord>): DeviceAuditRecord => ({
  source: 'client',
  id: newTimeOrderedId(at), created_at: at, kind: 'alarm', device_id: '640000001', device_uuid: 'dXVpZA==', conn_id: 0, type: 1, action: '', ip: '192.0.2.7',
  info: {}, session_id: '', peer_id: '', peer_name: '', note: '', authorized_at: 0, closed_at: 0, ...fields,
});

/** Everything an export's chunks hold, and how large each chunk was. */
async function drain<T>(chunks: AsyncGenerator<T[]>): Promise<{ rows: T[]; sizes: number[] }> {
  const rows: T[] = [];
  const sizes: number[] = [];
  for await (const chunk of chunks) {
    rows.push(...chunk);
    sizes.push(chunk.length);
  }
  return { rows, sizes };
}

for (const engine of await testEngines()) {
  describe(`device audit exports (${engine})`, () => {
    let t: TestApp;
    const deviceAlarms = EXPORT_CHUNK + 10;
    const signIns = EXPORT_CHUNK - 300;

    before(async () => {
      t = await buildTestApp(engine);
      // Device alarms and failed sign-ins interleaved, many sharing a millisecond across both tables.
      await t.store.transaction(async (tx) => {
        for (let i = 0; i < deviceAlarms; i++) await tx.deviceAudit.insert(record(T0 + Math.floor(i / 3), { type: i % 2 }));
      });
      const k = t.store.db.kysely;
      for (let start = 0; start < signIns; start += 200) {
        const rows = Array.from({ length: Math.min(200, signIns - start) }, (_, j) => {
          const at = T0 + Math.floor((start + j) / 2);
          return { id: newTimeOrderedId(at), created_at: at, ip: '198.51.100.9', name: `guess-${start + j}`, reason: 'bad_credentials', channel: 'console' };
        });
        await k.insertInto('login_failures').values(rows).execute();
      }
    });
    after(() => t.close());

    it('reads every alarm of both sources once, newest first, in chunks no larger than one export chunk', async () => {
      const { rows, sizes } = await drain(t.services.deviceAudit.eachAlarm({}));
      assert.equal(rows.length, deviceAlarms + signIns);
      assert.ok(sizes.every((size) => size <= EXPORT_CHUNK) && sizes.length >= 2, sizes.join(','));
      assert.equal(new Set(rows.map((a) => `${a.source}:${a.id}`)).size, rows.length, 'each alarm once');
      assert.ok(rows.every((a, i) => i === 0 || a.created_at <= rows[i - 1]!.created_at), 'newest first');
      const page = await t.services.deviceAudit.alarms({}, { current: 1, pageSize: 1 });
      assert.equal(page.total, rows.length, 'the page counts the same');
    });

    it('keeps the filters across chunks', async () => {
      const odd = await drain(t.services.deviceAudit.eachAlarm({ type: 1 }));
      assert.equal(odd.rows.length, deviceAlarms / 2);
      assert.ok(odd.rows.every((a) => a.source === 'device' && a.type === 1));
      const failed = await drain(t.services.deviceAudit.eachAlarm({ source: 'sign_in', from: T0 + 100 }));
      assert.equal(failed.rows.length, signIns - 200);
      assert.equal((await drain(t.services.deviceAudit.eachAlarm({ source: 'sign_in', deviceId: '640000001' }))).rows.length, 0);
      assert.deepEqual((await drain(t.services.deviceAudit.eachRecord('conn', {}))).sizes, [], 'no connections: no chunk at all');
    });
  });
}
