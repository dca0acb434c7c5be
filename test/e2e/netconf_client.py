#!/usr/bin/python3
# ncclient (Debian's python3-ncclient) against the daemon, as pyhpecw7 and ncclient scripts use it.
# Usage: netconf_client.py SCENARIO PORT USER PASSWORD [ARGS...]; prints one JSON object last.
# The `hold-lock` scenario prints {"locked": ...} first and waits for a line on stdin before it unlocks.
import json
import sys

from ncclient import manager
from ncclient.operations import RPCError

scenario, port, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
args = sys.argv[5:]
CONFIG = "http://www.hp.com/netconf/config:1.0"
DATA = "http://www.hp.com/netconf/data:1.0"
out = {}


def connect(u=user, p=password, device="hpcomware"):
    return manager.connect(host="127.0.0.1", port=port, username=u, password=p, hostkey_verify=False,
                           allow_agent=False, look_for_keys=False, device_params={"name": device}, timeout=30)


def rpc_error(fn):
    try:
        fn()
        return None
    except RPCError as e:
        return {"tag": e.tag, "type": e.type, "severity": e.severity, "message": e.message, "info": e.info}


def edit(m, inner, **kw):
    return m.edit_config(target="running", config='<config><top xmlns="%s">%s</top></config>' % (CONFIG, inner), **kw)


def hostname_config(m):
    f = '<top xmlns="%s"><Device><Base><HostName/></Base></Device></top>' % CONFIG
    return m.get_config("running", filter=("subtree", f)).xml


try:
    if scenario == "capabilities":
        with connect(device=args[0] if args else "hpcomware") as m:
            out["capabilities"] = sorted(m.server_capabilities)
            out["session_id"] = m.session_id
            out["hostname"] = hostname_config(m)
            out["get"] = m.get(filter=("subtree", '<top xmlns="%s"><Device><Base/></Device></top>' % DATA)).xml
    elif scenario == "rename":
        with connect() as m:
            out["edit"] = edit(m, "<Device><Base><HostName>%s</HostName></Base></Device>" % args[0]).xml
            out["hostname"] = hostname_config(m)
    elif scenario == "create-user":
        name, pw, level = args
        with connect() as m:
            out["edit"] = edit(m, "<LocalUser><Users><User><Name>%s</Name><Password>%s</Password><Level>%s</Level>"
                                  "<ServiceType>ssh</ServiceType></User></Users></LocalUser>" % (name, pw, level)).xml
            f = '<top xmlns="%s"><LocalUser><Users><User><Name>%s</Name></User></Users></LocalUser></top>' % (CONFIG, name)
            out["user"] = m.get_config("running", filter=("subtree", f)).xml
            out["duplicate"] = rpc_error(lambda: edit(m, '<LocalUser><Users><User xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0" '
                                                         'nc:operation="create"><Name>%s</Name></User></Users></LocalUser>' % name))
    elif scenario == "cli":
        with connect() as m:
            out["execution"] = m.cli_display(["display version"]).xml
            out["configuration"] = m.cli_config(["sysname CLI-NC", "sysname WX3000"]).xml
    elif scenario == "rollback":
        # A new user and a rename, then a delete of a user who does not exist: all or nothing.
        nc = 'xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0"'
        with connect() as m:
            out["error"] = rpc_error(lambda: edit(
                m, '<Device><Base><HostName>ROLLED</HostName></Base></Device><LocalUser><Users>'
                   '<User><Name>dave</Name><Password>Dave-Pw-2024!</Password><ServiceType>ssh</ServiceType></User>'
                   '<User %s nc:operation="delete"><Name>nobody</Name></User></Users></LocalUser>' % nc,
                error_option="rollback-on-error"))
            out["after"] = m.get_config("running").xml
    elif scenario == "read-only":
        with connect() as m:
            out["get"] = m.get(filter=("subtree", '<top xmlns="%s"><Device><Base><HostName/></Base></Device></top>' % DATA)).xml
            out["edit"] = rpc_error(lambda: edit(m, "<Device><Base><HostName>NOPE</HostName></Base></Device>"))
            out["lock"] = rpc_error(lambda: m.lock("running"))
            out["cli"] = rpc_error(lambda: m.cli_display(["display version"]))
    elif scenario == "connect":
        with connect() as m:
            out["session_id"] = m.session_id
    elif scenario == "hold-lock":
        a = connect()
        b = connect()
        a.lock("running")
        out["second_lock"] = rpc_error(lambda: b.lock("running"))
        out["second_edit"] = rpc_error(lambda: edit(b, "<Device><Base><HostName>BLOCKED</HostName></Base></Device>"))
        out["sessions"] = a.dispatch(__import__("lxml.etree", fromlist=["etree"]).fromstring("<get-sessions/>")).xml
        print(json.dumps({"locked": a.session_id, "second": b.session_id}), flush=True)
        sys.stdin.readline()
        a.unlock("running")
        out["after_unlock"] = edit(b, "<Device><Base><HostName>WX3000</HostName></Base></Device>").xml
        b.lock("running")
        print(json.dumps({"relocked": b.session_id}), flush=True)
        sys.stdin.readline()
        a.close_session()
        try:
            b.close_session()
        except Exception as e:  # the test may have freed it
            out["b_closed"] = type(e).__name__
    else:
        raise SystemExit("unknown scenario " + scenario)
    out["ok"] = True
except Exception as e:  # reported to the test as JSON
    out["ok"] = False
    out["error"] = "%s: %s" % (type(e).__name__, e)
print(json.dumps(out))
