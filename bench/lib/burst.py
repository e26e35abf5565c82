#!/usr/bin/env python3
"""A burst of REST notifications: CONCURRENCY keep-alive connections POST the seed's request for SECONDS.
Prints one line: requests, rate, latency p50/p99 (ms), non-200 answers. No library beyond the standard one.
Usage: burst.py URL APIKEY SECONDS CONCURRENCY"""
import http.client, json, sys, threading, time, urllib.parse

url, apikey, seconds, concurrency = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
u = urllib.parse.urlparse(url)
body = json.dumps({"templateId": "7", "destination": "542994843975", "params": {"name": "Julieta"}})
headers = {"Content-Type": "application/json", "apikey": apikey}
latencies, failures, lock = [], [0], threading.Lock()
deadline = time.monotonic() + seconds

def caller():
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    mine, bad = [], 0
    while time.monotonic() < deadline:
        t = time.monotonic()
        try:
            conn.request("POST", u.path, body, headers)
            r = conn.getresponse(); r.read()
            if r.status != 200:
                bad += 1
        except Exception:
            bad += 1
            conn.close(); conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
        mine.append(time.monotonic() - t)
    with lock:
        latencies.extend(mine); failures[0] += bad

threads = [threading.Thread(target=caller) for _ in range(concurrency)]
start = time.monotonic()
for t in threads: t.start()
for t in threads: t.join()
elapsed = time.monotonic() - start
latencies.sort()
pct = lambda p: 1000 * latencies[min(len(latencies) - 1, int(p * len(latencies)))] if latencies else 0
print(f"requests={len(latencies)} rate={len(latencies) / elapsed:.1f}/s p50={pct(0.50):.1f}ms p99={pct(0.99):.1f}ms non200={failures[0]}")
