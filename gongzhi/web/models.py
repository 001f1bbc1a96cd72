from __future__ import annotations

from django.db import models


class RateCounter(models.Model):
    """A fixed-window counter shared by every app process (login failures, public submissions)."""

    key = models.CharField(max_length=200, unique=True)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "频率计数"
        verbose_name_plural = "频率计数"

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
