"""Seeded random mutations of a valid file, for the readers' fuzz tests.

Three levels: raw bytes (flips, truncation, insertion, deletion, a repeated slice: what a bad
USB copy or a half-finished download does), zip members (renamed, with names that are not
UTF-8, empty or dangerous; dropped, repeated or added; flags, compression methods and
attributes changed; data mutated with a correct CRC), and JSON documents (a value replaced by
one of another type, a key removed or added, deep nesting), which reach the readers' field
checks. Every mutation is reproducible from its seed.
"""

from __future__ import annotations

import copy
import io
import json
import random
import struct
import warnings
import zipfile
from collections.abc import Callable
from typing import Any

# Values a hostile or damaged file may hold where something else is expected.
_ODD_VALUES: tuple[Any, ...] = (
    None, True, False, 0, -1, 2**31, 2**64, 2**70, -(2**63) - 1, 1e308, -0.0, 0.5, "", " ",
    "x" * 5000, "é" * 300, "\u202e\u200b", "<b>balise</b>", "../../etc/passwd", "\x00",
    "2026-13-45T99:99:99", "1999-01-01T00:00:00", "P1D", "http://exemple.fr/x", [], {},
    [None], {"": None}, [[[[[[[[[[[]]]]]]]]]]], {"a": {"b": {"c": {"d": {}}}}},
    json.loads("[" * 300 + "]" * 300),  # deeper than some JSON writers go (orjson: 255)
)


def mutate_bytes(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    """(kind, mutated bytes) at the level of the raw file."""
    buffer = bytearray(data)
    kind = rng.choice(("flip", "flip", "truncate", "insert", "delete", "repeat"))
    if not buffer:
        return "insert", rng.randbytes(rng.randint(1, 16))
    if kind == "flip":
        for _ in range(rng.randint(1, 4)):
            buffer[rng.randrange(len(buffer))] ^= rng.randrange(1, 256)
    elif kind == "truncate":
        del buffer[rng.randrange(len(buffer)) :]
    elif kind == "insert":
        at = rng.randrange(len(buffer) + 1)
        buffer[at:at] = rng.randbytes(rng.randint(1, 16))
    elif kind == "delete":
        at = rng.randrange(len(buffer))
        del buffer[at : at + rng.randint(1, 32)]
    else:
        start = rng.randrange(len(buffer))
        piece = buffer[start : start + rng.randint(1, 64)]
        at = rng.randrange(len(buffer) + 1)
        buffer[at:at] = piece
    return kind, bytes(buffer)


def _members(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info, archive.read(info)) for info in archive.infolist()]


def _zip(members: list[tuple[zipfile.ZipInfo, bytes]]) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # repeated names, on purpose
        with zipfile.ZipFile(out, "w") as archive:
            for info, payload in members:
                archive.writestr(info, payload)
    return out.getvalue()


def _copy_info(info: zipfile.ZipInfo, name: str | None = None) -> zipfile.ZipInfo:
    fresh = zipfile.ZipInfo(name if name is not None else info.filename, info.date_time)
    fresh.compress_type = info.compress_type
    fresh.external_attr = info.external_attr
    fresh.flag_bits = info.flag_bits & ~0x8
    return fresh


def _patch_names(data: bytes, old: bytes, new: bytes) -> bytes:
    """Replace a member's name (same length) in the local and central headers."""
    assert len(old) == len(new)
    return data.replace(old, new)


def _central_entry(data: bytes, index: int) -> int:
    at = -1
    for _ in range(index + 1):
        at = data.find(b"PK\x01\x02", at + 1)
    return at


def _patch_central(data: bytes, index: int, offset: int, fmt: str, value: int) -> bytes:
    """Overwrite one field of the ``index``-th central directory entry (and of its local
    header for the fields both have)."""
    buffer = bytearray(data)
    at = _central_entry(data, index)
    if at == -1:
        return data
    struct.pack_into(fmt, buffer, at + offset, value)
    if offset in (8, 10, 16, 20, 24):  # flags, method, CRC, sizes: in the local header too
        local = struct.unpack_from("<I", buffer, at + 42)[0]
        if local + 30 <= len(buffer):
            struct.pack_into(fmt, buffer, local + offset - 2, value)
    return bytes(buffer)


def undecodable_name(data: bytes, member: str, *, at: int = 0, byte: int = 0xFF) -> bytes:
    """The archive with ``member``'s name made invalid UTF-8 (its byte ``at`` replaced by
    ``byte``) while flag bit 11 still says the name is UTF-8: what a corrupted copy can do."""
    members = _members(data)
    index = next(i for i, (info, _) in enumerate(members) if info.filename == member)
    info, payload = members[index]
    placeholder = "\x01" * len(member.encode())
    members[index] = (_copy_info(info, placeholder), payload)
    broken = bytearray(member.encode())
    broken[at] = byte
    archive = _patch_names(_zip(members), placeholder.encode(), bytes(broken))
    flags = struct.unpack_from("<H", archive, _central_entry(archive, index) + 8)[0]
    return _patch_central(archive, index, 8, "<H", flags | 0x800)


