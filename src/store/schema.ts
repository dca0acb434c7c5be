// Schema migrations: MIGRATIONS[v] moves the database from version v to v+1. Append only once shipped.
export const MIGRATIONS: string[][] = [
  [
    `CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
    `CREATE TABLE local_users (
       name TEXT PRIMARY KEY,
       password_hash TEXT,
       level INTEGER NOT NULL DEFAULT 0 CHECK (level BETWEEN 0 AND 3),
       service_types TEXT NOT NULL DEFAULT '',
       state TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active','block')),
       must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0,1)),
       created_at INTEGER NOT NULL,
       updated_at INTEGER NOT NULL)`,
    // auth_type NULL = no `authentication-type` line: password, plus publickey when a key is assigned.
    `CREATE TABLE ssh_users (
       name TEXT PRIMARY KEY,
       auth_type TEXT CHECK (auth_type IS NULL OR auth_type IN ('password','publickey','password-publickey','all')),
       service_type TEXT NOT NULL DEFAULT 'stelnet' CHECK (service_type IN ('stelnet','sftp','scp','all')),
       created_at INTEGER NOT NULL,
       updated_at INTEGER NOT NULL)`,
    `CREATE TABLE public_keys (
       name TEXT PRIMARY KEY,
       algorithm TEXT NOT NULL,
       blob BLOB NOT NULL,
       comment TEXT NOT NULL DEFAULT '',
       fingerprint TEXT NOT NULL,
       created_at INTEGER NOT NULL)`,
    `CREATE INDEX public_keys_fingerprint ON public_keys (fingerprint)`,
    // A key in use cannot be deleted (RESTRICT), as `undo public-key peer` refuses an assigned key.
    `CREATE TABLE ssh_user_keys (
       user TEXT NOT NULL REFERENCES ssh_users (name) ON DELETE CASCADE ON UPDATE CASCADE,
       key_name TEXT NOT NULL REFERENCES public_keys (name) ON DELETE RESTRICT ON UPDATE CASCADE,
       PRIMARY KEY (user, key_name))`,
    `CREATE INDEX ssh_user_keys_key ON ssh_user_keys (key_name)`,
    `CREATE TABLE blacklist (
       user TEXT NOT NULL,
       address TEXT NOT NULL,
       failures INTEGER NOT NULL DEFAULT 0,
       locked INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0,1)),
       lock_until INTEGER,
       updated_at INTEGER NOT NULL,
       PRIMARY KEY (user, address))`,
    `CREATE INDEX blacklist_age ON blacklist (locked, updated_at)`,
    `CREATE TABLE logbuffer (
       id INTEGER PRIMARY KEY AUTOINCREMENT,
       ts INTEGER NOT NULL,
       severity INTEGER NOT NULL,
       module TEXT NOT NULL,
       digest TEXT NOT NULL,
       text TEXT NOT NULL)`,
  ],
  [
    // Password history (password-control history, aging): hashes only, with when each was set. Not
    // configuration: it survives every restart and load. `subject` is a user name, or `:superN` for
    // the super password of level N (':' cannot occur in a user name).
    `CREATE TABLE password_history (
       id INTEGER PRIMARY KEY AUTOINCREMENT,
       subject TEXT NOT NULL,
       hash TEXT NOT NULL,
       set_at INTEGER NOT NULL)`,
    `CREATE INDEX password_history_subject ON password_history (subject, id)`,
    // The passwords already set start their age at their last change.
    `INSERT INTO password_history (subject, hash, set_at)
       SELECT name, password_hash, updated_at FROM local_users WHERE password_hash IS NOT NULL`,
  ],
  // AAA (issue 18): ISP domains and RADIUS schemes as JSON documents checked by src/device/aaa.ts;
  // the daemon's view of each RADIUS server (quiet timer) and the per-scheme counters.
  [
    `CREATE TABLE isp_domains (name TEXT PRIMARY KEY COLLATE NOCASE, body TEXT NOT NULL)`,
    `CREATE TABLE radius_schemes (name TEXT PRIMARY KEY COLLATE NOCASE, body TEXT NOT NULL)`,
    `CREATE TABLE radius_server_state (
       scheme TEXT NOT NULL COLLATE NOCASE,
       role TEXT NOT NULL,
       blocked_until INTEGER NOT NULL,
       PRIMARY KEY (scheme, role))`,
    `CREATE TABLE radius_statistics (
       scheme TEXT PRIMARY KEY COLLATE NOCASE,
       requests INTEGER NOT NULL DEFAULT 0,
       retransmissions INTEGER NOT NULL DEFAULT 0,
       accepts INTEGER NOT NULL DEFAULT 0,
       rejects INTEGER NOT NULL DEFAULT 0,
       timeouts INTEGER NOT NULL DEFAULT 0,
       bad_replies INTEGER NOT NULL DEFAULT 0,
       accounting_requests INTEGER NOT NULL DEFAULT 0,
       accounting_responses INTEGER NOT NULL DEFAULT 0)`,
  ],
];
