"""Import settlement quotas from CSV: every row is checked first, then all are saved in one
transaction or none are.

Columns: year, municipality_code, group, number (a header row is required; comma or semicolon
separated; UTF-8 with or without BOM). A row for a year, municipality and group that already
exists updates its number; the same year, municipality and group twice in one file is an error.
"""

import csv
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from portal.models import Municipality

from .models import SettlementQuota
from .models.quotas import MAX_YEAR, MIN_YEAR

COLUMNS = ["year", "municipality_code", "group", "number"]
MAX_ROWS = 5000


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    errors: list = field(default_factory=list)
    created: int = 0
    updated: int = 0

    @property
    def ok(self):
        return not self.errors


def group_lookup():
    lookup = {}
    for value, label in SettlementQuota.Group.choices:
        lookup[value.lower()] = value
        lookup[str(label).lower()] = value
    return lookup


def parse(data: bytes):
    """(rows, errors): rows as dicts with their line number, or file-level errors."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [RowError(0, "", _("The file is not UTF-8 encoded text. Save it as CSV UTF-8."))]
    if not text.strip():
        return [], [RowError(0, "", _("The file is empty."))]
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader)]
    if header != COLUMNS:
        missing = [c for c in COLUMNS if c not in header]
        extra = [h for h in header if h not in COLUMNS]
        parts = []
        if missing:
            parts.append(_("missing: %(columns)s") % {"columns": ", ".join(missing)})
        if extra:
            parts.append(_("unknown: %(columns)s") % {"columns": ", ".join(extra)})
        if not parts:
            parts.append(_("wrong order"))
        return [], [
            RowError(
                1,
                "",
                _("The columns must be %(expected)s (%(problem)s).")
                % {"expected": ", ".join(COLUMNS), "problem": "; ".join(parts)},
            )
        ]
    rows = []
    for line_number, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        rows.append((line_number, values))
        if len(rows) > MAX_ROWS:
            return [], [
                RowError(0, "", _("The file has more than %(max)s rows.") % {"max": MAX_ROWS})
            ]
    if not rows:
        return [], [RowError(0, "", _("The file has no data rows."))]
    return rows, []


def validate(rows):
    """(clean rows, errors) after checking every row."""
    errors, clean, seen = [], [], {}
    municipalities = {m.code: m for m in Municipality.objects.all()}
    groups = group_lookup()
    for line, values in rows:
        if len(values) != len(COLUMNS):
            errors.append(
                RowError(
                    line,
                    "",
                    _("Expected %(expected)s values, found %(found)s.")
                    % {"expected": len(COLUMNS), "found": len(values)},
                )
            )
            continue
        year_text, code, group_text, number_text = (v.strip() for v in values)
        row_errors = []
        year = None
        if not year_text.isdigit() or not MIN_YEAR <= int(year_text) <= MAX_YEAR:
            row_errors.append(
                RowError(
                    line,
                    "year",
                    _("“%(value)s” is not a year between %(min)s and %(max)s.")
                    % {"value": year_text, "min": MIN_YEAR, "max": MAX_YEAR},
                )
            )
        else:
            year = int(year_text)
        municipality = municipalities.get(code.zfill(4) if code.isdigit() else code)
        if municipality is None:
            row_errors.append(
                RowError(
                    line,
                    "municipality_code",
                    _("“%(value)s” is not a known municipality code (four digits, e.g. 2029).")
                    % {"value": code},
                )
            )
        group = groups.get(group_text.lower())
        if group is None:
            row_errors.append(
                RowError(
                    line,
                    "group",
                    _("“%(value)s” is not a group. Use one of: %(choices)s.")
                    % {"value": group_text, "choices": ", ".join(SettlementQuota.Group.values)},
                )
            )
        number = None
        try:
            number = int(number_text)
        except ValueError:
            row_errors.append(
                RowError(
                    line,
                    "number",
                    _("“%(value)s” is not a whole number.") % {"value": number_text},
                )
            )
        else:
            if number < 0:
                row_errors.append(RowError(line, "number", _("The number cannot be negative.")))
        if not row_errors:
            key = (year, municipality.id, group)
            if key in seen:
                row_errors.append(
                    RowError(
                        line,
                        "",
                        _("Duplicate of row %(row)s (same year, municipality and group).")
                        % {"row": seen[key]},
                    )
                )
            else:
                seen[key] = line
                clean.append((year, municipality, group, number))
        errors.extend(row_errors)
    return clean, errors


def import_quotas(data: bytes) -> ImportResult:
    rows, errors = parse(data)
    if errors:
        return ImportResult(errors=errors)
    clean, errors = validate(rows)
    if errors:
        return ImportResult(errors=errors)
    result = ImportResult()
    with transaction.atomic():
        existing = {
            (q.year, q.municipality_id, q.group): q
            for q in SettlementQuota.objects.select_for_update().filter(
                year__in={row[0] for row in clean}
            )
        }
        new, changed = [], []
        for year, municipality, group, number in clean:
            quota = existing.get((year, municipality.id, group))
            if quota is None:
                new.append(
                    SettlementQuota(
                        year=year, municipality=municipality, group=group, number=number
                    )
                )
            else:
                quota.number = number
                quota.is_demo = False
                changed.append(quota)
        SettlementQuota.objects.bulk_create(new)
        SettlementQuota.objects.bulk_update(changed, ["number", "is_demo"])
    # bulk writes send no signals: the cached quota pages are purged here
    from portal.page_cache import purge_on_commit

    from .cache_purge import quota_urls

    purge_on_commit(quota_urls())
    result.created, result.updated = len(new), len(changed)
    return result
