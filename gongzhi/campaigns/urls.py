from django.urls import path

from gongzhi.campaigns.views import boards, library, meetings, projects

app_name = "campaigns"

urlpatterns = [
    path("", boards.home, name="home"),
    path("<int:campaign_id>/", boards.workbench, name="workbench"),
    path("<int:campaign_id>/inbox/", boards.inbox, name="inbox"),
    path("<int:campaign_id>/inbox/read", boards.inbox_read, name="inbox_read"),
    path("<int:campaign_id>/projects/", projects.project_list, name="projects"),
    path("<int:campaign_id>/projects/new", projects.project_propose, name="propose"),
    path("<int:campaign_id>/ranking/", boards.ranking, name="ranking"),
    path("<int:campaign_id>/supervision/", boards.supervision, name="supervision"),
    path("<int:campaign_id>/figures/", boards.figures, name="figures"),
    path("<int:campaign_id>/units/<int:unit_id>/report.<str:fmt>", boards.unit_report, name="unit_report"),
    path("<int:campaign_id>/meetings/", meetings.meeting_list, name="meetings"),
    path("<int:campaign_id>/setup/", library.setup, name="setup"),
    path("projects/<int:pk>/", projects.project_detail, name="project"),
    path("projects/<int:pk>/edit", projects.project_revise, name="revise"),
    path("projects/<int:pk>/do/<str:name>", projects.project_act, name="act"),
    path("evidence/<int:pk>", projects.evidence_file, name="evidence"),
    path("help/<int:pk>/<str:name>", projects.help_act, name="help_act"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("decisions/<int:pk>/done", meetings.decision_done, name="decision_done"),
    path("library/", library.library, name="library"),
    path("library/<int:pk>/", library.case_study, name="case_study"),
    path("trainers/", library.trainers, name="trainers"),
]
