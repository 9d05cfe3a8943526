"""Load on the local sandbox's server-token endpoint, beside bare endpoints on the same HTTP server.

    python benchmarks/sandbox_load.py [--duration 60] [--rounds 6] [--concurrency 32]

Three servers, each in its own process, all on 127.0.0.1, measured in the same run and taking
turns (``--rounds`` windows each, the order reversed every round, so a noisy neighbour hurts
them alike):

- ``bare``: a handler on :class:`scb_console.infra.httpserver.HttpServer` (the sandbox's own
  server, asyncio + h11) answering a fixed, pre-encoded JSON of a token answer's size: the floor
  the target is measured against;
- ``bare+read``: the same, but it parses the JSON request body first (``request.json()``), as
  any real POST handler must (the server reads every body before the handler runs);
- ``sandbox``: ``POST /partners/sandbox/v1/oauth/token`` of the real sandbox (header and body
  validation, app check, a signed token, the journal).

The load generator is this process: ``--concurrency`` keep-alive HTTP/1.1 connections, each
sending one request (a fresh ``requestUId`` every time), reading the whole answer (framed by its
``Content-Length``; status 200 or it counts as an error) and sending the next. It is a minimal
asyncio protocol rather than an HTTP client library so that it costs a fraction of what a server
costs per request: the servers, not the client, set the pace. On Linux with 2+ CPUs the servers
run on the first CPU and the client on the second (``sched_setaffinity``).

Printed per server: requests/s, p50/p99 latency, errors, the server's CPU use (its own
``getrusage``, over exactly the measured windows) per request and as a share of its CPU, its
minor page faults per request (about 2 when glibc hands a large read buffer back to the OS on
every read, as asyncio's plain-Protocol 256 KiB reads did before HttpServer read into one reused
buffer: a heap-layout accident that added tens of microseconds of system time to whichever
server it hit; should it come back, it is the first thing to look at when a ratio jumps), and
its RSS before the first window, after the first window, after the last one and at its peak. Then
the ratios, by throughput and by CPU per request (what the throughput ratio would be if both
were limited by the server CPU alone), and PASS/FAIL against issue 3's targets: the sandbox keeps
at least 70% of ``bare``'s throughput, and its memory stays flat (RSS after the last window at
most 2 MiB above its RSS after the first) over the run (60 s of load by default).
Always exits 0: the verdict is in the output.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib.metadata
import json
import math
import multiprocessing
import multiprocessing.connection
import sys
import threading
import time
import uuid
from array import array
from dataclasses import dataclass, field
from multiprocessing.process import BaseProcess
from typing import Any

import _common

TOKEN_PATH = "/partners/sandbox/v1/oauth/token"
KINDS = ("bare", "bare+read", "sandbox")
TARGET_SHARE = 0.70
#: The sandbox's RSS may grow this much from the end of the first window to the end of the last.
FLAT_MIB = 2.0
#: What the bare endpoints answer: the size and shape of a server-token answer.
FIXED = {
    "status": {"code": 1000, "description": "Success"},
    "data": {
        "accessToken": "x" * 120,
        "tokenType": "Bearer",
        "expiresIn": 1800,
        "expiresAt": 1_750_001_800,
    },
}


# --- the servers (child processes) ---------------------------------------------------------------


def _serve(kind: str, conn: multiprocessing.connection.Connection) -> None:
    _common.pin(0)
    asyncio.run(_serve_async(kind, conn))


def _answer_commands(
    conn: multiprocessing.connection.Connection,
    loop: asyncio.AbstractEventLoop,
    stop: asyncio.Event,
) -> None:
    """The control thread: ``stats`` -> (cpu s, rss MiB, peak MiB, minor page faults);
    ``stop`` (or EOF) -> stop."""
    while True:
        try:
            command = conn.recv()
        except (EOFError, OSError):
            command = "stop"
        if command == "stats":
            conn.send(
                (
                    _common.self_cpu_seconds(),
                    _common.rss_mib(),
                    _common.peak_rss_mib(),
                    _minor_faults(),
                )
            )
            continue
        loop.call_soon_threadsafe(stop.set)
        return


async def _serve_async(kind: str, conn: multiprocessing.connection.Connection) -> None:
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    if kind == "sandbox":
        from scb_console.sandbox import SandboxConfig, SandboxServer

        server = SandboxServer(SandboxConfig.default())
        await server.start("127.0.0.1", 0)
        port = server.port
        cleanup = server.stop
    else:
        from scb_console.infra.httpserver import HttpServer, Request, Response

        read_body = kind == "bare+read"
        fixed = json.dumps(FIXED).encode()
        headers = (("Content-Type", "application/json; charset=utf-8"),)

        async def bare(request: Request) -> Response:
            if read_body:
                request.json()
            return Response(200, fixed, headers=headers)

        http = HttpServer(bare)
        port = await http.start("127.0.0.1", 0)
        cleanup = http.stop
    conn.send(port)
    threading.Thread(target=_answer_commands, args=(conn, loop, stop), daemon=True).start()
    await stop.wait()
    await cleanup()


def _minor_faults() -> int | None:
    """This process's minor page faults so far (None without ``resource``)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return None
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


