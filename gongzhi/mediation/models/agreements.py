from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongzhi.core.models import TimeStampedModel
from gongzhi.mediation.enums import (
    AgreementForm,
    AgreementStatus,
    ConfirmationStatus,
    PerformanceStatus,
    SignatureMethod,
    SignerKind,
)


class Agreement(TimeStampedModel):
    """调解协议书 (人民调解法 arts. 28–29) or a recorded oral agreement (art. 30).

    The statutory fields: the parties' basic details (frozen in ``parties_snapshot`` when the text
    is finalised for signing), the main facts and issues, each party's responsibility, the agreed
    terms, and how and by when they are performed. A written agreement takes effect when every
    party has signed, sealed or fingerprinted, the mediator has signed and the committee's seal
    is applied; an oral one on the day it is reached.
    """

    mediation = models.OneToOneField(
        "mediation.Mediation", on_delete=models.PROTECT, related_name="agreement"
    )
    number = models.CharField(max_length=40, unique=True)
    form = models.CharField(max_length=8, choices=AgreementForm.choices)
    status = models.CharField(max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT)
    facts = models.TextField(blank=True, help_text="纠纷的主要事实")
    issues = models.TextField(blank=True, help_text="争议事项")
    responsibilities = models.TextField(blank=True, help_text="各方当事人的责任")
    terms = models.TextField(blank=True, help_text="当事人达成调解协议的内容")
    performance_method = models.TextField(blank=True, help_text="履行方式")
    performance_deadline = models.DateField(null=True, blank=True, help_text="履行期限")
    parties_snapshot = models.JSONField(default=list, blank=True)
    organisation_name = models.CharField(max_length=100, blank=True)
    mediator_names = models.JSONField(default=list, blank=True)
    translation_language = models.CharField(max_length=12, blank=True)
    translated_terms = models.TextField(blank=True, help_text="译文 (for foreign parties)")
    interpreter_name = models.CharField(max_length=60, blank=True)
    translation_note = models.TextField(blank=True)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    finalised_at = models.DateTimeField(null=True, blank=True)
    effective_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = "调解协议"
        verbose_name_plural = "调解协议"

    def __str__(self) -> str:
        return self.number

    @property
    def copies(self) -> int:
        """One copy for each party and one for the committee's archive (art. 29)."""
        return len(self.parties_snapshot) + 1


class AgreementSignature(TimeStampedModel):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="signatures")
    signer_kind = models.CharField(max_length=16, choices=SignerKind.choices)
    party = models.ForeignKey(
        "mediation.MediationParty", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    mediator = models.ForeignKey(
        "mediation.Mediator", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signer_name = models.CharField(max_length=100)
    method = models.CharField(max_length=12, choices=SignatureMethod.choices)
    signed_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["signed_at", "id"]
        verbose_name = "协议签署"
        verbose_name_plural = "协议签署"
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "party"],
                condition=Q(party__isnull=False),
                name="signature_once_per_party",
            ),
            models.UniqueConstraint(
                fields=["agreement", "mediator"],
                condition=Q(mediator__isnull=False),
                name="signature_once_per_mediator",
            ),
            models.UniqueConstraint(
                fields=["agreement"], condition=Q(signer_kind="committee_seal"), name="seal_once"
            ),
        ]


class PerformanceItem(TimeStampedModel):
    """One obligation of the agreement with its deadline; followed up until performed."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="performance_items")
    description = models.CharField(max_length=300)
    obligor = models.ForeignKey(
        "mediation.MediationParty", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_date = models.DateField()
    status = models.CharField(
        max_length=16, choices=PerformanceStatus.choices, default=PerformanceStatus.PENDING, db_index=True
    )
    remind_at = models.DateTimeField(null=True, blank=True, db_index=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    overdue_at = models.DateTimeField(null=True, blank=True, db_index=True)
    overdue_flagged_at = models.DateTimeField(null=True, blank=True)
    performed_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)
    next_case_id = models.BigIntegerField(
        null=True, blank=True, help_text="the case opened on non-performance"
    )

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = "履行事项"
        verbose_name_plural = "履行事项"


class JudicialConfirmation(TimeStampedModel):
    """司法确认 of a written agreement (人民调解法 art. 33; 法释〔2011〕5号 arts. 4–5).

    ``window_ends_at``: 30 days from effect for the joint application; ``accept_due_at``: the
    court's 3 days; ``decide_due_at``: 15 days from acceptance, +10 when the court extends.
    """

    agreement = models.OneToOneField(Agreement, on_delete=models.CASCADE, related_name="confirmation")
    status = models.CharField(
        max_length=16,
        choices=ConfirmationStatus.choices,
        default=ConfirmationStatus.WINDOW_OPEN,
        db_index=True,
    )
    window_ends_at = models.DateTimeField(db_index=True)
    remind_at = models.DateTimeField(null=True, blank=True, db_index=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    court_name = models.CharField(max_length=100, blank=True)
    court_unit = models.ForeignKey(
        "org.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accept_due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    court_case_number = models.CharField(
        max_length=60, blank=True, help_text="（20xx）浙0603民特xx号 / 调确字"
    )
    decide_due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    is_decision_extended = models.BooleanField(default=False)
    decided_at = models.DateTimeField(null=True, blank=True)
    result_note = models.TextField(blank=True)
    accept_flagged_at = models.DateTimeField(null=True, blank=True, help_text="acceptance overdue, flagged")
    decide_flagged_at = models.DateTimeField(null=True, blank=True, help_text="decision overdue, flagged")

    class Meta:
        verbose_name = "司法确认"
        verbose_name_plural = "司法确认"
