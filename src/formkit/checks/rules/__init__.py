"""Rule conditions by area; importing this package registers all of them."""

from formkit.checks.rules import attachments, cnc, completeness, crossform, currency, ia, oic, penalty, poa

__all__ = ["attachments", "cnc", "completeness", "crossform", "currency", "ia", "oic", "penalty", "poa"]