@dataclass
class Server:
    kind: str
    process: BaseProcess
    port: int
    conn: multiprocessing.connection.Connection

    def stats(self) -> tuple[float | None, float | None, float | None, int | None]:
        self.conn.send("stats")
        cpu, rss, peak, faults = self.conn.recv()
        return cpu, rss, peak, faults


def _start(kind: str) -> Server:
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe()
    process = context.Process(target=_serve, args=(kind, child), daemon=True)
    process.start()
    child.close()
    if not parent.poll(60):
        process.kill()
        raise SystemExit(f"the {kind} server did not start")
    return Server(kind, process, parent.recv(), parent)


def _stop(server: Server) -> None:
    with contextlib.suppress(OSError):
        server.conn.send("stop")
    server.process.join(10)
    if server.process.is_alive():
        server.process.kill()
        server.process.join()
    server.conn.close()


# --- the load generator (this process) -----------------------------------------------------------


@dataclass
class Result:
    kind: str
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    server_cpu: float = 0.0
    server_faults: int | None = 0
    client_cpu: float = 0.0
    latencies: array[float] = field(default_factory=lambda: array("d"))
    rss_start: float | None = None
    rss_windows: list[float | None] = field(default_factory=list)
    rss_peak: float | None = None
    bad_sample: str | None = None

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def cpu_per_request_us(self) -> float | None:
        return self.server_cpu / self.requests * 1e6 if self.requests else None

    @property
    def faults_per_request(self) -> float | None:
        if self.server_faults is None or not self.requests:
            return None
        return self.server_faults / self.requests

    @property
    def cpu_share(self) -> float | None:
        return self.server_cpu / self.seconds if self.seconds else None


class _Load:
    """``concurrency`` connections in a send-answer-send loop until ``stop_at``."""

    def __init__(self, port: int, stop_at: float) -> None:
        from scb_console.sandbox import DEMO_API_KEY, DEMO_API_SECRET

        self.stop_at = stop_at
        body = json.dumps({"applicationKey": DEMO_API_KEY, "applicationSecret": DEMO_API_SECRET})
        self._body = body.encode()
        self._head = (
            f"POST {TOKEN_PATH} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Content-Type: application/json\r\nresourceOwnerId: {DEMO_API_KEY}\r\n"
            f"Content-Length: {len(self._body)}\r\nrequestUId: "
        )
        self.measuring = False
        self.ok = 0
        self.errors = 0
        self.latencies: array[float] = array("d")
        self.sample: bytes | None = None
        self.open = 0
        self.all_closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def request(self) -> bytes:
        return (self._head + str(uuid.uuid4()) + "\r\n\r\n").encode() + self._body

    def answered(self, began: float, status: int, body: bytes) -> None:
        done = time.perf_counter()
        if self.sample is None:
            self.sample = body
        if self.measuring:
            if status == 200:
                self.ok += 1
                self.latencies.append(done - began)
            else:
                self.errors += 1

    def closed(self, in_flight: bool) -> None:
        if in_flight and self.measuring:
            self.errors += 1
        self.open -= 1
        if self.open == 0 and not self.all_closed.done():
            self.all_closed.set_result(None)


class _Connection(asyncio.Protocol):
    def __init__(self, load: _Load) -> None:
        self.load = load
        self.buffer = bytearray()
        self.need: int | None = None  # bytes of the whole answer, once its head is in
        self.body_at = 0
        self.status = 0
        self.began = 0.0
        self.in_flight = False
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self.load.open += 1
        self.send()

    def send(self) -> None:
        assert self.transport is not None
        if time.perf_counter() >= self.load.stop_at:
            self.transport.close()
            return
        self.in_flight = True
        self.began = time.perf_counter()
        self.transport.write(self.load.request())

    def data_received(self, data: bytes) -> None:
        buffer = self.buffer
        buffer += data
        if self.need is None:
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = bytes(buffer[:end]).lower()
            self.status = int(head[9:12])
            at = head.find(b"\r\ncontent-length:")
            if at < 0:  # never from HttpServer (it frames every body): do not guess the framing
                assert self.transport is not None
                self.transport.close()
                return
            line_end = head.find(b"\r\n", at + 2)
            self.body_at = end + 4
            self.need = self.body_at + int(head[at + 17 : line_end if line_end > 0 else None])
        if len(buffer) < self.need:
            return
        body = bytes(buffer[self.body_at : self.need]) if self.load.sample is None else b""
        del buffer[: self.need]
        self.need = None
        self.in_flight = False
        self.load.answered(self.began, self.status, body)
        self.send()

    def connection_lost(self, exc: Exception | None) -> None:
        self.load.closed(self.in_flight)


