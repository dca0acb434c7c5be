// Questions about the whole database rather than one table.
import type { Tx } from './store';

/** No user, key or setting yet: a configuration file may be loaded into this database. */
export async function isEmpty(db: Tx): Promise<boolean> {
  const row = await db.get<{ n: number }>(
    'SELECT (SELECT count(*) FROM local_users) + (SELECT count(*) FROM settings) + (SELECT count(*) FROM public_keys) + (SELECT count(*) FROM ssh_users)' +
      ' + (SELECT count(*) FROM isp_domains) + (SELECT count(*) FROM radius_schemes) AS n',
  );
  return (row?.n ?? 0) === 0;
}
