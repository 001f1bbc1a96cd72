from django.urls import path

from gongzhi.mediation import views

app_name = "mediation"

urlpatterns = [
    path("", views.board, name="board"),
    path("mediators/", views.directory, name="directory"),
    path("organisations/", views.organisations, name="organisations"),
    path("organisations/<str:code>/", views.organisation, name="organisation"),
    path("<int:pk>/", views.mediation, name="mediation"),
    path("<int:pk>/act/<str:name>/", views.act, name="act"),
    path("agreements/<int:pk>/<str:fmt>/", views.agreement_document, name="agreement_document"),
]
