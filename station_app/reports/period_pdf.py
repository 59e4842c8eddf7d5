"""The printed period report (周报 / 月报): what the station did in a week, a month or a
range of days, for the station manager to sign and the union to file.

Data in (a ``PeriodReport``, every label already in the user's language), PDF out. The
page is made for a black-and-white office printer: ink-black text, orange only as an
accent, outlined bars with their values printed, tables with a dark header row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import IO
from xml.sax.saxutils import escape

from babel import Locale
from babel.dates import format_date
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from station_app.clock import default_zone
from station_app.domain.days import to_local
from station_app.domain.errors import ServiceError
from station_app.domain.period_report import Count, Figure, PeriodReport
from station_app.domain.periods import Period, PeriodKind
from station_app.domain.self_check import quarter_start
from station_app.domain.stock import FOOD_CATEGORIES, MEDICINE_CATEGORIES
from station_app.i18n import _, current_language, ngettext
from station_app.i18n.formatting import date_time, iso_week, number, short_date
from station_app.reports import charts
from station_app.reports.fonts import FONT, register_fonts
from station_app.reports.output import atomic_output
from station_app.reports.page import (
    PAGE_WIDTH,
    Margins,
    PageHook,
    PageInfo,
    build_a4,
    standard_footer,
)
from station_app.reports.styles import (
    INK,
    MUTED,
    ORANGE,
    ORANGE_HEX,
    RULE,
    Styles,
    paragraph_styles,
)
from station_app.reports.tables import Align, Column, data_table, section, totalled

MARGINS = Margins()
WIDTH = PAGE_WIDTH - MARGINS.left - MARGINS.right
LOGO_SIZE = 26 * mm
NOTE_LINES = 5
MINUS = "\u2212"  # a real minus sign: a hyphen looks like a dash next to a number


# --- words and dates ---------------------------------------------------------------------


def _locale() -> Locale:
    return Locale.parse(current_language())


def _chinese() -> bool:
    return current_language().startswith("zh")


def _day_month(day: dt.date) -> str:
    """11月16日 / Nov 16."""
    return format_date(day, "M月d日" if _chinese() else "MMM d", locale=_locale())


def _full_date(day: dt.date) -> str:
    """2026年11月16日 / Nov 16, 2026."""
    return format_date(day, "y年M月d日" if _chinese() else "MMM d, y", locale=_locale())


def _month(day: dt.date) -> str:
    """2026年11月 / November 2026."""
    return format_date(day, "y年M月" if _chinese() else "MMMM y", locale=_locale())


def period_title(period: Period) -> str:
    """2026年第47周 · 11月16日–11月22日; 2026年11月; 2026年11月1日–11月15日;
    2026年第1周 · 2025年12月29日–2026年1月4日."""
    if period.kind is PeriodKind.MONTH:
        return _month(period.start)
    if period.start.year == period.end.year:
        first, last = _day_month(period.start), _day_month(period.end)
    else:
        # Across the new year both days carry their year: 2025年12月29日–2026年1月4日.
        first, last = _full_date(period.start), _full_date(period.end)
    if period.kind is PeriodKind.WEEK:
        return f"{iso_week(period.start)} · {first}–{last}"
    return f"{_full_date(period.start)}–{last}"


def document_title(period: Period) -> str:
    if period.kind is PeriodKind.WEEK:
        return _("Weekly report")
    if period.kind is PeriodKind.MONTH:
        return _("Monthly report")
    return _("Station report")


def previous_name(period: Period) -> str:
    """The column heading for the previous period's numbers: 上周 / 上月 / 上期."""
    if period.kind is PeriodKind.WEEK:
        return _("Last week")
    if period.kind is PeriodKind.MONTH:
        return _("Last month")
    return _("Previous period")


def signed(change: int) -> str:
    """+12, −3, ±0."""
    if change > 0:
        return f"+{number(change)}"
    if change < 0:
        return f"{MINUS}{number(-change)}"
    return "±0"


def change_text(period: Period, figure: Figure, compared: bool = True) -> str:
    """比上周 +12 / 比上月 −3 / 比上期 ±0; without an earlier period, that it is the first."""
    if not compared:
        return _("first period: nothing to compare with")
    if period.kind is PeriodKind.WEEK:
        text = _("vs last week {change}")
    elif period.kind is PeriodKind.MONTH:
        text = _("vs last month {change}")
    else:
        text = _("vs previous period {change}")
    return text.format(change=signed(figure.change))


