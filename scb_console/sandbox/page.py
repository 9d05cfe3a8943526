"""The SCB Easy stand-in: a small HTML consent page (inline CSS, no JavaScript, no SCB logos)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Final

from scb_console.sandbox.model import SandboxCustomer
from scb_console.sandbox.state import Login

#: Sent with every page: nothing loads from anywhere, the page cannot be framed.
CONTENT_SECURITY_POLICY: Final = (
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'"
)

_STYLE: Final = """
:root { color-scheme: light dark; --accent: #0f766e; --accent-ink: #ffffff; --bg: #f3f5f7;
  --card: #ffffff; --ink: #1f2933; --muted: #5f6b76; --line: #d5dbe1; --bad: #b42318; }
@media (prefers-color-scheme: dark) { :root { --bg: #111619; --card: #1b2226; --ink: #e6eaed;
  --muted: #9aa6b0; --line: #33404a; --accent: #2dd4bf; --accent-ink: #06201d; --bad: #f97066; } }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink); line-height: 1.45;
  font: 16px/1.45 system-ui, -apple-system, "Segoe UI", "Noto Sans Thai", "Leelawadee UI",
  Tahoma, sans-serif; }
main { max-width: 28rem; margin: 0 auto; padding: 1.25rem 1rem 2rem; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 14px;
  padding: 1.25rem; }
.badge { display: inline-block; font-size: .78rem; letter-spacing: .02em; color: var(--accent);
  border: 1px solid var(--accent); border-radius: 999px; padding: .1rem .6rem; margin: 0 0 .8rem; }
h1 { font-size: 1.35rem; margin: 0 0 .4rem; }
p { margin: .3rem 0 .8rem; }
.meta { color: var(--muted); font-size: .85rem; margin: 0 0 1rem; word-break: break-all; }
fieldset { border: 0; padding: 0; margin: 0 0 1rem; }
legend { font-weight: 600; margin-bottom: .5rem; }
.customer { display: flex; gap: .7rem; align-items: flex-start; padding: .7rem .8rem;
  border: 1px solid var(--line); border-radius: 10px; margin-bottom: .5rem; cursor: pointer; }
.customer:has(input:checked) { border-color: var(--accent); }
.customer input { margin-top: .3rem; accent-color: var(--accent); }
.names { display: flex; flex-direction: column; }
.th { font-weight: 600; }
.small { color: var(--muted); font-size: .85rem; }
label.pin { display: block; font-weight: 600; margin-bottom: .35rem; }
input[type=password] { width: 100%; font-size: 1.4rem; letter-spacing: .4em; padding: .55rem .7rem;
  border: 1px solid var(--line); border-radius: 10px; background: transparent; color: inherit; }
.actions { display: flex; gap: .6rem; margin-top: 1.1rem; }
button { flex: 1; font: inherit; font-weight: 600; padding: .8rem; border-radius: 10px;
  border: 1px solid var(--accent); cursor: pointer; }
.primary { background: var(--accent); color: var(--accent-ink); }
.secondary { background: transparent; color: var(--accent); }
.error { color: var(--bad); border: 1px solid var(--bad); border-radius: 10px;
  padding: .6rem .8rem; }
footer { color: var(--muted); font-size: .78rem; text-align: center; margin-top: 1rem; }
"""


def _document(title: str, body: str) -> str:
    return (
        "<!doctype html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head>"
        f'<body><main><div class="card">{body}</div>'
        "<footer>SCB Console local sandbox: fictional customers, no real bank.</footer>"
        "</main></body></html>\n"
    )


def consent_page(
    login: Login,
    customers: Sequence[SandboxCustomer],
    *,
    action: str,
    error: str | None = None,
    selected: str | None = None,
) -> str:
    """The sign-in and consent form for one login; it posts to ``action``."""
    chosen = selected if any(c.id == selected for c in customers) else customers[0].id
    rows = []
    for customer in customers:
        checked = " checked" if customer.id == chosen else ""
        rows.append(
            '<label class="customer">'
            f'<input type="radio" name="customerId" value="{escape(customer.id)}"{checked}>'
            '<span class="names">'
            f'<span class="th" lang="th">{escape(customer.thai_name)}</span>'
            f"<span>{escape(customer.english_name)}</span>"
            f'<span class="small">{escape(customer.id)} · test PIN '
            f"<code>{escape(customer.pin)}</code></span>"
            "</span></label>"
        )
    problem = f'<p class="error" role="alert">{escape(error)}</p>' if error else ""
    body = (
        '<p class="badge">Local sandbox · SCB Easy stand-in</p>'
        "<h1>Sign in and approve</h1>"
        f"<p><strong>{escape(login.app_name)}</strong> asks to read your customer profile.</p>"
        f'<p class="meta">endState {escape(login.end_state)} · channel '
        f"{escape(login.response_channel)} · login {escape(login.id)}</p>"
        f"{problem}"
        f'<form method="post" action="{escape(action)}">'
        "<fieldset><legend>Test customer</legend>"
        f"{''.join(rows)}</fieldset>"
        '<label class="pin" for="pin">6-digit PIN</label>'
        '<input id="pin" name="pin" type="password" inputmode="numeric" pattern="[0-9]{6}" '
        'maxlength="6" autocomplete="off" required>'
        '<div class="actions">'
        '<button class="primary" type="submit" name="action" value="approve">Approve</button>'
        '<button class="secondary" type="submit" name="action" value="deny" formnovalidate>'
        "Deny</button></div></form>"
    )
    return _document("Sandbox sign-in", body)


def message_page(title: str, message: str) -> str:
    """A page that only says something (an unknown login, a locked one)."""
    body = (
        '<p class="badge">Local sandbox · SCB Easy stand-in</p>'
        f"<h1>{escape(title)}</h1><p>{escape(message)}</p>"
    )
    return _document(title, body)
