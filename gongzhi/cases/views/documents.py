"""Documents of a case (PDF / Word) and the printable case file."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from gongzhi.cases import documents, selectors
from gongzhi.cases.views._common import actor, staff_required

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@staff_required
def document(request: HttpRequest, pk: int, kind: str, fmt: str) -> HttpResponse:
    user = actor(request)
    case = selectors.case_detail(user=user, case_id=pk)
    if kind not in dict(documents.available_documents(case)) or fmt not in CONTENT_TYPES:
        raise Http404
    timeline = selectors.case_timeline(case=case) if kind == "file" else None
    content = documents.build(case, kind, timeline)
    data = documents.render_pdf(content) if fmt == "pdf" else documents.render_docx(content)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    disposition = "inline" if fmt == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{case.tracking_code}-{kind}.{fmt}"'
    return response


@staff_required
def print_file(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    case = selectors.case_detail(user=user, case_id=pk)
    return render(
        request,
        "cases/print.html",
        {"case": case, "timeline": selectors.case_timeline(case=case), "nav": "lists"},
    )
