"""The forms of the campaign pages. They parse input only; the services decide."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.campaigns.enums import HelpLevel, MeetingKind, ProjectLevel, ProjectOutcome
from gongzhi.campaigns.models import Cluster, Project, ProjectCategory
from gongzhi.campaigns.services import MilestoneInput, TargetInput
from gongzhi.campaigns.services._common import month_start, today
from gongzhi.campaigns.services.progress import first_report_period
from gongzhi.org.models import Unit, User

TARGET_ROWS = 4
MILESTONE_ROWS = 6
DATE = forms.DateInput(attrs={"type": "date"})
TEXTAREA = forms.Textarea(attrs={"rows": 3})


def _users(value: str, field: str) -> list[User]:
    names = [name.strip() for name in value.replace("，", ",").replace("、", ",").split(",") if name.strip()]
    found = {u.username: u for u in User.objects.filter(username__in=names, is_active=True, is_citizen=False)}
    missing = [name for name in names if name not in found]
    if missing:
        raise forms.ValidationError(_("找不到这些用户名：%(names)s") % {"names": "、".join(missing)})
    return [found[name] for name in names]


class UsernameField(forms.CharField):
    """One staff member by username."""

    def clean(self, value: Any) -> User | None:
        value = super().clean(value)
        if not value:
            return None
        return _users(value, "user")[0]


class ProposalForm(forms.Form):
    """选题: the project, the three criteria, up to four targets and six milestones."""

    lead_unit = forms.ModelChoiceField(label=_("牵头单位"), queryset=Unit.objects.none())
    title = forms.CharField(label=_("项目名称"), max_length=100)
    problem = forms.CharField(label=_("问题描述（难在哪里、影响谁）"), widget=TEXTAREA)
    category = forms.ModelChoiceField(label=_("类别"), queryset=ProjectCategory.objects.none())
    level = forms.ChoiceField(label=_("层级"), choices=ProjectLevel.choices)
    planned_start = forms.DateField(label=_("计划开始"), widget=DATE)
    planned_end = forms.DateField(label=_("计划完成"), widget=DATE)
    small_entry = forms.BooleanField(label=_("小切口：问题具体、边界清楚"), required=False)
    difficult = forms.BooleanField(label=_("有难度：长期未解决、需要攻坚"), required=False)
    feasible = forms.BooleanField(label=_("能落实：一年内可见成效"), required=False)
    criteria_note = forms.CharField(label=_("选题说明"), required=False, widget=TEXTAREA)
    partners = forms.ModelMultipleChoiceField(
        label=_("联合单位（跨部门联合攻坚）"), queryset=Unit.objects.none(), required=False
    )
    team = forms.CharField(label=_("团队成员（用户名，逗号分隔）"), required=False)

    def __init__(
        self, *args: Any, units: list[Unit], partner_units: list[Unit], categories: Any, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units])  # type: ignore[attr-defined]
        self.fields["partners"].queryset = Unit.objects.filter(pk__in=[u.pk for u in partner_units])  # type: ignore[attr-defined]
        self.fields["category"].queryset = categories  # type: ignore[attr-defined]
        for index in range(TARGET_ROWS):
            self.fields[f"target_{index}_name"] = forms.CharField(
                label=_("指标"), required=False, max_length=100
            )
            self.fields[f"target_{index}_unit"] = forms.CharField(
                label=_("单位"), required=False, max_length=20
            )
            self.fields[f"target_{index}_baseline"] = forms.DecimalField(label=_("基线值"), required=False)
            self.fields[f"target_{index}_target"] = forms.DecimalField(label=_("目标值"), required=False)
            self.fields[f"target_{index}_time"] = forms.BooleanField(label=_("时间类指标"), required=False)
        for index in range(MILESTONE_ROWS):
            self.fields[f"milestone_{index}_title"] = forms.CharField(
                label=_("节点"), required=False, max_length=100
            )
            self.fields[f"milestone_{index}_due"] = forms.DateField(
                label=_("日期"), required=False, widget=DATE
            )

    def target_rows(self) -> list[list[forms.BoundField]]:
        names = ("name", "unit", "baseline", "target", "time")
        return [[self[f"target_{i}_{n}"] for n in names] for i in range(TARGET_ROWS)]

    def milestone_rows(self) -> list[list[forms.BoundField]]:
        return [[self[f"milestone_{i}_title"], self[f"milestone_{i}_due"]] for i in range(MILESTONE_ROWS)]

    def clean_team(self) -> list[User]:
        return _users(self.cleaned_data.get("team") or "", "team")

    def targets(self) -> list[TargetInput]:
        data = self.cleaned_data
        rows = []
        for i in range(TARGET_ROWS):
            name = (data.get(f"target_{i}_name") or "").strip()
            baseline, target = data.get(f"target_{i}_baseline"), data.get(f"target_{i}_target")
            if not name:
                continue
            if baseline is None or target is None:
                raise forms.ValidationError(_("指标「%(name)s」需要基线值和目标值") % {"name": name})
            rows.append(
                TargetInput(
                    name=name,
                    baseline=baseline,
                    target=target,
                    unit_label=data.get(f"target_{i}_unit") or "",
                    measures_time=bool(data.get(f"target_{i}_time")),
                )
            )
        return rows

    def milestones(self) -> list[MilestoneInput]:
        data = self.cleaned_data
        rows = []
        for i in range(MILESTONE_ROWS):
            title = (data.get(f"milestone_{i}_title") or "").strip()
            due = data.get(f"milestone_{i}_due")
            if not title:
                continue
            if due is None:
                raise forms.ValidationError(_("节点「%(title)s」需要日期") % {"title": title})
            rows.append(MilestoneInput(title=title, due_on=due))
        return rows

    @classmethod
    def initial_for(cls, project: Project) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "lead_unit": project.lead_unit_id,
            "title": project.title,
            "problem": project.problem,
            "category": project.category_id,
            "level": project.level,
            "planned_start": project.planned_start,
            "planned_end": project.planned_end,
            "small_entry": project.criterion_small_entry,
            "difficult": project.criterion_difficult,
            "feasible": project.criterion_feasible,
            "criteria_note": project.criteria_note,
            "partners": [p.unit_id for p in project.partners.all()],
            "team": ", ".join(m.user.username for m in project.team.select_related("user")),
        }
        for i, t in enumerate(project.targets.all()[:TARGET_ROWS]):
            initial.update(
                {
                    f"target_{i}_name": t.name,
                    f"target_{i}_unit": t.unit_label,
                    f"target_{i}_baseline": t.baseline,
                    f"target_{i}_target": t.target,
                    f"target_{i}_time": t.measures_time,
                }
            )
        for i, m in enumerate(project.milestones.all()[:MILESTONE_ROWS]):
            initial.update({f"milestone_{i}_title": m.title, f"milestone_{i}_due": m.due_on})
        return initial


# --- project actions (one short form each) ------------------------------------------------------

DECISIONS = (("approve", _("同意")), ("return", _("退回修改")))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), widget=TEXTAREA)


class EmptyForm(forms.Form):
    pass


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审核意见"), choices=DECISIONS, widget=forms.RadioSelect, initial="approve"
    )
    reason = forms.CharField(label=_("意见 / 退回理由"), required=False, widget=TEXTAREA)


class DefineForm(ReviewForm):
    level = forms.ChoiceField(label=_("定题层级"), choices=ProjectLevel.choices)


class PartnerForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("是否参与"),
        choices=(("accept", _("同意参与")), ("decline", _("不参与"))),
        widget=forms.RadioSelect,
        initial="accept",
    )
    unit = forms.ModelChoiceField(label=_("本单位"), queryset=Unit.objects.none())
    reason = forms.CharField(label=_("理由"), required=False, widget=TEXTAREA)


class ReportForm(forms.Form):
    """The monthly report: one value per target, the milestones reached, and optional help."""

    period = forms.ChoiceField(label=_("报送月份"))
    summary = forms.CharField(label=_("本月进展"), widget=TEXTAREA)
    difficulties = forms.CharField(label=_("困难问题"), required=False, widget=TEXTAREA)
    reached_on = forms.DateField(label=_("所选节点完成日期"), required=False, widget=DATE)
    help_level = forms.ChoiceField(
        label=_("需要帮扶（可选）"), required=False, choices=[("", "—"), *HelpLevel.choices]
    )
    help_question = forms.CharField(label=_("帮扶事项"), required=False, widget=TEXTAREA)

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.project = project
        reported = set(project.reports.values_list("period", flat=True))
        months: list[date] = []
        month = first_report_period(project)
        while month <= month_start(today()):
            if month not in reported:
                months.append(month)
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        self.fields["period"].choices = [(m.isoformat(), f"{m:%Y-%m}") for m in reversed(months)]  # type: ignore[attr-defined]
        for target in project.targets.all():
            label = f"{target.name}（{target.baseline:g} → {target.target:g}{target.unit_label}）"
            self.fields[f"target_{target.pk}"] = forms.DecimalField(
                label=label, initial=target.current if target.current is not None else target.baseline
            )
        for milestone in project.milestones.filter(reached_on__isnull=True):
            self.fields[f"milestone_{milestone.pk}"] = forms.BooleanField(
                label=_("已完成：%(title)s（%(due)s）") % {"title": milestone.title, "due": milestone.due_on},
                required=False,
            )

    def readings(self) -> dict[int, Decimal]:
        return {int(k.split("_")[1]): v for k, v in self.cleaned_data.items() if k.startswith("target_")}

    def reached(self) -> dict[int, date]:
        day = self.cleaned_data.get("reached_on") or today()
        return {
            int(k.split("_")[1]): day
            for k, v in self.cleaned_data.items()
            if k.startswith("milestone_") and v
        }


class HelpForm(forms.Form):
    level = forms.ChoiceField(label=_("向谁求助"), choices=HelpLevel.choices)
    question = forms.CharField(label=_("需要帮扶的事项"), widget=TEXTAREA)


class EvidenceForm(forms.Form):
    title = forms.CharField(label=_("材料名称"), max_length=100)
    file = forms.FileField(label=_("文件（图片或 PDF）"), required=False)
    url = forms.URLField(label=_("或链接"), required=False, assume_scheme="https")
    note = forms.CharField(label=_("或说明"), required=False, widget=TEXTAREA)


class CompletionForm(forms.Form):
    summary = forms.CharField(label=_("完成情况"), widget=TEXTAREA)


class CompletionReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("验收意见"),
        choices=(("accept", _("通过验收")), ("return", _("退回继续破题"))),
        widget=forms.RadioSelect,
        initial="accept",
    )
    outcome = forms.ChoiceField(
        label=_("破题结果"), choices=[("", "—"), *ProjectOutcome.choices], required=False
    )
    reason = forms.CharField(label=_("意见 / 理由"), required=False, widget=TEXTAREA)


class EvaluateForm(forms.Form):
    score = forms.DecimalField(label=_("评价得分（0–100）"), min_value=0, max_value=100, decimal_places=1)
    comment = forms.CharField(label=_("评语"), required=False, widget=TEXTAREA)


class WriteUpForm(forms.Form):
    title = forms.CharField(label=_("案例标题"), max_length=100)
    problem = forms.CharField(label=_("问题"), widget=TEXTAREA)
    approach = forms.CharField(label=_("破题做法"), widget=TEXTAREA)
    result = forms.CharField(label=_("破题成效"), widget=TEXTAREA)
    reusable = forms.CharField(label=_("可复制的经验"), widget=TEXTAREA)
    tags = forms.CharField(label=_("标签（逗号分隔）"), required=False)

    def tag_list(self) -> list[str]:
        raw = self.cleaned_data.get("tags") or ""
        return [t for t in raw.replace("，", ",").replace("、", ",").split(",") if t.strip()]


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("答复"), widget=TEXTAREA)


class CloseHelpForm(forms.Form):
    resolved = forms.ChoiceField(
        label=_("帮扶效果"),
        choices=(("yes", _("问题已解决")), ("no", _("仍未解决"))),
        widget=forms.RadioSelect,
        initial="yes",
    )
    note = forms.CharField(label=_("说明"), required=False)


# --- meetings, library, mentoring, setup ---------------------------------------------------------


class MeetingPlanForm(forms.Form):
    cluster = forms.ModelChoiceField(label=_("片组"), queryset=Cluster.objects.none())
    kind = forms.ChoiceField(label=_("会议类型"), choices=MeetingKind.choices)
    held_on = forms.DateField(label=_("日期"), widget=DATE)
    title = forms.CharField(label=_("标题（可留空）"), required=False, max_length=100)
    place = forms.CharField(label=_("地点"), required=False, max_length=100)
    extra = forms.CharField(label=_("其他议题（每行一项）"), required=False, widget=TEXTAREA)

    def __init__(self, *args: Any, clusters: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cluster"].queryset = clusters  # type: ignore[attr-defined]


DECISION_ROWS = 4
TALK_ROWS = 3


class MeetingRecordForm(forms.Form):
    minutes = forms.CharField(label=_("会议纪要"), widget=forms.Textarea(attrs={"rows": 6}))
    attendance = forms.CharField(label=_("出席情况"), required=False, max_length=200)

    def __init__(self, *args: Any, people: list[User], projects: list[Project], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owners = [("", "—"), *((str(u.pk), str(u)) for u in people)]
        project_choices = [("", "—"), *((str(p.pk), f"{p.code} {p.title}") for p in projects)]
        self.people = {str(u.pk): u for u in people}
        self.projects = {str(p.pk): p for p in projects}
        for i in range(DECISION_ROWS):
            self.fields[f"decision_{i}_text"] = forms.CharField(
                label=_("决定事项"), required=False, max_length=300
            )
            self.fields[f"decision_{i}_owner"] = forms.ChoiceField(
                label=_("责任人"), choices=owners, required=False
            )
            self.fields[f"decision_{i}_due"] = forms.DateField(
                label=_("完成期限"), required=False, widget=DATE
            )
        for i in range(TALK_ROWS):
            self.fields[f"talk_{i}_speaker"] = forms.ChoiceField(
                label=_("分享人"), choices=owners, required=False
            )
            self.fields[f"talk_{i}_project"] = forms.ChoiceField(
                label=_("项目"), choices=project_choices, required=False
            )
            self.fields[f"talk_{i}_points"] = forms.CharField(
                label=_("分享要点"), required=False, widget=TEXTAREA
            )

    def decision_rows(self) -> list[list[forms.BoundField]]:
        return [[self[f"decision_{i}_{n}"] for n in ("text", "owner", "due")] for i in range(DECISION_ROWS)]

    def talk_rows(self) -> list[list[forms.BoundField]]:
        return [[self[f"talk_{i}_{n}"] for n in ("speaker", "project", "points")] for i in range(TALK_ROWS)]


class TrainerForm(forms.Form):
    user = UsernameField(label=_("用户名"))
    topics = forms.CharField(label=_("授课主题"), max_length=200)
    bio = forms.CharField(label=_("简介"), required=False, widget=TEXTAREA)


class MentorshipForm(forms.Form):
    mentor = UsernameField(label=_("导师（用户名）"))
    mentee = UsernameField(label=_("年轻干部（用户名）"))
    goals = forms.CharField(label=_("帮带目标"), widget=TEXTAREA)
    started_on = forms.DateField(label=_("开始日期"), widget=DATE)


class CheckInForm(forms.Form):
    held_on = forms.DateField(label=_("日期"), widget=DATE)
    notes = forms.CharField(label=_("帮带内容"), widget=TEXTAREA)


class CategoryForm(forms.Form):
    code = forms.SlugField(label=_("类别代码（英文）"), max_length=40)
    name = forms.CharField(label=_("类别名称"), max_length=40)


class ClusterForm(forms.Form):
    name = forms.CharField(label=_("片组名称"), max_length=40)
    liaison_division = forms.CharField(label=_("组织部联系科室"), max_length=60)


class AssignUnitsForm(forms.Form):
    cluster = forms.ModelChoiceField(label=_("片组"), queryset=Cluster.objects.none())
    units = forms.ModelMultipleChoiceField(
        label=_("单位"),
        queryset=Unit.objects.filter(is_active=True).exclude(level="village").order_by("code"),
    )

    def __init__(self, *args: Any, clusters: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cluster"].queryset = clusters  # type: ignore[attr-defined]


class RoleForm(forms.Form):
    user = UsernameField(label=_("用户名"))
    role = forms.ChoiceField(label=_("岗位"))
    cluster = forms.ModelChoiceField(
        label=_("片组（片组联络员）"), queryset=Cluster.objects.none(), required=False
    )

    def __init__(self, *args: Any, clusters: Any, roles: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cluster"].queryset = clusters  # type: ignore[attr-defined]
        self.fields["role"].choices = roles  # type: ignore[attr-defined]
