"""`.eml` files: rewrite the Subject and the text/plain and text/html parts, keep the rest.

The message is never re-serialised by the `email` package (that would re-fold headers,
re-wrap quoted-printable and change boundaries). Instead the MIME tree is walked on the
raw bytes: each rewritable body is located by byte offsets, decoded (7bit, 8bit,
quoted-printable or base64, in the part's charset), rewritten, re-encoded the same way
and spliced back. Everything else (headers, boundaries, preambles, attachments, nested
messages) stays byte for byte. Quoted-printable bodies are re-encoded line by line, so
only the lines whose text changed are re-wrapped. Attachments (Content-Disposition:
attachment) and forwarded messages (message/rfc822) are not rewritten.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import quopri
import re
from dataclasses import dataclass
from email.header import Header, decode_header, make_header
from email.message import Message
from email.parser import BytesHeaderParser
from email.policy import compat32

from ..errors import PlainspeakError
from ..settings import Settings
from .formats import CopyOutcome, rewrite_copy

_HEADER_LINE = re.compile(rb"^[!-9;-~]+:")
_SUBJECT = re.compile(rb"^subject:[ \t]*((?:[^\r\n]*)(?:\r?\n[ \t][^\r\n]*)*)", re.I | re.M)


@dataclass
class _Entity:
    start: int  # offset of the entity's first header byte in the file
    body_start: int
    end: int  # end of the body (exclusive)
    msg: Message


def _split_entity(data: bytes, start: int, end: int) -> _Entity:
    """Headers and body of the entity in data[start:end]."""
    block = data[start:end]
    m = re.search(rb"\r?\n\r?\n", block)
    if block.startswith((b"\r\n", b"\n")):  # no headers at all: the whole entity is body
        nl = 2 if block.startswith(b"\r\n") else 1
        return _Entity(start, start + nl, end, Message())
    if m is None:
        head, body_start = block, end
    else:
        head, body_start = block[: m.start()], start + m.end()
    msg = BytesHeaderParser(policy=compat32).parsebytes(head + b"\n\n")
    return _Entity(start, body_start, end, msg)


def _parts(data: bytes, ent: _Entity) -> list[_Entity]:
    """The children of a multipart entity (empty if its boundary is missing)."""
    boundary = ent.msg.get_boundary()
    if not boundary:
        return []
    body = data[ent.body_start : ent.end]
    delim = re.compile(rb"^--" + re.escape(boundary.encode("latin-1")) + rb"(--)?[ \t]*(?:\r?\n|\Z)", re.M)
    marks = list(delim.finditer(body))
    out: list[_Entity] = []
    for a, b in zip(marks, marks[1:]):
        if a.group(1):  # closing delimiter: the rest is epilogue
            break
        s = ent.body_start + a.end()
        e = ent.body_start + b.start()
        # the line break before a delimiter belongs to the delimiter
        if data[s:e].endswith(b"\r\n"):
            e -= 2
        elif data[s:e].endswith(b"\n"):
            e -= 1
        if e >= s:
            out.append(_split_entity(data, s, e))
    return out


def _charset(msg: Message) -> str:
    cs = (msg.get_content_charset() or "us-ascii").lower()
    try:
        codecs.lookup(cs)
    except LookupError as exc:
        raise PlainspeakError("E033", f"unknown charset {cs!r}", "charset") from exc
    return cs


def _decode_text(raw: bytes, charset: str) -> tuple[str, str]:
    """(text, charset that round-trips); a us-ascii label on UTF-8 bytes is tolerated."""
    for cs in [charset, "utf-8"] if charset in ("us-ascii", "ascii") else [charset]:
        try:
            text = raw.decode(cs)
        except UnicodeDecodeError:
            continue
        if text.encode(cs) == raw:
            return text, cs
    raise PlainspeakError("E033", f"a part is not valid {charset} text", "charset")


def _encode(text: str, charset: str, label: str) -> bytes:
    try:
        return text.encode(charset)
    except UnicodeEncodeError as exc:
        raise PlainspeakError(
            "E036",
            f"{label}: the rewritten text has {exc.object[exc.start : exc.end]!r}, which {charset} cannot encode",
            "charset",
        ) from exc


def _qp_lines(raw: bytes) -> list[bytes]:
    """Logical lines of a quoted-printable body: physical lines joined at soft breaks, each
    with its hard line break (the last may have none)."""
    phys = re.findall(rb"[^\n]*\n|[^\n]+$", raw)
    out: list[bytes] = []
    cur = b""
    for line in phys:
        cur += line
        if not re.search(rb"=[ \t]*\r?\n$", line):
            out.append(cur)
            cur = b""
    if cur:
        out.append(cur)
    return out


def _lines(text):
    """Lines with their line ends, split at "\n" only (str or bytes)."""
    if isinstance(text, bytes):
        return re.findall(rb"[^\n]*\n|[^\n]+$", text)
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


def _qp_encode_line(line: bytes, nl: bytes) -> bytes:
    """Quoted-printable for one logical line (its hard line break is written as `nl`)."""
    content = line.rstrip(b"\r\n")
    enc = quopri.encodestring(content, quotetabs=False)
    if enc.endswith(b"\n"):
        enc = enc[:-1]
    if nl != b"\n":
        enc = enc.replace(b"\n", nl)
    return enc + (nl if line.endswith(b"\n") else b"")


class _Body:
    """One decoded body and the way back to bytes."""

    def __init__(self, raw: bytes, cte: str, charset: str, nl: bytes) -> None:
        self.raw, self.cte, self.nl = raw, cte, nl
        if cte in ("7bit", "8bit", "binary", ""):
            decoded = raw
        elif cte == "quoted-printable":
            self.lines = _qp_lines(raw)
            decoded = quopri.decodestring(raw)
        elif cte == "base64":
            try:
                decoded = base64.b64decode(raw, validate=False)
            except (binascii.Error, ValueError) as exc:
                raise PlainspeakError("E033", f"a base64 part does not decode: {exc}", "body") from exc
        else:
            raise PlainspeakError("E033", f"unsupported Content-Transfer-Encoding {cte!r}", "body")
        self.text, self.charset = _decode_text(decoded, charset)

    def encode(self, text: str, label: str) -> bytes:
        if text == self.text:
            return self.raw
        if self.cte in ("7bit", "8bit", "binary", ""):
            out = _encode(text, self.charset, label)
            if self.cte == "7bit" and not out.isascii():
                raise PlainspeakError(
                    "E036", f"{label}: the rewritten text is not ASCII, which 7bit cannot carry", "charset"
                )
            return out
        if self.cte == "quoted-printable":
            old, new = _lines(self.text), _lines(text)
            if len(old) == len(new) == len(self.lines):
                parts = []
                for o, n, raw in zip(old, new, self.lines):
                    parts.append(raw if o == n else _qp_encode_line(_encode(n, self.charset, label), self.nl))
                return b"".join(parts)
            return b"".join(_qp_encode_line(_encode(n, self.charset, label), self.nl) for n in new)
        # base64: keep the original line length and line breaks
        first = self.raw.split(b"\n", 1)[0].rstrip(b"\r")
        width = len(first) if len(first) >= 4 and len(first) % 4 == 0 else 76
        enc = base64.b64encode(_encode(text, self.charset, label))
        lines = [enc[i : i + width] for i in range(0, len(enc), width)]
        out = self.nl.join(lines)
        if self.raw.endswith((b"\n",)):
            out += self.nl
        return out


def _check_message(data: bytes) -> _Entity:
    first = data.lstrip(b"\r\n")[:1000].split(b"\n", 1)[0]
    if not _HEADER_LINE.match(first):
        raise PlainspeakError("E033", "this does not look like an email message (no header on the first line)", "text")
    return _split_entity(data, 0, len(data))


def _text_parts(data: bytes, root: _Entity, nl: bytes, warnings: list[str]) -> list[tuple[str, _Entity, _Body]]:
    """(label, entity, decoded body) of every text/plain and text/html part that is not an attachment."""
    found: list[tuple[str, _Entity, _Body]] = []
    counts: dict[str, int] = {}

    def walk(ent: _Entity, depth: int) -> None:
        ctype = ent.msg.get_content_type()
        if ent.msg.get_content_maintype() == "multipart":
            if depth > 20:
                raise PlainspeakError("E033", "MIME parts nested more than 20 deep", "body")
            children = _parts(data, ent)
            if not children:
                warnings.append(f"a {ctype} part has no parts (boundary missing?): left as it was")
            for child in children:
                walk(child, depth + 1)
            return
        if ctype not in ("text/plain", "text/html"):
            return
        disp = (ent.msg.get("Content-Disposition") or "").split(";")[0].strip().lower()
        if disp == "attachment":
            return
        counts[ctype] = counts.get(ctype, 0) + 1
        label = ctype if counts[ctype] == 1 else f"{ctype} #{counts[ctype]}"
        cte = (ent.msg.get("Content-Transfer-Encoding") or "7bit").strip().lower()
        raw = data[ent.body_start : ent.end]
        if not raw.strip():
            return
        found.append((label, ent, _Body(raw, cte, _charset(ent.msg), nl)))

    if root.body_start:
        walk(root, 0)
    return found


def _subject_value(data: bytes, head_end: int) -> tuple[re.Match[bytes], str, str | None] | None:
    """(match, decoded value, charset of encoded words or None) of the Subject header."""
    m = _SUBJECT.search(data, 0, head_end)
    if not m or not m.group(1).strip():
        return None
    raw = m.group(1)
    if b"=?" in raw:  # RFC 2047 encoded words
        parts = decode_header(raw.decode("ascii", "replace"))
        return m, str(make_header(parts)), next((cs for _, cs in parts if cs), "utf-8")
    try:
        return m, raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        raise PlainspeakError(
            "E033", "the Subject header is neither ASCII, UTF-8 nor RFC 2047 encoded", "subject"
        ) from exc


def _nl(data: bytes, root: _Entity) -> bytes:
    return b"\r\n" if b"\r\n" in data[: root.body_start or len(data)] else b"\n"


def email_units(data: bytes) -> list[tuple[str, str, str]]:
    """[(label, text, host)]: the Subject and the text parts, decoded, for the audit."""
    root = _check_message(data)
    units: list[tuple[str, str, str]] = []
    subj = _subject_value(data, root.body_start or len(data))
    if subj:
        units.append(("subject", subj[1], "text"))
    for label, ent, body in _text_parts(data, root, _nl(data, root), []):
        units.append((label, body.text, "html" if label.startswith("text/html") else "text"))
    return units


def rewrite_eml(data: bytes, settings: Settings) -> tuple[bytes, list[CopyOutcome], list[str]]:
    """(new bytes, one outcome per rewritten piece, warnings)."""
    root = _check_message(data)
    nl = _nl(data, root)
    edits: list[tuple[int, int, bytes]] = []
    outcomes: list[CopyOutcome] = []
    warnings: list[str] = []
    subj = _subject_value(data, root.body_start or len(data))
    if subj:
        m, value, charset = subj
        outcome = rewrite_copy(value, "text", "text", settings, label="subject")
        outcomes.append(outcome)
        if outcome.output != value:
            if charset is not None:
                new = Header(outcome.output, charset, header_name="Subject").encode(linesep=nl.decode()).encode("ascii")
            else:
                new = outcome.output.encode("utf-8")
            edits.append((m.start(1), m.end(1), new))
    for label, ent, body in _text_parts(data, root, nl, warnings):
        host = "html" if label.startswith("text/html") else "text"
        outcome = rewrite_copy(body.text, host, host, settings, label=label)
        outcomes.append(outcome)
        if outcome.output != body.text:
            edits.append((ent.body_start, ent.end, body.encode(outcome.output, label)))
    out = bytearray(data)
    for s, e, new in sorted(edits, reverse=True):
        out[s:e] = new
    result = bytes(out)
    if result != data:
        _check_structure(data, result)
    return result, outcomes, warnings


def _structure(data: bytes) -> list[tuple[str, list[tuple[str, str]]]]:
    from email.parser import BytesParser

    msg = BytesParser(policy=compat32).parsebytes(data)
    out = []
    for part in msg.walk():
        headers = [(k.lower(), str(v)) for k, v in part.items() if k.lower() != "subject" or part is not msg]
        out.append((part.get_content_type(), headers))
    return out


def _check_structure(before: bytes, after: bytes) -> None:
    if _structure(before) != _structure(after):
        raise PlainspeakError("E032", "the rewritten message has a different MIME structure or headers", "output")
