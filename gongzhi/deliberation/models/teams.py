"""Deliberation teams, declarations of interest, and tenders with their bidders."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongzhi.core.models import TimeStampedModel
from gongzhi.deliberation.enums import BidderRole, MemberBasis, MemberStatus, TenderStatus
from gongzhi.deliberation.models.catalogue import Expert
from gongzhi.deliberation.models.matters import Matter
from gongzhi.kinship.enums import Predicate


class Team(TimeStampedModel):
    """The team formed for one matter (因事制宜)."""

    matter = models.OneToOneField(Matter, on_delete=models.CASCADE, related_name="team")
    formed_on = models.DateField()
    predicate = models.CharField(max_length=20, choices=Predicate.choices)
    formed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "议事团"
        verbose_name_plural = "议事团"

    def __str__(self) -> str:
        return f"{self.matter} 议事团"


class TeamMember(TimeStampedModel):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey("kinship.Person", on_delete=models.PROTECT, related_name="+")
    basis = models.CharField(max_length=20, choices=MemberBasis.choices)
    reason = models.CharField(max_length=200)
    expert = models.ForeignKey(Expert, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=MemberStatus.choices, default=MemberStatus.ACTIVE)
    status_reason = models.TextField(blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    conflict_bidder = models.ForeignKey(
        "deliberation.Bidder", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    conflict_person = models.ForeignKey(
        "kinship.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    conflict_relation = models.CharField(max_length=24, blank=True)

    class Meta:
        ordering = ["team_id", "id"]
        verbose_name = "议事团成员"
        verbose_name_plural = "议事团成员"
        constraints = [models.UniqueConstraint(fields=["team", "person"], name="team_member_once")]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_basis_display()})"


class InterestDeclaration(TimeStampedModel):
    member = models.ForeignKey(TeamMember, on_delete=models.CASCADE, related_name="declarations")
    statement = models.TextField()
    related_person = models.ForeignKey(
        "kinship.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recuses = models.BooleanField(default=False)
    declared_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["member_id", "id"]
        verbose_name = "利益申报"
        verbose_name_plural = "利益申报"


class Tender(TimeStampedModel):
    matter = models.OneToOneField(Matter, on_delete=models.CASCADE, related_name="tender")
    title = models.CharField(max_length=120)
    budget = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    status = models.CharField(max_length=10, choices=TenderStatus.choices, default=TenderStatus.OPEN)
    opened_on = models.DateField()
    awarded_bidder = models.ForeignKey(
        "deliberation.Bidder", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    awarded_amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    awarded_on = models.DateField(null=True, blank=True)
    award_note = models.TextField(blank=True)

    class Meta:
        verbose_name = "招投标"
        verbose_name_plural = "招投标"

    def __str__(self) -> str:
        return self.title


class Bidder(TimeStampedModel):
    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="bidders")
    name = models.CharField(max_length=120)
    credit_code = models.CharField(max_length=18, blank=True, help_text="统一社会信用代码")
    bid_amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    registered_on = models.DateField()

    class Meta:
        ordering = ["tender_id", "id"]
        verbose_name = "投标人"
        verbose_name_plural = "投标人"
        constraints = [models.UniqueConstraint(fields=["tender", "name"], name="bidder_name_per_tender")]

    def __str__(self) -> str:
        return self.name


class BidderPerson(models.Model):
    """A natural person behind a bidder: the individual, its legal representative, owners …"""

    bidder = models.ForeignKey(Bidder, on_delete=models.CASCADE, related_name="people")
    person = models.ForeignKey("kinship.Person", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=20, choices=BidderRole.choices)

    class Meta:
        verbose_name = "投标关联人"
        verbose_name_plural = "投标关联人"
        constraints = [
            models.UniqueConstraint(fields=["bidder", "person", "role"], name="bidder_person_once")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.role}"
