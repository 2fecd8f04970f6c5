"""Draw the CSED timeline (PNG or SVG) for a preparer to show the client.

One row per assessment: the ten years from assessment to base CSED, each counted
suspension as a hatched bar, the final CSED as a marker and the as-of date as a line.
matplotlib (the ``chart`` extra) is imported only here, so the rest of formkit never
pays for it. Output is byte-for-byte the same for the same input (no timestamps,
fixed SVG ids).
"""

from __future__ import annotations

import importlib
import io
from pathlib import Path
from typing import Any

from formkit.atomic import write_atomic
from formkit.csed.engine import CsedResult
from formkit.errors import FormkitError


class ChartUnavailable(FormkitError):
    """matplotlib (the 'chart' extra) is not installed: exit 2 with the install command."""


def _matplotlib() -> tuple[Any, Any, Any]:
    """pyplot, matplotlib.dates and the Patch class (typed loosely: matplotlib.dates is untyped)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        plt = importlib.import_module("matplotlib.pyplot")
        mdates = importlib.import_module("matplotlib.dates")
        patches = importlib.import_module("matplotlib.patches")
    except ImportError:
        raise ChartUnavailable("--chart needs matplotlib: pip install 'formkit[chart]'") from None
    return plt, mdates, patches.Patch


def _rows(result: CsedResult) -> list[tuple[str, Any]]:
    rows = []
    for lia in result.liabilities:
        for a in lia.assessments:
            rows.append((f"{lia.form} {lia.period}  {a.key}", a))
    return rows


def render_chart(result: CsedResult, case_id: str, fmt: str) -> bytes:
    """The chart as PNG or SVG bytes."""
    plt, mdates, patch = _matplotlib()
    rows = _rows(result)
    plt.rcParams["svg.hashsalt"] = "formkit-csed"
    height = 1.6 + 0.55 * max(len(rows), 1)
    fig, ax = plt.subplots(figsize=(10, height), dpi=100)
    num = mdates.date2num
    for y, (_label, a) in enumerate(reversed(rows)):
        ax.barh(y, num(a.base_csed) - num(a.assessed), left=num(a.assessed), height=0.35,
                color="#9bb7d4", edgecolor="#4a6f96")
        for m in a.merged:
            if m.counted:
                ax.barh(y, num(m.end) - num(m.start), left=num(m.start), height=0.35, color="#f2b266",
                        edgecolor="#b86f14", hatch="//")
        if a.csed > a.base_csed:
            ax.barh(y, num(a.csed) - num(a.base_csed), left=num(a.base_csed), height=0.35,
                    color="#e07b7b", edgecolor="#9c3b3b")
        ax.plot([num(a.csed)], [y], marker="|", markersize=18, color="#222222")
        ax.annotate(a.csed.isoformat(), (num(a.csed), y), xytext=(6, 6), textcoords="offset points",
                    fontsize=8)
    ax.axvline(num(result.as_of), color="#444444", linestyle="--", linewidth=1)
    ax.annotate(f"as of {result.as_of.isoformat()}", (num(result.as_of), -0.45), fontsize=7,
                xytext=(3, 0), textcoords="offset points", va="bottom")
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([label for label, _ in reversed(rows)], fontsize=8)
    ax.xaxis.set_major_locator(mdates.YearLocator(2))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.set_title(f"Collection statute timeline, case {case_id} (as of {result.as_of.isoformat()})", fontsize=10)
    ax.legend(handles=[patch(color="#9bb7d4", label="10 years from assessment"),
                       patch(facecolor="#f2b266", hatch="//", label="suspension counted"),
                       patch(color="#e07b7b", label="added to the CSED")],
              loc="upper center", fontsize=7, frameon=False, bbox_to_anchor=(0.5, -0.12), ncol=3)
    fig.tight_layout()
    buffer = io.BytesIO()
    metadata: dict[str, Any] = {"Date": None} if fmt == "svg" else {"Software": None}
    fig.savefig(buffer, format=fmt, metadata=metadata)
    plt.close(fig)
    return buffer.getvalue()


def write_chart(result: CsedResult, case_id: str, path: Path) -> None:
    write_atomic(path, render_chart(result, case_id, path.suffix.lower().lstrip(".")))
