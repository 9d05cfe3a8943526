"""The profile file: TOML in the config dir, atomic, private, never a secret, never lost."""

from __future__ import annotations

import json
import os
import stat
import tomllib
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scb_console.core.contract import Environment
from scb_console.core.errors import ProfileError
from scb_console.core.models import Profile
from scb_console.core.ports import ProfileStore
from scb_console.infra import paths
from scb_console.infra import profiles as profiles_mod
from scb_console.infra.profiles import (
    FileProfileStore,
    export_profiles_json,
    import_profiles_json,
    is_secret_field_name,
    validate_profile,
)

LOCAL_URL = "http://127.0.0.1:8080/partners/sandbox"


def _local(name: str = "demo", **changes: object) -> Profile:
    fields: dict[str, object] = {
        "name": name,
        "environment": Environment.LOCAL,
        "api_key": "l7xx-demo-key",
        "base_url": LOCAL_URL,
        "callback_url": "http://127.0.0.1:8765/callback",
    }
    fields.update(changes)
    return Profile(**fields)  # type: ignore[arg-type]


def _full() -> Profile:
    return Profile(
        name="ทดสอบ UAT",
        environment=Environment.UAT,
        api_key="uat-key-123",
        base_url="",
        callback_url="https://partner.example/cb?x=1",
        response_channel="mobile_mma",
        end_state="mobile_web",
        accept_language="TH",
        redirect_option="alt1",
        partner_query=(("orderId", "42"), ("note", "สวัสดี & more"), ("orderId", "43")),
        timeout=7.5,
    )


@pytest.fixture
def store(tmp_path: Path) -> FileProfileStore:
    return FileProfileStore(tmp_path / "conf" / "profiles.toml")


def _aside_files(path: Path) -> list[Path]:
    return sorted(path.parent.glob(path.name + ".corrupt-*"))


# --- paths ----------


def test_paths_follow_xdg_variables(test_home: Path) -> None:
    assert paths.config_dir() == test_home / "config" / "scb-console"
    assert paths.data_dir() == test_home / "data" / "scb-console"
    assert paths.cache_dir() == test_home / "cache" / "scb-console"
    assert paths.state_dir() == test_home / "state" / "scb-console"
    assert paths.log_dir().is_relative_to(test_home / "state" / "scb-console")
    assert paths.profiles_file() == test_home / "config" / "scb-console" / "profiles.toml"
    assert not paths.config_dir().exists()
    made = paths.config_dir(ensure=True)
    assert made.is_dir()
    assert stat.S_IMODE(made.stat().st_mode) == 0o700
    assert set(paths.describe()) == {"config", "data", "cache", "state", "log", "profiles"}


def test_default_store_lives_in_the_config_dir(test_home: Path) -> None:
    store: ProfileStore = FileProfileStore()
    store.save([_local()])
    assert (test_home / "config" / "scb-console" / "profiles.toml").is_file()
    assert [p.name for p in store.load()] == ["demo"]


# --- round trip ----------


def test_no_file_means_no_profiles(store: FileProfileStore) -> None:
    assert store.load() == []
    assert store.last_used() is None
    assert store.warnings == []


def test_save_and_load_round_trip_keeps_every_field_and_the_order(store: FileProfileStore) -> None:
    saved = [_local("b-first"), _full(), _local("a-last", environment=Environment.CUSTOM)]
    store.save(saved)
    assert store.load() == saved
    assert FileProfileStore(store.path).load() == saved


def test_file_is_private_and_written_atomically(store: FileProfileStore) -> None:
    store.save([_local()])
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.path.parent.stat().st_mode) == 0o700
    store.save([_local(), _full()])
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    # no temporary file left behind
    assert sorted(p.name for p in store.path.parent.iterdir()) == ["profiles.toml"]
    document = tomllib.loads(store.path.read_text(encoding="utf-8"))
    assert document["version"] == 1
    assert [p["name"] for p in document["profile"]] == ["demo", "ทดสอบ UAT"]