def overdue_text(late: dt.timedelta) -> str:
    """The same words as the lending page (ui.models.loans_model, which the PDF cannot import)."""
    if late.days >= 1:
        return _("{n} days overdue").format(n=late.days)
    hours = late.seconds // 3600
    if hours >= 1:
        return _("{n} hours overdue").format(n=hours)
    return _("{n} minutes overdue").format(n=max(1, late.seconds // 60))


def shares(values: Sequence[int], total: int) -> list[str]:
    """Each value's share of ``total`` to a tenth of a percent, rounded so that shares of
    values adding up to ``total`` add up to exactly 100% (largest remainder first)."""
    if total <= 0:
        return ["–" for _value in values]
    exact = [value * 1000 / total for value in values]
    tenths = [int(x) for x in exact]
    short = round(sum(exact)) - sum(tenths)
    by_remainder = sorted(range(len(values)), key=lambda n: (tenths[n] - exact[n], n))
    for n in by_remainder[: max(short, 0)]:
        tenths[n] += 1
    return [f"{t // 10}.{t % 10}%" for t in tenths]


# --- pieces of the page ------------------------------------------------------------------


class LogoBox(Flowable):
    """The station's own logo, fitted into a square."""

    def __init__(self, logo: Path, size: float = LOGO_SIZE) -> None:
        super().__init__()
        self.size = size
        self.width = self.height = size
        try:
            self.image = ImageReader(str(logo))
            self.image.getSize()
        except Exception as exc:  # Pillow raises many kinds for a bad picture
            raise ServiceError(
                _(
                    "Could not read the logo picture {path} ({error}). Use a PNG or JPEG "
                    "file, or leave the logo out."
                ).format(path=logo, error=exc)
            ) from exc

    def draw(self) -> None:
        canvas: Canvas = self.canv
        size = self.size
        width, height = self.image.getSize()
        scale = min(size / width, size / height)
        w, h = width * scale, height * scale
        canvas.drawImage(self.image, (size - w) / 2, (size - h) / 2, w, h, mask="auto")


def _header(report: PeriodReport, styles: Styles, logo: Path | None, zone: dt.tzinfo) -> Flowable:
    generated = date_time(to_local(report.generated_at, zone))
    lines: list[Flowable] = [
        Paragraph(escape(document_title(report.period)), styles.title),
        Paragraph(f"<font size=12>{escape(report.station_name)}</font>", styles.body),
        Paragraph(
            escape(_("Station code {code}").format(code=report.station_code or "–")), styles.small
        ),
        Spacer(1, 2 * mm),
        Paragraph(f"<font size=12>{escape(period_title(report.period))}</font>", styles.body),
        Paragraph(escape(_("Generated {time}").format(time=generated)), styles.small),
    ]
    # Without a logo of its own the station gets no frame or placeholder: the text has
    # the width.
    row: list[object] = [lines] if logo is None else [lines, LogoBox(logo)]
    widths = [WIDTH] if logo is None else [WIDTH - LOGO_SIZE - 4 * mm, LOGO_SIZE + 4 * mm]
    table = Table([row], colWidths=widths, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (1, 0), (-1, 0), "RIGHT"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * mm),
                ("LINEBELOW", (0, 0), (-1, 0), 1.6, ORANGE),
            ]
        )
    )
    return table


