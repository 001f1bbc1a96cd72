"""Translation helpers shared by the apps."""

from __future__ import annotations

from django.utils import translation
from django.utils.functional import Promise


def zh(label: str | Promise) -> str:
    """The Chinese text of a (lazily translated) choice label, whatever language is active.

    Choice labels are gettext_lazy over their Chinese source text, so an English request would
    otherwise put English words into stored Chinese text (a team member's reason) or into a domain
    error's ``message_zh``.
    """
    with translation.override("zh-hans"):
        return str(label)
