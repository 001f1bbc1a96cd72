from django.urls import path

from gongzhi.deliberation import views

app_name = "deliberation"

urlpatterns = [
    path("", views.home, name="home"),
    path("villages/<str:code>/", views.village, name="village"),
    path("matters/<int:pk>/", views.matter, name="matter"),
    path("public/<str:code>/", views.public_village, name="public_village"),
    path("public/<str:code>/notices/<int:pk>/", views.public_notice, name="public_notice"),
]