def _figures(report: PeriodReport, styles: Styles) -> Flowable:
    """Six key figures in two rows of three, each with its change from the previous period."""
    from reportlab.lib.styles import ParagraphStyle

    label = ParagraphStyle("figure_label", styles.small, alignment=1, textColor=MUTED)
    change = ParagraphStyle("figure_change", styles.small, alignment=1, textColor=INK)
    visits_note = _("{cards} with a card, {anonymous} anonymous").format(
        cards=number(report.card_visits), anonymous=number(report.anonymous_visits)
    )
    entries = [
        (_("Visits"), report.visits, visits_note),
        (_("Distinct workers"), report.distinct_workers, ""),
        (_("New registrations"), report.new_registrations, ""),
        (_("Union members"), report.union_members, ""),
        (_("Wanting to join the union"), report.wants_to_join, ""),
        (_("Services given"), report.services, ""),
    ]
    cells: list[list[Flowable]] = []
    for title, figure, note in entries:
        cell: list[Flowable] = [
            Paragraph(escape(title), label),
            Paragraph(number(figure.value), styles.figure),
            Paragraph(escape(change_text(report.period, figure, report.has_previous)), change),
        ]
        cell.append(Paragraph(escape(note) if note else "&nbsp;", label))
        cells.append(cell)
    rows = [cells[0:3], cells[3:6]]
    table = Table(rows, colWidths=[WIDTH / 3] * 3, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("BOX", (0, 0), (-1, -1), 0.8, INK),
                ("INNERGRID", (0, 0), (-1, -1), 0.4, RULE),
                ("LINEABOVE", (0, 0), (-1, 0), 2, ORANGE),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5 * mm),
            ]
        )
    )
    return table


def _heading(text: str, styles: Styles) -> Paragraph:
    return Paragraph(escape(text), styles.heading)


def _section(title: str, body: Sequence[Flowable], styles: Styles) -> list[Flowable]:
    """A heading never stays alone at the foot of a page: it moves with what follows."""
    return section(title, body)


def _against(report: PeriodReport, value: int, previous: int) -> tuple[str, str]:
    """The previous period's number and the change, or dashes when there is none."""
    if not report.has_previous:
        return "–", "–"
    return number(previous), signed(value - previous)


def _occupation_rows(report: PeriodReport) -> tuple[list[list[str]], list[int]]:
    """The rows and a totals row (set off: its index is returned too)."""
    counts = report.by_occupation
    total = report.visits.value
    percents = shares([c.value for c in counts], total)
    rows = [
        [c.label, number(c.value), percent, *_against(report, c.value, c.previous)]
        for c, percent in zip(counts, percents, strict=True)
    ]
    return totalled(
        rows,
        [
            _("Total"),
            number(total),
            "100.0%" if total else "–",
            *_against(report, total, report.visits.previous),
        ],
    )


def _count_rows(report: PeriodReport, counts: Sequence[Count]) -> tuple[list[list[str]], list[int]]:
    rows = [[c.label, number(c.value), *_against(report, c.value, c.previous)] for c in counts]
    total, previous = sum(c.value for c in counts), sum(c.previous for c in counts)
    return totalled(rows, [_("Total"), number(total), *_against(report, total, previous)])


