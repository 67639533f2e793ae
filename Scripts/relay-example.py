#!/usr/bin/env python3
"""An example chat relay for crmbot serve (standard library only).

A relay connects to crmbot once, authenticates with its token, and then speaks
for many reps: each chat message becomes one JSON Lines request with the rep
in "user", and each reply goes back to that rep's chat. Pushed reminders
({"event":"reminder","user":...}) are delivered to the rep they name.

Here the "chat" is standard input and output: type lines like

    Li Ming: log visit to Wang Tong: discussed the trial
    Wang Fang: what's due today

and replies and reminders are printed as `[Li Ming] ...`.

Usage:
    CRMBOT_TOKEN=... Scripts/relay-example.py --unix /run/crmbot.sock
    CRMBOT_TOKEN=... Scripts/relay-example.py --tcp 127.0.0.1:7070 --reps "Li Ming,Wang Fang"
"""
import argparse
import itertools
import json
import os
import socket
import sys
import threading


def connect(args):
    if args.unix:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(args.unix)
        return s
    host, _, port = args.tcp.rpartition(":")
    host = (host or "127.0.0.1").strip("[]")
    return socket.create_connection((host, int(port)), timeout=10)


class Relay:
    def __init__(self, sock, deliver):
        self.sock = sock
        self.reader = sock.makefile("r", encoding="utf-8", newline="\n")
        self.deliver = deliver  # deliver(rep, text): show text in the rep's chat
        self.ids = itertools.count(1)
        self.pending = {}  # request id -> rep, to route each reply
        self.lock = threading.Lock()

    def send(self, obj):
        data = (json.dumps(obj, ensure_ascii=False) + "\n").encode("utf-8")
        with self.lock:
            self.sock.sendall(data)

    def login(self, token):
        self.send({"auth": token})
        reply = json.loads(self.reader.readline())
        if not reply.get("ok"):
            raise SystemExit("login refused: " + reply["error"]["message"])
        return reply["data"]

    def announce(self, reps):
        """Tells crmbot which reps this relay serves, so their reminders come here."""
        rid = next(self.ids)
        with self.lock:
            self.pending[rid] = "relay"
        self.send({"id": rid, "command": "present", "users": reps})

    def message(self, rep, text):
        rid = next(self.ids)
        with self.lock:
            self.pending[rid] = rep
        self.send({"id": rid, "user": rep, "text": text})

    def pump(self):
        """Reads replies and events until the server closes the connection."""
        for line in self.reader:
            msg = json.loads(line)
            if "event" in msg and "id" not in msg:
                self.deliver(msg.get("user", "?"), "⏰ " + msg.get("text", ""))
                continue
            with self.lock:
                rep = self.pending.pop(msg.get("id"), "?")
            if msg.get("ok"):
                self.deliver(rep, msg["text"])
            else:
                self.deliver(rep, "(error %s) %s" % (msg["error"]["code"], msg["error"]["message"]))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--unix", help="path of crmbot's Unix socket")
    where.add_argument("--tcp", help="HOST:PORT of crmbot's TCP listener")
    p.add_argument("--token", default=os.environ.get("CRMBOT_TOKEN"), help="relay token (default: $CRMBOT_TOKEN)")
    p.add_argument("--reps", default="", help="comma-separated reps this relay serves (their reminders come here)")
    args = p.parse_args()
    if not args.token:
        raise SystemExit("a token is needed: --token or CRMBOT_TOKEN")

    out_lock = threading.Lock()

    def deliver(rep, text):
        with out_lock:
            for i, line in enumerate(text.splitlines() or [""]):
                print(("[%s] " % rep if i == 0 else "    ") + line, flush=True)

    sock = connect(args)
    sock.settimeout(None)
    relay = Relay(sock, deliver)
    grant = relay.login(args.token)
    reps = grant.get("reps")
    print("connected as %s, speaking for %s" % (grant["name"], ", ".join(reps) if reps else "any rep"), file=sys.stderr)
    threading.Thread(target=relay.pump, daemon=True).start()
    served = [r.strip() for r in args.reps.split(",") if r.strip()]
    if served:
        relay.announce(served)
    for line in sys.stdin:
        rep, sep, text = line.rstrip("\n").partition(":")
        if not sep or not rep.strip() or not text.strip():
            print("type: REP NAME: message", file=sys.stderr)
            continue
        relay.message(rep.strip(), text.strip())
    sock.shutdown(socket.SHUT_WR)  # half-close: the server answers what was sent, then closes
    relay.pump()


if __name__ == "__main__":
    main()
