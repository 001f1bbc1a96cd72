"""The village register's roles: representatives, Party members, committee members and more.

The villagers themselves (households and members) are the shared kinship register
(``kinship.Person`` / ``kinship.Household`` with ``region`` = the village).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from gongzhi.core.models import TimeStampedModel
from gongzhi.deliberation.enums import VillageRoleKind


class VillageRole(TimeStampedModel):
    village = models.ForeignKey("org.Region", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("kinship.Person", on_delete=models.PROTECT, related_name="village_roles")
    kind = models.CharField(max_length=20, choices=VillageRoleKind.choices)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    end_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["village_id", "kind", "id"]
        verbose_name = "村级任职"
        verbose_name_plural = "村级任职"
        constraints = [
            models.UniqueConstraint(
                fields=["village", "person", "kind"],
                condition=Q(is_active=True),
                name="village_role_one_active",
            )
        ]
        indexes = [models.Index(fields=["village", "kind", "is_active"])]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_kind_display()}"