async def _window(
    server: Server,
    result: Result,
    *,
    concurrency: int,
    warmup: float,
    duration: float,
) -> None:
    """One window: ``warmup`` seconds of load, then ``duration`` measured, added to ``result``."""
    loop = asyncio.get_running_loop()
    start = time.perf_counter()
    load = _Load(server.port, stop_at=start + warmup + duration)
    connections = [
        loop.create_connection(lambda: _Connection(load), "127.0.0.1", server.port)
        for _ in range(concurrency)
    ]
    await asyncio.gather(*connections)
    await asyncio.sleep(max(0.0, start + warmup - time.perf_counter()))
    cpu_before, _, _, faults_before = server.stats()
    client_before = _common.self_cpu_seconds()
    began = time.perf_counter()
    load.measuring = True
    await asyncio.sleep(max(0.0, start + warmup + duration - time.perf_counter()))
    load.measuring = False
    ended = time.perf_counter()
    client_after = _common.self_cpu_seconds()
    cpu_after, rss, peak, faults_after = server.stats()
    await asyncio.wait_for(load.all_closed, 30)

    result.requests += load.ok
    result.errors += load.errors
    result.seconds += ended - began
    result.latencies.extend(load.latencies)
    if cpu_before is not None and cpu_after is not None:
        result.server_cpu += cpu_after - cpu_before
    if faults_before is None or faults_after is None or result.server_faults is None:
        result.server_faults = None
    else:
        result.server_faults += faults_after - faults_before
    if client_before is not None and client_after is not None:
        result.client_cpu += client_after - client_before
    result.rss_windows.append(rss)
    if peak is not None:
        result.rss_peak = peak if result.rss_peak is None else max(result.rss_peak, peak)
    if result.bad_sample is None:
        result.bad_sample = _check_sample(server.kind, load.sample)


def _check_sample(kind: str, body: bytes | None) -> str | None:
    """Why the first answer of a window is not a token answer (None when it is)."""
    if body is None:
        return "no answer at all"
    try:
        payload: Any = json.loads(body)
        token = payload["data"]["accessToken"]
        code = payload["status"]["code"]
    except (ValueError, KeyError, TypeError):
        return f"not a token answer: {body[:120]!r}"
    if code != 1000 or not isinstance(token, str) or not token:
        return f"not a token answer: {body[:120]!r}"
    return None


# --- the run ------------------------------------------------------------------------------------


