"""The two charts of the measurement pages (matplotlib, drawn off-screen)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path


def _pyplot():
    import matplotlib  # the bench extra; imported late so that the rest works without it

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def relevance_chart(
    path: Path, groups: Sequence[str], scores: Mapping[str, Sequence[float]], title: str
) -> None:
    """Grouped bars: one group per query class, one bar per engine."""
    plt = _pyplot()
    engines = list(scores)
    width = 0.8 / len(engines)
    fig, ax = plt.subplots(figsize=(max(8, 1.0 * len(groups)), 4.8))
    for n, engine in enumerate(engines):
        ax.bar([g + n * width for g in range(len(groups))], scores[engine], width=width, label=engine)
    ax.set_xticks([g + 0.4 - width / 2 for g in range(len(groups))], groups, rotation=30, ha="right")
    ax.set_ylim(0, 1)
    ax.set_ylabel("nDCG@10")
    ax.set_title(title)
    ax.grid(axis="y", alpha=0.3)
    ax.legend(
        loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=len(engines), fontsize="small", frameon=False
    )
    _save(plt, fig, path)


def latency_chart(
    path: Path, sizes: Sequence[int], series: Mapping[str, Mapping[str, Sequence[float]]], title: str
) -> None:
    """Latency against corpus size, log-log: one colour per engine, one line
    style per percentile (``series[engine][percentile]``)."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(8, 5))
    styles = ["-", "--", ":"]
    for n, (engine, points) in enumerate(series.items()):
        for style, (point, values) in zip(styles, points.items(), strict=False):
            ax.plot(sizes, values, marker="o", color=f"C{n}", linestyle=style, label=f"{engine} {point}")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("articles in the corpus")
    ax.set_ylabel("query latency, ms")
    ax.set_title(title)
    ax.grid(which="both", alpha=0.3)
    ax.legend(fontsize="small", ncol=2)
    _save(plt, fig, path)


def _save(plt, fig, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    # No timestamp in the file, so that an unchanged chart is an unchanged file.
    fig.savefig(path, dpi=110, metadata={"Software": None})
    plt.close(fig)
