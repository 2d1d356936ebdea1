"""Splits a perf script dump of the Host into the stages of an event, in CPU microseconds per event.

Usage: stages.py <perf script -F comm,ip,sym,dso output> <events stored in the window> <sampling Hz> <seconds>
"""
import collections
import sys

# Checked from the leaf outwards: the innermost frame that names a stage takes the sample.
STAGES = [
    ("segments and measures (Core step)", ["IndividualRules::", "SegmentFolding", "MeasureFolding", "ProfileFolding", "SegmentEvaluator"]),
    ("snapshots (grain state)", ["SqliteGrainStorage", "PersistentState", "WriteSnapshotAsync"]),
    ("membership writes and reads", ["MembershipStore", "ApplyMembershipOperation", "ReconcileAsync", "RecordAsync"]),
    ("log append and reads (SQLite)", ["GroupCommitWriter", "AppendEventsOperation", "EventBodyCodec", "SqliteEventLog",
                                       "WriteOperation", "Microsoft.Data.Sqlite", "SetWakeupOperation", "SqliteWakeupSchedule"]),
    ("individual grain (the rest)", ["IndividualGrain"]),
    ("intake and identity resolution", ["EventIntakeGrain", "IndividualResolver", "IdentityNormalizer"]),
    ("validation", ["EventValidator", "AttributeCoercion", "ExactNumbers"]),
    ("JSON parsing and the events route", ["JsonBodyReader", "EventsApi", "EventIngestion", "System.Text.Json"]),
    ("HTTP (Kestrel)", ["Kestrel", "AspNetCore", "System.Net.Sockets", "System.IO.Pipelines"]),
    ("Orleans messaging, scheduling, serialization", ["Orleans"]),
    ("timers", ["TimerQueue"]),
]
STORAGE_NATIVE = ("libe_sqlite3", "pwrite", "pread", "fsync", "ext4", "filemap", "folio", "_copy_to_iter", "iowrite16")
POOL = ("LowLevelLifoSemaphore", "sched_yield", "futex", "WorkerThread")


def samples(path):
    current = None
    for line in open(path, errors="replace"):
        if not line.strip():
            continue
        if line[0] not in " \t":
            if current is not None:
                yield current
            current = (line.strip(), [])
        elif current is not None:
            current[1].append(line.strip())
    if current is not None:
        yield current


def stage_of(thread, frames):
    if "GC" in thread:
        return "garbage collection (GC threads)"
    if "Tiered" in thread:
        return "JIT (tiered compilation)"
    for frame in frames:
        for name, patterns in STAGES:
            if any(p in frame for p in patterns):
                return name
    text = " ".join(frames)
    if any(k in text for k in STORAGE_NATIVE):
        return "log append and reads (SQLite)"
    if any(k in text for k in POOL):
        return "thread pool (wake, spin, wait)"
    return "runtime and kernel (allocation, syscalls)"


def main():
    path, events, hz, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
    counts = collections.Counter(stage_of(t, f) for t, f in samples(path))
    total = sum(counts.values())
    cpu_seconds = total / hz
    per_event = cpu_seconds * 1e6 / max(events, 1)
    print(f"window {seconds:.0f} s: {events} events stored ({events / seconds:.0f}/s), Host CPU {cpu_seconds:.1f} s "
          f"({cpu_seconds / seconds:.2f} cores), {per_event:.0f} us of Host CPU per event")
    print(f"{'stage':48} {'share':>6} {'us/event':>9}")
    for name, n in counts.most_common():
        print(f"{name:48} {100 * n / total:5.1f}% {per_event * n / total:9.1f}")


if __name__ == "__main__":
    main()
