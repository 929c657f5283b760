"""The sizes the issue's closing note asks for, filled in by the test modules as they run."""

REPORT = {}


def lines():
    out = []
    if "matrix" in REPORT:
        urls, personas = REPORT["matrix"]
        out.append(
            f"permission matrix: {urls} URLs x {personas} personas = {urls * personas} cases"
        )
    if "payload_fields" in REPORT:
        payloads, fields = len(REPORT["payloads"]), sum(REPORT["payload_fields"].values())
        detail = ", ".join(f"{name} {n}" for name, n in REPORT["payload_fields"].items())
        out.append(
            f"payloads: {payloads} payloads x {fields} form fields = {payloads * fields} ({detail})"
        )
    if "hidden" in REPORT:
        kinds, surfaces = REPORT["hidden"]
        out.append(f"hidden items: {kinds} kinds x {surfaces} surfaces = {kinds * surfaces} checks")
    return out
