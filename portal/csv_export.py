"""CSV downloads that open safely in Excel: UTF-8 with BOM, and no cell read as a formula.

A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run by spreadsheet
programs as a formula (OWASP "CSV injection"); such cells get a leading apostrophe, which
spreadsheets show as text and hide.
"""

import csv

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value):
    if value is None:
        return ""
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def safe_row(values):
    return [safe_cell(value) for value in values]


def csv_response(filename, header, rows):
    """An attachment ``filename`` with a header row and ``rows``, every cell neutralised."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(safe_row(header))
    for row in rows:
        writer.writerow(safe_row(row))
    return response