def _stock_section(report: PeriodReport, styles: Styles, zone: dt.tzinfo) -> list[Flowable]:
    as_of = date_time(to_local(report.as_of, zone))
    mark = "▲"
    lines = report.stock
    rows: list[list[str]] = [
        [
            f"{line.name}（{line.unit}）" if _chinese() else f"{line.name} ({line.unit})",
            number(line.opening),
            number(line.received),
            number(line.issued),
            number(line.lent),
            number(line.returned),
            number(line.discarded),
            signed(line.adjusted) if line.adjusted else "0",
            f"{mark} {number(line.closing)}" if line.below_minimum else number(line.closing),
        ]
        for line in lines
    ]
    emphasis: list[int] = []
    if rows:
        adjusted = sum(line.adjusted for line in lines)
        rows.append(
            [
                _("Total"),
                *(
                    number(sum(getattr(line, name) for line in lines))
                    for name in ("opening", "received", "issued", "lent", "returned", "discarded")
                ),
                signed(adjusted) if adjusted else "0",
                number(sum(line.closing for line in lines)),
            ]
        )
        emphasis = [len(rows) - 1]
    columns = [
        Column(_("Item (unit)"), 1.8),
        Column(_("Opening stock"), 1.1, Align.RIGHT),
        Column(_("Received"), 1.1, Align.RIGHT),
        Column(_("Issued"), 1.0, Align.RIGHT),
        Column(_("Loaned"), 1.0, Align.RIGHT),
        Column(_("Returned"), 1.15, Align.RIGHT),
        Column(_("Discarded"), 1.2, Align.RIGHT),
        Column(_("Adjusted"), 1.1, Align.RIGHT),
        Column(_("Closing stock"), 1.1, Align.RIGHT),
    ]
    period_start = _full_date(report.period.start)
    story: list[Flowable] = _section(
        _("Stock"),
        [
            Paragraph(
                escape(
                    _(
                        "Opening stock on {start}, closing stock as of {time}: opening + "
                        "received − issued − lent out + returned − discarded ± adjusted = "
                        "closing. ▲ below the item's minimum."
                    ).format(start=period_start, time=as_of)
                ),
                styles.small,
            ),
            Spacer(1, 1.5 * mm),
        ],
        styles,
    )
    story.append(
        data_table(
            columns, rows, WIDTH, empty_text=_("No items in the inventory."), emphasis=emphasis
        )
    )
    below = report.below_minimum
    below_rows = [
        [
            line.name,
            f"{number(line.stock)} {line.unit}",
            f"{number(line.min_stock)} {line.unit}",
            f"{number(line.min_stock - line.stock)} {line.unit}",
        ]
        for line in below
    ]
    below_rows += _count_total(below_rows, 4)
    story += _section(
        _("Below minimum stock"),
        [
            data_table(
                [
                    Column(_("Item"), 3),
                    Column(_("On the shelf"), 1.3, Align.RIGHT),
                    Column(_("Minimum"), 1.3, Align.RIGHT),
                    Column(_("Short by"), 1.3, Align.RIGHT),
                ],
                below_rows,
                WIDTH,
                empty_text=_("Every item is at or above its minimum."),
                emphasis=_last(below_rows),
            )
        ],
        styles,
    )
    story += _in_date_section(report, styles)
    day = to_local(report.as_of, zone).date()
    expiring_rows = [
        [
            line.name,
            short_date(line.expires_on),
            _expiry_note(line.expires_on, day),
            f"{number(line.quantity)} {line.unit}",
        ]
        for line in report.expiring
    ]
    expiring_rows += _count_total(expiring_rows, 4)
    story += _section(
        _("Expiring within 30 days"),
        [
            data_table(
                [
                    Column(_("Item"), 3),
                    Column(_("Expiry date"), 1.4, Align.CENTER),
                    Column(_("Time left"), 1.4, Align.RIGHT),
                    Column(_("Quantity"), 1.2, Align.RIGHT),
                ],
                expiring_rows,
                WIDTH,
                empty_text=_("Nothing expires within 30 days."),
                emphasis=_last(expiring_rows),
            )
        ],
        styles,
    )
    return story


def _day_name(day: dt.date) -> str:
    """11月25日 周三 / Nov 25 Wed."""
    weekday = format_date(day, "EEE", locale=_locale())
    return f"{_day_month(day)} {weekday}"


def _clock_time(moment: dt.datetime | None) -> str:
    return moment.strftime("%H:%M") if moment is not None else "–"


def _opening_section(report: PeriodReport, styles: Styles) -> list[Flowable]:
    """营业时间: per day the posted hours against the first sign-in and the last sign-out,
    and the posted minutes nobody was signed in, with the period's total."""
    rows: list[list[str]] = []
    for day in report.opening:
        if day.declared_closed:
            posted = (
                _("Closed: {note}").format(note=day.closed_note)
                if day.closed_note
                else _("Closed (declared)")
            )
        elif day.posted is None:
            posted = _("Closed")
        else:
            posted = day.posted.text()
        missed = number(day.minutes_missed) if day.posted is not None else "–"
        rows.append(
            [
                _day_name(day.day),
                posted,
                _clock_time(day.first_open),
                _clock_time(day.last_close),
                missed,
            ]
        )
    emphasis: list[int] = []
    if rows:
        rows.append([_("Total"), "", "", "", number(report.minutes_missed)])
        emphasis = [len(rows) - 1]
    note = Paragraph(
        escape(
            _(
                "Open means an attendant was signed in; minutes missed are posted minutes"
                " with nobody signed in."
            )
        ),
        styles.small,
    )
    table = data_table(
        [
            Column(_("Day"), 1.6),
            Column(_("Posted hours"), 2.0),
            Column(_("Opened"), 1.0, Align.CENTER),
            Column(_("Closed at"), 1.0, Align.CENTER),
            Column(_("Minutes missed"), 1.3, Align.RIGHT),
        ],
        rows,
        WIDTH,
        empty_text=_("No days in this period."),
        emphasis=emphasis,
    )
    return _section(_("Opening hours kept"), [table, Spacer(1, 1.5 * mm), note], styles)


