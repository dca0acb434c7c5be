#!/usr/bin/python3
"""paramiko's SFTPClient against the daemon's SFTP server (test/e2e/file-transfer.test.ts).

usage: sftp_clients.py ACTION PORT USER KEYFILE WORKDIR; prints one JSON line.
"""
import json
import os
import sys
import time

import paramiko


def connect(port, user, key):
    c = paramiko.SSHClient()
    c.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    c.connect('127.0.0.1', port=port, username=user, key_filename=key, look_for_keys=False, allow_agent=False, timeout=20)
    return c


def refused(fn):
    """The error class and errno paramiko raised, or None when the call succeeded."""
    try:
        fn()
        return None
    except IOError as e:
        return [type(e).__name__, getattr(e, 'errno', None), str(e)]


def operations(sftp, work):
    out = {}
    local = os.path.join(work, 'pm-up.bin')
    with open(local, 'wb') as f:
        f.write(os.urandom(300000))
    sftp.mkdir('/pm')
    sftp.put(local, '/pm/up.bin')
    out['stat_size'] = sftp.stat('/pm/up.bin').st_size
    out['listdir'] = sorted(sftp.listdir('/pm'))
    sftp.rename('/pm/up.bin', 'pm/renamed.bin')
    back = os.path.join(work, 'pm-down.bin')
    sftp.get('flash:/pm/renamed.bin', back)
    out['same_bytes'] = open(local, 'rb').read() == open(back, 'rb').read()
    sftp.chmod('/pm/renamed.bin', 0o600)
    out['mode'] = oct(sftp.stat('/pm/renamed.bin').st_mode & 0o777)
    out['rmdir_nonempty'] = refused(lambda: sftp.rmdir('/pm'))
    sftp.remove('/pm/renamed.bin')
    sftp.rmdir('/pm')
    out['after'] = sorted(sftp.listdir('/'))
    out['realpath_dot'] = sftp.normalize('.')
    # Attacks: each must fail, and nothing outside flash may change.
    out['dotdot'] = refused(lambda: sftp.open('../wx3000.db', 'r').read(10))
    out['abs_outside'] = refused(lambda: sftp.open('/../../etc/passwd', 'r').read(10))
    out['nul'] = refused(lambda: sftp.open('a\x00b', 'w').close())
    out['long'] = refused(lambda: sftp.open('x' * 300, 'w').close())
    out['symlink'] = refused(lambda: sftp.symlink('/startup.cfg', '/link.cfg'))
    out['symlink_out'] = refused(lambda: sftp.symlink('/../wx3000.db', '/db'))
    out['truncate'] = refused(lambda: sftp.truncate('/startup.cfg', 0))
    return out


def main():
    action, port, user, key, work = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
    c = connect(port, user, key)
    try:
        sftp = c.open_sftp()
        if action == 'operations':
            out = operations(sftp, work)
        elif action == 'hold-upload':
            f = sftp.open('/held.bin', 'w')
            f.write(os.urandom(1024 * 1024))
            f.flush()
            print('written', flush=True)
            time.sleep(120)
            out = {}
        else:
            raise SystemExit('unknown action ' + action)
        out['ok'] = True
    except Exception as e:  # reported, not raised: the test reads one JSON line
        out = {'ok': False, 'error': '%s: %s' % (type(e).__name__, e)}
    finally:
        c.close()
    print(json.dumps(out))


if __name__ == '__main__':
    main()
