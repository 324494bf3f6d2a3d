import assert from 'node:assert/strict';
import pg from 'pg';

/**
 * A connection listening on `channel` as another deskgate instance would, with the payloads it
 * has received, in order (migrations 0013 and 0016's triggers).
 */
export async function noticeListener(url: string, channel: string) {
  const client = new pg.Client({ connectionString: url });
  const payloads: string[] = [];
  client.on('notification', (message) => {
    if (message.channel === channel && message.payload !== undefined) payloads.push(message.payload);
  });
  await client.connect();
  await client.query(`listen ${channel}`);
  return {
    payloads,
    /** The payloads received up to and including `marker`, which a later statement sent (notices come in commit order). */
    async upTo(marker: string): Promise<string[]> {
      for (let waited = 0; !payloads.includes(marker) && waited < 100; waited++) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.ok(payloads.includes(marker), `no ${marker} in ${payloads.join(', ')}`);
      return payloads.splice(0, payloads.indexOf(marker) + 1);
    },
    close: () => client.end(),
  };
}
