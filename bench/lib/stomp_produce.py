#!/usr/bin/env python3
"""Queues N notification requests on the gateway's embedded broker over raw STOMP 1.2 frames (anonymous
producers may send to hsm.notifications). The last frame asks for a receipt, so when this returns the broker
has taken every message. Prints "sending" as the first message goes and, at the end, its own rate (from the first
send to the receipt). "{n}" in the body becomes the message's number. With a rate (messages/s) it paces itself,
in 50 batches a second (a steady producer, as in production); without, or 0, it sends as fast as it can.
Usage: stomp_produce.py host port count websiteId apikey body [rate]"""
import socket
import sys
import time

host, port, count, website, apikey, body = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6]
rate = int(sys.argv[7]) if len(sys.argv) > 7 else 0
batch_size = max(1, rate // 50) if rate > 0 else 500
QUEUE = "hsm.notifications"


def frame(command, headers, payload=""):
    lines = [command] + [f"{k}:{v}" for k, v in headers.items()]
    return ("\n".join(lines) + "\n\n" + payload + "\0").encode("utf-8")


def read_frame(sock):
    data = b""
    while b"\0" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            raise SystemExit("broker closed the connection: " + data.decode("utf-8", "replace"))
        data += chunk
    return data.decode("utf-8", "replace")


with socket.create_connection((host, port)) as sock:
    sock.sendall(frame("CONNECT", {"accept-version": "1.2", "host": "localhost"}))
    answer = read_frame(sock)
    if not answer.startswith("CONNECTED"):
        raise SystemExit("no CONNECTED: " + answer)
    print("sending", flush=True)
    start = time.monotonic()
    batch = []
    for i in range(count):
        headers = {"destination": QUEUE, "websiteId": website, "apikey": apikey, "persistent": "true"}
        if i == count - 1:
            headers["receipt"] = "last"
        batch.append(frame("SEND", headers, body.replace("{n}", f"{i:08d}")))
        if len(batch) == batch_size or i == count - 1:
            if rate > 0:  # this batch is due when the messages before it have had their time
                time.sleep(max(0.0, start + (i + 1 - len(batch)) / rate - time.monotonic()))
            sock.sendall(b"".join(batch))
            batch = []
    answer = read_frame(sock)
    if not answer.startswith("RECEIPT"):
        raise SystemExit("no RECEIPT: " + answer)
    seconds = time.monotonic() - start
    sock.sendall(frame("DISCONNECT", {}))
print(f"sent {count} messages in {seconds:.1f} s: {count / seconds:.0f}/s", flush=True)
