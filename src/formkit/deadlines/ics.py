"""Deadlines as an iCalendar file (RFC 5545) a firm can load into its calendar.

icalendar writes the format (escaping, line folding, recurrence rules); formkit only
decides the entries. All-day events; recurring payments as one monthly rule; an alarm
before the deadlines the rules mark. The file is the same bytes for the same case: no
timestamps but the as-of date, stable UIDs.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from formkit.deadlines.compute import Deadline


def to_ics(items: tuple[Deadline, ...], case_id: str, as_of: date) -> bytes:
    from icalendar import Alarm, Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//formkit//deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"formkit deadlines: case {case_id}")
    stamp = datetime.combine(as_of, time(0, 0), tzinfo=UTC)
    for d in items:
        event = Event()
        event.add("uid", d.uid)
        event.add("dtstamp", stamp)
        where = f"{d.period}: " if d.period else ""
        event.add("summary", f"{where}{d.title} (case {case_id})")
        event.add("dtstart", d.date)
        event.add("dtend", d.date + timedelta(days=1))
        lines = [f"From: {d.source}", f"Rule: {d.citation}"]
        if d.note:
            lines.append(d.note)
        lines.append("Computed by formkit; a weekend or legal holiday may move the last day (IRC 7503).")
        event.add("description", "\n".join(lines))
        event.add("categories", ["formkit", d.kind])
        event.add("transp", "TRANSPARENT")
        if d.repeat_monthly:
            event.add("rrule", {"freq": "monthly", "count": d.repeat_monthly})
        if d.alarm_days and not d.passed:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"{d.title}: {d.date.isoformat()}")
            alarm.add("trigger", timedelta(days=-d.alarm_days))
            event.add_component(alarm)
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data
