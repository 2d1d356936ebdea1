# One heavy individual: 100-event batches to "heavy-1" against a 365-day count measure (defined here, on a fresh
# Host), timed one by one as its events grow. Prints the median latency at marks, last/first, and the count reached.
# Usage: python3 deploy/bench/heavy.py URL ADMIN_KEY EVENTS
import datetime, json, statistics, sys, time, urllib.request
url, key, total = sys.argv[1], sys.argv[2], int(sys.argv[3])
urllib.request.urlopen(urllib.request.Request(f"{url}/v1/measures/opens_365d", method="PUT",
    data=json.dumps({"event": "EmailOpened", "aggregate": "count", "within": "365d"}).encode(),
    headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})).read()
now = datetime.datetime.now(datetime.timezone.utc)
latencies = []
for batch in range(total // 100):
    events = [{"eventId": f"h{batch}-{i}", "type": "EmailOpened", "individualId": "heavy-1",
               "occurredAt": (now - datetime.timedelta(seconds=(batch * 100 + i) * 600 % (300 * 86400))).isoformat()}
              for i in range(100)]
    request = urllib.request.Request(f"{url}/v1/events", data=json.dumps(events).encode(), method="POST",
                                     headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    started = time.perf_counter()
    urllib.request.urlopen(request).read()
    latencies.append((time.perf_counter() - started) * 1000)
n = len(latencies)
def at(mark): return statistics.median(latencies[max(1, mark - max(10, mark // 20)):mark])
marks = [m for m in (10, 50, 200, 1000, 5000, 10000) if m <= n] + ([n] if n not in (10, 50, 200, 1000, 5000, 10000) else [])
tail = sorted(latencies[-max(10, n // 20):])
request = urllib.request.Request(f"{url}/v1/profiles/heavy-1", headers={"Authorization": f"Bearer {key}"})
value = json.load(urllib.request.urlopen(request))["measures"]["opens_365d"]["value"]
print("heavy individual, 100-event batches, a 365-day count: p50 " + ", ".join(f"{at(m):.1f} ms at {m * 100 // 1000}k" for m in marks)
      + f"; last / first {at(n) / at(10):.2f}; p99 of the last 5 % {tail[int(0.99 * (len(tail) - 1))]:.0f} ms; longest {max(latencies):.0f} ms; count {value} (sent {n * 100})")
