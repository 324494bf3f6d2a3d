/**
 * The bench fleet's device number `i`: its RustDesk id and `uuid` (base64, standard and padded,
 * of a machine UID: spec §2.3). The same in every process, so the bench builds requests for a
 * fleet of any size without being sent it. Client `i`'s token is bound to device `i`.
 */
export function fleetDevice(i: number): { id: string; uuid: string } {
  return { id: String(100_000_000 + i), uuid: Buffer.from(`bench-machine-${i.toString().padStart(9, '0')}`).toString('base64') };
}
