"""The CLI's language: ``--lang th|en``, else the locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG).

The CLI is not Qt, so it shares the engine's mechanism (:mod:`scb_console.core.i18n`): the
English template is the message id, and :data:`CLI_TH` holds the Thai of the CLI's own error
and status lines (the engine's messages, SCB's refusals among them, come translated from
:mod:`scb_console.core.i18n_th`). ``--help`` texts stay English: argparse builds them before
any language is known, and developers read option names in English anyway.

Use :func:`tr` where a line for the person at the terminal is made::

    note(tr("profile {name!r} saved in {path}", name=name, path=path))
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

from scb_console.core import i18n as core_i18n

#: The option that picks the language (anywhere on the command line).
OPTION: Final = "--lang"
#: The languages the CLI speaks.
LANGUAGES: Final = core_i18n.LANGUAGES

CLI_TH: Final[dict[str, str]] = {
    # main
    "{prog}: error: {error}": "{prog}: ข้อผิดพลาด: {error}",
    "{prog}: interrupted": "{prog}: ถูกขัดจังหวะ",
    "{prog}: unexpected error: {kind}{detail} (run again with --debug for the traceback)": (
        "{prog}: ข้อผิดพลาดที่ไม่คาดคิด: {kind}{detail} (รันอีกครั้งพร้อม --debug เพื่อดู traceback)"
    ),
    "{prog}: the desktop console is not available in this build (scb_console.ui.app is "
    "missing); the terminal commands work: {prog} --help": (
        "{prog}: บิลด์นี้ไม่มีคอนโซลเดสก์ท็อป (ไม่มี scb_console.ui.app) แต่คำสั่งในเทอร์มินัลยังใช้ได้: {prog} --help"
    ),
    "{prog}: cannot start the desktop console: {error}": "{prog}: เปิดคอนโซลเดสก์ท็อปไม่ได้: {error}",
    "{prog}: cannot start the desktop console: {error} (Qt's system libraries may be missing)": (
        "{prog}: เปิดคอนโซลเดสก์ท็อปไม่ได้: {error} (อาจขาดไลบรารีระบบของ Qt)"
    ),
    "{prog}: the local sandbox is not available: {error}": (
        "{prog}: ใช้แซนด์บ็อกซ์ในเครื่องไม่ได้: {error}"
    ),
    "{prog}: --lang {value!r} is not one of: {choices}": (
        "{prog}: --lang {value!r} ไม่ใช่หนึ่งใน: {choices}"
    ),
    # argparse's own error lines (main.argparse_message) and the option types' (main.parse_*)
    "argument {arg}: invalid choice: {value} (choose from {choices})": (
        "อาร์กิวเมนต์ {arg}: ตัวเลือก {value} ไม่ถูกต้อง (เลือกจาก {choices})"
    ),
    "the following arguments are required: {args}": "ต้องระบุอาร์กิวเมนต์ต่อไปนี้: {args}",
    "unrecognized arguments: {args}": "ไม่รู้จักอาร์กิวเมนต์: {args}",
    "argument {arg}: expected one argument": "อาร์กิวเมนต์ {arg}: ต้องตามด้วยค่าหนึ่งค่า",
    "argument {arg}: expected at least one argument": ("อาร์กิวเมนต์ {arg}: ต้องตามด้วยค่าอย่างน้อยหนึ่งค่า"),
    "argument {arg}: invalid {kind} value: {value}": (
        "อาร์กิวเมนต์ {arg}: ค่า {kind} ไม่ถูกต้อง: {value}"
    ),
    "argument {arg}: not allowed with argument {other}": (
        "อาร์กิวเมนต์ {arg}: ใช้ร่วมกับอาร์กิวเมนต์ {other} ไม่ได้"
    ),
    "argument {arg}: ignored explicit argument {value}": ("อาร์กิวเมนต์ {arg}: ไม่รับค่า {value} ที่ระบุมา"),
    "argument {arg}: {detail}": "อาร์กิวเมนต์ {arg}: {detail}",
    "{text!r} is not WIDTHxHEIGHT (for example 1280x800)": (
        "{text!r} ไม่ใช่รูปแบบ WIDTHxHEIGHT (เช่น 1280x800)"
    ),
    "{text!r}: the size must be between {smallest} and {largest}": (
        "{text!r}: ขนาดต้องอยู่ระหว่าง {smallest} ถึง {largest}"
    ),
    "{text!r} is not a number": "{text!r} ไม่ใช่ตัวเลข",
    "{text!r}: give seconds between 0 and {limit:g}": "{text!r}: ระบุวินาทีระหว่าง 0 ถึง {limit:g}",
    "{text!r} is not NAME=VALUE": "{text!r} ไม่ใช่รูปแบบ NAME=VALUE",
    # the sandbox's option types (sandbox.cli)
    "{text!r} is not a whole number": "{text!r} ไม่ใช่จำนวนเต็ม",
    "{text!r} must be above 0": "{text!r} ต้องมากกว่า 0",
    "{text!r} is not a port number": "{text!r} ไม่ใช่หมายเลขพอร์ต",
    "{text!r} is not a port number (0 to 65535)": "{text!r} ไม่ใช่หมายเลขพอร์ต (0 ถึง 65535)",
    "{text!r} must be between 0 and 1": "{text!r} ต้องอยู่ระหว่าง 0 ถึง 1",
    "{text!r} is not a number of seconds": "{text!r} ไม่ใช่จำนวนวินาที",
    "{text!r} is not a whole number of ms": "{text!r} ไม่ใช่จำนวนเต็มของมิลลิวินาที",
    "{text!r} must be between 0 and 600000": "{text!r} ต้องอยู่ระหว่าง 0 ถึง 600000",
    "{text!r}: expected ENDPOINT:SETTING=VALUE with ENDPOINT one of {endpoints}": (
        "{text!r}: ต้องอยู่ในรูป ENDPOINT:SETTING=VALUE โดย ENDPOINT เป็นหนึ่งใน {endpoints}"
    ),
    "{text!r} must be a number above 0": "{text!r} ต้องเป็นตัวเลขที่มากกว่า 0",
    # console
    "warning: {message}": "คำเตือน: {message}",
    "{label}: {time} left": "{label}: เหลือ {time}",
    # tokens on stdin (common.parse_token_document, token refresh / call profile)
    "a refresh token": "refresh token",
    "an access token": "access token",
    "stdin starts with '{{' but is not valid JSON: expected {what}": (
        "stdin ขึ้นต้นด้วย '{{' แต่ไม่ใช่ JSON ที่ถูกต้อง: ต้องการ {what}"
    ),
    "stdin's JSON is not an object: expected {what}": ("JSON ใน stdin ไม่ใช่ออบเจกต์: ต้องการ {what}"),
    "the {field} on stdin is masked: run the first command with --reveal to pipe tokens": (
        "{field} ใน stdin ถูกปิดบังไว้: รันคำสั่งแรกพร้อม --reveal เพื่อส่งโทเค็นต่อทาง pipe"
    ),
    "no refresh token: pass it with --refresh-token-stdin or ${variable}, or keep one with "
    "`token user --profile NAME --keep`": (
        "ไม่มี refresh token: ส่งด้วย --refresh-token-stdin หรือ ${variable} "
        "หรือเก็บไว้ด้วย `token user --profile NAME --keep`"
    ),
    "no access token: pass it with --access-token-stdin or ${variable}, or keep one with "
    "`token user --profile NAME --keep`": (
        "ไม่มี access token: ส่งด้วย --access-token-stdin หรือ ${variable} "
        "หรือเก็บไว้ด้วย `token user --profile NAME --keep`"
    ),
    "no resourceOwnerId (the customer's id from the code exchange): pass --resource-owner-id "
    "ID or ${variable}": (
        "ไม่มี resourceOwnerId (รหัสลูกค้าที่ได้จากการแลกรหัส): ระบุด้วย --resource-owner-id ID "
        "หรือ ${variable}"
    ),
    # profiles' secrets (profiles_cmd)
    "API secret (hidden; empty to add it later): ": ("API secret (ซ่อนอยู่ เว้นว่างไว้เพื่อเพิ่มภายหลัง): "),
    "new API secret (hidden): ": "API secret ใหม่ (ซ่อนอยู่): ",
    "no API secret stored: add it with `scb-console profiles edit {name} --prompt-secret` (or "
    "--api-secret-stdin)": (
        "ยังไม่ได้เก็บ API secret: เพิ่มด้วย `scb-console profiles edit {name} --prompt-secret` "
        "(หรือ --api-secret-stdin)"
    ),
    "cannot store the API secret of {name!r}: {reason}. Nothing was saved; add the profile with "
    "--no-secret and give the secret when you use it ($SCB_CONSOLE_API_SECRET or "
    "--api-secret-stdin): it is never written to a file": (
        "เก็บ API secret ของ {name!r} ไม่ได้: {reason} จึงไม่ได้บันทึกอะไรไว้ "
        "โปรดเพิ่มโปรไฟล์ด้วย --no-secret แล้วระบุ secret ตอนใช้งาน "
        "($SCB_CONSOLE_API_SECRET หรือ --api-secret-stdin): secret จะไม่ถูกเขียนลงไฟล์"
    ),
    "the API secret of {name!r} was NOT stored: {reason}; give it when you use the profile "
    "($SCB_CONSOLE_API_SECRET or --api-secret-stdin)": (
        "ไม่ได้เก็บ API secret ของ {name!r}: {reason} โปรดระบุตอนใช้โปรไฟล์ "
        "($SCB_CONSOLE_API_SECRET หรือ --api-secret-stdin)"
    ),
    "a profile named {name!r} exists: change it with `scb-console profiles edit`": (
        "มีโปรไฟล์ชื่อ {name!r} อยู่แล้ว: แก้ไขด้วย `scb-console profiles edit`"
    ),
    # token
    "no answer": "ไม่มีคำตอบ",
    "{method} {url} -> {status}{code} in {ms} ms (requestUId {uid}){error}": (
        "{method} {url} -> {status}{code} ใน {ms} มิลลิวินาที (requestUId {uid}){error}"
    ),
    " code {code}": " รหัส {code}",
    "HTTP exchanges written to {path} (HAR 1.2, secrets masked)": (
        "เขียนการรับส่ง HTTP ไปที่ {path} แล้ว (HAR 1.2 ปิดบังข้อมูลลับ)"
    ),
    "the callback URL {url} is not on this machine, so nothing listens for the redirect here: "
    "paste the redirect URL (or the code) when you have it": (
        "callback URL {url} ไม่ได้อยู่บนเครื่องนี้ จึงไม่มีตัวรับรีไดเรกต์ที่นี่: "
        "เมื่อได้รีไดเรกต์แล้วให้วาง URL รีไดเรกต์ (หรือรหัส)"
    ),
    "--receiver-port {port} is not a port (0 to 65535)": (
        "--receiver-port {port} ไม่ใช่หมายเลขพอร์ต (0 ถึง 65535)"
    ),
    "waiting for the redirect": "รอรีไดเรกต์",
    "stdin was closed and nothing listens for the redirect: paste the redirect URL on stdin, "
    "or run without --no-receiver": (
        "stdin ถูกปิดและไม่มีตัวรับรีไดเรกต์: วาง URL รีไดเรกต์ทาง stdin หรือรันโดยไม่ใช้ --no-receiver"
    ),
    "no redirect arrived within {seconds} s: run the command again (--wait SECONDS allows "
    "longer)": ("ไม่มีรีไดเรกต์มาถึงภายใน {seconds} วินาที: รันคำสั่งใหม่ (--wait SECONDS เพื่อรอนานขึ้น)"),
    "cannot use that: {error}; paste the redirect URL or the code again": (
        "ใช้ข้อความนั้นไม่ได้: {error} โปรดวาง URL รีไดเรกต์หรือรหัสอีกครั้ง"
    ),
    "nothing listens for the redirect and stdin is closed: there is no way to take the "
    "redirect URL or code": ("ไม่มีตัวรับรีไดเรกต์และ stdin ถูกปิด: ไม่มีทางรับ URL รีไดเรกต์หรือรหัสได้"),
    "deeplink: {url}": "ดีปลิงก์: {url}",
    "authorize requestUId: {uid}": "requestUId ของ authorize: {uid}",
    "(this terminal cannot draw the QR code; open the deeplink instead)": (
        "(เทอร์มินัลนี้วาดคิวอาร์โค้ดไม่ได้ โปรดเปิดดีปลิงก์แทน)"
    ),
    "open the deeplink in SCB Easy (or scan the QR code), sign in and approve.": (
        "เปิดดีปลิงก์ใน SCB Easy (หรือสแกนคิวอาร์โค้ด) เข้าสู่ระบบและอนุมัติ"
    ),
    "listening for the redirect on {url}": "รอรับรีไดเรกต์ที่ {url}",
    "or paste the redirect URL (or the code) here and press Enter": (
        "หรือวาง URL รีไดเรกต์ (หรือรหัส) ที่นี่แล้วกด Enter"
    ),
    "the customer declined consent in SCB Easy: authorize again": (
        "ลูกค้าปฏิเสธการให้ความยินยอมใน SCB Easy: โปรดขออนุญาตใหม่"
    ),
    "code received: exchanging it for tokens": "ได้รับรหัสแล้ว: กำลังแลกเป็นโทเค็น",
    "tokens kept in the keyring under profile {name!r}": "เก็บโทเค็นไว้ในคีย์ริงภายใต้โปรไฟล์ {name!r} แล้ว",
    "kept tokens of profile {name!r} updated in the keyring": (
        "อัปเดตโทเค็นที่เก็บไว้ของโปรไฟล์ {name!r} ในคีย์ริงแล้ว"
    ),
    "the JSON on stdin has no {field}": "JSON ทาง stdin ไม่มี {field}",
    "stdin is empty: expected {what}": "stdin ว่างเปล่า: ต้องการ {what}",
    # common
    "use either --profile or the ad hoc options ({options}), not both": (
        "ใช้ --profile หรือตัวเลือกแบบเฉพาะกิจ ({options}) อย่างใดอย่างหนึ่ง ไม่ใช่ทั้งสองอย่าง"
    ),
    "say where to connect: --profile NAME, or --base-url URL and --api-key KEY": (
        "ระบุปลายทาง: --profile NAME หรือ --base-url URL ร่วมกับ --api-key KEY"
    ),
    "an ad hoc connection needs --api-key KEY (or use --profile NAME)": (
        "การเชื่อมต่อแบบเฉพาะกิจต้องมี --api-key KEY (หรือใช้ --profile NAME)"
    ),
    "{flag} was given but stdin had no {what} on its first line": (
        "ระบุ {flag} แล้ว แต่บรรทัดแรกของ stdin ไม่มี {what}"
    ),
    "profile {name!r} has none in the keyring ({reason})": (
        "โปรไฟล์ {name!r} ไม่มีค่านี้ในคีย์ริง ({reason})"
    ),
    "profile {name!r} has none stored": "โปรไฟล์ {name!r} ไม่ได้เก็บค่านี้ไว้",
    "an ad hoc connection takes it from the environment or stdin": (
        "การเชื่อมต่อแบบเฉพาะกิจรับค่านี้จากตัวแปรสภาพแวดล้อมหรือ stdin"
    ),
    "no API secret: {where}; set ${variable} or pass --api-secret-stdin": (
        "ไม่มี API secret: {where} โปรดตั้งค่า ${variable} หรือใช้ --api-secret-stdin"
    ),
    ", or store it with `scb-console profiles edit {name} --api-secret-stdin`": (
        " หรือเก็บไว้ด้วย `scb-console profiles edit {name} --api-secret-stdin`"
    ),
    "{what} needs a saved profile (--profile NAME) to keep tokens under": (
        "{what} ต้องใช้โปรไฟล์ที่บันทึกไว้ (--profile NAME) เพื่อเก็บโทเค็น"
    ),
    "cannot keep tokens: {reason} (tokens are never written to a file)": (
        "เก็บโทเค็นไม่ได้: {reason} (โทเค็นไม่เคยถูกเขียนลงไฟล์)"
    ),
    # profiles
    "API secret of {name!r} stored in {where}": "เก็บ API secret ของ {name!r} ไว้ใน {where} แล้ว",
    "--prompt-secret needs a terminal; use --api-secret-stdin instead": (
        "--prompt-secret ต้องใช้เทอร์มินัล โปรดใช้ --api-secret-stdin แทน"
    ),
    "no API secret was entered; nothing changed": "ไม่ได้กรอก API secret จึงไม่มีอะไรเปลี่ยนแปลง",
    "no profiles yet ({path}); add one with `scb-console profiles add NAME`": (
        "ยังไม่มีโปรไฟล์ ({path}) เพิ่มด้วย `scb-console profiles add NAME`"
    ),
    "secrets: {reason}": "ข้อมูลลับ: {reason}",
    "base URL: {url} (the local sandbox's default; --base-url to change)": (
        "Base URL: {url} (ค่าเริ่มต้นของแซนด์บ็อกซ์ในเครื่อง เปลี่ยนได้ด้วย --base-url)"
    ),
    "profile {name!r} saved in {path}": "บันทึกโปรไฟล์ {name!r} ไว้ใน {path} แล้ว",
    "a profile named {name!r} exists already": "มีโปรไฟล์ชื่อ {name!r} อยู่แล้ว",
    "profile {old!r} renamed to {new!r}": "เปลี่ยนชื่อโปรไฟล์ {old!r} เป็น {new!r} แล้ว",
    "keyring secrets (if any) stay under {name!r}: {reason}": (
        "ข้อมูลลับในคีย์ริง (ถ้ามี) ยังอยู่ภายใต้ {name!r}: {reason}"
    ),
    "API secret of {name!r} deleted from {where}": "ลบ API secret ของ {name!r} ออกจาก {where} แล้ว",
    "profile {name!r} removed from {path}": "ลบโปรไฟล์ {name!r} ออกจาก {path} แล้ว",
    "its keyring secrets (if any) were not touched: {reason}": (
        "ไม่ได้แตะต้องข้อมูลลับในคีย์ริง (ถ้ามี): {reason}"
    ),
    "its secrets were deleted from {where}": "ลบข้อมูลลับของโปรไฟล์นี้ออกจาก {where} แล้ว",
}

core_i18n.register("th", CLI_TH)


def tr(template: str, /, **params: object) -> str:
    """``template`` in the CLI's language, formatted with ``params``."""
    return core_i18n.tr(template, **params)


def split_language(argv: Sequence[str]) -> tuple[str | None, list[str]]:
    """``--lang X`` / ``--lang=X`` taken out of ``argv`` (wherever it is): ``(X, the rest)``."""
    rest: list[str] = []
    value: str | None = None
    items = list(argv)
    index = 0
    while index < len(items):
        item = items[index]
        if item == "--":  # everything after is an argument, not an option
            rest += items[index:]
            break
        if item == OPTION and index + 1 < len(items):
            value = items[index + 1]
            index += 2
            continue
        if item.startswith(OPTION + "="):
            value = item.split("=", 1)[1]
            index += 1
            continue
        rest.append(item)
        index += 1
    return value, rest


def setup(lang: str | None, environ: Mapping[str, str] | None = None) -> str:
    """Set the process's message language: ``lang`` (``--lang``), else the locale's; returns
    the code. ValueError (naming the choices) for a language the console does not speak."""
    code = (
        core_i18n.normalize_language(lang)
        if lang is not None
        else core_i18n.language_from_environment(environ)
    )
    return core_i18n.set_language(code)
