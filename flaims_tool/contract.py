"""Facts of the formats contract that several parts of flaims need: the id patterns, the
severities in their order, the month names the outputs use. Written once, here."""

from __future__ import annotations

import re

# The id patterns of formats.md ("Identifiers and references"); the schemas spell the same.
SLUG_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"
DATED_ID_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}-[a-z0-9]+(-[a-z0-9]+)*$"
COMPETENCY_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*/[a-z0-9]+(-[a-z0-9]+)*$"
SLUG = re.compile(SLUG_PATTERN)
DATED_ID = re.compile(DATED_ID_PATTERN)
COMPETENCY = re.compile(COMPETENCY_PATTERN)

# A failure report's severities, least severe first.
SEVERITIES = ("low", "medium", "high", "critical")

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
