from django.urls import path

from gongzhi.org import views

app_name = "org"

urlpatterns = [
    path("roster/", views.roster, name="roster"),
]
