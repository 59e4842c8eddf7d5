"""The sub-commands' bodies: open the station, call a service, print the outcome."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path

from station_app.account_commands import attendant_add, attendant_list, attendant_reset_pin
from station_app.app import Station, open_station
from station_app.cli import EXIT_OK, EXIT_REFUSED, EXIT_UNUSABLE
from station_app.clock import Clock
from station_app.db.migrate import DatabaseProblem
from station_app.domain.periods import (
    Period,
    PeriodError,
    day_range,
    last_full_week,
    month_of,
    parse_month,
    parse_week,
)
from station_app.i18n import _
from station_app.services.errors import ServiceError
from station_app.services.views import CardView, CheckinStatus, WorkerInput


class TerminalProgress:
    """A one-line progress bar on stderr; silent when stderr is not a terminal."""

    def __init__(self) -> None:
        self._last = -1
        self._enabled = sys.stderr.isatty()

    def __call__(self, done: int, total: int, message: str = "") -> None:
        if not self._enabled:
            return
        percent = 100 if total <= 0 else min(100, done * 100 // total)
        if percent == self._last:
            return
        self._last = percent
        filled = percent // 4
        line = f"\r[{'#' * filled}{'.' * (25 - filled)}] {percent:3d}% {message}"
        sys.stderr.write(line[:100].ljust(100))
        if percent == 100:
            sys.stderr.write("\n")
        sys.stderr.flush()


def _demo(station: Station, args: argparse.Namespace) -> int:
    from station_app.services.demo import DemoService

    demo = DemoService(station.db)
    if args.if_empty and demo.has_visits():
        print(_("The station already has visits; demo data not added."))
        return EXIT_OK
    until = args.until or (station.clock.today() - dt.timedelta(days=1))
    summary = demo.fill(seed=args.seed, days=args.days, until=until, progress=TerminalProgress())
    print(
        _("Demo station ready: {workers} workers, {visits} visits, {services} services.").format(
            workers=summary.workers, visits=summary.visits, services=summary.services
        )
    )
    return EXIT_OK


def _worker_add(station: Station, args: argparse.Namespace) -> int:
    worker = station.workers.register(
        WorkerInput(
            display_name=args.name,
            occupation_code=args.occupation,
            phone=args.phone,
            employer=args.employer,
            union_member=args.member,
            wants_to_join=args.wants_to_join,
            consent=args.consent,
        )
    )
    print(
        _("Registered worker {id}: {name}, {occupation}.").format(
            id=worker.id, name=worker.display_name, occupation=worker.occupation_label
        )
    )
    return EXIT_OK


def _worker_list(station: Station, args: argparse.Namespace) -> int:
    workers = station.workers.find(args.query, include_inactive=args.all)
    if not workers:
        print(_("No workers found."))
    for worker in workers:
        columns = [
            str(worker.id),
            worker.display_name,
            worker.occupation_label,
            worker.phone_masked or "-",
            worker.card_no or "-",
        ]
        if not worker.active:
            columns.append(_("(deactivated)"))
        print("\t".join(columns))
    return EXIT_OK


def _worker_erase(station: Station, args: argparse.Namespace) -> int:
    if not args.yes:
        print(
            _(
                "Erasing worker {id} cannot be undone. Run the command again with --yes to confirm."
            ).format(id=args.worker_id),
            file=sys.stderr,
        )
        return EXIT_REFUSED
    station.workers.erase(args.worker_id)
    print(
        _("Worker {id} erased; their visits remain as anonymous counts.").format(id=args.worker_id)
    )
    return EXIT_OK


def _worker_export(station: Station, args: argparse.Namespace) -> int:
    path = station.workers.save_personal_data(args.worker_id, args.output)
    print(_("Worker {id}'s personal data saved to {path}").format(id=args.worker_id, path=path))
    return EXIT_OK


def _retention(station: Station, args: argparse.Namespace) -> int:
    years = station.settings["retention_years"]
    if not years:
        print(_("Retention is off (setting retention_years is 0); nothing was erased."))
        return EXIT_OK
    erased = station.workers.apply_retention()
    print(_("Workers not seen for {years} years erased: {n}.").format(years=years, n=erased))
    return EXIT_OK


def _print_card(card: CardView) -> None:
    print(_("Card {card_no} issued.").format(card_no=card.card_no))
    print(card.qr_text)


def _card_issue(station: Station, args: argparse.Namespace) -> int:
    _print_card(station.cards.issue(args.worker_id, expires_on=args.expires))
    return EXIT_OK


def _card_reissue(station: Station, args: argparse.Namespace) -> int:
    _print_card(station.cards.reissue(args.worker_id, reason=args.reason, expires_on=args.expires))
    return EXIT_OK


def _card_pdf(station: Station, args: argparse.Namespace) -> int:
    from station_app.reports.cards import card_sheet_pdf, single_card_pdf

    cards = station.cards.for_print(args.worker_ids)
    if args.single:
        if len(cards) != 1:
            print(_("--single prints exactly one worker's card."), file=sys.stderr)
            return EXIT_REFUSED
        written = single_card_pdf(cards[0], args.output)
    else:
        written = card_sheet_pdf(cards, args.output, progress=TerminalProgress())
    print(_("{n} card(s) saved to {path}").format(n=len(cards), path=written))
    return EXIT_OK


def _card_png(station: Station, args: argparse.Namespace) -> int:
    from station_app.reports.ecard import ecard_png

    cards = station.cards.for_print([args.worker_id])
    if not cards:
        print(
            _("Worker {id} has no valid card of this station to show.").format(id=args.worker_id),
            file=sys.stderr,
        )
        return EXIT_REFUSED
    print(_("E-card saved to {path}").format(path=ecard_png(cards[0], args.output)))
    return EXIT_OK


def _checkin(station: Station, args: argparse.Namespace) -> int:
    if (args.code is None) == (args.anonymous is None):
        print(_("Give either a card code or --anonymous CATEGORY, not both."), file=sys.stderr)
        return EXIT_REFUSED
    if args.anonymous is not None:
        result = station.checkin.anonymous(args.anonymous, args.count)
    else:
        result = station.checkin.scan(args.code)
    if result.status is CheckinStatus.REFUSED:
        print(result.message, file=sys.stderr)
        return EXIT_REFUSED
    print(result.message)
    return EXIT_OK


def read_text(path: Path) -> str:
    """A text file the user named (a key, a list), BOM or not; ServiceError if unreadable."""
    try:
        return path.read_bytes().decode("utf-8-sig", errors="replace")
    except OSError as exc:
        raise ServiceError(
            _("Could not read {path}: {error}").format(path=path, error=exc.strerror or exc)
        ) from exc


def _key_export(station: Station, args: argparse.Namespace) -> int:
    line = station.keyring.export_public_key()
    if args.output is None:
        print(line)
        return EXIT_OK
    try:
        args.output.write_text(line + "\n", encoding="utf-8")
    except OSError as exc:
        raise ServiceError(
            _("Could not write {path}: {error}").format(path=args.output, error=exc.strerror or exc)
        ) from exc
    print(
        _("This station's public key {key_id} was written to {path}.").format(
            key_id=line.split()[1], path=args.output
        )
    )
    return EXIT_OK


def _key_import(station: Station, args: argparse.Namespace) -> int:
    key = station.keyring.import_key(read_text(args.file), kind=args.kind)
    print(
        _("Key {key_id} ({owner}) is trusted now: cards it signed are accepted.").format(
            key_id=key.key_id, owner=key.owner or key.kind_label
        )
    )
    return EXIT_OK


def _key_list(station: Station, args: argparse.Namespace) -> int:
    for key in station.keyring.list_keys():
        print("\t".join([key.key_id, key.kind_label, key.owner]))
    return EXIT_OK


def _revocations_import(station: Station, args: argparse.Namespace) -> int:
    added = station.keyring.import_revocations(args.file)
    print(_("{n} withdrawn cards added from {file}.").format(n=added, file=args.file.name))
    return EXIT_OK


def _occupation_list(station: Station, args: argparse.Namespace) -> int:
    for entry in station.station.all_occupations():
        columns = [entry.code, entry.label]
        if not entry.active:
            columns.append(_("(hidden)"))
        print("\t".join(columns))
    return EXIT_OK


def _occupation_add(station: Station, args: argparse.Namespace) -> int:
    added = station.station.add_occupation(args.name)
    print(
        _("Added occupation category {label}, code {code}.").format(
            label=added.label, code=added.code
        )
    )
    return EXIT_OK


def _occupation_show_or_hide(station: Station, args: argparse.Namespace) -> int:
    active = args.action == "show"
    station.station.set_occupation_active(args.code, active)
    label = next(e.label for e in station.station.all_occupations() if e.code == args.code)
    message = (
        _("{label} is shown again on the check-in page.")
        if active
        else _("{label} is hidden. Past visits and registered workers keep it.")
    )
    print(message.format(label=label))
    return EXIT_OK


def _stock_list(station: Station, args: argparse.Namespace) -> int:
    items = station.inventory.items()
    if not items:
        print(_("No items yet."))
    for item in items:
        columns = [str(item.id), item.name, item.category_label, f"{item.stock} {item.unit}"]
        if item.on_loan:
            columns.append(_("{n} lent out").format(n=item.on_loan))
        if item.below_minimum:
            columns.append(_("below minimum ({n})").format(n=item.min_stock))
        print("\t".join(columns))
    return EXIT_OK


def _stock_receive(station: Station, args: argparse.Namespace) -> int:
    item = station.inventory.find(args.item)
    change = station.inventory.receive(
        item.id, args.quantity, donor=args.donor, expires_on=args.expires
    )
    print(
        _("Received {n} {unit} of {item}; {stock} in stock now.").format(
            n=args.quantity, unit=item.unit, item=item.name, stock=change.stock_after
        )
    )
    return EXIT_OK


def _stock_issue(station: Station, args: argparse.Namespace) -> int:
    item = station.inventory.find(args.item)
    change = station.inventory.issue(item.id, args.quantity)
    print(
        _("Issued {n} {unit} of {item}; {stock} left.").format(
            n=args.quantity, unit=item.unit, item=item.name, stock=change.stock_after
        )
    )
    return EXIT_OK


def _stock_count_sheet(station: Station, args: argparse.Namespace) -> int:
    from station_app.reports.count_sheet import count_sheet_pdf, default_name

    day = station.clock.today()
    target = args.output or station.paths.reports / default_name(day)
    profile = station.station.profile()
    lines = station.inventory.count_sheet()
    written = count_sheet_pdf(lines, target, station_name=profile.name if profile else "", day=day)
    print(_("Count sheet of {n} items saved to {path}").format(n=len(lines), path=written))
    return EXIT_OK


def _items_export(station: Station, args: argparse.Namespace) -> int:
    count = station.inventory.export_items(args.file)
    print(_("{n} items written to {path}.").format(n=count, path=args.file))
    return EXIT_OK


def _items_import(station: Station, args: argparse.Namespace) -> int:
    result = station.inventory.import_items(args.file)
    print(
        _("Items imported: {created} added, {updated} changed, {unchanged} unchanged.").format(
            created=result.created, updated=result.updated, unchanged=result.unchanged
        )
    )
    return EXIT_OK


def _report_period(args: argparse.Namespace, today: dt.date) -> Period:
    """The period a ``report`` command asks for; PeriodError (translated) if it makes no sense."""
    if args.action == "weekly":
        return parse_week(args.week) if args.week else last_full_week(today)
    if args.action == "monthly":
        return (
            parse_month(args.month)
            if args.month
            else month_of(today.replace(day=1) - dt.timedelta(days=1))
        )
    return day_range(args.start, args.end)


def _report(station: Station, args: argparse.Namespace) -> int:
    from station_app.reports.period_pdf import period_report_pdf
    from station_app.services.report_files import report_file_name

    try:
        period = _report_period(args, station.clock.today())
    except PeriodError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_REFUSED
    report = station.reports.period_report(period)
    target = args.output or station.paths.reports / report_file_name(report.station_code, period)
    period_report_pdf(report, target, notes=args.notes)
    print(_("Report saved to {path}").format(path=target))
    return EXIT_OK


def _sync(station: Station, args: argparse.Namespace) -> int:
    """Queue and deliver; the exit code is non-zero while any day is still waiting."""
    if args.status:
        status = station.sync.status()
        print(
            _("Waiting to be sent: {n} days {days}")
            .format(n=status.pending, days=" ".join(day.isoformat() for day in status.pending_days))
            .strip()
        )
        if status.last_error:
            print(status.last_error)
        return EXIT_OK if status.pending == 0 else EXIT_REFUSED
    outcome = station.sync.sync_now(TerminalProgress())
    print(outcome.message)
    sending = station.sync.status().mode != "off"
    return EXIT_OK if outcome.failed == 0 and sending else EXIT_REFUSED


def _backup(station: Station, args: argparse.Namespace) -> int:
    result = station.backups.back_up(args.to)
    if result.fallback:
        print(
            _("The backup folder {folder} is missing; the backup went to the data folder.").format(
                folder=station.backups.chosen_folder()
            ),
            file=sys.stderr,
        )
    print(_("Backup saved to {path}").format(path=result.path))
    if result.removed:
        print(_("Old backups removed: {n}").format(n=len(result.removed)))
    return EXIT_OK


def _restore(args: argparse.Namespace, clock: Clock) -> int:
    """Without opening the station: its database may be the damaged one being replaced."""
    from station_app.app import load_settings
    from station_app.config.logging_setup import configure_logging
    from station_app.config.paths import DataPaths
    from station_app.services.backups import BackupService

    paths = DataPaths(args.data_dir)
    try:
        paths.ensure()
        configure_logging(paths.logs, verbose=args.verbose)
    except OSError as exc:
        print(
            _("Cannot use the data folder {folder}: {error}").format(
                folder=args.data_dir, error=exc.strerror or exc
            ),
            file=sys.stderr,
        )
        return EXIT_UNUSABLE
    backups = BackupService(paths.database, paths.backups, load_settings(args.data_dir), clock)
    try:
        if not args.yes:
            info = backups.inspect(args.file)
            print(
                _(
                    "{path} is a good backup ({visits} visits, saved {when}). Restoring it "
                    "replaces the station's database; run the command again with --yes."
                ).format(path=info.path, visits=info.visits, when=f"{info.modified:%Y-%m-%d %H:%M}")
            )
            return EXIT_REFUSED
        result = backups.restore(args.file)
    except ServiceError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_REFUSED
    print(
        _("Restored {path} ({visits} visits).").format(
            path=result.restored.path, visits=result.restored.visits
        )
    )
    if result.previous is not None:
        print(_("The database it replaced is kept in {path}").format(path=result.previous))
    _note_restore(args, result.restored.path, clock)
    return EXIT_OK


def _note_restore(args: argparse.Namespace, source: Path, clock: Clock) -> None:
    """The restored file's audit trail says it was put back (on the command line)."""
    try:
        station = open_station(args.data_dir, verbose=args.verbose, clock=clock)
    except (DatabaseProblem, OSError):
        return  # the next start explains what is wrong
    try:
        station.audit.note_restored(source, "")
    finally:
        station.close()


