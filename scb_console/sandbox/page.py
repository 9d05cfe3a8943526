"""The SCB Easy stand-in: a small HTML consent page (inline CSS, no JavaScript, no SCB logos).

The page speaks the browser's language: Thai when its ``Accept-Language`` prefers ``th``
(:func:`page_language`), English otherwise; the customers' names show in both scripts either way.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from scb_console.sandbox.model import SandboxCustomer
from scb_console.sandbox.state import (
    Login,
    LoginError,
    LoginLocked,
    LoginNotFound,
    UnknownCustomer,
    WrongPin,
)


def escape(text: str) -> str:
    """:func:`html.escape` (quotes too), imported when a page is first served: the ``html``
    package loads ``html.entities``, some 2 ms of the embedded sandbox's start, which runs
    while the console paints its first frame and holds the GIL as it does."""
    from html import escape as escape_html

    return escape_html(text, quote=True)


#: The page's words, per language (``en``: the default).
_TEXT: Final[dict[str, dict[str, str]]] = {
    "en": {
        "badge": "Local sandbox · SCB Easy stand-in",
        "heading": "Sign in and approve",
        "asks": "<strong>{app}</strong> asks to read your customer profile.",
        "meta": "endState {end_state} · channel {channel} · login {login}",
        "legend": "Test customer",
        "test_pin": "test PIN",
        "pin": "6-digit PIN",
        "approve": "Approve",
        "deny": "Deny",
        "title": "Sandbox sign-in",
        "footer": "SCB Console local sandbox: fictional customers, no real bank.",
        "locked_title": "Login locked",
        "not_found_title": "No such login",
        "cannot_title": "Cannot sign in",
    },
    "th": {
        "badge": "แซนด์บ็อกซ์ในเครื่อง · จำลอง SCB Easy",
        "heading": "เข้าสู่ระบบและอนุมัติ",
        "asks": "<strong>{app}</strong> ขอสิทธิ์อ่านข้อมูลโปรไฟล์ลูกค้าของคุณ",
        "meta": "endState {end_state} · ช่องทาง {channel} · login {login}",
        "legend": "ลูกค้าทดสอบ",
        "test_pin": "PIN ทดสอบ",
        "pin": "PIN 6 หลัก",
        "approve": "อนุมัติ",
        "deny": "ปฏิเสธ",
        "title": "เข้าสู่ระบบแซนด์บ็อกซ์",
        "footer": "แซนด์บ็อกซ์ในเครื่องของ SCB Console: ลูกค้าสมมติ ไม่ใช่ธนาคารจริง",
        "locked_title": "การเข้าสู่ระบบถูกล็อก",
        "not_found_title": "ไม่พบการเข้าสู่ระบบนี้",
        "cannot_title": "เข้าสู่ระบบไม่ได้",
    },
}


def page_language(accept_language: str | None) -> str:
    """``"th"`` when the browser's Accept-Language prefers Thai to English (by q-value, then
    order), else ``"en"``: ``th-TH,th;q=0.9,en;q=0.8`` -> th, ``en-US,en;q=0.9,th;q=0.5`` -> en."""
    best, best_q = "en", -1.0
    for part in (accept_language or "").split(",")[:32]:
        tag, _, params = part.strip().partition(";")
        code = tag.strip().lower()[:2]
        if code not in _TEXT:
            continue
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > best_q:
            best, best_q = code, q
    return best if best_q > 0 else "en"


def login_error_text(exc: LoginError, lang: str = "en") -> str:
    """What a failed approval says on the page, in ``lang``."""
    if lang != "th":
        return str(exc)
    if isinstance(exc, WrongPin):
        return f"PIN ไม่ถูกต้อง (เหลือโอกาสอีก {exc.attempts_left} ครั้ง)"
    if isinstance(exc, LoginLocked):
        return "การเข้าสู่ระบบนี้ถูกล็อก เนื่องจากใส่ PIN ผิดหลายครั้ง"
    if isinstance(exc, LoginNotFound):
        return "ไม่พบการเข้าสู่ระบบที่รออยู่: ไม่รู้จัก หมดอายุ หรือถูกตอบไปแล้ว"
    if isinstance(exc, UnknownCustomer):
        return "ไม่รู้จัก customerId นี้: โปรดเลือกลูกค้าของแซนด์บ็อกซ์"
    return str(exc)


def login_error_title(exc: LoginError, lang: str = "en") -> str:
    """The heading of the page that says why there is no consent form."""
    words = _TEXT.get(lang, _TEXT["en"])
    if isinstance(exc, LoginLocked):
        return words["locked_title"]
    if isinstance(exc, LoginNotFound):
        return words["not_found_title"]
    return words["cannot_title"]


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


def _document(title: str, body: str, lang: str = "en") -> str:
    words = _TEXT.get(lang, _TEXT["en"])
    return (
        "<!doctype html>\n"
        f'<html lang="{lang if lang in _TEXT else "en"}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head>"
        f'<body><main><div class="card">{body}</div>'
        f"<footer>{escape(words['footer'])}</footer>"
        "</main></body></html>\n"
    )


def consent_page(
    login: Login,
    customers: Sequence[SandboxCustomer],
    *,
    action: str,
    error: str | None = None,
    selected: str | None = None,
    lang: str = "en",
) -> str:
    """The sign-in and consent form for one login; it posts to ``action``. ``lang``: ``"en"``
    or ``"th"`` (see :func:`page_language`)."""
    words = _TEXT.get(lang, _TEXT["en"])
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
            f'<span class="small">{escape(customer.id)} · {escape(words["test_pin"])} '
            f"<code>{escape(customer.pin)}</code></span>"
            "</span></label>"
        )
    problem = f'<p class="error" role="alert">{escape(error)}</p>' if error else ""
    asks = words["asks"].format(app=escape(login.app_name))
    meta = words["meta"].format(
        end_state=escape(login.end_state),
        channel=escape(login.response_channel),
        login=escape(login.id),
    )
    body = (
        f'<p class="badge">{escape(words["badge"])}</p>'
        f"<h1>{escape(words['heading'])}</h1>"
        f"<p>{asks}</p>"
        f'<p class="meta">{meta}</p>'
        f"{problem}"
        f'<form method="post" action="{escape(action)}">'
        f"<fieldset><legend>{escape(words['legend'])}</legend>"
        f"{''.join(rows)}</fieldset>"
        f'<label class="pin" for="pin">{escape(words["pin"])}</label>'
        '<input id="pin" name="pin" type="password" inputmode="numeric" pattern="[0-9]{6}" '
        'maxlength="6" autocomplete="off" required>'
        '<div class="actions">'
        '<button class="primary" type="submit" name="action" value="approve">'
        f"{escape(words['approve'])}</button>"
        '<button class="secondary" type="submit" name="action" value="deny" formnovalidate>'
        f"{escape(words['deny'])}</button></div></form>"
    )
    return _document(words["title"], body, lang)


def message_page(title: str, message: str, lang: str = "en") -> str:
    """A page that only says something (an unknown login, a locked one)."""
    words = _TEXT.get(lang, _TEXT["en"])
    body = (
        f'<p class="badge">{escape(words["badge"])}</p>'
        f"<h1>{escape(title)}</h1><p>{escape(message)}</p>"
    )
    return _document(title, body, lang)
