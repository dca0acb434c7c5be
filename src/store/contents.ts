// Questions about the whole database rather than one table.
import type { Tx } from './store';

/**
 * Tables that hold the running configuration, children first. A boot empties them and rebuilds
 * them from the startup file; host keys, the lock list, the log buffer and password history are not
 * configuration and are not listed. A new configuration table is added here.
 */
export const CONFIGURATION_TABLES = ['ssh_user_keys', 'ssh_users', 'public_keys', 'local_users', 'settings', 'isp_domains', 'radius_schemes'] as const;

/** Drops the running configuration: what a device restart does before it reads the startup file. */
export async function clearConfiguration(db: Tx): Promise<void> {
  for (const table of CONFIGURATION_TABLES) await db.run(`DELETE FROM ${table}`);
}