def mutate_zip(
    data: bytes, rng: random.Random, *, mutate_json: Callable[[bytes, random.Random], bytes]
) -> tuple[str, bytes]:
    """(kind, mutated archive) at the level of the zip's members."""
    members = _members(data)
    index = rng.randrange(len(members))
    info, payload = members[index]
    kind = rng.choice(
        ("rename", "bad-utf8-name", "empty-name", "drop", "repeat", "extra", "flags",
         "method", "link", "folder", "member-bytes", "member-json", "member-json",
         "size-lies")
    )  # fmt: skip
    if kind == "rename":
        name = rng.choice(
            ("../" + info.filename, "/" + info.filename, "C:" + info.filename,
             info.filename.upper(), info.filename + "/", "dossier/" + info.filename,
             info.filename.replace(".", "\\"), "é" + info.filename, info.filename + "\x00")
        )  # fmt: skip
        members[index] = (_copy_info(info, name), payload)
        return kind, _zip(members)
    if kind == "bad-utf8-name":
        byte = rng.choice((0xFF, 0xC3, 0x80, 0xFE))
        at = rng.randrange(len(info.filename.encode()))
        return kind, undecodable_name(data, info.filename, at=at, byte=byte)
    if kind == "empty-name":
        members[index] = (_copy_info(info, ""), payload)
        return kind, _zip(members)
    if kind == "drop" and len(members) > 1:
        del members[index]
        return kind, _zip(members)
    if kind == "repeat":
        members.insert(rng.randrange(len(members) + 1), (_copy_info(info), payload))
        return kind, _zip(members)
    if kind == "extra":
        extra = _copy_info(info, rng.choice(("notes.txt", "x", ".DS_Store", "a/b.json")))
        members.append((extra, rng.randbytes(rng.randint(0, 64))))
        return kind, _zip(members)
    if kind == "flags":
        value = rng.choice((0x1, 0x8, 0x40, 0x800, 0x2000, 0xFFFF))
        return kind, _patch_central(_zip(members), index, 8, "<H", value)
    if kind == "method":
        value = rng.choice((0, 1, 9, 12, 14, 93, 99, 0xFFFF))
        return kind, _patch_central(_zip(members), index, 10, "<H", value)
    if kind == "link":
        members[index] = (_copy_info(info), payload)
        members[index][0].external_attr = 0o120777 << 16
        return kind, _zip(members)
    if kind == "folder":
        members[index] = (_copy_info(info), payload)
        members[index][0].external_attr = (0o040755 << 16) | 0x10
        return kind, _zip(members)
    if kind == "size-lies":
        offset = rng.choice((20, 24))
        value = rng.choice((0, 1, len(payload) // 2, len(payload) * 4, 0xFFFFFFFF))
        return kind, _patch_central(_zip(members), index, offset, "<I", value)
    if kind == "member-json":
        members[index] = (_copy_info(info), mutate_json(payload, rng))
        return kind, _zip(members)
    # member-bytes (and a drop of the only member): the member's bytes, with a right CRC
    members[index] = (_copy_info(info), mutate_bytes(payload, rng)[1])
    return "member-bytes", _zip(members)


def _nodes(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, child in value.items():
            found.extend(_nodes(child, (*path, key)))
    elif isinstance(value, list):
        for position, child in enumerate(value):
            found.extend(_nodes(child, (*path, position)))
    return found


def mutate_document(document: Any, rng: random.Random) -> Any:
    """``document`` with one node replaced, removed or given a sibling. Only the containers
    on the way to that node are copied: ``document`` itself is left as it was."""
    paths = _nodes(document)
    path = rng.choice(paths[1:] or paths)
    if not path:
        return copy.deepcopy(rng.choice(_ODD_VALUES))
    mutated = copy.copy(document)
    parent = mutated
    for step in path[:-1]:
        parent[step] = copy.copy(parent[step])
        parent = parent[step]
    last = path[-1]
    action = rng.choice(("replace", "replace", "replace", "remove", "add"))
    if action == "replace":
        parent[last] = copy.deepcopy(rng.choice(_ODD_VALUES))
    elif action == "remove":
        del parent[last]
    elif isinstance(parent, dict):
        parent[rng.choice(("inconnu", "id", "extra", ""))] = copy.deepcopy(rng.choice(_ODD_VALUES))
    else:
        parent.insert(last, copy.deepcopy(parent[last]))
    return mutated


def mutate_json_bytes(raw: bytes, rng: random.Random) -> bytes:
    """A JSON text mutated as a document (when it parses) or as bytes, or made very deep."""
    choice = rng.random()
    if choice < 0.03:
        depth = rng.choice((1000, 100_000))
        return b"[" * depth + b"]" * depth
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return mutate_bytes(raw, rng)[1]
    if choice < 0.75:
        return json.dumps(mutate_document(document, rng), ensure_ascii=False).encode()
    return mutate_bytes(raw, rng)[1]
