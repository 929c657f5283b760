"""After the load test: every accepted sign-up stored exactly once, no event over capacity,
every organisation edit and published title visible to an anonymous visitor now.

    python bench/load/verify.py BASE_URL FIXTURE WRITERS_LOG
"""

import json
import sys
import urllib.request
from collections import Counter
from pathlib import Path

from django_setup import setup


def main():
    base, fixture_path, log_path = sys.argv[1:4]
    setup()
    from django.db.models import Count

    from events.models import Signup
    from partners.models import Organisation

    fixture = json.loads(Path(fixture_path).read_text(encoding="utf-8"))
    log = json.loads(Path(log_path).read_text(encoding="utf-8"))
    event_pks = [event["pk"] for event in fixture["signup_events"]]
    rows = Counter(Signup.objects.filter(event_id__in=event_pks).values_list("event_id", "email"))
    accepted = Counter((item["event"], item["email"]) for item in log["signups"])
    lost = [key for key in accepted if rows[key] == 0]
    duplicates = [key for key, count in rows.items() if count > 1]
    unexpected = [key for key in rows if key not in accepted]
    over_capacity = []
    for event in fixture["signup_events"]:
        confirmed = Signup.objects.filter(event_id=event["pk"]).confirmed().count()
        if confirmed > event["capacity"]:
            over_capacity.append({"event": event["pk"], "confirmed": confirmed})
    statuses = dict(
        Signup.objects.filter(event_id__in=event_pks)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    # the last acknowledged edit of each organisation, or one sent after it (the run may stop
    # between the server saving an edit and the client reading the answer)
    acknowledged = {edit["organisation"]: edit["marker"] for edit in log["edits"]}
    acceptable = {}
    for attempt in log.get("edit_attempts", []):
        acceptable.setdefault(attempt["organisation"], []).append(attempt["marker"])
    stale_after = []
    for pk, marker in acknowledged.items():
        attempts = acceptable.get(pk, [marker])
        allowed = attempts[attempts.index(marker) :] if marker in attempts else [marker]
        organisation = Organisation.objects.get(pk=pk)
        stored = next((m for m in allowed if m in organisation.description), None)
        if stored is None:
            stale_after.append({"organisation": pk, "lost_edit": marker})
            continue
        with urllib.request.urlopen(f"{base}/foreningar/{organisation.slug}/") as response:
            if stored not in response.read().decode():
                stale_after.append({"organisation": pk, "stale_page": stored})
    print(
        json.dumps(
            {
                "signups_accepted": sum(accepted.values()),
                "signup_rows": sum(rows.values()),
                "signup_statuses": statuses,
                "signups_refused": len(log["signup_refused"]),
                "lost_signups": len(lost),
                "duplicate_signups": len(duplicates),
                "signups_not_acknowledged": len(unexpected),
                "over_capacity": over_capacity,
                "organisation_edits": len(log["edits"]),
                "stale_during_run": log["stale"],
                "stale_after_run": stale_after,
                "cache": log.get("cache", {}),
            }
        )
    )


if __name__ == "__main__":
    main()
