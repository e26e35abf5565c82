#!/usr/bin/env python3
"""Summarises a profile of the gateway under load: bench/profile's tables.

usage: profile_summary.py <recording.jfr | async-profiler.collapsed> [requests served while recording]

CPU: samples by library (the first frame from the top that belongs to a known library), by own frame, and by
the gateway's own methods (inclusive). From a JFR recording also: process CPU from jdk.CPULoad (per request when
the request count is given), allocation by library, and time parked, blocked on monitors and reading sockets, by
the first frame outside java.*/jdk.*/sun.*. async-profiler's collapsed stacks (one line a stack, root first,
then its count) carry CPU samples only, native and GC threads' included.
"""
import collections
import json
import subprocess
import sys

LIBRARIES = [  # (label, frame prefix): the first match from the top of a stack names its library
    ("JSON schema validation", "com.networknt."),
    ("H2", "org.h2."),
    ("PostgreSQL driver", "org.postgresql."),
    ("Hikari", "com.zaxxer."),
    ("Jackson", "com.fasterxml."),
    ("Apache HttpClient", "org.apache.hc."),
    ("Vert.x / Netty", ("io.vertx.", "io.netty.")),
    ("logging", ("ch.qos.logback.", "org.slf4j.", "org.apache.logging.")),
    ("Caffeine", "com.github.benmanes."),
    ("Camel Simple", "org.apache.camel.language.simple."),
    ("Camel bean binding", ("org.apache.camel.component.bean.", "org.apache.camel.language.bean.")),
    ("Camel SQL / Spring JDBC", ("org.apache.camel.component.sql.", "org.springframework.")),
    ("Camel other", "org.apache.camel."),
    ("gateway", "io.hsmgateway."),
    ("JDK", ("java.", "jdk.", "sun.", "com.sun.")),
]
EVENTS = "jdk.ExecutionSample,jdk.ObjectAllocationSample,jdk.ThreadPark,jdk.JavaMonitorEnter,jdk.SocketRead,jdk.CPULoad,jdk.GarbageCollection"


def frame_name(frame):
    if isinstance(frame, str):
        return frame
    method = frame["method"]
    return method["type"]["name"].replace("/", ".") + "." + method["name"]


def collapsed_samples(path):
    """async-profiler's collapsed output: (frames from the top, samples), thread names absent."""
    samples = []
    with open(path) as lines:
        for line in lines:
            stack, _, count = line.rstrip("\n").rpartition(" ")
            if stack:
                frames = [f.replace("/", ".").removesuffix("_[j]").removesuffix("_[i]").removesuffix("_[k]")
                          for f in stack.split(";")]
                samples.append((frames[::-1], int(count)))
    return samples


def cpu_tables(samples, total):
    libs, own, ours = (collections.Counter() for _ in range(3))
    for frames, weight in samples:
        libs[library(frames)] += weight
        if frames:
            own[frame_name(frames[0])] += weight
        for name in {frame_name(f) for f in frames if frame_name(f).startswith("io.hsmgateway.")}:
            ours[name] += weight
    print(f"CPU samples: {total}")
    table("CPU samples by library (first known frame from the top)", libs, total, "samples", 20)
    table("CPU samples by own frame", own, total, "samples", 25)
    table("CPU samples under the gateway's own methods (inclusive)", ours, total, "samples", 25)


def library(frames):
    for frame in frames:
        name = frame_name(frame)
        for label, prefix in LIBRARIES:
            if name.startswith(prefix):
                if label != "JDK":
                    return label
                break
    for frame in frames:
        name = frame_name(frame)
        for label, prefix in LIBRARIES:
            if name.startswith(prefix):
                return label
    if any(frame_name(f).startswith(("GCTaskThread", "G1", "GangWorker", "ConcurrentGCThread", "WorkerThread")) for f in frames):
        return "GC"
    if any(frame_name(f).startswith(("CompileBroker", "C2Compiler", "Compile::", "C1")) for f in frames):
        return "JIT compiler"
    return "other (native, VM)"


