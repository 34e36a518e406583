"""A small stacked bar chart of history activity over time per organisation, drawn with QPainter.

It takes per-day counts from the core (counted inside the database) and merges them into at most ``MAX_BARS``
bars, so it is equally cheap for ten entries or a million. The largest organisations get their own colour; the
rest share one, and the subject's own actions (no organisation) have theirs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QDateTime, QLocale, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

DAY_MS = 86_400_000
MAX_BARS = 60
MAX_SERIES = 5
# Colour-blind-friendly hues (Okabe-Ito) that read on light and dark backgrounds.
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")
OWN_COLOUR = "#999999"
OTHER_COLOUR = "#F0E442"

OWN = "\x00own"
OTHERS = "\x00others"


@dataclass(frozen=True)
class ChartData:
    #: start of each bar (ms), in order
    starts: tuple[int, ...]
    width_ms: int
    #: series key (org id, OWN or OTHERS) -> count per bar
    series: dict[str, tuple[int, ...]]

    @property
    def maximum(self) -> int:
        return max((sum(v[i] for v in self.series.values()) for i in range(len(self.starts))), default=0)


HOUR_MS = 3_600_000


def _nice_width(span_ms: int, bucket_ms: int = DAY_MS) -> int:
    """The smallest whole number of buckets (days, or hours) per bar that keeps the chart under MAX_BARS
    bars."""
    units = max(1, -(-span_ms // (bucket_ms * MAX_BARS)))
    steps = (1, 2, 7, 14, 30, 61, 91, 182, 365) if bucket_ms >= DAY_MS else (1, 2, 3, 6, 12, 24)
    for nice in steps:
        if units <= nice:
            return nice * bucket_ms
    return units * bucket_ms


def build(rows: Sequence[tuple[int, str | None, int]], bucket_ms: int = DAY_MS) -> ChartData:
    """Merge per-bucket ``(bucket_ms, org, count)`` rows (per day, or per hour when everything happened within
    a day or two) into bars and series (Qt-free, tested directly)."""
    if not rows:
        return ChartData((), bucket_ms, {})
    first = min(r[0] for r in rows)
    last = max(r[0] for r in rows)
    width = _nice_width(last - first + bucket_ms, bucket_ms)
    nbars = (last - first) // width + 1
    totals: dict[str, int] = defaultdict(int)
    for _, org, n in rows:
        if org:
            totals[org] += n
    top = [o for o, _ in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_SERIES]]
    counts: dict[str, list[int]] = {k: [0] * nbars for k in (*top, OTHERS, OWN)}
    for b, org, n in rows:
        key = OWN if not org else (org if org in top else OTHERS)
        counts[key][(b - first) // width] += n
    series = {k: tuple(v) for k, v in counts.items() if any(v)}
    return ChartData(tuple(first + i * width for i in range(nbars)), width, series)


class ActivityChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data = ChartData((), DAY_MS, {})
        self.org_namer: Callable[[str], str] = lambda did: did
        self.setMinimumHeight(150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName(self.tr("Activity over time"))

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(600, 170)

    @property
    def data(self) -> ChartData:
        return self._data

    def set_rows(self, rows: Sequence[tuple[int, str | None, int]], bucket_ms: int = DAY_MS) -> None:
        self._data = build(rows, bucket_ms)
        total = sum(sum(v) for v in self._data.series.values())
        self.setAccessibleDescription(self.tr("%1 events in %2 bars").replace("%1", str(total))
                                      .replace("%2", str(len(self._data.starts))))
        self.update()

    def clear(self) -> None:
        self.set_rows([])

    def series_label(self, key: str) -> str:
        if key == OWN:
            return self.tr("Your own actions")
        if key == OTHERS:
            return self.tr("Other organisations")
        name = self.org_namer(key)
        return name if len(name) <= 28 else name[:14] + "\u2026" + name[-12:]

    def series_colour(self, key: str) -> QColor:
        if key == OWN:
            return QColor(OWN_COLOUR)
        if key == OTHERS:
            return QColor(OTHER_COLOUR)
        keys = [k for k in self._data.series if k not in (OWN, OTHERS)]
        return QColor(COLOURS[keys.index(key) % len(COLOURS)])

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        p.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
        fm = p.fontMetrics()
        d = self._data
        if not d.starts:
            p.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No activity to show for this filter."))
            p.end()
            return
        # legend along the top
        x, y = 8.0, 6.0
        lh = fm.height()
        for key in d.series:
            label = self.series_label(key)
            w = fm.horizontalAdvance(label) + lh + 14
            if x + w > self.width() - 8:
                x, y = 8.0, y + lh + 2
            p.fillRect(QRectF(x, y + 2, lh - 4, lh - 4), self.series_colour(key))
            p.setPen(text)
            p.drawText(QPointF(x + lh, y + fm.ascent()), label)
            x += w
        top = y + lh + 8
        maximum = max(d.maximum, 1)
        left = fm.horizontalAdvance(str(maximum)) + 12.0
        bottom = self.height() - lh - 6.0
        plot = QRectF(left, top, max(10.0, self.width() - left - 8), max(10.0, bottom - top))
        p.setPen(text)
        p.drawText(QRectF(0, plot.top() - lh / 2, left - 6, lh), Qt.AlignmentFlag.AlignRight, str(maximum))
        p.drawText(QRectF(0, plot.bottom() - lh / 2, left - 6, lh), Qt.AlignmentFlag.AlignRight, "0")
        grid = QColor(text)
        grid.setAlpha(60)
        p.setPen(grid)
        p.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
        p.drawLine(QPointF(plot.left(), plot.top()), QPointF(plot.right(), plot.top()))
        n = len(d.starts)
        slot = plot.width() / n
        bar_w = max(1.0, min(slot * 0.75, 28.0))  # one day alone should not become a wall
        for i in range(n):
            yb = plot.bottom()
            for key, counts in d.series.items():
                if counts[i]:
                    h = plot.height() * counts[i] / maximum
                    p.fillRect(QRectF(plot.left() + i * slot + (slot - bar_w) / 2, yb - h, bar_w, h),
                               self.series_colour(key))
                    yb -= h
        p.setPen(text)
        loc = QLocale()
        if d.width_ms < DAY_MS:  # hourly bars: the time matters
            first = loc.toString(QDateTime.fromMSecsSinceEpoch(d.starts[0]), QLocale.FormatType.ShortFormat)
            last = loc.toString(QDateTime.fromMSecsSinceEpoch(d.starts[-1] + d.width_ms),
                                QLocale.FormatType.ShortFormat)
        else:
            fmt = loc.dateFormat(QLocale.FormatType.ShortFormat)
            first = loc.toString(QDateTime.fromMSecsSinceEpoch(d.starts[0]).date(), fmt)
            last_date = QDateTime.fromMSecsSinceEpoch(d.starts[-1] + d.width_ms - 1).date()
            last = loc.toString(last_date, fmt)
        if n == 1:  # one bar: its date goes under it
            p.drawText(QRectF(plot.left(), bottom + 3, plot.width(), lh), Qt.AlignmentFlag.AlignHCenter,
                       first if first == last else f"{first} \u2013 {last}")
            p.end()
            return
        p.drawText(QRectF(plot.left(), bottom + 3, plot.width(), lh), Qt.AlignmentFlag.AlignLeft, first)
        if first != last:
            p.drawText(QRectF(plot.left(), bottom + 3, plot.width(), lh), Qt.AlignmentFlag.AlignRight, last)
        p.end()
