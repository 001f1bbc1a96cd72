from __future__ import annotations

from django.db import models

from gongzhi.cases.enums import StatutoryRoute
from gongzhi.core.models import TimeStampedModel


class DisputeType(TimeStampedModel):
    """纠纷类型: one entry of the catalogue, with where it goes.

    A type people's mediation can take lists the committees that take it by their unit
    ``function`` (``people_mediation`` for the village/town committees, ``mediation_medical`` for
    the district medical committee …). A type it cannot take (刑事辩护, 行政诉讼 …) names its
    statutory route instead (诉访分离).
    """

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=40, unique=True)
    description = models.CharField(max_length=200, blank=True)
    keywords = models.JSONField(default=list, blank=True, help_text="words that suggest this type")
    is_mediable = models.BooleanField(default=True, help_text="people's mediation may take it")
    committee_functions = models.JSONField(
        default=list, blank=True, help_text="Unit.function keys of the committees that take it"
    )
    statutory_route = models.CharField(max_length=40, choices=StatutoryRoute.choices, blank=True)
    route_note = models.CharField(max_length=200, blank=True, help_text="where to turn instead")
    sort_order = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = "纠纷类型"
        verbose_name_plural = "纠纷类型"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_mediable=True) | ~models.Q(statutory_route=""),
                name="dispute_type_unmediable_has_route",
            )
        ]

    def __str__(self) -> str:
        return self.name
