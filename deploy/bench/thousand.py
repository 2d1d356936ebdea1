"""Writes the 1,000 definitions of the benchmark's section 7 into <dir>: measures-500.json (500 count measures over
10 event types with 1-90 d windows) and segments-500.json (500 segments on them). Usage: thousand.py <dir>"""
import json, sys
types = ["EmailSent", "EmailDelivered", "EmailOpened", "EmailClicked", "SmsSent", "SmsDelivered", "SmsLinkClicked",
         "PushNotificationSent", "WebsiteVisited", "ProductViewed"]
measures = {f"m{i:03}": {"event": types[i % 10], "aggregate": "count", "within": f"{1 + i * 89 // 499}d"} for i in range(500)}
segments = {}
for i in range(500):
    a, b = f"m{i:03}", f"m{(i * 7 + 3) % 500:03}"
    segments[f"s{i:03}"] = ({"measure": a, "gte": 1 + i % 3} if i % 3 == 0 else
                            {"all": [{"measure": a, "gte": 1}, {"not": {"measure": b, "gte": 2}}]} if i % 3 == 1 else
                            {"any": [{"measure": a, "gte": 3}, {"measure": b, "gte": 1}]})
json.dump(measures, open(f"{sys.argv[1]}/measures-500.json", "w"))
json.dump(segments, open(f"{sys.argv[1]}/segments-500.json", "w"))
