"""Open311 documents in XML (required) and JSON, and the Open311 error document.

XML: ``<?xml version="1.0" encoding="utf-8"?>``, no namespace; a list's items take the singular
tag (``<services><service>``). JSON: the mechanical mapping, lists as bare top-level arrays.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any
from xml.etree import ElementTree as ET

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

XML_TYPE = "text/xml; charset=utf-8"
JSON_TYPE = "application/json; charset=utf-8"
ITEM_TAGS = {
    "services": "service",
    "service_requests": "request",
    "service_requests_updates": "request_update",
    "service_request_updates": "request_update",
    "endpoints": "endpoint",
    "formats": "format",
    "attributes": "attribute",
    "values": "value",
    "errors": "error",
}
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def w3c(moment: datetime | None) -> str | None:
    """ISO 8601 with the time zone, in Asia/Shanghai: 2026-11-30T09:00:00+08:00."""
    if moment is None:
        return None
    return timezone.localtime(moment).isoformat(timespec="seconds")


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return w3c(value) or ""
    return _NOT_XML.sub("", str(value))


def _append(parent: ET.Element, tag: str, value: Any) -> None:
    if value is None:
        return
    element = ET.SubElement(parent, tag)
    if isinstance(value, dict):
        for key, item in value.items():
            _append(element, key, item)
    elif isinstance(value, list):
        item_tag = ITEM_TAGS.get(tag, "item")
        for item in value:
            _append(element, item_tag, item)
    else:
        element.text = _text(value)


def to_xml(root: str, value: Any) -> bytes:
    element = ET.Element(root)
    if isinstance(value, dict):
        for key, item in value.items():
            _append(element, key, item)
    else:
        item_tag = ITEM_TAGS.get(root, "item")
        for item in value:
            _append(element, item_tag, item)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(element, encoding="unicode").encode()


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    if isinstance(value, datetime):
        return w3c(value)
    if isinstance(value, str):
        return _NOT_XML.sub("", value)
    return value


def document(fmt: str, root: str, value: Any, status: int = 200) -> HttpResponse:
    if fmt == "json":
        body = json.dumps(_jsonable(value), ensure_ascii=False, separators=(",", ":")).encode()
        return HttpResponse(body, status=status, content_type=JSON_TYPE)
    return HttpResponse(to_xml(root, value), status=status, content_type=XML_TYPE)


def format_of(request: HttpRequest) -> str:
    return "json" if request.path.endswith(".json") else "xml"


def errors(fmt: str, status: int, *descriptions: str, headers: dict[str, str] | None = None) -> HttpResponse:
    """The Open311 error document: one ``error`` per problem, ``code`` = the HTTP status."""
    response = document(
        fmt, "errors", [{"code": status, "description": text} for text in descriptions], status=status
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def render_error(
    request: HttpRequest, status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> HttpResponse:
    """For the guard (rate limit, idempotency, unreadable body): an Open311 error document."""
    return errors(format_of(request), status, message, headers=headers)
