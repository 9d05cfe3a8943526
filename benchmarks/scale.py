"""Scale: the token inspector with 1,000 tokens and the exchange log with 100,000 entries.

    python benchmarks/scale.py [--tokens 1000] [--entries 100000] [--ticks 200]

Everything runs offscreen in one process, the widgets shown at 1280x800 (so the views really
paint the rows they show), on a FakeClock advanced one second per tick.

Token inspector (``TokenInspector``: table, detail pane and timeline):

- one countdown tick: ``TokenTableModel.on_tick`` (one ``dataChanged`` over the time columns)
  and the table's repaint of its visible rows, with ``--tokens`` tokens, beside the same with 10
  tokens (the baseline: a tick must cost what the visible rows cost, not what the table holds);
- ``TokenTableModel.on_tick`` alone;
- the whole inspector's tick (``TokenInspector.on_tick``: the table, the timeline, the detail
  pane) and ``processEvents``, which paints all of it.

Exchange log (``ExchangeLogPanel`` over an ``ExchangeLog``, records with unique bodies and
requestUIds like real ones):

- appending one entry (the table follows the newest row) at 10%, 50% and 100% of ``--entries``;
- filtering all entries by a word, and clearing the filter;
- memory per entry at 10%, 50% and 100%: Python's (tracemalloc, the records and the model) and
  the process's (RSS growth, Qt's side included) divided by the entries: flat means linear.

Targets: a tick under 2 ms (median), memory per entry flat (within 25% from 10% to 100%).
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
import tracemalloc
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from bare_window import memory_kb
from startup import load_line, print_table, verdict

TICK_TARGET_MS = 2.0
#: Memory per entry may drift this much between the smallest and the largest log.
LINEARITY_TOLERANCE = 0.25


def _timed(action: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return times


def _stats(times: list[float]) -> tuple[str, str, str]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return (f"{statistics.median(times):.2f} ms", f"{p95:.2f} ms", f"{max(times):.2f} ms")


def make_tokens(count: int, clock: Any) -> list[Any]:
    from scb_console.core.contract import Environment
    from scb_console.core.models import TokenKind, TokenSet

    tokens = []
    for index in range(count):
        user = index % 2 == 0
        tokens.append(
            TokenSet(
                kind=TokenKind.USER if user else TokenKind.SERVER,
                access_token=str(uuid.uuid4()),
                token_type="Bearer",
                expires_in=1800,
                expires_at=int(clock.wall()) + 1800,
                issued_mono=clock.monotonic() - (index % 1800),
                issued_wall=clock.wall() - (index % 1800),
                request_uid=str(uuid.uuid4()),
                profile_name=f"Profile {index % 7}",
                environment=Environment.LOCAL,
                base_url="http://127.0.0.1:8766/partners/sandbox",
                refresh_token=str(uuid.uuid4()) if user else None,
                refresh_expires_in=3600 if user else None,
                refresh_expires_at=int(clock.wall()) + 3600 if user else None,
                resource_owner_id="sb-customer-001" if user else None,
                skew=0.4,
            )
        )
    return tokens


def tick_costs(app: Any, count: int, ticks: int) -> dict[str, list[float]]:
    from scb_console.core.clock import FakeClock
    from scb_console.ui.inspector import TokenInspector

    clock = FakeClock()
    inspector = TokenInspector(clock)
    inspector.resize(1280, 800)
    for token in make_tokens(count, clock):
        inspector.add_token(token)
    inspector.show()
    for _ in range(5):
        app.processEvents()

    def tick() -> None:  # the model's tick for the rows on screen, as the inspector asks it,
        clock.advance(1)  # then the table repaints what that invalidated
        inspector.model.on_tick(inspector._rows_on_screen())
        app.processEvents()

    def whole() -> None:  # everything a tick updates: table, timeline, detail pane
        clock.advance(1)
        inspector.on_tick()
        app.processEvents()

    def model_tick() -> None:
        clock.advance(1)
        inspector.model.on_tick()

    whole()  # warm
    results = {
        "tick": _timed(tick, ticks),
        "whole": _timed(whole, ticks),
        "model": _timed(model_tick, ticks),
    }
    inspector.close()
    inspector.deleteLater()
    app.processEvents()
    return results


def make_record(seq: int) -> Any:
    from scb_console.core.exchange import ExchangeRecord

    uid = str(uuid.uuid4())
    step = ("server_token", "authorize", "exchange_code", "refresh", "customer_profile")[seq % 5]
    body = (
        '{"status": {"code": 1000, "description": "Success"}, "data": {"accessToken": '
        f'"{uid[:4]}…(36)", "tokenType": "Bearer", "expiresIn": 1800, '
        f'"expiresAt": {1_750_000_000 + seq}, "refreshToken": "{uid[4:8]}…(36)", '
        '"refreshExpiresIn": 3600}}'
    )
    return ExchangeRecord(
        seq=seq,
        started_wall=1_750_000_000.0 + seq,
        step=step,
        method="POST",
        url="http://127.0.0.1:8766/partners/sandbox/v1/oauth/token",
        request_headers=(
            ("content-type", "application/json"),
            ("resourceOwnerId", "l7xxsandbox0demo0key000000000000001"),
            ("requestUId", uid),
            ("accept-language", "EN"),
        ),
        request_body='{"applicationKey": "l7xx…(35)", "applicationSecret": "sand…(24)"}',
        status=200,
        response_headers=(
            ("content-type", "application/json"),
            ("date", "Sun, 15 Jun 2025 15:06:40 GMT"),
            ("requestUId", uid),
        ),
        response_body=body,
        duration_ms=3.5 + (seq % 50) / 10,
        request_uid=uid,
        scb_code=1000,
        error=None,
        profile_name="Local sandbox",
        environment="local",
    )


def _grow(log: Any, size: int, seq: int) -> int:
    while len(log) < size:
        seq += 1
        log.append(make_record(seq))
    return seq


def exchange_log_costs(app: Any, entries: int) -> dict[str, Any]:
    """Pass 1: append and filter timings, and RSS growth per entry; pass 2 (a fresh log, with
    tracemalloc, which would slow pass 1 down): Python bytes per entry."""
    from scb_console.core.exchange import ExchangeLog
    from scb_console.ui.exchange_view import ExchangeLogPanel

    marks = sorted({max(1, entries // 10), max(1, entries // 2), entries})

    def open_panel() -> tuple[Any, Any]:
        log = ExchangeLog()
        panel = ExchangeLogPanel(log)
        panel.resize(1280, 800)
        panel.show()
        app.processEvents()
        return log, panel

    def close_panel(panel: Any) -> None:
        panel.close()
        panel.deleteLater()
        app.processEvents()

    log, panel = open_panel()
    gc.collect()
    rss_base = memory_kb()["rss_kb"]
    rss: dict[int, float] = {}
    appends: dict[int, list[float]] = {}
    seq = 0
    for mark in marks:
        seq = _grow(log, mark, seq)
        app.processEvents()
        gc.collect()
        rss[mark] = (memory_kb()["rss_kb"] - rss_base) * 1024 / len(log)
        batch = iter([make_record(seq + 1 + i) for i in range(50)])
        seq += 50

        def append_one(batch: Any = batch) -> None:
            log.append(next(batch))
            app.processEvents()

        appends[mark] = _timed(append_one, 50)
    total = len(log)
    filter_on = _timed(lambda: (panel.set_filter_text("refresh"), app.processEvents()), 1)
    shown = panel.visible_row_count()
    filter_off = _timed(lambda: (panel.set_filter_text(""), app.processEvents()), 1)
    close_panel(panel)
    del log, panel
    gc.collect()

    log, panel = open_panel()
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    python: dict[int, float] = {}
    seq = 0
    for mark in marks:
        seq = _grow(log, mark, seq)
        app.processEvents()
        python[mark] = (tracemalloc.get_traced_memory()[0] - base) / len(log)
    tracemalloc.stop()
    close_panel(panel)
    memory = [(mark, python[mark], rss[mark]) for mark in marks]
    return {
        "memory": memory,
        "appends": appends,
        "filter_on": filter_on,
        "filter_off": filter_off,
        "shown": shown,
        "total": total,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--tokens", type=int, default=1000, help="tokens in the inspector")
    parser.add_argument("--entries", type=int, default=100_000, help="exchange log entries")
    parser.add_argument("--ticks", type=int, default=200, help="ticks to time")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    import scb_console.ui.qtfix  # noqa: F401  (before the GUI runs)
    from scb_console.ui.app import apply_appearance

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    apply_appearance(app, dark=False)
    print(f"Scale benchmark: {load_line()}")

    small = tick_costs(app, 10, args.ticks)
    large = tick_costs(app, args.tokens, args.ticks)
    tick_rows: list[list[object]] = []
    for label, results, key in (
        ("table tick + repaint of visible rows, 10 tokens (baseline)", small, "tick"),
        (f"table tick + repaint of visible rows, {args.tokens:,} tokens", large, "tick"),
        (f"TokenTableModel.on_tick alone, {args.tokens:,} tokens", large, "model"),
        ("whole inspector tick + processEvents, 10 tokens", small, "whole"),
        (f"whole inspector tick + processEvents, {args.tokens:,} tokens", large, "whole"),
    ):
        median, p95, worst = _stats(results[key])
        is_target = key == "tick" and results is large
        tick_rows.append(
            [
                label,
                median,
                p95,
                worst,
                f"< {TICK_TARGET_MS:g} ms" if is_target else "",
                verdict(statistics.median(results[key]) < TICK_TARGET_MS) if is_target else "",
            ]
        )
    print_table(
        f"One countdown tick ({args.ticks} ticks, the FakeClock advanced 1 s each)",
        ["what", "median", "p95", "max", "target", "result"],
        tick_rows,
    )

    costs = exchange_log_costs(app, args.entries)
    append_rows = [
        [f"append one entry at {mark:,} entries", *_stats(times)]
        for mark, times in costs["appends"].items()
    ]
    append_rows.append(
        [
            f"filter {costs['total']:,} entries by 'refresh' ({costs['shown']:,} shown)",
            f"{costs['filter_on'][0]:.1f} ms",
            "",
            "",
        ]
    )
    cleared = f"{costs['filter_off'][0]:.1f} ms"
    append_rows.append([f"clear the filter ({costs['total']:,} entries)", cleared, "", ""])
    print_table(
        "Exchange log: appending (table following the newest row) and filtering",
        ["what", "median", "p95", "max"],
        append_rows,
    )
    memory = costs["memory"]
    first, last = memory[0][1], memory[-1][1]
    drift = abs(last - first) / first if first else 0.0
    memory_rows: list[list[object]] = [
        [f"{mark:,} entries", f"{py:,.0f} B", f"{rss:,.0f} B"] for mark, py, rss in memory
    ]
    memory_rows.append(
        [
            f"Python bytes per entry, {memory[0][0]:,} -> {memory[-1][0]:,}",
            f"{drift:+.0%} drift",
            f"target within {LINEARITY_TOLERANCE:.0%}: {verdict(drift <= LINEARITY_TOLERANCE)}",
        ]
    )
    print_table(
        "Exchange log memory per entry (records + model + view)",
        ["log size", "Python (tracemalloc)", "process (RSS growth)"],
        memory_rows,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
