"""Flow latency: the whole 3-legged flow through the engine, beside raw httpx calls doing the same.

    python benchmarks/flow_latency.py [--flows 200] [--warmup 10] [--sandbox embedded|process]

One flow is: authorize, the SCB Easy consent (the sandbox's ``POST /_sandbox/logins/<id>/approve``
as a test customer), reading the redirect, the code exchange, a refresh and the customer profile
call: five SCB calls and the approval, over real loopback HTTP to the local sandbox.

- ``engine``: :class:`~scb_console.core.client.SCBClient` (with an exchange log, as the console
  has) driven by a :class:`~scb_console.core.flow.UserFlow`: ``authorize()``, the approval,
  :func:`~scb_console.core.redirect.parse_redirect` + ``accept_redirect()``, ``exchange()``,
  ``refresh()``, then ``client.customer_profile(tokens)``.
- ``raw``: the same requests built by hand (the same headers, ``accept-language`` included, and
  the same bodies, ``state`` in the exchange included), the same approval, the redirect read
  with ``urllib.parse``, each answer checked for status 200 and its JSON fields read.

Both share one ``httpx.AsyncClient`` (the same settings, the same keep-alive pool) and take
turns flow by flow (the order swapped every flow), after ``--warmup`` unmeasured flows each.
The sandbox runs embedded (its own thread and loop in this process, as in the console) or, with
``--sandbox process``, as ``python -m scb_console.sandbox`` in a child process pinned to another
CPU (the engine's own cost then stands out from the server's).

Printed: per-flow p50, p99 and mean for each, and engine / raw for each figure.
Target (issue 7, benchmark 3): the engine's overhead at most 1.3 times (p50 and mean).
Always exits 0: the verdict is in the output.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import secrets
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import _common
import httpx

from scb_console.core import contract
from scb_console.core.client import SCBClient
from scb_console.core.exchange import ExchangeLog
from scb_console.core.flow import FlowState, UserFlow
from scb_console.core.models import Profile
from scb_console.core.redirect import parse_redirect
from scb_console.sandbox import DEMO_API_KEY, DEMO_API_SECRET, DEMO_CUSTOMERS, EmbeddedSandbox

TARGET_RATIO = 1.3
CUSTOMER = DEMO_CUSTOMERS[0]


@dataclass(frozen=True)
class Target:
    base_url: str  # .../partners/sandbox
    root_url: str  # http://127.0.0.1:<port>


# --- the sandbox ---------------------------------------------------------------------------------


@contextlib.contextmanager
def _embedded() -> Iterator[Target]:
    with EmbeddedSandbox() as sandbox:
        yield Target(sandbox.base_url, sandbox.root_url)


@contextlib.contextmanager
def _process() -> Iterator[Target]:
    command = [sys.executable, "-m", "scb_console.sandbox", "--json", "--quiet", "--port", "0"]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert child.stdout is not None
        first = child.stdout.readline()
        if not first:
            raise SystemExit(f"the sandbox did not start: {' '.join(command)}")
        info = json.loads(first)
        if _common.can_pin():
            os.sched_setaffinity(child.pid, {_common.usable_cpus()[0]})
        base = str(info["base_url"])
        yield Target(base, base.removesuffix(contract.SANDBOX_BASE_PATH))
    finally:
        child.terminate()
        try:
            child.wait(10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
        if child.stdout is not None:
            child.stdout.close()


# --- one flow, two ways --------------------------------------------------------------------------


async def _approve(http: httpx.AsyncClient, target: Target, login_id: str) -> str:
    """SCB Easy's consent as the sandbox's first test customer: the redirect URL."""
    response = await http.post(
        f"{target.root_url}/_sandbox/logins/{login_id}/approve",
        json={"customerId": CUSTOMER.id, "pin": CUSTOMER.pin},
    )
    if response.status_code != 200:
        raise RuntimeError(f"approve answered {response.status_code}: {response.text[:200]}")
    url = response.json()["redirectUrl"]
    assert isinstance(url, str)
    return url


class EngineFlow:
    """The flow through SCBClient + UserFlow, as the console runs it."""

    def __init__(self, http: httpx.AsyncClient, target: Target) -> None:
        self.http = http
        self.target = target
        profile = Profile(
            name="benchmark",
            environment=contract.Environment.LOCAL,
            api_key=DEMO_API_KEY,
            base_url=target.base_url,
        )
        self.log = ExchangeLog(max_records=1000)
        self.client = SCBClient(http, profile, DEMO_API_SECRET, log=self.log)

    async def run(self) -> None:
        flow = UserFlow(self.client)
        result = await flow.authorize()
        assert result.login_id is not None, result.deeplink
        redirect = await _approve(self.http, self.target, result.login_id)
        flow.accept_redirect(parse_redirect(redirect, expected_state=flow.expected_state))
        await flow.exchange()
        await flow.refresh()
        tokens = flow.tokens
        assert tokens is not None
        assert flow.state is FlowState.AUTHORIZED
        profile = await self.client.customer_profile(tokens)
        assert profile.raw, "an empty profile"
        await flow.wait_idle()


class RawFlow:
    """The same requests, built by hand, over the same httpx client."""

    def __init__(self, http: httpx.AsyncClient, target: Target) -> None:
        self.http = http
        self.target = target
        self.base = target.base_url

    @staticmethod
    def _data(response: httpx.Response, step: str) -> dict[str, Any]:
        if response.status_code != 200:
            raise RuntimeError(f"{step} answered {response.status_code}: {response.text[:200]}")
        payload = response.json()
        if payload["status"]["code"] != 1000:
            raise RuntimeError(f"{step} answered {payload['status']}")
        data = payload["data"]
        assert isinstance(data, dict)
        return data

    async def run(self) -> None:
        http, base = self.http, self.base
        state = secrets.token_urlsafe(16)
        response = await http.get(
            base + contract.PATH_AUTHORIZE,
            headers={
                "apikey": DEMO_API_KEY,
                "apisecret": DEMO_API_SECRET,
                "resourceOwnerId": DEMO_API_KEY,
                "requestUId": str(uuid.uuid4()),
                "response-channel": "mobile",
                "endState": "mobile_app",
                "accept-language": "EN",
                "state": state,
            },
        )
        deeplink = self._data(response, "authorize")["callbackUrl"]
        login_id = deeplink.rsplit("/", 1)[1]

        redirect = await _approve(http, self.target, login_id)
        query = parse_qs(urlsplit(redirect).query)
        if query.get("state") != [state] or "code" not in query:
            raise RuntimeError(f"unexpected redirect {redirect}")
        code = query["code"][0]

        response = await http.post(
            base + contract.PATH_TOKEN,
            headers={
                "content-type": "application/json",
                "resourceOwnerId": DEMO_API_KEY,
                "requestUId": str(uuid.uuid4()),
                "accept-language": "EN",
            },
            json={
                "applicationKey": DEMO_API_KEY,
                "applicationSecret": DEMO_API_SECRET,
                "authCode": code,
                "state": state,
            },
        )
        tokens = self._data(response, "exchange")
        owner = response.headers["resourceOwnerId"]
        refresh_token = tokens["refreshToken"]

        response = await http.post(
            base + contract.PATH_REFRESH,
            headers={
                "content-type": "application/json",
                "resourceOwnerId": DEMO_API_KEY,
                "requestUId": str(uuid.uuid4()),
                "accept-language": "EN",
            },
            json={
                "applicationKey": DEMO_API_KEY,
                "applicationSecret": DEMO_API_SECRET,
                "refreshToken": refresh_token,
            },
        )
        access_token = self._data(response, "refresh")["accessToken"]

        response = await http.get(
            base + contract.PATH_PROFILE,
            headers={
                "authorization": f"Bearer {access_token}",
                "resourceOwnerId": owner,
                "requestUId": str(uuid.uuid4()),
                "accept-language": "EN",
            },
        )
        assert self._data(response, "profile")["profile"], "an empty profile"


# --- the run ------------------------------------------------------------------------------------


@contextlib.asynccontextmanager
async def _http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=15.0) as http:
        yield http


async def _measure(
    flows: int, warmup: int, target: Target
) -> tuple[dict[str, list[float]], dict[str, float]]:
    times: dict[str, list[float]] = {"engine": [], "raw": []}
    cpu: dict[str, float] = {"engine": 0.0, "raw": 0.0}
    async with _http() as http:
        runners: dict[str, Callable[[], Awaitable[None]]] = {
            "engine": EngineFlow(http, target).run,
            "raw": RawFlow(http, target).run,
        }
        for _ in range(warmup):
            for run in runners.values():
                await run()
        for i in range(flows):
            order = ("engine", "raw") if i % 2 == 0 else ("raw", "engine")
            for name in order:
                cpu_before = time.process_time()
                began = time.perf_counter()
                await runners[name]()
                times[name].append(time.perf_counter() - began)
                cpu[name] += time.process_time() - cpu_before
    return times, cpu


def report(
    times: dict[str, list[float]], cpu: dict[str, float], args: argparse.Namespace, load: str
) -> list[str]:
    lines = [
        f"flow_latency: {args.flows} flows each (+{args.warmup} warm-up), sandbox "
        f"{args.sandbox}, httpx {httpx.__version__}",
        "one flow = authorize, approve, redirect, exchange, refresh, profile "
        "(5 SCB calls + the approval)",
        f"{_common.machine_line()} (at start: {load})",
        "",
    ]
    stats: dict[str, dict[str, float]] = {}
    for name, values in times.items():
        ordered = sorted(values)
        stats[name] = {
            "p50": _common.percentile(ordered, 0.50, ordered=True) * 1000,
            "p99": _common.percentile(ordered, 0.99, ordered=True) * 1000,
            "mean": _common.mean(ordered) * 1000,
            "cpu": cpu[name] / len(values) * 1000 if values else float("nan"),
        }
    engine, raw = stats["engine"], stats["raw"]
    ratio = {key: engine[key] / raw[key] if raw[key] else float("nan") for key in engine}
    rows = [
        [name, *(_common.fmt(stats[name][key], ".2f") for key in ("p50", "p99", "mean", "cpu"))]
        for name in ("engine", "raw")
    ]
    rows.append(
        [
            "engine / raw",
            *(_common.fmt(ratio[key], ".2f", "x") for key in ("p50", "p99", "mean", "cpu")),
        ]
    )
    lines += _common.table(["per flow", "p50 ms", "p99 ms", "mean ms", "CPU ms"], rows)
    cpu_note = "the sandbox's too" if args.sandbox == "embedded" else "this process only"
    lines.append(f"(CPU: this process's CPU time per flow, {cpu_note})")
    lines.append("")
    ok = ratio["p50"] <= TARGET_RATIO and ratio["mean"] <= TARGET_RATIO
    lines.append(
        f"engine overhead: {ratio['p50']:.2f}x at p50, {ratio['mean']:.2f}x on the mean   "
        f"target <= {TARGET_RATIO}x: {_common.verdict(ok)}"
    )
    lines.append(f"load average at the end: {_common.load_average()}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--flows", type=int, default=200, help="measured flows each (default 200)")
    parser.add_argument(
        "--warmup", type=int, default=10, help="unmeasured flows each first (default 10)"
    )
    parser.add_argument(
        "--sandbox",
        choices=("embedded", "process"),
        default="embedded",
        help="the sandbox on a thread of this process (default), or in a child process",
    )
    args = parser.parse_args(argv)
    if args.flows <= 0 or args.warmup < 0:
        parser.error("--flows must be above 0 and --warmup at least 0")
    load = _common.load_average()
    sandbox = _embedded if args.sandbox == "embedded" else _process
    with sandbox() as target:
        if args.sandbox == "process":
            _common.pin(1)
        times, cpu = asyncio.run(_measure(args.flows, args.warmup, target))
    for line in report(times, cpu, args, load):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
