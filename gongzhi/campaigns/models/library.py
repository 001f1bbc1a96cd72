"""The case library (破题案例集), the trainer pool (课程师资库) and mentoring (青蓝帮带)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from gongzhi.campaigns.enums import CaseStudyStatus
from gongzhi.campaigns.models.campaigns import Campaign
from gongzhi.campaigns.models.projects import Project
from gongzhi.core.models import TimeStampedModel


class Tag(models.Model):
    name = models.CharField(max_length=30, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "标签"
        verbose_name_plural = "标签"

    def __str__(self) -> str:
        return self.name


class CaseStudy(TimeStampedModel):
    """A finished project written up for others: the problem, the approach, the result and what
    can be reused. Published into the library by the organisers."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="case_study")
    title = models.CharField(max_length=100)
    problem = models.TextField()
    approach = models.TextField()
    result = models.TextField()
    reusable = models.TextField(help_text="what others can reuse")
    tags = models.ManyToManyField(Tag, blank=True, related_name="case_studies")
    status = models.CharField(max_length=10, choices=CaseStudyStatus.choices, default=CaseStudyStatus.DRAFT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = "破题案例"
        verbose_name_plural = "破题案例"

    def __str__(self) -> str:
        return self.title


class Trainer(TimeStampedModel):
    """A member of the trainer pool: who teaches what, from which project."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    topics = models.CharField(max_length=200)
    bio = models.TextField(blank=True)
    project = models.ForeignKey(Project, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["-is_active", "id"]
        verbose_name = "师资"
        verbose_name_plural = "师资库"

    def __str__(self) -> str:
        return str(self.user)


class Mentorship(TimeStampedModel):
    """青蓝帮带: an experienced chief mentors a young cadre; check-ins record the meetings."""

    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    mentee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    campaign = models.ForeignKey(Campaign, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    goals = models.TextField()
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["-is_active", "-started_on", "id"]
        verbose_name = "导师帮带"
        verbose_name_plural = "导师帮带"
        constraints = [
            models.CheckConstraint(condition=~Q(mentor=F("mentee")), name="mentor_is_not_mentee"),
            models.UniqueConstraint(
                fields=["mentor", "mentee"], name="mentorship_one_active_pair", condition=Q(is_active=True)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} → {self.mentee}"


class MentorCheckIn(TimeStampedModel):
    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="check_ins")
    held_on = models.DateField()
    notes = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["mentorship", "-held_on", "-id"]
        verbose_name = "帮带记录"
        verbose_name_plural = "帮带记录"

    def __str__(self) -> str:
        return f"{self.mentorship} {self.held_on}"