def _in_date_section(report: PeriodReport, styles: Styles) -> list[Flowable]:
    """药品和食品有效期: one line per group, "all in date" or how many expired batches are
    still on the shelf, then those batches."""
    body: list[Flowable] = []
    for categories, all_in_date, some_expired in (
        (
            MEDICINE_CATEGORIES,
            _("First-aid medicine: all in date"),
            _("First-aid medicine: {n} expired batches still on the shelf"),
        ),
        (
            FOOD_CATEGORIES,
            _("Food and drink: all in date"),
            _("Food and drink: {n} expired batches still on the shelf"),
        ),
    ):
        expired = report.expired_on_shelf(categories)
        if not expired:
            body.append(Paragraph(escape(all_in_date), styles.body))
            continue
        body.append(
            Paragraph(
                f'<font color="{ORANGE_HEX}">'
                f"{escape(some_expired.format(n=number(len(expired))))}</font>",
                styles.body,
            )
        )
        body.append(
            data_table(
                [
                    Column(_("Item"), 3),
                    Column(_("Expiry date"), 1.4, Align.CENTER),
                    Column(_("Quantity left"), 1.2, Align.RIGHT),
                ],
                [
                    [line.name, short_date(line.expires_on), f"{number(line.quantity)} {line.unit}"]
                    for line in expired
                ],
                WIDTH,
                empty_text="",
            )
        )
        body.append(Spacer(1, 2 * mm))
    return _section(_("Medicine and food in date"), body, styles)


def _self_check_section(report: PeriodReport, styles: Styles) -> list[Flowable]:
    """设施自查: when the last self-check was and who made it, then "all in order" or the
    items found missing or broken, with their notes."""
    check = report.self_check
    if check is None:
        line = _("No self-check of the station's facilities has been recorded.")
        body: list[Flowable] = [
            Paragraph(f'<font color="{ORANGE_HEX}">{escape(line)}</font>', styles.body)
        ]
        return _section(_("Facilities self-check"), body, styles)
    said = _("Last self-check: {date}, by {name}.").format(
        date=short_date(check.checked_on), name=check.by or _("the command line")
    )
    body = [Paragraph(escape(said), styles.body)]
    if check.checked_on < quarter_start(report.period.end):
        owed = _("This quarter's self-check has not been done yet.")
        body.append(Paragraph(f'<font color="{ORANGE_HEX}">{escape(owed)}</font>', styles.body))
    problems = check.problems
    if not problems:
        body.append(Paragraph(escape(_("Everything is there and working.")), styles.body))
        return _section(_("Facilities self-check"), body, styles)
    missing = _("{n} items missing or broken:").format(n=number(len(problems)))
    body.append(Paragraph(f'<font color="{ORANGE_HEX}">{escape(missing)}</font>', styles.body))
    body.append(
        data_table(
            [Column(_("Item"), 2), Column(_("Note"), 3)],
            [[answer.label, answer.note] for answer in problems],
            WIDTH,
            empty_text="",
        )
    )
    return _section(_("Facilities self-check"), body, styles)


def _activities_section(report: PeriodReport, styles: Styles) -> list[Flowable]:
    """活动: how many activities of which type, how many people took part, and what they
    handed out."""
    held = report.activities
    if held is None:
        body: list[Flowable] = [
            Paragraph(escape(_("No activities were recorded in this period.")), styles.body)
        ]
        return _section(_("Activities"), body, styles)
    said = ngettext(
        "{n} activity, {people} people took part.",
        "{n} activities, {people} people took part.",
        held.count,
    ).format(n=number(held.count), people=number(held.people))
    body = [Paragraph(escape(said), styles.body)]
    body.append(
        data_table(
            [Column(_("Activity type"), 3), Column(_("Times held"), 1, Align.RIGHT)],
            [[row.label, number(row.value)] for row in held.by_type],
            WIDTH,
            empty_text="",
        )
    )
    body.append(
        data_table(
            [Column(_("Occupation"), 3), Column(_("People"), 1, Align.RIGHT)],
            [[row.label, number(row.value)] for row in held.by_occupation],
            WIDTH,
            empty_text="",
        )
    )
    if held.items:
        body.append(
            data_table(
                [Column(_("Handed out"), 3), Column(_("Quantity"), 1, Align.RIGHT)],
                [[row.label, f"{number(row.value)} {row.unit}"] for row in held.items],
                WIDTH,
                empty_text="",
            )
        )
    return _section(_("Activities"), body, styles)