def test_failed_write_keeps_the_old_file(
    store: FileProfileStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save([_local()])
    before = store.path.read_bytes()

    def refuse(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(profiles_mod.os, "replace", refuse)
    with pytest.raises(ProfileError, match="No space left on device"):
        store.save([_local(), _full()])
    monkeypatch.undo()
    assert store.path.read_bytes() == before
    assert sorted(p.name for p in store.path.parent.iterdir()) == ["profiles.toml"]


def test_invalid_profiles_are_refused_before_anything_is_written(store: FileProfileStore) -> None:
    store.save([_local()])
    before = store.path.read_bytes()
    with pytest.raises(ProfileError, match="two profiles are named 'DEMO'"):
        store.save([_local(), _local("DEMO")])
    with pytest.raises(ProfileError, match="needs a base URL"):
        store.save([_local("x", base_url="")])
    assert store.path.read_bytes() == before


def test_the_file_never_holds_a_secret_field(store: FileProfileStore) -> None:
    store.save([_local(), _full()])
    document = tomllib.loads(store.path.read_text(encoding="utf-8"))
    names = set(document) | {key for item in document["profile"] for key in item}
    assert not any(is_secret_field_name(name) for name in names)


# --- last used ----------


def test_last_used(store: FileProfileStore) -> None:
    store.save([_local("one"), _local("two")])
    assert store.last_used() is None
    store.set_last_used("two")
    assert store.last_used() == "two"
    store.save([_local("one"), _local("two"), _full()])  # saving keeps it
    assert store.last_used() == "two"
    with pytest.raises(ProfileError, match="no profile named 'nope'"):
        store.set_last_used("nope")
    store.remove("two")
    assert store.last_used() is None


def test_get_upsert_remove(store: FileProfileStore) -> None:
    store.upsert(_local("one"))
    stored = store.upsert(_local("two", accept_language="th"))
    assert stored.accept_language == "TH"
    store.upsert(_local("one", api_key="changed"))
    assert [(p.name, p.api_key) for p in store.load()] == [
        ("one", "changed"),
        ("two", "l7xx-demo-key"),
    ]
    assert store.get("two").accept_language == "TH"
    with pytest.raises(ProfileError, match=r"no profile named 'three' \(profiles: 'one', 'two'\)"):
        store.get("three")
    store.remove("one")
    with pytest.raises(ProfileError, match="no profile named 'one'"):
        store.remove("one")


# --- files that cannot be used are moved aside, never lost ----------

_GOOD = tomli_w.dumps(
    {
        "version": 1,
        "profile": [
            {"name": "demo", "environment": "local", "base_url": LOCAL_URL, "api_key": "k"}
        ],
    }
)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"this is [not toml", "not valid TOML"),
        (_GOOD.encode()[: len(_GOOD) // 2], "not valid TOML"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b'profile = "demo"\n', "'profile' is not a list"),
        (b"[[profile]]\nname = 5\n", "has no text 'name'"),
        (b'[[profile]]\nname = "x"\nenvironment = "local"\nbase_url = 3\n', "base_url is a number"),
        (
            b'[[profile]]\nname = "x"\nenvironment = "mars"\n',
            "unknown environment 'mars': use one of local, sandbox",
        ),
        (b'[[profile]]\nname = "x"\ntimeout = "fast"\n', "timeout is a text, not a number"),
        (b'[[profile]]\nname = "x"\nenvironment = "custom"\n', "needs a base URL"),
        (b'[[profile]]\nname = "x"\npartner_query = [1, 2]\n', "not a [name, value] pair"),
        (b"last_used = 3\n", "'last_used' is not text"),
        (
            b'[[profile]]\nname = "x"\nenvironment = "sandbox"\n'
            b'[[profile]]\nname = "x"\nenvironment = "uat"\n',
            "two profiles are named 'x'",
        ),
        (b"# " + b"x" * (1024 * 1024 + 10) + b"\n", "larger than 1024 KiB"),
    ],
    ids=[
        "garbage",
        "truncated",
        "not-utf8",
        "wrong-shape",
        "name-not-text",
        "field-wrong-type",
        "bad-environment",
        "timeout-wrong-type",
        "custom-without-url",
        "bad-pairs",
        "last-used-wrong-type",
        "duplicate",
        "huge",
    ],
)
def test_unusable_file_is_moved_aside_with_a_clear_message(
    store: FileProfileStore, content: bytes, reason: str
) -> None:
    store.path.parent.mkdir(parents=True)
    store.path.write_bytes(content)
    with pytest.raises(ProfileError) as info:
        store.load()
    message = str(info.value)
    (aside,) = _aside_files(store.path)
    assert reason in message
    assert str(aside) in message
    assert "\n" not in message
    assert aside.read_bytes() == content
    assert not store.path.exists()
    assert store.load() == []  # the console goes on, empty


def test_two_corrupt_files_in_the_same_second_are_both_kept(store: FileProfileStore) -> None:
    store.path.parent.mkdir(parents=True)
    for content in (b"bad one [", b"bad two ["):
        store.path.write_bytes(content)
        with pytest.raises(ProfileError):
            store.load()
    assert sorted(p.read_bytes() for p in _aside_files(store.path)) == [b"bad one [", b"bad two ["]


def test_saving_over_a_corrupt_file_keeps_it_aside(store: FileProfileStore) -> None:
    store.path.parent.mkdir(parents=True)
    store.path.write_bytes(b"oops [")
    store.save([_local()])
    (aside,) = _aside_files(store.path)
    assert aside.read_bytes() == b"oops ["
    assert any(str(aside) in warning for warning in store.warnings)
    assert [p.name for p in store.load()] == ["demo"]


def test_a_newer_file_is_refused_and_left_alone(store: FileProfileStore) -> None:
    store.path.parent.mkdir(parents=True)
    store.path.write_text('version = 2\n[[profile]]\nname = "x"\n', encoding="utf-8")
    with pytest.raises(ProfileError, match="newer than this console"):
        store.load()
    assert store.path.exists()
    assert _aside_files(store.path) == []


def test_a_newer_file_is_never_overwritten(store: FileProfileStore) -> None:
    store.path.parent.mkdir(parents=True)
    newer = 'version = 2\n[[profile]]\nname = "x"\nshiny = true\n'
    store.path.write_text(newer, encoding="utf-8")
    with pytest.raises(ProfileError, match="newer than this console"):
        store.save([_local()])
    with pytest.raises(ProfileError, match="newer than this console"):
        store.set_last_used("x")
    assert store.path.read_text(encoding="utf-8") == newer


def test_a_folder_in_the_way_is_reported(store: FileProfileStore) -> None:
    store.path.mkdir(parents=True)
    with pytest.raises(ProfileError, match="is a folder"):
        store.load()


def test_unknown_and_secret_looking_fields_are_ignored_with_warnings(
    store: FileProfileStore,
) -> None:
    store.path.parent.mkdir(parents=True)
    store.path.write_text(
        'colour = "blue"\n'
        "[[profile]]\n"
        'name = "demo"\nenvironment = "local"\n'
        f'base_url = "{LOCAL_URL}"\n'
        'favourite = "tea"\napi_secret = "PLAINTEXT-SECRET"\naccessToken = "tok"\n',
        encoding="utf-8",
    )
    (profile,) = store.load()
    assert profile.name == "demo"
    warnings = "\n".join(store.warnings)
    assert "ignored unknown field 'colour'" in warnings
    assert "ignored unknown field 'favourite'" in warnings
    assert "ignored field 'api_secret'" in warnings
    assert "keyring" in warnings
    assert "ignored field 'accessToken'" in warnings
    assert "PLAINTEXT-SECRET" not in warnings
    store.save(store.load())  # the next save drops them from the file
    text = store.path.read_text(encoding="utf-8")
    assert "PLAINTEXT-SECRET" not in text
    assert "favourite" not in text


# --- validation ----------


@pytest.mark.parametrize(
    ("profile", "words"),
    [
        (_local(""), "a profile needs a name"),
        (_local(" padded"), "must not start or end with spaces"),
        (_local("a:b"), "must not contain control characters, ':'"),
        (_local("a\tb"), "must not contain control characters"),
        (_local("x" * 65), "longer than 64"),
        (_local(environment="mars"), "unknown environment 'mars'"),
        (_local(base_url=""), "the Local sandbox environment needs a base URL"),
        (_local(environment=Environment.CUSTOM, base_url=""), "Custom environment needs a base"),
        (_local(base_url="ftp://x/y"), "must be an absolute http:// or https:// URL"),
        (_local(base_url="127.0.0.1:8080"), "must be an absolute http:// or https:// URL"),
        (_local(base_url="http://h/p?q=1"), "must not have spaces, a query or a fragment"),
        (_local(base_url="http://h:99999/p"), "invalid port"),
        (_local(callback_url="not a url"), "callback URL 'not a url' must be an absolute URL"),
        (_local(response_channel="web"), "response-channel 'web' is not one of mobile, mobile_mma"),
        (_local(end_state="desktop"), "endState 'desktop' is not one of mobile_app, mobile_web"),
        (_local(accept_language="FR"), "accept-language 'FR' is not one of EN, TH"),
        (_local(timeout=0), "timeout 0 must be a number of seconds"),
        (_local(timeout=float("nan")), "timeout nan must be"),
        (_local(api_key="has space"), "API key must not contain spaces"),
        (_local(partner_query=(("", "v"),)), "a partner query pair needs a name"),
        (_local(partner_query=(("k", "v" * 300),)), "SCB allows 255"),
    ],
)
def test_validation_names_what_is_wrong(profile: Profile, words: str) -> None:
    with pytest.raises(ProfileError) as info:
        validate_profile(profile)
    assert words in str(info.value)
    assert "\n" not in str(info.value)


def test_validation_normalises() -> None:
    valid = validate_profile(
        _local(
            environment="SANDBOX",
            base_url="",
            accept_language=" th ",
            timeout=5,
        )
    )
    assert valid.environment is Environment.SANDBOX
    assert valid.accept_language == "TH"
    assert valid.timeout == 5.0
    assert valid.resolved_base_url == "https://api-sandbox.partners.scb/partners/sandbox"
    assert validate_profile(_local(base_url=LOCAL_URL + "/")).base_url == LOCAL_URL


# --- export / import ----------


def test_export_import_round_trip() -> None:
    originals = [_local(), _full()]
    text = export_profiles_json(originals)
    document = json.loads(text)
    assert document["format"] == "scb-console-profiles"
    keys = {key for item in document["profiles"] for key in item}
    assert not any(is_secret_field_name(key) for key in keys)
    assert import_profiles_json(text) == originals


def test_import_accepts_a_bare_list_and_a_single_profile() -> None:
    item = {"name": "solo", "environment": "sandbox", "api_key": "k"}
    assert [p.name for p in import_profiles_json(json.dumps([item]))] == ["solo"]
    assert [p.name for p in import_profiles_json(json.dumps(item))] == ["solo"]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("{not json", "not valid JSON (line 1 column 2)"),
        ("42", "no list of profiles"),
        ('{"format": "postman", "profiles": []}', "format is 'postman'"),
        ('{"version": 9, "profiles": []}', "version 9"),
        ('{"profiles": [3]}', "profile #1 is a number, not a table"),
        ('{"profiles": [{"environment": "local"}]}', "profile #1 has no text 'name'"),
        (
            '{"profiles": [{"name": "x", "environment": "sandbox", "apiSecret": "s3cr3t"}]}',
            "field 'apiSecret' that looks like a secret; the console never imports secrets",
        ),
        ('{"profiles": [{"name": "x", "timeout": "soon"}]}', "timeout is a text, not a number"),
        (
            '{"profiles": [{"name": "x", "environment": "sandbox"},'
            ' {"name": "x", "environment": "uat"}]}',
            "two profiles are named 'x'",
        ),
        ("[" * 100_000, "not valid JSON"),
    ],
)
def test_import_errors_are_clear(text: str, words: str) -> None:
    with pytest.raises(ProfileError) as info:
        import_profiles_json(text)
    assert words in str(info.value)
    assert "s3cr3t" not in str(info.value)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.text(max_size=200),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
            lambda inner: (
                st.lists(inner, max_size=4)
                | st.dictionaries(
                    st.sampled_from(
                        [
                            "name",
                            "environment",
                            "base_url",
                            "profiles",
                            "timeout",
                            "partner_query",
                            "x",
                        ]
                    ),
                    inner,
                    max_size=5,
                )
            ),
            max_leaves=12,
        ).map(lambda v: json.dumps(v)),
    )
)
def test_import_gives_profiles_or_a_profile_error(text: str) -> None:
    try:
        result = import_profiles_json(text)
    except ProfileError as exc:
        message = str(exc)
    else:
        assert all(isinstance(p, Profile) for p in result)
        return
    assert message
    assert "\n" not in message


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_any_file_is_loaded_or_moved_aside_intact(tmp_path: Path, content: bytes) -> None:
    folder = tmp_path / os.urandom(6).hex()
    folder.mkdir()
    store = FileProfileStore(folder / "profiles.toml")
    store.path.write_bytes(content)
    try:
        store.load()
    except ProfileError:
        kept = [store.path] if store.path.exists() else _aside_files(store.path)
        assert [p.read_bytes() for p in kept] == [content]
    else:
        assert store.path.read_bytes() == content
