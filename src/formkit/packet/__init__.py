"""Submission packets: the ordered, bookmarked PDF with cover letter, forms, attachments and manifest.

    from formkit.packet import build_packet
    result = build_packet("examples/oic-lump-sum-single.json", "out/oic-packet",
                          forms_dir="/path/to/irs-forms")
    result.manifest["packet"]["sha256"]

Modules: ``contents`` (which documents, in which order; the order is data in
``templates/packets.json``), ``addresses`` (dated where-to-file tables with citations),
``context`` + ``letter`` (Jinja2 sandbox -> letter markup -> typeset PDF), ``attachments``
(PDF/JPEG/PNG -> pages), ``merge`` (bookmarks, page labels, flattened forms), ``manifest``,
``build`` (atomic, deterministic output).
"""

from formkit.packet.build import (
    PacketBlocked,
    PacketError,
    PacketFormError,
    PacketInputError,
    PacketResult,
    build_packet,
)
from formkit.packet.contents import PacketPlan, PlannedDocument, plan_packet

__all__ = ["PacketBlocked", "PacketError", "PacketFormError", "PacketInputError", "PacketPlan", "PacketResult",
           "PlannedDocument", "build_packet", "plan_packet"]
