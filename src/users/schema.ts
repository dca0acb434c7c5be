// Schema migrations: MIGRATIONS[v] moves the database from version v to v+1. Append only.
export const MIGRATIONS: string[][] = [
  [
    `CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
    `CREATE TABLE local_users (
       name TEXT PRIMARY KEY,
       password_hash TEXT,
       level INTEGER NOT NULL DEFAULT 0 CHECK (level BETWEEN 0 AND 3),
       service_types TEXT NOT NULL DEFAULT '',
       state TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active','block')),
       must_change_password INTEGER NOT NULL DEFAULT 0,
       created_at INTEGER NOT NULL,
       updated_at INTEGER NOT NULL)`,
    `CREATE TABLE ssh_users (
       name TEXT PRIMARY KEY,
       auth_type TEXT,
       key_name TEXT,
       service_type TEXT NOT NULL DEFAULT 'stelnet')`,
    `CREATE TABLE public_keys (
       name TEXT PRIMARY KEY,
       algorithm TEXT NOT NULL,
       blob BLOB NOT NULL,
       comment TEXT NOT NULL DEFAULT '',
       fingerprint TEXT NOT NULL,
       created_at INTEGER NOT NULL)`,
    `CREATE TABLE blacklist (
       user TEXT NOT NULL,
       address TEXT NOT NULL,
       failures INTEGER NOT NULL DEFAULT 0,
       locked INTEGER NOT NULL DEFAULT 0,
       lock_until INTEGER,
       updated_at INTEGER NOT NULL,
       PRIMARY KEY (user, address))`,
    `CREATE TABLE logbuffer (
       id INTEGER PRIMARY KEY AUTOINCREMENT,
       ts INTEGER NOT NULL,
       severity INTEGER NOT NULL,
       module TEXT NOT NULL,
       digest TEXT NOT NULL,
       text TEXT NOT NULL)`,
  ],
];
