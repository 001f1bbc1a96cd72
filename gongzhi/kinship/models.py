"""The shared kinship register: people, households, and the two stored edges (parent, spouse).

Everything else (siblings, grandparents, cousins, in-laws …) is derived by ``selectors`` from the
parent and spouse edges, so one correction to the register corrects every derived relation.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from gongzhi.core.models import TimeStampedModel
from gongzhi.kinship.enums import Gender, LinkKind


class Household(TimeStampedModel):
    """A 户 in a village's register, identified by its code within the region."""

    code = models.CharField(max_length=40)
    region = models.ForeignKey("org.Region", on_delete=models.PROTECT, related_name="households")
    head = models.ForeignKey(
        "kinship.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    address = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["region_id", "code"]
        verbose_name = "户"
        verbose_name_plural = "户"
        constraints = [models.UniqueConstraint(fields=["region", "code"], name="household_code_per_region")]

    def __str__(self) -> str:
        return self.code


class Person(TimeStampedModel):
    """A natural person known to the register: a villager, an expert, a bidder's owner, a party."""

    name = models.CharField(max_length=60)
    id_number = models.CharField(max_length=18, blank=True, help_text="居民身份证号码 (GB 11643)")
    gender = models.CharField(max_length=8, choices=Gender.choices, blank=True)
    birth_date = models.DateField(null=True, blank=True)
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    region = models.ForeignKey(
        "org.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        verbose_name = "人员"
        verbose_name_plural = "人员"
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"], condition=~Q(id_number=""), name="person_id_number_unique_when_set"
            )
        ]
        indexes = [models.Index(fields=["region", "name"])]

    def __str__(self) -> str:
        return self.name


class KinshipLink(TimeStampedModel):
    """One stored edge.

    ``kind=parent``: ``relative`` is a parent of ``person``.
    ``kind=spouse``: ``person`` and ``relative`` are spouses; stored once, lower id as ``person``.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="links")
    relative = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="reverse_links")
    kind = models.CharField(max_length=8, choices=LinkKind.choices)

    class Meta:
        ordering = ["id"]
        verbose_name = "亲属关系"
        verbose_name_plural = "亲属关系"
        constraints = [
            models.UniqueConstraint(fields=["person", "relative", "kind"], name="kinship_link_unique"),
            models.CheckConstraint(condition=~Q(person=models.F("relative")), name="kinship_link_not_self"),
            models.CheckConstraint(
                condition=Q(kind=LinkKind.PARENT) | Q(person__lt=models.F("relative")),
                name="kinship_spouse_ordered",
            ),
        ]
        indexes = [models.Index(fields=["relative", "kind"])]

    def __str__(self) -> str:
        return f"{self.person_id} {self.kind} {self.relative_id}"
