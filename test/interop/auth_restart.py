#!/usr/bin/python3
"""paramiko and netmiko starting authentication again on one connection (issue 14).

usage: auth_restart.py SCENARIO PORT USER PASSWORD KEYFILE [HOME]
Each paramiko auth_* call sends a fresh SERVICE_REQUEST ssh-userauth, as netmiko and Ansible do.
Prints one JSON object on stdout.
"""
import json
import logging
import os
import socket
import sys
import warnings

warnings.filterwarnings("ignore")  # cryptography deprecation noise

scenario, port, user, password, keyfile = sys.argv[1:6]
port = int(port)
socket.setdefaulttimeout(30)
out = {"scenario": scenario, "steps": []}


class Capture(logging.Handler):
    """paramiko logs the peer's SSH_MSG_DISCONNECT as 'Disconnect (code N): TEXT'."""

    def emit(self, record):
        msg = record.getMessage()
        if msg.startswith("Disconnect (code"):
            out["disconnect"] = msg


logging.getLogger("paramiko").addHandler(Capture())
logging.getLogger("paramiko").setLevel(logging.INFO)


def transport():
    import paramiko

    t = paramiko.Transport(("127.0.0.1", port))
    t.start_client(timeout=20)
    return t


def step(name, fn):
    """Runs one auth call; records 'ok', the remaining methods (partial), or the exception's class."""
    import paramiko

    try:
        r = fn()
        out["steps"].append([name, "ok" if not r else "partial:" + ",".join(r)])
    except paramiko.BadAuthenticationType as e:
        out["steps"].append([name, "bad-type:" + ",".join(e.allowed_types)])
    except paramiko.AuthenticationException:
        out["steps"].append([name, "failed"])
    except Exception as e:  # the connection went away
        out["steps"].append([name, "error:" + type(e).__name__])


def run_exec(t):
    ch = t.open_session(timeout=20)
    ch.exec_command("display version")
    data = b""
    while True:
        d = ch.recv(65536)
        if not d:
            break
        data += d
    out["status"] = ch.recv_exit_status()
    out["stdout"] = data.decode("utf-8", "replace")


def scripted(steps):
    t = transport()
    for name, fn in steps:
        step(name, lambda: fn(t))
    out["authenticated"] = t.is_authenticated()
    if t.is_authenticated():
        run_exec(t)
    t.close()


def key():
    import paramiko

    return paramiko.Ed25519Key.from_private_key_file(keyfile)


def wrong(n):
    return ("wrong %d" % n, lambda t: t.auth_password(user, "Wrong-%d-pass" % n))


right = ("password", lambda t: t.auth_password(user, password))

if scenario == "two-wrong-then-right":
    scripted([wrong(1), wrong(2), right])
elif scenario == "three-wrong":
    scripted([wrong(1), wrong(2), wrong(3), right])
elif scenario == "key-then-password":
    scripted([("key", lambda t: t.auth_publickey(user, key())), right])
elif scenario == "key-and-password":  # password-publickey: partial success, then the password
    scripted([("key", lambda t: t.auth_publickey(user, key())), right])
elif scenario == "kbdint-then-password":
    scripted([("keyboard-interactive", lambda t: t.auth_interactive_dumb(user)), right])
elif scenario == "none-after-failure":
    scripted([wrong(1), ("none", lambda t: t.auth_none(user)), right])
elif scenario == "look-for-keys":
    import paramiko

    os.environ["HOME"] = sys.argv[6]
    os.environ.pop("SSH_AUTH_SOCK", None)
    c = paramiko.SSHClient()
    c.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    try:
        c.connect("127.0.0.1", port=port, username=user, password=password, look_for_keys=True, allow_agent=False,
                  timeout=20, banner_timeout=20, auth_timeout=20)
        out["authenticated"] = c.get_transport().is_authenticated()
        run_exec(c.get_transport())
    except Exception as e:
        out["authenticated"] = False
        out["error"] = "%s: %s" % (type(e).__name__, e)
    c.close()
elif scenario == "netmiko-key-then-password":
    from netmiko import ConnectHandler

    try:
        dev = ConnectHandler(device_type="hp_comware", host="127.0.0.1", port=port, username=user, password=password,
                             use_keys=True, key_file=keyfile, allow_agent=False, timeout=20)
        out["prompt"] = dev.find_prompt()
        out["stdout"] = dev.send_command("display version")
        out["authenticated"] = True
        dev.disconnect()
    except Exception as e:
        out["authenticated"] = False
        out["error"] = "%s: %s" % (type(e).__name__, e)
else:
    raise SystemExit("unknown scenario " + scenario)
print(json.dumps(out))