Handler = Callable[[Station, argparse.Namespace], int]
# Keyed by the command and, for commands with actions, the action: "card issue".
HANDLERS: dict[str, Handler] = {
    "demo": _demo,
    "worker add": _worker_add,
    "worker list": _worker_list,
    "worker erase": _worker_erase,
    "worker export": _worker_export,
    "card issue": _card_issue,
    "card reissue": _card_reissue,
    "card pdf": _card_pdf,
    "card png": _card_png,
    "checkin": _checkin,
    "key export": _key_export,
    "key import": _key_import,
    "key list": _key_list,
    "revocations import": _revocations_import,
    "occupation list": _occupation_list,
    "occupation add": _occupation_add,
    "occupation hide": _occupation_show_or_hide,
    "occupation show": _occupation_show_or_hide,
    "stock list": _stock_list,
    "stock receive": _stock_receive,
    "stock issue": _stock_issue,
    "stock count-sheet": _stock_count_sheet,
    "items export": _items_export,
    "items import": _items_import,
    "report weekly": _report,
    "report monthly": _report,
    "report range": _report,
    "sync": _sync,
    "backup": _backup,
    "retention": _retention,
    "attendant list": attendant_list,
    "attendant add": attendant_add,
    "attendant reset-pin": attendant_reset_pin,
}


def handler_name(args: argparse.Namespace) -> str:
    action = getattr(args, "action", None)
    return f"{args.command} {action}" if action else str(args.command)


def run_command(args: argparse.Namespace, clock: Clock) -> int:
    if args.command == "hq":  # headquarters' own database, not a station's
        from station_app.hq.commands import run_hq_command

        return run_hq_command(args, clock)
    if args.command == "restore":
        return _restore(args, clock)
    try:
        station = open_station(args.data_dir, verbose=args.verbose, clock=clock)
    except DatabaseProblem as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_UNUSABLE
    except OSError as exc:
        print(
            _("Cannot use the data folder {folder}: {error}").format(
                folder=args.data_dir, error=exc.strerror or exc
            ),
            file=sys.stderr,
        )
        return EXIT_UNUSABLE
    try:
        return HANDLERS[handler_name(args)](station, args)
    except ServiceError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_REFUSED
    finally:
        station.close()