def _overdue_section(report: PeriodReport, styles: Styles, zone: dt.tzinfo) -> list[Flowable]:
    loan_rows = [
        [
            line.item_name,
            line.borrower,
            date_time(to_local(line.lent_at, zone)),
            date_time(to_local(line.due_at, zone)),
            overdue_text(line.overdue_by),
        ]
        for line in report.overdue_loans
    ]
    loan_rows += _count_total(loan_rows, 5)
    return [
        _heading(_("Overdue loans"), styles),
        data_table(
            [
                Column(_("Item"), 1.6),
                Column(_("Borrower"), 2.0),
                Column(_("Lent"), 1.6, Align.CENTER),
                Column(_("Due"), 1.6, Align.CENTER),
                Column(_("Overdue by"), 1.8, Align.RIGHT),
            ],
            loan_rows,
            WIDTH,
            empty_text=_("No loans are overdue."),
            emphasis=_last(loan_rows),
        ),
    ]


def _count_total(rows: Sequence[Sequence[str]], width: int) -> list[list[str]]:
    """A totals row for a list: how many lines it has (its units differ from line to line,
    so they are not added up)."""
    if not rows:
        return []
    return [[_("Total: {n}").format(n=number(len(rows))), *([""] * (width - 1))]]


def _last(rows: Sequence[object]) -> list[int]:
    return [len(rows) - 1] if rows else []


def _expiry_note(expires_on: dt.date, today: dt.date) -> str:
    left = (expires_on - today).days
    if left < 0:
        return _("expired")
    if left == 0:
        return _("expires today")
    return _("{n} days").format(n=left)


class RuledLines(Flowable):
    """Empty lines to write on by hand."""

    def __init__(self, count: int, width: float, pitch: float = 8 * mm) -> None:
        super().__init__()
        self.count, self.width, self.pitch = count, width, pitch
        self.height = count * pitch

    def draw(self) -> None:
        self.canv.setStrokeColor(RULE)
        self.canv.setLineWidth(0.5)
        for n in range(self.count):
            y = n * self.pitch
            self.canv.line(0, y, self.width, y)


def _notes_and_signatures(notes: str, styles: Styles, before: Sequence[Flowable]) -> list[Flowable]:
    """Notes and signatures, kept on one page with the section ``before`` them, so the
    last page always carries figures as well as the signatures."""
    if notes.strip():
        body: list[Flowable] = [
            Paragraph(escape(paragraph).replace("\n", "<br/>"), styles.body)
            for paragraph in notes.strip().split("\n\n")
        ]
    else:
        body = [Spacer(1, 2 * mm), RuledLines(NOTE_LINES, WIDTH)]
    sign = [
        [
            Paragraph(escape(_("Attendant (signature)")), styles.body),
            "",
            Paragraph(escape(_("Date")), styles.body),
            "",
        ],
        [
            Paragraph(escape(_("Station manager (signature)")), styles.body),
            "",
            Paragraph(escape(_("Date")), styles.body),
            "",
        ],
    ]
    table = Table(
        sign,
        colWidths=[52 * mm, WIDTH - 52 * mm - 16 * mm - 40 * mm, 16 * mm, 40 * mm],
        rowHeights=[13 * mm, 13 * mm],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LINEBELOW", (1, 0), (1, -1), 0.7, INK),
                ("LINEBELOW", (3, 0), (3, -1), 0.7, INK),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("ALIGN", (2, 0), (2, -1), "RIGHT"),
                ("RIGHTPADDING", (2, 0), (2, -1), 2 * mm),
            ]
        )
    )
    return [
        CondPageBreak(75 * mm),
        KeepTogether(
            [
                *before,
                Spacer(1, 2 * mm),
                _heading(_("Notes"), styles),
                *body,
                Spacer(1, 4 * mm),
                _heading(_("Signatures"), styles),
                table,
            ]
        ),
    ]


