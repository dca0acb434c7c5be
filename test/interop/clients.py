#!/usr/bin/python3
"""Python SSH clients against the daemon (run by test/interop/python.test.ts with Debian's python3).

usage: clients.py CLIENT PORT USER PASSWORD KEYFILE
Prints one JSON object on stdout; exit status 0 when the client itself did not fail.
"""
import json
import socket
import sys
import time
import warnings

warnings.filterwarnings("ignore")  # cryptography deprecation noise from asyncssh/paramiko

client, port, user, password, keyfile = sys.argv[1:6]
port = int(port)
socket.setdefaulttimeout(30)
out = {"client": client}


def paramiko_exec(**auth):
    import paramiko

    c = paramiko.SSHClient()
    c.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    c.connect("127.0.0.1", port=port, username=user, look_for_keys=False, allow_agent=False, timeout=20,
              banner_timeout=20, auth_timeout=20, **auth)
    t = c.get_transport()
    out["cipher"] = t.remote_cipher
    out["kex"] = t.kex_engine.__class__.__name__ if hasattr(t, "kex_engine") else None
    _, stdout, stderr = c.exec_command("display version", timeout=20)
    out["stdout"] = stdout.read().decode("utf-8", "replace")
    out["status"] = stdout.channel.recv_exit_status()
    _, stdout, stderr = c.exec_command("displayy version", timeout=20)
    out["bad_stdout"] = stdout.read().decode("utf-8", "replace") + stderr.read().decode("utf-8", "replace")
    out["bad_status"] = stdout.channel.recv_exit_status()
    c.close()


def paramiko_shell():
    import paramiko

    c = paramiko.SSHClient()
    c.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    c.connect("127.0.0.1", port=port, username=user, password=password, look_for_keys=False, allow_agent=False, timeout=20)
    ch = c.invoke_shell(term="vt100", width=120, height=40)
    ch.settimeout(20)

    def read_until(token, limit=20):
        buf = b""
        end = time.time() + limit
        while token not in buf and time.time() < end:
            buf += ch.recv(65536)
        return buf.decode("utf-8", "replace")

    out["banner"] = read_until(b"<WX3000>")
    ch.send("display version\r")
    out["version"] = read_until(b"<WX3000>")
    ch.send("system-view\r")
    out["system"] = read_until(b"[WX3000]")
    ch.send("return\r")
    out["back"] = read_until(b"<WX3000>")
    ch.send("quit\r")
    time.sleep(0.3)
    out["closed"] = ch.exit_status_ready() or ch.closed or ch.recv(1) == b""
    c.close()


def asyncssh_exec(**auth):
    import asyncio
    import asyncssh

    async def run():
        async with asyncssh.connect("127.0.0.1", port=port, username=user, known_hosts=None, agent_path=None,
                                    login_timeout=20, **auth) as conn:
            out["cipher"] = conn.get_extra_info("send_cipher")
            r = await asyncio.wait_for(conn.run("display version"), 20)
            out["stdout"] = r.stdout
            out["status"] = r.exit_status
            r = await asyncio.wait_for(conn.run("displayy version"), 20)
            out["bad_stdout"] = (r.stdout or "") + (r.stderr or "")
            out["bad_status"] = r.exit_status

    asyncio.run(asyncio.wait_for(run(), 60))


def netmiko_comware():
    from netmiko import ConnectHandler

    dev = ConnectHandler(device_type="hp_comware", host="127.0.0.1", port=port, username=user, password=password,
                         timeout=20, allow_agent=False, use_keys=False)
    out["prompt"] = dev.find_prompt()
    out["version"] = dev.send_command("display version")
    out["config"] = dev.send_config_set(["sysname WX3000", "display this"])
    out["after_prompt"] = dev.find_prompt()
    out["save"] = dev.save_config()
    dev.disconnect()


try:
    if client == "paramiko-password":
        paramiko_exec(password=password)
    elif client == "paramiko-key":
        paramiko_exec(key_filename=keyfile)
    elif client == "paramiko-shell":
        paramiko_shell()
    elif client == "asyncssh-password":
        asyncssh_exec(password=password, client_keys=None)
    elif client == "asyncssh-key":
        asyncssh_exec(client_keys=[keyfile])
    elif client == "netmiko":
        netmiko_comware()
    else:
        raise SystemExit("unknown client " + client)
    out["ok"] = True
except Exception as e:  # reported to the test as JSON
    out["ok"] = False
    out["error"] = "%s: %s" % (type(e).__name__, e)
print(json.dumps(out))
