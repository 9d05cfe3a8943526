"""The engine's messages in Thai: English template -> Thai template (see :mod:`core.i18n`).

Terms follow ``docs/thai-glossary.md``: SCB's identifiers (requestUId, resourceOwnerId,
endState, response-channel, accept-language, expiresIn, API key, API secret, access token,
refresh token) stay as SCB and Thai developers write them; "authorization code" is รหัสอนุญาต,
"token" โทเค็น, "redirect" รีไดเรกต์, "sandbox" แซนด์บ็อกซ์. Every ``{field}`` of a template
appears in its translation (``core.i18n.register`` refuses one that does not).
"""

from __future__ import annotations

from typing import Final

ENGINE_TH: Final[dict[str, str]] = {
    # --- names the messages are made of -----------------------------------------------------
    # environments (contract.Environment.label)
    "Local sandbox": "แซนด์บ็อกซ์ในเครื่อง",
    "SCB sandbox": "แซนด์บ็อกซ์ SCB",
    "SCB UAT": "SCB UAT",
    "SCB production": "SCB ระบบจริง",
    "Custom": "กำหนดเอง",
    # what an exchange was for (envelope.Step.label)
    "server token request": "คำขอโทเค็นเซิร์ฟเวอร์",
    "authorize request": "คำขอ authorize",
    "code exchange": "การแลกรหัสอนุญาต",
    "token refresh": "การรีเฟรชโทเค็น",
    "customer profile call": "การเรียกโปรไฟล์ลูกค้า",
    "{step} request": "คำขอ {step}",
    # flow states (flow.FlowState.label)
    "Idle": "พร้อม",
    "Awaiting consent": "รอความยินยอม",
    "Code received": "ได้รับรหัสแล้ว",
    "Exchanging": "กำลังแลกรหัส",
    "Authorized": "ได้รับอนุญาตแล้ว",
    "Refreshing": "กำลังรีเฟรช",
    "Code expired": "รหัสหมดอายุ",
    "Token expired": "โทเค็นหมดอายุ",
    "Refresh expired": "refresh token หมดอายุ",
    "Denied": "ถูกปฏิเสธ",
    "Failed": "ล้มเหลว",
    "Cancelled": "ยกเลิกแล้ว",
    # JSON types and expectations (envelope)
    "a boolean": "ค่าบูลีน",
    "an integer": "จำนวนเต็ม",
    "a number with a fraction": "ตัวเลขทศนิยม",
    "a string": "สตริง",
    "an array": "อาร์เรย์",
    "an object": "อ็อบเจกต์",
    "an object with code and description": "อ็อบเจกต์ที่มี code และ description",
    "a non-empty string": "สตริงที่ไม่ว่าง",
    "an integer ({what})": "จำนวนเต็ม ({what})",
    "seconds, > 0": "วินาที มากกว่า 0",
    "epoch seconds": "วินาทีนับจาก epoch",
    "profile {name!r}": "โปรไฟล์ {name!r}",
    " or ": " หรือ ",
    # --- SCB's error answers (envelope._api_message) -------------------------------------------
    "SCB refused the access token ({tag}): it has expired, was revoked or is not valid; "
    "refresh it or authorize again": "SCB ปฏิเสธ access token ({tag}): โทเค็นหมดอายุ ถูกเพิกถอน "
    "หรือไม่ถูกต้อง โปรดรีเฟรชหรือขออนุญาตใหม่",
    "SCB refused the API key or secret ({tag}): check the API key and secret of {profile}": (
        "SCB ปฏิเสธ API key หรือ API secret ({tag}): ตรวจสอบ API key และ API secret ของ{profile}"
    ),
    "SCB refused the authorization code ({tag}): it is invalid, expired (a code lives {ttl} s) "
    "or already used; start again at authorize": "SCB ปฏิเสธรหัสอนุญาต ({tag}): รหัสไม่ถูกต้อง "
    "หมดอายุ (รหัสมีอายุ {ttl} วินาที) หรือถูกใช้ไปแล้ว โปรดเริ่มใหม่ที่ขั้นขออนุญาต",
    "SCB refused the refresh token ({tag}): it has expired or is no longer valid; authorize "
    "again": "SCB ปฏิเสธ refresh token ({tag}): โทเค็นหมดอายุหรือใช้ไม่ได้แล้ว โปรดขออนุญาตใหม่",
    "SCB refused the access token ({tag}): it has expired or is not valid; refresh it or "
    "authorize again": "SCB ปฏิเสธ access token ({tag}): โทเค็นหมดอายุหรือไม่ถูกต้อง "
    "โปรดรีเฟรชหรือขออนุญาตใหม่",
    "SCB refused a temporary token on the {label} ({tag})": (
        "SCB ปฏิเสธโทเค็นชั่วคราวใน{label} ({tag})"
    ),
    "SCB says a required header or credential is missing on the {label} ({tag}): check the "
    "API key and secret of {profile}; if they are set, report this with the requestUId": (
        "SCB แจ้งว่า{label}ขาดเฮดเดอร์หรือข้อมูลรับรองที่จำเป็น ({tag}): ตรวจสอบ API key และ "
        "API secret ของ{profile} หากกรอกครบแล้ว โปรดแจ้งปัญหานี้พร้อม requestUId"
    ),
    "SCB refused access to the customer profile ({tag}): it needs the user token of this "
    "customer (not a server token) with the resourceOwnerId of its code exchange": (
        "SCB ปฏิเสธการเข้าถึงโปรไฟล์ลูกค้า ({tag}): ต้องใช้โทเค็นผู้ใช้ของลูกค้ารายนี้ "
        "(ไม่ใช่โทเค็นเซิร์ฟเวอร์) พร้อม resourceOwnerId จากการแลกรหัสของโทเค็นนั้น"
    ),
    "SCB refused access on the {label} ({tag}): the application of {profile} may not be "
    "allowed this API; check its products on SCB's developer portal": (
        "SCB ปฏิเสธการเข้าถึงใน{label} ({tag}): แอปพลิเคชันของ{profile}อาจไม่ได้รับสิทธิ์ใช้ "
        "API นี้ โปรดตรวจสอบผลิตภัณฑ์ของแอปบน SCB Developer Portal"
    ),
    "SCB does not support this response channel ({tag}): check the response-channel of "
    "{profile} ({channels})": (
        "SCB ไม่รองรับช่องทางตอบกลับนี้ ({tag}): ตรวจสอบ response-channel ของ{profile} ({channels})"
    ),
    "SCB rejected the parameters of the {label} ({tag}): check the response-channel, endState, "
    "redirectOption and partner query of {profile}": (
        "SCB ปฏิเสธพารามิเตอร์ของ{label} ({tag}): ตรวจสอบ response-channel, endState, "
        "redirectOption และคิวรีพาร์ทเนอร์ของ{profile}"
    ),
    "SCB rejected the parameters of the {label} ({tag}): check the API key and secret of "
    "{profile} and what was sent (see the exchange log)": (
        "SCB ปฏิเสธพารามิเตอร์ของ{label} ({tag}): ตรวจสอบ API key และ API secret ของ{profile} "
        "และสิ่งที่ส่งไป (ดูบันทึกการรับส่ง)"
    ),
    "SCB found no such record on the {label} ({tag})": "SCB ไม่พบข้อมูลที่ร้องขอใน{label} ({tag})",
    "SCB rejected the HTTP method or content type of the {label} ({tag}): a bug in SCB Console "
    "or a proxy in between; report it with the requestUId": (
        "SCB ปฏิเสธ HTTP method หรือ content type ของ{label} ({tag}): อาจเป็นบั๊กของ SCB "
        "Console หรือพร็อกซีที่อยู่ระหว่างทาง โปรดแจ้งพร้อม requestUId"
    ),
    "SCB had a server-side error on the {label} ({tag}, HTTP {status}): try again later; if "
    "it persists, give SCB support the requestUId": (
        "เกิดข้อผิดพลาดฝั่งเซิร์ฟเวอร์ของ SCB ใน{label} ({tag}, HTTP {status}): โปรดลองใหม่ภายหลัง "
        "หากยังเกิดซ้ำ ให้แจ้ง requestUId กับฝ่ายสนับสนุนของ SCB"
    ),
    "SCB refused the {label} with HTTP {status} ({tag})": (
        "SCB ปฏิเสธ{label}ด้วย HTTP {status} ({tag})"
    ),
    # --- answers that are not SCB's envelope (malformed) ----------------------------------------
    "SCB's answer to the {label} (HTTP {status}) {problem}": (
        "คำตอบของ SCB ต่อ{label} (HTTP {status}) {problem}"
    ),
    "; it begins: {text}": " โดยขึ้นต้นว่า: {text}",
    "is malformed: {path} is missing ({expected} expected)": (
        "มีรูปแบบผิด: ไม่มี {path} (ต้องเป็น{expected})"
    ),
    "is malformed: {path} is {kind}{preview}, expected {expected}": (
        "มีรูปแบบผิด: {path} เป็น{kind}{preview} แต่ต้องเป็น{expected}"
    ),
    "is malformed: {path} is {value}, outside {low}..{high} ({what})": (
        "มีรูปแบบผิด: {path} มีค่า {value} อยู่นอกช่วง {low}..{high} ({what})"
    ),
    "is over the {size} KiB size cap; the console stopped reading it": (
        "ใหญ่เกินขีดจำกัด {size} KiB คอนโซลจึงหยุดอ่าน"
    ),
    "has an empty body instead of SCB's JSON envelope": (
        "มีบอดี้ว่างเปล่า แทนที่จะเป็น JSON envelope ของ SCB"
    ),
    "is an HTML page, not SCB's JSON envelope (a proxy, gateway or wrong base URL?)": (
        "เป็นหน้า HTML ไม่ใช่ JSON envelope ของ SCB (อาจเป็นพร็อกซี เกตเวย์ หรือ Base URL ผิด)"
    ),
    "is not JSON{kind}": "ไม่ใช่ JSON{kind}",
    "is JSON but not SCB's envelope: the top level is {kind}, expected an object with status "
    "and data": (
        "เป็น JSON แต่ไม่ใช่ envelope ของ SCB: ระดับบนสุดเป็น{kind} แต่ต้องเป็นอ็อบเจกต์ที่มี status และ data"
    ),
    "SCB's answer to the {label} could not be decoded ({reason})": (
        "ถอดรหัสคำตอบของ SCB ต่อ{label}ไม่ได้ ({reason})"
    ),
    # --- the network (envelope.transport_error) --------------------------------------------------
    "Could not connect to {where} within {timeout:g} s for the {label}; the request was not "
    "sent": "เชื่อมต่อ {where} ไม่ได้ภายใน {timeout:g} วินาทีสำหรับ{label} คำขอจึงไม่ได้ถูกส่ง",
    "No free connection to {where} within {timeout:g} s for the {label}; the request was not "
    "sent": "ไม่มีการเชื่อมต่อว่างไปยัง {where} ภายใน {timeout:g} วินาทีสำหรับ{label} คำขอจึงไม่ได้ถูกส่ง",
    "{where} did not answer the {label} within {timeout:g} s; the request may have been "
    "processed server-side": "{where} ไม่ตอบ{label}ภายใน {timeout:g} วินาที "
    "คำขออาจถูกประมวลผลที่ฝั่งเซิร์ฟเวอร์แล้ว",
    "TLS with {where} failed ({reason}): the server's certificate could not be verified; SCB "
    "Console never turns verification off": (
        "TLS กับ {where} ล้มเหลว ({reason}): ตรวจสอบใบรับรองของเซิร์ฟเวอร์ไม่ผ่าน "
        "SCB Console ไม่ปิดการตรวจสอบใบรับรองเด็ดขาด"
    ),
    "Cannot resolve the host of {where} (DNS): check the base URL and the network": (
        "หาโฮสต์ของ {where} ไม่พบ (DNS): ตรวจสอบ Base URL และเครือข่าย"
    ),
    " (is the local sandbox running?)": " (แซนด์บ็อกซ์ในเครื่องทำงานอยู่หรือไม่)",
    "; check the base URL and the network": " โปรดตรวจสอบ Base URL และเครือข่าย",
    "Connection to {where} refused: nothing is listening there{hint}": (
        "การเชื่อมต่อไปยัง {where} ถูกปฏิเสธ: ไม่มีบริการใดรอรับอยู่{hint}"
    ),
    "Could not connect to {where} ({reason}): check the base URL and the network": (
        "เชื่อมต่อ {where} ไม่ได้ ({reason}): ตรวจสอบ Base URL และเครือข่าย"
    ),
    "Cannot send the {label} to {url!r} ({reason}): check the base URL": (
        "ส่ง{label}ไปยัง {url!r} ไม่ได้ ({reason}): ตรวจสอบ Base URL"
    ),
    "{where} answered the {label} with something that is not HTTP ({reason}); the request may "
    "have been processed server-side": "{where} ตอบ{label}ด้วยข้อมูลที่ไม่ใช่ HTTP ({reason}) "
    "คำขออาจถูกประมวลผลที่ฝั่งเซิร์ฟเวอร์แล้ว",
    "{where} closed the connection during the {label} before answering ({reason}); the request "
    "may have been processed server-side": "{where} ปิดการเชื่อมต่อระหว่าง{label}ก่อนตอบ "
    "({reason}) คำขออาจถูกประมวลผลที่ฝั่งเซิร์ฟเวอร์แล้ว",
    # --- the flow (flow.UserFlow's events and refusals) ---------------------------------------
    "authorize": "ขออนุญาต",
    "take a redirect": "รับรีไดเรกต์",
    "exchange": "แลกรหัส",
    "refresh": "รีเฟรช",
    "auto-refresh": "รีเฟรชอัตโนมัติ",
    "the code is being exchanged: wait for the answer or cancel": ("กำลังแลกรหัสอยู่: รอคำตอบหรือยกเลิก"),
    "a refresh is in progress: wait for the answer or cancel": "กำลังรีเฟรชอยู่: รอคำตอบหรือยกเลิก",
    "cannot {action} now: {reason}": "ยัง{action}ตอนนี้ไม่ได้: {reason}",
    "an authorize request is already on its way": "มีคำขอ authorize กำลังส่งอยู่แล้ว",
    "authorize failed: {err}": "ขออนุญาตไม่สำเร็จ: {err}",
    "open the link in SCB Easy (or scan the QR code), sign in and approve; then the redirect "
    "arrives here, or paste it": "เปิดลิงก์ใน SCB Easy (หรือสแกนคิวอาร์โค้ด) เข้าสู่ระบบและอนุมัติ "
    "จากนั้นรีไดเรกต์จะมาถึงที่นี่ หรือวางรีไดเรกต์เอง",
    "the customer declined consent in SCB Easy": "ลูกค้าปฏิเสธการให้ความยินยอมใน SCB Easy",
    "{denied}: authorize again": "{denied}: โปรดขออนุญาตใหม่",
    "the redirect says status {status!r} but carries no code": (
        "รีไดเรกต์มี status {status!r} แต่ไม่มีรหัส"
    ),
    "code {code} received: exchange it within {left}": "ได้รับรหัส {code} แล้ว: แลกรหัสภายใน {left}",
    "no authorization code to exchange: authorize, approve in SCB Easy, then take the redirect "
    "(or paste it)": "ไม่มีรหัสอนุญาตให้แลก: ขออนุญาต อนุมัติใน SCB Easy แล้วรับรีไดเรกต์ (หรือวางรีไดเรกต์เอง)",
    "exchanging code {code} for tokens": "กำลังแลกรหัส {code} เป็นโทเค็น",
    "SCB refused the code (expired, already used or wrong): authorize again. {err}": (
        "SCB ปฏิเสธรหัส (หมดอายุ ถูกใช้แล้ว หรือไม่ถูกต้อง): โปรดขออนุญาตใหม่ {err}"
    ),
    "the exchange failed: {err}": "แลกรหัสไม่สำเร็จ: {err}",
    "the exchange got no answer ({err}). SCB may have used the code already: try Exchange once "
    "more, and if that fails start again at Authorize": "การแลกรหัสไม่ได้รับคำตอบ ({err}) "
    "SCB อาจใช้รหัสไปแล้ว: ลองแลกอีกครั้ง หากไม่สำเร็จให้เริ่มใหม่ที่ขั้นขออนุญาต",
    "could not reach SCB, the code was not sent ({err}): try Exchange again while the code is "
    "still valid": "ติดต่อ SCB ไม่ได้ รหัสจึงยังไม่ได้ถูกส่ง ({err}): ลองแลกอีกครั้งขณะที่รหัสยังใช้ได้",
    "authorized: {summary}": "ได้รับอนุญาตแล้ว: {summary}",
    "no refresh token: authorize and exchange a code first": (
        "ไม่มี refresh token: ขออนุญาตและแลกรหัสก่อน"
    ),
    "{how}: asking for a new access token with refresh token {token}": (
        "{how}: กำลังขอ access token ใหม่ด้วย refresh token {token}"
    ),
    "{how} failed: {reason} ({err})": "{how}ไม่สำเร็จ: {reason} ({err})",
    "{how}: new access token, {summary}": "{how}: ได้ access token ใหม่ {summary}",
    "keeping the previous tokens; {reason}": "ยังคงใช้โทเค็นเดิม {reason}",
    "keeping the previous tokens; the access token has expired": (
        "ยังคงใช้โทเค็นเดิม แต่ access token หมดอายุแล้ว"
    ),
    "keeping the previous tokens (access token valid for {left})": (
        "ยังคงใช้โทเค็นเดิม (access token ใช้ได้อีก {left})"
    ),
    "{how} failed: {err}; {detail}": "{how}ไม่สำเร็จ: {err} ({detail})",
    "the access token has expired and there is no refresh token": (
        "access token หมดอายุแล้ว และไม่มี refresh token"
    ),
    "the access token has expired: auto-refresh is getting a new one": (
        "access token หมดอายุแล้ว: การรีเฟรชอัตโนมัติกำลังขอโทเค็นใหม่"
    ),
    "the access token has expired: refresh it": "access token หมดอายุแล้ว: โปรดรีเฟรช",
    "cancelled": "ยกเลิกแล้ว",
    "ready: start with Authorize": "พร้อม: เริ่มที่ขั้นขออนุญาต",
    "access token valid for {left}": "access token ใช้ได้อีก {left}",
    "refresh token for {left}": "refresh token ใช้ได้อีก {left}",
    "cancelled: the request's answer was dropped": "ยกเลิกแล้ว: ทิ้งคำตอบของคำขอนี้",
    "internal error ({kind}); details are in the log": (
        "ข้อผิดพลาดภายใน ({kind}) ดูรายละเอียดในไฟล์บันทึก"
    ),
    "the authorization code expired (codes live {ttl} s): authorize again": (
        "รหัสอนุญาตหมดอายุแล้ว (รหัสมีอายุ {ttl} วินาที): โปรดขออนุญาตใหม่"
    ),
    "refresh token is dead: authorize again": "refresh token ใช้ไม่ได้แล้ว: โปรดขออนุญาตใหม่",
    "refresh token is dead: authorize again (auto-refresh stopped)": (
        "refresh token ใช้ไม่ได้แล้ว: โปรดขออนุญาตใหม่ (หยุดการรีเฟรชอัตโนมัติแล้ว)"
    ),
    # --- redirects (redirect.read_redirect) -----------------------------------------------------
    "nothing to read: paste the redirect URL or the authorization code": (
        "ไม่มีข้อความให้อ่าน: วาง URL รีไดเรกต์หรือรหัสอนุญาต"
    ),
    "cannot read this as a redirect URL, a query string (code=...&state=...) or an "
    "authorization code": "อ่านข้อความนี้เป็น URL รีไดเรกต์ คิวรีสตริง (code=...&state=...) หรือรหัสอนุญาตไม่ได้",
    "the redirect's state does not match (possible CSRF or an old link): expected state "
    "{expected}, got {got}": "state ของรีไดเรกต์ไม่ตรงกัน (อาจเป็น CSRF หรือลิงก์เก่า): "
    "คาดว่าเป็น {expected} แต่ได้ {got}",
    "no state": "ไม่มี state",
    "the URL": "URL",
    "the query string": "คิวรีสตริง",
    "the redirect": "รีไดเรกต์",
    "{where} carries no code and no status: is it the redirect SCB Easy sent to your callback "
    "URL?": "{where} ไม่มีทั้งรหัสและ status: นี่คือรีไดเรกต์ที่ SCB Easy ส่งไปยัง callback URL ของคุณหรือไม่",
    "the code in {where} is not a plausible authorization code": (
        "รหัสใน{where}ไม่น่าจะเป็นรหัสอนุญาตที่ถูกต้อง"
    ),
    # --- profiles and the profile file (infra.profiles) ---------------------------------------
    "table": "ตาราง",
    "list": "รายการ",
    "text": "ข้อความ",
    "number": "ตัวเลข",
    "boolean": "ค่าจริง/เท็จ",
    "none yet": "ยังไม่มี",
    "profile #{index}": "โปรไฟล์ #{index}",
    "a profile needs a name": "โปรไฟล์ต้องมีชื่อ",
    "profile name {name!r} must not start or end with spaces": (
        "ชื่อโปรไฟล์ {name!r} ต้องไม่ขึ้นต้นหรือลงท้ายด้วยช่องว่าง"
    ),
    "profile name {name!r}... is longer than {limit}": (
        "ชื่อโปรไฟล์ {name!r}... ยาวเกิน {limit} ตัวอักษร"
    ),
    "profile name {name!r} must not contain control characters, ':', '/' or '\\'": (
        "ชื่อโปรไฟล์ {name!r} ต้องไม่มีอักขระควบคุม ':' '/' หรือ '\\'"
    ),
    "unknown environment {value!r}: use one of {names}": (
        "ไม่รู้จักสภาพแวดล้อม {value!r}: ใช้หนึ่งใน {names}"
    ),
    "{what} {url!r} must be an absolute http:// or https:// URL": (
        "{what} {url!r} ต้องเป็น URL เต็มที่ขึ้นต้นด้วย http:// หรือ https://"
    ),
    "{what} {url!r} must not have spaces, a query or a fragment": (
        "{what} {url!r} ต้องไม่มีช่องว่าง คิวรี หรือ fragment"
    ),
    "{what} {url!r} has an invalid port": "{what} {url!r} มีพอร์ตที่ไม่ถูกต้อง",
    "callback URL {url!r} must be an absolute URL such as https://...": (
        "callback URL {url!r} ต้องเป็น URL เต็ม เช่น https://..."
    ),
    "callback URL {url!r} has no host": "callback URL {url!r} ไม่มีโฮสต์",
    "{field} {value!r} is not one of {choices}": "{field} {value!r} ไม่ใช่หนึ่งใน {choices}",
    "a partner query pair needs a name": "คู่คิวรีพาร์ทเนอร์ต้องมีชื่อ",
    "partner query pair {key!r} must not contain control characters": (
        "คู่คิวรีพาร์ทเนอร์ {key!r} ต้องไม่มีอักขระควบคุม"
    ),
    "partner query pairs are {length} characters once encoded; SCB allows {limit}": (
        "คู่คิวรีพาร์ทเนอร์ยาว {length} ตัวอักษรเมื่อเข้ารหัสแล้ว แต่ SCB รับได้ {limit}"
    ),
    "profile {name!r}: {message}": "โปรไฟล์ {name!r}: {message}",
    "{field} must be text": "{field} ต้องเป็นข้อความ",
    "the API key must not contain spaces or control characters": (
        "API key ต้องไม่มีช่องว่างหรืออักขระควบคุม"
    ),
    "the {environment} environment needs a base URL": "สภาพแวดล้อม {environment} ต้องมี Base URL",
    "redirectOption must not contain control characters": "redirectOption ต้องไม่มีอักขระควบคุม",
    "timeout {timeout!r} must be a number of seconds in (0, {limit:g}]": (
        "timeout {timeout!r} ต้องเป็นจำนวนวินาทีในช่วง (0, {limit:g}]"
    ),
    "not a profile: {kind}": "ไม่ใช่โปรไฟล์: {kind}",
    "two profiles are named {name!r}; names must be unique": (
        "มีสองโปรไฟล์ที่ชื่อ {name!r} ชื่อโปรไฟล์ต้องไม่ซ้ำกัน"
    ),
    "{count} profiles is more than the {limit} kept": (
        "{count} โปรไฟล์เกินจำนวนที่เก็บได้ ({limit} โปรไฟล์)"
    ),
    "{where} is a {kind}, not a table of fields": "{where} เป็น{kind} ไม่ใช่ตารางของฟิลด์",
    "{where} has no text 'name'": "{where} ไม่มี 'name' ที่เป็นข้อความ",
    "{where} has a field name that is not text": "{where} มีชื่อฟิลด์ที่ไม่ใช่ข้อความ",
    "{where} has a field {key!r} that looks like a secret; the console never imports secrets: "
    "remove it and enter the secret in the profile": (
        "{where} มีฟิลด์ {key!r} ที่ดูเหมือนข้อมูลลับ คอนโซลไม่นำเข้าข้อมูลลับ: "
        "โปรดลบฟิลด์นี้ แล้วกรอกข้อมูลลับในโปรไฟล์เอง"
    ),
    "{where}: ignored field {key!r}: secrets never belong in this file (the console keeps them "
    "in the OS keyring); remove it from the file": (
        "{where}: ข้ามฟิลด์ {key!r}: ข้อมูลลับต้องไม่อยู่ในไฟล์นี้ (คอนโซลเก็บไว้ในคีย์ริงของระบบ) โปรดลบออกจากไฟล์"
    ),
    "{where}: ignored unknown field {key!r}": "{where}: ข้ามฟิลด์ที่ไม่รู้จัก {key!r}",
    "{where}: {key} is a {kind}, not text": "{where}: {key} เป็น{kind} ไม่ใช่ข้อความ",
    "{where}: environment is not text": "{where}: environment ไม่ใช่ข้อความ",
    "{where}: timeout is a {kind}, not a number": "{where}: timeout เป็น{kind} ไม่ใช่ตัวเลข",
    "{where}: partner_query is not a list of [name, value] pairs": (
        "{where}: partner_query ไม่ใช่รายการของคู่ [name, value]"
    ),
    "{where}: partner_query item {item!r} is not a [name, value] pair": (
        "{where}: รายการ {item!r} ใน partner_query ไม่ใช่คู่ [name, value]"
    ),
    "a profile import must be text": "ข้อมูลนำเข้าโปรไฟล์ต้องเป็นข้อความ",
    "the import is larger than {kib} KiB": "ข้อมูลนำเข้าใหญ่เกิน {kib} KiB",
    "the import is not valid JSON ({detail})": "ข้อมูลนำเข้าไม่ใช่ JSON ที่ถูกต้อง ({detail})",
    "the import's format is {found!r}, not {expected!r}": (
        "รูปแบบของข้อมูลนำเข้าคือ {found!r} ไม่ใช่ {expected!r}"
    ),
    "the import is version {version!r}; this console reads version {supported}": (
        "ข้อมูลนำเข้าเป็นเวอร์ชัน {version!r} แต่คอนโซลนี้อ่านได้เวอร์ชัน {supported}"
    ),
    "the import has no list of profiles": "ข้อมูลนำเข้าไม่มีรายการโปรไฟล์",
    "the profile file {path} is a folder; move it away": (
        "ไฟล์โปรไฟล์ {path} เป็นโฟลเดอร์ โปรดย้ายออกไป"
    ),
    "cannot read the profile file {path}: {error}": "อ่านไฟล์โปรไฟล์ {path} ไม่ได้: {error}",
    "it is larger than {kib} KiB": "ไฟล์ใหญ่เกิน {kib} KiB",
    "it is not UTF-8 text (byte {at})": "ไฟล์ไม่ใช่ข้อความ UTF-8 (ไบต์ที่ {at})",
    "it is not valid TOML: {detail}": "ไฟล์ไม่ใช่ TOML ที่ถูกต้อง: {detail}",
    "it is nested too deeply": "ไฟล์ซ้อนกันลึกเกินไป",
    "its 'version' is not a number": "'version' ของไฟล์ไม่ใช่ตัวเลข",
    "the profile file {path} is version {version}, newer than this console (version "
    "{supported}); update the console (the file was left as it is)": (
        "ไฟล์โปรไฟล์ {path} เป็นเวอร์ชัน {version} ใหม่กว่าคอนโซลนี้ (เวอร์ชัน {supported}) "
        "โปรดอัปเดตคอนโซล (ไฟล์ยังอยู่เหมือนเดิม)"
    ),
    "ignored field {key!r}: secrets never belong in this file; remove it": (
        "ข้ามฟิลด์ {key!r}: ข้อมูลลับต้องไม่อยู่ในไฟล์นี้ โปรดลบออก"
    ),
    "ignored unknown field {key!r}": "ข้ามฟิลด์ที่ไม่รู้จัก {key!r}",
    "'profile' is not a list of [[profile]] tables": "'profile' ไม่ใช่รายการของตาราง [[profile]]",
    "'last_used' is not text": "'last_used' ไม่ใช่ข้อความ",
    "the profile file {path} cannot be used ({reason}) and could not be moved aside ({error}); "
    "fix or move it by hand": (
        "ใช้ไฟล์โปรไฟล์ {path} ไม่ได้ ({reason}) และย้ายไปไว้ข้าง ๆ ไม่ได้ ({error}) โปรดแก้หรือย้ายไฟล์เอง"
    ),
    "the profile file {path} could not be used ({reason}); it was moved to {aside} and the "
    "console starts with no profiles": (
        "ใช้ไฟล์โปรไฟล์ {path} ไม่ได้ ({reason}) จึงย้ายไปไว้ที่ {aside} และคอนโซลเริ่มโดยไม่มีโปรไฟล์"
    ),
    "no profile named {name!r}": "ไม่มีโปรไฟล์ชื่อ {name!r}",
    "no profile named {name!r} (profiles: {known})": ("ไม่มีโปรไฟล์ชื่อ {name!r} (โปรไฟล์ที่มี: {known})"),
    "cannot write the profile file in {folder}: {error}": (
        "เขียนไฟล์โปรไฟล์ในโฟลเดอร์ {folder} ไม่ได้: {error}"
    ),
    "cannot write the profile file {path}: {error}": "เขียนไฟล์โปรไฟล์ {path} ไม่ได้: {error}",
    # --- the OS keyring (infra.secrets, infra.session_secrets) ----------------------------------
    "install and unlock gnome-keyring (or KWallet, or your platform's keychain), or use "
    "session-only secrets": (
        "โปรดติดตั้งและปลดล็อก gnome-keyring (หรือ KWallet หรือ keychain ของระบบ) หรือใช้ข้อมูลลับเฉพาะเซสชันนี้"
    ),
    "no OS keyring available: {hint}": "ไม่มีคีย์ริงของระบบให้ใช้: {hint}",
    "no OS keyring available: there is no D-Bus session bus here (DBUS_SESSION_BUS_ADDRESS is "
    "not set), and the Secret Service and KWallet are reached over it; {hint}": (
        "ไม่มีคีย์ริงของระบบให้ใช้: เครื่องนี้ไม่มี D-Bus session bus (ไม่ได้ตั้ง "
        "DBUS_SESSION_BUS_ADDRESS) ซึ่ง Secret Service และ KWallet ต้องใช้; {hint}"
    ),
    "the keyring is disabled (the 'null' backend is configured): {hint}": (
        "คีย์ริงถูกปิดใช้งาน (ตั้งค่า backend เป็น 'null' ไว้): {hint}"
    ),
    "the keyring chainer is not used directly; pick one of its backends": (
        "คอนโซลไม่ใช้ keyring chainer โดยตรง โปรดเลือก backend หนึ่งในนั้น"
    ),
    "refusing the {name!r} keyring backend: it keeps secrets in a file, and the console never "
    "does; {hint}": (
        "ไม่ใช้ keyring backend {name!r}: backend นี้เก็บข้อมูลลับไว้ในไฟล์ ซึ่งคอนโซลไม่ทำเด็ดขาด; {hint}"
    ),
    "refusing the {name!r} keyring backend: keyring rates it as not recommended (priority "
    "{priority:g}); {hint}": (
        "ไม่ใช้ keyring backend {name!r}: keyring จัดว่าไม่แนะนำ (priority {priority:g}); {hint}"
    ),
    "the {keyring} keyring is not usable: {error}; {hint}": (
        "ใช้คีย์ริง {keyring} ไม่ได้: {error}; {hint}"
    ),
    "the keyring could not be initialised: {error}; {hint}": "เริ่มใช้คีย์ริงไม่ได้: {error}; {hint}",
    "a secret's profile must be non-empty text without control characters": (
        "ชื่อโปรไฟล์ของข้อมูลลับต้องเป็นข้อความที่ไม่ว่างและไม่มีอักขระควบคุม"
    ),
    "a secret's key must be non-empty text without control characters": (
        "ชื่อคีย์ของข้อมูลลับต้องเป็นข้อความที่ไม่ว่างและไม่มีอักขระควบคุม"
    ),
    "the {keyring} keyring is locked: unlock it (log in to the desktop session, or unlock "
    "gnome-keyring), or use session-only secrets": (
        "คีย์ริง {keyring} ถูกล็อก: โปรดปลดล็อก (เข้าสู่ระบบเดสก์ท็อป หรือปลดล็อก gnome-keyring) "
        "หรือใช้ข้อมูลลับเฉพาะเซสชันนี้"
    ),
    "the {keyring} keyring refused: {error}; {hint}": "คีย์ริง {keyring} ปฏิเสธ: {error}; {hint}",
    "could not read the secret {key!r} of profile {profile!r}: {detail}": (
        "อ่านข้อมูลลับ {key!r} ของโปรไฟล์ {profile!r} ไม่ได้: {detail}"
    ),
    "could not store the secret {key!r} of profile {profile!r}: {detail}": (
        "บันทึกข้อมูลลับ {key!r} ของโปรไฟล์ {profile!r} ไม่ได้: {detail}"
    ),
    "could not delete the secret {key!r} of profile {profile!r}: {detail}": (
        "ลบข้อมูลลับ {key!r} ของโปรไฟล์ {profile!r} ไม่ได้: {detail}"
    ),
    "the secret {key!r} of profile {profile!r} must be text": (
        "ข้อมูลลับ {key!r} ของโปรไฟล์ {profile!r} ต้องเป็นข้อความ"
    ),
    "could not delete the secret {key!r} of profile {profile!r}: the {keyring} keyring "
    "refused": "ลบข้อมูลลับ {key!r} ของโปรไฟล์ {profile!r} ไม่ได้: คีย์ริง {keyring} ปฏิเสธ",
    # --- the console's session (ui.session, kept free of Qt) ------------------------------------
    "No profile is selected: pick or add one in the Credentials panel": (
        "ยังไม่ได้เลือกโปรไฟล์: เลือกหรือเพิ่มโปรไฟล์ในแผงข้อมูลรับรอง"
    ),
}
