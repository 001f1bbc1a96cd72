from django.urls import path

from gongzhi.drones import views

app_name = "drones"

urlpatterns = [
    path("", views.docks, name="docks"),
    path("docks/<int:dock_id>/weather", views.weather, name="weather"),
    path("plan", views.plan, name="plan"),
    path("requests", views.requests, name="requests"),
    path("detections", views.detections, name="detections"),
    path("emergency", views.emergency, name="emergency"),
]
