// Which records are audit (logins, logouts, lockouts, configuration changes) and which are connection
// noise. Audit records get their own file and their own share of the log buffer, so that no flood of
// failures or refusals can rotate or push them out.

/** Digests of records an attacker can cause at will: counted in their own, smaller share. */
export const NOISE_DIGESTS: ReadonlySet<string> = new Set(['AUTH_FAILED', 'AUTH_RETRIES', 'CONN_LIMIT', 'CONN_NOISE']);

/** A record with a Comware module is an event an administrator looks for; noise unless its digest says otherwise. */
export function isAudit(info: { module?: unknown; digest?: unknown }): boolean {
  return typeof info.module === 'string' && !NOISE_DIGESTS.has(String(info.digest ?? '').toUpperCase());
}
