"""Monthly cluster meetings (agenda, minutes, decisions) and case-sharing sessions."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongzhi.campaigns.enums import AgendaSource, MeetingKind, MeetingStatus
from gongzhi.campaigns.models.campaigns import Cluster
from gongzhi.campaigns.models.projects import Project
from gongzhi.campaigns.models.supervision import Flag, HelpRequest
from gongzhi.core.models import TimeStampedModel


class Meeting(TimeStampedModel):
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(max_length=14, choices=MeetingKind.choices)
    title = models.CharField(max_length=100)
    held_on = models.DateField()
    place = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    minutes = models.TextField(blank=True)
    attendance = models.CharField(max_length=200, blank=True, help_text="出席情况")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = "片组会议"
        verbose_name_plural = "片组会议"
        indexes = [models.Index(fields=["cluster", "held_on"])]

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"


class AgendaItem(models.Model):
    """One point of a meeting's agenda, drawn from the flags, help requests and open decisions."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveSmallIntegerField(default=0)
    source = models.CharField(max_length=10, choices=AgendaSource.choices)
    text = models.CharField(max_length=300)
    project = models.ForeignKey(Project, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    flag = models.ForeignKey(Flag, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    help_request = models.ForeignKey(
        HelpRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["meeting", "order", "id"]
        verbose_name = "议程"
        verbose_name_plural = "议程"

    def __str__(self) -> str:
        return self.text


class MeetingDecision(TimeStampedModel):
    """A decision taken at a meeting, with the person who carries it out and a due date."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.CharField(max_length=300)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    project = models.ForeignKey(Project, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    done_at = models.DateTimeField(null=True, blank=True)
    done_note = models.CharField(max_length=300, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = "会议决定"
        verbose_name_plural = "会议决定"

    def __str__(self) -> str:
        return self.text


class SharingTalk(TimeStampedModel):
    """At a case-sharing session: who spoke about which project, and the points they shared."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="talks")
    speaker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    project = models.ForeignKey(Project, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    points = models.TextField()

    class Meta:
        ordering = ["meeting", "id"]
        verbose_name = "分享发言"
        verbose_name_plural = "分享发言"

    def __str__(self) -> str:
        return f"{self.speaker}: {self.points[:20]}"