def _story(report: PeriodReport, notes: str, logo: Path | None, zone: dt.tzinfo) -> list[Flowable]:
    styles = paragraph_styles()
    period = report.period
    previous = previous_name(period)
    compared = (
        _("Compared with the period before: {period}.").format(period=period_title(report.previous))
        if report.has_previous
        else _("This is the station's first period with visits: there is nothing to compare with.")
    )
    occupation_rows, occupation_total = _occupation_rows(report)
    service_rows, service_total = _count_rows(report, report.services_by_type)
    story: list[Flowable] = [
        _header(report, styles, logo, zone),
        Spacer(1, 4 * mm),
        _heading(_("Key figures"), styles),
        _figures(report, styles),
        Spacer(1, 1.2 * mm),
        Paragraph(escape(compared), styles.caption),
    ]
    days = [(d.day, d.value) for d in report.visits_by_day]
    story += _section(_("Visits per day"), [charts.visits_per_day_chart(days, WIDTH)], styles)
    story += _section(
        _("Busiest hours"), [charts.busiest_hours_chart(report.by_hour, WIDTH)], styles
    )
    occupations = [(c.label, c.value) for c in report.by_occupation]
    # Without any visit in either period a chart would be an empty frame: the table's
    # sentence says it alone.
    chart = (
        [
            charts.by_category_chart(occupations, WIDTH, empty_text=_("No visits in this period.")),
            Spacer(1, 2 * mm),
        ]
        if occupations
        else []
    )
    story += _section(
        _("Visits by occupation"),
        [
            *chart,
            data_table(
                [
                    Column(_("Occupation"), 3),
                    Column(_("Visits"), 1, Align.RIGHT),
                    Column(_("Share"), 1, Align.RIGHT),
                    Column(previous, 1, Align.RIGHT),
                    Column(_("Change"), 1, Align.RIGHT),
                ],
                occupation_rows,
                WIDTH,
                empty_text=_("No visits in this period."),
                emphasis=occupation_total,
            ),
        ],
        styles,
    )
    story += _section(
        _("Services by type"),
        [
            data_table(
                [
                    Column(_("Service"), 3),
                    Column(_("Times given"), 1.2, Align.RIGHT),
                    Column(previous, 1.2, Align.RIGHT),
                    Column(_("Change"), 1.2, Align.RIGHT),
                ],
                service_rows,
                WIDTH,
                empty_text=_("No services were recorded in this period."),
                emphasis=service_total,
            )
        ],
        styles,
    )
    story += _opening_section(report, styles)
    story += _stock_section(report, styles, zone)
    story += _self_check_section(report, styles)
    story += _activities_section(report, styles)
    story += _notes_and_signatures(notes, styles, _overdue_section(report, styles, zone))
    return story


def _running_header(report: PeriodReport) -> PageHook:
    """From page 2 on: whose report and which period, small, above a hairline."""

    def header(canvas: Canvas, page: PageInfo) -> None:
        if page.number == 1:
            return
        y = page.height - MARGINS.top + 8 * mm
        canvas.setFont(FONT, 8)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGINS.left, y, report.station_name)
        canvas.drawRightString(
            page.width - MARGINS.right,
            y,
            f"{document_title(report.period)} · {period_title(report.period)}",
        )
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGINS.left, y - 2.5 * mm, page.width - MARGINS.right, y - 2.5 * mm)

    return header


def period_report_pdf(
    report: PeriodReport,
    target: Path | IO[bytes],
    *,
    notes: str = "",
    logo: Path | None = None,
    zone: dt.tzinfo | None = None,
) -> int:
    """Lay ``report`` out on numbered A4 pages; returns the number of pages. Times are
    shown in ``zone``, the station's (its setting's default when None). ``logo`` (a picture
    file) goes at the top right; without one, the station's own (``report.logo``), else none.

    A path is written atomically (a temporary file, renamed when complete); a failure
    raises a translated ServiceError and leaves an older file of that name as it was.
    """
    register_fonts()
    story = _story(report, notes, logo if logo is not None else report.logo, zone or default_zone())
    title = f"{document_title(report.period)} {period_title(report.period)}"
    header = _running_header(report)
    if isinstance(target, (str, Path)):
        with atomic_output(Path(target)) as stream:
            return build_a4(
                story,
                stream,
                title=title,
                author=report.station_name,
                header=header,
                footer=standard_footer,
                margins=MARGINS,
            )
    return build_a4(
        story,
        target,
        title=title,
        author=report.station_name,
        header=header,
        footer=standard_footer,
        margins=MARGINS,
    )
