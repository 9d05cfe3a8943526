"""SCB's auth contract in one place: paths, header and field names, status codes, lifetimes.

Everything here comes from ``shared/scb-auth-contract.md``. Lines marked *inferred* there are
marked ``# inferred`` here, so they are easy to find and change.
"""

from __future__ import annotations

import enum
from typing import Final

from scb_console.core.i18n import tr

# --- paths, appended to an environment's base URL -------------------------------------------
PATH_TOKEN: Final = "/v1/oauth/token"
PATH_AUTHORIZE: Final = "/v2/oauth/authorize"
PATH_REFRESH: Final = "/v1/oauth/token/refresh"
PATH_PROFILE: Final = "/v2/customers/profile"

#: The path prefix of SCB's sandbox; the local sandbox serves the same shape.
SANDBOX_BASE_PATH: Final = "/partners/sandbox"


class Header:
    """Request and response header names, spelled as SCB spells them (HTTP ignores case)."""

    CONTENT_TYPE: Final = "content-type"
    ACCEPT_LANGUAGE: Final = "accept-language"
    RESOURCE_OWNER_ID: Final = "resourceOwnerId"
    REQUEST_UID: Final = "requestUId"
    API_KEY: Final = "apikey"
    API_SECRET: Final = "apisecret"
    RESPONSE_CHANNEL: Final = "response-channel"
    END_STATE: Final = "endState"
    REDIRECT_OPTION: Final = "redirectOption"
    STATE: Final = "state"
    CODE_CHALLENGE: Final = "codeChallenge"
    AUTHORIZATION: Final = "authorization"
    DATE: Final = "date"


class Field:
    """JSON body and envelope field names."""

    # request bodies
    APPLICATION_KEY: Final = "applicationKey"
    APPLICATION_SECRET: Final = "applicationSecret"
    AUTH_CODE: Final = "authCode"
    REFRESH_TOKEN: Final = "refreshToken"
    STATE: Final = "state"
    CODE_CHALLENGE: Final = "codeChallenge"
    # envelope
    STATUS: Final = "status"
    CODE: Final = "code"
    DESCRIPTION: Final = "description"
    DATA: Final = "data"
    # token data
    ACCESS_TOKEN: Final = "accessToken"
    TOKEN_TYPE: Final = "tokenType"
    EXPIRES_IN: Final = "expiresIn"
    EXPIRES_AT: Final = "expiresAt"
    REFRESH_EXPIRES_IN: Final = "refreshExpiresIn"
    REFRESH_EXPIRES_AT: Final = "refreshExpiresAt"
    # authorize data
    CALLBACK_URL: Final = "callbackUrl"
    # profile data
    PROFILE: Final = "profile"


class StatusCode(enum.IntEnum):
    """SCB ``status.code`` values (the generic table of the contract)."""

    SUCCESS = 1000
    MISSING_PARAMETERS = 1101
    INVALID_PARAMETERS = 1102
    EMPTY_STRING = 1103
    NOT_FOUND = 1104
    UNRECOGNIZED_FIELD = 1105
    CHANNEL_NOT_SUPPORTED = 4101
    MISSING_HEADER = 9100
    MISSING_CREDENTIALS = 9101
    INVALID_TEMPORARY_TOKEN = 9300
    INVALID_API_KEY = 9500
    INVALID_ACCESS_RIGHTS = 9503
    GENERIC_SERVER_ERROR = 9700
    WRONG_METHOD = 9900
    UNSUPPORTED_CONTENT_TYPE = 9901


#: SCB's English descriptions for each code.
DESCRIPTIONS: Final[dict[int, str]] = {
    StatusCode.SUCCESS: "Success",
    StatusCode.MISSING_PARAMETERS: "Missing required parameters",
    StatusCode.INVALID_PARAMETERS: "Invalid parameters entered",
    StatusCode.EMPTY_STRING: "Empty string input not supported",
    StatusCode.NOT_FOUND: "Requested entity record does not exist",
    StatusCode.UNRECOGNIZED_FIELD: "Unrecognized field name was entered",
    StatusCode.CHANNEL_NOT_SUPPORTED: "Current channel is not supported",
    StatusCode.MISSING_HEADER: "Required standard headers not found",
    StatusCode.MISSING_CREDENTIALS: "Missing required authorization credentials",
    StatusCode.INVALID_TEMPORARY_TOKEN: "Invalid/expired temporary token",
    StatusCode.INVALID_API_KEY: "Invalid authorization credentials",
    StatusCode.INVALID_ACCESS_RIGHTS: "Invalid access rights",
    StatusCode.GENERIC_SERVER_ERROR: "Generic server side error",
    StatusCode.WRONG_METHOD: "Wrong http method requested on endpoint",
    StatusCode.UNSUPPORTED_CONTENT_TYPE: "Unsupported content type defined",
}

