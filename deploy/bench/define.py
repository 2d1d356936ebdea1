"""Puts every definition of a JSON file ({name: definition}) through the API: define.py <url> <key> <file> <measures|segments>."""
import json
import sys
import urllib.request

url, key, path, kind = sys.argv[1:]
for name, body in json.load(open(path)).items():
    request = urllib.request.Request(f"{url}/v1/{kind}/{name}", data=json.dumps(body).encode(), method="PUT",
                                     headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    urllib.request.urlopen(request).read()
