from django.urls import path

from gongzhi.insights import views

app_name = "insights"

urlpatterns = [
    path("cockpit/", views.cockpit, name="cockpit"),
    path("board/", views.board, name="board"),
    path("league.xlsx", views.league_export, name="league_export"),
]
