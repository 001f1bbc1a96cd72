from django.urls import path

from gongzhi.deliberation.views import entry, pages

app_name = "deliberation"

urlpatterns = [
    path("", pages.home, name="home"),
    path("villages/<str:code>/", pages.village, name="village"),
    path("villages/<str:code>/register/", entry.register, name="register"),
    path("villages/<str:code>/roles/", entry.roles, name="roles"),
    path("regions/<str:code>/catalogue/", entry.catalogue, name="catalogue"),
    path("matters/<int:pk>/", pages.matter, name="matter"),
    path("matters/<int:pk>/team/", entry.team, name="team"),
    path("matters/<int:pk>/tender/", entry.tender, name="tender"),
    path("attachments/<int:pk>/", entry.attachment, name="attachment"),
    path("public/<str:code>/", pages.public_village, name="public_village"),
    path("public/<str:code>/notices/<int:pk>/", pages.public_notice, name="public_notice"),
]