#: The same descriptions in Thai, for an ``accept-language: TH`` request (the local sandbox
#: answers in the language asked for; SCB's own Thai wording is not in the contract, so these
#: are the console's careful translations of the English above).
DESCRIPTIONS_TH: Final[dict[int, str]] = {
    StatusCode.SUCCESS: "สำเร็จ",
    StatusCode.MISSING_PARAMETERS: "ไม่พบพารามิเตอร์ที่จำเป็น",
    StatusCode.INVALID_PARAMETERS: "พารามิเตอร์ที่ระบุไม่ถูกต้อง",
    StatusCode.EMPTY_STRING: "ไม่รองรับค่าที่เป็นสตริงว่าง",
    StatusCode.NOT_FOUND: "ไม่พบข้อมูลที่ร้องขอ",
    StatusCode.UNRECOGNIZED_FIELD: "มีชื่อฟิลด์ที่ระบบไม่รู้จัก",
    StatusCode.CHANNEL_NOT_SUPPORTED: "ไม่รองรับช่องทางนี้",
    StatusCode.MISSING_HEADER: "ไม่พบเฮดเดอร์มาตรฐานที่จำเป็น",
    StatusCode.MISSING_CREDENTIALS: "ไม่พบข้อมูลยืนยันสิทธิ์ที่จำเป็น",
    StatusCode.INVALID_TEMPORARY_TOKEN: "โทเค็นชั่วคราวไม่ถูกต้องหรือหมดอายุ",
    StatusCode.INVALID_API_KEY: "ข้อมูลยืนยันสิทธิ์ไม่ถูกต้อง",
    StatusCode.INVALID_ACCESS_RIGHTS: "ไม่มีสิทธิ์เข้าถึง",
    StatusCode.GENERIC_SERVER_ERROR: "เกิดข้อผิดพลาดที่ฝั่งเซิร์ฟเวอร์",
    StatusCode.WRONG_METHOD: "เรียก endpoint ด้วย HTTP method ที่ไม่ถูกต้อง",
    StatusCode.UNSUPPORTED_CONTENT_TYPE: "ไม่รองรับ content type ที่ระบุ",
}


def descriptions_for(accept_language: str | None) -> dict[int, str]:
    """The description table an ``accept-language`` value asks for: Thai for ``TH`` (any case,
    ``th-TH`` too), English (SCB's default) for anything else or nothing."""
    if accept_language and accept_language[:2].lower() == "th":
        return DESCRIPTIONS_TH
    return DESCRIPTIONS


# --- lifetimes, in seconds --------------------------------------------------------------------
CODE_TTL: Final = 60
ACCESS_TTL: Final = 1800
REFRESH_TTL: Final = 3600

TOKEN_TYPE_BEARER: Final = "Bearer"

# --- authorize options --------------------------------------------------------------------------
RESPONSE_CHANNELS: Final = ("mobile", "mobile_mma")
END_STATES: Final = ("mobile_app", "mobile_web")
ACCEPT_LANGUAGES: Final = ("EN", "TH")
#: Query names SCB overwrites on the redirect (partner pairs with these names are replaced).
RESERVED_QUERY_NAMES: Final = ("code", "state", "status")
#: The partner's own query string on authorize may be at most this long.
MAX_PARTNER_QUERY_LENGTH: Final = 255
#: The sandbox deeplink scheme: ``scbeasysim://login/<uuid>``.
DEEPLINK_SCHEME: Final = "scbeasysim"
#: The redirect's ``status`` on approval and on denial. # inferred
REDIRECT_STATUS_SUCCESS: Final = "success"
REDIRECT_STATUS_DENIED: Final = "denied"

# --- the console's loopback redirect receiver -----------------------------------------------------
#: Default port of the loopback receiver; the local sandbox's demo app registers this callback.
DEFAULT_RECEIVER_PORT: Final = 8765
RECEIVER_PATH: Final = "/callback"


class Environment(enum.StrEnum):
    """Where a profile's requests go. Tokens are bound to the environment that issued them."""

    LOCAL = "local"
    SANDBOX = "sandbox"
    UAT = "uat"
    PRODUCTION = "production"
    CUSTOM = "custom"

    @property
    def label(self) -> str:
        """The environment's name for people, in the message language (see core.i18n)."""
        return tr(_ENV_LABELS[self])

    @property
    def default_base_url(self) -> str | None:
        """SCB's base URL for this environment; None where the profile must give one."""
        return _ENV_BASE_URLS.get(self)


_ENV_LABELS: Final = {
    Environment.LOCAL: "Local sandbox",
    Environment.SANDBOX: "SCB sandbox",
    Environment.UAT: "SCB UAT",
    Environment.PRODUCTION: "SCB production",
    Environment.CUSTOM: "Custom",
}

_ENV_BASE_URLS: Final[dict[Environment, str]] = {
    Environment.SANDBOX: "https://api-sandbox.partners.scb/partners/sandbox",
    Environment.UAT: "https://api-uat.partners.scb/partners",  # inferred
    Environment.PRODUCTION: "https://api.partners.scb/partners",  # inferred
}
