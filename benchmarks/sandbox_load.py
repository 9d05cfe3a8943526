"""Load on the local sandbox's server-token endpoint, beside bare aiohttp endpoints (the floor).

    python benchmarks/sandbox_load.py [--duration 10] [--rounds 2] [--concurrency 32]

Three servers, each in its own process (the client load never shares their loop), all on
127.0.0.1, measured in the same run, taking turns (``--rounds`` windows each, so a noisy
neighbour hurts them alike):

- ``bare``: an aiohttp endpoint answering a fixed JSON of the same size (the floor the target
  is measured against);
- ``bare+read``: the same, but it reads the request body first, as any real POST handler must;
- ``sandbox``: ``POST /partners/sandbox/v1/oauth/token`` of the real sandbox (validation,
  signed token, journal).

The client is this process: ``--concurrency`` aiohttp clients in a loop. Printed per server:
requests/s, p50/p99 latency, errors, the server's RSS at the start of its first window and the
end of its last (Linux /proc), its peak, and its CPU time per request (the figure the client
cannot skew). On Linux with 2+ CPUs the servers are pinned to CPU 0 and the client to CPU 1.
Target: the sandbox keeps at least 70% of ``bare``'s throughput and its memory stays flat.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import multiprocessing.synchronize
import os
import sys
import time
import uuid
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

import aiohttp
from aiohttp import web

TOKEN_PATH = "/partners/sandbox/v1/oauth/token"
KINDS = ("bare", "bare+read", "sandbox")
#: What the bare endpoints answer: the size and shape of a server token response.
FIXED = {
    "status": {"code": 1000, "description": "Success"},
    "data": {
        "accessToken": "x" * 140,
        "tokenType": "Bearer",
        "expiresIn": 1800,
        "expiresAt": 1_750_001_800,
    },
}


def _pin(cpu: int) -> None:
    """Keep a process on one CPU (Linux, 2+ CPUs) so servers and client do not trade places."""
    if hasattr(os, "sched_setaffinity") and (os.cpu_count() or 1) >= 2:
        os.sched_setaffinity(0, {cpu})


# --- the servers (child processes) ---------------------------------------------------------------


def _serve(kind: str, conn: Connection, stop: multiprocessing.synchronize.Event) -> None:
    _pin(0)
    asyncio.run(_serve_async(kind, conn, stop))


async def _serve_async(
    kind: str, conn: Connection, stop: multiprocessing.synchronize.Event
) -> None:
    loop = asyncio.get_running_loop()
    if kind == "sandbox":
        from scb_console.sandbox import SandboxConfig, SandboxServer

        server = SandboxServer(SandboxConfig.default())
        await server.start("127.0.0.1", 0)
        conn.send(server.port)
        await loop.run_in_executor(None, stop.wait)
        await server.stop()
        return

    read_body = kind == "bare+read"

    async def bare(request: web.Request) -> web.Response:
        if read_body:
            await request.read()
        return web.json_response(FIXED)

    app = web.Application()
    app.router.add_post(TOKEN_PATH, bare)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    conn.send(runner.addresses[0][1])
    await loop.run_in_executor(None, stop.wait)
    await runner.cleanup()


def _rss_mib(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _cpu_seconds(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


@dataclass
class Server:
    kind: str
    process: BaseProcess
    port: int
    stop: multiprocessing.synchronize.Event
    conn: Connection

    @property
    def pid(self) -> int:
        assert self.process.pid is not None
        return self.process.pid


def _start(kind: str) -> Server:
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe()
    stop = context.Event()
    process = context.Process(target=_serve, args=(kind, child, stop), daemon=True)
    process.start()
    child.close()
    if not parent.poll(30):
        process.kill()
        raise SystemExit(f"the {kind} server did not start")
    return Server(kind, process, parent.recv(), stop, parent)


def _stop(server: Server) -> None:
    server.stop.set()
    server.process.join(10)
    if server.process.is_alive():
        server.process.kill()
        server.process.join()
    server.conn.close()


# --- the client (this process) -----------------------------------------------------------------


@dataclass
class Result:
    kind: str
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    cpu: float = 0.0
    latencies: list[float] = field(default_factory=list)
    rss_first: float | None = None
    rss_last: float | None = None
    rss_peak: float | None = None

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def cpu_per_request_us(self) -> float | None:
        return self.cpu / self.requests * 1e6 if self.requests else None

    def percentile(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    def peak(self, rss: float | None) -> None:
        if rss is not None:
            self.rss_peak = rss if self.rss_peak is None else max(self.rss_peak, rss)


async def _window(
    server: Server, result: Result, *, concurrency: int, warmup: float, duration: float
) -> None:
    """One measured window of ``duration`` seconds after ``warmup``, added to ``result``."""
    from scb_console.sandbox import DEMO_API_KEY, DEMO_API_SECRET

    url = f"http://127.0.0.1:{server.port}{TOKEN_PATH}"
    body = {"applicationKey": DEMO_API_KEY, "applicationSecret": DEMO_API_SECRET}
    measuring = False
    end = time.perf_counter() + warmup + duration

    async def worker(session: aiohttp.ClientSession) -> None:
        while time.perf_counter() < end:
            headers = {"resourceOwnerId": DEMO_API_KEY, "requestUId": str(uuid.uuid4())}
            began = time.perf_counter()
            try:
                async with session.post(url, json=body, headers=headers) as response:
                    await response.read()
                    ok = response.status == 200
            except aiohttp.ClientError:
                ok = False
            done = time.perf_counter()
            if measuring and done <= end:
                if ok:
                    result.requests += 1
                    result.latencies.append(done - began)
                else:
                    result.errors += 1

    async def sampler() -> None:
        while time.perf_counter() < end:
            if measuring:
                result.peak(_rss_mib(server.pid))
            await asyncio.sleep(0.5)

    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        tasks = [asyncio.create_task(worker(session)) for _ in range(concurrency)]
        tasks.append(asyncio.create_task(sampler()))
        await asyncio.sleep(warmup)
        measuring = True
        rss = _rss_mib(server.pid)
        if result.rss_first is None:
            result.rss_first = rss
        cpu_before = _cpu_seconds(server.pid)
        await asyncio.gather(*tasks)
        result.rss_last = _rss_mib(server.pid)
        result.peak(result.rss_last)
        cpu_after = _cpu_seconds(server.pid)
    result.seconds += duration
    if cpu_before is not None and cpu_after is not None:
        result.cpu += cpu_after - cpu_before


def _fmt(value: float | None, spec: str) -> str:
    return "n/a" if value is None else format(value, spec)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--duration", type=float, default=10.0, help="seconds measured per server (default 10)"
    )
    parser.add_argument(
        "--rounds", type=int, default=2, help="windows per server, taking turns (default 2)"
    )
    parser.add_argument(
        "--warmup", type=float, default=0.5, help="seconds before each window (default 0.5)"
    )
    parser.add_argument(
        "--concurrency", type=int, default=32, help="concurrent clients (default 32)"
    )
    args = parser.parse_args(argv)
    if args.duration <= 0 or args.rounds <= 0 or args.warmup < 0 or args.concurrency <= 0:
        parser.error("--duration, --rounds and --concurrency must be above 0, --warmup >= 0")

    servers = [_start(kind) for kind in KINDS]
    _pin(1)
    results = {kind: Result(kind) for kind in KINDS}
    try:
        for _ in range(args.rounds):
            for server in servers:
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

    print(
        f"{args.concurrency} clients, {args.duration:g} s per server in {args.rounds} "
        f"window(s), python {sys.version.split()[0]}, aiohttp {aiohttp.__version__}, "
        f"{os.cpu_count()} CPUs"
    )
    header = (
        f"{'server':<10} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6} "
        f"{'RSS first':>10} {'RSS last':>10} {'RSS peak':>10} {'CPU us/req':>10}"
    )
    print(header)
    print("-" * len(header))
    for r in results.values():
        print(
            f"{r.kind:<10} {r.rate:>7.0f} {r.percentile(0.50):>7.2f} {r.percentile(0.99):>7.2f} "
            f"{r.errors:>6} {_fmt(r.rss_first, '>6.1f')} MiB {_fmt(r.rss_last, '>6.1f')} MiB "
            f"{_fmt(r.rss_peak, '>6.1f')} MiB {_fmt(r.cpu_per_request_us, '>10.0f')}"
        )
    bare, read, sandbox = (results[kind] for kind in KINDS)
    share = sandbox.rate / bare.rate if bare.rate else 0.0
    verdict = "meets" if share >= 0.70 else "MISSES"
    print(f"sandbox / bare throughput: {share:.0%} ({verdict} the 70% target)")
    if read.rate:
        print(f"sandbox / bare+read throughput: {sandbox.rate / read.rate:.0%}")
    if sandbox.rss_first is not None and sandbox.rss_last is not None:
        print(f"sandbox RSS over the run: {sandbox.rss_last - sandbox.rss_first:+.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