def first_outside_jdk(frames):
    for frame in frames:
        name = frame_name(frame)
        if not name.startswith(("java.", "jdk.", "sun.")):
            return name
    return frame_name(frames[0]) if frames else "?"


def duration_ms(value):
    # JFR's JSON gives durations as ISO-8601 (PT0.0123S)
    if isinstance(value, (int, float)):
        return value / 1e6
    text = value.removeprefix("PT")
    total, number = 0.0, ""
    for ch in text:
        if ch in "HMS":
            total += float(number) * {"H": 3600e3, "M": 60e3, "S": 1e3}[ch]
            number = ""
        else:
            number += ch
    return total


def table(title, counter, total, unit, limit=15):
    print(f"\n{title}")
    for key, value in counter.most_common(limit):
        share = 100.0 * value / total if total else 0
        print(f"  {share:5.1f} %  {value:>10.0f} {unit}  {key}")


def main():
    recording = sys.argv[1]
    requests = int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2] else 0
    if not recording.endswith(".jfr"):
        samples = collapsed_samples(recording)
        cpu_tables(samples, sum(weight for _, weight in samples))
        return
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "96", "--events", EVENTS, recording],
                         check=True, capture_output=True, text=True).stdout
    events = json.loads(out)["recording"]["events"]
    by_type = collections.defaultdict(list)
    for event in events:
        by_type[event["type"]].append(event["values"])

    samples = by_type["jdk.ExecutionSample"]
    cpu_tables([(s["stackTrace"]["frames"] if s.get("stackTrace") else [], 1) for s in samples], len(samples))
    thread_groups = collections.Counter()
    for sample in samples:
        name = (sample["sampledThread"] or {}).get("javaName") or "?"
        thread_groups[name.rstrip("0123456789-# ")] += 1
    table("CPU samples by thread (numbers stripped)", thread_groups, len(samples), "samples", 12)

    loads = by_type["jdk.CPULoad"]
    if loads:
        jvm = sum(l["jvmUser"] + l["jvmSystem"] for l in loads) / len(loads)
        machine = sum(l["machineTotal"] for l in loads) / len(loads)
        print(f"\nprocess CPU (jdk.CPULoad, mean of {len(loads)}): gateway {100 * jvm:.0f} % of the machine, machine {100 * machine:.0f} %")
        if requests:
            seconds = len(loads)  # one CPULoad a second in the profile settings
            cores = __import__("os").cpu_count()
            print(f"gateway CPU per request: {1000 * jvm * cores * seconds / requests:.2f} ms ({requests} requests, {cores} cores, ~{seconds} s)")
    gcs = by_type["jdk.GarbageCollection"]
    if gcs:
        pause = sum(duration_ms(g["sumOfPauses"]) for g in gcs)
        print(f"garbage collections: {len(gcs)}, pauses {pause:.0f} ms in all")

    allocation = collections.Counter()
    for sample in by_type["jdk.ObjectAllocationSample"]:
        frames = sample["stackTrace"]["frames"] if sample.get("stackTrace") else []
        allocation[library(frames)] += sample["weight"]
    total = sum(allocation.values())
    table(f"allocation (sampled weight, {total / 2**20:.0f} MiB) by library", allocation, total, "bytes", 15)

    for event_type, title in (("jdk.ThreadPark", "parked"), ("jdk.JavaMonitorEnter", "blocked on a monitor"),
                              ("jdk.SocketRead", "reading a socket")):
        waits = collections.Counter()
        for event in by_type[event_type]:
            frames = event["stackTrace"]["frames"] if event.get("stackTrace") else []
            waits[first_outside_jdk(frames)] += duration_ms(event["duration"])
        table(f"time {title} (events over the profile threshold), by first frame outside the JDK", waits,
              sum(waits.values()), "ms", 10)


if __name__ == "__main__":
    main()
