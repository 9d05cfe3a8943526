"""The sandbox's out-of-the-box demo app and test customers. All of it is fictional.

The demo credentials are fixed and public on purpose: they only ever open this local sandbox.

==========  ========================================
API key     ``l7xxsandbox0demo0key000000000000001``
API secret  ``sandbox-demo-secret-0001``
callback    ``http://127.0.0.1:8765/callback`` (the console's loopback receiver, both endStates)
==========  ========================================

Test customers (id, PIN): ``sb-customer-001`` / ``123456``, ``sb-customer-002`` / ``246810``,
``sb-customer-003`` / ``135790``.
"""

from __future__ import annotations

import copy
from typing import Any, Final

from scb_console.core.contract import DEFAULT_RECEIVER_PORT, END_STATES, RECEIVER_PATH
from scb_console.sandbox.model import SandboxApp, SandboxCustomer

DEMO_APP_NAME: Final = "SCB Console demo app"
DEMO_API_KEY: Final = "l7xxsandbox0demo0key000000000000001"
DEMO_API_SECRET: Final = "sandbox-demo-secret-0001"

#: Where the standalone sandbox listens unless ``--port`` says otherwise (the receiver is 8765).
DEFAULT_SANDBOX_PORT: Final = 8766

#: The callback URL the demo app registers by default: the console's loopback receiver.
DEFAULT_CALLBACK_URL: Final = f"http://127.0.0.1:{DEFAULT_RECEIVER_PORT}{RECEIVER_PATH}"


def _address(
    line_th: str,
    sub_th: str,
    district_th: str,
    province_th: str,
    line_en: str,
    sub_en: str,
    district_en: str,
    province_en: str,
    zip_code: str,
) -> dict[str, str]:
    return {
        "thaiAddressLine1": line_th,
        "thaiSubDistrict": sub_th,
        "thaiDistrict": district_th,
        "thaiProvince": province_th,
        "engAddressLine1": line_en,
        "engSubDistrict": sub_en,
        "engDistrict": district_en,
        "engProvince": province_en,
        "zipCode": zip_code,
        "countryCode": "TH",
    }


_PROFILES: Final[tuple[tuple[str, str, dict[str, Any]], ...]] = (
    (
        "sb-customer-001",
        "123456",
        {
            "citizenID": "1101700123456",
            "thaiTitle": "นาย",
            "thaiFirstName": "สมชาย",
            "thaiLastName": "ใจดี",
            "engTitle": "Mr.",
            "engFirstName": "Somchai",
            "engLastName": "Jaidee",
            "birthDate": "1988-04-12",
            "mobile": "0800000001",
            "email": "somchai.jaidee@example.com",
            "genderCode": "M",
            "nationalityCode": "TH",
            "address": _address(
                "99/12 ซอยตัวอย่าง 21 ถนนสุขุมวิท",
                "คลองเตยเหนือ",
                "วัฒนา",
                "กรุงเทพมหานคร",
                "99/12 Soi Tua-Yang 21, Sukhumvit Road",
                "Khlong Toei Nuea",
                "Watthana",
                "Bangkok",
                "10110",
            ),
        },
    ),
    (
        "sb-customer-002",
        "246810",
        {
            "citizenID": "3100500678905",
            "thaiTitle": "นางสาว",
            "thaiFirstName": "มาลี",
            "thaiLastName": "รักเรียน",
            "engTitle": "Ms.",
            "engFirstName": "Malee",
            "engLastName": "Rakrian",
            "birthDate": "1995-11-03",
            "mobile": "0800000002",
            "email": "malee.rakrian@example.com",
            "genderCode": "F",
            "nationalityCode": "TH",
            "address": _address(
                "45 หมู่ 3 ถนนทดสอบ",
                "สุเทพ",
                "เมืองเชียงใหม่",
                "เชียงใหม่",
                "45 Moo 3, Thotsop Road",
                "Suthep",
                "Mueang Chiang Mai",
                "Chiang Mai",
                "50200",
            ),
        },
    ),
    (
        "sb-customer-003",
        "135790",
        {
            "citizenID": "5701200246807",
            "thaiTitle": "นาง",
            "thaiFirstName": "วิไล",
            "thaiLastName": "ทองคำ",
            "engTitle": "Mrs.",
            "engFirstName": "Wilai",
            "engLastName": "Thongkham",
            "birthDate": "1979-02-28",
            "mobile": "0800000003",
            "email": "wilai.thongkham@example.com",
            "genderCode": "F",
            "nationalityCode": "TH",
            "address": _address(
                "7/1 ถนนจำลอง",
                "ตลาดใหญ่",
                "เมืองภูเก็ต",
                "ภูเก็ต",
                "7/1 Chamlong Road",
                "Talat Yai",
                "Mueang Phuket",
                "Phuket",
                "83000",
            ),
        },
    ),
)

#: The fictional test customers, in a fixed order; :func:`demo_customers` gives copies to change.
DEMO_CUSTOMERS: Final[tuple[SandboxCustomer, ...]] = tuple(
    SandboxCustomer(id=cid, pin=pin, profile=profile) for cid, pin, profile in _PROFILES
)


def demo_customers() -> list[SandboxCustomer]:
    """Fresh copies of :data:`DEMO_CUSTOMERS` (a config may change its own freely)."""
    return [copy.deepcopy(customer) for customer in DEMO_CUSTOMERS]


def demo_app(callback_url: str | None = None) -> SandboxApp:
    """The demo app; its callback for every ``endState`` is ``callback_url`` or the receiver's."""
    url = callback_url or DEFAULT_CALLBACK_URL
    return SandboxApp(
        name=DEMO_APP_NAME,
        api_key=DEMO_API_KEY,
        api_secret=DEMO_API_SECRET,
        callback_urls=dict.fromkeys(END_STATES, url),
    )
