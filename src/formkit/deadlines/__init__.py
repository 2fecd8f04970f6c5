"""Deadlines from the case: CDP and levy windows, offer terms, refund claims, payments, CSEDs."""

from __future__ import annotations

from formkit.deadlines.compute import Deadline, DeadlineRulesError, deadlines, to_dict

__all__ = ["Deadline", "DeadlineRulesError", "deadlines", "to_dict"]
