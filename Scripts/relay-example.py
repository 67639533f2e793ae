#!/usr/bin/env python3
"""An example chat relay for crmbot serve (standard library only).

A relay connects to crmbot once, authenticates with its token, and then speaks
for many reps: each chat message becomes one JSON Lines request with the rep
in "user", and each reply goes back to that rep's chat. Pushed reminders
({"event":"reminder","event_id":N,"user":...}) are delivered to the rep they
name, once each, and acknowledged ({"command":"ack","event_id":N}); crmbot
pushes a reminder again after a reconnect until it is acknowledged.

It survives crmbot restarting: every message carries an idempotency key
("key"), and a message not yet answered when the connection drops is sent
again, with the same key, after reconnecting (with backoff: 0.5 s doubling to
30 s). crmbot answers a retried message with its first reply and never writes
it twice (docs/protocol.md, "Safe retries"). After reconnecting the relay logs
in again and re-declares the reps it serves, so their reminders keep coming.

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
import time
import uuid


def connect(args):
    if args.unix:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(args.unix)
        return s
    host, _, port = args.tcp.rpartition(":")
    host = (host or "127.0.0.1").strip("[]")
    s = socket.create_connection((host, int(port)), timeout=10)
    s.settimeout(None)
    return s


class Relay:
    def __init__(self, args, deliver):
        self.args = args
        self.deliver = deliver  # deliver(rep, text): show text in the rep's chat
        self.ids = itertools.count(1)
        self.pending = {}  # request id -> (rep, request): sent, not answered yet
        self.lock = threading.Lock()
        self.sock = None
        self.reader = None
        self.served = [r.strip() for r in args.reps.split(",") if r.strip()]
        self.closing = False
        self.shown = set()  # reminder event ids already shown to their rep

    def send(self, obj):
        data = (json.dumps(obj, ensure_ascii=False) + "\n").encode("utf-8")
        with self.lock:
            sock = self.sock
        if sock is None:
            return  # not connected: the request stays pending and is sent on reconnect
        try:
            sock.sendall(data)
        except OSError:
            pass  # the reader notices the broken connection and reconnects

    def open(self):
        """Connects and logs in, retrying with backoff; then re-declares presence and
        re-sends every unanswered request with its key."""
        delay = 0.5
        while True:
            try:
                sock = connect(self.args)
                reader = sock.makefile("r", encoding="utf-8", newline="\n")
                # "acks": this relay acknowledges reminders, so crmbot pushes one again until it does.
                sock.sendall((json.dumps({"auth": self.args.token, "acks": True}) + "\n").encode("utf-8"))
                reply = json.loads(reader.readline() or "{}")
                if not reply.get("ok"):
                    code = reply.get("error", {}).get("code")
                    if code in ("bad_token", "unauthenticated", "unauthorized", "forbidden"):
                        # Also on a reconnect, in the reader thread: end the whole relay.
                        print("login refused: " + reply["error"]["message"], file=sys.stderr)
                        sys.stderr.flush()
                        os._exit(1)
                    raise OSError("login failed: %r" % reply)
                break
            except (OSError, ValueError) as e:
                print("crmbot unreachable (%s); retrying in %.1f s" % (e, delay), file=sys.stderr)
                time.sleep(delay)
                delay = min(delay * 2, 30)
        with self.lock:
            self.sock, self.reader = sock, reader
            resend = list(self.pending.items())
        grant = reply["data"]
        reps = grant.get("reps")
        print("connected as %s, speaking for %s" % (grant["name"], ", ".join(reps) if reps else "any rep"), file=sys.stderr)
        if self.served:
            self.send({"id": next(self.ids), "command": "present", "users": self.served})
        for rid, (rep, request) in sorted(resend):
            self.send(request)

    def message(self, rep, text):
        rid = next(self.ids)
        request = {"id": rid, "user": rep, "key": str(uuid.uuid4()), "text": text}
        with self.lock:
            self.pending[rid] = (rep, request)
        self.send(request)

    def pump(self):
        """Reads replies and events; reconnects whenever the connection drops, until
        the relay is closing and every request is answered."""
        while True:
            try:
                for line in self.reader:
                    self.handle(json.loads(line))
            except (OSError, ValueError):
                pass
            with self.lock:
                done = self.closing and not self.pending
            if done:
                return
            print("connection to crmbot lost; reconnecting", file=sys.stderr)
            self.open()

    def handle(self, msg):
        if "event" in msg and "id" not in msg:
            # Reminders come at least once: one this relay showed but did not get to
            # acknowledge (the connection dropped) comes again, marked a redelivery.
            # Show each event once, and acknowledge it after it was shown.
            event_id = msg.get("event_id")
            if event_id not in self.shown:
                self.shown.add(event_id)
                self.deliver(msg.get("user", "?"), "⏰ " + msg.get("text", ""))
            if event_id is not None:
                self.send({"id": next(self.ids), "command": "ack", "event_id": event_id})
            return
        with self.lock:
            entry = self.pending.get(msg.get("id"))
        if entry is None:
            return  # the answer to a present command
        rep, request = entry
        if not msg.get("ok") and msg["error"]["code"] == "in_progress":
            # The first attempt is still running in crmbot: ask again shortly, same key.
            threading.Timer(0.5, self.send, args=(request,)).start()
            return
        with self.lock:
            self.pending.pop(msg.get("id"), None)
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

    relay = Relay(args, deliver)
    relay.open()
    pump = threading.Thread(target=relay.pump, daemon=True)
    pump.start()
    for line in sys.stdin:
        rep, sep, text = line.rstrip("\n").partition(":")
        if not sep or not rep.strip() or not text.strip():
            print("type: REP NAME: message", file=sys.stderr)
            continue
        relay.message(rep.strip(), text.strip())
    # End of input: wait until every message is answered (reconnecting if need be).
    with relay.lock:
        relay.closing = True
    while True:
        with relay.lock:
            if not relay.pending:
                break
        time.sleep(0.05)
    with relay.lock:
        relay.sock.shutdown(socket.SHUT_WR)  # half-close: the server answers, then closes


if __name__ == "__main__":
    main()