def _ratio(part: float | None, whole: float | None) -> float | None:
    if part is None or whole is None or not whole:
        return None
    return part / whole


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def report(results: dict[str, Result], args: argparse.Namespace, load_before: str) -> list[str]:
    """The printed table and verdicts, as lines."""
    lines = [
        f"sandbox_load: {args.concurrency} connections, {args.duration:g} s measured per server "
        f"in {args.rounds} window(s) (+{args.warmup:g} s warm-up each), HttpServer on h11 "
        f"{importlib.metadata.version('h11')}",
        f"{_common.machine_line()} (at start: {load_before})",
        f"pinned: servers on CPU {args.server_cpu}, client on CPU {args.client_cpu}"
        if args.server_cpu is not None
        else "not pinned (one CPU, or no affinity API)",
        "",
    ]
    rows = []
    for r in results.values():
        ordered = sorted(r.latencies)
        rows.append(
            [
                r.kind,
                f"{r.rate:.0f}",
                _common.fmt(_common.percentile(ordered, 0.50, ordered=True) * 1000, ".2f"),
                _common.fmt(_common.percentile(ordered, 0.99, ordered=True) * 1000, ".2f"),
                r.errors,
                _common.fmt(r.cpu_per_request_us, ".1f"),
                _percent(r.cpu_share),
                _common.fmt(r.faults_per_request, ".2f"),
                _common.fmt(r.rss_start, ".1f"),
                _common.fmt(r.rss_windows[0] if r.rss_windows else None, ".1f"),
                _common.fmt(r.rss_windows[-1] if r.rss_windows else None, ".1f"),
                _common.fmt(r.rss_peak, ".1f"),
            ]
        )
    lines += _common.table(
        [
            "server",
            "req/s",
            "p50 ms",
            "p99 ms",
            "errors",
            "CPU us/req",
            "CPU use",
            "faults/req",
            "RSS start",
            "RSS 1st win",
            "RSS end",
            "RSS peak",
        ],
        rows,
    )
    lines.append(
        "(RSS in MiB; CPU and minor page faults are the server process's own, over the measured "
        "windows; a server near 2 faults/req pays for memory handed back to the OS on every "
        "request, which skews its CPU per request)"
    )
    bare, read, sandbox = (results[kind] for kind in KINDS)
    client_share = _ratio(
        sum(r.client_cpu for r in results.values()), sum(r.seconds for r in results.values())
    )
    lines.append(f"load generator CPU use: {_percent(client_share)} of its CPU")
    lines.append("")

    share = _ratio(sandbox.rate, bare.rate)
    cpu_share = _ratio(bare.cpu_per_request_us, sandbox.cpu_per_request_us)
    share_ok = share is not None and share >= TARGET_SHARE
    cpu_ok = cpu_share is not None and cpu_share >= TARGET_SHARE
    lines.append(
        f"sandbox / bare throughput:        {_percent(share)}   target >= {TARGET_SHARE:.0%}: "
        f"{_common.verdict(share_ok)}"
    )
    lines.append(
        f"sandbox / bare by CPU per request: {_percent(cpu_share)}   target >= "
        f"{TARGET_SHARE:.0%}: {_common.verdict(cpu_ok)}"
    )
    lines.append(
        f"sandbox / bare+read: throughput {_percent(_ratio(sandbox.rate, read.rate))}, "
        f"by CPU per request "
        f"{_percent(_ratio(read.cpu_per_request_us, sandbox.cpu_per_request_us))}"
    )
    first = sandbox.rss_windows[0] if sandbox.rss_windows else None
    last = sandbox.rss_windows[-1] if sandbox.rss_windows else None
    if first is not None and last is not None:
        growth = last - first
        lines.append(
            f"sandbox memory over {sandbox.seconds:.0f} s of load: {growth:+.1f} MiB from the "
            f"first window to the last (windows: "
            f"{' '.join(_common.fmt(v, '.1f') for v in sandbox.rss_windows)} MiB)   "
            f"target flat (<= +{FLAT_MIB:g} MiB): {_common.verdict(growth <= FLAT_MIB)}"
        )
    else:
        lines.append("sandbox memory: n/a (no /proc)")
    for r in results.values():
        if r.bad_sample:
            lines.append(f"WARNING: {r.kind} answered {r.bad_sample}")
        if r.requests == 0:
            lines.append(f"WARNING: {r.kind} answered no request in the measured windows")
    lines.append(f"load average at the end: {_common.load_average()}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--duration",
        type=float,
        default=60.0,
        help="seconds measured per server, over all its windows (default 60)",
    )
    parser.add_argument(
        "--rounds", type=int, default=6, help="windows per server, taking turns (default 6)"
    )
    parser.add_argument(
        "--warmup", type=float, default=1.0, help="seconds of load before each window (default 1)"
    )
    parser.add_argument(
        "--concurrency", type=int, default=32, help="concurrent connections (default 32)"
    )
    args = parser.parse_args(argv)
    if not (args.duration > 0 and args.rounds > 0 and args.warmup >= 0 and args.concurrency > 0):
        parser.error("--duration, --rounds and --concurrency must be above 0, --warmup >= 0")
    if not math.isfinite(args.duration) or args.duration / args.rounds > 600:
        parser.error("keep each window at most 600 s")

    load_before = _common.load_average()
    servers = [_start(kind) for kind in KINDS]
    args.server_cpu = _common.usable_cpus()[0] if _common.can_pin() else None
    args.client_cpu = _common.pin(1)
    results = {kind: Result(kind) for kind in KINDS}
    try:
        for server in servers:
            results[server.kind].rss_start = server.stats()[1]
        for round_no in range(args.rounds):
            order = servers if round_no % 2 == 0 else servers[::-1]
            for server in order:
                asyncio.run(
                    _window(
                        server,
                        results[server.kind],
                        concurrency=args.concurrency,
                        warmup=args.warmup,
                        duration=args.duration / args.rounds,
                    )
                )
    finally:
        for server in servers:
            _stop(server)
    for line in report(results, args, load_before):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
